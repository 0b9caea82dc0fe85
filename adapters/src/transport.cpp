#include "ivsim/adapters/transport.hpp"

#include <boost/asio/co_spawn.hpp>

#include <cassert>
#include <exception>
#include <optional>

namespace ivsim::adapters {

std::vector<DeliveryOutcome> deliver(boost::asio::io_context &io, Transport &transport,
                                     std::span<const Parcel> group) {
  std::optional<std::vector<DeliveryOutcome>> outcomes;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, transport.async_deliver(group),
                        [&](std::exception_ptr error, std::vector<DeliveryOutcome> result) {
                          failure = error;
                          outcomes = std::move(result);
                        });
  io.restart();
  io.run();
  if (failure)
    std::rethrow_exception(failure);
  assert(outcomes && "the io_context ran the group to completion");
  return std::move(*outcomes);
}

} // namespace ivsim::adapters
