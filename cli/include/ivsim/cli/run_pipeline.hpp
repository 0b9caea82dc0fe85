// One checked run: reset the SUT, replay a plan, read its state, and check it against the oracle.
#pragma once

#include "ivsim/adapters/dispatcher.hpp"
#include "ivsim/cli/sut_options.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/scope.hpp"
#include "ivsim/oracle/state_document.hpp"
#include "ivsim/plan.hpp"

namespace ivsim::cli {

/// How often the SUT's state is checked.
struct CheckOptions {
  oracle::Scope scope;
  /// Also check after every delivery or concurrent group (--check-every), against the
  /// reduction of the prefix the SUT acknowledged so far.
  bool every_step = false;
};

/// The first batch (one delivery or a concurrent group) after which the SUT's state diverged
/// from the reduction of the acknowledged prefix.
struct DivergentStep {
  std::size_t first = 0; ///< the batch's first delivery (schedule index)
  std::size_t last = 0;  ///< its last delivery
  std::size_t total = 0; ///< the schedule's size
  /// `describe(event)` and id of each delivery of the batch, in schedule order.
  std::vector<std::string> events;
};

/// What a run did and what the check concluded.
struct CheckedRun {
  adapters::RunResult result;
  oracle::Report report;
  /// Set when a step check (CheckOptions::every_step) found a divergence: `report` is then the
  /// report of that step.
  std::optional<DivergentStep> divergent_step;
  std::size_t steps_checked = 0; ///< step checks made (0 without every_step)
  /// The notes on the SUT's state documents read in the run (keys the contract does not name),
  /// one per pattern.
  std::vector<oracle::DocumentNote> state_notes;
};

/// Replays `plan` to `sut` and checks the state it reads back within `options.scope`. The
/// verdict is fail when a step check diverged (the report is that step's) or, after the run, a
/// field diverges or a well-formed event was not acknowledged (a handler must acknowledge every
/// event, docs/state-contract.md rule 8); unknown when the SUT could not be reset, stopped
/// answering, or its state could not be read or parsed; pass otherwise. The oracle reduces only
/// acknowledged deliveries, and accepts both outcomes for indeterminate ones.
CheckedRun run_and_check(const Plan &plan, Sut &sut, const CheckOptions &options);

/// The last of up to `most` runs of one plan, and how many were made.
struct RepeatedRun {
  CheckedRun run;
  std::uint32_t runs = 0;
};

/// Runs `plan` (run_and_check) up to `most` times, stopping at the first run that does not pass
/// or when ivsim is interrupted: a failure that depends on the order in which the SUT handles a
/// concurrent group may not show on every run.
RepeatedRun run_until_not_pass(const Plan &plan, Sut &sut, const CheckOptions &options,
                               std::uint32_t most);

/// "first divergence after delivery #12 of 40: Stream Start st-... (id ...)", one line per
/// event of the batch.
std::string describe(const DivergentStep &step);

} // namespace ivsim::cli
