// The shrinker's plan edits: every edit gives a valid plan, and what it promises.
#include "ivsim/cli/check/plan_edits.hpp"

#include "ivsim/cli/plan_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ivsim::cli::check {
namespace {

Plan hostile_plan() {
  sim::GeneratorSpec spec;
  spec.seed = 3;
  spec.world.channels = 2;
  spec.world.stages = 1;
  spec.world.duration = std::chrono::hours(1);
  sim::apply_preset(spec.faults, "hostile");
  return generate_plan(spec);
}

TEST(PlanEdits, NoEditsGiveTheSamePlan) {
  const Plan plan = hostile_plan();
  EXPECT_EQ(apply_edits(plan, PlanEdits::none(plan)), plan);
}

TEST(PlanEdits, RemovingEventsRenumbersAndStaysValid) {
  const Plan plan = hostile_plan();
  PlanEdits edits = PlanEdits::none(plan);
  for (std::size_t i = 0; i < plan.events.size(); i += 2)
    edits.event_removed[i] = true;
  const Plan edited = apply_edits(plan, edits);
  EXPECT_NO_THROW(validate(edited));
  EXPECT_EQ(edited.events.size(), plan.events.size() / 2);
  for (const Delivery &delivery : edited.deliveries)
    EXPECT_LT(delivery.event, edited.events.size());
}

TEST(PlanEdits, RemovingAnEventsOnlyDeliveryRemovesTheEvent) {
  const Plan plan = hostile_plan();
  PlanEdits edits = PlanEdits::none(plan);
  edits.delivery_removed[0] = true;
  const Plan edited = apply_edits(plan, edits);
  EXPECT_NO_THROW(validate(edited));
  EXPECT_EQ(edited.deliveries.size(), plan.deliveries.size() - 1);
}

// Removing the first copy of a duplicated event leaves a lone, late delivery: it is copy 0, and
// its fault is the delay it has, not a duplicate of nothing.
TEST(PlanEdits, ALoneDuplicateBecomesALateFirstCopy) {
  const Plan plan = hostile_plan();
  const auto duplicate = std::find_if(plan.deliveries.begin(), plan.deliveries.end(),
                                      [](const Delivery &d) { return d.copy == 1; });
  ASSERT_NE(duplicate, plan.deliveries.end()) << "a hostile plan has duplicates";
  PlanEdits edits = PlanEdits::none(plan);
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i)
    if (plan.deliveries[i].event == duplicate->event && plan.deliveries[i].copy == 0)
      edits.delivery_removed[i] = true;
  const Plan edited = apply_edits(plan, edits);
  EXPECT_NO_THROW(validate(edited));
  const Event &event = plan.events[duplicate->event];
  const auto left =
      std::find_if(edited.deliveries.begin(), edited.deliveries.end(),
                   [&](const Delivery &d) { return edited.events[d.event] == event; });
  ASSERT_NE(left, edited.deliveries.end());
  EXPECT_EQ(left->copy, 0u) << *left;
  EXPECT_FALSE(left->faults.has(Fault::duplicate)) << *left;
  const bool late = left->deliver_at - event.effective_time().at > std::chrono::minutes(1);
  EXPECT_EQ(left->faults.has(Fault::delay), late || duplicate->faults.has(Fault::delay)) << *left;
}

TEST(PlanEdits, OnTimeDeliveriesLoseTheirOrderFaultsAndGroups) {
  const Plan plan = hostile_plan();
  PlanEdits edits = PlanEdits::none(plan);
  std::size_t late = 0;
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i)
    if (is_out_of_order(plan.deliveries[i])) {
      edits.delivery_on_time[i] = true;
      ++late;
    }
  ASSERT_GT(late, 0u) << "a hostile plan has late deliveries";
  const Plan edited = apply_edits(plan, edits);
  EXPECT_NO_THROW(validate(edited));
  for (const Delivery &delivery : edited.deliveries)
    EXPECT_FALSE(is_out_of_order(delivery)) << delivery;
}

TEST(PlanEdits, ShortenedDelaysKeepOrderAndGroups) {
  const Plan plan = hostile_plan();
  const Plan shorter = shorten_delays(plan);
  EXPECT_NO_THROW(validate(shorter));
  ASSERT_EQ(shorter.deliveries.size(), plan.deliveries.size());
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    EXPECT_EQ(shorter.deliveries[i].event, plan.deliveries[i].event);
    EXPECT_EQ(shorter.deliveries[i].group, plan.deliveries[i].group);
    EXPECT_LE(shorter.deliveries[i].deliver_at, plan.deliveries[i].deliver_at);
  }
}

TEST(PlanEdits, CompositionsBelongToTheirStage) {
  const Plan plan = hostile_plan();
  for (const Event &event : plan.events)
    if (event.detail_type == DetailType::composition_state_change) {
      EXPECT_EQ(group_key(event, Grain::resource), std::string(event.detail.stage_arn.view()));
    }
}

} // namespace
} // namespace ivsim::cli::check
