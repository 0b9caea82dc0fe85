// An in-process stand-in for a live SUT, built on the bundled handler's state core.
#include "check_support.hpp"

#include "ivsim/example/handler_state.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/oracle/state_document.hpp"

namespace ivsim::cli::check::testing {

RunPlan in_process_handler(example::Rules rules) {
  return [rules](const Plan &plan) {
    example::HandlerState state(rules);
    CheckedRun run;
    run.result.records.resize(plan.deliveries.size());
    for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
      adapters::DeliveryOutcome &outcome = run.result.records[i].outcome;
      if (plan.deliveries[i].dropped) {
        outcome.outcome = adapters::Outcome::dropped;
      } else {
        state.apply(nlohmann::json::parse(to_json_text(plan.events[plan.deliveries[i].event])));
        outcome.outcome = adapters::Outcome::acknowledged;
      }
      run.result.counts.add(outcome);
    }
    const oracle::Expected expected = oracle::reduce(oracle::acknowledged_deliveries(plan));
    run.report =
        oracle::check(expected, oracle::parse_state_document(oracle::Json(state.document())));
    return run;
  };
}

static example::StreamRank last_event_wins(example::StreamRank current,
                                           std::string_view event_name) {
  const example::StreamRank incoming =
      example::monotone_stream_transition(example::StreamRank::none, event_name);
  return incoming == example::StreamRank::none ? current : incoming;
}

example::Rules last_event_wins_rules() {
  example::Rules rules;
  rules.stream_transition = &last_event_wins;
  return rules;
}

} // namespace ivsim::cli::check::testing
