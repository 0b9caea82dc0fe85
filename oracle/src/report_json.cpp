// The JSON report, in the schema documented in docs/reports.md.
#include "ivsim/oracle/report.hpp"

#include "report_format.hpp"

namespace ivsim::oracle {

namespace {

Json evidence_json(const EvidenceEvent &event) {
  return {{"order", event.order},
          {"id", event.id},
          {"event", event.what},
          {"time", event.time},
          {"faults", detail::faults_json(event.faults)},
          {"indeterminate", event.indeterminate}};
}

Json divergence_json(const Divergence &divergence) {
  std::string kind(to_string(divergence.kind));
  std::replace(kind.begin(), kind.end(), ' ', '_');
  Json evidence = Json::array();
  for (const EvidenceEvent &event : divergence.evidence)
    evidence.push_back(evidence_json(event));
  return {{"kind", kind},
          {"path", format_path(divergence.path)},
          {"pointer", format_pointer(divergence.path)},
          {"expected", divergence.expected},
          {"actual", divergence.actual},
          {"evidence", std::move(evidence)}};
}

} // namespace

Json to_json(const Report &report) {
  Json divergences = Json::array();
  for (const Divergence &divergence : report.divergences)
    divergences.push_back(divergence_json(divergence));
  Json lost = Json::array();
  for (const LostField &field : report.lost_to_faults)
    lost.push_back({{"path", format_path(field.path)},
                    {"pointer", format_pointer(field.path)},
                    {"expected", field.expected},
                    {"truth", field.truth}});
  const ReportContext &context = report.context;
  Json out = {{"verdict", std::string(to_string(report.verdict))},
              {"unknown_reason",
               report.unknown_reason.empty() ? Json(nullptr) : Json(report.unknown_reason)},
              {"context",
               {{"name", context.name.empty() ? Json(nullptr) : Json(context.name)},
                {"seed", context.seed ? Json(*context.seed) : Json(nullptr)},
                {"replay_command",
                 context.replay_command.empty() ? Json(nullptr) : Json(context.replay_command)}}},
              {"scope", report.scope},
              {"counts",
               {{"entities_checked", report.checked_entities.size()},
                {"fields_checked", report.fields_checked},
                {"events_acknowledged", report.events_acknowledged},
                {"divergences", report.divergences.size()},
                {"lost_to_faults", report.lost_to_faults.size()}}},
              {"divergences", std::move(divergences)},
              {"lost_to_faults", std::move(lost)}};
  if (!report.notes.empty()) // only when there are any: most reports have none
    out["notes"] = report.notes;
  return out;
}

} // namespace ivsim::oracle
