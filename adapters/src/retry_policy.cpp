#include "ivsim/adapters/retry_policy.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace ivsim::adapters {

Verdict classify_status(unsigned status) {
  if (status >= 200 && status < 300)
    return Verdict::acknowledged;
  // EventBridge API destinations retry 429 and 5xx; any other answer is final.
  if (status == 429 || (status >= 500 && status < 600))
    return Verdict::retry;
  return Verdict::final;
}

// The uncapped exponential backoff before attempt `attempt + 1`.
static Duration exponential_backoff(const RetryPolicy &policy, std::uint32_t attempt) {
  const double factor = std::pow(std::max(policy.multiplier, 1.0), attempt - 1);
  const double micros = static_cast<double>(policy.initial_backoff.count()) * factor;
  const double cap = static_cast<double>(policy.max_backoff.count());
  return Duration(static_cast<Duration::rep>(std::min(micros, cap)));
}

std::optional<Duration> next_backoff(const RetryPolicy &policy, std::uint32_t attempt,
                                     Duration elapsed, std::uint64_t key) {
  if (attempt >= policy.max_attempts)
    return std::nullopt;
  const Duration backoff = exponential_backoff(policy, attempt);
  // Equal jitter: half fixed, half random, so retries of a concurrent group spread out.
  std::mt19937_64 random(policy.jitter_seed ^ (key * 0x9E3779B97F4A7C15ULL) ^ attempt);
  const Duration half = backoff / 2;
  std::uniform_int_distribution<Duration::rep> jitter(0, half.count());
  const Duration wait = backoff - half + Duration(jitter(random));
  if (elapsed + wait > policy.time_budget)
    return std::nullopt;
  return wait;
}

} // namespace ivsim::adapters
