#include "bugs.hpp"

#include "ivsim/error.hpp"

#include <algorithm>

namespace ivsim::examples {

using example::Stamp;
using example::StreamRank;
using example::Toggle;

// The rank an event stands for on its own, ignoring what came before.
static StreamRank rank_of(std::string_view event_name) {
  return example::monotone_stream_transition(StreamRank::none, event_name);
}

// Bug: the stream's state is whatever its last delivered event says, so a late Stream Start
// (or Session Created) after Stream End makes an ended stream look live again.
static StreamRank last_event_wins(StreamRank current, std::string_view event_name) {
  const StreamRank incoming = rank_of(event_name);
  return incoming == StreamRank::none ? current : incoming;
}

// Bug: monotone, except that Stream Start always (re)opens the stream, the usual
// `if (event == "Stream Start") live = true` handler line.
static StreamRank start_reopens(StreamRank current, std::string_view event_name) {
  if (event_name == "Stream Start")
    return StreamRank::live;
  return example::monotone_stream_transition(current, event_name);
}

// Bug: every toggle event replaces the value, whatever its time: the last one delivered wins.
static bool last_delivered_wins(const Toggle &, const Stamp &, bool) { return true; }

// Bug: a recording's state is its last delivered recording event (a late Recording Start
// after Recording End makes the recording look in progress again).
static example::RecordingRank last_recording_event_wins(example::RecordingRank current,
                                                        example::RecordingRank incoming) {
  return incoming == example::RecordingRank::none ? current : incoming;
}

// Bug: the playlist is written on Recording Start, before AWS says the media is complete.
static bool playlist_from_start(example::RecordingRank rank) {
  return rank != example::RecordingRank::none;
}

// Bug: recordings keyed by stream_id; a session that merged several streams (reconnect window)
// splits into rows and loses streams.
static std::string key_by_stream(const std::string &recording_session_id,
                                 const std::string &stream_id) {
  return stream_id.empty() ? recording_session_id : stream_id;
}

// Ends every stream of `channel` matching `pick`.
template <typename Pick>
static void end_streams(example::Tables &tables, const std::string &channel, Pick pick) {
  for (auto &[id, stream] : tables.streams)
    if (stream.channel == channel && stream.rank < StreamRank::ended && pick(id))
      stream.rank = StreamRank::ended;
}

// Bug: any Stream End turns the channel offline, even a late one from an older stream.
static void stream_end_ends_channel(example::Tables &tables, const std::string &channel,
                                    const std::string &, std::string_view event_name) {
  if (event_name == "Stream End")
    end_streams(tables, channel, [](const std::string &) { return true; });
}

// Bug: Session Created closes every other stream of the channel, even a newer one whose
// Session Created was delivered first.
static void session_created_ends_others(example::Tables &tables, const std::string &channel,
                                        const std::string &stream_id, std::string_view event_name) {
  if (event_name == "Session Created")
    end_streams(tables, channel, [&](const std::string &id) { return id != stream_id; });
}

const std::vector<BugInfo> &known_bugs() {
  static const std::vector<BugInfo> kBugs = {
      {"live-from-last-event", "a stream's state is the kind of its last delivered event"},
      {"start-reopens-stream", "Stream Start after Stream End re-opens the stream"},
      {"publishing-from-last-event",
       "participant publishing (and every toggle) is the last event delivered"},
      {"500-without-event-name",
       "answers 500 to events without detail.event_name (Limit Breach, Recording State Change)"},
      {"any-stream-end-offline", "any Stream End turns the channel offline"},
      {"session-created-closes-others", "Session Created ends every other stream of the channel"},
      {"recordings-by-stream-id", "recordings keyed by stream_id: merged sessions lose streams"},
      {"playlist-on-start", "the playlist is set on Recording Start"},
      {"recording-from-last-event", "recording state is the last recording event delivered"},
      {"unlocked-update", "read-modify-write without a lock: concurrent deliveries lose updates"},
      {"400-non-uuid-v4-id", "answers 400 to events whose id is not a UUID v4"},
  };
  return kBugs;
}

Variant make_variant(std::string_view name) {
  Variant variant;
  if (name.empty())
    return variant;
  if (name == "live-from-last-event")
    variant.rules.stream_transition = &last_event_wins;
  else if (name == "start-reopens-stream")
    variant.rules.stream_transition = &start_reopens;
  else if (name == "publishing-from-last-event")
    variant.rules.toggle_replaces = &last_delivered_wins;
  else if (name == "500-without-event-name")
    variant.fail_without_event_name = true;
  else if (name == "any-stream-end-offline")
    variant.rules.stream_side_effect = &stream_end_ends_channel;
  else if (name == "session-created-closes-others")
    variant.rules.stream_side_effect = &session_created_ends_others;
  else if (name == "recordings-by-stream-id")
    variant.rules.recording_key = &key_by_stream;
  else if (name == "playlist-on-start")
    variant.rules.has_playlist = &playlist_from_start;
  else if (name == "recording-from-last-event")
    variant.rules.recording_transition = &last_recording_event_wins;
  else if (name == "unlocked-update")
    variant.rules.lock_whole_update = false;
  else if (name == "400-non-uuid-v4-id")
    variant.reject_non_uuid_v4_id = true;
  else {
    std::string names;
    for (const BugInfo &bug : known_bugs())
      names += (names.empty() ? "" : ", ") + std::string(bug.name);
    throw InputError("--bug: expected one of " + names + ", got \"" + std::string(name) + "\"");
  }
  return variant;
}

} // namespace ivsim::examples
