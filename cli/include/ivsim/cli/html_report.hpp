// The self-contained HTML report of one run: verdict, divergences linked to the events behind
// them, and a timeline per entity with true and delivery times side by side.
#pragma once

#include "ivsim/adapters/dispatcher.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/plan.hpp"

#include <string>
#include <string_view>

namespace ivsim::cli {

/// What the HTML report shows: the plan that was replayed, what happened to each delivery, and
/// the check's verdict. All three must describe the same run.
struct HtmlReportInput {
  const Plan &plan;
  const adapters::RunResult &result;
  const oracle::Report &report;
};

/// One HTML page with no external resources (no scripts, fonts or styles fetched), so it can be
/// attached to a CI run and opened offline. Sections: summary (verdict, seed, replay command, the
/// four delivery buckets), divergences (each linking to its evidence rows), fields lost to faults,
/// and a timeline per entity (a lane chart plus a table of every delivery).
std::string to_html(const HtmlReportInput &input);

/// Escapes text for HTML content and attribute values.
std::string escape_html(std::string_view text);

} // namespace ivsim::cli
