// Generated events of each kind carry the same fields, with the same JSON types, as the
// documented examples and real captures in tests/fixtures/events.
#include "ivsim/sim/world.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

namespace ivsim::sim {
namespace {

using Json = nlohmann::ordered_json;
using Shape = std::map<std::string, std::string>; // key -> JSON type

std::string type_of(const Json &value) {
  if (value.is_number_integer())
    return "integer";
  if (value.is_number_float())
    return "float";
  return value.type_name();
}

Shape shape_of(const Json &object) {
  Shape shape;
  for (const auto &[key, value] : object.items())
    shape[key] = type_of(value);
  return shape;
}

Json read_fixture(const std::string &name) {
  std::ifstream in(std::string(IVSIM_FIXTURES_DIR) + "/events/" + name);
  EXPECT_TRUE(in) << name;
  return Json::parse(in);
}

// Which kind of payload an event is: detail-type / name (limit_name for Limit Breach), and for
// Published / Unpublished whether it is the newer form with event_time_precise.
std::string kind_of(const Json &event) {
  const Json &detail = event["detail"];
  std::string kind = event["detail-type"].get<std::string>() + "/";
  // A Session Ended with a `code` is a session that never went live, the documented example.
  const bool coded_end =
      detail.value("event_name", "") == "Session Ended" && detail.contains("code");
  for (const char *key : {"event_name", "recording_status", "limit_name"})
    if (detail.contains(key))
      return kind + detail[key].get<std::string>() + (coded_end ? "+code" : "") +
             (detail.contains("event_time_precise") ? "+precise" : "") +
             (detail.contains("replica") ? "+replica" : "");
  return kind;
}

struct Expectation {
  const char *fixture;
  // Keys of the fixture that the generator deliberately never writes.
  std::set<std::string> not_generated;
};

// Real captures where we have them, else the (corrected) doc example. Deliberate differences:
// - Stage Update doc examples are replicas (`replica`, `source_stage_arn`, `source_session_id`):
//   they are the shape of a replicated participant on its destination stage; the generator's
//   own participants are not replicas, like the real 2025 capture.
// - Session Ended: a broadcast's ends like the real capture, without `code`; a session that never
//   went live like the doc example, with `code` (MultitrackInputNotAllowed).
// - Limit Breach "pixels per edge" and the CloudTrail noise have no fixture of their own (the
//   former shares its keys with "total pixels").
const std::map<std::string, Expectation> &expectations() {
  static const std::set<std::string> kReplica = {"replica", "source_stage_arn",
                                                 "source_session_id"};
  static const std::map<std::string, Expectation> table = {
      {"IVS Stream State Change/Session Created",
       {"real.stream-state-change.session-created.ikunik-2024a.json", {}}},
      {"IVS Stream State Change/Stream Start",
       {"real.stream-state-change.stream-start.unicornsports-2021.json", {}}},
      {"IVS Stream State Change/Stream End",
       {"real.stream-state-change.stream-end.unicornsports-2021.json", {}}},
      {"IVS Stream State Change/Session Ended",
       {"real.stream-state-change.session-ended.live-api-2021.json", {}}},
      {"IVS Stream State Change/Session Ended+code",
       {"stream-state-change.session-ended.corrected.json", {}}},
      {"IVS Stream State Change/Stream Failure", {"stream-state-change.stream-failure.json", {}}},
      {"IVS Stream State Change/Stream Takeover", {"stream-state-change.stream-takeover.json", {}}},
      {"IVS Stream State Change/Stream Takeover Failure",
       {"stream-state-change.stream-takeover-failure.json", {}}},
      {"IVS Stream Health Change/Starvation Start",
       {"stream-health-change.starvation-start.json", {}}},
      {"IVS Stream Health Change/Starvation End", {"stream-health-change.starvation-end.json", {}}},
      {"IVS Limit Breach/Ingest Bitrate", {"limit-breach.ingest-bitrate.json", {}}},
      {"IVS Limit Breach/Ingest Resolution", {"limit-breach.ingest-resolution.json", {}}},
      {"IVS Limit Breach/Concurrent Broadcasts", {"limit-breach.concurrent-broadcasts.json", {}}},
      {"IVS Limit Breach/Concurrent Viewers", {"limit-breach.concurrent-viewers.json", {}}},
      {"IVS Recording State Change/Recording Start",
       {"real.recording-state-change.recording-start.tiimio-2023.json", {}}},
      {"IVS Recording State Change/Recording End",
       {"real.recording-state-change.recording-end.tiimio-2023.json", {}}},
      {"IVS Recording State Change/Recording Start Failure",
       {"recording-state-change.recording-start-failure.json", {}}},
      {"IVS Recording State Change/Recording End Failure",
       {"recording-state-change.recording-end-failure.corrected.json", {}}},
      {"IVS Stage Update/Participant Published",
       {"real.stage-update.participant-published.ikunik-2025.json", {}}},
      {"IVS Stage Update/Participant Unpublished",
       {"real.stage-update.participant-unpublished.ikunik-2025.json", {}}},
      {"IVS Stage Update/Participant Published+precise",
       {"stage-update.participant-published.corrected.json", kReplica}},
      {"IVS Stage Update/Participant Unpublished+precise",
       {"stage-update.participant-unpublished.corrected.json", kReplica}},
      {"IVS Stage Update/Participant Published+precise+replica",
       {"stage-update.participant-published.corrected.json", {}}},
      {"IVS Stage Update/Participant Unpublished+precise+replica",
       {"stage-update.participant-unpublished.corrected.json", {}}},
      {"IVS Stage Update/Participant Publish Error",
       {"stage-update.participant-publish-error.corrected.json", kReplica}},
      {"IVS Stage Update/Participant Replication Start",
       {"stage-update.participant-replication-start.corrected.json", {}}},
      {"IVS Stage Update/Participant Replication End",
       {"stage-update.participant-replication-end.corrected.json", {}}},
      {"IVS Stage Update/Token Exchanged", {"stage-update.token-exchanged.corrected.json", {}}},
      {"IVS Participant Recording State Change/Recording Start",
       {"participant-recording-state-change.recording-start.corrected.json", {}}},
      {"IVS Participant Recording State Change/Recording End",
       {"participant-recording-state-change.recording-end.corrected.json", {}}},
      {"IVS Participant Recording State Change/Recording Start Failure",
       {"participant-recording-state-change.recording-start-failure.corrected.json", {}}},
      {"IVS Participant Recording State Change/Recording End Failure",
       {"participant-recording-state-change.recording-end-failure.corrected.json", {}}},
      {"IVS Composition State Change/Session Start",
       {"composition-state-change.session-start.json", {}}},
      {"IVS Composition State Change/Session End",
       {"composition-state-change.session-end.json", {}}},
      {"IVS Composition State Change/Session Failure",
       {"composition-state-change.session-failure.json", {}}},
      {"IVS Composition State Change/Destination Start",
       {"composition-state-change.destination-start.json", {}}},
      {"IVS Composition State Change/Destination End",
       {"composition-state-change.destination-end.json", {}}},
      {"IVS Composition State Change/Destination Failure",
       {"composition-state-change.destination-failure.json", {}}},
      {"IVS Composition State Change/Destination Reconnecting",
       {"composition-state-change.destination-reconnecting.json", {}}},
      {"IVS Ad Break State Change/Ad Break Inserted",
       {"ad-break-state-change.ad-break-inserted.corrected.json", {}}},
  };
  return table;
}

// A world where every kind happens often.
std::vector<Event> busy_world() {
  using namespace std::chrono_literals;
  WorldOptions world;
  world.channels = 8;
  world.stages = 4;
  world.duration = 8h;
  world.stream_failure_probability = 0.2;
  world.not_live_session_probability = 0.2;
  world.stream_takeover_probability = 0.5;
  world.stream_takeover_failure_share = 0.5;
  world.recording_share = 1;
  world.recording_start_failure_probability = 0.2;
  world.recording_end_failure_probability = 0.2;
  world.limit_breach_per_hour = 3;
  world.account_limit_breach_per_hour = 3;
  world.ad_breaks_per_hour = 3;
  world.participant_recording_failure_probability = 0.3;
  world.individual_recording_share = 1;
  world.publish_error_probability = 0.3;
  world.token_exchange_probability = 0.3;
  world.replication_probability = 0.3;
  world.composition_probability = 1;
  world.composition_failure_probability = 0.3;
  world.destination_failure_probability = 0.3;
  world.destination_reconnect_probability = 0.5;
  return generate_timeline(world, 2024);
}

TEST(PayloadShape, EveryGeneratedKindMatchesItsFixture) {
  std::map<std::string, Shape> fixture_detail;
  for (const auto &[kind, expectation] : expectations()) {
    Shape shape = shape_of(read_fixture(expectation.fixture)["detail"]);
    for (const std::string &key : expectation.not_generated)
      shape.erase(key);
    fixture_detail[kind] = shape;
  }
  const Shape envelope = shape_of(read_fixture("stream-state-change.stream-end.json"));
  std::set<std::string> seen;
  for (const Event &event : busy_world()) {
    const Json json = to_json(event);
    EXPECT_EQ(shape_of(json), envelope) << describe(event);
    if (event.detail_type == DetailType::cloudtrail_api_call)
      continue; // no fixture: CloudTrail noise is not an IVS payload
    const std::string kind = kind_of(json);
    const auto expected = fixture_detail.find(kind);
    ASSERT_NE(expected, fixture_detail.end()) << "no fixture for " << kind;
    EXPECT_EQ(shape_of(json["detail"]), expected->second) << kind << ": " << json.dump();
    seen.insert(kind);
  }
  for (const auto &[kind, expectation] : expectations())
    EXPECT_EQ(seen.count(kind), 1U) << "never generated: " << kind;
}

TEST(PayloadShape, GeneratedEventsParseBackToTheSameEvent) {
  for (const Event &event : busy_world()) {
    const std::string text = to_json_text(event);
    const Event parsed = parse_event(std::string_view(text));
    EXPECT_EQ(to_json(parsed), to_json(event));
    EXPECT_EQ(parsed.with_fields_as_truth().detail, event.detail) << describe(event);
  }
}

} // namespace
} // namespace ivsim::sim
