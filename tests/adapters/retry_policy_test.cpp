#include "ivsim/adapters/retry_policy.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ivsim::adapters {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicy, ClassifiesStatusesLikeEventBridge) {
  EXPECT_EQ(classify_status(200), Verdict::acknowledged);
  EXPECT_EQ(classify_status(204), Verdict::acknowledged);
  EXPECT_EQ(classify_status(429), Verdict::retry);
  EXPECT_EQ(classify_status(500), Verdict::retry);
  EXPECT_EQ(classify_status(503), Verdict::retry);
  EXPECT_EQ(classify_status(400), Verdict::final);
  EXPECT_EQ(classify_status(404), Verdict::final);
  EXPECT_EQ(classify_status(301), Verdict::final);
}

TEST(RetryPolicy, GivesUpAfterMaxAttempts) {
  RetryPolicy policy;
  policy.max_attempts = 3;
  EXPECT_TRUE(next_backoff(policy, 1, {}, 0));
  EXPECT_TRUE(next_backoff(policy, 2, {}, 0));
  EXPECT_FALSE(next_backoff(policy, 3, {}, 0));
}

TEST(RetryPolicy, GivesUpWhenTheWaitWouldPassTheBudget) {
  RetryPolicy policy;
  policy.time_budget = milliseconds(1000);
  policy.initial_backoff = milliseconds(400);
  EXPECT_TRUE(next_backoff(policy, 1, milliseconds(0), 0));
  EXPECT_FALSE(next_backoff(policy, 1, milliseconds(900), 0));
}

RC_GTEST_PROP(RetryPolicy, BackoffStaysBetweenHalfAndTheCappedExponential,
              (std::uint32_t attempt, std::uint64_t key, std::uint64_t seed)) {
  RetryPolicy policy;
  policy.max_attempts = 1000;
  policy.time_budget = std::chrono::hours(1);
  policy.jitter_seed = seed;
  attempt = 1 + attempt % 40;
  const auto wait = next_backoff(policy, attempt, {}, key);
  RC_ASSERT(wait.has_value());
  const double exponential = static_cast<double>(policy.initial_backoff.count()) *
                             std::pow(policy.multiplier, attempt - 1);
  const auto cap = static_cast<Duration::rep>(
      std::min(exponential, static_cast<double>(policy.max_backoff.count())));
  RC_ASSERT(wait->count() >= cap - cap / 2);
  RC_ASSERT(wait->count() <= cap);
}

RC_GTEST_PROP(RetryPolicy, BackoffIsDeterministicInPolicyKeyAndAttempt,
              (std::uint32_t attempt, std::uint64_t key)) {
  RetryPolicy policy;
  policy.max_attempts = 50;
  attempt = 1 + attempt % 49;
  RC_ASSERT(next_backoff(policy, attempt, {}, key) == next_backoff(policy, attempt, {}, key));
}

} // namespace
} // namespace ivsim::adapters
