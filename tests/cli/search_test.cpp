// The search's sizes, seeds and shards, and regression file names.
#include "ivsim/cli/check/search.hpp"

#include "check_support.hpp"
#include "ivsim/cli/check/failure.hpp"
#include "ivsim/cli/check/regression.hpp"
#include "ivsim/error.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ivsim::cli::check {
namespace {

TEST(Search, SizesGrowFromTinyWorldsToTheSpec) {
  sim::GeneratorSpec base;
  base.world.channels = 5;
  base.world.stages = 0;
  const sim::GeneratorSpec first = spec_for_run(base, 0);
  EXPECT_EQ(first.world.channels, 1u);
  EXPECT_EQ(first.world.stages, 0u);
  EXPECT_LT(first.world.duration, base.world.duration);
  const sim::GeneratorSpec last = spec_for_run(base, kRunsPerSize * kMaxSize);
  EXPECT_EQ(last.world.channels, 5u);
  EXPECT_EQ(last.world.duration, base.world.duration);
  for (std::uint64_t i = 1; i < kRunsPerSize * kMaxSize; ++i)
    EXPECT_LE(size_of_run(i - 1), size_of_run(i));
}

TEST(Search, EveryRunHasItsOwnSeedAndTheSameSeedGivesTheSameRuns) {
  sim::GeneratorSpec base;
  std::set<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < 100; ++i)
    seeds.insert(spec_for_run(base, i).seed);
  EXPECT_EQ(seeds.size(), 100u);
  EXPECT_EQ(spec_for_run(base, 42).seed, spec_for_run(base, 42).seed);
}

TEST(Search, ShardsCoverDisjointRuns) {
  std::multiset<std::uint64_t> covered;
  for (std::uint64_t k = 1; k <= 3; ++k) {
    SearchOptions options;
    sim::apply_preset(options.base.faults, "none");
    options.base.world.channels = 1;
    options.base.world.stages = 0;
    options.runs = 10;
    options.shard = parse_shard(std::to_string(k) + "/3");
    std::vector<std::uint64_t> mine;
    const RunPlan record = [&](const Plan &plan) {
      CheckedRun run;
      run.result.counts.acknowledged = plan.deliveries.size();
      return run;
    };
    options.on_progress = [&](const SearchProgress &progress) { mine.push_back(progress.runs); };
    const SearchResult result = search(options, record);
    EXPECT_EQ(result.runs, k == 1 ? 4u : 3u);
    for (std::uint64_t i = k - 1; i < 10; i += 3)
      covered.insert(i);
  }
  EXPECT_EQ(covered.size(), 10u);
  EXPECT_EQ(std::set<std::uint64_t>(covered.begin(), covered.end()).size(), 10u);
}

TEST(Search, BadShardIsAnInputError) {
  EXPECT_THROW(parse_shard("0/3"), InputError);
  EXPECT_THROW(parse_shard("4/3"), InputError);
  EXPECT_THROW(parse_shard("2"), InputError);
  EXPECT_THROW(parse_shard("a/b"), InputError);
  EXPECT_EQ(parse_shard("2/4").index, 1u);
}

TEST(Regression, FileNameKeepsFieldNamesAndDropsIds) {
  oracle::Divergence divergence;
  divergence.path = {"stages", "arn:x", "sessions", "st-1", "participants", "p", "publishing"};
  const std::string name = regression_file_name(divergence, "text");
  EXPECT_TRUE(name.starts_with("stages-sessions-participants-publishing-")) << name;
  EXPECT_TRUE(name.ends_with(".json"));
  EXPECT_EQ(name, regression_file_name(divergence, "text"));
  EXPECT_NE(name, regression_file_name(divergence, "other text"));
}

// A shrunk failure keeps the divergence it was found with, which a shrunk report may list after
// others: the saved file is named after that one, as the "FAIL at" line is.
TEST(Regression, TheKeptFailureIsFoundAmongTheReportsDivergences) {
  oracle::Report report;
  report.divergences.resize(2);
  report.divergences[0].path = {"channels", "arn:c", "live"};
  report.divergences[1].path = {"streams", "st-1", "state"};
  EXPECT_EQ(find_divergence(report, "streams.st-1.state"), &report.divergences[1]);
  EXPECT_EQ(find_divergence(report, "recordings.r.state"), &report.divergences[0]);
  EXPECT_EQ(find_divergence(oracle::Report{}, "streams.st-1.state"), nullptr);
}

TEST(Regression, MissingDirectoryHasNoRegressions) {
  EXPECT_TRUE(list_regressions("/nonexistent/regressions").empty());
}

} // namespace
} // namespace ivsim::cli::check
