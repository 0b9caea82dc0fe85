// The property search of `ivsim check`: many generated plans, from tiny worlds to bigger ones,
// each run against the SUT and checked, until the first failure or the budget runs out.
#pragma once

#include "ivsim/cli/check/failure.hpp"
#include "ivsim/sim/generator.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace ivsim::cli::check {

/// Sizes go from 1 (one channel, one stage, a tenth of the time span) to kMaxSize (the spec as
/// given), growing by one every kRunsPerSize runs.
inline constexpr std::uint32_t kMaxSize = 10;
/// Runs at each size before the next.
inline constexpr std::uint64_t kRunsPerSize = 10;

/// The size of run `index`: 1 + index / kRunsPerSize, at most kMaxSize.
std::uint32_t size_of_run(std::uint64_t index);

/// The spec of run `index` of a search over `base`: its own seed (a mix of `base.seed` and
/// `index`, so any run can be regenerated alone) and a world scaled to size_of_run(index):
/// channels and stages ceil(n * size / kMaxSize) (0 stays 0), the time span size / kMaxSize of
/// the given one but at least 10 minutes (or all of it when shorter). Faults are `base`'s.
sim::GeneratorSpec spec_for_run(const sim::GeneratorSpec &base, std::uint64_t index);

/// Which runs this process makes: run indices i with i % count == index (`--shard K/N` is
/// index K-1 of count N), so N processes with the same seed cover disjoint runs.
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
};

/// Parses "K/N" (1 <= K <= N). Throws InputError("--shard: expected K/N ...") otherwise.
Shard parse_shard(const std::string &text);

/// Where a search stands, for a progress line.
struct SearchProgress {
  std::uint64_t runs = 0;       ///< runs made by this process
  std::uint64_t failures = 0;   ///< fail or unknown verdicts so far
  std::uint32_t size = 0;       ///< size of the current run
  std::uint64_t deliveries = 0; ///< deliveries sent so far
  Duration elapsed{};
};

/// What to search.
struct SearchOptions {
  sim::GeneratorSpec base; ///< the largest world, the faults, and the search seed
  /// Run indices [0, runs) of this shard; nullopt means no limit (then `time_budget` must be set).
  std::optional<std::uint64_t> runs = 100;
  /// Stop starting runs after this much wall time.
  std::optional<Duration> time_budget;
  Shard shard;
  /// Called after every run.
  std::function<void(const SearchProgress &)> on_progress;
};

/// The first run that did not pass.
struct FoundFailure {
  std::uint64_t index = 0; ///< its run index
  sim::GeneratorSpec spec; ///< what generated it (spec_for_run)
  Plan plan;
  CheckedRun run;
};

/// How a search ended.
struct SearchResult {
  std::uint64_t runs = 0;
  std::uint64_t passed = 0;
  std::uint64_t failed = 0;
  std::uint64_t unknown = 0;
  std::uint64_t deliveries = 0; ///< sent (acknowledged, rejected or failed), over all runs
  std::uint32_t largest_size = 0;
  Duration elapsed{};
  std::optional<FoundFailure> failure; ///< set when a run failed or its verdict was unknown
  bool interrupted = false;            ///< ivsim was interrupted (interruption.hpp)
};

/// Generates and runs the plans of `options`' shard in index order until one fails (or cannot be
/// checked), the runs are done or the time budget is spent. Throws InputError for a bad spec.
SearchResult search(const SearchOptions &options, const RunPlan &run);

} // namespace ivsim::cli::check
