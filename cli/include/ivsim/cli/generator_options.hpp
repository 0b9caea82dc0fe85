// The flags that pick a generated run: --seed, --preset, --scenario and one flag per knob.
#pragma once

#include "ivsim/scenario_file.hpp"
#include "ivsim/sim/generator.hpp"

#include <boost/program_options.hpp>

#include <optional>

namespace ivsim::cli {

/// --seed, --preset, --scenario FILE and --<knob> for every ivsim::sim::knobs() entry (the knob
/// name with '_' as '-'), each with the knob's help sentence.
boost::program_options::options_description generator_options();

/// True when any flag of generator_options() other than --scenario was given.
bool has_generator_flags(const boost::program_options::variables_map &options);

/// The spec the flags describe: the defaults, or `scenario`'s "generator" when given; then
/// --preset (replacing the fault options), --seed and each knob flag, in that order. Throws
/// InputError located in the scenario file for a bad spec there, or naming the flag
/// ("--late-max: expected a duration like \"90s\" ..., got \"soon\"") for a bad flag value.
sim::GeneratorSpec spec_from_options(const boost::program_options::variables_map &options,
                                     const Scenario *scenario);

/// The JSON value a knob flag's text stands for: a number for counts, probabilities and rates,
/// true/false for flags, parsed JSON for per-kind maps, the text itself otherwise (and whenever
/// the text does not parse, so set_knob reports what it expected).
nlohmann::ordered_json knob_value_from_text(const sim::KnobInfo &knob, const std::string &text);

/// The CLI flag of a knob: "late_max" -> "late-max".
std::string flag_name(std::string_view knob_name);

} // namespace ivsim::cli
