// EventBridge-like retries: which answers are retried, and how long to back off between attempts.
#pragma once

#include "ivsim/time.hpp"

#include <cstdint>
#include <optional>

namespace ivsim::adapters {

/// How EventBridge treats a target's answer: 2xx acknowledges, 5xx and 429 (and timeouts and
/// connection errors, which have no status) are retried, every other status is final.
enum class Verdict : std::uint8_t {
  acknowledged, ///< 2xx
  retry,        ///< 5xx, 429, timeouts, connection errors
  final,        ///< any other status: the SUT rejected the event
};

/// The verdict for an HTTP status.
Verdict classify_status(unsigned status);

/// Bounds on retrying one delivery. EventBridge retries up to 185 times over 24 h; the harness
/// compresses that to a few attempts over seconds so a run stays short.
struct RetryPolicy {
  /// Attempts in all, the first included (>= 1).
  std::uint32_t max_attempts = 5;
  /// Wall time from the first attempt after which no new attempt starts.
  Duration time_budget = std::chrono::seconds(30);
  /// Backoff before the second attempt; doubles (times `multiplier`) for each later one.
  Duration initial_backoff = std::chrono::milliseconds(100);
  /// Cap on one backoff.
  Duration max_backoff = std::chrono::seconds(5);
  double multiplier = 2.0;
  /// Seed of the jitter; the run seed keeps retried runs reproducible.
  std::uint64_t jitter_seed = 0;
};

/// The wait before attempt `attempt + 1` after `attempt` failed with a retryable verdict, or
/// nullopt when the policy says to give up (attempts used up, or the wait would end past the
/// time budget measured from the first attempt). `key` (e.g. the delivery index) picks the jitter
/// stream: the wait is in [backoff / 2, backoff], deterministic in (policy, key, attempt).
std::optional<Duration> next_backoff(const RetryPolicy &policy, std::uint32_t attempt,
                                     Duration elapsed, std::uint64_t key);

} // namespace ivsim::adapters
