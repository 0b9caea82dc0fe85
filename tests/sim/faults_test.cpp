#include "ivsim/sim/faults.hpp"

#include "ivsim/rapidcheck.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace ivsim::sim {
namespace {

using namespace std::chrono_literals;

bool is_group_kind(const Event &event) {
  switch (event.name) {
  case EventName::session_created:
  case EventName::stream_start:
  case EventName::session_ended:
  case EventName::stream_end:
    return event.detail_type == DetailType::stream_state_change;
  case EventName::recording_start:
    return event.detail_type == DetailType::recording_state_change;
  default:
    return false;
  }
}

RC_GTEST_PROP(Faults, SameSpecGivesTheIdenticalPlan, ()) {
  const GeneratorSpec spec = *rc_gen::generator_spec();
  RC_ASSERT(generate(spec) == generate(spec));
}

// generate() schedules from the facts the world gathered while it sorted its events; they must be
// the facts of the events themselves, or a plan would differ from its own timeline's schedule.
RC_GTEST_PROP(Faults, GenerateSchedulesItsTimelineAsScheduleDeliveriesDoes, ()) {
  const GeneratorSpec spec = *rc_gen::generator_spec();
  const Plan plan = generate(spec);
  RC_ASSERT(plan.events == generate_timeline(spec.world, spec.seed));
  RC_ASSERT(plan.deliveries == schedule_deliveries(plan.events, spec.faults, spec.seed));
}

RC_GTEST_PROP(Faults, AFaultKnobNeverChangesTheWorld, ()) {
  GeneratorSpec spec = *rc_gen::generator_spec();
  const Plan plan = generate(spec);
  spec.faults = *rc_gen::fault_options();
  RC_ASSERT(generate(spec).events == plan.events);
}

// Test that every event is delivered at least once or has exactly one (dropped) delivery, and
// that copies point at the same event (so they keep its id).
RC_GTEST_PROP(Faults, EveryEventIsDeliveredOrRecordedAsDropped, ()) {
  const Plan plan = generate(*rc_gen::generator_spec());
  validate(plan);
  std::vector<std::vector<const Delivery *>> per_event(plan.events.size());
  for (const Delivery &delivery : plan.deliveries)
    per_event.at(delivery.event).push_back(&delivery);
  for (const auto &deliveries : per_event) {
    RC_ASSERT(!deliveries.empty());
    std::size_t first_copies = 0;
    for (const Delivery *delivery : deliveries) {
      first_copies += delivery->copy == 0 ? 1 : 0;
      RC_ASSERT(delivery->dropped == delivery->faults.has(Fault::drop));
      RC_ASSERT((delivery->copy > 0) == delivery->faults.has(Fault::duplicate));
      if (delivery->dropped)
        RC_ASSERT(deliveries.size() == 1U);
    }
    RC_ASSERT(first_copies == 1U);
  }
}

RC_GTEST_PROP(Faults, DeliveriesAreSortedAndGroupsAreAdjacent, ()) {
  const Plan plan = generate(*rc_gen::generator_spec());
  std::set<std::uint32_t> finished_groups;
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    if (i > 0)
      RC_ASSERT(plan.deliveries[i - 1].deliver_at <= delivery.deliver_at);
    const bool continues = i > 0 && plan.deliveries[i - 1].group == delivery.group;
    if (delivery.group != kNoGroup && !continues)
      RC_ASSERT(finished_groups.insert(delivery.group).second);
    if (continues && delivery.group != kNoGroup)
      RC_ASSERT(plan.deliveries[i - 1].deliver_at == delivery.deliver_at);
  }
}

// Test that deliveries at one instant (common with no latency) go out in the documented order:
// by anchor (a group's first event, else the event), then event, then copy.
RC_GTEST_PROP(Faults, TiesAreOrderedByAnchorThenEventThenCopy, ()) {
  GeneratorSpec spec = *rc_gen::generator_spec();
  spec.faults.latency_max = Duration::zero();
  const Plan plan = generate(spec);
  std::map<std::uint32_t, std::uint32_t> group_anchor; // group -> its first event
  for (const Delivery &delivery : plan.deliveries)
    if (delivery.group != kNoGroup) {
      const auto [it, inserted] = group_anchor.try_emplace(delivery.group, delivery.event);
      it->second = std::min(it->second, delivery.event);
    }
  std::vector<std::uint32_t> anchor(plan.events.size());
  for (std::uint32_t i = 0; i < anchor.size(); ++i)
    anchor[i] = i;
  for (const Delivery &delivery : plan.deliveries)
    if (delivery.group != kNoGroup)
      anchor[delivery.event] = group_anchor[delivery.group];
  const auto key = [&](const Delivery &d) { return std::tuple(anchor[d.event], d.event, d.copy); };
  for (std::size_t i = 1; i < plan.deliveries.size(); ++i)
    if (plan.deliveries[i - 1].deliver_at == plan.deliveries[i].deliver_at)
      RC_ASSERT(key(plan.deliveries[i - 1]) < key(plan.deliveries[i]));
}

RC_GTEST_PROP(Faults, GroupsHoldOnlySameSecondEventsOfOneBroadcast, ()) {
  const Plan plan = generate(*rc_gen::generator_spec());
  std::map<std::uint32_t, std::vector<const Event *>> groups;
  for (const Delivery &delivery : plan.deliveries) {
    RC_ASSERT((delivery.group != kNoGroup) == delivery.faults.has(Fault::group));
    if (delivery.group != kNoGroup)
      groups[delivery.group].push_back(&plan.events[delivery.event]);
  }
  for (const auto &[group, members] : groups) {
    RC_ASSERT(members.size() >= 2U);
    for (const Event *member : members) {
      RC_ASSERT(is_group_kind(*member));
      RC_ASSERT(member->time == members.front()->time);
      RC_ASSERT(member->detail.stream_id == members.front()->detail.stream_id);
      RC_ASSERT(member->resource() == members.front()->resource());
    }
  }
}

// Test that a delivery without a timing fault goes out within latency_max of its event, so any
// lateness a report shows is explained by the faults it lists.
RC_GTEST_PROP(Faults, LatenessIsAlwaysExplainedByARecordedFault, ()) {
  const GeneratorSpec spec = *rc_gen::generator_spec();
  const Plan plan = generate(spec);
  for (const Delivery &delivery : plan.deliveries) {
    const Instant at = plan.events[delivery.event].effective_time().at;
    const bool explained = delivery.faults.has(Fault::delay) || delivery.faults.has(Fault::swap) ||
                           delivery.faults.has(Fault::duplicate) ||
                           delivery.faults.has(Fault::cross_stream);
    RC_ASSERT(delivery.deliver_at >= at);
    if (!explained)
      RC_ASSERT(delivery.deliver_at <= at + spec.faults.latency_max);
  }
}

RC_GTEST_PROP(Faults, NonePresetDeliversEveryEventOnceOnTime, ()) {
  GeneratorSpec spec = *rc_gen::generator_spec();
  apply_preset(spec.faults, "none");
  const Plan plan = generate(spec);
  RC_ASSERT(plan.deliveries.size() == plan.events.size());
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    RC_ASSERT(delivery.event == i);
    RC_ASSERT(delivery.deliver_at == plan.events[i].effective_time().at);
    RC_ASSERT(delivery.faults.empty());
    RC_ASSERT(!delivery.dropped);
    RC_ASSERT(delivery.copy == 0);
    RC_ASSERT(delivery.group == kNoGroup);
  }
}

GeneratorSpec busy_channels() {
  GeneratorSpec spec;
  spec.seed = 99;
  spec.world.channels = 6;
  spec.world.stages = 1;
  spec.world.reconnect_probability = 0.6;
  apply_preset(spec.faults, "none");
  return spec;
}

// Test that a held-back event of stream N goes out after stream N+1 of its channel started.
TEST(Faults, CrossStreamLatenessDeliversStreamNAfterStreamNPlusOneStarted) {
  GeneratorSpec spec = busy_channels();
  spec.faults.cross_stream_probability = 1;
  const Plan plan = generate(spec);
  // The order in which each channel's streams first appear on the timeline.
  std::map<std::string, std::vector<std::string>> streams;
  std::map<std::string, Instant> start_delivered;
  for (const Event &event : plan.events)
    if (event.name == EventName::session_created)
      streams[event.resource()].push_back(event.detail.stream_id);
  for (const Delivery &delivery : plan.deliveries) {
    const Event &event = plan.events[delivery.event];
    if (event.name == EventName::stream_start)
      start_delivered[event.detail.stream_id] = delivery.deliver_at;
  }
  std::size_t held_back = 0;
  for (const Delivery &delivery : plan.deliveries) {
    if (!delivery.faults.has(Fault::cross_stream))
      continue;
    ++held_back;
    const Event &event = plan.events[delivery.event];
    const std::vector<std::string> &order = streams.at(event.resource());
    const auto it = std::find(order.begin(), order.end(), event.detail.stream_id);
    ASSERT_NE(it + 1, order.end()) << event;
    if (start_delivered.count(*(it + 1)) != 0) {
      EXPECT_GT(delivery.deliver_at, start_delivered.at(*(it + 1))) << event;
    }
  }
  EXPECT_GT(held_back, 10U);
}

TEST(Faults, DropByKindDropsExactlyThatKind) {
  GeneratorSpec spec = busy_channels();
  spec.faults.drop_by_kind = {
      {"Stream End", 1.0}, {"IVS Stage Update", 1.0}, {"Participant Published", 0.0}};
  const Plan plan = generate(spec);
  std::size_t dropped = 0;
  for (const Delivery &delivery : plan.deliveries) {
    const Event &event = plan.events[delivery.event];
    const bool expected =
        event.name == EventName::stream_end || (event.detail_type == DetailType::stage_update &&
                                                event.name != EventName::participant_published);
    EXPECT_EQ(delivery.dropped, expected) << event;
    dropped += delivery.dropped ? 1 : 0;
  }
  EXPECT_GT(dropped, 0U);
}

TEST(Faults, DuplicatesCanArriveHoursLater) {
  GeneratorSpec spec = busy_channels();
  spec.faults.duplicate_probability = 0.5;
  spec.faults.duplicate_delay_max = 6h;
  const Plan plan = generate(spec);
  std::map<std::uint32_t, Instant> first;
  Duration longest{};
  for (const Delivery &delivery : plan.deliveries)
    if (delivery.copy == 0)
      first[delivery.event] = delivery.deliver_at;
  for (const Delivery &delivery : plan.deliveries)
    if (delivery.copy > 0)
      longest = std::max(longest, delivery.deliver_at - first.at(delivery.event));
  EXPECT_GT(longest, 1h);
  EXPECT_LE(longest, 6h);
}

TEST(Faults, HostileGroupsEverySameSecondStartOrEnd) {
  GeneratorSpec spec = busy_channels();
  apply_preset(spec.faults, "hostile");
  std::size_t grouped = 0;
  for (const Delivery &delivery : generate(spec).deliveries)
    grouped += delivery.group != kNoGroup ? 1 : 0;
  EXPECT_GT(grouped, 10U);
}

TEST(Faults, SwapsPutTheLaterOfTwoCloseEventsFirst) {
  GeneratorSpec spec = busy_channels();
  spec.faults.swap_probability = 1;
  spec.faults.swap_window = 5s;
  const Plan plan = generate(spec);
  std::vector<std::uint32_t> swapped_order;
  for (const Delivery &delivery : plan.deliveries)
    if (delivery.faults.has(Fault::swap))
      swapped_order.push_back(delivery.event);
  ASSERT_GE(swapped_order.size(), 2U);
  EXPECT_FALSE(std::is_sorted(swapped_order.begin(), swapped_order.end()));
}

} // namespace
} // namespace ivsim::sim
