// The files a run leaves behind: the realised plan, the observed delivery history, the reports.
#pragma once

#include "ivsim/cli/run_pipeline.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim::cli {

/// Per delivery: its event, what happened (bucket, attempts, reason, wall times) and its place
/// among acknowledgements. Documented in docs/cli.md ("history.json").
nlohmann::ordered_json delivery_history(const Plan &plan, const adapters::RunResult &result);

/// Writes plan.json (replayable with `ivsim replay`, which then checks the same `scope`),
/// history.json, report.txt and report.json into `directory` (created if missing) and returns
/// the paths written. Throws InputError when the directory cannot be written.
std::vector<std::filesystem::path> save_run(const std::filesystem::path &directory,
                                            const Plan &plan, const std::string &description,
                                            const CheckedRun &run, const oracle::Scope &scope = {});

/// Throws InputError naming `flag` when `path` could not be written later: so a run of minutes
/// never ends in "cannot be written". A missing file needs a writable directory to go in; a
/// missing directory (`is_directory`) needs a writable existing ancestor. Creates nothing.
void require_writable(std::string_view flag, const std::filesystem::path &path, bool is_directory);

/// Writes a report the user asked for by `flag` (--junit, --html) to `path`; throws InputError
/// naming the flag when it cannot be written.
void write_report_file(std::string_view flag, const std::string &path, const std::string &text);

/// The report as text (oracle::to_text), followed by the first divergent step when a step check
/// (--check-every) found one.
std::string report_text(const CheckedRun &run);

/// The report as JSON (docs/reports.md), with a "check_every" member when steps were checked.
nlohmann::ordered_json report_json(const CheckedRun &run);

/// "acknowledged 280, dropped 3, rejected 0, failed 1 (of 284 deliveries; 2 retries)", and
/// ", 5 not sent" or "; none sent: the run could not start" when deliveries failed unsent.
std::string format_counts(const adapters::RunCounts &counts);

} // namespace ivsim::cli
