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

std::vector<SharedId> ids_shared_by_different_events(const Plan &plan) {
  struct FirstOfId {
    std::uint32_t index;
    bool reported = false;
  };
  std::unordered_map<std::string_view, FirstOfId> first_of_id;
  std::vector<SharedId> shared;
  for (std::uint32_t i = 0; i < plan.events.size(); ++i) {
    const auto [at, fresh] = first_of_id.try_emplace(plan.events[i].id.view(), FirstOfId{i});
    FirstOfId &first = at->second;
    if (fresh || first.reported || plan.events[first.index] == plan.events[i])
      continue;
    first.reported = true;
    shared.push_back({first.index, i});
  }
  return shared;
}

std::vector<SharedId> streams_under_two_channels(const Plan &plan) {
  struct FirstOfStream {
    std::uint32_t index;
    bool reported = false;
  };
  std::unordered_map<std::string_view, FirstOfStream> first_of_stream;
  std::vector<SharedId> shared;
  for (std::uint32_t i = 0; i < plan.events.size(); ++i) {
    const Event &event = plan.events[i];
    if (event.detail.stream_id.empty() || event.resources.empty())
      continue;
    const auto [at, fresh] =
        first_of_stream.try_emplace(event.detail.stream_id.view(), FirstOfStream{i});
    FirstOfStream &first = at->second;
    if (fresh || first.reported || plan.events[first.index].resource() == event.resource())
      continue;
    first.reported = true;
    shared.push_back({first.index, i});
  }
  return shared;
}

std::ostream &operator<<(std::ostream &out, const Plan &plan) {
  out << "Plan{" << plan.events.size() << " events, " << plan.deliveries.size() << " deliveries}\n";
  for (const Delivery &delivery : plan.deliveries)
    out << "  " << delivery << " " << describe(plan.events[delivery.event]) << "\n";
  return out;
}

} // namespace ivsim
