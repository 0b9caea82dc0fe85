// Collects the events a world generator emits, with their true instants, before sorting.
#pragma once

#include "random.hpp"

#include "ivsim/event.hpp"
#include "ivsim/sim/world.hpp"

#include <string>
#include <vector>

namespace ivsim::sim {

/// Where channel, stage and account generators put their events. Each generator passes its own
/// Rng, so ids come from that generator's sub-stream.
class EventSink {
public:
  /// Reserves room for the events `options` will likely produce, so the vector never grows.
  explicit EventSink(const WorldOptions &options);

  /// Appends an event that happened at `at` (the envelope `time` is `at` in whole seconds) on
  /// `resources` (empty for account-level events, which have `resources: []`) and returns it, so
  /// the caller fills in the detail. The event shares `resources` and the account and region.
  Event &add(Rng &rng, Instant at, DetailType detail_type, EventName name,
             const TextList &resources);

  /// The events sorted by true instant; ties keep the order they were added in.
  std::vector<Event> take_sorted();

private:
  Text account_;
  Text region_;
  std::vector<Event> events_;
  std::vector<Instant> instants_;
};

} // namespace ivsim::sim
