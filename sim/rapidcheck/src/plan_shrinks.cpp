// Element-wise shrinks of an explicit plan: fewer events, fewer extra deliveries, plainer
// deliveries; each shrink is again a valid plan (ivsim::validate) that round-trips a file.
#include "ivsim/rapidcheck.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace ivsim::rc_gen {

namespace {

using SharedPlan = std::shared_ptr<const Plan>;

// Plans keep deliveries sorted by time; ties keep their order (the order they are sent in).
void sort_deliveries(Plan &plan) {
  std::stable_sort(
      plan.deliveries.begin(), plan.deliveries.end(),
      [](const Delivery &a, const Delivery &b) { return a.deliver_at < b.deliver_at; });
}

// A hand-shrunk plan: no generator spec produces it any more.
Plan edited(const Plan &plan) {
  Plan out = plan;
  out.generator = nullptr;
  return out;
}

Plan without_events(const Plan &plan, std::size_t begin, std::size_t end) {
  Plan out;
  const auto removed = static_cast<std::uint32_t>(end - begin);
  for (std::size_t i = 0; i < plan.events.size(); ++i)
    if (i < begin || i >= end)
      out.events.push_back(plan.events[i]);
  for (Delivery delivery : plan.deliveries) {
    if (delivery.event >= begin && delivery.event < end)
      continue;
    if (delivery.event >= end)
      delivery.event -= removed;
    out.deliveries.push_back(delivery);
  }
  return out;
}

// Every event needs a delivery (a dropped one counts), so only a second one can go.
bool has_another_delivery(const Plan &plan, std::size_t index) {
  const std::uint32_t event = plan.deliveries[index].event;
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i)
    if (i != index && plan.deliveries[i].event == event)
      return true;
  return false;
}

Plan without_delivery(const Plan &plan, std::size_t index) {
  Plan out = edited(plan);
  out.deliveries.erase(out.deliveries.begin() + static_cast<std::ptrdiff_t>(index));
  return out;
}

Delivery plain(const Plan &plan, const Delivery &delivery) {
  Delivery out;
  out.event = delivery.event;
  out.copy = delivery.copy;
  out.deliver_at = plan.events[delivery.event].effective_time().at;
  return out;
}

Plan with_plain_delivery(const Plan &plan, std::size_t index) {
  Plan out = edited(plan);
  out.deliveries[index] = plain(plan, plan.deliveries[index]);
  sort_deliveries(out);
  return out;
}

} // namespace

rc::Seq<Plan> shrink_plan(const Plan &plan) {
  const auto shared = std::make_shared<const Plan>(plan);
  const std::size_t deliveries = plan.deliveries.size();
  auto fewer_events = rc::seq::map(rc::seq::subranges(0, plan.events.size()),
                                   [shared](const std::pair<std::size_t, std::size_t> &range) {
                                     return without_events(*shared, range.first, range.second);
                                   });
  auto fewer_deliveries = rc::seq::mapMaybe(rc::seq::range<std::size_t>(0, deliveries),
                                            [shared](std::size_t index) -> rc::Maybe<Plan> {
                                              if (!has_another_delivery(*shared, index))
                                                return rc::Nothing;
                                              return without_delivery(*shared, index);
                                            });
  auto plainer_deliveries = rc::seq::mapMaybe(
      rc::seq::range<std::size_t>(0, deliveries), [shared](std::size_t index) -> rc::Maybe<Plan> {
        const Delivery &delivery = shared->deliveries[index];
        if (delivery == plain(*shared, delivery))
          return rc::Nothing;
        return with_plain_delivery(*shared, index);
      });
  return rc::seq::concat(std::move(fewer_events), std::move(fewer_deliveries),
                         std::move(plainer_deliveries));
}

} // namespace ivsim::rc_gen
