// Generators of the order in which a handler sees events: permutations with redeliveries,
// subsets, and the acknowledged deliveries of a plan.
#include "ivsim/rapidcheck.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <tuple>
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

// `sent` as the plan that delivers them one at a time in this order: each at least a second
// after the one before and never before its event (scenario files refuse that), copy numbers
// kept and new ones for redeliveries, no groups; an event never sent keeps a dropped delivery.
DeliveredEvents delivered_in_order(const std::vector<Event> &events,
                                   const std::vector<Delivery> &sent) {
  DeliveredEvents out;
  out.plan.events = events;
  std::vector<bool> delivered(events.size(), false);
  std::map<std::uint32_t, std::set<std::uint16_t>> copies; // numbers taken, per event
  for (const Delivery &delivery : sent)
    copies[delivery.event].insert(delivery.copy);
  Instant previous = Instant::min();
  for (const Delivery &original : sent) {
    const Event &event = events[original.event];
    Delivery delivery;
    delivery.event = original.event;
    delivery.faults = original.faults;
    delivery.deliver_at =
        std::max({event.time, event.effective_time().at,
                  previous == Instant::min() ? previous : previous + std::chrono::seconds(1)});
    delivery.copy = original.copy;
    if (delivered[original.event]) // a redelivery: the next number no delivery of it has
      delivery.copy = static_cast<std::uint16_t>(*copies[original.event].rbegin() + 1);
    copies[original.event].insert(delivery.copy);
    delivered[original.event] = true;
    previous = delivery.deliver_at;
    out.plan.deliveries.push_back(delivery);
    out.events.push_back(event);
  }
  for (std::uint32_t i = 0; i < events.size(); ++i)
    if (!delivered[i]) {
      Delivery dropped;
      dropped.event = i;
      dropped.dropped = true;
      dropped.deliver_at = std::max(previous, events[i].effective_time().at);
      out.plan.deliveries.push_back(dropped);
    }
  std::stable_sort(
      out.plan.deliveries.begin(), out.plan.deliveries.end(),
      [](const Delivery &a, const Delivery &b) { return a.deliver_at < b.deliver_at; });
  return out;
}

// splitmix64's finaliser: a well-spread 64-bit hash of `x`.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A delivery's identity, which survives the plan's shrinking: its event's id and copy number.
std::uint64_t identity(const Event &event, std::uint16_t copy) {
  std::uint64_t hash = 14695981039346656037ULL; // FNV-1a
  for (const unsigned char c : event.id.view())
    hash = (hash ^ c) * 1099511628211ULL;
  return mix(hash ^ copy);
}

// How delivered_events orders a plan's deliveries.
struct OrderKnobs {
  std::uint64_t salt = 0;
  bool shuffled = false;           ///< false: schedule order; true: by the identities' hashes
  std::uint32_t repeat_one_in = 0; ///< 0: no redelivery; n: about one delivery in n again
};

// The order of `sent` under `knobs`. Each delivery's sort key comes from its identity, not its
// position, so when the plan shrinks (RapidCheck replays this draw with the same knobs) the
// deliveries that remain keep their relative order, and a failing order stays failing.
std::vector<std::uint32_t> stable_order(const std::vector<Event> &events,
                                        const std::vector<Delivery> &sent, OrderKnobs knobs) {
  struct Entry {
    std::uint64_t key; // the identity's hash when shuffled, else the schedule position
    bool again;        // a redelivery: in schedule order, after every first delivery
    std::uint32_t item;
  };
  std::vector<Entry> entries;
  const auto count = static_cast<std::uint32_t>(sent.size());
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t hash = mix(knobs.salt ^ identity(events[sent[i].event], sent[i].copy));
    entries.push_back({knobs.shuffled ? hash : i, false, i});
    if (knobs.repeat_one_in != 0 && mix(hash ^ 1) % knobs.repeat_one_in == 0)
      entries.push_back({knobs.shuffled ? mix(hash ^ 2) : i, !knobs.shuffled, i});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    return std::tuple(a.again, a.key, a.item) < std::tuple(b.again, b.key, b.item);
  });
  std::vector<std::uint32_t> order;
  for (const Entry &entry : entries)
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

rc::Gen<DeliveredEvents> delivered_events(const Plan &plan) {
  auto sent = std::make_shared<std::vector<Delivery>>();
  for (const Delivery &delivery : plan.deliveries)
    if (!delivery.dropped)
      sent->push_back(delivery);
  auto events = std::make_shared<const std::vector<Event>>(plan.events);
  return rc::gen::apply(
      [sent, events](std::uint64_t salt, bool shuffled, std::uint32_t repeat_one_in) {
        return delivered_in_order(
            *events, pick(*sent, stable_order(*events, *sent, {salt, shuffled, repeat_one_in})));
      },
      rc::gen::noShrink(rc::gen::arbitrary<std::uint64_t>()),
      // Shuffled in three cases of four; shrinks to the schedule's order.
      rc::gen::resize(rc::kNominalSize,
                      rc::gen::map(rc::gen::inRange(0, 4), [](int choice) { return choice != 0; })),
      rc::gen::resize(rc::kNominalSize, rc::gen::map(rc::gen::inRange(0, 3), [](int choice) {
                        return std::array<std::uint32_t, 3>{0, 4, 2}[choice];
                      })));
}

} // namespace ivsim::rc_gen
