// Collects the events a world generator emits, with their true instants, before sorting.
#pragma once

#include "fault_steps.hpp"
#include "radix_sort.hpp"
#include "random.hpp"
#include "text_ids.hpp"

#include "ivsim/event.hpp"
#include "ivsim/sim/world.hpp"

#include <string>
#include <vector>

namespace ivsim::sim {

/// A world's events in time order, with what the fault scheduler reads of each.
struct SortedTimeline {
  std::vector<Event> events;
  TimelineFacts facts; ///< facts.events[i] describes events[i]
};

/// Where channel, stage and account generators put their events. Each generator passes its own
/// Rng, so ids come from that generator's sub-stream.
class EventSink {
public:
  /// Reserves room for the events `options` will likely produce, so the vector never grows.
  explicit EventSink(const WorldOptions &options);

  /// Appends an event that happened at `at` (the envelope `time` is `at` in whole seconds) on
  /// `resources` (empty for account-level events, which have `resources: []`) and returns it, so
  /// the caller fills in the detail. The event shares `resources` and the account and region.
  /// The caller is done with it when it adds the next one: the sink reads its facts then.
  Event &add(Rng &rng, Instant at, DetailType detail_type, EventName name,
             const TextList &resources);

  /// The events sorted by true instant (ties keep the order they were added in), and their facts.
  SortedTimeline take_sorted();

private:
  void note_facts_of_last_event();

  Text account_;
  Text region_;
  std::vector<Event> events_;
  std::vector<KeyedIndex> order_; // each event's true instant, as a sort key, and its index
  std::vector<EventFacts> facts_; // of every event but the last one added
  SharedTextIds resources_;       // the generators make each ARN and stream id once
  SharedTextIds streams_;
};

} // namespace ivsim::sim
