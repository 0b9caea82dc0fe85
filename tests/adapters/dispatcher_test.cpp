#include "ivsim/adapters/dispatcher.hpp"

#include "ivsim/adapters/replay.hpp"
#include "loopback_sut.hpp"
#include "plans.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace ivsim::adapters {
namespace {

using testing::LoopbackSut;
using testing::Reply;
using namespace std::chrono_literals;

HttpTransportOptions fast_options(const LoopbackSut &sut) {
  HttpTransportOptions options;
  options.url = sut.url();
  options.request_timeout = 100ms;
  options.retry.max_attempts = 3;
  options.retry.initial_backoff = 1ms;
  options.retry.max_backoff = 2ms;
  return options;
}

// The numbers of the events the SUT applied (answered 2xx), sorted.
std::vector<long> applied_numbers(const LoopbackSut &sut) {
  std::vector<long> numbers;
  for (const std::string &body : sut.applied_bodies())
    numbers.push_back(testing::event_number(body));
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

// The numbers of the events the run says were acknowledged, sorted.
std::vector<long> acknowledged_numbers(const Plan &plan, const RunResult &result) {
  std::vector<long> numbers;
  for (const Event *event : acknowledged_events(plan, result))
    numbers.push_back(testing::event_number(to_json_text(*event)));
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

void expect_buckets_add_up(const Plan &plan, const RunResult &result) {
  EXPECT_EQ(result.counts.total(), plan.deliveries.size());
  EXPECT_EQ(result.records.size(), plan.deliveries.size());
  EXPECT_EQ(result.acknowledgement_order.size(), result.counts.acknowledged);
}

TEST(Dispatcher, AcknowledgesEveryDeliveryInScheduleOrder) {
  LoopbackSut sut;
  const Plan plan = testing::sequential_plan(5);
  const RunResult result = replay_http(plan, fast_options(sut), {});
  EXPECT_EQ(result.counts.acknowledged, 5u);
  expect_buckets_add_up(plan, result);
  const auto bodies = sut.applied_bodies();
  ASSERT_EQ(bodies.size(), 5u);
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    EXPECT_EQ(testing::event_number(bodies[i]), static_cast<long>(i));
    EXPECT_EQ(result.acknowledgement_order[i], i);
    EXPECT_EQ(result.records[i].acknowledged_as, i);
  }
}

TEST(Dispatcher, NeverSendsDroppedDeliveries) {
  LoopbackSut sut;
  Plan plan = testing::sequential_plan(4);
  plan.deliveries[1].dropped = true;
  plan.deliveries[3].dropped = true;
  const RunResult result = replay_http(plan, fast_options(sut), {});
  EXPECT_EQ(result.counts.acknowledged, 2u);
  EXPECT_EQ(result.counts.dropped, 2u);
  EXPECT_EQ(result.records[1].outcome.outcome, Outcome::dropped);
  EXPECT_EQ(result.records[1].outcome.attempts, 0u);
  EXPECT_EQ(applied_numbers(sut), (std::vector<long>{0, 2}));
}

// Test that adjacent deliveries of one group go out together (the SUT holds each until both
// are in flight) while the deliveries around them go alone.
TEST(Dispatcher, SendsAGroupConcurrently) {
  LoopbackSut sut;
  Plan plan = testing::sequential_plan(2);
  plan.deliveries[0].group = 7;
  plan.deliveries[1].group = 7;
  sut.hold_until_concurrent(2);
  HttpTransportOptions options = fast_options(sut);
  options.retry.max_attempts = 1;
  options.request_timeout = 10s;
  const RunResult result = replay_http(plan, options, {});
  EXPECT_EQ(result.counts.acknowledged, 2u) << result.records[0].outcome;
  EXPECT_EQ(sut.connections(), 2u);
}

// Beast's fail_count idea: make the n-th request fail, for n = 0, 1, ... until a run needs no
// retry. Each time the buckets add up and the SUT applied exactly what the run acknowledged.
void step_failures(Reply failure, Outcome expected_for_failed_delivery) {
  const Plan plan = testing::sequential_plan(4);
  for (std::size_t n = 0;; ++n) {
    SCOPED_TRACE("failing request " + std::to_string(n));
    LoopbackSut sut([&](std::size_t index, const testing::Received &) {
      return index == n ? failure : Reply{};
    });
    const RunResult result = replay_http(plan, fast_options(sut), {});
    expect_buckets_add_up(plan, result);
    EXPECT_EQ(acknowledged_numbers(plan, result), applied_numbers(sut));
    if (n >= plan.deliveries.size()) {
      EXPECT_EQ(result.counts.acknowledged, plan.deliveries.size());
      EXPECT_EQ(result.counts.retries, 0u);
      return;
    }
    EXPECT_EQ(result.records[n].outcome.outcome, expected_for_failed_delivery);
    const bool retried = expected_for_failed_delivery == Outcome::acknowledged;
    EXPECT_EQ(result.records[n].outcome.attempts, retried ? 2u : 1u);
    EXPECT_EQ(result.counts.retries, retried ? 1u : 0u);
    EXPECT_FALSE(result.records[n].outcome.indeterminate);
  }
}

TEST(Dispatcher, FailureSteppingServerError) {
  step_failures(Reply{Reply::answer, 503}, Outcome::acknowledged);
}
TEST(Dispatcher, FailureSteppingClosedConnection) {
  step_failures(Reply{Reply::close}, Outcome::acknowledged);
}
TEST(Dispatcher, FailureSteppingTimeout) {
  step_failures(Reply{Reply::hang}, Outcome::acknowledged);
}
TEST(Dispatcher, FailureSteppingClientError) {
  step_failures(Reply{Reply::answer, 400}, Outcome::rejected);
}

// Failure stepping through a concurrent group: whichever request of the group fails, it is
// retried on its own connection, and each event is applied once.
void step_failures_through_a_group(Reply failure) {
  Plan plan = testing::sequential_plan(4);
  plan.deliveries[1].group = 1;
  plan.deliveries[2].group = 1;
  for (std::size_t n = 0; n <= plan.deliveries.size(); ++n) {
    SCOPED_TRACE("failing request " + std::to_string(n));
    LoopbackSut sut([&](std::size_t index, const testing::Received &) {
      return index == n ? failure : Reply{};
    });
    const RunResult result = replay_http(plan, fast_options(sut), {});
    expect_buckets_add_up(plan, result);
    EXPECT_EQ(result.counts.acknowledged, plan.deliveries.size());
    EXPECT_EQ(result.counts.retries, n < plan.deliveries.size() ? 1u : 0u);
    EXPECT_EQ(applied_numbers(sut), (std::vector<long>{0, 1, 2, 3}));
  }
}

TEST(Dispatcher, FailureSteppingThroughAGroupServerError) {
  step_failures_through_a_group(Reply{Reply::answer, 500});
}
TEST(Dispatcher, FailureSteppingThroughAGroupClosedConnection) {
  step_failures_through_a_group(Reply{Reply::close});
}

// Test that the per-batch hook runs once per batch that sent something, after its deliveries
// ended, and that returning false stops it.
TEST(Dispatcher, AfterBatchRunsBetweenBatches) {
  LoopbackSut sut;
  Plan plan = testing::sequential_plan(5);
  plan.deliveries[1].group = 1;
  plan.deliveries[2].group = 1;
  plan.deliveries[4].dropped = true;
  std::vector<std::pair<std::size_t, std::size_t>> batches;
  DispatchOptions options;
  options.after_batch = [&](const BatchEnded &batch) {
    batches.emplace_back(batch.first, batch.end);
    EXPECT_EQ(sut.applied_bodies().size(), batch.so_far->counts.acknowledged);
    for (std::size_t i = batch.first; i < batch.end; ++i)
      EXPECT_EQ(batch.so_far->records[i].outcome.outcome, Outcome::acknowledged);
    return true;
  };
  replay_http(plan, fast_options(sut), options);
  using Batches = std::vector<std::pair<std::size_t, std::size_t>>;
  EXPECT_EQ(batches, (Batches{{0, 1}, {1, 3}, {3, 4}}));

  batches.clear();
  options.after_batch = [&](const BatchEnded &batch) {
    batches.emplace_back(batch.first, batch.end);
    return false;
  };
  replay_http(plan, fast_options(sut), options);
  EXPECT_EQ(batches, (Batches{{0, 1}}));
}

TEST(Dispatcher, SutDyingMidRunFailsTheRestWithoutHanging) {
  LoopbackSut sut([](std::size_t index, const testing::Received &) {
    return index == 3 ? Reply{Reply::die} : Reply{};
  });
  const Plan plan = testing::sequential_plan(10);
  const RunResult result = replay_http(plan, fast_options(sut), {});
  expect_buckets_add_up(plan, result);
  EXPECT_EQ(result.counts.acknowledged, 3u);
  EXPECT_EQ(result.counts.failed, 7u);
  EXPECT_EQ(acknowledged_numbers(plan, result), applied_numbers(sut));
  // The request that killed it was read and never answered: maybe applied, so indeterminate.
  EXPECT_TRUE(result.records[3].outcome.unreachable) << result.records[3].outcome;
  EXPECT_TRUE(result.records[3].outcome.indeterminate);
  EXPECT_EQ(result.counts.indeterminate, 1u);
  EXPECT_EQ(result.records[9].outcome.attempts, 0u);
  EXPECT_NE(result.records[9].outcome.reason.find("unreachable"), std::string::npos);
}

// A SUT that refuses everything is misconfigured or broken: after `stop_after_refusals` refused
// deliveries and no acknowledgement, the rest are not sent, and the refusal keeps the answer.
TEST(Dispatcher, GivesUpWhenEveryDeliverySoFarWasRefused) {
  LoopbackSut sut([](std::size_t, const testing::Received &) {
    return Reply{Reply::answer, 500, R"({"error":"boom"})"};
  });
  const Plan plan = testing::sequential_plan(10);
  DispatchOptions options;
  options.stop_after_refusals = 3;
  const RunResult result = replay_http(plan, fast_options(sut), options);
  expect_buckets_add_up(plan, result);
  ASSERT_TRUE(result.gave_up);
  EXPECT_NE(result.gave_up->find("refused the first 3 deliveries"), std::string::npos);
  EXPECT_EQ(sut.received().size(), 9u); // three deliveries, three attempts each
  EXPECT_EQ(result.records[2].outcome.attempts, 3u);
  EXPECT_EQ(result.records[2].outcome.output, R"({"error":"boom"})");
  EXPECT_EQ(result.records[3].outcome.attempts, 0u);
  EXPECT_NE(result.records[9].outcome.reason.find("not sent: the SUT refused"), std::string::npos);
}

// One acknowledgement shows the SUT works: refusals after it are the handler's to answer for,
// and every delivery is sent.
TEST(Dispatcher, NeverGivesUpOnceADeliveryWasAcknowledged) {
  LoopbackSut sut([](std::size_t index, const testing::Received &) {
    return index == 0 ? Reply{} : Reply{Reply::answer, 400};
  });
  const Plan plan = testing::sequential_plan(10);
  DispatchOptions options;
  options.stop_after_refusals = 3;
  const RunResult result = replay_http(plan, fast_options(sut), options);
  EXPECT_FALSE(result.gave_up);
  EXPECT_EQ(result.counts.acknowledged, 1u);
  EXPECT_EQ(result.counts.rejected, 9u);
  EXPECT_EQ(sut.received().size(), 10u);
}

TEST(Dispatcher, HourLongDelaysCostNoWallTimeAtScaleZero) {
  LoopbackSut sut;
  const Plan plan = testing::sequential_plan(3, std::chrono::hours(3));
  const RunResult result = replay_http(plan, fast_options(sut), {});
  EXPECT_EQ(result.counts.acknowledged, 3u);
  EXPECT_LT(result.wall_time, std::chrono::seconds(5));
}

TEST(Dispatcher, TimeScalePacesOnTheVirtualClock) {
  LoopbackSut sut;
  const Plan plan = testing::sequential_plan(2, std::chrono::seconds(1));
  DispatchOptions options;
  options.time_scale = 10; // the deliveries are 2 virtual seconds apart: 200 ms of wall time
  const RunResult result = replay_http(plan, fast_options(sut), options);
  EXPECT_EQ(result.counts.acknowledged, 2u);
  EXPECT_GE(result.records[1].wall_started - result.records[0].wall_started, 190ms);
}

TEST(Dispatcher, ReportsProgressAtTheEnd) {
  LoopbackSut sut;
  const Plan plan = testing::sequential_plan(3);
  std::vector<Progress> reports;
  DispatchOptions options;
  options.on_progress = [&](const Progress &progress) { reports.push_back(progress); };
  replay_http(plan, fast_options(sut), options);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().done, 3u);
  EXPECT_EQ(reports.back().total, 3u);
  EXPECT_EQ(reports.back().virtual_time, plan.deliveries.back().deliver_at);
}

TEST(Dispatcher, FailedResetSendsNothing) {
  LoopbackSut sut([](std::size_t, const testing::Received &) { return Reply{Reply::answer, 500}; });
  const Plan plan = testing::sequential_plan(3);
  auto reset = make_http_reset_hook(sut.url("/reset"));
  const RunResult result = replay_http(plan, fast_options(sut), {}, {reset.get(), nullptr});
  ASSERT_TRUE(result.reset_error);
  EXPECT_NE(result.reset_error->find("HTTP 500"), std::string::npos);
  EXPECT_EQ(result.counts.failed, 3u);
  EXPECT_EQ(sut.received().size(), 1u); // only the reset
}

// A random plan (drops, groups) against a SUT answering each request at random: every delivery
// lands in one bucket, and what the run calls acknowledged is exactly what the SUT applied.
RC_GTEST_PROP(Dispatcher, BucketsAddUpAndAcknowledgedEqualsApplied, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(1, 12);
  Plan plan = testing::sequential_plan(count);
  for (Delivery &delivery : plan.deliveries) {
    delivery.dropped = *rc::gen::weightedElement<bool>({{1, true}, {4, false}});
    delivery.group = *rc::gen::weightedElement<std::uint32_t>({{3, kNoGroup}, {1, 1}, {1, 2}});
  }
  const auto replies = *rc::gen::container<std::vector<int>>(40, rc::gen::inRange(0, 5));
  LoopbackSut sut([&](std::size_t index, const testing::Received &) {
    switch (replies[index % replies.size()]) {
    case 0:
      return Reply{Reply::answer, 503};
    case 1:
      return Reply{Reply::answer, 400};
    case 2:
      return Reply{Reply::close};
    default:
      return Reply{};
    }
  });
  HttpTransportOptions options = fast_options(sut);
  const RunResult result = replay_http(plan, options, {});
  RC_ASSERT(result.counts.total() == plan.deliveries.size());
  RC_ASSERT(acknowledged_numbers(plan, result) == applied_numbers(sut));
  std::size_t dropped = 0;
  for (const Delivery &delivery : plan.deliveries)
    dropped += delivery.dropped ? 1 : 0;
  RC_ASSERT(result.counts.dropped == dropped);
}

} // namespace
} // namespace ivsim::adapters
