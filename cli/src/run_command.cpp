// `ivsim run` and `ivsim replay`: replay a plan to a live SUT, read its state back, check it.
#include "ivsim/adapters/interruption.hpp"
#include "ivsim/cli/command.hpp"
#include "ivsim/cli/command_line.hpp"
#include "ivsim/cli/generator_options.hpp"
#include "ivsim/cli/html_report.hpp"
#include "ivsim/cli/plan_source.hpp"
#include "ivsim/cli/run_artifacts.hpp"
#include "ivsim/cli/run_pipeline.hpp"
#include "ivsim/cli/state_notes.hpp"
#include "ivsim/cli/sut_options.hpp"
#include "ivsim/error.hpp"
#include "ivsim/oracle/report.hpp"
#include "option_text.hpp"
#include "replay_words.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace ivsim::cli {

namespace {

namespace po = boost::program_options;

constexpr CommandHelp kRunHelp = {
    "ivsim run [SCENARIO] [generator options] --sut URL [SUT options] [report options]",
    "Replays a plan to a live system under test and checks the state it ends in. The plan is\n"
    "SCENARIO's explicit plan, or generated from SCENARIO's spec and the generator options\n"
    "(see ivsim generate --help). ivsim resets the SUT, delivers every event of the schedule\n"
    "(faults included: drops, hours of delay at no wall-clock cost, duplicates, concurrent\n"
    "groups), retries 5xx/429/timeouts like EventBridge, reads the SUT's state document back\n"
    "and compares it with the oracle's expectation for the events the SUT acknowledged. The\n"
    "realised plan, the delivery history and the reports are saved in --out, and the printed\n"
    "replay command re-runs the exact same schedule.",
    "  ivsim run --sut http://127.0.0.1:8080                       # realistic run, seed 1\n"
    "  ivsim run --seed 7 --preset hostile --sut http://127.0.0.1:8080 --junit report.xml\n"
    "  ivsim run scenarios/ordering/stream_end_before_stream_start.json --sut "
    "http://127.0.0.1:8080\n"
    "  ivsim run --sut http://127.0.0.1:8080 --scope channels.*.live,recordings.*.playlist\n"
    "  ivsim run --events-url http://127.0.0.1:9000/hook --header 'x-api-key: k' \\\n"
    "            --state-command './dump-state.sh' --reset-command './reset.sh'\n"
    "  ivsim run --transport sqs --queue-name events --sqs-endpoint http://127.0.0.1:4566 \\\n"
    "            --sut http://127.0.0.1:8080   # the SUT consumes the queue; state over HTTP\n",
};

constexpr CommandHelp kReplayHelp = {
    "ivsim replay PLAN --sut URL [SUT options] [report options]",
    "Re-runs a saved plan (from ivsim run's --out directory, ivsim generate -o, or a scenario\n"
    "with an explicit plan) exactly: the same events, delivery times, duplicates and groups.\n"
    "Generator options do not apply.",
    "  ivsim replay ivsim-out/plan.json --sut http://127.0.0.1:8080\n"
    "  ivsim replay scenarios/duplicates/stream_start_delivered_twice.json --sut "
    "http://127.0.0.1:8080\n",
};

po::options_description report_options() {
  po::options_description options("Checking and reports");
  options.add_options()(
      "scope", po::value<std::string>()->value_name("PATHS"),
      "comma-separated field paths the SUT keeps, e.g. channels.*.live,recordings.*.playlist "
      "(default: the scenario's scope, else the whole document)")(
      "check-every", po::bool_switch(),
      "also check the SUT's state after every delivery or concurrent group, against the "
      "events acknowledged so far; the report names the first delivery after which it diverged")(
      "repeat", po::value<std::uint32_t>()->default_value(1)->value_name("N"),
      "run the plan up to N times (each after a reset), stopping at the first run that does not "
      "pass: a failure that depends on the order in which the SUT handles concurrent deliveries "
      "may not show on every run")("json", po::bool_switch(),
                                   "print the report as JSON (docs/reports.md) instead of text")(
      "junit", po::value<std::string>()->value_name("FILE"), "also write a JUnit XML report")(
      "html", po::value<std::string>()->value_name("FILE"),
      "also write the HTML report (a timeline per entity, divergences linked to their events; "
      "always saved as DIR/report.html)")(
      "out", po::value<std::string>()->default_value("ivsim-out")->value_name("DIR"),
      "save plan.json, history.json, report.txt and report.json here")("quiet,q", po::bool_switch(),
                                                                       "no progress line");
  return options;
}

// ", the last: timeout after the request was sent (answer lost)": why deliveries are failing,
// while they are (a slow or broken SUT makes a run long; this says why before it ends).
std::string last_failure(const adapters::Progress &progress) {
  if (progress.failures == 0 || progress.last_failure.empty())
    return "";
  constexpr std::size_t kMostShown = 80;
  std::string shown = progress.last_failure.substr(0, kMostShown);
  std::replace(shown.begin(), shown.end(), '\n', ' ');
  return " (the last: " + shown + ")";
}

// Prints a progress line once a run has taken a second, on one line when stderr is a terminal.
std::function<void(const adapters::Progress &)> progress_printer(bool quiet) {
  if (quiet)
    return {};
  const bool terminal = isatty(STDERR_FILENO) != 0;
  return [terminal, printed = false](const adapters::Progress &progress) mutable {
    if (progress.wall_elapsed < std::chrono::seconds(1))
      return;
    std::cerr << (terminal ? "\r" : "") << "ivsim: " << progress.done << "/" << progress.total
              << " deliveries, virtual time " << format_rfc3339(progress.virtual_time) << ", "
              << progress.retries << " retries, " << progress.failures << " failures"
              << last_failure(progress) << (terminal ? "\x1b[K" : "")
              << (terminal && progress.done < progress.total ? "" : "\n") << std::flush;
    printed = true;
  };
}

std::optional<std::uint64_t> seed_of(const Plan &plan) {
  const auto seed = plan.generator.find("seed");
  if (seed == plan.generator.end() || !seed->is_number_unsigned())
    return std::nullopt;
  return seed->get<std::uint64_t>();
}

// "run 3 of 10 failed (runs 1-2 passed)", "all 10 runs passed": what --repeat saw.
std::string repeat_outcome(std::uint32_t runs, std::uint32_t repeat, oracle::Verdict last) {
  if (last == oracle::Verdict::pass)
    return "all " + std::to_string(repeat) + " runs passed";
  std::string text = "run " + std::to_string(runs) + " of " + std::to_string(repeat) + " " +
                     (last == oracle::Verdict::fail ? "failed" : "gave no verdict");
  if (runs == 2)
    text += " (run 1 passed)";
  else if (runs > 2)
    text += " (runs 1-" + std::to_string(runs - 1) + " passed)";
  return text;
}

int run_checked(std::string_view command, const Arguments &arguments, std::ostream &out,
                const CommandHelp &help, bool allow_generator) {
  po::options_description options;
  if (allow_generator)
    options.add(generator_options());
  options.add(sut_options()).add(report_options());
  options.add_options()("file", po::value<std::string>()->value_name("FILE"),
                        "scenario or plan file (first word)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto values = parse_command_line(command, arguments, options, positional, help, out);
  if (!values)
    return exit_success;
  const std::optional<std::string> file = option_text(*values, "file");
  if (!file && !allow_generator)
    throw InputError("replay: expected a plan file (see ivsim replay --help)");

  const std::filesystem::path directory = (*values)["out"].as<std::string>();
  require_writable("out", directory, /*is_directory=*/true);
  // Made now rather than after the run, so --junit and --html may point into it.
  std::error_code not_yet; // save_run reports a directory that cannot be made
  std::filesystem::create_directories(directory, not_yet);
  for (const char *flag : {"junit", "html"})
    if (values->count(flag) != 0)
      require_writable(flag, (*values)[flag].as<std::string>(), /*is_directory=*/false);

  const PlanSource source = resolve_plan(*values, file);
  if (source.generated && !allow_generator)
    throw InputError("replay: " + *file +
                     " holds a generator spec, not a plan, and a spec may realise differently in "
                     "another ivsim version; run it with ivsim run " +
                     *file + ", or replay the plan.json that run saves");
  const std::uint64_t seed = seed_of(source.plan).value_or(0);
  Sut sut = sut_from_options(*values, seed);
  sut.dispatch.on_progress = progress_printer((*values)["quiet"].as<bool>());
  CheckOptions check;
  check.scope = values->count("scope") != 0
                    ? oracle::Scope::parse((*values)["scope"].as<std::string>())
                    : oracle::Scope(source.scope);
  check.every_step = (*values)["check-every"].as<bool>();

  const std::uint32_t repeat = (*values)["repeat"].as<std::uint32_t>();
  if (repeat == 0)
    throw InputError("--repeat: expected at least 1, got 0");
  auto [run, runs] = run_until_not_pass(source.plan, sut, check, repeat);
  run.report.context.name = source.origin;
  run.report.context.seed = seed_of(source.plan);
  run.report.context.replay_command = "ivsim replay " + (directory / "plan.json").string() +
                                      sut_flags(*values) +
                                      (check.every_step ? " --check-every" : "") +
                                      (repeat > 1 ? " --repeat " + std::to_string(repeat) : "");
  save_run(directory, source.plan, source.description, run, check.scope);
  if (values->count("junit") != 0)
    write_report_file("junit", (*values)["junit"].as<std::string>(), oracle::to_junit(run.report));
  if (values->count("html") != 0)
    write_report_file("html", (*values)["html"].as<std::string>(),
                      to_html({source.plan, run.result, run.report}));

  print_state_notes(std::cerr, run.state_notes);
  if (run.report.verdict == oracle::Verdict::pass && run.report.fields_checked == 0)
    std::cerr << "ivsim: warning: nothing was compared: no field of the expectation or of the "
                 "SUT's state is in the scope ("
              << run.report.scope << ")\n";
  if ((*values)["json"].as<bool>()) {
    out << report_json(run).dump(2, ' ', false, oracle::Json::error_handler_t::replace) << "\n";
  } else {
    out << report_text(run);
    if (repeat > 1)
      out << "repeat: " << repeat_outcome(runs, repeat, run.report.verdict) << "\n";
    out << "deliveries: " << format_counts(run.result.counts) << "\n";
    out << "saved: " << directory.string()
        << "/{plan,history,report}.json, report.txt, report.html\n";
  }
  if (run.result.interrupted)
    return exit_code_of_interruption(adapters::interrupted());
  return exit_code_of(run.report.verdict);
}

int run_from_file_or_spec(const Arguments &arguments, std::ostream &out) {
  return run_checked("run", arguments, out, kRunHelp, /*allow_generator=*/true);
}

int replay(const Arguments &arguments, std::ostream &out) {
  return run_checked("replay", arguments, out, kReplayHelp, /*allow_generator=*/false);
}

} // namespace

Command run_command() {
  return {"run", "replay a plan to a live SUT and check the state it ends in",
          &run_from_file_or_spec};
}

Command replay_command() {
  return {"replay", "re-run a saved plan exactly against a live SUT", &replay};
}

} // namespace ivsim::cli
