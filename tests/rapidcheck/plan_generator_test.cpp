// Laws of the plan and spec generators: every generated plan is valid, round-trips its scenario
// file, and reduces; every generated spec is valid and prints as JSON that reads back.
#include "ivsim/rapidcheck.hpp"

#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/scenario_file.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <sstream>

namespace ivsim {
namespace {

// What a replay sends and what the oracle reads agree between the saved and the loaded plan:
// generated events carry no original document, loaded ones do.
void expect_same_replay(const Plan &loaded, const Plan &saved) {
  RC_ASSERT(loaded.deliveries == saved.deliveries);
  RC_ASSERT(loaded.generator == saved.generator);
  RC_ASSERT(loaded.events.size() == saved.events.size());
  for (std::size_t i = 0; i < saved.events.size(); ++i) {
    RC_ASSERT(to_json_text(loaded.events[i]) == to_json_text(saved.events[i]));
    RC_ASSERT(loaded.events[i].with_fields_as_truth() == saved.events[i].with_fields_as_truth());
  }
}

RC_GTEST_PROP(PlanGenerator, EveryPlanIsValid, (const Plan &plan)) { validate(plan); }

RC_GTEST_PROP(PlanGenerator, EveryPlanRoundTripsThroughItsScenarioFile, (const Plan &plan)) {
  const std::string text = to_scenario_text(scenario_from_plan(plan));
  const Scenario loaded = parse_scenario(text, "generated.json");
  RC_ASSERT(loaded.plan.has_value());
  expect_same_replay(*loaded.plan, plan);
  RC_ASSERT(to_scenario_text(loaded) == text);
}

// The oracle accepts every generated plan, and its own pick of the expectation passes.
RC_GTEST_PROP(PlanGenerator, EveryPlanReduces, (const Plan &plan)) {
  const auto acknowledged = oracle::acknowledged_deliveries(plan);
  const oracle::Expected expected = oracle::reduce(acknowledged);
  const oracle::Expected truth = oracle::ground_truth(plan);
  const oracle::Report report =
      oracle::check(expected, oracle::pick_document(expected), {}, &truth);
  RC_ASSERT(report.verdict == oracle::Verdict::pass);
}

// A counterexample prints as a scenario file that loads back as the same plan.
RC_GTEST_PROP(PlanGenerator, PrintsAsALoadableScenario, (const Plan &plan)) {
  std::ostringstream printed;
  rc::show(plan, printed);
  const Scenario loaded = parse_scenario(printed.str(), "printed.json");
  RC_ASSERT(loaded.plan.has_value());
  expect_same_replay(*loaded.plan, plan);
}

// A printed spec is a scenario file that ivsim run and ivsim generate --scenario read back as the
// same spec.
RC_GTEST_PROP(SpecGenerator, EverySpecIsValidAndPrintsAsAScenarioFileThatReadsBack,
              (const sim::GeneratorSpec &spec)) {
  sim::validate(spec);
  std::ostringstream printed;
  rc::show(spec, printed);
  const Scenario scenario = parse_scenario(printed.str(), "spec.json");
  RC_ASSERT(!scenario.plan.has_value());
  RC_ASSERT(sim::to_json(sim::parse_generator_spec(scenario.generator)) == sim::to_json(spec));
}

RC_GTEST_PROP(TimelineGenerator, IsSortedByEventTime, ()) {
  const std::vector<Event> timeline = *rc_gen::timeline();
  for (std::size_t i = 1; i < timeline.size(); ++i)
    RC_ASSERT(timeline[i - 1].effective_time().at <= timeline[i].effective_time().at);
}

} // namespace
} // namespace ivsim
