// Public RapidCheck generators of ivsim's inputs (world and fault options, generator specs,
// timelines, plans, delivery orders) that print readably and shrink toward smaller worlds.
#pragma once

#include "ivsim/event.hpp"
#include "ivsim/plan.hpp"
#include "ivsim/sim/generator.hpp"

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

/// Generators for property tests of IVS event handlers (docs/property-testing.md). Every
/// generator is deterministic in RapidCheck's seed, so a failure replays from its `reproduce=`
/// string, and shrinks toward the smallest input that still fails.
namespace ivsim::rc_gen {

/// A small world (0-3 channels, 0-2 stages, never neither; 15 minutes to 4 hours) with short
/// broadcasts, so a property runs in milliseconds, also under sanitizers. The first cases (small
/// RapidCheck sizes) are one short channel. Shrinks toward one channel and no stage, a shorter
/// span, no recordings, no reconnects and no failures.
rc::Gen<sim::WorldOptions> world_options();

/// Fault options: a preset ("none", "realistic", "hostile"), each equally likely, in half the
/// cases with every fault turned up further. Shrinks toward `none`, no boost, and the shortest
/// late and duplicate delays.
rc::Gen<sim::FaultOptions> fault_options();

/// Exactly the named preset, never shrunk. Throws InputError for an unknown preset name.
rc::Gen<sim::FaultOptions> fault_preset(std::string_view preset);

/// A generator spec: a seed, `world_options()` and `faults`. The seed never shrinks: each
/// channel and stage draws from its own sub-stream of it, so shrinking the world under a fixed
/// seed removes channels and stages while the rest of the world stays as it was.
rc::Gen<sim::GeneratorSpec> generator_spec(rc::Gen<sim::FaultOptions> faults);

/// `generator_spec(fault_options())`.
rc::Gen<sim::GeneratorSpec> generator_spec();

/// The true timeline of a generated world (sim::generate_timeline), shrinking with its world.
rc::Gen<std::vector<Event>> timeline();

/// A realised plan, `sim::generate(spec)`. Shrinks first through the spec (fewer channels,
/// stages and faults, smaller delays) and then element-wise (see `shrink_plan`).
rc::Gen<Plan> plan(rc::Gen<sim::GeneratorSpec> spec);

/// `plan(generator_spec())`.
rc::Gen<Plan> plan();

/// The element-wise shrinks of an explicit plan, each a valid plan that loads: without a range
/// of events (and their deliveries), without one extra delivery of an event, and with one
/// delivery made plain (not dropped, not grouped, no faults, at its event's true time). A shrunk
/// plan no longer matches a generator spec, so its `generator` is null.
rc::Seq<Plan> shrink_plan(const Plan &plan);

/// An order in which `count` items (0 .. count-1) reach a handler: each item once, in any order,
/// plus some items again (at-least-once redelivery). Shrinks toward the given order and no
/// repeats.
rc::Gen<std::vector<std::uint32_t>> delivery_order(std::size_t count);

/// A subset of `count` items as their indexes, ascending. Shrinks toward keeping every item.
rc::Gen<std::vector<std::uint32_t>> subset(std::size_t count);

/// The events a handler receives in one run, in the order it receives them, and the plan that
/// delivers exactly those, one at a time, in that order. Reads as a `std::vector<Event>` (it
/// converts to one and iterates like one); prints as that plan's scenario file, so a failing
/// order can be saved and replayed as it failed (`ivsim show FILE`, `ivsim replay FILE`).
struct DeliveredEvents {
  std::vector<Event> events; ///< in delivery order, redeliveries included
  Plan plan; ///< the events of the original plan; its deliveries are `events`, in order

  operator const std::vector<Event> &() const { return events; }
  std::vector<Event>::const_iterator begin() const { return events.begin(); }
  std::vector<Event>::const_iterator end() const { return events.end(); }
  std::size_t size() const { return events.size(); }
  bool empty() const { return events.empty(); }
  const Event &operator[](std::size_t index) const { return events[index]; }
};

/// The events a handler sees when it acknowledges every delivery of `plan` that is not dropped:
/// that multiset (duplicates included) in any order, some delivered again. Each delivery's place
/// comes from its identity (event id and copy), so when the plan shrinks the deliveries that
/// remain keep their order and a failing order keeps failing. Shrinks toward schedule order and
/// no redeliveries. Copies the plan's events (cheap: their strings are shared).
rc::Gen<DeliveredEvents> delivered_events(const Plan &plan);

/// The items of `items` at `indexes`, in that order.
template <typename T>
std::vector<T> pick(const std::vector<T> &items, const std::vector<std::uint32_t> &indexes) {
  std::vector<T> out;
  out.reserve(indexes.size());
  for (const std::uint32_t index : indexes)
    out.push_back(items.at(index));
  return out;
}

} // namespace ivsim::rc_gen

namespace ivsim {

/// Prints a plan as the scenario file that replays it (`ivsim replay FILE`).
void showValue(const Plan &plan, std::ostream &out);

namespace rc_gen {
/// Prints the plan that delivers the events in this order, as a scenario file.
void showValue(const DeliveredEvents &delivered, std::ostream &out);
} // namespace rc_gen

} // namespace ivsim

namespace ivsim::sim {

/// Prints the spec as a scenario file, `{"generator": ...}`, which `ivsim generate --scenario`
/// and `ivsim run` read.
void showValue(const GeneratorSpec &spec, std::ostream &out);
/// Prints the world knobs as the spec's "world" JSON.
void showValue(const WorldOptions &world, std::ostream &out);
/// Prints the fault knobs as the spec's "faults" JSON.
void showValue(const FaultOptions &faults, std::ostream &out);

} // namespace ivsim::sim

namespace rc {

/// `ivsim::rc_gen::world_options()`.
template <> struct Arbitrary<ivsim::sim::WorldOptions> {
  static Gen<ivsim::sim::WorldOptions> arbitrary() { return ivsim::rc_gen::world_options(); }
};

/// `ivsim::rc_gen::fault_options()`.
template <> struct Arbitrary<ivsim::sim::FaultOptions> {
  static Gen<ivsim::sim::FaultOptions> arbitrary() { return ivsim::rc_gen::fault_options(); }
};

/// `ivsim::rc_gen::generator_spec()`.
template <> struct Arbitrary<ivsim::sim::GeneratorSpec> {
  static Gen<ivsim::sim::GeneratorSpec> arbitrary() { return ivsim::rc_gen::generator_spec(); }
};

/// `ivsim::rc_gen::plan()`.
template <> struct Arbitrary<ivsim::Plan> {
  static Gen<ivsim::Plan> arbitrary() { return ivsim::rc_gen::plan(); }
};

} // namespace rc
