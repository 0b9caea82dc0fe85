// The text report: short enough for a CI log, with the way to reproduce on top.
#include "ivsim/oracle/report.hpp"

#include "report_format.hpp"

#include <algorithm>

namespace ivsim::oracle {

namespace detail {

namespace {

// At most this many events are listed per divergence (the latest by delivery order); the JSON
// report has them all.
constexpr std::size_t kMaxEvidenceLines = 8;

} // namespace

// At most this many "lost to faults" lines: a big passing run loses hundreds of fields to its
// drops, and a CI log needs the count and a few examples, not all of them (report.json has all).
constexpr std::size_t kMaxLostLines = 20;

namespace {

std::string show(const Json &value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A refused delivery's `actual` is its outcome followed by the lines the SUT printed (a Lambda
// traceback, say): one line each, under the outcome, reads like the handler's own log.
std::string show_actual(const Json &actual) {
  const bool lines =
      actual.is_array() && !actual.empty() &&
      std::all_of(actual.begin(), actual.end(), [](const Json &line) { return line.is_string(); });
  if (!lines)
    return show(actual);
  std::string out = show(actual.front());
  for (auto line = actual.begin() + 1; line != actual.end(); ++line)
    out += "\n            | " + line->get<std::string>();
  return out;
}

} // namespace

std::string divergence_text(const Divergence &divergence) {
  std::string out =
      std::string(to_string(divergence.kind)) + " at " + format_path(divergence.path) + "\n";
  out += "  expected: " + show(divergence.expected) + "\n";
  out += "  actual:   " + show_actual(divergence.actual) + "\n";
  if (divergence.evidence.empty()) {
    if (divergence.kind == DivergenceKind::unexpected)
      out += "  no acknowledged event creates it\n";
    return out;
  }
  out += "  decided by (delivery order, event, id, faults):\n";
  const std::size_t skip = divergence.evidence.size() > kMaxEvidenceLines
                               ? divergence.evidence.size() - kMaxEvidenceLines
                               : 0;
  if (skip > 0)
    out += "    ... " + std::to_string(skip) + " earlier events\n";
  for (std::size_t i = skip; i < divergence.evidence.size(); ++i) {
    const EvidenceEvent &event = divergence.evidence[i];
    out += "    #" + std::to_string(event.order) + " " + event.what + " id " + event.id;
    if (!event.faults.empty())
      out += " [" + to_string(event.faults) + "]";
    if (event.indeterminate)
      out += " (acknowledgement lost)";
    out += "\n";
  }
  return out;
}

Json faults_json(FaultSet faults) {
  Json out = Json::array();
  for (const Fault fault : kAllFaults)
    if (faults.has(fault))
      out.push_back(std::string(to_string(fault)));
  return out;
}

std::string summary_line(const Report &report) {
  std::string verdict(to_string(report.verdict));
  std::transform(verdict.begin(), verdict.end(), verdict.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (report.verdict == Verdict::unknown)
    return verdict + ": " + report.unknown_reason;
  return verdict + ": " + std::to_string(report.divergences.size()) + " divergences in " +
         std::to_string(report.checked_entities.size()) + " entities (" +
         std::to_string(report.fields_checked) + " fields, " +
         std::to_string(report.events_acknowledged) + " acknowledged events, scope " +
         report.scope + ")";
}

} // namespace detail

std::string to_text(const Report &report) {
  std::string out = "ivsim: " + detail::summary_line(report) + "\n";
  if (!report.context.name.empty())
    out += "scenario: " + report.context.name + "\n";
  if (report.context.seed)
    out += "seed: " + std::to_string(*report.context.seed) + "\n";
  if (!report.context.replay_command.empty())
    out += "replay: " + report.context.replay_command + "\n";
  for (const std::string &note : report.notes)
    out += "note: " + note + "\n";
  for (const Divergence &divergence : report.divergences)
    out += "\n" + detail::divergence_text(divergence);
  if (!report.lost_to_faults.empty()) {
    const std::size_t total = report.lost_to_faults.size();
    out += "\nlost to faults (shown, never held against the handler): " + std::to_string(total) +
           (total == 1 ? " field" : " fields") + "\n";
    const std::size_t shown = std::min(total, detail::kMaxLostLines);
    for (std::size_t i = 0; i < shown; ++i) {
      const LostField &lost = report.lost_to_faults[i];
      out += "  " + format_path(lost.path) + ": expected " + lost.expected.dump() + ", truth " +
             lost.truth.dump() + "\n";
    }
    if (shown < total)
      out += "  ... " + std::to_string(total - shown) + " more in report.json\n";
  }
  return out;
}

} // namespace ivsim::oracle
