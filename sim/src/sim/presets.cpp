// The fault presets: none, realistic (rare faults, as production sees them), hostile.
#include "ivsim/sim/generator.hpp"

#include "ivsim/error.hpp"

namespace ivsim::sim {

namespace {

using namespace std::chrono_literals;

FaultOptions none() {
  FaultOptions faults;
  faults.drop_probability = 0;
  faults.drop_by_kind.clear();
  faults.latency_max = 0s;
  faults.late_probability = 0;
  faults.swap_probability = 0;
  faults.duplicate_probability = 0;
  faults.group_probability = 0;
  faults.cross_stream_probability = 0;
  return faults;
}

// Every fault often: roughly one event in ten is late or duplicated, every same-second
// broadcast group races, and half of all stream changes leak an event across streams.
FaultOptions hostile() {
  FaultOptions faults;
  faults.drop_probability = 0.05;
  faults.latency_max = 5s;
  faults.late_probability = 0.1;
  faults.late_min = 1min;
  faults.late_max = 6h;
  faults.swap_probability = 0.2;
  faults.swap_window = 10s;
  faults.duplicate_probability = 0.1;
  faults.duplicate_delay_max = 6h;
  faults.group_probability = 1.0;
  faults.cross_stream_probability = 0.5;
  return faults;
}

} // namespace

const std::vector<std::string> &preset_names() {
  static const std::vector<std::string> names = {"none", "realistic", "hostile"};
  return names;
}

void apply_preset(FaultOptions &faults, std::string_view preset) {
  if (preset == "none")
    faults = none();
  else if (preset == "realistic")
    faults = FaultOptions{}; // the defaults are the realistic preset
  else if (preset == "hostile")
    faults = hostile();
  else
    throw InputError("unknown fault preset \"" + std::string(preset) +
                     "\"; expected \"none\", \"realistic\" or \"hostile\"");
}

} // namespace ivsim::sim
