// JUnit XML in the common schema CI systems read (testsuites > testsuite > testcase).
#include "ivsim/oracle/report.hpp"

#include "report_format.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace ivsim::oracle {

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    case '\t':
    case '\n':
    case '\r':
      out += c;
      break;
    default:
      // XML 1.0 allows no other control characters, not even as references.
      if (static_cast<unsigned char>(c) >= 0x20)
        out += c;
      else
        out += '?';
    }
  }
  return out;
}

namespace {

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + escape_xml(value) + "\"";
}

// ` time="12.345"` (seconds, as JUnit readers expect), or nothing when the time is unknown.
std::string time_attribute(const std::optional<double> &seconds) {
  if (!seconds)
    return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", *seconds);
  return attribute("time", text);
}

// One testcase's failure: what diverged in a line (the message CI pages list), then the whole
// text with the events behind each divergence.
struct Failure {
  std::string message;
  std::string text;
};

// The divergences of each top-level entity (`channels.<arn>`, or `deliveries.<index>` for an
// event the SUT refused), as one failure.
std::map<std::vector<std::string>, Failure> failures_by_entity(const Report &report) {
  std::map<std::vector<std::string>, Failure> out;
  for (const Divergence &divergence : report.divergences) {
    const std::vector<std::string> entity(divergence.path.begin(),
                                          divergence.path.begin() +
                                              std::min<std::size_t>(2, divergence.path.size()));
    Failure &failure = out[entity];
    failure.message += (failure.message.empty() ? "" : "; ") +
                       std::string(to_string(divergence.kind)) + " at " +
                       format_path(divergence.path);
    failure.text += detail::divergence_text(divergence);
  }
  return out;
}

std::string failure_element(const Failure &failure) {
  return "      <failure" + attribute("message", failure.message) +
         attribute("type", "divergence") + ">" + escape_xml(failure.text) + "</failure>\n";
}

std::string testcase(const std::string &classname, const std::string &name,
                     const std::string &body) {
  std::string out = "    <testcase" + attribute("classname", classname) + attribute("name", name);
  if (body.empty())
    return out + "/>\n";
  return out + ">\n" + body + "    </testcase>\n";
}

std::string properties(const ReportContext &context) {
  std::string out = "    <properties>\n";
  if (context.seed)
    out += "      <property" + attribute("name", "seed") +
           attribute("value", std::to_string(*context.seed)) + "/>\n";
  if (!context.replay_command.empty())
    out += "      <property" + attribute("name", "replay") +
           attribute("value", context.replay_command) + "/>\n";
  return out + "    </properties>\n";
}

// The notes and the fields lost to faults, for <system-out>.
std::string system_out_text(const Report &report) {
  std::string out;
  for (const std::string &note : report.notes)
    out += "note: " + note + "\n";
  for (const LostField &lost : report.lost_to_faults)
    out += "lost to faults: " + format_path(lost.path) + ": expected " + lost.expected.dump() +
           ", truth " + lost.truth.dump() + "\n";
  return out;
}

} // namespace

std::string to_junit(const Report &report) {
  const std::string suite = report.context.name.empty() ? "state" : report.context.name;
  std::string cases;
  std::size_t tests = 0, failures = 0, errors = 0;
  if (report.verdict == Verdict::unknown) {
    ++tests;
    ++errors;
    cases += testcase("ivsim", suite,
                      "      <error" + attribute("message", report.unknown_reason) +
                          attribute("type", "unknown") + "/>\n");
  } else {
    const auto failures_of = failures_by_entity(report);
    for (const std::vector<std::string> &entity : report.checked_entities) {
      ++tests;
      const auto it = failures_of.find(entity);
      std::string body;
      if (it != failures_of.end()) {
        ++failures;
        body = failure_element(it->second);
      }
      cases += testcase("ivsim." + entity.front(), entity.back(), body);
    }
    // Divergences outside the checked entities (a delivery the SUT refused or never answered)
    // fail the run too, so each gets a testcase: a report that exits 1 never reads all green.
    const std::set<std::vector<std::string>> checked(report.checked_entities.begin(),
                                                     report.checked_entities.end());
    for (const auto &[entity, failure] : failures_of) {
      if (checked.count(entity) != 0)
        continue;
      ++tests;
      ++failures;
      cases += testcase("ivsim." + entity.front(), entity.back(), failure_element(failure));
    }
    if (tests == 0) {
      ++tests; // a suite with no testcase confuses some CI systems
      cases += testcase("ivsim", suite, "");
    }
  }
  const std::string counts = attribute("tests", std::to_string(tests)) +
                             attribute("failures", std::to_string(failures)) +
                             attribute("errors", std::to_string(errors));
  const std::string time = time_attribute(report.context.seconds);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + attribute("name", "ivsim") + counts + time + ">\n";
  out +=
      "  <testsuite" + attribute("name", suite) + counts + attribute("skipped", "0") + time + ">\n";
  out += properties(report.context);
  out += cases;
  const std::string lost = system_out_text(report);
  if (!lost.empty())
    out += "    <system-out>" + escape_xml(lost) + "</system-out>\n";
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

} // namespace ivsim::oracle
