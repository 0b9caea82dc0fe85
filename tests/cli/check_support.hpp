// Test helpers for `ivsim check`: an in-process handler run standing in for a live SUT.
#pragma once

#include "ivsim/cli/check/failure.hpp"
#include "ivsim/example/rules.hpp"

namespace ivsim::cli::check::testing {

/// A RunPlan that applies every sent delivery, in schedule order, to an in-process reference
/// handler state with `rules` (the bundled handler's core, no network), then checks its document
/// against the oracle: what run_and_check does against a live SUT.
RunPlan in_process_handler(example::Rules rules);

/// Known-wrong rule: a stream's state is the kind of its last delivered event.
example::Rules last_event_wins_rules();

} // namespace ivsim::cli::check::testing
