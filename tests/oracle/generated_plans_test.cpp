// Laws of the oracle over realistic plans from the world generator (ivsim::sim::generate).
#include "ivsim/oracle/reduce.hpp"

#include "ivsim/example/handler_state.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/report.hpp"
#include "ivsim/rapidcheck.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace ivsim::oracle {
namespace {

// A small generated world (ivsim/rapidcheck.hpp) under one fault preset.
Plan small_plan(std::string_view preset) {
  return sim::generate(*rc_gen::generator_spec(rc_gen::fault_preset(preset)));
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
  sim::GeneratorSpec spec = *rc_gen::generator_spec(rc_gen::fault_preset("none"));
  // A stream that repeats Recording Start when it reconnects leaves the session's started_at
  // open by contract (rule 2: any of them is accepted), so the law holds without repeats.
  spec.world.recording_start_on_reconnect = false;
  // A failed composition sends no final event for its destinations, so their state is open by
  // contract too (rule 2: its composition may have closed them, or not). A destination failure
  // usually fails its composition, so neither fails here.
  spec.world.composition_failure_probability = 0;
  spec.world.destination_failure_probability = 0;
  const Plan plan = sim::generate(spec);
  const Expected truth = ground_truth(plan);
  RC_LOG() << undecided_fields(truth);
  RC_ASSERT(truth.is_determined());
}

RC_GTEST_PROP(GeneratedPlans, FaultFreeDeliveryExpectsExactlyTheTruth, ()) {
  const Plan plan = small_plan("none");
  const auto acknowledged = acknowledged_deliveries(plan);
  RC_ASSERT(to_json(reduce(acknowledged)) == to_json(ground_truth(plan)));
}

// The bundled handler, fed a hostile schedule (drops, delays, swaps, duplicates), passes.
RC_GTEST_PROP(GeneratedPlans, TheReferenceHandlerPassesUnderHostileFaults, ()) {
  const Plan plan = small_plan("hostile");
  const auto acknowledged = acknowledged_deliveries(plan);
  const Expected expected = reduce(acknowledged);
  const Report report = check(expected, replay_to_handler(plan));
  RC_LOG() << to_text(report);
  RC_ASSERT(report.verdict == Verdict::pass);
}

RC_GTEST_PROP(GeneratedPlans, TheTruthDivergesOnlyWhereFieldsWereLostToFaults, ()) {
  const Plan plan = small_plan("hostile");
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

// Test that the generated worlds really exercise the oracle (otherwise the laws above prove
// little): at full size, most plans have channels, streams, stages and compositions.
TEST(GeneratedPlans, SmallWorldsProduceChannelsStagesAndCompositions) {
  const auto specs = rc_gen::generator_spec(rc_gen::fault_preset("hostile"));
  int rich = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Expected truth = ground_truth(sim::generate(specs(rc::Random(seed), 100).value()));
    rich += !truth.collection("channels").empty() && !truth.collection("streams").empty() &&
            !truth.collection("stages").empty() && !truth.collection("compositions").empty();
  }
  EXPECT_GE(rich, 6);
}

} // namespace
} // namespace ivsim::oracle
