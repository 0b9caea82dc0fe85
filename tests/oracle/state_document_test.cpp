#include "ivsim/oracle/state_document.hpp"

#include "ivsim/error.hpp"

#include <gtest/gtest.h>

namespace ivsim::oracle {
namespace {

std::string error_of(const Json &document) {
  try {
    parse_state_document(document);
  } catch (const InputError &error) {
    return error.what();
  }
  return "no error";
}

TEST(StateDocument, AcceptsEveryTimeFormTheContractAllows) {
  const Json document = {{"streams",
                          {{"a", {{"started_at", "2024-03-13T22:09:58Z"}}},
                           {"b", {{"started_at", "2024-03-13T22:09:58.000Z"}}},
                           {"c", {{"started_at", "2024-03-13T23:09:58+01:00"}}},
                           {"d", {{"started_at", 1710367798000}}}}}};
  const StateDocument parsed = parse_state_document(document);
  for (const auto &[id, stream] : parsed.streams)
    EXPECT_EQ(stream.started_at, parsed.streams.at("a").started_at) << id;
}

TEST(StateDocument, RejectsOtherTimesWithTheEscapedPointer) {
  const Json document = {{"recordings", {{"arn:a/b", {{"ended_at", "yesterday"}}}}}};
  EXPECT_EQ(error_of(document),
            "/recordings/arn:a~1b/ended_at: expected an RFC 3339 time like "
            "\"2024-03-13T22:09:58Z\" or epoch milliseconds, got \"yesterday\"");
  EXPECT_EQ(error_of({{"streams", {{"s", {{"started_at", true}}}}}}),
            "/streams/s/started_at: expected an RFC 3339 time like \"2024-03-13T22:09:58Z\" or "
            "epoch milliseconds, got true");
}

TEST(StateDocument, RejectsWrongTypesWithThePointer) {
  EXPECT_EQ(error_of({{"channels", {{"c", {{"live", "yes"}}}}}}),
            "/channels/c/live: expected true, false or null, got \"yes\"");
  EXPECT_EQ(error_of({{"channels", 3}}),
            "/channels: expected an object keyed by identifier, got 3");
  EXPECT_EQ(error_of(Json::array()), "/: expected an object, got an array");
}

TEST(StateDocument, NullAndAbsentAreTheSameAndUnknownKeysAreIgnored) {
  const Json document = {{"channels", {{"c", {{"live", nullptr}, {"viewers", 12}}}}},
                         {"extra", "ignored"}};
  const StateDocument parsed = parse_state_document(document);
  EXPECT_FALSE(parsed.channels.at("c").live.has_value());
}

std::vector<std::string> messages_of(const Json &document) {
  std::vector<std::string> messages;
  for (const DocumentNote &note : read_state_document(document).notes)
    messages.push_back(note.pattern + ": " + note.message);
  return messages;
}

// Test that a misspelt field is noted once per pattern, with the nearest field of its kind.
TEST(StateDocument, NotesUnknownFieldsOncePerPatternWithTheNearestField) {
  const Json document = {
      {"channels",
       {{"arn:a/1", {{"isLive", true}, {"streamId", "s"}}}, {"arn:a/2", {{"isLive", false}}}}},
      {"streams", {{"s", {{"status", "live"}, {"startedAt", 1}, {"viewers", 3}}}}},
      {"stages",
       {{"st",
         {{"sessions",
           {{"x", {{"participants", {{"p", {{"userId", "u"}, {"publishing", true}}}}}}}}}}}}}};
  const ReadDocument read = read_state_document(document);
  EXPECT_EQ(messages_of(document),
            (std::vector<std::string>{
                "/channels/<arn>/isLive: not a field of the contract (did you mean live?)",
                "/channels/<arn>/streamId: not a field of the contract (did you mean stream_id?)",
                "/streams/<stream_id>/status: not a field of the contract (did you mean state?)",
                "/streams/<stream_id>/startedAt: not a field of the contract (did you mean "
                "started_at?)",
                "/streams/<stream_id>/viewers: not a field of the contract (expected one of "
                "channel, state, started_at, ended_at, healthy)",
                "/stages/<arn>/sessions/<session_id>/participants/<participant_id>/userId: not a "
                "field of the contract (did you mean user_id?)"}));
  EXPECT_EQ(read.notes.front().pointer, "/channels/arn:a~11/isLive");
  // The notes leave the document alone: the unknown keys are ignored.
  EXPECT_FALSE(read.document.channels.at("arn:a/1").live.has_value());
  EXPECT_EQ(read.document, parse_state_document(document));
}

TEST(StateDocument, NotesUnknownCollectionsAndAWrappedDocument) {
  EXPECT_EQ(messages_of({{"data", {{"channels", Json::object()}, {"streams", Json::object()}}}}),
            (std::vector<std::string>{
                "/data: not a collection of the contract (channels, streams, recordings, stages, "
                "compositions); it holds channels, streams: the collections belong at the top "
                "level of the document, not inside \"data\""}));
  EXPECT_EQ(messages_of({{"channel", Json::object()}}),
            (std::vector<std::string>{"/channel: not a collection of the contract (channels, "
                                      "streams, recordings, stages, compositions) (did you mean "
                                      "channels?)"}));
  EXPECT_TRUE(messages_of({{"channels", {{"c", {{"live", true}}}}}}).empty());
}

// Test that a time in epoch seconds, read as milliseconds in January 1970, is quoted as written.
TEST(StateDocument, NotesEpochSecondsReadAsMilliseconds) {
  const Json document = {
      {"streams", {{"s", {{"started_at", 1710360000}, {"ended_at", 1710367798000}}}}}};
  EXPECT_EQ(messages_of(document),
            (std::vector<std::string>{
                "/streams/<stream_id>/started_at: 1710360000 is read as epoch milliseconds, "
                "1970-01-20T19:06:00Z; if it is epoch seconds, write 1710360000000 or "
                "\"2024-03-13T20:00:00Z\""}));
  EXPECT_EQ(read_state_document(document).notes.front().pointer, "/streams/s/started_at");
}

TEST(StateDocument, RoundTripsThroughJson) {
  StateDocument document;
  document.channels["c"] = {"studio", true, "st-1", false};
  document.streams["st-1"].started_at = Instant{std::chrono::seconds{1710367798}};
  document.recordings["r"].stream_ids = std::vector<std::string>{"st-1"};
  document.stages["s"].sessions["x"].participants["p"].recordings["k"].state = "ended";
  document.compositions["k"].destinations["d"].state = "active";
  EXPECT_EQ(parse_state_document(to_json(document)), document);
  EXPECT_EQ(to_json(document)["streams"]["st-1"]["started_at"], "2024-03-13T22:09:58Z");
}

TEST(StateDocument, SyntaxErrorsNameTheByte) {
  try {
    parse_state_document(std::string_view("{\"channels\": "));
    FAIL() << "expected an InputError";
  } catch (const InputError &error) {
    EXPECT_EQ(std::string(error.what()).rfind("byte 14: invalid JSON", 0), 0U) << error.what();
  }
}

} // namespace
} // namespace ivsim::oracle
