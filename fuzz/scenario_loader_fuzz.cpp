// Fuzzes the scenario loader (ivsim::parse_scenario and the generator spec inside it): bad input
// throws InputError, and an accepted scenario saves to text that loads back as the same plan.
#include "fuzz_target.hpp"

#include "ivsim/scenario_file.hpp"
#include "ivsim/sim/generator.hpp"

#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace ivsim;
  std::optional<Scenario> scenario;
  std::optional<sim::GeneratorSpec> spec;
  try {
    scenario = parse_scenario(std::string(fuzz::as_text(data, size)), "fuzz.json");
    // What `ivsim generate --scenario` does with the spec (realising it is not parsing, and a
    // valid spec may ask for a day of a thousand channels).
    if (!scenario->generator.is_null()) {
      spec = sim::parse_generator_spec(scenario->generator, "/generator");
      sim::validate(*spec);
    }
  } catch (const InputError &) {
    return 0;
  }
  const std::string text = to_scenario_text(*scenario);
  const Scenario reloaded = parse_scenario(text, "saved.json");
  if (reloaded.plan.has_value() != scenario->plan.has_value())
    fuzz::broken("a saved scenario keeps its plan");
  if (reloaded.plan && reloaded.plan->deliveries != scenario->plan->deliveries)
    fuzz::broken("a saved plan loads back with the same deliveries");
  if (to_scenario_text(reloaded) != text)
    fuzz::broken("saving a loaded scenario gives the same bytes");
  if (spec && sim::to_json(sim::parse_generator_spec(sim::to_json(*spec))) != sim::to_json(*spec))
    fuzz::broken("a spec's JSON reads back as the same spec");
  return 0;
}
