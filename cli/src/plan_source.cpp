#include "ivsim/cli/plan_source.hpp"

#include "ivsim/cli/generator_options.hpp"
#include "ivsim/error.hpp"

#include <iostream>

namespace ivsim::cli {

Plan generate_plan(const sim::GeneratorSpec &spec) {
  Plan plan = sim::generate(spec);
  if (plan.generator.is_null())
    plan.generator = sim::to_json(spec);
  return plan;
}

namespace {

// Hand-written plans built from the AWS documentation's examples reuse their ids; the oracle
// then follows rule 1 (one event per id), which silently ignores the later event in a
// sequential schedule. Say so once per id, with the indexes the scenario format accepts.
void warn_about_shared_ids(const Plan &plan, const std::string &path) {
  constexpr std::size_t kMostListed = 5;
  const std::vector<SharedId> shared = ids_shared_by_different_events(plan);
  for (std::size_t i = 0; i < shared.size() && i < kMostListed; ++i)
    std::cerr << "ivsim: warning: " << path << ": events " << shared[i].first << " and "
              << shared[i].other << " are different events with the same id \""
              << plan.events[shared[i].first].id
              << "\"; a handler that de-duplicates by id applies only the first it receives "
                 "(state-contract rule 1): give each event its own id\n";
  if (shared.size() > kMostListed)
    std::cerr << "ivsim: warning: " << path << ": " << shared.size() - kMostListed
              << " more ids are shared by different events\n";
}

} // namespace

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
    warn_about_shared_ids(*scenario->plan, *scenario_path);
    return {*scenario->plan, *scenario_path, scenario->description, scenario->scope};
  }
  const sim::GeneratorSpec spec = spec_from_options(options, scenario ? &*scenario : nullptr);
  PlanSource source{
      generate_plan(spec), "generated from seed " + std::to_string(spec.seed), "", {}, true};
  if (scenario) {
    source.origin = *scenario_path + ", " + source.origin;
    source.description = scenario->description;
    source.scope = scenario->scope;
  }
  return source;
}

} // namespace ivsim::cli
