// Generators of world options, fault options, generator specs, timelines and generated plans.
#include "ivsim/rapidcheck.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

namespace ivsim::rc_gen {

using namespace std::chrono_literals;

namespace {

// One of `values`, equally likely at every size, shrinking toward `values[0]`, the simplest.
// (RapidCheck's element and elementOf never shrink, and inRange alone leans on the first values
// at small sizes.)
template <typename T> rc::Gen<T> simplest_first(std::vector<T> values) {
  const std::size_t count = values.size();
  return rc::gen::map(rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(0, count)),
                      [values = std::move(values)](std::size_t index) { return values[index]; });
}

// Failures are rare in IVS; a small world needs them often to exercise the oracle's failure
// paths, and a shrunk counterexample is clearer without them.
rc::Gen<double> failure_probability(double often) {
  return simplest_first<double>({0.0, often, often, often});
}

} // namespace

rc::Gen<sim::WorldOptions> world_options() {
  return rc::gen::apply(
      [](std::uint32_t channels, std::uint32_t stages, int minutes, double recording_share,
         double reconnect, int window, bool start_on_reconnect, double unmerged,
         double stream_failure, double not_live, double recording_failure,
         double composition_failure) {
        sim::WorldOptions world;
        // A world of nothing tests nothing: the least a case holds is one channel.
        world.channels = channels == 0 && stages == 0 ? 1 : channels;
        world.stages = stages;
        world.duration = std::chrono::minutes{minutes};
        // Short broadcasts and gaps, so even a short span has several streams per channel and
        // the reconnect window (at most 300 s) is often hit.
        world.broadcast_length = 10min;
        world.idle_between_broadcasts = 5min;
        world.stage_session_length = 15min;
        world.idle_between_stage_sessions = 5min;
        world.recording_share = recording_share;
        world.reconnect_probability = reconnect;
        world.reconnect_window_max = std::chrono::seconds{window};
        world.recording_start_on_reconnect = start_on_reconnect;
        world.unmerged_reconnect_probability = unmerged;
        world.stream_failure_probability = stream_failure;
        world.not_live_session_probability = not_live;
        world.recording_start_failure_probability = recording_failure;
        world.recording_end_failure_probability = recording_failure;
        world.participant_recording_failure_probability = recording_failure;
        world.destination_failure_probability = composition_failure;
        world.composition_failure_probability = composition_failure;
        return world;
      },
      rc::gen::inRange<std::uint32_t>(0, 4), rc::gen::inRange<std::uint32_t>(0, 3),
      rc::gen::inRange(15, 241), simplest_first<double>({0.0, 0.5, 0.9}),
      simplest_first<double>({0.0, 0.5, 0.95}), simplest_first<int>({0, 2, 30, 300}),
      rc::gen::arbitrary<bool>(), simplest_first<double>({0.0, 0.5}), failure_probability(0.1),
      failure_probability(0.1), failure_probability(0.05), failure_probability(0.2));
}

rc::Gen<sim::FaultOptions> fault_options() {
  return rc::gen::apply(
      [](const std::string &preset, double boost, Duration late_max, Duration duplicate_max) {
        sim::FaultOptions faults;
        sim::apply_preset(faults, preset);
        if (boost > 0) {
          faults.drop_probability = boost / 4;
          faults.late_probability = boost / 2;
          faults.swap_probability = boost;
          faults.duplicate_probability = boost / 2;
          faults.group_probability = boost;
          faults.cross_stream_probability = boost;
        }
        faults.late_max = late_max;
        faults.late_min = std::min(faults.late_min, late_max);
        faults.duplicate_delay_max = duplicate_max;
        return faults;
      },
      simplest_first(sim::preset_names()), // "none" first, in order of hostility
      simplest_first<double>({0.0, 0.0, 0.3, 1.0}), simplest_first<Duration>({2min, 20min, 3h, 6h}),
      simplest_first<Duration>({1min, 1h, 6h}));
}

rc::Gen<sim::FaultOptions> fault_preset(std::string_view preset) {
  sim::FaultOptions faults;
  sim::apply_preset(faults, preset);
  return rc::gen::just(std::move(faults));
}

rc::Gen<sim::GeneratorSpec> generator_spec(rc::Gen<sim::FaultOptions> faults) {
  return rc::gen::apply(
      [](std::uint64_t seed, sim::WorldOptions world, sim::FaultOptions fault_options) {
        return sim::GeneratorSpec{seed, std::move(world), std::move(fault_options)};
      },
      rc::gen::noShrink(rc::gen::arbitrary<std::uint64_t>()), world_options(), std::move(faults));
}

rc::Gen<sim::GeneratorSpec> generator_spec() { return generator_spec(fault_options()); }

rc::Gen<std::vector<Event>> timeline() {
  return rc::gen::map(generator_spec(fault_preset("none")), [](const sim::GeneratorSpec &spec) {
    return sim::generate_timeline(spec.world, spec.seed);
  });
}

rc::Gen<Plan> plan(rc::Gen<sim::GeneratorSpec> spec) {
  return rc::gen::shrink(
      rc::gen::map(std::move(spec), [](const sim::GeneratorSpec &s) { return sim::generate(s); }),
      [](const Plan &generated) { return shrink_plan(generated); });
}

rc::Gen<Plan> plan() { return plan(generator_spec()); }

} // namespace ivsim::rc_gen
