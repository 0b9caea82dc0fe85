// The steps of the fault scheduler, applied in order to the first copy of every event.
#pragma once

#include "random.hpp"

#include "ivsim/delivery.hpp"
#include "ivsim/event.hpp"
#include "ivsim/sim/faults.hpp"

#include <cstdint>
#include <vector>

namespace ivsim::sim {

/// What the steps read of one event. They read it from here, not from the Event: an Event is
/// 400 bytes, and each step walking a million of them again cost more than its own work.
struct EventFacts {
  Instant at{};               ///< effective_time().at
  std::uint32_t resource = 0; ///< dense number of `resources[0]` ("" for none)
  std::uint32_t stream = 0;   ///< dense number of `detail.stream_id` ("" for none)
  DetailType detail_type = DetailType::unknown;
  EventName name = EventName::none;
  bool has_stream_id = false;
};

/// The facts of `event`, given the numbers of its resource and stream id.
inline EventFacts facts_of(const Event &event, std::uint32_t resource, std::uint32_t stream) {
  return {event.effective_time().at, resource,   stream,
          event.detail_type,         event.name, !event.detail.stream_id.empty()};
}

/// The facts of every event, in event order, and how many distinct resources and stream ids
/// they name (the dense numbers run below these).
struct TimelineFacts {
  std::vector<EventFacts> events;
  std::uint32_t resources = 0;
  std::uint32_t streams = 0;

  std::size_t size() const { return events.size(); }
  const EventFacts &operator[](std::size_t event) const { return events[event]; }
};

/// Whether a first copy is still untouched by any fault (neither dropped nor moved).
inline bool on_time(const Delivery &delivery) {
  return !delivery.dropped && delivery.faults.empty();
}

/// Gathers the facts of `events` in one pass.
TimelineFacts timeline_facts(const std::vector<Event> &events);

/// `schedule_deliveries(events, ...)` from the events' facts: the generator gathers them while it
/// sorts the world (see EventSink::take_sorted), where they cost far less than a second pass.
std::vector<Delivery> schedule_deliveries(const TimelineFacts &facts, const FaultOptions &options,
                                          std::uint64_t seed);

/// One delivery per event, in event order: dropped, late (log-uniform in [late_min, late_max]),
/// or on time plus an ordinary latency in [0, latency_max].
std::vector<Delivery> first_copies(const TimelineFacts &facts, const FaultOptions &options,
                                   Rng &rng);

/// Same-second start (Session Created, Stream Start, Recording Start) or end (Session Ended,
/// Stream End) events of one stream become one concurrent group with one delivery time. Members
/// must be on time (not dropped, late or grouped); `anchors[event]` becomes the first member.
void form_groups(const TimelineFacts &facts, const FaultOptions &options, Rng &rng,
                 std::vector<Delivery> &first, std::vector<std::uint32_t> &anchors);

/// Swaps the delivery times of two on-time events of one resource at most swap_window apart, so
/// the later one goes out first.
void swap_neighbours(const TimelineFacts &facts, const FaultOptions &options, Rng &rng,
                     std::vector<Delivery> &first);

/// For consecutive streams N, N+1 of one channel: holds one lifecycle event of stream N back
/// until after stream N+1's Stream Start (or first event) was delivered.
void hold_back_across_streams(const TimelineFacts &facts, const FaultOptions &options, Rng &rng,
                              std::vector<Delivery> &first);

/// No event yet: an empty slot in the vectors the steps index by resource or stream number.
inline constexpr std::uint32_t kNoEvent = UINT32_MAX;

/// Appends a second copy (same event, copy 1) of some delivered events, up to
/// duplicate_delay_max after the first.
void add_duplicates(const FaultOptions &options, Rng &rng, std::vector<Delivery> &deliveries);

} // namespace ivsim::sim
