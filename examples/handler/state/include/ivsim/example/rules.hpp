// The precedence rules of the reference handler, one small function each, so a variant of the
// handler can swap one rule for a known-wrong one and check that ivsim catches it.
#pragma once

#include "ivsim/example/records.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ivsim::example {

/// The stream rank after an event named `event_name` ("Stream Start", ...).
using StreamTransition = StreamRank (*)(StreamRank current, std::string_view event_name);
/// Whether an event at `incoming` replaces the toggle's value.
using ToggleReplaces = bool (*)(const Toggle &current, const Stamp &incoming, bool value);
/// Which of a channel's streams is current (nullptr when it has none).
using CurrentStream = const std::pair<const std::string, StreamRow>
    *(*)(const std::vector<const std::pair<const std::string, StreamRow> *> &streams);

/// The recording rank after an event standing for `incoming`.
using RecordingTransition = RecordingRank (*)(RecordingRank current, RecordingRank incoming);
/// Whether a recording in `rank` shows its playlist.
using HasPlaylist = bool (*)(RecordingRank rank);
/// The recording row a Recording State Change belongs to, from its session and stream ids.
using RecordingKey = std::string (*)(const std::string &recording_session_id,
                                     const std::string &stream_id);
/// Extra writes after a stream lifecycle event (known-bad variants only).
using StreamSideEffect = void (*)(Tables &tables, const std::string &channel,
                                  const std::string &stream_id, std::string_view event_name);

/// Monotone: the state only moves up (Session Created < Stream Start < Stream End / Session
/// Ended < Stream Failure), so a late Stream Start never revives an ended stream.
StreamRank monotone_stream_transition(StreamRank current, std::string_view event_name);

/// Last writer wins by event time, never by arrival: an older event changes nothing. Exact
/// ties keep `false`, so the answer does not depend on arrival order.
bool newer_event_wins(const Toggle &current, const Stamp &incoming, bool value);

/// The stream whose newest lifecycle event is newest; at equal times the unfinished one (a
/// channel streams one stream at a time); then the smallest id, to be deterministic.
const std::pair<const std::string, StreamRow> *latest_unfinished_stream(
    const std::vector<const std::pair<const std::string, StreamRow> *> &streams);

/// Recordings are monotone too: the higher rank wins whatever the arrival order.
RecordingRank monotone_recording_transition(RecordingRank current, RecordingRank incoming);
/// AWS advises reading media only after Recording End (state-contract rule 7).
bool playlist_once_ended(RecordingRank rank);
/// A recording session spans every stream of a reconnect window: key by the session id.
std::string key_by_recording_session(const std::string &recording_session_id,
                                     const std::string &stream_id);

/// The rules a handler uses; the defaults are the correct ones.
struct Rules {
  StreamTransition stream_transition = &monotone_stream_transition;
  ToggleReplaces toggle_replaces = &newer_event_wins;
  CurrentStream current_stream = &latest_unfinished_stream;
  bool deduplicate_by_id = true; ///< EventBridge delivers at least once: same id, same event
  RecordingTransition recording_transition = &monotone_recording_transition;
  HasPlaylist has_playlist = &playlist_once_ended;
  RecordingKey recording_key = &key_by_recording_session;
  StreamSideEffect stream_side_effect = nullptr; ///< none in the correct handler
  /// Hold the lock across the whole read-modify-write; false loses concurrent updates.
  bool lock_whole_update = true;
};

/// The recording rank an event named `status` ("Recording End", ...) stands for.
RecordingRank recording_rank(std::string_view status);

/// Applies `value` at `at` to `toggle` if `rules` say the event is newer.
void apply_toggle(const Rules &rules, Toggle &toggle, const Stamp &at, bool value);

} // namespace ivsim::example
