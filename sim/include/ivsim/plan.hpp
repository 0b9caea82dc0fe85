// A realised run: the true timeline of events and the delivery schedule with its faults.
#pragma once

#include "ivsim/delivery.hpp"
#include "ivsim/event.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <vector>

namespace ivsim {

/// Everything needed to replay a run bit for bit, without the seed that generated it.
struct Plan {
  /// The truth: every event the world produced, in true-time order.
  std::vector<Event> events;
  /// The schedule: every delivery (dropped ones included), sorted by `deliver_at`, ties in
  /// schedule order. Each refers to an event by index.
  std::vector<Delivery> deliveries;
  /// The generator spec (seed, world and fault options) that produced the plan, when it was
  /// generated; informational only, never needed to replay.
  nlohmann::ordered_json generator;

  friend bool operator==(const Plan &, const Plan &) = default;
};

/// Checks the invariants a plan must hold: every delivery names an existing event, deliveries are
/// sorted by time, and every event is delivered at least once or has a dropped delivery. Throws
/// InputError naming the first broken one (`deliveries[3]: event 17 does not exist (12 events)`).
void validate(const Plan &plan);

/// The events the SUT would see if every non-dropped delivery were acknowledged, one entry per
/// delivery, in schedule order (duplicates included).
std::vector<const Event *> delivered_events(const Plan &plan);

/// Two different events of a plan that carry one id, by index in `Plan::events`.
struct SharedId {
  std::uint32_t first = 0; ///< the id's first event
  std::uint32_t other = 0; ///< a later event with the same id and different content
};

/// Every id of `plan` that two different events carry (hand-written plans reuse the ids of the
/// AWS documentation's examples), one pair per id, in order of `first`. A handler that
/// de-duplicates by id applies only one of them (docs/state-contract.md, rule 1).
std::vector<SharedId> ids_shared_by_different_events(const Plan &plan);

/// Every stream id of `plan` that events of two channels name (IVS stream ids belong to one
/// channel; a hand-written plan may reuse the documentation's), one pair of events per stream id,
/// in order of `first`: the first event naming it and the first naming it under another channel.
std::vector<SharedId> streams_under_two_channels(const Plan &plan);

std::ostream &operator<<(std::ostream &out, const Plan &plan);

} // namespace ivsim
