// `ivsim check`'s search, shrinker and regression files against the bundled handler and its
// known-bad variants, served in-process over real loopback HTTP.
#include "ivsim/cli/check/regression.hpp"
#include "ivsim/cli/check/search.hpp"
#include "ivsim/cli/check/shrink.hpp"
#include "ivsim/cli/sut_options.hpp"
#include "ivsim/examples/handler_server.hpp"
#include "ivsim/scenario_file.hpp"
#include "ivsim/sim/generator.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

namespace ivsim::cli::check {
namespace {

namespace po = boost::program_options;

// The fixed CI seed of these tests, and a run count that finds every bug below on it.
constexpr std::uint64_t kSeed = 5;
constexpr std::uint64_t kRuns = 120;

// A handler (with `bug` switched on) on a free loopback port, and the SUT flags that reach it.
class LiveHandler {
public:
  explicit LiveHandler(const std::string &bug) : server_({0, 2, bug}) {
    server_.start();
    po::variables_map values;
    const std::vector<std::string> words = {
        "--sut", "http://127.0.0.1:" + std::to_string(server_.port()), "--max-attempts", "2"};
    po::store(po::command_line_parser(words).options(sut_options()).run(), values);
    po::notify(values);
    sut_ = sut_from_options(values, kSeed);
  }
  ~LiveHandler() { server_.stop(); }

  RunPlan run() {
    return [this](const Plan &plan) { return run_and_check(plan, sut_, {}); };
  }
  Sut &sut() { return sut_; }

private:
  examples::HandlerServer server_;
  Sut sut_;
};

SearchOptions hostile_search() {
  SearchOptions options;
  options.base.seed = kSeed;
  sim::apply_preset(options.base.faults, "hostile");
  options.runs = kRuns;
  return options;
}

TEST(CheckLive, CorrectHandlerPassesEveryRun) {
  LiveHandler handler("");
  SearchOptions options = hostile_search();
  options.runs = 40;
  const SearchResult result = search(options, handler.run());
  EXPECT_FALSE(result.failure.has_value())
      << oracle::format_path(result.failure->run.report.divergences.front().path);
  EXPECT_EQ(result.runs, 40u);
  EXPECT_EQ(result.passed, 40u);
  EXPECT_GT(result.deliveries, 0u);
}

// Test that a regression keeps the scope it was checked in: its replay checks the same fields
// (a scope dropped on the way made a passing run's replay fail on fields never kept).
TEST(Regression, KeepsTheScopeItWasCheckedIn) {
  sim::GeneratorSpec spec;
  spec.world.channels = 1;
  spec.world.stages = 0;
  spec.world.duration = std::chrono::hours(1);
  const Plan plan = sim::generate(spec);
  oracle::Divergence divergence;
  divergence.path = {"streams", "st-1", "state"};
  const std::filesystem::path directory =
      std::filesystem::path(::testing::TempDir()) / "regressions-scope";
  std::filesystem::remove_all(directory);
  const oracle::Scope scope({"streams.*.state", "channels.*.live"});
  const Scenario saved =
      load_scenario(save_regression(directory, plan, divergence, "a failure", scope).string());
  EXPECT_EQ(saved.scope, scope.paths());
  EXPECT_EQ(oracle::Scope(saved.scope).to_string(), "streams.*.state,channels.*.live");
}

class CheckFindsBug : public ::testing::TestWithParam<const char *> {};

// Test that each single-event-order bug is found on the CI seed, shrunk to at most 6
// deliveries, saved, and that the saved file replays to the same divergence.
TEST_P(CheckFindsBug, ShrinksSavesAndReplays) {
  LiveHandler handler(GetParam());
  const SearchResult result = search(hostile_search(), handler.run());
  ASSERT_TRUE(result.failure.has_value()) << "not found in " << kRuns << " runs";
  ASSERT_EQ(result.failure->run.report.verdict, oracle::Verdict::fail);

  ShrinkOptions options;
  options.time_box = std::chrono::seconds(20);
  const ShrinkResult shrunk =
      shrink(result.failure->plan, result.failure->run, handler.run(), options);
  ASSERT_FALSE(shrunk.flaky);
  EXPECT_TRUE(shrunk.minimal);
  EXPECT_LE(sent_deliveries(shrunk.plan), 6u) << shrunk.plan;

  const std::filesystem::path directory =
      std::filesystem::path(::testing::TempDir()) / ("regressions-" + std::string(GetParam()));
  std::filesystem::remove_all(directory);
  const std::string description =
      describe_failure(shrunk.plan, shrunk.run.report, shrunk.failure_key, "test");
  const std::filesystem::path file =
      save_regression(directory, shrunk.plan, shrunk.run.report.divergences.front(), description);
  EXPECT_EQ(list_regressions(directory), std::vector<std::filesystem::path>{file});

  const Scenario saved = load_scenario(file.string());
  ASSERT_TRUE(saved.plan.has_value());
  EXPECT_EQ(saved.description, description);
  EXPECT_NE(description.find(shrunk.failure_key), std::string::npos);
  const CheckedRun replayed = run_and_check(*saved.plan, handler.sut(), {});
  EXPECT_TRUE(fails_with(replayed.report, shrunk.failure_key));
}

INSTANTIATE_TEST_SUITE_P(SingleEventOrderBugs, CheckFindsBug,
                         ::testing::Values("live-from-last-event", "start-reopens-stream",
                                           "playlist-on-start", "recording-from-last-event",
                                           "publishing-from-last-event"),
                         [](const auto &info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

// A state source that reads the real document but, every third read after a run, adds a channel
// no event created: a SUT that fails one run in three on the same plan. (The read before a run,
// which checks that the SUT starts empty, finds no channel and is left alone.)
class EveryThirdReadWrong : public adapters::StateSource {
public:
  explicit EveryThirdReadWrong(std::unique_ptr<adapters::StateSource> real)
      : real_(std::move(real)) {}
  adapters::StateReading read() override {
    adapters::StateReading reading = real_->read();
    const bool after_a_run = reading.ok() && !(*reading.document)["channels"].empty();
    if (after_a_run && ++reads_ % 3 == 0)
      (*reading.document)["channels"]["arn:aws:ivs:us-west-2:123456789012:channel/ghost"] = {
          {"name", "ghost"}, {"live", true}};
    return reading;
  }
  std::string describe() const override { return real_->describe(); }

private:
  std::unique_ptr<adapters::StateSource> real_;
  std::uint64_t reads_ = 0;
};

TEST(CheckLive, SutFailingOneRunInThreeIsReportedFlaky) {
  LiveHandler handler("");
  handler.sut().state = std::make_unique<EveryThirdReadWrong>(std::move(handler.sut().state));
  const SearchResult result = search(hostile_search(), handler.run());
  ASSERT_TRUE(result.failure.has_value());
  const ShrinkResult shrunk = shrink(result.failure->plan, result.failure->run, handler.run());
  EXPECT_TRUE(shrunk.flaky);
  EXPECT_EQ(shrunk.rerun_failures, 1u);
  EXPECT_EQ(shrunk.reruns, 3u);
}

} // namespace
} // namespace ivsim::cli::check
