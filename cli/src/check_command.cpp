// `ivsim check`: property search against a live SUT, shrinking the first failure, and saving it
// as a regression scenario.
#include "ivsim/adapters/interruption.hpp"
#include "ivsim/cli/check/regression.hpp"
#include "ivsim/cli/check/search.hpp"
#include "ivsim/cli/check/shrink.hpp"
#include "ivsim/cli/command.hpp"
#include "ivsim/cli/command_line.hpp"
#include "ivsim/cli/generator_options.hpp"
#include "ivsim/cli/run_artifacts.hpp"
#include "ivsim/cli/state_notes.hpp"
#include "ivsim/cli/sut_options.hpp"
#include "ivsim/error.hpp"
#include "ivsim/oracle/report.hpp"
#include "ivsim/scenario_file.hpp"
#include "replay_words.hpp"
#include "shell_quote.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <random>

namespace ivsim::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr CommandHelp kCheckHelp = {
    "ivsim check [generator options] --sut URL [SUT options] [check options]",
    "Searches many generated schedules for one the SUT gets wrong. Run i is generated from\n"
    "(--seed, i) with a world that grows with i: one channel and one stage over a tenth of\n"
    "--duration first, the full --channels/--stages/--duration from run 90 on. Faults come from\n"
    "--preset (default hostile: every fault often) and the fault knobs. Before each run the SUT\n"
    "is reset. The first failure is shrunk against the SUT: channels, stages, broadcasts,\n"
    "events and duplicates are removed, late and swapped deliveries put back on time,\n"
    "concurrent groups split and delays shortened, keeping each step only if the SUT still\n"
    "fails at the same field. The smallest failure is saved as a scenario file under\n"
    "--regressions-dir with a description of what diverged, and the command that replays it is\n"
    "printed. A SUT that fails only some re-runs of the same plan is reported as flaky, with\n"
    "how often it failed, and is not shrunk. With --regressions DIR, every scenario saved in\n"
    "DIR is replayed first and the search only starts when they all pass.",
    "  ivsim check --sut http://127.0.0.1:8080 --seed 7 --runs 200\n"
    "  ivsim check --sut http://127.0.0.1:8080 --time-budget 5m --shard 2/4   # CI job 2 of 4\n"
    "  ivsim check --sut http://127.0.0.1:8080 --regressions scenarios/regressions\n"
    "  ivsim check --sut http://127.0.0.1:8080 --preset realistic --channels 1 --stages 0\n"
    "  ivsim replay scenarios/regressions/streams-state-1a2b3c4d.json --sut "
    "http://127.0.0.1:8080\n",
};

constexpr const char *kDefaultPreset = "hostile";

po::options_description check_options() {
  po::options_description options("Search, shrinking and regressions");
  options.add_options()("runs", po::value<std::uint64_t>()->value_name("N"),
                        "run indices 0..N-1 (this shard's share of them); default 100, or no "
                        "limit with --time-budget")(
      "time-budget", po::value<std::string>()->value_name("DURATION"),
      "start no run after this much wall time, e.g. 30s, 5m")(
      "shard", po::value<std::string>()->default_value("1/1")->value_name("K/N"),
      "make only runs i with i % N == K-1, so N jobs with one --seed cover disjoint runs")(
      "shrink-time", po::value<std::string>()->default_value("60s")->value_name("DURATION"),
      "time box for shrinking, re-runs included (overrun by at most about one run); when it "
      "runs out the smallest failure so far is kept and reported as not minimal")(
      "reruns", po::value<std::uint32_t>()->default_value(3)->value_name("N"),
      "re-runs of a failing plan (before and after shrinking) that must all fail, else the SUT "
      "is reported as flaky")(
      "regressions", po::value<std::string>()->value_name("DIR"),
      "replay every scenario saved in DIR first (fail fast), and save new failures there")(
      "regressions-dir", po::value<std::string>()->value_name("DIR"),
      "where to save the shrunk failure (default: --regressions, else scenarios/regressions)")(
      "scope", po::value<std::string>()->value_name("PATHS"),
      "comma-separated field paths the SUT keeps, e.g. channels.*.live (default everything)")(
      "out", po::value<std::string>()->default_value("ivsim-out")->value_name("DIR"),
      "save the run that failed (the shrunk failure, a regression that fails again, or a run "
      "without a verdict): plan.json, history.json and reports (nothing for passing runs)")(
      "junit", po::value<std::string>()->value_name("FILE"),
      "also write a JUnit XML report: the failing run's, else one passing test case for the "
      "search")("quiet,q", po::bool_switch(), "no progress line");
  return options;
}

std::string seconds(Duration duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(duration).count());
  return text;
}

// A progress line on a terminal (rewritten in place, at most ten times a second); elsewhere a
// line each time the size grows.
// A CI log gets a line when the size grows and at least every 30 s after that: many CI systems
// kill a job that prints nothing for ten minutes, and a reader wants a sign of life.
constexpr auto kLogProgressEvery = std::chrono::seconds(30);

std::function<void(const check::SearchProgress &)> progress_printer(bool quiet) {
  if (quiet)
    return {};
  const bool terminal = isatty(STDERR_FILENO) != 0;
  return [terminal, last = Clock::now(), size = 0u](const check::SearchProgress &p) mutable {
    const double per_second = static_cast<double>(p.runs) /
                              std::max(1e-9, std::chrono::duration<double>(p.elapsed).count());
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", per_second);
    const std::string line = "ivsim check: " + std::to_string(p.runs) + " runs, " +
                             std::to_string(p.failures) + " failures, size " +
                             std::to_string(p.size) + ", " + std::to_string(p.deliveries) +
                             " deliveries in " + seconds(p.elapsed) + ", " + rate + " runs/s";
    if (terminal) {
      if (Clock::now() - last < std::chrono::milliseconds(100) && p.failures == 0)
        return;
      last = Clock::now();
      std::cerr << "\r" << line << "\033[K" << std::flush;
    } else if (p.size != size || Clock::now() - last >= kLogProgressEvery) {
      size = p.size;
      last = Clock::now();
      std::cerr << line << "\n";
    }
  };
}

void end_progress_line(bool quiet) {
  if (!quiet && isatty(STDERR_FILENO) != 0)
    std::cerr << "\r\033[K" << std::flush;
}

oracle::Scope scope_of(const po::variables_map &values) {
  if (values.count("scope") == 0)
    return {};
  return oracle::Scope::parse(values["scope"].as<std::string>());
}

Duration duration_flag(const po::variables_map &values, const char *name, bool allow_zero) {
  const std::string text = values[name].as<std::string>();
  const std::optional<Duration> duration = parse_duration(text);
  if (!duration || duration->count() < 0 || (!allow_zero && duration->count() == 0))
    throw InputError(std::string("--") + name +
                     ": expected a duration like \"30s\" or \"5m\", got \"" + text + "\"");
  return *duration;
}

// --junit: the report of the run that decided the outcome.
void write_junit(const po::variables_map &values, const oracle::Report &report) {
  if (values.count("junit") == 0)
    return;
  write_report_file("junit", values["junit"].as<std::string>(), oracle::to_junit(report));
}

// The report of a search that found nothing: one passing test case, named after the search.
oracle::Report passing_search_report(const check::SearchResult &result, const std::string &search) {
  oracle::Report report;
  report.context.name = "ivsim check: no divergence in " + std::to_string(result.runs) + " runs";
  report.context.replay_command = search;
  report.context.seconds = std::chrono::duration<double>(result.elapsed).count();
  return report;
}

// Runs of a plan with concurrent groups when it is replayed: the SUT may handle a group's
// deliveries in either order, so one run can pass where another fails.
constexpr std::uint32_t kRunsOfConcurrentPlans = 10;

bool has_concurrent_group(const Plan &plan) {
  return std::any_of(plan.deliveries.begin(), plan.deliveries.end(),
                     [](const Delivery &delivery) { return delivery.group != kNoGroup; });
}

// " --repeat 10" for a plan with concurrent groups: its replay line re-runs it that often.
std::string repeat_flag(const Plan &plan) {
  return has_concurrent_group(plan) ? " --repeat " + std::to_string(kRunsOfConcurrentPlans) : "";
}

// Replays every regression scenario in `directory` (one with concurrent groups up to ten
// times); returns the exit code of the first that does not pass, or nullopt when all pass. The
// state documents' notes join `notes`, and are printed here when a regression fails: the search
// that prints them otherwise does not run then.
std::optional<int> replay_regressions(const fs::path &directory, Sut &sut,
                                      const oracle::Scope &scope, const std::string &sut_flags,
                                      const po::variables_map &values,
                                      std::vector<oracle::DocumentNote> &notes, std::ostream &out) {
  std::error_code error;
  if (!fs::exists(directory, error)) {
    out << "regressions: none yet: " << directory.string()
        << " does not exist (the first failure found is saved there)\n";
    return std::nullopt;
  }
  const std::vector<fs::path> files = check::list_regressions(directory);
  for (const fs::path &file : files) {
    if (adapters::interrupted() != 0)
      return std::nullopt; // run_check reports the interruption
    const Scenario scenario = load_scenario(file.string());
    if (!scenario.plan)
      throw InputError(file.string() + ": expected a regression scenario with an explicit plan "
                                       "(\"events\"), got a generator spec only");
    const oracle::Scope file_scope = scenario.scope.empty() ? scope : oracle::Scope(scenario.scope);
    CheckedRun run =
        run_until_not_pass(*scenario.plan, sut, CheckOptions{file_scope},
                           has_concurrent_group(*scenario.plan) ? kRunsOfConcurrentPlans : 1)
            .run;
    merge_state_notes(notes, run.state_notes);
    if (run.report.verdict == oracle::Verdict::pass || run.result.interrupted)
      continue;
    run.report.context.name = file.string();
    run.report.context.replay_command =
        "ivsim replay " + shell_word(file.string()) + sut_flags + repeat_flag(*scenario.plan);
    save_run(values["out"].as<std::string>(), *scenario.plan, scenario.description, run,
             file_scope);
    write_junit(values, run.report);
    out << "regression " << file.string() << " fails again:\n" << oracle::to_text(run.report);
    print_state_notes(std::cerr, notes);
    return exit_code_of(run.report.verdict);
  }
  out << "regressions: " << files.size() << " replayed from " << directory.string()
      << ", all pass\n";
  return std::nullopt;
}

struct CheckContext {
  const po::variables_map &values;
  const Arguments &arguments;
  std::uint64_t seed = 0;
  std::string sut_flags;
  check::RunPlan run;
  oracle::Scope scope; ///< saved with a failure, so its replay checks the same fields
};

fs::path regressions_dir(const po::variables_map &values) {
  if (values.count("regressions-dir") != 0)
    return values["regressions-dir"].as<std::string>();
  if (values.count("regressions") != 0)
    return values["regressions"].as<std::string>();
  return "scenarios/regressions";
}

// Saves the failure as a regression and its run in --out; prints the report and where it went,
// and returns the regression's path.
fs::path save_failure(const CheckContext &context, const Plan &plan, CheckedRun run,
                      const std::string &key, const std::string &origin, std::ostream &out) {
  const std::string description = check::describe_failure(plan, run.report, key, origin);
  // Named after the divergence the shrinker kept, which need not be the report's first.
  const oracle::Divergence *divergence = check::find_divergence(run.report, key);
  const fs::path file = check::save_regression(regressions_dir(context.values), plan, *divergence,
                                               description, context.scope);
  const std::string replay =
      "ivsim replay " + shell_word(file.string()) + context.sut_flags + repeat_flag(plan);
  run.report.context.name = file.string();
  run.report.context.seed = context.seed;
  run.report.context.replay_command = replay;
  const fs::path directory = context.values["out"].as<std::string>();
  save_run(directory, plan, description, run, context.scope);
  write_junit(context.values, run.report);
  out << oracle::to_text(run.report);
  out << "deliveries: " << format_counts(run.result.counts) << "\n";
  out << "saved: " << file.string() << " (and " << directory.string()
      << "/{plan,history,report}.json, report.txt)\n";
  out << "replay: " << replay << "\n";
  if (has_concurrent_group(plan))
    out << "note: the plan has concurrent deliveries, which the SUT may handle in either order, "
           "so one replay can pass where another fails: the replay line (and --regressions) "
           "runs it up to "
        << kRunsOfConcurrentPlans << " times\n";
  return file;
}

// Saves the failure as found, before shrinking, so a search stopped while it shrinks (a CI
// timeout, a killed job) still leaves it behind; returns where. The shrunk one replaces it.
fs::path save_unshrunk(const CheckContext &context, const check::FoundFailure &found,
                       const std::string &origin) {
  const oracle::Divergence &divergence = found.run.report.divergences.front();
  const std::string description = check::describe_failure(
      found.plan, found.run.report, check::failure_key(divergence), origin + ", not shrunk");
  return check::save_regression(regressions_dir(context.values), found.plan, divergence,
                                description, context.scope);
}

// Shrinks the search's failure, saves it and prints what happened.
void handle_failure(const CheckContext &context, const check::FoundFailure &found,
                    std::ostream &out) {
  const std::string first_key = check::failure_key(found.run.report.divergences.front());
  out << "FAIL at run " << found.index << " (size " << check::size_of_run(found.index)
      << ", run seed " << found.spec.seed
      << "): " << to_string(found.run.report.divergences.front().kind) << " at " << first_key
      << std::endl; // now, not at exit: a CI log must show it even if the job is killed
  const std::string origin =
      "seed " + std::to_string(context.seed) + ", run " + std::to_string(found.index);
  const fs::path unshrunk = save_unshrunk(context, found, origin);
  check::ShrinkOptions options;
  options.time_box = duration_flag(context.values, "shrink-time", /*allow_zero=*/true);
  options.reruns = context.values["reruns"].as<std::uint32_t>();
  const check::ShrinkResult shrunk = check::shrink(found.plan, found.run, context.run, options);
  fs::path saved;
  if (shrunk.flaky) {
    const unsigned percent = shrunk.reruns == 0 ? 0 : 100 * shrunk.rerun_failures / shrunk.reruns;
    out << "FLAKY: the run failed, but only " << shrunk.rerun_failures << " of " << shrunk.reruns
        << " re-runs of the same plan did (" << percent
        << "%); not shrunk, the failing plan is saved as found\n";
    saved = save_failure(context, found.plan, found.run, shrunk.failure_key,
                         origin + ", flaky: failed " + std::to_string(shrunk.rerun_failures) +
                             " of " + std::to_string(shrunk.reruns) + " re-runs",
                         out);
  } else {
    out << "shrunk: " << check::sent_deliveries(found.plan) << " -> "
        << check::sent_deliveries(shrunk.plan) << " deliveries, " << found.plan.events.size()
        << " -> " << shrunk.plan.events.size() << " events in " << seconds(shrunk.elapsed) << " ("
        << shrunk.attempts << " runs, " << shrunk.accepted << " kept); "
        << (shrunk.minimal       ? "minimal"
            : shrunk.interrupted ? "not minimal: interrupted"
                                 : "not minimal: the shrink time ran out (raise --shrink-time)")
        << "\n";
    saved = save_failure(context, shrunk.plan, shrunk.run, shrunk.failure_key, origin, out);
  }
  std::error_code ignored; // the file as found only stood in for this one
  if (saved != unshrunk)
    fs::remove(unshrunk, ignored);
}

void print_summary(const check::SearchResult &result, const check::Shard &shard,
                   const CheckContext &context, std::ostream &out) {
  const double per_second = static_cast<double>(result.runs) /
                            std::max(1e-9, std::chrono::duration<double>(result.elapsed).count());
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f", per_second);
  out << "runs: " << result.runs << " (shard " << shard.index + 1 << "/" << shard.count
      << ", sizes 1-" << result.largest_size << ") in " << seconds(result.elapsed) << ", " << rate
      << " runs/s; deliveries: " << result.deliveries << "; verdicts: pass " << result.passed
      << ", fail " << result.failed << ", unknown " << result.unknown << "\n";
  out << "search: " << search_command(context.arguments, context.seed) << "\n";
}

int run_check(const Arguments &arguments, std::ostream &out) {
  po::options_description options;
  options.add(generator_options()).add(sut_options()).add(check_options());
  const auto parsed = parse_command_line("check", arguments, options, {}, kCheckHelp, out);
  if (!parsed)
    return exit_success;
  po::variables_map values = *parsed;
  if (values.count("junit") != 0) // checked now, not after an hour of search
    require_writable("junit", values["junit"].as<std::string>(), /*is_directory=*/false);
  // A search wants faults often; a scenario's own faults or an explicit --preset still win.
  if (values.count("preset") == 0 && values.count("scenario") == 0)
    values.insert({"preset", po::variable_value(std::string(kDefaultPreset), true)});
  std::optional<Scenario> scenario;
  if (values.count("scenario") != 0) {
    scenario = load_scenario(values["scenario"].as<std::string>());
    if (scenario->plan)
      throw InputError(values["scenario"].as<std::string>() +
                       ": holds an explicit plan; ivsim check generates its plans from a "
                       "scenario's \"generator\" spec (use ivsim replay for a fixed plan)");
  }
  check::SearchOptions search;
  search.base = spec_from_options(values, scenario ? &*scenario : nullptr);
  if (values.count("seed") == 0)
    search.base.seed = std::random_device{}() % 1000000;
  search.shard = check::parse_shard(values["shard"].as<std::string>());
  if (values.count("time-budget") != 0)
    search.time_budget = duration_flag(values, "time-budget", /*allow_zero=*/false);
  if (values.count("runs") != 0 && values["runs"].as<std::uint64_t>() == 0)
    throw InputError("check: --runs: expected 1 or more runs, got 0: a search of no run proves "
                     "nothing");
  search.runs = values.count("runs") != 0 ? std::optional(values["runs"].as<std::uint64_t>())
                : search.time_budget      ? std::nullopt
                                          : std::optional<std::uint64_t>(100);
  const bool quiet = values["quiet"].as<bool>();
  search.on_progress = progress_printer(quiet);

  Sut sut = sut_from_options(values, search.base.seed);
  oracle::Scope scope = scope_of(values);
  if (scenario && values.count("scope") == 0)
    scope = oracle::Scope(scenario->scope);
  std::vector<oracle::DocumentNote> state_notes; // printed once, after the search
  const auto run_noting = [&](const Plan &plan) {
    CheckedRun run = run_and_check(plan, sut, CheckOptions{scope});
    merge_state_notes(state_notes, run.state_notes);
    return run;
  };
  CheckContext context{values, arguments, search.base.seed, sut_flags(values), run_noting, scope};

  if (values.count("regressions") != 0)
    if (const auto code = replay_regressions(values["regressions"].as<std::string>(), sut, scope,
                                             context.sut_flags, values, state_notes, out))
      return *code;
  if (const int signal = adapters::interrupted(); signal != 0) {
    out << "INTERRUPTED by " << adapters::signal_name(signal)
        << " while replaying the regressions\n";
    return exit_code_of_interruption(signal);
  }

  const check::SearchResult result = check::search(search, context.run);
  end_progress_line(quiet);
  print_state_notes(std::cerr, state_notes);
  int code = exit_success;
  if (result.interrupted && !result.failure) {
    const int signal = adapters::interrupted();
    const std::string what = std::string("interrupted by ") + adapters::signal_name(signal) +
                             " after " + std::to_string(result.runs) +
                             " runs: no failure found so far";
    out << "INTERRUPTED" << what.substr(std::string("interrupted").size()) << "\n";
    write_junit(values, oracle::unknown_report(what));
    code = exit_code_of_interruption(signal);
  } else if (result.failure && result.failure->run.report.verdict == oracle::Verdict::unknown) {
    const check::FoundFailure &found = *result.failure;
    out << "UNKNOWN at run " << found.index << ": " << found.run.report.unknown_reason << "\n";
    const fs::path directory = values["out"].as<std::string>();
    save_run(directory, found.plan,
             "run " + std::to_string(found.index) + " of ivsim check, without a verdict", found.run,
             scope);
    write_junit(values, found.run.report);
    out << "saved: " << directory.string() << "/{plan,history,report}.json, report.txt\n";
    code = exit_failure;
  } else if (result.failure) {
    handle_failure(context, *result.failure, out);
    code = exit_divergence;
  } else {
    out << "PASS: no divergence in " << result.runs << " runs\n";
    write_junit(values, passing_search_report(result, search_command(arguments, search.base.seed)));
  }
  print_summary(result, search.shard, context, out);
  return code;
}

} // namespace

Command check_command() {
  return {"check", "search many generated schedules against a live SUT; shrink and save a failure",
          &run_check};
}

} // namespace ivsim::cli
