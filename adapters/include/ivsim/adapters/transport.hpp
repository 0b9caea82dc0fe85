// The transport-neutral interface a dispatcher drives: hand events to the SUT, get outcomes back.
#pragma once

#include "ivsim/adapters/delivery_outcome.hpp"
#include "ivsim/event.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace ivsim::adapters {

/// One event to hand over, and the schedule index it came from (it keys the retry jitter).
struct Parcel {
  const Event *event = nullptr;
  std::uint32_t delivery = 0;
};

/// Hands events to a system under test: HTTP POSTs, SQS sends, Lambda invocations. An
/// implementation retries on its own (see RetryPolicy) and reports each parcel's final outcome.
/// It is bound to one executor and used from one coroutine at a time.
class Transport {
public:
  virtual ~Transport() = default;

  /// Delivers every parcel of `group` at once (separate connections, one batch...) and completes
  /// when each has ended; outcome i belongs to parcel i. The parcels' events must outlive the
  /// operation. Never throws for delivery failures: they are outcomes (Outcome::dropped is never
  /// returned; the dispatcher decides drops).
  virtual boost::asio::awaitable<std::vector<DeliveryOutcome>>
  async_deliver(std::span<const Parcel> group) = 0;

  /// Releases connections; later deliveries reconnect.
  virtual void close() = 0;
};

/// Runs every delivery of `deliveries` at once on `executor` and completes when each has ended;
/// outcome i belongs to delivery i. For transports whose concurrent groups race (separate
/// connections, separate Lambda invocations). A delivery that throws is a bug and is rethrown.
boost::asio::awaitable<std::vector<DeliveryOutcome>>
deliver_all(boost::asio::any_io_executor executor,
            std::vector<boost::asio::awaitable<DeliveryOutcome>> deliveries);

/// Blocking form of `transport.async_deliver(group)`: runs `io` (the context the transport is
/// bound to) until the group has ended. `io` must not be running on another thread.
std::vector<DeliveryOutcome> deliver(boost::asio::io_context &io, Transport &transport,
                                     std::span<const Parcel> group);

} // namespace ivsim::adapters
