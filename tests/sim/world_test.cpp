#include "ivsim/sim/world.hpp"

#include "ivsim/rapidcheck.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

namespace ivsim::sim {
namespace {

using namespace std::chrono_literals;

std::vector<Event> timeline(const GeneratorSpec &spec) {
  return generate_timeline(spec.world, spec.seed);
}

// Format checks written out by hand: std::regex trips GCC 12 warnings under the sanitizers.
bool all_of(std::string_view text, int (*is_class)(int)) {
  return std::all_of(text.begin(), text.end(),
                     [is_class](unsigned char c) { return is_class(c) != 0; });
}

bool is_id(std::string_view text, std::size_t length) {
  return text.size() == length && all_of(text, std::isalnum);
}

bool is_prefixed_id(std::string_view text, std::size_t length) {
  return text.starts_with("st-") && is_id(text.substr(3), length);
}

bool is_one_of(char c, std::string_view allowed) {
  return allowed.find(c) != std::string_view::npos;
}

// 32 lower-case hex digits in the 8-4-4-4-12 layout, as EventBridge writes event ids: no digit is
// fixed, so this is not a UUID v4 check (real ids read db65fc17-1612-ef68-3aad-...).
bool is_uuid_shaped_hex(std::string_view text) {
  if (text.size() != 36)
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_one_of(text[i], "0123456789abcdef"))
      return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const std::size_t to = text.find(separator, from);
    parts.push_back(text.substr(from, to - from));
    if (to == std::string_view::npos)
      return parts;
    from = to + 1;
  }
}

// A decimal number without zero padding, in [min, max].
bool is_unpadded(std::string_view text, int min, int max) {
  if (text.empty() || text.size() > 4 || !all_of(text, std::isdigit) ||
      (text.size() > 1 && text[0] == '0'))
    return false;
  const int value = std::stoi(std::string(text));
  return value >= min && value <= max;
}

bool is_ivs_arn(std::string_view text) {
  const std::vector<std::string_view> parts = split(text, ':');
  if (parts.size() != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "ivs" ||
      parts[4].size() != 12 || !all_of(parts[4], std::isdigit))
    return false;
  const std::vector<std::string_view> resource = split(parts[5], '/');
  return resource.size() == 2 && is_id(resource[1], 12) &&
         (resource[0] == "channel" || resource[0] == "stage" || resource[0] == "composition");
}

// ivs/v1/<account>/<channel_id>/<y>/<m>/<d>/<h>/<min>/<recording_id>, time parts not
// zero-padded: ".../2020/6/23/20/12/j8Z9O91ndcVs".
bool is_channel_prefix(std::string_view text) {
  const std::vector<std::string_view> parts = split(text, '/');
  return parts.size() == 10 && parts[0] == "ivs" && parts[1] == "v1" && is_id(parts[2], 12) &&
         is_id(parts[3], 12) && is_unpadded(parts[4], 2000, 2100) && is_unpadded(parts[5], 1, 12) &&
         is_unpadded(parts[6], 1, 31) && is_unpadded(parts[7], 0, 23) &&
         is_unpadded(parts[8], 0, 59) && is_id(parts[9], 12);
}

// <stage_id>/<session_id>/<participant_id>/<YYYY-MM-DDTHH-MM-SSZ>.
bool is_participant_prefix(std::string_view text) {
  const std::vector<std::string_view> parts = split(text, '/');
  if (parts.size() != 4 || !is_id(parts[0], 12) || !is_prefixed_id(parts[1], 13) ||
      !is_id(parts[2], 12))
    return false;
  constexpr std::string_view kShape = "dddd-dd-ddTdd-dd-ddZ";
  if (parts[3].size() != kShape.size())
    return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char c = parts[3][i];
    if (kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(c)) == 0 : c != kShape[i])
      return false;
  }
  return true;
}

std::string last_segment(const std::string &prefix) { return prefix.substr(prefix.rfind('/') + 1); }

// What a recording session looked like on the timeline.
struct RecordingFacts {
  const Event *start = nullptr;
  const Event *end = nullptr; // Recording End or Recording End Failure
};

// Per channel, its streams in the order their sessions were created.
std::map<std::string, std::vector<std::string>>
streams_by_channel(const std::vector<Event> &events) {
  std::map<std::string, std::vector<std::string>> streams;
  for (const Event &event : events)
    if (event.name == EventName::session_created)
      streams[event.resource()].push_back(event.detail.stream_id);
  return streams;
}

// The stream the channel created after `stream`, or "" if none.
std::string next_stream(const std::vector<std::string> &streams, const std::string &stream) {
  const auto found = std::find(streams.begin(), streams.end(), stream);
  return found == streams.end() || found + 1 == streams.end() ? "" : *(found + 1);
}

// The fault scheduler numbers a generated world's resources and stream ids by where their
// characters live (SharedTextIds): that is numbering them by value only if every such text is
// made once and its copies share it.
// Replicas (events on another stage, made by this one) and compositions are the easy places to
// make an ARN twice, so most cases have both.
RC_GTEST_PROP(World, EachResourceAndStreamIdIsMadeOnceAndShared, (GeneratorSpec spec)) {
  spec.world.replication_probability = 0.5;
  spec.world.composition_probability = 0.8;
  std::map<std::string_view, const void *> home; // each text's first address
  for (const Event &event : timeline(spec))
    for (const Text *text : {&event.resource(), &event.detail.stream_id}) {
      if (text->empty())
        continue;
      const auto [it, inserted] = home.try_emplace(text->view(), text->identity());
      const bool shared = it->second == text->identity();
      RC_ASSERT(shared);
    }
}

RC_GTEST_PROP(World, IsDeterministicInTheSeed, ()) {
  const GeneratorSpec spec = *rc_gen::generator_spec();
  RC_ASSERT(timeline(spec) == timeline(spec));
}

RC_GTEST_PROP(World, IsSortedByEffectiveTime, ()) {
  const std::vector<Event> events = timeline(*rc_gen::generator_spec());
  for (std::size_t i = 1; i < events.size(); ++i)
    RC_ASSERT(events[i - 1].effective_time().at <= events[i].effective_time().at);
}

RC_GTEST_PROP(World, AStreamStartsAtMostOnceAndAfterItsSessionWasCreated, ()) {
  std::map<std::string, int> starts;
  std::set<std::string> created;
  for (const Event &event : timeline(*rc_gen::generator_spec())) {
    if (event.name == EventName::session_created)
      created.insert(event.detail.stream_id);
    if (event.name == EventName::stream_start) {
      RC_ASSERT(created.count(event.detail.stream_id) == 1U);
      RC_ASSERT(++starts[event.detail.stream_id] == 1);
    }
  }
}

// Test that a merged recording session keeps one id and prefix, lists at most 20 streams with
// the last one in stream_id, and ends only after the reconnect window: the window is longer than
// every reconnect gap of the session, so Recording End - last Stream End exceeds each gap.
RC_GTEST_PROP(World, RecordingSessionsMergeStreamsWithinTheReconnectWindow, ()) {
  const GeneratorSpec spec = *rc_gen::generator_spec();
  const std::vector<Event> events = timeline(spec);
  std::map<std::string, Instant> stream_end;    // the later of Stream End / Session Ended
  std::map<std::string, Instant> session_start; // Session Created
  std::map<std::string, RecordingFacts> recordings;
  const auto channel_streams = streams_by_channel(events);
  for (const Event &event : events) {
    const std::string &stream = event.detail.stream_id;
    if (event.name == EventName::session_created)
      session_start[stream] = event.time;
    if (event.name == EventName::stream_end || event.name == EventName::session_ended)
      stream_end[stream] = std::max(stream_end[stream], event.time);
    if (event.detail_type != DetailType::recording_state_change)
      continue;
    RecordingFacts &facts = recordings[event.detail.recording_session_id];
    if (event.name == EventName::recording_start && facts.start == nullptr)
      facts.start = &event;
    if (event.name == EventName::recording_end || event.name == EventName::recording_end_failure) {
      RC_ASSERT(facts.end == nullptr);
      facts.end = &event;
    }
  }
  for (const auto &[id, facts] : recordings) {
    if (facts.end == nullptr)
      continue;
    RC_ASSERT(facts.start != nullptr);
    RC_ASSERT(facts.end->detail.recording_s3_key_prefix ==
              facts.start->detail.recording_s3_key_prefix);
    RC_ASSERT(facts.end->resource() == facts.start->resource());
    if (facts.end->name != EventName::recording_end)
      continue;
    const TextList &streams = facts.end->detail.recording_session_stream_ids;
    RC_ASSERT(!streams.empty());
    RC_ASSERT(streams.size() <= std::size_t{kMaxStreamsPerRecordingSession});
    RC_ASSERT(streams.back() == facts.end->detail.stream_id);
    RC_ASSERT(streams.front() == facts.start->detail.stream_id);
    const Instant last_end = stream_end.at(streams.back());
    RC_ASSERT(facts.end->time >= last_end);
    // An unmerged successor may hold the end back further (see the next law).
    const std::string next = next_stream(channel_streams.at(facts.end->resource()), streams.back());
    if (next.empty() || session_start.at(next) > facts.end->time)
      RC_ASSERT(facts.end->time - last_end <= spec.world.reconnect_window_max + 3s);
    for (std::size_t i = 1; i < streams.size(); ++i) {
      const Duration gap = session_start.at(streams[i]) - stream_end.at(streams[i - 1]);
      RC_ASSERT(gap > 0s);
      RC_ASSERT(facts.end->time - last_end > gap);
    }
  }
}

// Test that a reconnect IVS did not merge starts its own recording session (own id and prefix),
// and that the old session's Recording End comes at least a window after its last Stream End
// (the window exceeds the reconnect's gap) and after the new session's Recording Start.
RC_GTEST_PROP(World, AnUnmergedReconnectEndsTheOldSessionAfterTheNewOneStarts, ()) {
  const std::vector<Event> events = timeline(*rc_gen::generator_spec());
  std::map<std::string, Instant> created;
  std::map<std::string, Instant> stream_end;
  std::map<std::string, const Event *> recording_start; // by stream: its session's first event
  std::map<std::string, const Event *> recording_end;   // by session: End or End Failure
  for (const Event &event : events) {
    const std::string &stream = event.detail.stream_id;
    if (event.name == EventName::session_created)
      created[stream] = event.time;
    if (event.name == EventName::stream_end || event.name == EventName::session_ended)
      stream_end[stream] = std::max(stream_end[stream], event.time);
    if (event.detail_type != DetailType::recording_state_change)
      continue;
    if (event.name == EventName::recording_start ||
        event.name == EventName::recording_start_failure)
      recording_start.emplace(stream, &event);
    if (event.name == EventName::recording_end || event.name == EventName::recording_end_failure)
      recording_end[event.detail.recording_session_id] = &event;
  }
  const auto channel_streams = streams_by_channel(events);
  std::size_t unmerged = 0;
  for (const auto &[session, end] : recording_end) {
    const std::string &last = end->detail.stream_id;
    const std::string next = next_stream(channel_streams.at(end->resource()), last);
    if (next.empty() || created.at(next) > end->time)
      continue; // no reconnect before the session ended: not an unmerged one
    ++unmerged;
    const Duration gap = created.at(next) - stream_end.at(last);
    RC_ASSERT(gap > 0s);
    RC_ASSERT(end->time - stream_end.at(last) > gap);
    const TextList &streams = end->detail.recording_session_stream_ids;
    RC_ASSERT(std::find(streams.begin(), streams.end(), Text(next)) == streams.end());
    const auto started = recording_start.find(next);
    if (started == recording_start.end())
      continue; // the new stream failed before it went live
    const Detail &successor = started->second->detail;
    RC_ASSERT(successor.recording_session_id != end->detail.recording_session_id);
    RC_ASSERT(successor.recording_s3_key_prefix != end->detail.recording_s3_key_prefix);
    RC_ASSERT(started->second->time < end->time);
  }
  RC_CLASSIFY(unmerged > 0, "unmerged reconnects");
}

// Test that a session that never goes live is Session Created, then Session Ended 1-10 s later
// with a documented code, and nothing else: no Stream Start, no Stream End, no recording.
RC_GTEST_PROP(World, ASessionThatNeverGoesLiveHasNoStreamStart, ()) {
  const std::vector<Event> events = timeline(*rc_gen::generator_spec());
  std::map<std::string, const Event *> not_live; // stream -> its Session Ended with a code
  for (const Event &event : events)
    if (event.name == EventName::session_ended && !event.detail.code.empty())
      not_live[event.detail.stream_id] = &event;
  std::map<std::string, Instant> created;
  for (const Event &event : events) {
    const auto found = not_live.find(event.detail.stream_id);
    if (found == not_live.end() || event.detail_type == DetailType::recording_state_change) {
      RC_ASSERT(found == not_live.end()); // and no recording event names it
      continue;
    }
    RC_ASSERT(event.name == EventName::session_created || event.name == EventName::session_ended);
    if (event.name == EventName::session_created)
      created[event.detail.stream_id] = event.time;
  }
  for (const auto &[stream, ended] : not_live) {
    const Duration after = ended->time - created.at(stream);
    RC_ASSERT(after >= 1s);
    RC_ASSERT(after <= 10s);
    // The codes the IVS API reference (StreamEvent) documents for Session Ended.
    static const std::set<std::string_view> kCodes = {
        "MultitrackInputNotAllowed",
        "MultitrackInputRequired",
        "InvalidGetClientConfigurationStreamKey",
        "GetClientConfigurationStreamKeyRequired",
        "InvalidMultitrackInputTrackCount",
        "InvalidMultitrackInputVideoTrackMediaProperties"};
    RC_ASSERT(kCodes.count(ended->detail.code.view()) == 1U);
  }
  RC_CLASSIFY(!not_live.empty(), "sessions that never went live");
}

// Test that a composition's Session Failure is coherent with its destinations: DestinationFailure
// comes 1-5 s after one of its own Destination Failures, no destination event follows a Session
// Failure, and after StageDeleted the stage has no event and no composition any more.
RC_GTEST_PROP(World, ACompositionFailsForWhatItsDestinationsDid, ()) {
  const std::vector<Event> events = timeline(*rc_gen::generator_spec());
  std::map<std::string, Instant> first_destination_failure; // by composition
  std::map<std::string, Instant> failed;                    // composition -> Session Failure
  std::map<std::string, Instant> deleted;                   // stage -> StageDeleted
  std::size_t destination_failures = 0;
  for (const Event &event : events) {
    const std::string stage = event.detail_type == DetailType::composition_state_change
                                  ? std::string(event.detail.stage_arn)
                                  : std::string(event.resource());
    if (deleted.count(stage) == 1)
      RC_FAIL("an event of a deleted stage: " + describe(event));
    if (event.detail_type != DetailType::composition_state_change)
      continue;
    const std::string composition(event.resource());
    RC_ASSERT(failed.count(composition) == 0U); // nothing after a Session Failure
    if (event.name == EventName::destination_failure)
      first_destination_failure.emplace(composition, event.time);
    if (event.name != EventName::session_failure)
      continue;
    failed[composition] = event.time;
    if (event.detail.error_code == "StageDeleted")
      deleted[stage] = event.time;
    if (event.detail.error_code != "DestinationFailure")
      continue;
    ++destination_failures;
    const auto cause = first_destination_failure.find(composition);
    RC_ASSERT(cause != first_destination_failure.end());
    RC_ASSERT(event.time - cause->second >= 1s);
    RC_ASSERT(event.time - cause->second <= 5s);
  }
  RC_CLASSIFY(destination_failures > 0, "DestinationFailure");
  RC_CLASSIFY(!deleted.empty(), "StageDeleted");
}

RC_GTEST_PROP(World, IdentifiersHaveTheRealFormats, ()) {
  const std::vector<Event> events = timeline(*rc_gen::generator_spec());
  std::set<std::string> ids;
  for (const Event &event : events) {
    RC_ASSERT(is_uuid_shaped_hex(event.id));
    RC_ASSERT(ids.insert(event.id).second);
    RC_ASSERT(event.account.size() == 12U && all_of(event.account, std::isdigit));
    RC_ASSERT(event.time == floor_to_second(event.time));
    for (const Text &arn : event.resources)
      RC_ASSERT(is_ivs_arn(arn));
    const Detail &d = event.detail;
    if (!d.stream_id.empty())
      RC_ASSERT(is_prefixed_id(d.stream_id, 23));
    if (!d.session_id.empty())
      RC_ASSERT(is_prefixed_id(d.session_id, 13));
    if (!d.participant_id.empty())
      RC_ASSERT(is_id(d.participant_id, 12));
    if (event.detail_type == DetailType::recording_state_change &&
        !d.recording_s3_key_prefix.empty()) {
      RC_ASSERT(is_channel_prefix(d.recording_s3_key_prefix));
      RC_ASSERT(event.resource().ends_with(split(d.recording_s3_key_prefix, '/')[3]));
      RC_ASSERT(d.recording_session_id != last_segment(d.recording_s3_key_prefix));
    }
    if (event.detail_type == DetailType::participant_recording_state_change)
      RC_ASSERT(is_participant_prefix(d.recording_s3_key_prefix));
  }
}

// Test that event ids fix no UUID version or variant digit, as real EventBridge ids do not
// (db65fc17-1612-ef68-3aad-..., afd67cde-8c16-58fc-6397-...): a handler that accepts only UUID v4
// must fail under ivsim as it would in production.
TEST(World, EventIdsAreNotUuidV4) {
  std::set<char> versions;
  std::set<char> variants;
  for (const Event &event : generate_timeline(WorldOptions{}, 9)) {
    versions.insert(event.id[14]);
    variants.insert(event.id[19]);
  }
  EXPECT_EQ(versions.size(), 16U);
  EXPECT_EQ(variants.size(), 16U);
}

// Test that a participant's Published / Unpublished alternate, starting with Published, and never
// share a second (state-contract rule 4 would call such a pair ambiguous).
// Per stage: a replicated participant publishes on its source and its destination stage at once.
RC_GTEST_PROP(World, ParticipantsAlternatePublishAndUnpublish, ()) {
  std::map<std::pair<std::string, std::string>, const Event *> last;
  for (const Event &event : timeline(*rc_gen::generator_spec())) {
    const bool published = event.name == EventName::participant_published;
    if (!published && event.name != EventName::participant_unpublished)
      continue;
    const Event *&previous = last[{event.resource(), event.detail.participant_id}];
    if (previous == nullptr) {
      RC_ASSERT(published);
    } else {
      RC_ASSERT(published == (previous->name == EventName::participant_unpublished));
      RC_ASSERT(is_before(previous->effective_time(), event.effective_time()));
    }
    previous = &event;
  }
}

RC_GTEST_PROP(World, EveryReplicationShowsItsReplicaOnTheDestinationStage, ()) {
  using Key = std::tuple<std::string, std::string, std::string, EventName>;
  std::map<Key, const Event *> replicas; // (stage, session, participant, name) -> replica event
  const std::vector<Event> events = timeline(*rc_gen::generator_spec());
  for (const Event &event : events)
    if (event.detail.replica == true)
      replicas[{event.resource(), event.detail.session_id, event.detail.participant_id,
                event.name}] = &event;
  std::size_t replications = 0;
  for (const Event &event : events) {
    const bool starts = event.name == EventName::participant_replication_start;
    if (!starts && event.name != EventName::participant_replication_end)
      continue;
    ++replications;
    const auto found = replicas.find(
        {event.detail.destination_stage_arn, event.detail.destination_session_id,
         event.detail.participant_id,
         starts ? EventName::participant_published : EventName::participant_unpublished});
    RC_ASSERT(found != replicas.end());
    const Event &replica = *found->second;
    RC_ASSERT(replica.detail.source_stage_arn == event.resource());
    RC_ASSERT(replica.detail.source_session_id == event.detail.session_id);
    RC_ASSERT(replica.detail.user_id == event.detail.user_id);
    RC_ASSERT(replica.detail.event_time_precise.has_value());
    const Duration after = replica.effective_time().at - event.effective_time().at;
    RC_ASSERT(after >= Duration{0});
    RC_ASSERT(after < std::chrono::seconds{1});
  }
  RC_ASSERT(replicas.size() == replications); // and no replica without its replication
  RC_TAG(replications > 0 ? "replicated" : "none");
}

// Test that adding a channel leaves every event of the other channels and stages unchanged.
TEST(World, AddingAChannelKeepsTheOthersEvents) {
  WorldOptions world;
  world.cloudtrail_per_hour = 0;
  world.account_limit_breach_per_hour = 0;
  const std::vector<Event> before = generate_timeline(world, 7);
  world.channels += 1;
  const std::vector<Event> after = generate_timeline(world, 7);
  std::set<std::string> after_ids;
  for (const Event &event : after)
    after_ids.insert(to_json_text(event));
  ASSERT_GT(after.size(), before.size());
  for (const Event &event : before)
    EXPECT_EQ(after_ids.count(to_json_text(event)), 1U) << event;
}

TEST(World, ChannelsBroadcastAgainAndAgain) {
  WorldOptions world;
  world.channels = 1;
  world.stages = 0;
  world.duration = 12h;
  std::size_t starts = 0;
  for (const Event &event : generate_timeline(world, 3))
    starts += event.name == EventName::stream_start ? 1 : 0;
  EXPECT_GE(starts, 5U);
}

TEST(World, AccountLevelLimitBreachesNameNoResource) {
  WorldOptions world;
  world.channels = 0;
  world.stages = 0;
  world.account_limit_breach_per_hour = 10;
  const std::vector<Event> events = generate_timeline(world, 5);
  ASSERT_FALSE(events.empty());
  for (const Event &event : events) {
    if (event.detail_type != DetailType::limit_breach)
      continue;
    EXPECT_TRUE(event.resources.empty());
    EXPECT_TRUE(event.detail.limit_name == "Concurrent Broadcasts" ||
                event.detail.limit_name == "Concurrent Viewers");
    EXPECT_TRUE(to_json(event)["resources"].is_array());
  }
}

// Test that the knob splits reconnects into recording sessions of their own; the law above says
// how such a split looks.
TEST(World, UnmergedReconnectsStartTheirOwnRecordingSession) {
  WorldOptions world;
  world.channels = 10;
  world.stages = 0;
  world.recording_share = 1;
  world.recording_start_failure_probability = 0;
  world.stream_failure_probability = 0;
  world.reconnect_probability = 0.9;
  world.unmerged_reconnect_probability = 1;
  std::map<std::string, std::set<std::string>> streams_of_session;
  std::size_t reconnects = 0;
  std::map<std::string, Instant> pending_end; // channel -> Recording End not yet seen
  for (const Event &event : generate_timeline(world, 4)) {
    if (event.name == EventName::recording_start)
      streams_of_session[event.detail.recording_session_id].insert(event.detail.stream_id);
    if (event.name == EventName::recording_end) {
      EXPECT_EQ(streams_of_session[event.detail.recording_session_id].size(), 1U);
    }
    if (event.name == EventName::recording_start && pending_end.count(event.resource()) == 1)
      ++reconnects; // a new session began before the channel's previous one ended
    if (event.name == EventName::recording_start)
      pending_end[event.resource()] = event.time;
    if (event.name == EventName::recording_end)
      pending_end.erase(event.resource());
  }
  EXPECT_GT(reconnects, 5U);
}

TEST(World, SomeSessionsNeverGoLive) {
  WorldOptions world;
  world.channels = 10;
  world.stages = 0;
  world.not_live_session_probability = 0.3;
  std::set<std::string> started;
  std::set<std::string> not_live;
  for (const Event &event : generate_timeline(world, 6)) {
    if (event.name == EventName::stream_start)
      started.insert(event.detail.stream_id);
    if (event.name == EventName::session_ended && event.detail.code == "MultitrackInputNotAllowed")
      not_live.insert(event.detail.stream_id);
  }
  ASSERT_GT(not_live.size(), 0U);
  for (const std::string &stream : not_live)
    EXPECT_EQ(started.count(stream), 0U) << stream;
}

// Test that a destination failure usually fails its composition with DestinationFailure, and
// that no composition fails so without one.
TEST(World, DestinationFailuresUsuallyFailTheirComposition) {
  WorldOptions world;
  world.channels = 0;
  world.stages = 6;
  world.duration = 24h;
  world.composition_probability = 1;
  world.composition_failure_probability = 0;
  world.destination_failure_probability = 0.5;
  std::set<std::string> with_failed_destination;
  std::size_t failed_by_destination = 0;
  for (const Event &event : generate_timeline(world, 12)) {
    if (event.name == EventName::destination_failure)
      with_failed_destination.insert(event.resource());
    if (event.name != EventName::session_failure)
      continue;
    EXPECT_EQ(event.detail.error_code, "DestinationFailure");
    EXPECT_EQ(with_failed_destination.count(event.resource()), 1U) << describe(event);
    ++failed_by_destination;
  }
  ASSERT_GT(with_failed_destination.size(), 10U);
  EXPECT_GT(failed_by_destination * 2, with_failed_destination.size());
  EXPECT_LT(failed_by_destination, with_failed_destination.size());
}

// Test that a stage whose composition failed with StageDeleted hosts no session after it.
TEST(World, ADeletedStageHostsNoMoreSessions) {
  WorldOptions world;
  world.channels = 0;
  world.stages = 4;
  world.duration = 24h;
  world.composition_probability = 1;
  world.composition_failure_probability = 1;
  world.destination_failure_probability = 0;
  std::map<std::string, Instant> deleted;
  std::size_t after = 0;
  for (const Event &event : generate_timeline(world, 3)) {
    const std::string stage = event.detail_type == DetailType::composition_state_change
                                  ? std::string(event.detail.stage_arn)
                                  : std::string(event.resource());
    after += deleted.count(stage);
    if (event.name == EventName::session_failure && event.detail.error_code == "StageDeleted")
      deleted[stage] = event.time;
  }
  EXPECT_GT(deleted.size(), 0U);
  EXPECT_EQ(after, 0U);
}

TEST(World, RecordingStartUsuallySharesTheSecondOfStreamStart) {
  WorldOptions world;
  world.channels = 20;
  world.recording_share = 1;
  world.stages = 0;
  std::map<std::string, Instant> stream_start;
  std::size_t same = 0;
  std::size_t total = 0;
  for (const Event &event : generate_timeline(world, 11)) {
    if (event.name == EventName::stream_start)
      stream_start[event.detail.stream_id] = event.time;
    if (event.detail_type == DetailType::recording_state_change &&
        event.name == EventName::recording_start) {
      ++total;
      same += event.time == stream_start.at(event.detail.stream_id) ? 1 : 0;
    }
  }
  ASSERT_GT(total, 20U);
  EXPECT_GT(same * 2, total);
  EXPECT_LT(same, total); // and sometimes a second or two later
}

} // namespace
} // namespace ivsim::sim
