#include "ivsim/cli/plan_source.hpp"

#include "ivsim/cli/generator_options.hpp"
#include "ivsim/error.hpp"

namespace ivsim::cli {

Plan generate_plan(const sim::GeneratorSpec &spec) {
  Plan plan = sim::generate(spec);
  if (plan.generator.is_null())
    plan.generator = sim::to_json(spec);
  return plan;
}

PlanSource resolve_plan(const boost::program_options::variables_map &options,
                        const std::optional<std::string> &scenario_path) {
  std::optional<Scenario> scenario;
  if (scenario_path)
    scenario = load_scenario(*scenario_path);
  if (scenario && scenario->plan) {
    // An explicit plan replays as written; its "generator" is provenance, never re-run.
    if (has_generator_flags(options))
      throw InputError(*scenario_path +
                       ": holds an explicit plan (\"events\"), so generator flags do not apply; "
                       "drop them, or regenerate with ivsim generate --scenario " +
                       *scenario_path);
    return {*scenario->plan, *scenario_path, scenario->description, scenario->scope};
  }
  const sim::GeneratorSpec spec = spec_from_options(options, scenario ? &*scenario : nullptr);
  PlanSource source{
      generate_plan(spec), "generated from seed " + std::to_string(spec.seed), "", {}};
  if (scenario) {
    source.origin = *scenario_path + ", " + source.origin;
    source.description = scenario->description;
    source.scope = scenario->scope;
  }
  return source;
}

} // namespace ivsim::cli
