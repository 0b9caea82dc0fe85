#include "ivsim/sim/generator.hpp"

#include "knob_table.hpp"

#include "ivsim/error.hpp"

#include <cassert>

namespace ivsim::sim {

namespace {

const KnobImpl &impl_of(const KnobInfo &knob) {
  const KnobImpl *impl = find_knob(knob.section, knob.name);
  if (impl == nullptr)
    throw InputError("unknown " + std::string(knob.section) + " option \"" +
                     std::string(knob.name) + "\"");
  return *impl;
}

} // namespace

const std::vector<KnobInfo> &knobs() {
  static const std::vector<KnobInfo> infos = [] {
    std::vector<KnobInfo> result;
    for (const KnobImpl &impl : knob_table())
      result.push_back(impl.info);
    return result;
  }();
  return infos;
}

void set_knob(GeneratorSpec &spec, const KnobInfo &knob, const nlohmann::ordered_json &value,
              const std::string &pointer) {
  const KnobImpl &impl = impl_of(knob);
  impl.set(spec, impl, value, pointer);
}

nlohmann::ordered_json get_knob(const GeneratorSpec &spec, const KnobInfo &knob) {
  return impl_of(knob).get(spec);
}

} // namespace ivsim::sim
