// The table behind `knobs()`: each knob's description, limits and how to read and write it.
#pragma once

#include "ivsim/sim/generator.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ivsim::sim {

/// A knob's full definition; `info` is what the public API shows.
struct KnobImpl {
  KnobInfo info;
  double min = 0; ///< lower limit (seconds for durations)
  double max = 0; ///< upper limit (seconds for durations)
  /// For text knobs: what a valid value looks like, or nullptr when any string goes.
  bool (*is_valid_text)(const std::string &) = nullptr;
  std::string_view text_expected;
  nlohmann::ordered_json (*get)(const GeneratorSpec &) = nullptr;
  void (*set)(GeneratorSpec &, const KnobImpl &, const nlohmann::ordered_json &,
              const std::string &) = nullptr;
};

/// Every knob, world first, in documentation order.
const std::vector<KnobImpl> &knob_table();

/// The knob named `name` in `section`, or nullptr.
const KnobImpl *find_knob(std::string_view section, std::string_view name);

} // namespace ivsim::sim
