// Laws of the delivery-order generators: every item arrives at least once, redeliveries repeat
// items, and the oracle's expectation of any delivery order equals that of the schedule.
#include "ivsim/rapidcheck.hpp"

#include "ivsim/oracle/reduce.hpp"
#include "ivsim/scenario_file.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

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

// The printed counterexample is the scenario file of the order that failed: loaded back and sent
// in schedule order, it delivers the same events in the same order, so `ivsim replay` of the
// saved file reproduces an order-dependent bug.
RC_GTEST_PROP(DeliveredEvents, PrintAsTheScenarioFileThatDeliversThemInThatOrder,
              (const Plan &plan)) {
  const rc_gen::DeliveredEvents delivered = *rc_gen::delivered_events(plan);
  std::ostringstream printed;
  showValue(delivered, printed);
  const Scenario loaded = parse_scenario(printed.str(), "counterexample.json");
  RC_ASSERT(loaded.plan.has_value());
  std::vector<std::string> sent;
  for (const Delivery &delivery : loaded.plan->deliveries) {
    RC_ASSERT(delivery.group == kNoGroup); // one at a time
    if (!delivery.dropped)
      sent.push_back(to_json_text(loaded.plan->events[delivery.event]));
  }
  std::vector<std::string> expected;
  for (const Event &event : delivered)
    expected.push_back(to_json_text(event));
  RC_ASSERT(sent == expected);
}

// Each delivery of `plan` as text, so two plans' deliveries compare whatever their event indexes.
std::multiset<std::string> delivery_texts(const Plan &plan) {
  std::multiset<std::string> out;
  for (const Delivery &d : plan.deliveries)
    out.insert(to_json_text(plan.events[d.event]) + " at " +
               format_rfc3339(d.deliver_at, Resolution::sub_second) + " copy " +
               std::to_string(d.copy) + " group " + std::to_string(d.group) + " faults " +
               to_string(d.faults) + (d.dropped ? " dropped" : ""));
  return out;
}

// When a property's plan shrinks by losing events or deliveries, RapidCheck draws the delivery
// order again with the same random state. The order of the deliveries that remain must not
// change, or a failing order would be lost on the first shrink and the counterexample would stay
// large. (A shrink that makes a delivery plain moves it in the schedule, and may move it here.)
RC_GTEST_PROP(DeliveredEvents, KeepTheirRelativeOrderWhenThePlanLosesDeliveries,
              (const Plan &plan)) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const auto draw = [seed](const Plan &p) {
    return rc_gen::delivered_events(p)(rc::Random(seed), 100).value();
  };
  const rc_gen::DeliveredEvents before = draw(plan);
  auto shrinks = rc::seq::take(24, rc_gen::shrink_plan(plan)); // the first: ranges of events
  const std::multiset<std::string> all = delivery_texts(plan);
  while (const auto smaller = shrinks.next()) {
    const std::multiset<std::string> kept = delivery_texts(*smaller);
    if (!std::includes(all.begin(), all.end(), kept.begin(), kept.end()))
      continue; // not a removal
    const rc_gen::DeliveredEvents after = draw(*smaller);
    // `after` is a subsequence of `before`.
    std::size_t matched = 0;
    for (const Event &event : before)
      if (matched < after.size() && to_json_text(event) == to_json_text(after[matched]))
        ++matched;
    RC_ASSERT(matched == after.size());
  }
}

} // namespace
} // namespace ivsim
