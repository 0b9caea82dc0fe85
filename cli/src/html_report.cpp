#include "ivsim/cli/html_report.hpp"

#include "html_timeline.hpp"

#include <string>

namespace ivsim::cli {

namespace {

// Inline so the page needs nothing from the network: CI artefacts are often opened offline.
constexpr std::string_view kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
h1 { margin-bottom: .2em; } .muted { color: #666; font-weight: normal; }
.verdict { display: inline-block; padding: .1em .6em; border-radius: 4px; color: #fff; }
.verdict.pass { background: #2e7d32; } .verdict.fail { background: #c62828; }
.verdict.unknown { background: #ef6c00; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.id { font-family: monospace; font-size: 12px; }
table.deliveries { font-size: 12px; } table.deliveries td { white-space: nowrap; }
code, pre { font-family: monospace; background: #f6f6f6; }
pre { padding: .3em .5em; white-space: pre-wrap; margin: .2em 0; }
.divergence { border-left: 4px solid #c62828; padding: .1em .8em; margin: .8em 0; }
.divergence h3 { margin: .3em 0; font-size: 15px; } caption { text-align: left; color: #666; }
tr.evidence td { background: #fff3c4; } tr.dropped td { color: #888; }
tr.rejected td, tr.failed td { color: #b23c00; }
details.entity { margin: .6em 0; } details.entity > summary { cursor: pointer; font-weight: 600; }
svg.lane text { font-size: 11px; fill: #555; }
svg.lane g.acknowledged { stroke: #2e7d32; fill: #2e7d32; }
svg.lane g.dropped { stroke: #9e9e9e; fill: #9e9e9e; }
svg.lane g.rejected { stroke: #ef6c00; fill: #ef6c00; }
svg.lane g.failed, svg.lane g.unsent { stroke: #c62828; fill: #c62828; }
svg.lane g.copy line { stroke-dasharray: 4 3; } svg.lane line { stroke-width: 1.2; }
)";

std::string json_text(const oracle::Json &value) {
  return value.dump(-1, ' ', false, oracle::Json::error_handler_t::replace);
}

void append_summary(std::string &html, const HtmlReportInput &input) {
  const oracle::Report &report = input.report;
  const adapters::RunCounts &counts = input.result.counts;
  const std::string verdict(oracle::to_string(report.verdict));
  html += "<section id=\"summary\"><h1>ivsim report <span class=\"verdict " + verdict + "\">" +
          verdict + "</span></h1>\n<table>";
  auto row = [&](std::string_view name, const std::string &value) {
    html += "<tr><th>" + std::string(name) + "</th><td>" + value + "</td></tr>";
  };
  if (!report.context.name.empty())
    row("scenario", escape_html(report.context.name));
  if (report.context.seed)
    row("seed", std::to_string(*report.context.seed));
  if (!report.context.replay_command.empty())
    row("replay", "<code>" + escape_html(report.context.replay_command) + "</code>");
  if (report.verdict == oracle::Verdict::unknown)
    row("why unknown", escape_html(report.unknown_reason));
  row("scope", escape_html(report.scope));
  row("events / deliveries", std::to_string(input.plan.events.size()) + " / " +
                                 std::to_string(input.plan.deliveries.size()));
  row("delivery buckets",
      "<span id=\"bucket-acknowledged\">" + std::to_string(counts.acknowledged) +
          "</span> acknowledged, <span id=\"bucket-dropped\">" + std::to_string(counts.dropped) +
          "</span> dropped, <span id=\"bucket-rejected\">" + std::to_string(counts.rejected) +
          "</span> rejected, <span id=\"bucket-failed\">" + std::to_string(counts.failed) +
          "</span> failed (" + std::to_string(counts.indeterminate) + " indeterminate, " +
          std::to_string(counts.retries) + " retries)");
  row("fields checked", std::to_string(report.fields_checked));
  html += "</table></section>\n";
}

void append_evidence(std::string &html, const std::vector<oracle::EvidenceEvent> &evidence) {
  if (evidence.empty()) {
    html += "<p class=\"muted\">No acknowledged event decides this field.</p>";
    return;
  }
  // `order` is the delivery's place in the schedule (#n, as in the text report and the timeline's
  // first column), not the order the SUT acknowledged in.
  html += "<table class=\"evidence\"><caption>decided by</caption><thead><tr><th>#</th>"
          "<th>event</th><th>event time</th><th>faults</th>"
          "</tr></thead><tbody>";
  for (const oracle::EvidenceEvent &event : evidence) {
    html += "<tr><td>" + std::to_string(event.order) + "</td><td><a href=\"#" +
            event_anchor(event.id) + "\">" + escape_html(event.what) + "</a>" +
            (event.indeterminate ? " <span class=\"muted\">(indeterminate)</span>" : "") +
            "</td><td>" + escape_html(event.time) + "</td><td>" +
            (event.faults.empty() ? "-" : to_string(event.faults)) + "</td></tr>";
  }
  html += "</tbody></table>";
}

void append_divergences(std::string &html, const oracle::Report &report) {
  html += "<section id=\"divergences\"><h2>Divergences <span class=\"muted\">(" +
          std::to_string(report.divergences.size()) + ")</span></h2>\n";
  if (report.divergences.empty())
    html += "<p>None: the handler's state is one the delivered events allow.</p>\n";
  for (const oracle::Divergence &divergence : report.divergences) {
    html += "<div class=\"divergence\"><h3>" +
            escape_html(std::string(oracle::to_string(divergence.kind))) + " at <code>" +
            escape_html(oracle::format_path(divergence.path)) + "</code></h3>" +
            "<table><tr><th>expected</th><td><code class=\"expected\">" +
            escape_html(json_text(divergence.expected)) +
            "</code></td></tr><tr><th>actual</th><td><code class=\"actual\">" +
            escape_html(json_text(divergence.actual)) + "</code></td></tr></table>";
    append_evidence(html, divergence.evidence);
    html += "</div>\n";
  }
  html += "</section>\n";
}

void append_lost(std::string &html, const oracle::Report &report) {
  if (report.lost_to_faults.empty())
    return;
  html += "<section id=\"lost\"><h2>Lost to faults <span class=\"muted\">(not held against the "
          "handler)</span></h2><table><thead><tr><th>field</th><th>the delivered events say</th>"
          "<th>every generated event says</th></tr></thead><tbody>\n";
  for (const oracle::LostField &field : report.lost_to_faults)
    html += "<tr><td><code>" + escape_html(oracle::format_path(field.path)) + "</code></td><td>" +
            escape_html(json_text(field.expected)) + "</td><td>" +
            escape_html(json_text(field.truth)) + "</td></tr>\n";
  html += "</tbody></table></section>\n";
}

std::unordered_set<std::string> evidence_ids_of(const oracle::Report &report) {
  std::unordered_set<std::string> ids;
  for (const oracle::Divergence &divergence : report.divergences)
    for (const oracle::EvidenceEvent &event : divergence.evidence)
      ids.insert(event.id);
  return ids;
}

} // namespace

std::string escape_html(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      escaped += "&amp;";
      break;
    case '<':
      escaped += "&lt;";
      break;
    case '>':
      escaped += "&gt;";
      break;
    case '"':
      escaped += "&quot;";
      break;
    case '\'':
      escaped += "&#39;";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

std::string to_html(const HtmlReportInput &input) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<title>ivsim report: " +
                     std::string(oracle::to_string(input.report.verdict)) + "</title><style>" +
                     std::string(kStyle) + "</style></head><body>\n";
  append_summary(html, input);
  append_divergences(html, input.report);
  append_lost(html, input.report);
  append_timelines(html, input, evidence_ids_of(input.report));
  html += "</body></html>\n";
  return html;
}

} // namespace ivsim::cli
