#include "ivsim/oracle/report.hpp"

#include "event_builder.hpp"
#include "ivsim/oracle/reduce.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ivsim::oracle {
namespace {

using testing::at;
using testing::Builder;
using testing::kChannel;

// The example run of docs/reports.md: a late Stream End, a dropped Recording End, and a handler
// that let the late-arriving Stream Start win.
struct ExampleRun {
  ExampleRun() {
    Builder b;
    plan.events = {b.stream(EventName::session_created, "st-1", 0),
                   b.stream(EventName::stream_start, "st-1", 1),
                   b.recording(EventName::recording_start, "r-1", 1, "st-1"),
                   b.stream(EventName::stream_end, "st-1", 60),
                   b.recording(EventName::recording_end, "r-1", 90, "st-1")};
    plan.deliveries = {{0, at(0), 0, kNoGroup, false, {}},
                       {3, at(1), 0, kNoGroup, false, Fault::swap},
                       {1, at(2), 0, kNoGroup, false, Fault::swap},
                       {2, at(2), 0, kNoGroup, false, {}},
                       {4, at(91), 0, kNoGroup, true, Fault::drop}};
    const auto acknowledged = acknowledged_deliveries(plan);
    expected = reduce(acknowledged);
    truth = ground_truth(plan);
    StateDocument actual = pick_document(expected);
    actual.channels[kChannel].live = true;
    actual.streams["st-1"].state = "live";
    report = check(expected, actual, Scope{}, &truth);
    report.context = {"late-stream-end", 42,
                      "ivsim replay scenarios/regressions/late-stream-end.json", 0.734};
  }
  Plan plan;
  Expected expected;
  Expected truth;
  Report report;
};

std::string read_file(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Compares `generated` with the fenced block after `<!-- example: name -->` in a doc; with
// IVSIM_UPDATE_DOCS=1 in the environment, rewrites the block instead.
void expect_doc_example(const std::string &doc, const std::string &name,
                        const std::string &generated) {
  const std::string path = std::string(IVSIM_DOCS_DIR) + "/" + doc;
  std::string text = read_file(path);
  const std::string marker = "<!-- example: " + name + " -->\n";
  const std::size_t at_marker = text.find(marker);
  ASSERT_NE(at_marker, std::string::npos) << path << " has no " << marker;
  const std::size_t start = text.find('\n', at_marker + marker.size()) + 1; // after ```lang
  const std::size_t end = text.find("```\n", start);
  ASSERT_NE(end, std::string::npos);
  if (std::getenv("IVSIM_UPDATE_DOCS") != nullptr) {
    text.replace(start, end - start, generated);
    std::ofstream(path) << text;
    return;
  }
  EXPECT_EQ(text.substr(start, end - start), generated)
      << "docs drifted: rerun with IVSIM_UPDATE_DOCS=1 and review the diff of " << path;
}

TEST(Report, TextStartsWithTheVerdictSeedAndReplayCommand) {
  const ExampleRun run;
  const std::string text = to_text(run.report);
  EXPECT_EQ(text.rfind("ivsim: FAIL: 2 divergences", 0), 0U) << text;
  EXPECT_NE(text.find("seed: 42\nreplay: ivsim replay"), std::string::npos);
  EXPECT_NE(text.find("[swap]"), std::string::npos);
  EXPECT_NE(text.find("lost to faults"), std::string::npos);
  expect_doc_example("reports.md", "report.txt", text);
}

TEST(Report, JsonFollowsTheDocumentedSchema) {
  const ExampleRun run;
  const Json json = to_json(run.report);
  EXPECT_EQ(json["verdict"], "fail");
  EXPECT_EQ(json["counts"]["divergences"], 2);
  EXPECT_EQ(json["divergences"][0]["kind"], "wrong_value");
  EXPECT_EQ(json["divergences"][0]["pointer"],
            "/channels/arn:aws:ivs:us-west-2:123456789012:channel~1AbCdef1G2hij/live");
  EXPECT_EQ(json["divergences"][0]["evidence"][0]["faults"], Json::array());
  expect_doc_example("reports.md", "report.json", json.dump(2) + "\n");
}

TEST(Report, JunitHasOneTestcasePerEntityAndFailuresCarryTheText) {
  const ExampleRun run;
  const std::string xml = to_junit(run.report);
  EXPECT_NE(xml.find("<testsuites name=\"ivsim\" tests=\"3\" failures=\"2\" errors=\"0\" "
                     "time=\"0.734\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("skipped=\"0\" time=\"0.734\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message="), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"seed\" value=\"42\"/>"), std::string::npos);
  expect_doc_example("reports.md", "report.xml", xml);
}

// A run that fails only because the SUT refused a delivery (no state field diverges) still has a
// failing testcase: CI must not show green for a run that exits 1.
TEST(Report, JunitFailsARefusedDeliveryOutsideTheCheckedEntities) {
  Report report;
  report.verdict = Verdict::fail;
  report.checked_entities = {{"channels", "arn:c"}};
  Divergence refused;
  refused.path = {"deliveries", "2"};
  refused.expected = "acknowledged (2xx)";
  refused.actual = "failed after 2 attempts: HTTP 500";
  report.divergences = {refused};
  const std::string xml = to_junit(report);
  EXPECT_NE(xml.find("<testsuites name=\"ivsim\" tests=\"2\" failures=\"1\" errors=\"0\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"ivsim.deliveries\" name=\"2\">\n      <failure "
                     "message=\"wrong value at deliveries.2\" type=\"divergence\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"ivsim.channels\" name=\"arn:c\"/>"), std::string::npos);
}

// A refused delivery's output (a Lambda traceback) prints one line each under the outcome, not
// as a JSON array on one line.
TEST(Report, RefusedDeliveryOutputPrintsOneLineEach) {
  Report report;
  report.verdict = Verdict::fail;
  Divergence refused;
  refused.path = {"deliveries", "0"};
  refused.expected = "acknowledged (2xx)";
  refused.actual = Json::array({"failed after 1 attempt: function error: KeyError",
                                "Traceback (most recent call last):", "KeyError: 'stream_id'"});
  report.divergences = {refused};
  EXPECT_NE(
      to_text(report).find("  actual:   \"failed after 1 attempt: function error: KeyError\"\n"
                           "            | Traceback (most recent call last):\n"
                           "            | KeyError: 'stream_id'\n"),
      std::string::npos)
      << to_text(report);
}

// A big run loses hundreds of fields to its drops: the text report counts them and shows the
// first few; report.json has them all.
TEST(Report, TextListsAtMostTwentyFieldsLostToFaults) {
  Report report;
  for (int i = 0; i < 25; ++i)
    report.lost_to_faults.push_back(
        {{"streams", "st-" + std::to_string(i), "state"}, "live", "ended"});
  const std::string text = to_text(report);
  EXPECT_NE(text.find("never held against the handler): 25 fields\n"), std::string::npos) << text;
  EXPECT_NE(text.find("streams.st-19.state"), std::string::npos);
  EXPECT_EQ(text.find("streams.st-20.state"), std::string::npos);
  EXPECT_NE(text.find("  ... 5 more in report.json\n"), std::string::npos);
  EXPECT_EQ(to_json(report)["lost_to_faults"].size(), 25u);
}

// A note (a run that stopped sending) reaches every format; a report without one has no key.
TEST(Report, NotesReachTextJsonAndJunit) {
  Report report;
  EXPECT_FALSE(to_json(report).contains("notes"));
  report.notes = {"the SUT refused the first 10 deliveries: 5 deliveries were not sent"};
  EXPECT_NE(to_text(report).find("\nnote: the SUT refused the first 10"), std::string::npos);
  EXPECT_EQ(to_json(report)["notes"], Json::array({report.notes.front()}));
  EXPECT_NE(to_junit(report).find("<system-out>note: the SUT refused"), std::string::npos);
}

TEST(Report, UnknownVerdictIsAJunitError) {
  Report report = unknown_report("GET http://127.0.0.1:8080/state: connection refused");
  EXPECT_EQ(to_text(report),
            "ivsim: UNKNOWN: GET http://127.0.0.1:8080/state: connection refused\n");
  const std::string xml = to_junit(report);
  EXPECT_NE(xml.find("errors=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("<error message=\"GET http://127.0.0.1:8080/state: connection refused\""),
            std::string::npos);
  EXPECT_EQ(to_json(report)["verdict"], "unknown");
}

// RapidCheck and gtest print what a verdict comparison got, not "<???>".
TEST(Report, VerdictsAndKindsPrintByName) {
  std::ostringstream out;
  out << Verdict::fail << " " << DivergenceKind::unexpected;
  EXPECT_EQ(out.str(), "fail unexpected");
}

TEST(Report, XmlEscapingCoversMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(escape_xml("a<b>&\"c'\x01\n"), "a&lt;b&gt;&amp;&quot;c&apos;?\n");
}

TEST(Report, ExpectedDocumentExampleMatchesTheDocs) {
  const ExampleRun run;
  expect_doc_example("state-contract.md", "expected.json", to_json(run.expected).dump(2) + "\n");
}

} // namespace
} // namespace ivsim::oracle
