// The search loop of `ivsim check`: sizes that grow with the run index, a seed per run, shards.
#include "ivsim/cli/check/search.hpp"

#include "ivsim/adapters/interruption.hpp"
#include "ivsim/cli/plan_source.hpp"
#include "ivsim/error.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ivsim::cli::check {

namespace {

using Clock = std::chrono::steady_clock;

// SplitMix64's finaliser: a run's seed differs in every bit from its neighbour's.
std::uint64_t mix(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

std::uint32_t scaled_count(std::uint32_t count, std::uint32_t size) {
  if (count == 0)
    return 0;
  return std::max<std::uint32_t>(1, (count * size + kMaxSize - 1) / kMaxSize);
}

std::optional<std::uint64_t> parse_whole(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

} // namespace

std::uint32_t size_of_run(std::uint64_t index) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(kMaxSize, 1 + index / kRunsPerSize));
}

sim::GeneratorSpec spec_for_run(const sim::GeneratorSpec &base, std::uint64_t index) {
  const std::uint32_t size = size_of_run(index);
  sim::GeneratorSpec spec = base;
  spec.seed = mix(base.seed ^ mix(index));
  spec.world.channels = scaled_count(base.world.channels, size);
  spec.world.stages = scaled_count(base.world.stages, size);
  // A tenth of a six-hour span is about one broadcast per channel: the tiny worlds come first.
  const Duration floor = std::min<Duration>(base.world.duration, std::chrono::minutes(10));
  spec.world.duration = std::max(floor, base.world.duration * size / kMaxSize);
  return spec;
}

Shard parse_shard(const std::string &text) {
  const std::size_t slash = text.find('/');
  const auto fail = [&]() {
    return InputError("--shard: expected K/N with 1 <= K <= N, like 2/4, got \"" + text + "\"");
  };
  if (slash == std::string::npos)
    throw fail();
  const auto k = parse_whole(std::string_view(text).substr(0, slash));
  const auto n = parse_whole(std::string_view(text).substr(slash + 1));
  if (!k || !n || *k < 1 || *k > *n)
    throw fail();
  return {*k - 1, *n};
}

SearchResult search(const SearchOptions &options, const RunPlan &run) {
  sim::validate(options.base);
  const Clock::time_point started = Clock::now();
  SearchResult result;
  const auto elapsed = [&] { return std::chrono::duration_cast<Duration>(Clock::now() - started); };
  for (std::uint64_t index = options.shard.index;; index += options.shard.count) {
    if (options.runs && index >= *options.runs)
      break;
    if (options.time_budget && elapsed() >= *options.time_budget)
      break;
    if (adapters::interrupted() != 0) {
      result.interrupted = true;
      break;
    }
    const sim::GeneratorSpec spec = spec_for_run(options.base, index);
    Plan plan = generate_plan(spec);
    CheckedRun checked = run(plan);
    if (checked.result.interrupted) { // cut short: no verdict, and not a run of the search
      result.interrupted = true;
      break;
    }
    ++result.runs;
    const adapters::RunCounts &counts = checked.result.counts;
    if (!checked.result.reset_error) // after a failed reset nothing was sent
      result.deliveries += counts.acknowledged + counts.rejected + counts.failed;
    result.largest_size = std::max(result.largest_size, size_of_run(index));
    switch (checked.report.verdict) {
    case oracle::Verdict::pass:
      ++result.passed;
      break;
    case oracle::Verdict::fail:
      ++result.failed;
      break;
    case oracle::Verdict::unknown:
      ++result.unknown;
      break;
    }
    if (options.on_progress)
      options.on_progress({result.runs, result.failed + result.unknown, size_of_run(index),
                           result.deliveries, elapsed()});
    if (checked.report.verdict != oracle::Verdict::pass) {
      result.failure = FoundFailure{index, spec, std::move(plan), std::move(checked)};
      break;
    }
  }
  result.elapsed = elapsed();
  return result;
}

} // namespace ivsim::cli::check
