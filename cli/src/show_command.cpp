// `ivsim show`: the timeline of a plan, from a scenario file or a generated run.
#include "ivsim/cli/command.hpp"

#include "ivsim/cli/command_line.hpp"
#include "ivsim/cli/generator_options.hpp"
#include "ivsim/cli/plan_source.hpp"
#include "ivsim/cli/timeline.hpp"
#include "option_text.hpp"

namespace ivsim::cli {

namespace {

namespace po = boost::program_options;

constexpr CommandHelp kShowHelp = {
    "ivsim show [FILE] [--seed N] [--preset NAME] [--<knob> VALUE ...]",
    "Prints a plan's timeline, one delivery per line in delivery order: when it is delivered on\n"
    "the virtual clock, the event's true time, the delay between them, the copy number\n"
    "(duplicates share the event id), the concurrent group, the faults behind it, and the event.\n"
    "Then a summary: counts per fault, drops, late deliveries (more than 1m after the true\n"
    "time) and the largest delay. FILE is a scenario file; a file with only a \"generator\"\n"
    "spec, or no FILE, shows the run the generator flags describe.",
    "  ivsim show scenarios/duplicates/stream_start_delivered_twice.json\n"
    "  ivsim show plan.json                             # a plan written by ivsim generate -o\n"
    "  ivsim show --seed 7 --preset hostile             # a generated run, without a file\n"
    "  ivsim show scenarios/generated/hostile_seed_7.json --late-probability 0.5\n",
};

int run_show(const Arguments &arguments, std::ostream &out) {
  po::options_description options = generator_options();
  options.add_options()("file", po::value<std::string>()->value_name("FILE"),
                        "the scenario file to show (also the first word without a flag)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto values = parse_command_line("show", arguments, options, positional, kShowHelp, out);
  if (!values)
    return exit_success;
  std::optional<std::string> path = option_text(*values, "file");
  if (!path)
    path = option_text(*values, "scenario");
  const PlanSource source = resolve_plan(*values, path);
  out << source.origin << "\n";
  if (!source.description.empty())
    out << source.description << "\n";
  out << "\n";
  print_timeline(out, source.plan);
  out << "\n";
  print_summary(out, summarize(source.plan));
  return exit_success;
}

} // namespace

Command show_command() {
  return {"show", "print a plan's timeline and fault summary (from a file or a seed)", &run_show};
}

} // namespace ivsim::cli
