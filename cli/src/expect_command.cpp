// `ivsim expect`: the state a correct handler must reach after a plan's deliveries.
#include "ivsim/cli/command.hpp"

#include "ivsim/cli/command_line.hpp"
#include "ivsim/cli/generator_options.hpp"
#include "ivsim/cli/plan_source.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "option_text.hpp"

namespace ivsim::cli {

namespace {

namespace po = boost::program_options;

constexpr CommandHelp kExpectHelp = {
    "ivsim expect [FILE] [--truth] [--seed N] [--preset NAME] [--<knob> VALUE ...]",
    "Prints the canonical state document (docs/state-contract.md) a correct handler holds after\n"
    "every non-dropped delivery of the plan is acknowledged. A field the delivered events cannot\n"
    "decide is written {\"one_of\": [...]}. With --truth, prints the reduction of every generated\n"
    "event instead, dropped ones included (the ground truth).",
    "  ivsim expect scenarios/ordering/stream_end_before_stream_start.json\n"
    "  ivsim expect plan.json --truth                  # what really happened\n"
    "  ivsim expect --seed 7 --preset hostile          # a generated run, without a file\n",
};

int run_expect(const Arguments &arguments, std::ostream &out) {
  po::options_description options = generator_options();
  options.add_options()("file", po::value<std::string>()->value_name("FILE"),
                        "the scenario or plan file (also the first word without a flag)")(
      "truth", po::bool_switch(), "print the ground truth (every generated event) instead");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto values =
      parse_command_line("expect", arguments, options, positional, kExpectHelp, out);
  if (!values)
    return exit_success;
  const std::optional<std::string> path = option_text(*values, "file");
  const PlanSource source = resolve_plan(*values, path);
  const auto acknowledged = oracle::acknowledged_deliveries(source.plan);
  const oracle::Expected expected = (*values)["truth"].as<bool>()
                                        ? oracle::ground_truth(source.plan)
                                        : oracle::reduce(acknowledged);
  out << oracle::to_json(expected).dump(2, ' ', false, oracle::Json::error_handler_t::replace)
      << "\n";
  return exit_success;
}

} // namespace

Command expect_command() {
  return {"expect", "print the state a correct handler must reach after a plan", &run_expect};
}

} // namespace ivsim::cli
