// Options of the delivery faults: drops, delays, swaps, duplicates, groups, cross-stream lateness.
#pragma once

#include "ivsim/time.hpp"

#include <map>
#include <string>

namespace ivsim::sim {

/// How the schedule mistreats the timeline. Presets in `apply_preset`; docs/faults.md gives the
/// AWS documentation each fault models.
struct FaultOptions {
  double drop_probability = 0.0;
  /// Per-kind drop probability, keyed by event name ("Stream End") or detail-type
  /// ("IVS Limit Breach"); overrides drop_probability for matching events.
  std::map<std::string, double> drop_by_kind;

  Duration latency_max = std::chrono::seconds{2}; ///< ordinary deliveries: uniform in [0, max]
  double late_probability = 0.0;
  Duration late_min = std::chrono::minutes{2};
  Duration late_max = std::chrono::hours{3}; ///< IVS: "events up to a few hours old"

  double swap_probability = 0.0;
  Duration swap_window = std::chrono::seconds{5}; ///< only events this close are swapped

  double duplicate_probability = 0.0;
  Duration duplicate_delay_max = std::chrono::hours{3};

  /// Same-second events of one broadcast (Session Created / Stream Start / Recording Start;
  /// Session Ended / Stream End) go out as one concurrent group.
  double group_probability = 0.0;

  /// An event of stream N held back until after events of stream N+1 of the same channel.
  double cross_stream_probability = 0.0;
};

} // namespace ivsim::sim
