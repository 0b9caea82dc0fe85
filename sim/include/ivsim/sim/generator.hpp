// The generator spec (seed, world and fault options) and the one call that realises it as a Plan.
#pragma once

#include "ivsim/plan.hpp"
#include "ivsim/sim/faults.hpp"
#include "ivsim/sim/world.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim::sim {

/// Everything that determines a generated plan. Same spec, same plan, bit for bit.
struct GeneratorSpec {
  std::uint64_t seed = 1;
  WorldOptions world;
  FaultOptions faults; ///< starts from the `realistic` preset
};

/// Checks every knob's range and the constraints between knobs (late_min <= late_max, ...).
/// Throws InputError naming the knob's JSON pointer (`/faults/late_min: ...`).
void validate(const GeneratorSpec &spec);

/// Generates the world's timeline from `spec.seed` and `spec.world`, then schedules it with
/// `spec.faults`. World and faults draw from independent sub-streams of the seed, so changing a
/// fault knob never changes the events. Throws InputError for options out of range.
Plan generate(const GeneratorSpec &spec);

/// What a knob holds, which decides how its value is written in JSON and on the command line.
enum class KnobType {
  count,       ///< a whole number >= 0: 3
  probability, ///< a number in [0, 1]: 0.05
  rate,        ///< a number >= 0 (events per hour, say): 1.5
  duration,    ///< a duration with a unit: "90s", "3h"
  flag,        ///< true or false
  text,        ///< a string: "us-west-2"
  per_kind,    ///< an object from event kind ("Stream End", "IVS Limit Breach") to a probability
};

/// One tunable option, described once so JSON, the CLI and --help agree.
struct KnobInfo {
  std::string_view section; ///< "world" or "faults" (the JSON object it lives in)
  std::string_view name;    ///< JSON key; the CLI flag is --<name with '_' as '-'>
  KnobType type;
  std::string_view help; ///< one sentence, with the IVS fact behind the default
};

/// Every world and fault knob, world first, in documentation order.
const std::vector<KnobInfo> &knobs();

/// Sets one knob from its JSON value. Throws InputError("<pointer>: expected ..., got ...") when
/// the value has the wrong type or range; `pointer` is where the value came from, for the message.
void set_knob(GeneratorSpec &spec, const KnobInfo &knob, const nlohmann::ordered_json &value,
              const std::string &pointer);

/// The current value of one knob as JSON.
nlohmann::ordered_json get_knob(const GeneratorSpec &spec, const KnobInfo &knob);

/// Replaces the fault options with a preset: "none", "realistic" or "hostile". Throws InputError
/// listing the presets for any other name.
void apply_preset(FaultOptions &faults, std::string_view preset);

/// The preset names, in order of increasing hostility.
const std::vector<std::string> &preset_names();

/// Reads {"seed": 42, "world": {...}, "faults": {"preset": "hostile", ...}}: every part
/// optional, the preset applied before the other fault knobs. Unknown keys are errors (a typo must
/// not silently become a default). Errors name `pointer` + the JSON pointer inside the spec.
GeneratorSpec parse_generator_spec(const nlohmann::ordered_json &json,
                                   const std::string &pointer = "");

/// The spec with every knob written out, so a saved plan says exactly how it was made.
nlohmann::ordered_json to_json(const GeneratorSpec &spec);

} // namespace ivsim::sim
