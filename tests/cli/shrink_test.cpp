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

// Law: the whole shrink, re-runs included, ends within the time box, or within the re-runs of the
// original when they alone take longer, plus at most one run. Measured on a fake clock that
// every run moves on by ten seconds, so the law is about the accounting, not this machine.
TEST(Shrink, TheTimeBoxHoldsTheReRunsAndOverrunsByAtMostOneRun) {
  const RunPlan handler = testing::in_process_handler(testing::last_event_wins_rules());
  const std::optional<FoundFailure> found = find_failure(handler);
  ASSERT_TRUE(found.has_value());
  constexpr auto kRunTime = std::chrono::seconds(10);
  std::chrono::steady_clock::time_point fake_now{};
  const RunPlan slow_run = [&](const Plan &plan) {
    fake_now += kRunTime;
    return handler(plan);
  };
  bool some_box_is_minimal = false;
  for (const int seconds : {0, 25, 30, 45, 60, 95, 200, 1000, 100000}) {
    ShrinkOptions options;
    options.time_box = std::chrono::seconds(seconds);
    options.now = [&] { return fake_now; };
    const ShrinkResult shrunk = shrink(found->plan, found->run, slow_run, options);
    const Duration allowed = std::max<Duration>(options.time_box, options.reruns * kRunTime);
    EXPECT_LE(shrunk.elapsed, allowed + kRunTime) << "time box " << seconds << " s";
    EXPECT_EQ(shrunk.elapsed, shrunk.attempts * kRunTime) << "time box " << seconds << " s";
    EXPECT_TRUE(fails_with(shrunk.run.report, shrunk.failure_key));
    some_box_is_minimal = some_box_is_minimal || shrunk.minimal;
  }
  EXPECT_TRUE(some_box_is_minimal); // the largest box is enough to finish
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
