#include "event_sink.hpp"

#include "huge_pages.hpp"
#include "ids.hpp"
#include "permute.hpp"
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

// `at` as an unsigned key in the same order: the sign bit flipped, so instants before 1970 sort
// before those after (radix_sort then subtracts the least key).
std::uint64_t sort_key(Instant at) {
  return static_cast<std::uint64_t>(at.time_since_epoch().count()) ^ (std::uint64_t{1} << 63);
}

} // namespace

EventSink::EventSink(const WorldOptions &options)
    : account_(options.account), region_(options.region) {
  const std::size_t expected = expected_events(options);
  reserve_huge(events_, expected);
  reserve_huge(order_, expected);
  reserve_huge(facts_, expected);
}

// Read while the generator's writes to the event are still in cache, and in the order the
// generators made the events: one entity's events come in a row, so the numbering mostly answers
// from its last lookup, where in time order each would probe at random among 100,000 stream ids.
void EventSink::note_facts_of_last_event() {
  const Event &event = events_.back();
  facts_.push_back(
      facts_of(event, resources_.id(event.resource()), streams_.id(event.detail.stream_id)));
}

Event &EventSink::add(Rng &rng, Instant at, DetailType detail_type, EventName name,
                      const TextList &resources) {
  if (!events_.empty())
    note_facts_of_last_event();
  order_.push_back({sort_key(at), static_cast<std::uint32_t>(events_.size())});
  Event &event = events_.emplace_back();
  event.id = uuid_shaped_hex(rng);
  event.detail_type = detail_type;
  event.name = name;
  event.account = account_;
  event.region = region_;
  event.time = floor_to_second(at);
  event.resources = resources;
  return event;
}

SortedTimeline EventSink::take_sorted() {
  if (!events_.empty())
    note_facts_of_last_event();
  // Stable: ties keep the order the events were added in.
  radix_sort(order_);
  std::vector<std::uint32_t> source(order_.size());
  for (std::size_t k = 0; k < order_.size(); ++k)
    source[k] = order_[k].index;
  order_ = {};
  permute_in_place(source, events_, facts_);
  SortedTimeline sorted;
  sorted.events = std::move(events_);
  sorted.facts.events = std::move(facts_);
  sorted.facts.resources = resources_.size();
  sorted.facts.streams = streams_.size();
  events_.clear();
  facts_.clear();
  return sorted;
}

} // namespace ivsim::sim
