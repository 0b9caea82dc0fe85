// Laws of the delivery-order generators: every item arrives at least once, redeliveries repeat
// items, and the oracle's expectation of any delivery order equals that of the schedule.
#include "ivsim/rapidcheck.hpp"

#include "ivsim/oracle/reduce.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

namespace ivsim {
namespace {

RC_GTEST_PROP(DeliveryOrder, HoldsEveryItemAtLeastOnceAndNothingElse, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(0, 40);
  const std::vector<std::uint32_t> order = *rc_gen::delivery_order(count);
  RC_ASSERT(order.size() >= count);
  RC_ASSERT(order.size() <= 2 * count + 1);
  const std::set<std::uint32_t> distinct(order.begin(), order.end());
  RC_ASSERT(distinct.size() == count);
  RC_ASSERT(std::all_of(order.begin(), order.end(), [&](std::uint32_t i) { return i < count; }));
}

RC_GTEST_PROP(Subset, IsAscendingAndInRange, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(0, 40);
  const std::vector<std::uint32_t> kept = *rc_gen::subset(count);
  RC_ASSERT(std::is_sorted(kept.begin(), kept.end()));
  RC_ASSERT(std::adjacent_find(kept.begin(), kept.end()) == kept.end());
  RC_ASSERT(std::all_of(kept.begin(), kept.end(), [&](std::uint32_t i) { return i < count; }));
}

std::multiset<std::string> ids(const std::vector<Event> &events) {
  std::multiset<std::string> out;
  for (const Event &event : events)
    out.insert(event.id.str());
  return out;
}

RC_GTEST_PROP(DeliveredEvents, AreTheAcknowledgedDeliveriesPlusRedeliveries, (const Plan &plan)) {
  const std::vector<Event> delivered = *rc_gen::delivered_events(plan);
  std::vector<Event> acknowledged;
  for (const Delivery &delivery : plan.deliveries)
    if (!delivery.dropped)
      acknowledged.push_back(plan.events[delivery.event]);
  const auto seen = ids(delivered);
  const auto scheduled = ids(acknowledged);
  RC_ASSERT(std::includes(seen.begin(), seen.end(), scheduled.begin(), scheduled.end()));
  RC_ASSERT(std::set<std::string>(seen.begin(), seen.end()) ==
            std::set<std::string>(scheduled.begin(), scheduled.end()));
}

// The law users rely on (docs/property-testing.md): the expectation is a function of the set.
RC_GTEST_PROP(DeliveredEvents, ExpectationIsThatOfTheSchedule, (const Plan &plan)) {
  const std::vector<Event> delivered = *rc_gen::delivered_events(plan);
  const auto acknowledged = oracle::acknowledged_deliveries(plan);
  RC_ASSERT(oracle::to_json(oracle::reduce(delivered)) ==
            oracle::to_json(oracle::reduce(acknowledged)));
}

} // namespace
} // namespace ivsim
