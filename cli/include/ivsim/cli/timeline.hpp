// A readable timeline of a plan and a summary of its faults, for `ivsim show` and `generate`.
#pragma once

#include "ivsim/plan.hpp"

#include <cstddef>
#include <ostream>
#include <string>

namespace ivsim::cli {

/// A delivery counts as late when it goes out more than this after its event's true time.
inline constexpr Duration kLateAfter = std::chrono::minutes{1};

/// What the faults did to a plan.
struct FaultSummary {
  std::size_t events = 0;
  std::size_t deliveries = 0;
  std::size_t dropped = 0;         ///< deliveries never sent
  std::size_t never_delivered = 0; ///< events whose every delivery was dropped
  std::size_t duplicates = 0;      ///< sent deliveries with copy > 0
  std::size_t groups = 0;          ///< distinct concurrent groups
  std::size_t late = 0;            ///< sent deliveries more than kLateAfter after true time
  Duration max_delay{0};           ///< the largest (delivery - true time) of a sent delivery
  std::size_t per_fault[std::size(kAllFaults)] = {}; ///< deliveries carrying each fault
};

/// How late `delivery` goes out behind its event's true time (state-contract rule 1's event
/// time); negative when a swap sends it early.
Duration delay_of(const Plan &plan, const Delivery &delivery);

/// A duration to the second (to the millisecond below one): "2h43m48s", not "9827720560us".
std::string readable_duration(Duration duration);

/// `readable_duration` with a sign: "+3s", "-250ms".
std::string signed_duration(Duration duration);

/// `describe(event)` without its trailing event time: "Stream Start st-1A2b...".
std::string event_label(const Event &event);

/// RFC 3339, with a fraction only when the instant has one.
std::string time_text(Instant at);

/// Counts the faults of `plan`.
FaultSummary summarize(const Plan &plan);

/// One line per delivery in schedule order: index, delivery time, true time, delay, copy,
/// group, faults, and the event ("Stream Start st-..."); dropped deliveries say so.
void print_timeline(std::ostream &out, const Plan &plan);

/// The summary as aligned "name  value" lines.
void print_summary(std::ostream &out, const FaultSummary &summary);

} // namespace ivsim::cli
