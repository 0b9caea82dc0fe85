// Shrinking a failing plan against a live SUT to a small plan that still fails the same way.
#pragma once

#include "ivsim/cli/check/failure.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace ivsim::cli::check {

/// How long and how carefully to shrink.
struct ShrinkOptions {
  /// Wall time for the whole shrink, re-runs included; when it runs out the smallest failure so
  /// far is kept and reported as not minimal. A run in progress is never cut, so the shrink may
  /// end later by at most about one run of the failing plan.
  Duration time_box = std::chrono::seconds(60);
  /// Re-runs of the original failure before shrinking and of the result after it: a SUT that
  /// fails only some of them on the same plan is flaky, and is not shrunk.
  std::uint32_t reruns = 3;
  /// The clock the time box is measured on; tests replace it.
  std::function<std::chrono::steady_clock::time_point()> now = std::chrono::steady_clock::now;
};

/// What shrinking found.
struct ShrinkResult {
  std::string failure_key;  ///< the failure every kept candidate reproduced (see failure_key)
  Plan plan;                ///< the smallest plan that failed with it (the original if flaky)
  CheckedRun run;           ///< the last failing run of `plan`
  bool minimal = false;     ///< no edit removes anything more; false when the time box ran out
  bool flaky = false;       ///< some re-run of the same plan did not fail with the same key
  std::uint32_t reruns = 0; ///< re-runs made of the plan found flaky (or of the original, if not)
  std::uint32_t rerun_failures = 0; ///< of those, how many failed with the key
  std::size_t attempts = 0;         ///< runs made, re-runs included
  std::size_t accepted = 0;         ///< candidates that still failed and were kept
  Duration elapsed{};
  bool interrupted = false; ///< ivsim was interrupted: the shrink stopped with what it had
};

/// Shrinks `failing` (whose run `first` failed) by running candidates through `run` and keeping
/// each that fails with the same failure_key as `first`'s first divergence. The passes remove
/// whole channels and stages, broadcasts, single events, single deliveries (duplicates), put late
/// and swapped deliveries back on time, split concurrent groups, each ddmin style (halves, then
/// quarters, ... then singles), repeated to a fixpoint; then delays are shortened. The original
/// is re-run `options.reruns` times first and the result after: if either fails only sometimes,
/// the result is flaky and holds the original plan. `first` must be a failing report.
ShrinkResult shrink(const Plan &failing, const CheckedRun &first, const RunPlan &run,
                    const ShrinkOptions &options = {});

} // namespace ivsim::cli::check
