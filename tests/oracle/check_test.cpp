#include "ivsim/oracle/check.hpp"

#include "event_builder.hpp"
#include "ivsim/oracle/reduce.hpp"

#include <gtest/gtest.h>

namespace ivsim::oracle {
namespace {

using testing::Builder;
using testing::kChannel;

class Check : public ::testing::Test {
protected:
  Check()
      : events_{b_.stream(EventName::session_created, "st-1", 0),
                b_.stream(EventName::stream_start, "st-1", 1),
                b_.stream(EventName::stream_end, "st-1", 60)},
        expected_(reduce(events_)) {}

  Builder b_;
  std::vector<Event> events_;
  Expected expected_;
};

TEST_F(Check, ADocumentInsideTheExpectationPasses) {
  const Report report = check(expected_, pick_document(expected_));
  EXPECT_EQ(report.verdict, Verdict::pass);
  EXPECT_TRUE(report.divergences.empty());
  EXPECT_EQ(report.checked_entities.size(), 2U);
  EXPECT_EQ(report.fields_checked, 9U);
}

TEST_F(Check, AWrongValueNamesThePathAndTheEventsThatDecideIt) {
  StateDocument actual = pick_document(expected_);
  actual.channels[kChannel].live = true;
  const Report report = check(expected_, actual);
  ASSERT_EQ(report.verdict, Verdict::fail);
  ASSERT_EQ(report.divergences.size(), 1U);
  const Divergence &divergence = report.divergences[0];
  EXPECT_EQ(divergence.kind, DivergenceKind::wrong_value);
  EXPECT_EQ(divergence.path, (std::vector<std::string>{"channels", kChannel, "live"}));
  EXPECT_EQ(divergence.expected, false);
  EXPECT_EQ(divergence.actual, true);
  ASSERT_EQ(divergence.evidence.size(), 3U);
  EXPECT_EQ(divergence.evidence[2].id, "e-3");
  EXPECT_EQ(divergence.evidence[2].time, "2024-03-13T20:01:00Z");
  EXPECT_EQ(divergence.evidence[2].order, 2U);
}

// A wrong channel field lists, after the current stream's events, the other streams' events that
// arrived after it began: the late Stream End a handler let turn the channel offline.
TEST(CheckEvidence, AChannelFieldAlsoListsOtherStreamsEventsThatArrivedLate) {
  Builder b;
  const std::vector<Event> delivered = {
      b.stream(EventName::session_created, "st-1", 0), b.stream(EventName::stream_start, "st-1", 1),
      b.stream(EventName::session_created, "st-2", 100),
      b.stream(EventName::stream_start, "st-2", 101), b.stream(EventName::stream_end, "st-1", 60)};
  const Expected expected = reduce(delivered);
  StateDocument actual = pick_document(expected);
  actual.channels[kChannel].live = false;
  const Report report = check(expected, actual);
  ASSERT_EQ(report.divergences.size(), 1U);
  const std::vector<EvidenceEvent> &evidence = report.divergences[0].evidence;
  ASSERT_EQ(evidence.size(), 3U);
  EXPECT_EQ(evidence[0].id, delivered[2].id.str()); // st-2's own events
  EXPECT_EQ(evidence[1].id, delivered[3].id.str());
  EXPECT_EQ(evidence[2].id, delivered[4].id.str()); // st-1's late Stream End
  EXPECT_EQ(evidence[2].order, 4U);
}

// A wrong `healthy` lists the stream's lifecycle events too: here Session Created arrived after
// the Starvation Start, which a handler that drops health events of unknown streams loses.
TEST(CheckEvidence, HealthyAlsoListsTheStreamsLifecycleEvents) {
  Builder b;
  const std::vector<Event> delivered = {b.health(EventName::starvation_start, "st-1", 5),
                                        b.stream(EventName::session_created, "st-1", 0),
                                        b.stream(EventName::stream_start, "st-1", 1)};
  const Expected expected = reduce(delivered);
  StateDocument actual = pick_document(expected);
  actual.streams["st-1"].healthy = true;
  const Report report = check(expected, actual);
  ASSERT_EQ(report.divergences.size(), 1U);
  const std::vector<EvidenceEvent> &evidence = report.divergences[0].evidence;
  ASSERT_EQ(evidence.size(), 3U);
  EXPECT_EQ(evidence[0].id, delivered[0].id.str()); // the health event, delivered first
  EXPECT_EQ(evidence[1].id, delivered[1].id.str()); // Session Created, after it
}

// A missing stage lists the events that created it, which its participants hold.
TEST(CheckEvidence, AMissingStageListsItsParticipantsEvents) {
  Builder b;
  const std::vector<Event> delivered = {b.stage(EventName::participant_published, "p-1", 0)};
  const Expected expected = reduce(delivered);
  StateDocument actual = pick_document(expected);
  actual.stages.clear();
  const Report report = check(expected, actual);
  ASSERT_EQ(report.divergences.size(), 1U);
  EXPECT_EQ(report.divergences[0].kind, DivergenceKind::missing);
  ASSERT_EQ(report.divergences[0].evidence.size(), 1U);
  EXPECT_EQ(report.divergences[0].evidence[0].id, delivered[0].id.str());
}

TEST_F(Check, MissingAndUnexpectedEntitiesAreDivergences) {
  StateDocument actual = pick_document(expected_);
  actual.streams.erase("st-1");
  actual.streams["st-ghost"].state = "live";
  const Report report = check(expected_, actual);
  ASSERT_EQ(report.divergences.size(), 2U);
  EXPECT_EQ(report.divergences[0].kind, DivergenceKind::missing);
  EXPECT_EQ(report.divergences[0].path, (std::vector<std::string>{"streams", "st-1"}));
  EXPECT_EQ(report.divergences[1].kind, DivergenceKind::unexpected);
  EXPECT_EQ(report.divergences[1].path, (std::vector<std::string>{"streams", "st-ghost"}));
}

TEST_F(Check, ANullFieldIsMissing) {
  StateDocument actual = pick_document(expected_);
  actual.streams["st-1"].ended_at.reset();
  const Report report = check(expected_, actual);
  ASSERT_EQ(report.divergences.size(), 1U);
  EXPECT_EQ(report.divergences[0].kind, DivergenceKind::missing);
}

TEST_F(Check, OnlyFieldsInScopeAreCompared) {
  StateDocument actual;
  actual.channels[kChannel].live = false; // a SUT that keeps only channels.*.live
  EXPECT_EQ(check(expected_, actual, Scope({"channels.*.live"})).verdict, Verdict::pass);
  EXPECT_EQ(check(expected_, actual).verdict, Verdict::fail);
  actual.channels[kChannel].live = true;
  EXPECT_EQ(check(expected_, actual, Scope({"channels.*.live"})).divergences.size(), 1U);
}

TEST_F(Check, TimesCompareAsInstantsWhateverTheirForm) {
  Json document = to_json(pick_document(expected_));
  document["streams"]["st-1"]["started_at"] = 1710360001000; // epoch milliseconds
  document["streams"]["st-1"]["ended_at"] = "2024-03-13T21:01:00.000+01:00";
  EXPECT_EQ(check(expected_, parse_state_document(document)).verdict, Verdict::pass);
  document["streams"]["st-1"]["ended_at"] = "2024-03-13T20:01:00.5Z";
  EXPECT_EQ(check(expected_, parse_state_document(document)).verdict, Verdict::fail);
}

TEST_F(Check, StreamIdsCompareAsSets) {
  Builder b;
  const std::vector<Event> events = {
      b.recording(EventName::recording_end, "r-1", 9, "st-2", {"st-2", "st-1"})};
  const Expected expected = reduce(events);
  StateDocument actual = pick_document(expected);
  actual.recordings["r-1"].stream_ids = {"st-2", "st-1", "st-1"};
  EXPECT_EQ(check(expected, actual).verdict, Verdict::pass);
}

// Test that a dropped Stream End is reported as lost, and not held against the handler.
TEST(CheckLostToFaults, ADroppedStreamEndIsLostToFaults) {
  Builder b;
  Plan plan;
  plan.events = {b.stream(EventName::stream_start, "st-1", 1),
                 b.stream(EventName::stream_end, "st-1", 60)};
  plan.deliveries = {Delivery{0, testing::at(1), 0, kNoGroup, false, {}},
                     Delivery{1, testing::at(61), 0, kNoGroup, true, Fault::drop}};
  const auto acknowledged = acknowledged_deliveries(plan);
  const Expected expected = reduce(acknowledged);
  const Expected truth = ground_truth(plan);
  const Report report = check(expected, pick_document(expected), Scope{}, &truth);
  EXPECT_EQ(report.verdict, Verdict::pass);
  ASSERT_FALSE(report.lost_to_faults.empty());
  const auto has = [&](std::vector<std::string> path) {
    return std::any_of(report.lost_to_faults.begin(), report.lost_to_faults.end(),
                       [&](const LostField &lost) { return lost.path == path; });
  };
  EXPECT_TRUE(has({"streams", "st-1", "state"}));
  EXPECT_TRUE(has({"channels", kChannel, "live"}));
}

TEST(CheckVerdict, AnUnknownReportSaysWhy) {
  const Report report = unknown_report("GET /state timed out after 5s");
  EXPECT_EQ(report.verdict, Verdict::unknown);
  EXPECT_EQ(report.unknown_reason, "GET /state timed out after 5s");
}

TEST(CheckPaths, PathsQuoteKeysThatAreNotPlainWords) {
  EXPECT_EQ(format_path({"streams", "st-1", "state"}), "streams.st-1.state");
  EXPECT_EQ(format_path({"channels", "arn:aws:x/y", "live"}), "channels[\"arn:aws:x/y\"].live");
  EXPECT_EQ(format_pointer({"channels", "arn:aws:x/y~", "live"}), "/channels/arn:aws:x~1y~0/live");
}

} // namespace
} // namespace ivsim::oracle
