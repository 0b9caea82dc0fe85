#include "ivsim/cli/run_pipeline.hpp"

#include "ivsim/error.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/oracle/state_document.hpp"

#include <algorithm>
#include <sstream>

namespace ivsim::cli {

namespace {

using adapters::Outcome;
using adapters::RunResult;

std::vector<oracle::Acknowledged> acknowledged_by_sut(const Plan &plan, const RunResult &result) {
  std::vector<oracle::Acknowledged> acknowledged;
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    const adapters::DeliveryOutcome &outcome = result.records[i].outcome;
    if (outcome.outcome == Outcome::acknowledged || outcome.indeterminate)
      acknowledged.push_back({&plan.events[delivery.event], i, delivery.faults,
                              /*indeterminate=*/outcome.outcome != Outcome::acknowledged});
  }
  return acknowledged;
}

std::size_t unreachable_count(const RunResult &result) {
  return static_cast<std::size_t>(std::count_if(
      result.records.begin(), result.records.end(),
      [](const adapters::DeliveryRecord &record) { return record.outcome.unreachable; }));
}

// Why no verdict can be given, or nullopt when the run can be checked.
std::optional<std::string> reason_for_unknown(const RunResult &result) {
  if (result.reset_error)
    return "could not reset the SUT: " + *result.reset_error;
  if (const std::size_t unreachable = unreachable_count(result); unreachable != 0)
    return "the SUT stopped answering: " + std::to_string(unreachable) +
           " deliveries could not reach it";
  if (result.state_error)
    return "could not read the SUT's state: " + *result.state_error;
  if (!result.state)
    return "no state was read";
  return std::nullopt;
}

// A well-formed event the SUT refused or kept failing on is the handler's fault (rule 8), even
// when no state field shows it.
void add_unacknowledged(const Plan &plan, const RunResult &result, oracle::Report &report) {
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const adapters::DeliveryOutcome &outcome = result.records[i].outcome;
    if (outcome.outcome != Outcome::rejected && outcome.outcome != Outcome::failed)
      continue;
    const Delivery &delivery = plan.deliveries[i];
    const Event &event = plan.events[delivery.event];
    const EventTime time = event.effective_time();
    oracle::Divergence divergence;
    divergence.kind = oracle::DivergenceKind::wrong_value;
    divergence.path = {"deliveries", std::to_string(i)};
    divergence.expected = "acknowledged (2xx)";
    std::ostringstream actual;
    actual << outcome;
    divergence.actual = actual.str();
    divergence.evidence.push_back({event.id, describe(event),
                                   format_rfc3339(time.at, time.resolution), i, delivery.faults,
                                   outcome.indeterminate});
    report.divergences.push_back(std::move(divergence));
    report.verdict = oracle::Verdict::fail;
  }
}

} // namespace

CheckedRun run_and_check(const Plan &plan, Sut &sut, const oracle::Scope &scope) {
  CheckedRun run;
  run.result = adapters::run_plan(plan, sut.make_transport, sut.dispatch,
                                  {sut.reset.get(), sut.state.get(), sut.quiet.get()});
  if (const auto reason = reason_for_unknown(run.result)) {
    run.report = oracle::unknown_report(*reason);
    return run;
  }
  oracle::StateDocument actual;
  try {
    actual = oracle::parse_state_document(oracle::Json(*run.result.state));
  } catch (const InputError &error) {
    run.report = oracle::unknown_report("the SUT's state document (" + sut.state->describe() +
                                        ") breaks the contract: " + error.what());
    return run;
  }
  const std::vector<oracle::Acknowledged> acknowledged = acknowledged_by_sut(plan, run.result);
  const oracle::Expected expected = oracle::reduce(acknowledged);
  const oracle::Expected truth = oracle::ground_truth(plan);
  run.report = oracle::check(expected, actual, scope, &truth);
  add_unacknowledged(plan, run.result, run.report);
  return run;
}

} // namespace ivsim::cli
