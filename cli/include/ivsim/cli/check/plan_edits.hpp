// The edits a shrinker makes to a failing plan: remove events and deliveries, put late or swapped
// deliveries back on time, split concurrent groups, shorten delays. Pure functions over Plan.
#pragma once

#include "ivsim/plan.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ivsim::cli::check {

/// A set of edits to one original plan, indexed by the original plan's events and deliveries, so
/// edits stay meaningful while the materialised plan is renumbered.
struct PlanEdits {
  std::vector<bool> event_removed;      ///< per original event: the event and its deliveries go
  std::vector<bool> delivery_removed;   ///< per original delivery
  std::vector<bool> delivery_on_time;   ///< per original delivery: sent at its event's true time
  std::vector<bool> delivery_ungrouped; ///< per original delivery: sent alone, not concurrently

  /// No edits to a plan of this size.
  static PlanEdits none(const Plan &original);
  friend bool operator==(const PlanEdits &, const PlanEdits &) = default;
};

/// The plan `edits` make of `original`: kept deliveries of kept events, on-time ones moved to
/// their event's true time (dropping their delay, swap and cross-stream faults and their group),
/// ungrouped ones sent alone, re-sorted by delivery time (stably, so ties keep schedule order);
/// events left without any delivery are removed too and indices renumbered. The result always
/// passes ivsim::validate.
Plan apply_edits(const Plan &original, const PlanEdits &edits);

/// The same plan with every delivery as early as its order allows: each goes out at its event's
/// true time, or at the previous delivery's time when that is later, so hours of delay shrink to
/// nothing while the order (all that matters at --time-scale 0) and the groups stay.
Plan shorten_delays(const Plan &plan);

/// What an event belongs to, coarse to fine, for removing related events together.
enum class Grain : std::uint8_t {
  resource,  ///< a channel, a stage (with its compositions), or the account
  broadcast, ///< one stream of a channel, one session of a stage, one composition
};

/// The key of `event` at `grain`: the channel or stage ARN (a composition's stage), or "account";
/// the stream id, stage session id or composition ARN, else the resource key.
std::string group_key(const Event &event, Grain grain);

/// True when the delivery is off its true time because of a fault: delayed, swapped or held back
/// past a later stream.
bool is_out_of_order(const Delivery &delivery);

} // namespace ivsim::cli::check
