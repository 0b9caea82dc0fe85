#include "ivsim/cli/run_pipeline.hpp"

#include "ivsim/adapters/interruption.hpp"
#include "ivsim/cli/state_notes.hpp"
#include "ivsim/error.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/oracle/state_document.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <set>
#include <sstream>
#include <variant>

namespace ivsim::cli {

namespace {

using adapters::Outcome;
using adapters::RunResult;

// The deliveries among the first `end` that the SUT acknowledged, or may have applied.
std::vector<oracle::Acknowledged> acknowledged_by_sut(const Plan &plan, const RunResult &result,
                                                      std::size_t end) {
  std::vector<oracle::Acknowledged> acknowledged;
  for (std::uint32_t i = 0; i < end; ++i) {
    const Delivery &delivery = plan.deliveries[i];
    const adapters::DeliveryOutcome &outcome = result.records[i].outcome;
    if (outcome.outcome == Outcome::acknowledged || outcome.indeterminate)
      acknowledged.push_back({&plan.events[delivery.event], i, delivery.faults,
                              /*indeterminate=*/outcome.outcome != Outcome::acknowledged,
                              delivery.group});
  }
  return acknowledged;
}

// A delivery the SUT refused (4xx) or kept failing on: a divergence of its own (rule 8).
bool refused(const adapters::DeliveryOutcome &outcome) {
  return outcome.outcome == Outcome::rejected || outcome.outcome == Outcome::failed;
}

// The deliveries the SUT acknowledged, plus those it refused or kept failing on, as if it had
// acknowledged them: what it would know had it taken every event the plan sent.
std::vector<oracle::Acknowledged> sent_to_sut(const Plan &plan, const RunResult &result) {
  std::vector<oracle::Acknowledged> sent =
      acknowledged_by_sut(plan, result, plan.deliveries.size());
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    const adapters::DeliveryOutcome &outcome = result.records[i].outcome;
    if (refused(outcome) && !outcome.indeterminate)
      sent.push_back({&plan.events[delivery.event], i, delivery.faults, false, delivery.group});
  }
  return sent;
}

// "Lost to faults" means lost to the plan's faults. A field that differs from the truth only
// because the SUT refused deliveries is left out: each refusal is a divergence of its own.
void keep_only_fields_lost_to_faults(const Plan &plan, const RunResult &result,
                                     const oracle::Expected &truth, const oracle::Scope &scope,
                                     oracle::Report &report) {
  const bool refused_some = std::any_of(result.records.begin(), result.records.end(),
                                        [](const auto &record) { return refused(record.outcome); });
  if (!refused_some || report.lost_to_faults.empty())
    return;
  const oracle::Report had_it_taken_all =
      oracle::check(oracle::reduce(sent_to_sut(plan, result)), {}, scope, &truth);
  std::set<std::vector<std::string>> lost_to_faults;
  for (const oracle::LostField &lost : had_it_taken_all.lost_to_faults)
    lost_to_faults.insert(lost.path);
  std::erase_if(report.lost_to_faults, [&](const oracle::LostField &lost) {
    return lost_to_faults.count(lost.path) == 0;
  });
}

// What the SUT printed, on one line, its end kept (errors come last), at most 400 characters.
std::string one_line(std::string output) {
  while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back())))
    output.pop_back();
  std::replace(output.begin(), output.end(), '\n', ' ');
  if (constexpr std::size_t kMostOutput = 400; output.size() > kMostOutput)
    output = "..." + output.substr(output.size() - kMostOutput);
  return output;
}

std::ptrdiff_t count_not_sent(const RunResult &result) {
  return std::count_if(result.records.begin(), result.records.end(), [](const auto &record) {
    return record.outcome.outcome == Outcome::failed && record.outcome.attempts == 0;
  });
}

// "the SUT refused the first 10 deliveries it was sent and acknowledged none (the last: failed
// after 5 attempts: HTTP 500; answer: {"error":"boom"}): 280 deliveries were not sent": a SUT
// that refuses everything is misconfigured or broken, so no verdict on its state can be given.
std::string gave_up_reason(const RunResult &result) {
  const auto last = std::find_if(result.records.rbegin(), result.records.rend(),
                                 [](const auto &record) { return record.outcome.attempts > 0; });
  std::string why = *result.gave_up;
  if (last != result.records.rend()) {
    std::ostringstream outcome;
    outcome << last->outcome;
    const std::string output = one_line(last->outcome.output);
    why += " (the last: " + outcome.str() + (output.empty() ? "" : "; answer: " + output) + ")";
  }
  return why + ": " + std::to_string(count_not_sent(result)) +
         " deliveries were not sent (--stop-after-refusals 0 sends them anyway)";
}

// Whether every delivery the SUT refused was rejected (a final 4xx: it looked at the event and
// said no), none failed (5xx, timeouts: it could not take it). A SUT that rejects everything
// gets a verdict, fail (rule 8); one that fails on everything is down or broken, and gets none.
bool only_rejected(const RunResult &result) {
  return std::none_of(result.records.begin(), result.records.end(), [](const auto &record) {
    return record.outcome.outcome == Outcome::failed && record.outcome.attempts > 0;
  });
}

// "the SUT stopped answering (connection refused): 1 delivery could not reach it and 30 were
// not sent": why, with the last of what the SUT printed, and what it cost.
std::string unreachable_reason(const RunResult &result) {
  const auto is_unreachable = [](const adapters::DeliveryRecord &record) {
    return record.outcome.unreachable;
  };
  const auto first = std::find_if(result.records.begin(), result.records.end(), is_unreachable);
  if (first == result.records.end())
    return "";
  const auto unreachable =
      std::count_if(result.records.begin(), result.records.end(), is_unreachable);
  const auto not_sent = count_not_sent(result);
  const std::string output = one_line(first->outcome.output);
  return "the SUT stopped answering (" + first->outcome.reason +
         (output.empty() ? "" : "; output: " + output) + "): " + std::to_string(unreachable) +
         (unreachable == 1 ? " delivery" : " deliveries") + " could not reach it and " +
         std::to_string(not_sent) + " were not sent";
}

// Why no verdict can be given, or nullopt when the run can be checked.
std::optional<std::string> reason_for_unknown(const RunResult &result) {
  if (result.interrupted)
    return std::string("interrupted by ") + adapters::signal_name(adapters::interrupted()) +
           " after " + std::to_string(result.records.size() - count_not_sent(result)) + " of " +
           std::to_string(result.records.size()) + " deliveries: the rest were not sent";
  if (result.reset_error)
    return *result.reset_error;
  if (std::string unreachable = unreachable_reason(result); !unreachable.empty())
    return unreachable;
  if (result.gave_up && !only_rejected(result))
    return gave_up_reason(result);
  if (result.state_error)
    return "could not read the SUT's state: " + *result.state_error;
  if (!result.state)
    return "no state was read";
  return std::nullopt;
}

// At most this many lines of a failed delivery's output go in the report (history.json has all).
constexpr std::size_t kMaxOutputLines = 40;

// The outcome, followed by the last lines the SUT printed while handling it (Lambda's runtime
// output per attempt), so a reader sees the handler's own error next to the failure.
oracle::Json with_output(std::string outcome, const std::string &output) {
  if (output.empty())
    return outcome;
  std::vector<std::string> lines;
  std::istringstream text(output);
  for (std::string line; std::getline(text, line);)
    lines.push_back(std::move(line));
  oracle::Json shown = oracle::Json::array({std::move(outcome)});
  const std::size_t skip = lines.size() > kMaxOutputLines ? lines.size() - kMaxOutputLines : 0;
  if (skip > 0)
    shown.push_back("[" + std::to_string(skip) + " earlier lines in history.json]");
  for (std::size_t i = skip; i < lines.size(); ++i)
    shown.push_back(std::move(lines[i]));
  return shown;
}

// A well-formed event the SUT refused or kept failing on is the handler's fault (rule 8), even
// when no state field shows it.
void add_unacknowledged(const Plan &plan, const RunResult &result, oracle::Report &report) {
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const adapters::DeliveryOutcome &outcome = result.records[i].outcome;
    if (!refused(outcome) || outcome.attempts == 0) // not sent: the report's note says why
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
    divergence.actual = with_output(actual.str(), outcome.output);
    divergence.evidence.push_back({event.id, describe(event),
                                   format_rfc3339(time.at, time.resolution), i, delivery.faults,
                                   outcome.indeterminate});
    report.divergences.push_back(std::move(divergence));
    report.verdict = oracle::Verdict::fail;
  }
}

// The SUT's document and its notes, or the reason it breaks the contract.
std::variant<oracle::ReadDocument, std::string> parse_actual(const nlohmann::json &document,
                                                             const adapters::StateSource &source) {
  try {
    return oracle::read_state_document(oracle::Json(document));
  } catch (const InputError &error) {
    return "the SUT's state document (" + source.describe() +
           ") breaks the contract: " + error.what();
  }
}

// --check-every: between batches, reads the SUT's state and checks it against the reduction of
// the acknowledged prefix (the oracle's answer depends on the acknowledged set only, so the
// prefix has a well-defined expectation). Stops at the first divergence, or when the state
// cannot be read (the verdict is then unknown).
class StepChecker {
public:
  StepChecker(const Plan &plan, adapters::StateSource &source, const oracle::Scope &scope,
              CheckedRun &run)
      : plan_(plan), source_(source), scope_(scope), run_(run) {}

  bool operator()(const adapters::BatchEnded &batch) {
    ++run_.steps_checked;
    adapters::StateReading reading = source_.read();
    if (!reading.ok()) {
      unknown_ = "could not read the SUT's state after delivery #" + std::to_string(batch.end - 1) +
                 ": " + source_.describe() + ": " + reading.error;
      return false;
    }
    auto actual = parse_actual(*reading.document, source_);
    if (const auto *error = std::get_if<std::string>(&actual)) {
      unknown_ = *error + " (after delivery #" + std::to_string(batch.end - 1) + ")";
      return false;
    }
    const auto &read = std::get<oracle::ReadDocument>(actual);
    merge_state_notes(run_.state_notes, read.notes);
    const auto acknowledged = acknowledged_by_sut(plan_, *batch.so_far, batch.end);
    oracle::Report report = oracle::check(oracle::reduce(acknowledged), read.document, scope_);
    if (report.verdict != oracle::Verdict::fail)
      return true;
    run_.report = std::move(report);
    run_.divergent_step = step_of(batch);
    return false;
  }

  const std::optional<std::string> &unknown() const { return unknown_; }

private:
  DivergentStep step_of(const adapters::BatchEnded &batch) const {
    DivergentStep step{batch.first, batch.end - 1, plan_.deliveries.size(), {}};
    for (std::size_t i = batch.first; i < batch.end; ++i) {
      const Event &event = plan_.events[plan_.deliveries[i].event];
      step.events.push_back("#" + std::to_string(i) + " " + ivsim::describe(event) + " (id " +
                            event.id + ")");
    }
    return step;
  }

  const Plan &plan_;
  adapters::StateSource &source_;
  const oracle::Scope &scope_;
  CheckedRun &run_;
  std::optional<std::string> unknown_;
};

// A SUT must start empty: an entity in scope before the first delivery comes from no event,
// so it would fail the run, and a shrunk failure would keep no event at all. A document that
// breaks the contract is left for the read after the run to report. Its notes go to `notes`.
std::optional<std::string> left_behind(const nlohmann::json &state, const oracle::Scope &scope,
                                       std::vector<oracle::DocumentNote> &notes) {
  oracle::ReadDocument read;
  try {
    read = oracle::read_state_document(oracle::Json(state));
  } catch (const InputError &) {
    return std::nullopt;
  }
  merge_state_notes(notes, read.notes);
  const oracle::Report report = oracle::check(oracle::Expected(), read.document, scope);
  if (report.verdict != oracle::Verdict::fail)
    return std::nullopt;
  const std::size_t more = report.divergences.size() - 1;
  return "it holds " + oracle::format_path(report.divergences.front().path) +
         (more > 0 ? " and " + std::to_string(more) + " more" : "") +
         " before any event was sent; the reset must empty every collection in scope";
}

} // namespace

namespace {

CheckedRun run_and_check_untimed(const Plan &plan, Sut &sut, const CheckOptions &options) {
  CheckedRun run;
  adapters::DispatchOptions dispatch = sut.dispatch;
  std::optional<StepChecker> steps;
  if (options.every_step && sut.state) {
    steps.emplace(plan, *sut.state, options.scope, run);
    dispatch.after_batch = std::ref(*steps);
  }
  run.result = adapters::run_plan(
      plan, sut.make_transport, dispatch,
      {sut.reset.get(), sut.state.get(), sut.quiet.get(), [&](const nlohmann::json &state) {
         return left_behind(state, options.scope, run.state_notes);
       }});
  if (run.divergent_step) {
    add_unacknowledged(plan, run.result, run.report);
    return run;
  }
  std::optional<std::string> unknown = reason_for_unknown(run.result);
  if (!unknown && steps)
    unknown = steps->unknown();
  if (unknown) {
    run.report = oracle::unknown_report(*unknown);
    return run;
  }
  auto actual = parse_actual(*run.result.state, *sut.state);
  if (const auto *error = std::get_if<std::string>(&actual)) {
    run.report = oracle::unknown_report(*error);
    return run;
  }
  const auto &read = std::get<oracle::ReadDocument>(actual);
  merge_state_notes(run.state_notes, read.notes);
  const auto acknowledged = acknowledged_by_sut(plan, run.result, plan.deliveries.size());
  const oracle::Expected expected = oracle::reduce(acknowledged);
  const oracle::Expected truth = oracle::ground_truth(plan);
  run.report = oracle::check(expected, read.document, options.scope, &truth);
  keep_only_fields_lost_to_faults(plan, run.result, truth, options.scope, run.report);
  add_unacknowledged(plan, run.result, run.report);
  if (run.result.gave_up)
    run.report.notes.push_back(gave_up_reason(run.result));
  return run;
}

} // namespace

CheckedRun run_and_check(const Plan &plan, Sut &sut, const CheckOptions &options) {
  const auto start = std::chrono::steady_clock::now();
  CheckedRun run = run_and_check_untimed(plan, sut, options);
  run.report.context.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

RepeatedRun run_until_not_pass(const Plan &plan, Sut &sut, const CheckOptions &options,
                               std::uint32_t most) {
  RepeatedRun repeated;
  do {
    repeated.run = run_and_check(plan, sut, options);
    ++repeated.runs;
  } while (repeated.runs < most && repeated.run.report.verdict == oracle::Verdict::pass &&
           adapters::interrupted() == 0);
  return repeated;
}

std::string describe(const DivergentStep &step) {
  std::string text = "first divergence after delivery #" + std::to_string(step.last) + " of " +
                     std::to_string(step.total) +
                     (step.first == step.last ? "" : " (a concurrent group)") + ":\n";
  for (const std::string &event : step.events)
    text += "  " + event + "\n";
  return text;
}

} // namespace ivsim::cli
