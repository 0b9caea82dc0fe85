// How one delivery ended: the four buckets every delivery lands in, with reason and attempts.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace ivsim::adapters {

/// The bucket a delivery ends in. Every delivery of a schedule lands in exactly one.
enum class Outcome : std::uint8_t {
  acknowledged, ///< the SUT accepted it (HTTP 2xx, or the SQS send succeeded)
  dropped,      ///< the fault plan dropped it: never sent
  rejected,     ///< the SUT refused it with a final answer (a 4xx other than 429)
  failed,       ///< retries ran out (5xx, 429, timeouts, connection errors) or never attempted
};

/// "acknowledged", "dropped", "rejected", "failed".
std::string_view to_string(Outcome outcome);

/// Wall-clock instants of a run (not the virtual clock).
using WallClock = std::chrono::steady_clock;

/// How one delivery ended, returned by a transport (never thrown).
struct DeliveryOutcome {
  Outcome outcome = Outcome::failed;
  /// Why, for anything but acknowledged: "HTTP 503", "connection refused", "timeout after send".
  std::string reason;
  /// Requests made (0 for dropped deliveries and those never attempted).
  std::uint32_t attempts = 0;
  /// The last HTTP status seen, 0 when none arrived.
  unsigned status = 0;
  /// Not acknowledged, yet some attempt was fully sent and its answer lost (timeout or closed
  /// connection while reading): the SUT may or may not have applied the event.
  bool indeterminate = false;
  /// The last attempt could not reach the SUT at all (connection refused): it is likely down.
  bool unreachable = false;
  /// What the SUT printed while handling the delivery, for transports that can see it (Lambda:
  /// each attempt's runtime stdout and stderr; HTTP: the body of the last refusal, up to 4 KiB);
  /// kept only when the delivery was not acknowledged.
  std::string output;
  /// When the first attempt started and the last one ended.
  WallClock::time_point started{};
  WallClock::time_point finished{};
};

/// `acknowledged`, or `failed after 3 attempts: HTTP 503`.
std::ostream &operator<<(std::ostream &out, const DeliveryOutcome &outcome);

} // namespace ivsim::adapters
