// What a failing run looks like to `ivsim check`: the run a plan is handed to, and the key that
// says whether two failures are the same one.
#pragma once

#include "ivsim/cli/run_pipeline.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/plan.hpp"

#include <functional>
#include <string>

namespace ivsim::cli::check {

/// Runs one plan against the SUT (resetting it first) and checks it: run_and_check against a
/// live SUT, or an in-process stand-in in tests. Called many times, always from one thread.
using RunPlan = std::function<CheckedRun(const Plan &plan)>;

/// The divergence's path as text, with what shrinking renumbers taken out: a
/// `deliveries.<index>` path (an event the SUT refused) names the refused event's id instead, so
/// the same refusal keeps its key when earlier deliveries are removed. Entity ids are kept: the
/// shrinker never renames entities.
std::string failure_key(const oracle::Divergence &divergence);

/// The divergence of `report` whose failure_key is `key`, else its first; null when it has none.
const oracle::Divergence *find_divergence(const oracle::Report &report, const std::string &key);

/// True when `report` failed with a divergence whose failure_key is `key`.
bool fails_with(const oracle::Report &report, const std::string &key);

/// The deliveries of `plan` that are sent (not dropped): the size a shrink reduces.
std::size_t sent_deliveries(const Plan &plan);

} // namespace ivsim::cli::check
