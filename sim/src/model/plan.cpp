#include "ivsim/plan.hpp"

#include "ivsim/error.hpp"

#include <string_view>
#include <unordered_map>

namespace ivsim {

void validate(const Plan &plan) {
  std::vector<bool> accounted(plan.events.size(), false);
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    const std::string where = "deliveries[" + std::to_string(i) + "]";
    if (delivery.event >= plan.events.size())
      throw InputError(where + ": event " + std::to_string(delivery.event) + " does not exist (" +
                       std::to_string(plan.events.size()) + " events)");
    if (i > 0 && delivery.deliver_at < plan.deliveries[i - 1].deliver_at)
      throw InputError(where + ": deliveries must be sorted by delivery time, but " +
                       format_rfc3339(delivery.deliver_at) + " comes after " +
                       format_rfc3339(plan.deliveries[i - 1].deliver_at));
    accounted[delivery.event] = true;
  }
  for (std::size_t i = 0; i < accounted.size(); ++i)
    if (!accounted[i])
      throw InputError("events[" + std::to_string(i) + "] (" + describe(plan.events[i]) +
                       "): has no delivery; schedule it or mark a delivery of it dropped");
}

std::vector<const Event *> delivered_events(const Plan &plan) {
  std::vector<const Event *> events;
  events.reserve(plan.deliveries.size());
  for (const Delivery &delivery : plan.deliveries)
    if (!delivery.dropped)
      events.push_back(&plan.events[delivery.event]);
  return events;
}

namespace {

// For each key (`key_of` of an event, skipped when empty), its first event and the first later
// event that `differ`s from it: one pair per key, in order of the first event.
template <typename KeyOf, typename Differ>
std::vector<SharedId> first_clashes(const Plan &plan, KeyOf key_of, Differ differ) {
  struct FirstOfKey {
    std::uint32_t index;
    bool reported = false;
  };
  std::unordered_map<std::string_view, FirstOfKey> first_of_key;
  std::vector<SharedId> clashes;
  for (std::uint32_t i = 0; i < plan.events.size(); ++i) {
    const std::string_view key = key_of(plan.events[i]);
    if (key.empty())
      continue;
    const auto [at, fresh] = first_of_key.try_emplace(key, FirstOfKey{i});
    FirstOfKey &first = at->second;
    if (fresh || first.reported || !differ(plan.events[first.index], plan.events[i]))
      continue;
    first.reported = true;
    clashes.push_back({first.index, i});
  }
  return clashes;
}

} // namespace

std::vector<SharedId> ids_shared_by_different_events(const Plan &plan) {
  return first_clashes(
      plan, [](const Event &event) { return event.id.view(); },
      [](const Event &first, const Event &other) { return !(first == other); });
}

std::vector<SharedId> streams_under_two_channels(const Plan &plan) {
  return first_clashes(
      plan,
      [](const Event &event) {
        return event.resources.empty() ? std::string_view() : event.detail.stream_id.view();
      },
      [](const Event &first, const Event &other) { return first.resource() != other.resource(); });
}

std::ostream &operator<<(std::ostream &out, const Plan &plan) {
  out << "Plan{" << plan.events.size() << " events, " << plan.deliveries.size() << " deliveries}\n";
  for (const Delivery &delivery : plan.deliveries)
    out << "  " << delivery << " " << describe(plan.events[delivery.event]) << "\n";
  return out;
}

} // namespace ivsim
