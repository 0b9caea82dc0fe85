// Options of the delivery faults (drops, delays, swaps, duplicates, groups, cross-stream
// lateness) and the call that schedules a timeline's deliveries with them.
#pragma once

#include "ivsim/delivery.hpp"
#include "ivsim/event.hpp"
#include "ivsim/time.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ivsim::sim {

/// How the schedule mistreats the timeline. The defaults are the `realistic` preset (see
/// `apply_preset`); docs/faults.md gives the AWS documentation each fault models.
struct FaultOptions {
  double drop_probability = 0.001;
  /// Per-kind drop probability, keyed by event name ("Stream End") or detail-type
  /// ("IVS Limit Breach"); overrides drop_probability for matching events (a name wins over its
  /// detail-type).
  std::map<std::string, double> drop_by_kind;

  Duration latency_max = std::chrono::seconds{2}; ///< ordinary deliveries: uniform in [0, max]
  double late_probability = 0.002;
  Duration late_min = std::chrono::minutes{2};
  Duration late_max = std::chrono::hours{3}; ///< IVS: "events up to a few hours old"

  double swap_probability = 0.01;
  Duration swap_window = std::chrono::seconds{5}; ///< only events this close are swapped

  double duplicate_probability = 0.002;
  Duration duplicate_delay_max = std::chrono::hours{3};

  /// Same-second events of one broadcast (Session Created / Stream Start / Recording Start;
  /// Session Ended / Stream End) go out as one concurrent group.
  double group_probability = 0.3;

  /// An event of stream N held back until after events of stream N+1 of the same channel.
  double cross_stream_probability = 0.01;
};

/// Schedules every event of `events` (a timeline in true-time order): at least one delivery
/// each, or one dropped delivery, plus duplicates; each delivery lists the faults that shaped
/// it. The result is sorted by `deliver_at`; ties keep a deterministic order and a group's
/// members are adjacent. Deterministic in (`events`, `options`, `seed`), drawing from a sub-stream
/// of `seed` that the world does not use. Assumes valid options.
std::vector<Delivery> schedule_deliveries(const std::vector<Event> &events,
                                          const FaultOptions &options, std::uint64_t seed);

} // namespace ivsim::sim
