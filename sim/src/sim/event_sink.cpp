#include "event_sink.hpp"

#include "huge_pages.hpp"
#include "ids.hpp"
#include "radix_sort.hpp"

#include <algorithm>
#include <utility>

namespace ivsim::sim {

namespace {

double hours(Duration span) {
  return std::chrono::duration<double, std::ratio<3600>>(span).count();
}

// A generous estimate of the number of events: reserved pages that are never written cost no
// memory, while an estimate too small costs a move of every event.
std::size_t expected_events(const WorldOptions &o) {
  using namespace std::chrono_literals;
  const double span = hours(o.duration) + 1;
  const double broadcast = hours(o.broadcast_length) + 0.05;
  const double per_broadcast =
      10 + (2 * o.starvation_per_hour + o.limit_breach_per_hour + o.ad_breaks_per_hour) * broadcast;
  const double broadcasts = span / (broadcast + hours(o.idle_between_broadcasts)) + 1;
  const double session = hours(o.stage_session_length) + 0.05;
  const double per_session = 8.0 * o.participants_per_session + 6;
  const double sessions = span / (session + hours(o.idle_between_stage_sessions)) + 1;
  const double total = o.channels * broadcasts * per_broadcast + o.stages * sessions * per_session +
                       (o.account_limit_breach_per_hour + o.cloudtrail_per_hour) * span;
  return static_cast<std::size_t>(std::min(total * 1.5, 4e6));
}

// The sorted order visits the events at random, so each read would wait for memory; asking for
// the event a few steps ahead overlaps those waits.
constexpr std::size_t kPrefetchAhead = 8;
constexpr std::size_t kCacheLine = 64; // bytes, on every x86-64 and most ARM cores

void prefetch(const Event &event) {
  const char *bytes = reinterpret_cast<const char *>(&event);
  for (std::size_t offset = 0; offset < sizeof(Event); offset += kCacheLine)
    __builtin_prefetch(bytes + offset, 1);
}

} // namespace

EventSink::EventSink(const WorldOptions &options)
    : account_(options.account), region_(options.region) {
  const std::size_t expected = expected_events(options);
  reserve_huge(events_, expected);
  reserve_huge(instants_, expected);
}

Event &EventSink::add(Rng &rng, Instant at, DetailType detail_type, EventName name,
                      const TextList &resources) {
  Event &event = events_.emplace_back();
  instants_.push_back(at);
  event.id = uuid_shaped_hex(rng);
  event.detail_type = detail_type;
  event.name = name;
  event.account = account_;
  event.region = region_;
  event.time = floor_to_second(at);
  event.resources = resources;
  return event;
}

std::vector<Event> EventSink::take_sorted() {
  // Offsets from the earliest instant are never negative, so they sort as unsigned keys; the
  // sort is stable, so ties keep the order the events were added in.
  std::vector<KeyedIndex> order = huge_vector<KeyedIndex>(events_.size());
  const std::int64_t origin =
      instants_.empty() ? 0 : std::ranges::min(instants_).time_since_epoch().count();
  for (std::uint32_t i = 0; i < order.size(); ++i)
    order[i] = {static_cast<std::uint64_t>(instants_[i].time_since_epoch().count() - origin), i};
  radix_sort(order);
  // Move each event once into a new vector: one random read and one sequential write per event
  // (an in-place cycle walk does two random accesses). Events share their strings, so the
  // second vector costs about 400 bytes per event.
  std::vector<Event> sorted;
  reserve_huge(sorted, events_.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k + kPrefetchAhead < order.size())
      prefetch(events_[order[k + kPrefetchAhead].index]);
    sorted.push_back(std::move(events_[order[k].index]));
  }
  events_.clear();
  instants_.clear();
  return sorted;
}

} // namespace ivsim::sim
