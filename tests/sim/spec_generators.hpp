// RapidCheck generators of small generator specs, and printing, shared by the sim tests.
#pragma once

#include "ivsim/sim/generator.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <ostream>

namespace ivsim::sim {

/// Counterexamples print as the spec's JSON, which `ivsim generate` can replay.
inline void showValue(const GeneratorSpec &spec, std::ostream &out) { out << to_json(spec).dump(); }

} // namespace ivsim::sim

namespace ivsim::sim::testing {

using namespace std::chrono_literals;

/// A small world (a few channels and stages over 1-4 hours) that exercises reconnects, so the
/// laws are checked quickly, also under sanitizers.
inline rc::Gen<WorldOptions> small_world() {
  return rc::gen::apply(
      [](std::uint32_t channels, std::uint32_t stages, int hours, double reconnect,
         bool start_on_reconnect, int window) {
        WorldOptions world;
        world.channels = channels;
        world.stages = stages;
        world.duration = std::chrono::hours{hours};
        world.broadcast_length = 10min;
        world.idle_between_broadcasts = 5min;
        world.recording_share = 0.9;
        world.reconnect_probability = reconnect;
        world.recording_start_on_reconnect = start_on_reconnect;
        world.reconnect_window_max = std::chrono::seconds{window};
        world.stream_failure_probability = 0.1;
        world.recording_start_failure_probability = 0.05;
        world.recording_end_failure_probability = 0.05;
        return world;
      },
      rc::gen::inRange<std::uint32_t>(0, 4), rc::gen::inRange<std::uint32_t>(0, 3),
      rc::gen::inRange(1, 5), rc::gen::element(0.0, 0.5, 0.95), rc::gen::arbitrary<bool>(),
      rc::gen::element(0, 2, 30, 300));
}

/// A fault preset, sometimes with every fault knob turned up further.
inline rc::Gen<FaultOptions> any_faults() {
  return rc::gen::apply(
      [](const std::string &preset, double boost) {
        FaultOptions faults;
        apply_preset(faults, preset);
        if (boost > 0) {
          faults.drop_probability = boost / 4;
          faults.late_probability = boost / 2;
          faults.swap_probability = boost;
          faults.duplicate_probability = boost / 2;
          faults.group_probability = boost;
          faults.cross_stream_probability = boost;
        }
        return faults;
      },
      rc::gen::elementOf(preset_names()), rc::gen::element(0.0, 0.3, 1.0));
}

inline rc::Gen<GeneratorSpec> small_spec() {
  return rc::gen::apply(
      [](std::uint64_t seed, WorldOptions world, FaultOptions faults) {
        return GeneratorSpec{seed, std::move(world), std::move(faults)};
      },
      rc::gen::arbitrary<std::uint64_t>(), small_world(), any_faults());
}

} // namespace ivsim::sim::testing
