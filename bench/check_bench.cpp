// `ivsim check` against the bundled handler: scenarios per second on small realistic worlds,
// next to generating and replaying the same plans alone (same run), and the time to shrink a
// planted failure (the live-from-last-event bug). `--quick` shrinks the work for CI.
#include "ivsim/cli/check/search.hpp"
#include "ivsim/cli/check/shrink.hpp"
#include "ivsim/cli/plan_source.hpp"
#include "ivsim/cli/sut_options.hpp"
#include "ivsim/examples/handler_server.hpp"

#include "bench_table.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

using namespace ivsim;
using namespace ivsim::cli;
using Clock = std::chrono::steady_clock;
namespace po = boost::program_options;

static double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

static Sut sut_for(const examples::HandlerServer &server) {
  po::variables_map values;
  const std::vector<std::string> words = {"--sut",
                                          "http://127.0.0.1:" + std::to_string(server.port())};
  po::store(po::command_line_parser(words).options(sut_options()).run(), values);
  po::notify(values);
  return sut_from_options(values, 1);
}

// One channel, one stage, an hour, hostile faults: what `ivsim check` runs after its first
// tiny worlds, kept small so the figure is about per-scenario overhead.
static check::SearchOptions small_worlds(std::uint64_t runs) {
  check::SearchOptions options;
  options.base.seed = 7;
  options.base.world.channels = 1;
  options.base.world.stages = 1;
  options.base.world.duration = std::chrono::hours(1);
  sim::apply_preset(options.base.faults, "hostile");
  options.runs = runs;
  return options;
}

static void search_rate(std::uint64_t runs) {
  examples::HandlerServer server({0, 1, ""});
  server.start();
  Sut sut = sut_for(server);
  const check::SearchOptions options = small_worlds(runs);

  Clock::time_point start = Clock::now();
  std::vector<Plan> plans;
  std::size_t deliveries = 0;
  for (std::uint64_t i = 0; i < runs; ++i) {
    plans.push_back(generate_plan(check::spec_for_run(options.base, i)));
    deliveries += plans.back().deliveries.size();
  }
  const double generate = seconds_since(start);

  start = Clock::now();
  for (const Plan &plan : plans)
    adapters::run_plan(plan, sut.make_transport, sut.dispatch);
  const double replay = seconds_since(start);

  start = Clock::now();
  const check::SearchResult result =
      check::search(options, [&](const Plan &plan) { return run_and_check(plan, sut, {}); });
  const double search = seconds_since(start);
  server.stop();

  const double n = static_cast<double>(runs);
  std::printf("check_bench: %llu scenarios (1 channel, 1 stage, 1 h, hostile; %zu deliveries, "
              "%.1f per scenario)\n",
              static_cast<unsigned long long>(runs), deliveries,
              static_cast<double>(deliveries) / n);
  std::printf("  generate only:                      %8.0f scenarios/s (%.3f s)\n", n / generate,
              generate);
  std::printf("  replay only (no reset, state, check): %6.0f scenarios/s (%.3f s)\n", n / replay,
              replay);
  std::printf("  ivsim check (reset, replay, state, oracle): %.0f scenarios/s (%.3f s; %llu "
              "runs, %llu failures)\n",
              static_cast<double>(result.runs) / search, search,
              static_cast<unsigned long long>(result.runs),
              static_cast<unsigned long long>(result.failed + result.unknown));
  ivsim::bench::print_table_row("ivsim check vs replay only (scenarios/s)",
                                static_cast<double>(result.runs) / search, n / replay, "/s",
                                ">= 100 scenarios/s");
}

static void shrink_time() {
  examples::HandlerServer server({0, 1, "live-from-last-event"});
  server.start();
  Sut sut = sut_for(server);
  const check::RunPlan run = [&](const Plan &plan) { return run_and_check(plan, sut, {}); };
  check::SearchOptions options = small_worlds(200);
  options.base.world.channels = 3;
  options.base.world.duration = std::chrono::hours(6);
  options.base.seed = 5;
  // A failure in a full-size world (run 90 on), so the shrink has something to remove.
  std::optional<check::FoundFailure> failure;
  std::uint64_t index = check::kRunsPerSize * (check::kMaxSize - 1);
  for (std::uint64_t tried = 0; tried < 200 && !failure; ++tried, ++index) {
    const sim::GeneratorSpec spec = check::spec_for_run(options.base, index);
    Plan plan = generate_plan(spec);
    CheckedRun checked = run(plan);
    if (checked.report.verdict == oracle::Verdict::fail)
      failure = check::FoundFailure{index, spec, std::move(plan), std::move(checked)};
  }
  if (!failure) {
    std::printf("  shrink: the planted bug was not found in 200 full-size runs\n");
    server.stop();
    return;
  }
  const check::FoundFailure *found_failure = &*failure;
  const Clock::time_point one_start = Clock::now();
  run(found_failure->plan);
  const double one_run = seconds_since(one_start);
  const check::ShrinkResult shrunk = check::shrink(found_failure->plan, found_failure->run, run);
  server.stop();
  std::printf("  shrink a planted failure (live-from-last-event, run %llu): %zu -> %zu "
              "deliveries in %.3f s, %zu runs (%s); one run of the original: %.4f s\n",
              static_cast<unsigned long long>(found_failure->index),
              check::sent_deliveries(found_failure->plan), check::sent_deliveries(shrunk.plan),
              std::chrono::duration<double>(shrunk.elapsed).count(), shrunk.attempts,
              shrunk.minimal ? "minimal" : "not minimal", one_run);
  ivsim::bench::print_table_row("shrink a planted failure (s) vs one run",
                                std::chrono::duration<double>(shrunk.elapsed).count(), one_run, "s",
                                "< 30 s");
}

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  search_rate(quick ? 50 : 500);
  shrink_time();
  return 0;
}
