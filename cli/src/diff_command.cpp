// `ivsim diff`: checks a state document you already have against a plan's expectation.
#include "ivsim/cli/command.hpp"
#include "ivsim/cli/command_line.hpp"
#include "ivsim/cli/generator_options.hpp"
#include "ivsim/cli/plan_source.hpp"
#include "ivsim/cli/state_notes.hpp"
#include "ivsim/error.hpp"
#include "ivsim/json_location.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/oracle/report.hpp"

#include <iostream>

namespace ivsim::cli {

namespace {

namespace po = boost::program_options;

constexpr CommandHelp kDiffHelp = {
    "ivsim diff PLAN ACTUAL [--scope PATHS] [--format text|json|junit]",
    "Compares ACTUAL, a state document read from your handler (docs/state-contract.md), with\n"
    "what a correct handler holds after PLAN's non-dropped deliveries, field by field, and\n"
    "prints a report (docs/reports.md). --scope limits the check to the parts your handler\n"
    "keeps, e.g. channels.*.live,recordings.*.playlist (default: the scenario's scope, else\n"
    "everything). Fields lost to dropped events are listed and never held against the handler.",
    "  ivsim diff plan.json state.json\n"
    "  ivsim diff plan.json state.json --scope channels.*.live --format junit > report.xml\n",
};

// The document in `path` and its notes; every error names file:line:col, as for scenario files.
oracle::ReadDocument read_actual(const std::string &path) {
  const JsonSource file = JsonSource::read_file(path);
  const oracle::Json json(file.parse());
  try {
    return oracle::read_state_document(json);
  } catch (const InputError &error) {
    file.relocate(error, ""); // its message starts with the JSON pointer of the wrong value
  }
}

oracle::Scope scope_of(const po::variables_map &values, const PlanSource &source) {
  if (values.count("scope") != 0)
    return oracle::Scope::parse(values["scope"].as<std::string>());
  return oracle::Scope(source.scope);
}

void print(std::ostream &out, const oracle::Report &report, const std::string &format) {
  if (format == "json")
    out << oracle::to_json(report).dump(2, ' ', false, oracle::Json::error_handler_t::replace)
        << "\n";
  else if (format == "junit")
    out << oracle::to_junit(report);
  else if (format == "text")
    out << oracle::to_text(report);
  else
    throw InputError("diff: --format: expected text, json or junit, got \"" + format + "\"");
}

int run_diff(const Arguments &arguments, std::ostream &out) {
  po::options_description options = generator_options();
  options.add_options()("file", po::value<std::string>()->value_name("PLAN"),
                        "the scenario or plan file (first word)")(
      "actual", po::value<std::string>()->value_name("ACTUAL"),
      "the handler's state document (second word)")(
      "scope", po::value<std::string>()->value_name("PATHS"), "comma-separated field paths")(
      "format", po::value<std::string>()->default_value("text")->value_name("FORMAT"),
      "text, json or junit");
  po::positional_options_description positional;
  positional.add("file", 1).add("actual", 1);
  const auto values = parse_command_line("diff", arguments, options, positional, kDiffHelp, out);
  if (!values)
    return exit_success;
  if (values->count("file") == 0 || values->count("actual") == 0)
    throw InputError("diff: expected a plan and a state document (see ivsim diff --help)");
  const std::string plan_path = (*values)["file"].as<std::string>();
  const std::string actual_path = (*values)["actual"].as<std::string>();
  const PlanSource source = resolve_plan(*values, plan_path);
  const oracle::Scope scope = scope_of(*values, source);
  const oracle::ReadDocument actual = read_actual(actual_path);
  print_state_notes(std::cerr, actual.notes);
  const auto acknowledged = oracle::acknowledged_deliveries(source.plan);
  const oracle::Expected expected = oracle::reduce(acknowledged);
  const oracle::Expected truth = oracle::ground_truth(source.plan);
  oracle::Report report = oracle::check(expected, actual.document, scope, &truth);
  report.context.name = source.origin;
  if (const auto seed = source.plan.generator.find("seed");
      seed != source.plan.generator.end() && seed->is_number_unsigned())
    report.context.seed = seed->get<std::uint64_t>();
  report.context.replay_command = "ivsim diff " + plan_path + " " + actual_path;
  print(out, report, (*values)["format"].as<std::string>());
  return exit_code_of(report.verdict);
}

} // namespace

Command diff_command() {
  return {"diff", "check a state document against a plan's expectation", &run_diff};
}

} // namespace ivsim::cli
