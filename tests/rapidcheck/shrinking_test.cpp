// Shrinking is meaningful: every shrink of a plan is again a valid plan that loads, and a
// failing property shrinks to a small world, then to the few events and deliveries it needs.
#include "ivsim/rapidcheck.hpp"

#include "ivsim/scenario_file.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ivsim {
namespace {

using namespace std::chrono_literals;

// Greedy shrinking, as RapidCheck does it: take the first shrink that still fails, until none
// does.
template <typename T, typename Fails> T minimize(rc::Shrinkable<T> shrinkable, Fails fails) {
  for (bool moved = true; moved;) {
    moved = false;
    auto shrinks = shrinkable.shrinks();
    while (auto next = shrinks.next()) {
      if (fails(next->value())) {
        shrinkable = std::move(*next);
        moved = true;
        break;
      }
    }
  }
  return shrinkable.value();
}

// The first value of `gen` (over seeds 1, 2, ...) for which `fails` holds.
template <typename T, typename Fails> rc::Shrinkable<T> first_failing(rc::Gen<T> gen, Fails fails) {
  for (std::uint64_t seed = 1; seed < 200; ++seed) {
    rc::Shrinkable<T> candidate = gen(rc::Random(seed), /*size=*/100);
    if (fails(candidate.value()))
      return candidate;
  }
  ADD_FAILURE() << "no generated value fails";
  return gen(rc::Random(1), 100);
}

void expect_loads(const Plan &plan) {
  validate(plan);
  const std::string text = to_scenario_text(scenario_from_plan(plan));
  const Scenario loaded = parse_scenario(text, "shrunk.json");
  ASSERT_TRUE(loaded.plan.has_value());
  EXPECT_EQ(loaded.plan->deliveries, plan.deliveries);
  EXPECT_EQ(to_scenario_text(loaded), text);
}

bool has_late_stream_end(const Plan &plan) {
  for (const Delivery &delivery : plan.deliveries)
    if (delivery.faults.has(Fault::delay) &&
        plan.events[delivery.event].name == EventName::stream_end)
      return true;
  return false;
}

// Every element-wise shrink of a small hostile plan is valid and round-trips its file.
TEST(PlanShrinks, EveryShrinkOfAHostilePlanLoads) {
  sim::GeneratorSpec spec;
  spec.seed = 11;
  spec.world.channels = 1;
  spec.world.stages = 1;
  spec.world.duration = 40min;
  spec.world.broadcast_length = 10min;
  spec.world.idle_between_broadcasts = 5min;
  sim::apply_preset(spec.faults, "hostile");
  const Plan plan = sim::generate(spec);
  ASSERT_GT(plan.events.size(), 10U);
  std::size_t shrinks = 0;
  auto seq = rc_gen::shrink_plan(plan);
  while (auto next = seq.next()) {
    expect_loads(*next);
    EXPECT_TRUE(next->generator.is_null());
    ++shrinks;
  }
  EXPECT_GT(shrinks, plan.events.size());
}

// Walks down the shrink tree of generated plans (spec shrinks first, then element-wise), and
// checks the first shrinks at each level.
TEST(PlanShrinks, ShrinksAlongTheTreeLoad) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    rc::Shrinkable<Plan> current = rc_gen::plan()(rc::Random(seed), 60);
    for (int depth = 0; depth < 12; ++depth) {
      auto shrinks = rc::seq::take(8, current.shrinks());
      std::optional<rc::Shrinkable<Plan>> last;
      while (auto next = shrinks.next()) {
        expect_loads(next->value());
        last = std::move(*next);
      }
      if (!last)
        break;
      current = std::move(*last);
    }
  }
}

// A spec whose plan has a late Stream End shrinks to one channel and no stages; no knob grows.
TEST(SpecShrinks, ReachOneChannelAndNoStages) {
  const auto fails = [](const sim::GeneratorSpec &spec) {
    return has_late_stream_end(sim::generate(spec));
  };
  const auto found = first_failing(rc_gen::generator_spec(), fails);
  const sim::GeneratorSpec &start = found.value();
  const sim::GeneratorSpec minimal = minimize(found, fails);
  EXPECT_EQ(minimal.seed, start.seed);
  EXPECT_EQ(minimal.world.channels, 1U);
  EXPECT_EQ(minimal.world.stages, 0U);
  EXPECT_LE(minimal.world.duration, start.world.duration);
  EXPECT_LE(minimal.world.recording_share, start.world.recording_share);
  EXPECT_LE(minimal.world.stream_failure_probability, start.world.stream_failure_probability);
  EXPECT_LE(minimal.faults.late_max, start.faults.late_max);
  EXPECT_TRUE(fails(minimal));
}

// The same property over plans shrinks all the way to the one event and delivery it needs.
TEST(PlanShrinks, ReachTheOneEventThePropertyNeeds) {
  const Plan minimal =
      minimize(first_failing(rc_gen::plan(), has_late_stream_end), has_late_stream_end);
  ASSERT_EQ(minimal.events.size(), 1U);
  ASSERT_EQ(minimal.deliveries.size(), 1U);
  EXPECT_EQ(minimal.events[0].name, EventName::stream_end);
  EXPECT_TRUE(minimal.deliveries[0].faults.has(Fault::delay));
  expect_loads(minimal);
}

// Options that fail whatever they are shrink to the simplest of each knob, as the generators'
// documentation promises, from wherever they started.
TEST(OptionShrinks, ReachTheSimplestWorldAndNoFaults) {
  const auto any = [](const auto &) { return true; };
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const sim::WorldOptions world = minimize(rc_gen::world_options()(rc::Random(seed), 100), any);
    EXPECT_EQ(world.channels, 1U);
    EXPECT_EQ(world.stages, 0U);
    EXPECT_EQ(world.duration, 15min);
    EXPECT_EQ(world.recording_share, 0.0);
    EXPECT_EQ(world.reconnect_probability, 0.0);
    EXPECT_EQ(world.unmerged_reconnect_probability, 0.0);
    EXPECT_EQ(world.stream_failure_probability, 0.0);
    EXPECT_EQ(world.not_live_session_probability, 0.0);
    EXPECT_EQ(world.recording_end_failure_probability, 0.0);

    const sim::FaultOptions faults = minimize(rc_gen::fault_options()(rc::Random(seed), 100), any);
    sim::FaultOptions none;
    sim::apply_preset(none, "none");
    EXPECT_EQ(faults.drop_probability, none.drop_probability);
    EXPECT_EQ(faults.late_probability, none.late_probability);
    EXPECT_EQ(faults.duplicate_probability, none.duplicate_probability);
    EXPECT_EQ(faults.group_probability, none.group_probability);
    EXPECT_EQ(faults.late_max, 2min);
    EXPECT_EQ(faults.duplicate_delay_max, 1min);
  }
}

// Even the smallest cases hold something to test: a channel or a stage.
RC_GTEST_PROP(WorldOptions, EveryWorldHasAChannelOrAStage, ()) {
  const auto size = *rc::gen::inRange(0, 101);
  const sim::WorldOptions world = *rc::gen::resize(size, rc_gen::world_options());
  RC_ASSERT(world.channels + world.stages > 0U);
}

// Delivered events with nothing to prove shrink to the schedule's order, without redeliveries.
TEST(DeliveredEventsShrink, ReachTheScheduleOrder) {
  const Plan plan = rc_gen::plan()(rc::Random(7), 100).value();
  std::vector<std::string> schedule;
  for (const Delivery &delivery : plan.deliveries)
    if (!delivery.dropped)
      schedule.push_back(to_json_text(plan.events[delivery.event]));
  ASSERT_GT(schedule.size(), 3U);
  const auto any = [](const rc_gen::DeliveredEvents &) { return true; };
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const rc_gen::DeliveredEvents minimal =
        minimize(rc_gen::delivered_events(plan)(rc::Random(seed), 100), any);
    std::vector<std::string> delivered;
    for (const Event &event : minimal)
      delivered.push_back(to_json_text(event));
    EXPECT_EQ(delivered, schedule) << "seed " << seed;
  }
}

// A delivery order with nothing to prove shrinks to the given order without redeliveries.
TEST(DeliveryOrderShrinks, ReachTheGivenOrder) {
  const auto any = [](const std::vector<std::uint32_t> &) { return true; };
  const auto order = minimize(first_failing(rc_gen::delivery_order(6), any), any);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5}));
}

} // namespace
} // namespace ivsim
