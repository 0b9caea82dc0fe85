// Materialising a shrinker's edits of a plan, and the grouping of events into channels,
// stages and broadcasts.
#include "ivsim/cli/check/plan_edits.hpp"

#include "ivsim/cli/timeline.hpp"

#include <algorithm>
#include <cassert>

namespace ivsim::cli::check {

PlanEdits PlanEdits::none(const Plan &original) {
  const std::size_t events = original.events.size();
  const std::size_t deliveries = original.deliveries.size();
  return {std::vector<bool>(events), std::vector<bool>(deliveries), std::vector<bool>(deliveries),
          std::vector<bool>(deliveries)};
}

bool is_out_of_order(const Delivery &delivery) {
  return delivery.faults.has(Fault::delay) || delivery.faults.has(Fault::swap) ||
         delivery.faults.has(Fault::cross_stream);
}

static FaultSet without(FaultSet faults, std::initializer_list<Fault> removed) {
  std::uint8_t bits = faults.bits();
  for (const Fault fault : removed)
    bits &= static_cast<std::uint8_t>(~static_cast<std::uint8_t>(fault));
  return FaultSet::from_bits(bits);
}

static Delivery edited(const Plan &original, std::size_t index, const PlanEdits &edits) {
  Delivery delivery = original.deliveries[index];
  if (edits.delivery_ungrouped[index] || edits.delivery_on_time[index]) {
    delivery.group = kNoGroup;
    delivery.faults = without(delivery.faults, {Fault::group});
  }
  if (edits.delivery_on_time[index]) {
    delivery.deliver_at = original.events[delivery.event].effective_time().at;
    delivery.faults = without(delivery.faults, {Fault::delay, Fault::swap, Fault::cross_stream});
  }
  return delivery;
}

namespace {

// A shrunk plan may keep a duplicate and drop the copy it duplicated: the copy left is then just
// a delivery of its event, late or not. Copies are numbered again from 0 in delivery order, and
// the first loses `duplicate` (gaining `delay` if it comes more than a minute late), so `show`
// and the reports name the fault that is really there.
void relabel_copies(Plan &plan) {
  std::vector<std::uint16_t> next(plan.events.size(), 0);
  for (Delivery &delivery : plan.deliveries) {
    const std::uint16_t copy = next[delivery.event]++;
    if (copy == 0 && delivery.faults.has(Fault::duplicate)) {
      delivery.faults.remove(Fault::duplicate);
      const Instant true_time = plan.events[delivery.event].effective_time().at;
      if (delivery.deliver_at - true_time > kLateAfter)
        delivery.faults.add(Fault::delay);
    }
    delivery.copy = copy;
  }
}

} // namespace

Plan apply_edits(const Plan &original, const PlanEdits &edits) {
  assert(edits.event_removed.size() == original.events.size() && "edits match the plan");
  assert(edits.delivery_removed.size() == original.deliveries.size() && "edits match the plan");
  std::vector<Delivery> deliveries;
  std::vector<bool> event_delivered(original.events.size());
  for (std::size_t i = 0; i < original.deliveries.size(); ++i) {
    const std::uint32_t event = original.deliveries[i].event;
    if (edits.delivery_removed[i] || edits.event_removed[event])
      continue;
    deliveries.push_back(edited(original, i, edits));
    event_delivered[event] = true;
  }
  std::stable_sort(deliveries.begin(), deliveries.end(), [](const Delivery &a, const Delivery &b) {
    return a.deliver_at < b.deliver_at;
  });

  Plan plan;
  plan.generator = original.generator;
  std::vector<std::uint32_t> renumbered(original.events.size());
  for (std::size_t i = 0; i < original.events.size(); ++i) {
    if (!event_delivered[i])
      continue;
    renumbered[i] = static_cast<std::uint32_t>(plan.events.size());
    plan.events.push_back(original.events[i]);
  }
  for (Delivery &delivery : deliveries)
    delivery.event = renumbered[delivery.event];
  plan.deliveries = std::move(deliveries);
  relabel_copies(plan);
  return plan;
}

Plan shorten_delays(const Plan &plan) {
  Plan shorter = plan;
  Instant previous = Instant::min();
  for (Delivery &delivery : shorter.deliveries) {
    const Instant true_time = plan.events[delivery.event].effective_time().at;
    delivery.deliver_at = std::max(std::min(true_time, delivery.deliver_at), previous);
    previous = delivery.deliver_at;
  }
  return shorter;
}

static std::string resource_key(const Event &event) {
  // A composition belongs to the stage it composes (detail.stage_arn), not to its own ARN.
  if (event.detail_type == DetailType::composition_state_change && !event.detail.stage_arn.empty())
    return std::string(event.detail.stage_arn.view());
  if (event.resource().empty())
    return "account";
  return std::string(event.resource().view());
}

std::string group_key(const Event &event, Grain grain) {
  if (grain == Grain::resource)
    return resource_key(event);
  if (event.detail_type == DetailType::composition_state_change)
    return std::string(event.resource().view());
  if (!event.detail.stream_id.empty())
    return std::string(event.detail.stream_id.view());
  if (!event.detail.session_id.empty())
    return std::string(event.detail.session_id.view());
  return resource_key(event);
}

} // namespace ivsim::cli::check
