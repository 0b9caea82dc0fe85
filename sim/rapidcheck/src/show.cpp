// Printing of generated values: plans as replayable scenario files, options as spec JSON.
#include "ivsim/rapidcheck.hpp"

#include "ivsim/scenario_file.hpp"

namespace ivsim {

void showValue(const Plan &plan, std::ostream &out) {
  out << to_scenario_text(
      scenario_from_plan(plan, "a RapidCheck counterexample (ivsim/rapidcheck.hpp)"));
}

namespace rc_gen {

void showValue(const DeliveredEvents &delivered, std::ostream &out) {
  out << to_scenario_text(scenario_from_plan(
      delivered.plan, "a RapidCheck counterexample (ivsim/rapidcheck.hpp): the events in the "
                      "order the handler received them, one delivery at a time"));
}

} // namespace rc_gen

} // namespace ivsim

namespace ivsim::sim {

void showValue(const GeneratorSpec &spec, std::ostream &out) {
  out << nlohmann::ordered_json{{"generator", to_json(spec)}}.dump();
}

void showValue(const WorldOptions &world, std::ostream &out) {
  GeneratorSpec spec;
  spec.world = world;
  out << to_json(spec)["world"].dump();
}

void showValue(const FaultOptions &faults, std::ostream &out) {
  GeneratorSpec spec;
  spec.faults = faults;
  out << to_json(spec)["faults"].dump();
}

} // namespace ivsim::sim
