// One checked run: reset the SUT, replay a plan, read its state, and check it against the oracle.
#pragma once

#include "ivsim/adapters/dispatcher.hpp"
#include "ivsim/cli/sut_options.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/scope.hpp"
#include "ivsim/plan.hpp"

namespace ivsim::cli {

/// What a run did and what the check concluded.
struct CheckedRun {
  adapters::RunResult result;
  oracle::Report report;
};

/// Replays `plan` to `sut` and checks the state it reads back within `scope`. The verdict is
/// unknown when the SUT could not be reset, stopped answering, or its state could not be read or
/// parsed; fail when a field diverges or a well-formed event was not acknowledged (a handler must
/// acknowledge every event, docs/state-contract.md rule 8); pass otherwise. The oracle reduces
/// only acknowledged deliveries, and accepts both outcomes for indeterminate ones.
CheckedRun run_and_check(const Plan &plan, Sut &sut, const oracle::Scope &scope);

} // namespace ivsim::cli
