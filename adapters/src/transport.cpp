#include "ivsim/adapters/transport.hpp"

#include "run_to_completion.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>

namespace ivsim::adapters {

boost::asio::awaitable<std::vector<DeliveryOutcome>>
deliver_all(boost::asio::any_io_executor executor,
            std::vector<boost::asio::awaitable<DeliveryOutcome>> deliveries) {
  namespace net = boost::asio;
  using Operation = decltype(net::co_spawn(
      executor, std::declval<net::awaitable<DeliveryOutcome>>(), net::deferred));
  std::vector<Operation> operations;
  operations.reserve(deliveries.size());
  for (net::awaitable<DeliveryOutcome> &delivery : deliveries)
    operations.push_back(net::co_spawn(executor, std::move(delivery), net::deferred));
  auto [order, errors, outcomes] =
      co_await net::experimental::make_parallel_group(std::move(operations))
          .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
  for (const std::exception_ptr &error : errors)
    if (error)
      std::rethrow_exception(error); // a bug: delivery failures are values
  co_return std::move(outcomes);
}

std::vector<DeliveryOutcome> deliver(boost::asio::io_context &io, Transport &transport,
                                     std::span<const Parcel> group) {
  return run_to_completion(io, transport.async_deliver(group));
}

} // namespace ivsim::adapters
