// Generators of the order in which a handler sees events: permutations with redeliveries,
// subsets, and the acknowledged deliveries of a plan.
#include "ivsim/rapidcheck.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace ivsim::rc_gen {

namespace {

// One item of an order: sorting by `key` (stably, by `position` on ties) gives the order, so
// when every key shrinks to 0 the items are back in their given order, redeliveries last.
struct Keyed {
  std::uint32_t key = 0;
  std::uint32_t position = 0;
  std::uint32_t item = 0;
};

std::vector<std::uint32_t> order_by_keys(const std::vector<std::uint32_t> &keys,
                                         const std::vector<std::uint32_t> &repeats) {
  std::vector<Keyed> keyed;
  const std::size_t count = keys.size() - repeats.size();
  for (std::uint32_t position = 0; position < keys.size(); ++position) {
    const std::uint32_t item = position < count ? position : repeats[position - count];
    keyed.push_back({keys[position], position, item});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const Keyed &a, const Keyed &b) { return a.key < b.key; });
  std::vector<std::uint32_t> order;
  for (const Keyed &entry : keyed)
    order.push_back(entry.item);
  return order;
}

} // namespace

rc::Gen<std::vector<std::uint32_t>> delivery_order(std::size_t count) {
  if (count == 0)
    return rc::gen::just(std::vector<std::uint32_t>{});
  const auto items = static_cast<std::uint32_t>(count);
  // Redeliveries first, so shrinking drops them before it restores the order.
  const auto repeats = rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, count / 2 + 2),
                                       [items](std::size_t how_many) {
                                         return rc::gen::container<std::vector<std::uint32_t>>(
                                             how_many, rc::gen::inRange<std::uint32_t>(0, items));
                                       });
  return rc::gen::mapcat(repeats, [items](std::vector<std::uint32_t> again) {
    const std::size_t total = items + again.size();
    return rc::gen::map(
        rc::gen::container<std::vector<std::uint32_t>>(
            total, rc::gen::inRange<std::uint32_t>(0, items + 1)),
        [again](const std::vector<std::uint32_t> &keys) { return order_by_keys(keys, again); });
  });
}

rc::Gen<std::vector<std::uint32_t>> subset(std::size_t count) {
  return rc::gen::map(rc::gen::container<std::vector<bool>>(count, rc::gen::arbitrary<bool>()),
                      [](const std::vector<bool> &lost) {
                        std::vector<std::uint32_t> kept;
                        for (std::uint32_t i = 0; i < lost.size(); ++i)
                          if (!lost[i])
                            kept.push_back(i);
                        return kept;
                      });
}

rc::Gen<std::vector<Event>> delivered_events(const Plan &plan) {
  auto acknowledged = std::make_shared<std::vector<Event>>();
  for (const Delivery &delivery : plan.deliveries)
    if (!delivery.dropped)
      acknowledged->push_back(plan.events[delivery.event]);
  return rc::gen::map(delivery_order(acknowledged->size()),
                      [acknowledged](const std::vector<std::uint32_t> &order) {
                        return pick(*acknowledged, order);
                      });
}

} // namespace ivsim::rc_gen
