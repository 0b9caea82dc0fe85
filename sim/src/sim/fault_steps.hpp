// The steps of the fault scheduler, applied in order to the first copy of every event.
#pragma once

#include "random.hpp"

#include "ivsim/delivery.hpp"
#include "ivsim/event.hpp"
#include "ivsim/sim/faults.hpp"

#include <cstdint>
#include <vector>

namespace ivsim::sim {

/// Dense numbers (0, 1, ...) of each event's resource (`resources[0]`, "" for none) and stream
/// id ("" for none), computed once so the steps index vectors instead of hashing strings.
struct EventKeys {
  std::vector<std::uint32_t> resource; ///< per event
  std::vector<std::uint32_t> stream;   ///< per event
  std::uint32_t resources = 0;         ///< distinct resources
  std::uint32_t streams = 0;           ///< distinct stream ids
};

/// Whether a first copy is still untouched by any fault (neither dropped nor moved).
inline bool on_time(const Delivery &delivery) {
  return !delivery.dropped && delivery.faults.empty();
}

/// Numbers the resources and stream ids of `events`.
EventKeys event_keys(const std::vector<Event> &events);

/// One delivery per event, in event order: dropped, late (log-uniform in [late_min, late_max]),
/// or on time plus an ordinary latency in [0, latency_max].
std::vector<Delivery> first_copies(const std::vector<Event> &events, const FaultOptions &options,
                                   Rng &rng);

/// Same-second start (Session Created, Stream Start, Recording Start) or end (Session Ended,
/// Stream End) events of one stream become one concurrent group with one delivery time. Members
/// must be on time (not dropped, late or grouped); `anchors[event]` becomes the first member.
void form_groups(const std::vector<Event> &events, const EventKeys &keys,
                 const FaultOptions &options, Rng &rng, std::vector<Delivery> &first,
                 std::vector<std::uint32_t> &anchors);

/// Swaps the delivery times of two on-time events of one resource at most swap_window apart, so
/// the later one goes out first.
void swap_neighbours(const std::vector<Event> &events, const EventKeys &keys,
                     const FaultOptions &options, Rng &rng, std::vector<Delivery> &first);

/// For consecutive streams N, N+1 of one channel: holds one lifecycle event of stream N back
/// until after stream N+1's Stream Start (or first event) was delivered.
void hold_back_across_streams(const std::vector<Event> &events, const EventKeys &keys,
                              const FaultOptions &options, Rng &rng, std::vector<Delivery> &first);

/// No event yet: an empty slot in the vectors the steps index by EventKeys.
inline constexpr std::uint32_t kNoEvent = UINT32_MAX;

/// Appends a second copy (same event, copy 1) of some delivered events, up to
/// duplicate_delay_max after the first.
void add_duplicates(const FaultOptions &options, Rng &rng, std::vector<Delivery> &deliveries);

} // namespace ivsim::sim
