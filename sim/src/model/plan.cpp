#include "ivsim/plan.hpp"

#include "ivsim/error.hpp"

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

std::ostream &operator<<(std::ostream &out, const Plan &plan) {
  out << "Plan{" << plan.events.size() << " events, " << plan.deliveries.size() << " deliveries}\n";
  for (const Delivery &delivery : plan.deliveries)
    out << "  " << delivery << " " << describe(plan.events[delivery.event]) << "\n";
  return out;
}

} // namespace ivsim
