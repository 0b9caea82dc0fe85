// The timeline part of the HTML report: one lane chart and one delivery table per entity.
#pragma once

#include "ivsim/cli/html_report.hpp"

#include <string>
#include <unordered_set>

namespace ivsim::cli {

/// Appends a `<section id="timeline">` with every entity of the plan (the resource an event
/// names; account-level events under "account"). Entities with an event in `evidence_ids` come
/// first and open; rows of those events are highlighted. The first row of each event carries the
/// anchor `ev-<event id>` that divergences link to.
void append_timelines(std::string &html, const HtmlReportInput &input,
                      const std::unordered_set<std::string> &evidence_ids);

/// The anchor of an event's first row: `ev-<id>`, with characters outside [A-Za-z0-9-_]
/// replaced, so ids from hand-written plans stay valid fragment identifiers.
std::string event_anchor(std::string_view event_id);

} // namespace ivsim::cli
