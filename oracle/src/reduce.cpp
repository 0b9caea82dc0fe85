// The reduction driver: de-duplicates by id, then summarises each root's events once, or once per
// subset of its indeterminate events.
#include "ivsim/oracle/reduce.hpp"

#include "aggregates.hpp"
#include "alternatives.hpp"
#include "emit.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ivsim::oracle {

namespace {

// Rule 1: EventBridge delivers at least once, and every copy carries the same `id`. The first
// acknowledgement of an id stands for all; an indeterminate copy becomes certain when another
// copy of the same id was surely acknowledged.
std::vector<Acknowledged> distinct_by_id(std::span<const Acknowledged> acknowledged) {
  std::vector<Acknowledged> out;
  out.reserve(acknowledged.size());
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(acknowledged.size());
  for (const Acknowledged &ack : acknowledged) {
    const auto [it, inserted] = seen.try_emplace(ack.event->id, out.size());
    if (inserted)
      out.push_back(ack);
    else if (!ack.indeterminate)
      out[it->second].indeterminate = false;
  }
  return out;
}

} // namespace

Expected reduce(std::span<const Acknowledged> acknowledged) {
  Expected out;
  out.events = distinct_by_id(acknowledged);

  std::unordered_map<std::string, std::vector<std::uint32_t>> maybe_by_root;
  for (std::uint32_t i = 0; i < out.events.size(); ++i)
    if (out.events[i].indeterminate)
      maybe_by_root[detail::root_of(*out.events[i].event)].push_back(i);
  maybe_by_root.erase(""); // events that carry no state change nothing either way

  detail::Aggregates certain;
  certain.reserve(out.events.size());
  std::unordered_map<std::string, std::vector<std::uint32_t>> surely_by_root;
  for (std::uint32_t i = 0; i < out.events.size(); ++i) {
    const Event &event = *out.events[i].event;
    if (maybe_by_root.empty()) {
      certain.apply(event, i); // the common case: no lost acknowledgements
      continue;
    }
    std::string root = detail::root_of(event);
    if (!maybe_by_root.contains(root))
      certain.apply(event, i);
    else if (!out.events[i].indeterminate)
      surely_by_root[std::move(root)].push_back(i);
  }
  detail::emit(certain, out);
  for (const auto &[root, maybe] : maybe_by_root)
    detail::emit_alternatives(surely_by_root[root], maybe, out);
  return out;
}

Expected reduce(std::span<const Event> events) {
  std::vector<Acknowledged> acknowledged;
  acknowledged.reserve(events.size());
  for (std::uint32_t i = 0; i < events.size(); ++i)
    acknowledged.push_back({&events[i], i, {}, false});
  Expected out = reduce(acknowledged);
  return out;
}

std::vector<Acknowledged> acknowledged_deliveries(const Plan &plan) {
  std::vector<Acknowledged> out;
  out.reserve(plan.deliveries.size());
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    if (!delivery.dropped)
      out.push_back({&plan.events[delivery.event], i, delivery.faults, false});
  }
  return out;
}

Expected ground_truth(const Plan &plan) {
  std::vector<Acknowledged> all;
  all.reserve(plan.events.size());
  for (std::uint32_t i = 0; i < plan.events.size(); ++i)
    all.push_back({&plan.events[i], i, {}, false});
  return reduce(all);
}

} // namespace ivsim::oracle
