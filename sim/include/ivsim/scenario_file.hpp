// Scenario files: a generator spec, an explicit plan (events plus deliveries), or both, as JSON.
#pragma once

#include "ivsim/json_location.hpp"
#include "ivsim/plan.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ivsim {

/// One scenario file, as docs/scenario-format.md describes it.
struct Scenario {
  /// What the scenario exercises, in a sentence or two; "" when the file has none.
  std::string description;
  /// The generator spec ({"seed": ..., "world": {...}, "faults": {...}}) as written, or null.
  /// ivsim_sim realises it (the model cannot depend on the generator). When `plan` is present the
  /// spec only records how the plan was made and is never realised; `plan->generator` holds it too.
  nlohmann::ordered_json generator;
  /// The explicit plan, present when the file has "events". Deliveries are sorted by time.
  std::optional<Plan> plan;
  /// Field paths of the canonical state to check ("channels.*.live"); empty means everything.
  std::vector<std::string> scope;
  /// The text the scenario was read from, for locating errors found later (in the generator
  /// spec, say); null for a scenario built in memory.
  std::shared_ptr<const JsonSource> source;
};

/// Parses scenario JSON text; `name` is the file name used in messages. Throws InputError
/// "<name>:<line>:<col>: <pointer>: expected ..., got ..." for anything malformed: bad JSON, an
/// unknown key, an event ivsim::parse_event rejects, a delivery naming an unknown event, a time
/// that is not a time, an event that is never delivered.
Scenario parse_scenario(std::string text, std::string name);

/// Reads and parses the scenario file at `path`; errors as parse_scenario, named by the path.
Scenario load_scenario(const std::string &path);

/// The scenario as JSON, in the order description, generator, scope, events, deliveries. Events
/// are written verbatim (ivsim::to_json); each delivery names its event by id when the id is
/// unique in the plan, by index otherwise, and leaves out what loading would infer, so parsing
/// the result gives back an equal plan.
nlohmann::ordered_json to_json(const Scenario &scenario);

/// Pretty JSON text of `to_json(scenario)`, one delivery per line, ending in a newline: the exact
/// bytes `save_scenario` writes (the same plan always gives the same bytes).
std::string to_scenario_text(const Scenario &scenario);

/// Writes `to_scenario_text(scenario)` to `path`. Throws InputError when the file cannot be
/// written.
void save_scenario(const std::string &path, const Scenario &scenario);

/// A scenario holding `plan` (and its generator spec), with an optional description.
Scenario scenario_from_plan(Plan plan, std::string description = "");

/// The copy number a delivery gets when its "copy" is left out: how many deliveries of the same
/// event come before it in `deliveries` (in schedule order).
std::vector<std::uint16_t> implied_copies(const std::vector<Delivery> &deliveries);

} // namespace ivsim
