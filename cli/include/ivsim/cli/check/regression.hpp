// Regression files: a shrunk failure saved as a scenario file with a description saying what
// diverged and which events are involved, and the saved files re-run before a new search.
#pragma once

#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/scope.hpp"
#include "ivsim/plan.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace ivsim::cli::check {

/// A description of a failing plan: the divergence (path, expected, actual), the events behind
/// it with their delivery order and faults, the plan's size, and `origin` (where it was found).
std::string describe_failure(const Plan &plan, const oracle::Report &report,
                             const std::string &failure_key, const std::string &origin);

/// The file name for a failure: the divergence path's field names without entity ids
/// ("streams-state"), then 8 hex digits of a hash of the scenario text, so the same failure saved
/// twice lands in the same file: "streams-state-1a2b3c4d.json".
std::string regression_file_name(const oracle::Divergence &divergence,
                                 const std::string &scenario_text);

/// Writes `plan` with `description` and the `scope` it was checked in (so a replay checks the
/// same fields) as a scenario file under `directory` (created if missing) and returns its path.
/// Throws InputError when it cannot be written.
std::filesystem::path save_regression(const std::filesystem::path &directory, const Plan &plan,
                                      const oracle::Divergence &divergence,
                                      const std::string &description,
                                      const oracle::Scope &scope = {});

/// The scenario files (*.json) directly in `directory`, sorted by name; empty when the directory
/// does not exist. Throws InputError when it exists but is not a directory.
std::vector<std::filesystem::path> list_regressions(const std::filesystem::path &directory);

} // namespace ivsim::cli::check
