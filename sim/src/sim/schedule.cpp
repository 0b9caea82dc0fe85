// Turns a timeline into deliveries: drops, delays, groups, swaps, cross-stream lateness and
// duplicates, each recorded on the delivery it shaped (docs/faults.md).
#include "ivsim/sim/faults.hpp"

#include "fault_steps.hpp"
#include "random.hpp"

#include <algorithm>
#include <tuple>

namespace ivsim::sim {

namespace {

// Deliveries sort by time, then by anchor (a group's first event, else the event itself) so a
// group's members stay adjacent, then by event and copy: every key is unique, so the order is
// deterministic.
std::vector<Delivery> sorted(std::vector<Delivery> deliveries,
                             const std::vector<std::uint32_t> &anchors) {
  using Key = std::tuple<Instant, std::uint32_t, std::uint32_t, std::uint16_t>;
  std::vector<std::pair<Key, std::uint32_t>> order(deliveries.size());
  for (std::uint32_t i = 0; i < deliveries.size(); ++i) {
    const Delivery &d = deliveries[i];
    order[i] = {Key{d.deliver_at, anchors[d.event], d.event, d.copy}, i};
  }
  std::sort(order.begin(), order.end());
  std::vector<Delivery> result;
  result.reserve(deliveries.size());
  for (const auto &entry : order)
    result.push_back(deliveries[entry.second]);
  return result;
}

} // namespace

std::vector<Delivery> schedule_deliveries(const std::vector<Event> &events,
                                          const FaultOptions &options, std::uint64_t seed) {
  Rng rng(sub_seed(seed, Stream::faults));
  std::vector<Delivery> first = first_copies(events, options, rng);
  std::vector<std::uint32_t> anchors(events.size());
  for (std::uint32_t i = 0; i < anchors.size(); ++i)
    anchors[i] = i;
  form_groups(events, options, rng, first, anchors);
  swap_neighbours(events, options, rng, first);
  hold_back_across_streams(events, options, rng, first);
  std::vector<Delivery> all = std::move(first);
  add_duplicates(options, rng, all);
  return sorted(std::move(all), anchors);
}

} // namespace ivsim::sim
