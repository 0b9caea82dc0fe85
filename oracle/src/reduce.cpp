// The reduction driver: de-duplicates by id, then summarises each root's events once, or once per
// subset of its indeterminate events.
#include "ivsim/oracle/reduce.hpp"

#include "aggregates.hpp"
#include "alternatives.hpp"
#include "emit.hpp"
#include "flat_table.hpp"

#include <algorithm>
#include <string_view>

namespace ivsim::oracle {

namespace {

// Two events that share an id but differ: hand-written plans reuse ids (the AWS documentation's
// examples do), although rule 1 assumes an id names one event.
bool is_other_event(const Acknowledged &a, const Acknowledged &b) {
  return a.event != b.event && !(*a.event == *b.event);
}

// Whether `later` may have reached the SUT before `first`, the first acknowledgement of its id.
bool may_overtake(const Acknowledged &first, const Acknowledged &later) {
  return first.indeterminate || (first.group != kNoGroup && first.group == later.group);
}

// Rule 1: EventBridge delivers at least once, and every copy carries the same `id`. The first
// acknowledgement of an id stands for all; an indeterminate copy becomes certain when another
// copy of the same id was surely acknowledged. Ids are numbered in order of first appearance,
// which is their place in `out`.
//
// A handler that de-duplicates by id applies whichever event of an id it sees first. When two
// different events share an id and either may have come first (one concurrent group, or a lost
// acknowledgement), both become indeterminate, so the expectation accepts either; a different
// event that surely came later is a duplicate the handler ignores.
std::vector<Acknowledged> distinct_by_id(std::span<const Acknowledged> acknowledged) {
  struct Nothing {};
  std::vector<Acknowledged> out;
  out.reserve(acknowledged.size());
  detail::FlatTable<std::string_view, Nothing> seen;
  seen.reserve(acknowledged.size());
  std::vector<Acknowledged> contenders;     // other events of an id that may have come first
  std::vector<std::uint32_t> contested_ids; // numbers of those ids, never made certain again
  // Ids are hashed kAhead events early and their slots prefetched (see FlatTable::prefetch).
  // Hashing an id waits for its event, then for its text: the text is loaded kAhead events
  // before it is hashed, and the event kAhead before that.
  constexpr std::size_t kAhead = 16;
  std::size_t ahead[kAhead];
  const auto hash_ahead = [&](std::size_t i) {
    if (i + 2 * kAhead < acknowledged.size())
      __builtin_prefetch(&acknowledged[i + 2 * kAhead].event->id);
    if (i + kAhead < acknowledged.size())
      __builtin_prefetch(acknowledged[i + kAhead].event->id.identity());
    if (i >= acknowledged.size())
      return;
    ahead[i % kAhead] = detail::hash_key(acknowledged[i].event->id.view());
    seen.prefetch(ahead[i % kAhead]);
  };
  for (std::size_t i = 0; i < kAhead; ++i)
    hash_ahead(i);
  for (std::size_t i = 0; i < acknowledged.size(); ++i) {
    const Acknowledged &ack = acknowledged[i];
    const std::size_t hash = ahead[i % kAhead];
    hash_ahead(i + kAhead);
    const std::uint32_t number = seen.number(ack.event->id.view(), hash);
    if (number == out.size()) {
      out.push_back(ack);
      continue;
    }
    Acknowledged &first = out[number];
    if (is_other_event(first, ack)) {
      if (may_overtake(first, ack)) {
        first.indeterminate = true;
        contenders.emplace_back(ack).indeterminate = true;
        contested_ids.push_back(number);
      }
    } else if (!ack.indeterminate && std::find(contested_ids.begin(), contested_ids.end(),
                                               number) == contested_ids.end()) {
      first.indeterminate = false;
    }
  }
  if (!contenders.empty()) {
    out.insert(out.end(), contenders.begin(), contenders.end());
    std::stable_sort(out.begin(), out.end(), [](const Acknowledged &a, const Acknowledged &b) {
      return a.order < b.order;
    });
  }
  return out;
}

// Starts loading what applying `events[at]` reads. Events are a few hundred bytes each, scattered
// over the plans' memory and read once, as are the texts they share with their entity's other
// events: waiting for each miss in turn was a quarter of reduce. The event's lines come first
// (kEventAhead), then, once they are there, the blocks its pointers lead to (kTextAhead).
void prefetch_for_apply(std::span<const Acknowledged> events, std::size_t at) {
  constexpr std::size_t kEventAhead = 8;
  constexpr std::size_t kTextAhead = 4;
  if (at + kEventAhead < events.size()) {
    const auto *event = reinterpret_cast<const char *>(events[at + kEventAhead].event);
    for (std::size_t line = 0; line < sizeof(Event); line += 64)
      __builtin_prefetch(event + line);
  }
  if (at + kTextAhead < events.size()) {
    const Event &event = *events[at + kTextAhead].event;
    __builtin_prefetch(event.resource().identity());
    for (const Text *key : {&event.detail.stream_id, &event.detail.recording_session_id,
                            &event.detail.session_id, &event.detail.participant_id})
      __builtin_prefetch(key->identity());
  }
}

// The indeterminate events of each root, and the certain events of those roots.
struct UncertainRoots {
  detail::FlatTable<detail::Root, std::vector<std::uint32_t>> maybe;
  std::vector<std::vector<std::uint32_t>> surely; ///< by the root's number in `maybe`
};

} // namespace

Expected reduce(std::span<const Acknowledged> acknowledged) {
  Expected out;
  out.events = distinct_by_id(acknowledged);

  UncertainRoots uncertain;
  for (std::uint32_t i = 0; i < out.events.size(); ++i)
    if (out.events[i].indeterminate) {
      const detail::Root root = detail::root_of(*out.events[i].event);
      if (root.kind != detail::Root::Kind::none) // events that carry no state change nothing
        uncertain.maybe[root].push_back(i);
    }
  uncertain.surely.resize(uncertain.maybe.size());

  detail::Aggregates certain;
  certain.reserve(out.events.size());
  for (std::uint32_t i = 0; i < out.events.size(); ++i) {
    prefetch_for_apply(out.events, i);
    const Event &event = *out.events[i].event;
    if (uncertain.maybe.size() == 0) {
      certain.apply(event, i); // the common case: no lost acknowledgements
      continue;
    }
    const std::uint32_t root = uncertain.maybe.find(detail::root_of(event));
    if (root == uncertain.maybe.kAbsent)
      certain.apply(event, i);
    else if (!out.events[i].indeterminate)
      uncertain.surely[root].push_back(i);
  }
  detail::emit(certain, out);
  for (std::uint32_t root = 0; root < uncertain.maybe.size(); ++root)
    detail::emit_alternatives(uncertain.surely[root], uncertain.maybe.value(root), out);
  return out;
}

Expected reduce(std::span<const Event> events) {
  std::vector<Acknowledged> acknowledged;
  acknowledged.reserve(events.size());
  for (std::uint32_t i = 0; i < events.size(); ++i)
    acknowledged.push_back({&events[i], i, {}, false});
  return reduce(acknowledged);
}

std::vector<Acknowledged> acknowledged_deliveries(const Plan &plan) {
  std::vector<Acknowledged> out;
  out.reserve(plan.deliveries.size());
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    if (!delivery.dropped)
      out.push_back({&plan.events[delivery.event], i, delivery.faults, false, delivery.group});
  }
  return out;
}

Expected ground_truth(const Plan &plan) {
  // Every scheduled delivery, dropped ones included, in schedule order: where different events
  // share an id, the one scheduled first stands for it, as in the expectation. Events a plan
  // built in code never scheduled come last.
  std::vector<Acknowledged> all;
  all.reserve(plan.deliveries.size() + plan.events.size());
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i)
    all.push_back({&plan.events[plan.deliveries[i].event], i, {}, false});
  for (std::uint32_t i = 0; i < plan.events.size(); ++i)
    all.push_back(
        {&plan.events[i], static_cast<std::uint32_t>(plan.deliveries.size() + i), {}, false});
  return reduce(all);
}

} // namespace ivsim::oracle
