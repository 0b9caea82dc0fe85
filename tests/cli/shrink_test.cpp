// The shrinker, in-process: against the bundled handler's state core with a known-wrong rule.
#include "ivsim/cli/check/shrink.hpp"

#include "check_support.hpp"
#include "ivsim/cli/check/plan_edits.hpp"
#include "ivsim/cli/check/search.hpp"
#include "ivsim/cli/plan_source.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace ivsim::cli::check {
namespace {

// The first hostile run (tiny worlds first) the last-event-wins handler fails.
std::optional<FoundFailure> find_failure(const RunPlan &run) {
  SearchOptions options;
  options.base.seed = 11;
  sim::apply_preset(options.base.faults, "hostile");
  options.runs = 200;
  return search(options, run).failure;
}

TEST(Shrink, LateStreamStartShrinksToAFewDeliveries) {
  const RunPlan run = testing::in_process_handler(testing::last_event_wins_rules());
  const std::optional<FoundFailure> found = find_failure(run);
  ASSERT_TRUE(found.has_value());
  const ShrinkResult shrunk = shrink(found->plan, found->run, run);
  EXPECT_FALSE(shrunk.flaky);
  EXPECT_TRUE(shrunk.minimal);
  EXPECT_LE(sent_deliveries(shrunk.plan), 6u) << shrunk.plan;
  EXPECT_LT(sent_deliveries(shrunk.plan), sent_deliveries(found->plan));
  EXPECT_EQ(shrunk.rerun_failures, 3u);
  // The result still fails the same way, and is a valid plan.
  EXPECT_NO_THROW(validate(shrunk.plan));
  EXPECT_TRUE(fails_with(run(shrunk.plan).report, shrunk.failure_key));
  EXPECT_TRUE(shrunk.failure_key.starts_with("streams"));
}

// Test that nothing is shrunk away that is needed: every single remaining event matters.
TEST(Shrink, EveryEventOfTheResultIsNeeded) {
  const RunPlan run = testing::in_process_handler(testing::last_event_wins_rules());
  const std::optional<FoundFailure> found = find_failure(run);
  ASSERT_TRUE(found.has_value());
  const ShrinkResult shrunk = shrink(found->plan, found->run, run);
  ASSERT_TRUE(shrunk.minimal);
  for (std::size_t i = 0; i < shrunk.plan.events.size(); ++i) {
    PlanEdits edits = PlanEdits::none(shrunk.plan);
    edits.event_removed[i] = true;
    EXPECT_FALSE(fails_with(run(apply_edits(shrunk.plan, edits)).report, shrunk.failure_key))
        << "event " << i << " could go: " << shrunk.plan;
  }
}

TEST(Shrink, OutOfTimeKeepsTheFailureAndSaysNotMinimal) {
  const RunPlan run = testing::in_process_handler(testing::last_event_wins_rules());
  const std::optional<FoundFailure> found = find_failure(run);
  ASSERT_TRUE(found.has_value());
  ShrinkOptions options;
  options.time_box = Duration::zero();
  const ShrinkResult shrunk = shrink(found->plan, found->run, run, options);
  EXPECT_FALSE(shrunk.minimal);
  EXPECT_FALSE(shrunk.flaky);
  EXPECT_EQ(shrunk.plan, found->plan);
  EXPECT_TRUE(fails_with(shrunk.run.report, shrunk.failure_key));
}

// Test that a SUT failing one run in three on the same plan is reported as flaky, not shrunk.
TEST(Shrink, ASutFailingOneRunInThreeIsFlaky) {
  const RunPlan correct = testing::in_process_handler({});
  std::uint64_t calls = 0;
  const RunPlan flaky = [&](const Plan &plan) {
    CheckedRun checked = correct(plan);
    if (++calls % 3 == 0) {
      oracle::Divergence divergence;
      divergence.kind = oracle::DivergenceKind::unexpected;
      divergence.path = {"channels", "arn:aws:ivs:us-west-2:123456789012:channel/ghost"};
      checked.report.divergences.push_back(divergence);
      checked.report.verdict = oracle::Verdict::fail;
    }
    return checked;
  };
  const std::optional<FoundFailure> found = find_failure(flaky);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->index, 2u); // the third run
  const ShrinkResult shrunk = shrink(found->plan, found->run, flaky);
  EXPECT_TRUE(shrunk.flaky);
  EXPECT_EQ(shrunk.reruns, 3u);
  EXPECT_EQ(shrunk.rerun_failures, 1u);
  EXPECT_EQ(shrunk.plan, found->plan);
}

} // namespace
} // namespace ivsim::cli::check
