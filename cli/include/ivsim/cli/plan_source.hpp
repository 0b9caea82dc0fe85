// Where a command's plan comes from: a scenario file's explicit plan, or a generated run.
#pragma once

#include "ivsim/plan.hpp"
#include "ivsim/scenario_file.hpp"
#include "ivsim/sim/generator.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <string>

namespace ivsim::cli {

/// A plan and a line saying where it came from, for headers and reports.
struct PlanSource {
  Plan plan;
  std::string origin;      ///< "scenarios/a.json" or "generated from seed 7"
  std::string description; ///< the scenario's description, or ""
  std::vector<std::string> scope;
  bool generated = false; ///< realised from a generator spec, not read as an explicit plan
};

/// The plan a command works on. With `scenario_path` holding an explicit plan, that plan (no
/// generator flags allowed). Otherwise the spec from the file's "generator" (if any) and the
/// flags, realised by ivsim::sim::generate. Throws InputError for a bad file, a bad flag, or
/// generator flags next to an explicit plan.
PlanSource resolve_plan(const boost::program_options::variables_map &options,
                        const std::optional<std::string> &scenario_path);

/// Realises `spec`, recording it in the plan so a saved plan says how it was made.
Plan generate_plan(const sim::GeneratorSpec &spec);

} // namespace ivsim::cli
