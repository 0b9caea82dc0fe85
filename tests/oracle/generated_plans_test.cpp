// Laws of the oracle over realistic plans from the world generator (ivsim::sim::generate).
#include "ivsim/oracle/reduce.hpp"

#include "ivsim/example/handler_state.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/report.hpp"
#include "ivsim/sim/generator.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace ivsim::oracle {
namespace {

// A small world (three hours, two channels, one stage), so a property runs in milliseconds.
sim::GeneratorSpec small_spec(std::uint64_t seed, std::string_view preset) {
  sim::GeneratorSpec spec;
  spec.seed = seed;
  spec.world.duration = std::chrono::hours{3};
  spec.world.channels = 2;
  spec.world.stages = 1;
  sim::apply_preset(spec.faults, preset);
  return spec;
}

StateDocument replay_to_handler(const Plan &plan) {
  example::HandlerState handler;
  for (const Event *event : delivered_events(plan))
    handler.apply(nlohmann::json(to_json(*event)));
  return parse_state_document(Json(handler.document()));
}

// Lists the undecided fields, for a readable counterexample.
std::string undecided_fields(const Expected &expected) {
  std::string out;
  const Json document = to_json(expected);
  for (const auto &[collection, entities] : document.items())
    for (const auto &[key, entity] : entities.items())
      for (const auto &[name, value] : entity.items())
        if (value.is_object() && value.contains("one_of"))
          out += collection + "." + key + "." + name + " " + value.dump() + "\n";
  return out;
}

// IVS sends the events of one broadcast in the same second; without faults the truth must still
// decide every field (the world never produces two unfinished streams in one second).
RC_GTEST_PROP(GeneratedPlans, TruthOfAFaultFreePlanDecidesEveryField, ()) {
  const Plan plan =
      sim::generate(small_spec(*rc::gen::inRange<std::uint64_t>(1, 1'000'000), "none"));
  const Expected truth = ground_truth(plan);
  RC_LOG() << undecided_fields(truth);
  RC_ASSERT(truth.is_determined());
}

RC_GTEST_PROP(GeneratedPlans, FaultFreeDeliveryExpectsExactlyTheTruth, ()) {
  const Plan plan =
      sim::generate(small_spec(*rc::gen::inRange<std::uint64_t>(1, 1'000'000), "none"));
  const auto acknowledged = acknowledged_deliveries(plan);
  RC_ASSERT(to_json(reduce(acknowledged)) == to_json(ground_truth(plan)));
}

// The bundled handler, fed a hostile schedule (drops, delays, swaps, duplicates), passes.
RC_GTEST_PROP(GeneratedPlans, TheReferenceHandlerPassesUnderHostileFaults, ()) {
  const Plan plan =
      sim::generate(small_spec(*rc::gen::inRange<std::uint64_t>(1, 1'000'000), "hostile"));
  const auto acknowledged = acknowledged_deliveries(plan);
  const Expected expected = reduce(acknowledged);
  const Report report = check(expected, replay_to_handler(plan));
  RC_LOG() << to_text(report);
  RC_ASSERT(report.verdict == Verdict::pass);
}

RC_GTEST_PROP(GeneratedPlans, TheTruthDivergesOnlyWhereFieldsWereLostToFaults, ()) {
  const Plan plan =
      sim::generate(small_spec(*rc::gen::inRange<std::uint64_t>(1, 1'000'000), "hostile"));
  const auto acknowledged = acknowledged_deliveries(plan);
  const Expected truth = ground_truth(plan);
  const Report report = check(reduce(acknowledged), pick_document(truth), Scope{}, &truth);
  for (const Divergence &divergence : report.divergences)
    RC_ASSERT(std::any_of(report.lost_to_faults.begin(), report.lost_to_faults.end(),
                          [&](const LostField &lost) { return lost.path == divergence.path; }));
}

} // namespace
} // namespace ivsim::oracle

namespace ivsim::oracle {
namespace {

// Test that the small spec really exercises the oracle (otherwise the laws above prove little).
TEST(GeneratedPlans, SmallSpecProducesChannelsStagesAndCompositions) {
  const Plan plan = sim::generate(small_spec(7, "hostile"));
  const Expected truth = ground_truth(plan);
  EXPECT_GT(plan.events.size(), 60U);
  EXPECT_FALSE(truth.collection("channels").empty());
  EXPECT_FALSE(truth.collection("streams").empty());
  EXPECT_FALSE(truth.collection("stages").empty());
}

} // namespace
} // namespace ivsim::oracle
