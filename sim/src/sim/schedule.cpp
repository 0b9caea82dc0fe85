// Turns a timeline into deliveries: drops, delays, groups, swaps, cross-stream lateness and
// duplicates, each recorded on the delivery it shaped (docs/faults.md).
#include "ivsim/sim/faults.hpp"

#include "fault_steps.hpp"
#include "huge_pages.hpp"
#include "radix_sort.hpp"
#include "random.hpp"
#include "text_ids.hpp"

#include <algorithm>
#include <tuple>

namespace ivsim::sim {

namespace {

// Deliveries sort by time, then by anchor (a group's first event, else the event itself) so a
// group's members stay adjacent, then by event and copy: every key is unique, so the order is
// deterministic. A radix sort by time does the bulk; the few runs of equal times (a group's
// members, ties at a coarse latency) are then ordered by the rest of the key.
std::vector<Delivery> sorted(const std::vector<Delivery> &deliveries,
                             const std::vector<std::uint32_t> &anchors) {
  if (deliveries.empty())
    return {};
  // Offsets from the earliest delivery are never negative, so they sort as unsigned keys.
  const Instant earliest = std::ranges::min(deliveries, {}, &Delivery::deliver_at).deliver_at;
  std::vector<KeyedIndex> order = huge_vector<KeyedIndex>(deliveries.size());
  for (std::uint32_t i = 0; i < order.size(); ++i)
    order[i] = {static_cast<std::uint64_t>((deliveries[i].deliver_at - earliest).count()), i};
  radix_sort(order);
  const auto tie_key = [&](const KeyedIndex &item) {
    const Delivery &d = deliveries[item.index];
    return std::tuple(anchors[d.event], d.event, d.copy);
  };
  for (auto run = order.begin(); run != order.end();) {
    const auto run_end = std::find_if(run + 1, order.end(),
                                      [&](const KeyedIndex &item) { return item.key != run->key; });
    if (run_end - run > 1)
      std::sort(run, run_end,
                [&](const KeyedIndex &a, const KeyedIndex &b) { return tie_key(a) < tie_key(b); });
    run = run_end;
  }
  std::vector<Delivery> result;
  reserve_huge(result, deliveries.size());
  for (const KeyedIndex &item : order)
    result.push_back(deliveries[item.index]);
  return result;
}

} // namespace

TimelineFacts timeline_facts(const std::vector<Event> &events) {
  TimelineFacts facts;
  reserve_huge(facts.events, events.size());
  TextIds resources;
  TextIds streams;
  for (const Event &event : events)
    facts.events.push_back(
        facts_of(event, resources.id(event.resource()), streams.id(event.detail.stream_id)));
  facts.resources = resources.size();
  facts.streams = streams.size();
  return facts;
}

std::vector<Delivery> schedule_deliveries(const std::vector<Event> &events,
                                          const FaultOptions &options, std::uint64_t seed) {
  return schedule_deliveries(timeline_facts(events), options, seed);
}

std::vector<Delivery> schedule_deliveries(const TimelineFacts &facts, const FaultOptions &options,
                                          std::uint64_t seed) {
  Rng rng(sub_seed(seed, Stream::faults));
  std::vector<Delivery> first = first_copies(facts, options, rng);
  std::vector<std::uint32_t> anchors(facts.size());
  for (std::uint32_t i = 0; i < anchors.size(); ++i)
    anchors[i] = i;
  form_groups(facts, options, rng, first, anchors);
  swap_neighbours(facts, options, rng, first);
  hold_back_across_streams(facts, options, rng, first);
  std::vector<Delivery> all = std::move(first);
  add_duplicates(options, rng, all);
  return sorted(all, anchors);
}

} // namespace ivsim::sim
