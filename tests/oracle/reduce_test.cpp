#include "ivsim/oracle/reduce.hpp"

#include "event_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ivsim::oracle {
namespace {

using testing::Builder;
using testing::kChannel;
using testing::kComposition;
using testing::kStage;

// The expectation of one field as JSON (`{"one_of": ...}` when undecided); null when absent.
Json field(const Expected &expected, std::string_view collection, const std::string &key,
           std::string_view name) {
  const ExpectedCollection &entities = expected.collection(collection);
  const auto it = entities.find(key);
  if (it == entities.end())
    return "no such entity";
  const ExpectedField *found = it->second.field(name);
  return found == nullptr ? Json("no such field") : found->expectation.to_json();
}

const ExpectedEntity &participant(const Expected &expected, const std::string &id) {
  return expected.collection("stages")
      .at(kStage)
      .find_child("sessions")
      ->at("st-session1")
      .find_child("participants")
      ->at(id);
}

Json one_of(std::vector<Json> values) { return Json{{"one_of", Json(std::move(values))}}; }

TEST(Reduce, StreamStartMakesTheChannelLive) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::session_created, "st-1", 0),
                                     b.stream(EventName::stream_start, "st-1", 1)};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "channels", kChannel, "live"), true);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), "st-1");
  EXPECT_EQ(field(expected, "channels", kChannel, "name"), "studio");
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "live");
  EXPECT_EQ(field(expected, "streams", "st-1", "started_at"), "2024-03-13T20:00:01Z");
  EXPECT_EQ(field(expected, "streams", "st-1", "healthy"), true);
  EXPECT_EQ(field(expected, "channels", kChannel, "recording"), nullptr);
}

// The reading docs/property-testing.md shows: a collection is sorted by id and found by any
// string, and its text values are the events' own shared texts.
TEST(Reduce, ExpectationReadsLikeASortedMapOfTheEventsTexts) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-2", 0),
                                     b.stream(EventName::stream_end, "st-2", 5),
                                     b.stream(EventName::stream_start, "st-1", 9)};
  const Expected expected = reduce(events);
  const ExpectedCollection &streams = expected.collection("streams");
  std::vector<std::string> ids;
  for (const auto &[id, entity] : streams)
    ids.push_back(id.str());
  EXPECT_EQ(ids, (std::vector<std::string>{"st-1", "st-2"}));

  const std::string_view wanted = "st-1";
  ASSERT_TRUE(streams.contains(wanted));
  const ExpectedField *state = streams.find(wanted)->second.field("state");
  ASSERT_NE(state, nullptr);
  EXPECT_TRUE(state->expectation.accepts("live"));
  EXPECT_FALSE(state->expectation.accepts("ended"));

  const FieldValue &channel = streams.at("st-1").field("channel")->expectation.one_of.front();
  ASSERT_TRUE(std::holds_alternative<Text>(channel));
  EXPECT_EQ(std::get<Text>(channel), kChannel);
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [&](const Event &event) {
    return event.resource().identity() == std::get<Text>(channel).identity();
  })) << "the value shares an event's text instead of copying it";
}

TEST(Reduce, StreamEndDeliveredBeforeStreamStartEndsTheStream) {
  Builder b;
  const Event start = b.stream(EventName::stream_start, "st-1", 1);
  const Event end = b.stream(EventName::stream_end, "st-1", 60);
  const std::vector<Event> events = {end, start};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "ended");
  EXPECT_EQ(field(expected, "streams", "st-1", "ended_at"), "2024-03-13T20:01:00Z");
  EXPECT_EQ(field(expected, "channels", kChannel, "live"), false);
}

// Test that a Stream End of stream N delivered after stream N+1 started does not end N+1.
TEST(Reduce, LateStreamEndOfPreviousStreamLeavesNewStreamCurrent) {
  Builder b;
  const Event end_of_first = b.stream(EventName::stream_end, "st-1", 99);
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 0),
                                     b.stream(EventName::session_created, "st-2", 100),
                                     b.stream(EventName::stream_start, "st-2", 101), end_of_first};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), "st-2");
  EXPECT_EQ(field(expected, "channels", kChannel, "live"), true);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "ended");
}

TEST(Reduce, SessionCreatedAfterStreamStartInTheSameSecondStaysLive) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 5),
                                     b.stream(EventName::session_created, "st-1", 5)};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "live");
  EXPECT_EQ(field(expected, "channels", kChannel, "live"), true);
}

// Test that at equal seconds the unfinished stream is current (the newer one, rule 3).
TEST(Reduce, SameSecondEndAndCreateMakeTheUnfinishedStreamCurrent) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 0),
                                     b.stream(EventName::session_created, "st-2", 100),
                                     b.stream(EventName::stream_end, "st-1", 100)};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), "st-2");
  EXPECT_EQ(field(expected, "channels", kChannel, "live"), false);
}

TEST(Reduce, TwoUnfinishedStreamsInTheSameSecondAreAmbiguous) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 7),
                                     b.stream(EventName::session_created, "st-2", 7)};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), one_of({"st-1", "st-2"}));
  EXPECT_EQ(field(expected, "channels", kChannel, "live"), one_of({false, true}));
}

TEST(Reduce, StreamFailureWinsOverEnded) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_failure, "st-1", 3),
                                     b.stream(EventName::session_ended, "st-1", 9)};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "failed");
  EXPECT_EQ(field(expected, "streams", "st-1", "ended_at"), "2024-03-13T20:00:03Z");
}

TEST(Reduce, SessionEndedAloneLeavesEndedAtNull) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 0),
                                     b.stream(EventName::session_ended, "st-1", 30)};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "ended");
  EXPECT_EQ(field(expected, "streams", "st-1", "ended_at"), nullptr);
}

// Test that a merged recording (reconnect window) lists every stream although its Recording End
// names only the last one.
TEST(Reduce, MergedRecordingListsEveryStreamWhenRecordingEndNamesOnlyTheLast) {
  Builder b;
  const std::vector<Event> events = {b.recording(EventName::recording_start, "r-1", 0, "st-1"),
                                     b.recording(EventName::recording_end, "r-1", 400, "st-2")};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "recordings", "r-1", "stream_ids"), Json({"st-1", "st-2"}));
  EXPECT_EQ(field(expected, "recordings", "r-1", "state"), "ended");
  EXPECT_EQ(field(expected, "recordings", "r-1", "duration_ms"), 60000);
  EXPECT_EQ(field(expected, "recordings", "r-1", "ended_at"), "2024-03-13T20:06:40Z");
  EXPECT_EQ(field(expected, "recordings", "r-1", "playlist"),
            "s3://recordings-bucket/ivs/v1/123456789012/AbCdef1G2hij/r-1/media/hls/master.m3u8");
  EXPECT_EQ(field(expected, "channels", kChannel, "recording"), false);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), nullptr);
}

// IVS does not merge every reconnect inside the window (different media, or the old session still
// writing to S3): the new session starts while the old one's Recording End, delayed by the
// window, is still to come. The channel records the current stream's session.
TEST(Reduce, ChannelRecordsTheCurrentStreamsSessionWhenAnUnmergedOneEndsLater) {
  Builder b;
  const std::vector<Event> events = {
      b.stream(EventName::stream_start, "st-1", 0),
      b.recording(EventName::recording_start, "r-1", 0, "st-1"),
      b.stream(EventName::stream_end, "st-1", 600),
      b.stream(EventName::stream_start, "st-2", 625),
      b.recording(EventName::recording_start, "r-2", 625, "st-2"),
      b.recording(EventName::recording_end, "r-1", 722, "st-1", {"st-1"})};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), "st-2");
  EXPECT_EQ(field(expected, "channels", kChannel, "recording"), true);
}

// With the new session's Recording Start not delivered, nothing says the channel records again.
TEST(Reduce, ChannelRecordingFallsBackToTheLatestSessionWhenNoneHoldsTheCurrentStream) {
  Builder b;
  const std::vector<Event> events = {
      b.stream(EventName::stream_start, "st-1", 0),
      b.recording(EventName::recording_start, "r-1", 0, "st-1"),
      b.stream(EventName::stream_end, "st-1", 600), b.stream(EventName::stream_start, "st-2", 625),
      b.recording(EventName::recording_end, "r-1", 722, "st-1", {"st-1"})};
  EXPECT_EQ(field(reduce(events), "channels", kChannel, "recording"), false);
}

TEST(Reduce, RecordingStartFailureHasAReasonAndNoPlaylist) {
  Builder b;
  const std::vector<Event> events = {
      b.recording(EventName::recording_start_failure, "r-1", 0, "st-1")};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "recordings", "r-1", "state"), "start_failed");
  EXPECT_EQ(field(expected, "recordings", "r-1", "reason"), "ValidationException");
  EXPECT_EQ(field(expected, "recordings", "r-1", "s3_prefix"), nullptr);
  EXPECT_EQ(field(expected, "recordings", "r-1", "playlist"), nullptr);
  EXPECT_EQ(field(expected, "recordings", "r-1", "ended_at"), nullptr);
  // docs/state-contract.md rule 2: duration_ms is the Start Failure's recording_duration_ms (0),
  // not null like ended_at.
  EXPECT_EQ(field(expected, "recordings", "r-1", "duration_ms"), 0);
  EXPECT_EQ(field(expected, "channels", kChannel, "recording"), false);
}

TEST(Reduce, RecordingEndFailureHasNoPlaylist) {
  Builder b;
  const std::vector<Event> events = {
      b.recording(EventName::recording_start, "r-1", 0, "st-1"),
      b.recording(EventName::recording_end_failure, "r-1", 50, "st-1")};
  const Expected expected = reduce(events);
  EXPECT_EQ(field(expected, "recordings", "r-1", "state"), "end_failed");
  EXPECT_EQ(field(expected, "recordings", "r-1", "playlist"), nullptr);
}

TEST(Reduce, RecordingStartDeliveredAfterRecordingEndKeepsItEnded) {
  Builder b;
  const Event start = b.recording(EventName::recording_start, "r-1", 0, "st-1");
  const std::vector<Event> events = {b.recording(EventName::recording_end, "r-1", 50, "st-1"),
                                     start};
  EXPECT_EQ(field(reduce(events), "recordings", "r-1", "state"), "ended");
}

TEST(Reduce, ParticipantUnpublishedDeliveredBeforePublishedIsNotPublishing) {
  Builder b;
  const Event published = b.stage(EventName::participant_published, "p-1", 10);
  const Event unpublished = b.stage(EventName::participant_unpublished, "p-1", 20);
  const std::vector<Event> events = {unpublished, published};
  const Expected expected = reduce(events);
  const ExpectedEntity &person = participant(expected, "p-1");
  EXPECT_EQ(person.field("publishing")->expectation.to_json(), false);
  EXPECT_EQ(person.field("user_id")->expectation.to_json(), "user-p-1");
}

TEST(Reduce, OppositeTogglesInOneSecondAreAmbiguousUnlessPreciseTimesOrderThem) {
  Builder b;
  const std::vector<Event> coarse = {b.stage(EventName::participant_published, "p-1", 10),
                                     b.stage(EventName::participant_unpublished, "p-1", 10)};
  EXPECT_EQ(participant(reduce(coarse), "p-1").field("publishing")->expectation.to_json(),
            one_of({false, true}));
  const std::vector<Event> precise = {b.stage(EventName::participant_published, "p-1", 10, 900),
                                      b.stage(EventName::participant_unpublished, "p-1", 10, 100)};
  EXPECT_EQ(participant(reduce(precise), "p-1").field("publishing")->expectation.to_json(), true);
}

TEST(Reduce, StarvationTogglesHealthByEventTime) {
  Builder b;
  const Event recovered = b.health(EventName::starvation_end, "st-1", 30);
  const std::vector<Event> events = {recovered, b.health(EventName::starvation_start, "st-1", 20),
                                     b.stream(EventName::stream_start, "st-1", 0)};
  EXPECT_EQ(field(reduce(events), "streams", "st-1", "healthy"), true);
}

TEST(Reduce, HealthEventsAloneCreateNothingButApplyOnceTheStreamExists) {
  Builder b;
  std::vector<Event> events = {b.health(EventName::starvation_start, "st-1", 20)};
  EXPECT_TRUE(reduce(events).collection("streams").empty());
  EXPECT_TRUE(reduce(events).collection("channels").empty());
  events.push_back(b.stream(EventName::stream_start, "st-1", 0));
  EXPECT_EQ(field(reduce(events), "streams", "st-1", "healthy"), false);
}

TEST(Reduce, DuplicateIdsCountOnce) {
  Builder b;
  const Event start = b.stream(EventName::stream_start, "st-1", 0);
  const std::vector<Event> once = {start};
  const std::vector<Event> thrice = {start, start, start};
  EXPECT_EQ(reduce(thrice), reduce(once));
  EXPECT_EQ(reduce(thrice).events.size(), 1U);
}

TEST(Reduce, LimitBreachesCloudTrailAndOtherStatelessEventsCreateNothing) {
  Builder b;
  std::vector<Event> events = {b.limit_breach(0, "st-1"), b.cloudtrail(1),
                               b.stream(EventName::stream_takeover, "st-1", 2),
                               b.stage(EventName::participant_publish_error, "p-1", 3),
                               b.stage(EventName::token_exchanged, "p-1", 4)};
  const Expected expected = reduce(events);
  EXPECT_EQ(to_json(expected), to_json(Expected{}));
  EXPECT_EQ(expected.events.size(), events.size()); // acknowledged all the same
}

TEST(Reduce, EventsFromOtherSourcesCreateNothingWhateverTheirDetailType) {
  Builder b;
  std::vector<Event> events = {b.stream(EventName::session_created, "st-1", 0),
                               b.stream(EventName::stream_start, "st-1", 1),
                               b.stage(EventName::participant_published, "p-1", 2),
                               b.composition(EventName::session_start, 3)};
  for (Event &event : events)
    event.source = "com.example.test"; // a copy on a custom bus, or a test harness's event
  EXPECT_EQ(to_json(reduce(events)), to_json(Expected{}));
  events.front().source = "aws.ivs"; // Text built apart from the shared aws_ivs_source()
  EXPECT_TRUE(reduce(events).collection("streams").contains("st-1"));
}

TEST(Reduce, UnknownDetailTypesAndEventNamesCreateNothing) {
  Builder b;
  const std::vector<Event> events = {b.unknown(0), b.unknown(1, DetailType::stream_state_change),
                                     b.unknown(2, DetailType::recording_state_change),
                                     b.unknown(3, DetailType::composition_state_change)};
  EXPECT_EQ(to_json(reduce(events)), to_json(Expected{}));
}

TEST(Reduce, CompositionEndsAndDestinationsToggleUntilFinal) {
  Builder b;
  const std::vector<Event> events = {
      b.composition(EventName::session_start, 0),
      b.composition(EventName::destination_start, 1, "d-1"),
      b.composition(EventName::destination_reconnecting, 5, "d-1"),
      b.composition(EventName::destination_start, 1, "d-2"),
      b.composition(EventName::destination_failure, 9, "d-2", "S3 access denied"),
      b.composition(EventName::session_failure, 10, "", "stage ended")};
  const Expected expected = reduce(events);
  const ExpectedEntity &composition = expected.collection("compositions").at(kComposition);
  EXPECT_EQ(composition.field("state")->expectation.to_json(), "failed");
  EXPECT_EQ(composition.field("reason")->expectation.to_json(), "stage ended");
  EXPECT_EQ(composition.field("stage")->expectation.to_json(), kStage);
  const ExpectedCollection &destinations = *composition.find_child("destinations");
  // d-1 has no final event of its own: the failed composition may have closed it (see below).
  EXPECT_EQ(destinations.at("d-1").field("state")->expectation.to_json(),
            one_of({"ended", "failed", "reconnecting"}));
  EXPECT_EQ(destinations.at("d-2").field("state")->expectation.to_json(), "failed");
  EXPECT_EQ(destinations.at("d-2").field("reason")->expectation.to_json(), "S3 access denied");
}

// IVS deletes a composition's resources when it stops and documents no destination events after
// a Session Failure: a handler may close the destinations with their composition, or keep them.
TEST(Reduce, DestinationsMayCloseWithTheirComposition) {
  Builder b;
  const std::vector<Event> ended = {b.composition(EventName::session_start, 0),
                                    b.composition(EventName::destination_start, 1, "d-1"),
                                    b.composition(EventName::session_end, 60)};
  const Expected after_end = reduce(ended);
  const ExpectedEntity &d1 =
      after_end.collection("compositions").at(kComposition).find_child("destinations")->at("d-1");
  EXPECT_EQ(d1.field("state")->expectation.to_json(), one_of({"active", "ended"}));
  EXPECT_EQ(d1.field("reason")->expectation.to_json(), nullptr);

  const std::vector<Event> failed = {b.composition(EventName::session_start, 0),
                                     b.composition(EventName::destination_start, 1, "d-1"),
                                     b.composition(EventName::session_failure, 60, "", "boom")};
  const Expected expected = reduce(failed);
  const ExpectedEntity &d1_failed =
      expected.collection("compositions").at(kComposition).find_child("destinations")->at("d-1");
  EXPECT_EQ(d1_failed.field("state")->expectation.to_json(), one_of({"active", "ended", "failed"}));
  EXPECT_EQ(d1_failed.field("reason")->expectation.to_json(), one_of({nullptr, "boom"}));

  // A running composition keeps its destinations' own states.
  const std::vector<Event> running = {b.composition(EventName::session_start, 0),
                                      b.composition(EventName::destination_start, 1, "d-1")};
  const Expected still = reduce(running);
  EXPECT_EQ(still.collection("compositions")
                .at(kComposition)
                .find_child("destinations")
                ->at("d-1")
                .field("state")
                ->expectation.to_json(),
            "active");
}

TEST(Reduce, ParticipantRecordingsAreKeyedByPrefix) {
  Builder b;
  const std::vector<Event> events = {
      b.participant_recording(EventName::recording_start, "p-1", "stage/s/p-1/a", 0),
      b.participant_recording(EventName::recording_end, "p-1", "stage/s/p-1/a", 9)};
  const Expected expected = reduce(events);
  const ExpectedCollection &recordings = *participant(expected, "p-1").find_child("recordings");
  EXPECT_EQ(recordings.at("stage/s/p-1/a").field("state")->expectation.to_json(), "ended");
  EXPECT_EQ(recordings.at("stage/s/p-1/a").field("duration_ms")->expectation.to_json(), 1234);
  EXPECT_EQ(recordings.at("stage/s/p-1/a").field("s3_prefix")->expectation.to_json(),
            "s3://recordings-bucket/stage/s/p-1/a");
  // Known only from recording events: present, not publishing.
  EXPECT_EQ(participant(expected, "p-1").field("publishing")->expectation.to_json(), false);
}

// Test that an event whose acknowledgement was lost is accepted applied or not.
TEST(Reduce, IndeterminateEventsLeaveBothOutcomesOpen) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 0),
                                     b.stream(EventName::stream_end, "st-1", 60),
                                     b.stream(EventName::session_created, "st-2", 90)};
  std::vector<Acknowledged> acknowledged = testing::acknowledge(events);
  acknowledged[1].indeterminate = true;
  acknowledged[2].indeterminate = true;
  const Expected expected = reduce(acknowledged);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), one_of({"ended", "live"}));
  EXPECT_TRUE(expected.collection("streams").at("st-2").may_be_absent);
  EXPECT_FALSE(expected.collection("streams").at("st-1").may_be_absent);
  EXPECT_EQ(field(expected, "channels", kChannel, "stream_id"), one_of({"st-1", "st-2"}));
}

TEST(Reduce, AnIndeterminateCopyOfASurelyAcknowledgedEventIsCertain) {
  Builder b;
  const std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 0)};
  std::vector<Acknowledged> acknowledged = {{&events[0], 0, {}, true}, {&events[0], 1, {}, false}};
  EXPECT_EQ(reduce(acknowledged), reduce(events));
}

// Hand-written plans reuse ids (the AWS documentation's examples do): the stream's Stream End
// below shares its id with an earlier Starvation Start.
std::vector<Event> two_events_with_one_id(Builder &b) {
  std::vector<Event> events = {b.stream(EventName::stream_start, "st-1", 0),
                               b.health(EventName::starvation_start, "st-1", 300),
                               b.stream(EventName::stream_end, "st-1", 600)};
  events[2].id = events[1].id;
  return events;
}

TEST(Reduce, OfDifferentEventsWithOneIdTheFirstAcknowledgedStandsForIt) {
  Builder b;
  const std::vector<Event> events = two_events_with_one_id(b);
  const Expected expected = reduce(events); // one at a time: the Stream End is a duplicate
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), "live");
  EXPECT_EQ(field(expected, "streams", "st-1", "healthy"), false);
}

TEST(Reduce, DifferentEventsWithOneIdInAConcurrentGroupAreEachAccepted) {
  Builder b;
  const std::vector<Event> events = two_events_with_one_id(b);
  std::vector<Acknowledged> acknowledged = testing::acknowledge(events);
  acknowledged[1].group = acknowledged[2].group = 7; // the handler may see either first
  const Expected expected = reduce(acknowledged);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), one_of({"ended", "live"}));
  EXPECT_EQ(field(expected, "streams", "st-1", "healthy"), one_of({false, true}));
  std::swap(acknowledged[1].order, acknowledged[2].order);
  std::swap(acknowledged[1], acknowledged[2]);
  EXPECT_EQ(reduce(acknowledged), expected); // the group's order does not matter
}

TEST(Reduce, ADifferentEventWithTheIdOfALostAcknowledgementMayHaveComeFirst) {
  Builder b;
  const std::vector<Event> events = two_events_with_one_id(b);
  std::vector<Acknowledged> acknowledged = testing::acknowledge(events);
  acknowledged[1].indeterminate = true; // the Starvation Start may never have been applied
  acknowledged.push_back({&events[1], 3, {}, false}); // and a copy of it surely was, later
  const Expected expected = reduce(acknowledged);
  EXPECT_EQ(field(expected, "streams", "st-1", "state"), one_of({"ended", "live"}));
}

TEST(Reduce, TooManyIndeterminateEventsOpenTheirRootUp) {
  Builder b;
  std::vector<Event> events;
  for (int i = 0; i < 12; ++i)
    events.push_back(
        b.health(i % 2 == 0 ? EventName::starvation_start : EventName::starvation_end, "st-1", i));
  events.push_back(b.stream(EventName::stream_start, "st-1", 0));
  std::vector<Acknowledged> acknowledged = testing::acknowledge(events);
  for (int i = 0; i < 12; ++i)
    acknowledged[i].indeterminate = true;
  const Expected expected = reduce(acknowledged);
  const ExpectedEntity &stream = expected.collection("streams").at("st-1");
  EXPECT_TRUE(stream.field("healthy")->expectation.is_open());
  EXPECT_TRUE(stream.field("healthy")->expectation.accepts(false));
}

} // namespace
} // namespace ivsim::oracle
