// The correct rules. Each comment gives the IVS fact the rule rests on.
#include "ivsim/example/rules.hpp"

#include <algorithm>

namespace ivsim::example {

StreamRank monotone_stream_transition(StreamRank current, std::string_view event_name) {
  StreamRank next = StreamRank::none;
  if (event_name == "Session Created")
    next = StreamRank::created;
  else if (event_name == "Stream Start")
    next = StreamRank::live;
  else if (event_name == "Stream End" || event_name == "Session Ended")
    next = StreamRank::ended; // IVS sends these two in either order
  else if (event_name == "Stream Failure")
    next = StreamRank::failed;
  return std::max(current, next);
}

bool newer_event_wins(const Toggle &current, const Stamp &incoming, bool value) {
  if (!current.is_set || incoming.micros > current.micros)
    return true;
  return incoming.micros == current.micros && !value; // exact tie: false, whatever the order
}

const std::pair<const std::string, StreamRow> *latest_unfinished_stream(
    const std::vector<const std::pair<const std::string, StreamRow> *> &streams) {
  const auto precedes = [](const auto *a, const auto *b) {
    // Sort key: newest lifecycle time, then unfinished before finished, then smallest id.
    const bool a_done = a->second.rank >= StreamRank::ended;
    const bool b_done = b->second.rank >= StreamRank::ended;
    if (a->second.latest_micros != b->second.latest_micros)
      return a->second.latest_micros > b->second.latest_micros;
    if (a_done != b_done)
      return !a_done;
    return a->first < b->first;
  };
  const auto best = std::min_element(streams.begin(), streams.end(), precedes);
  return best == streams.end() ? nullptr : *best;
}

RecordingRank monotone_recording_transition(RecordingRank current, RecordingRank incoming) {
  return std::max(current, incoming);
}

bool playlist_once_ended(RecordingRank rank) { return rank == RecordingRank::ended; }

std::string key_by_recording_session(const std::string &recording_session_id,
                                     const std::string & /*stream_id*/) {
  return recording_session_id;
}

RecordingRank recording_rank(std::string_view status) {
  if (status == "Recording Start")
    return RecordingRank::recording;
  if (status == "Recording End")
    return RecordingRank::ended;
  if (status == "Recording End Failure")
    return RecordingRank::end_failed;
  if (status == "Recording Start Failure")
    return RecordingRank::start_failed;
  return RecordingRank::none;
}

void apply_toggle(const Rules &rules, Toggle &toggle, const Stamp &at, bool value) {
  if (!rules.toggle_replaces(toggle, at, value))
    return;
  toggle.is_set = true;
  toggle.micros = at.micros;
  toggle.value = value;
}

} // namespace ivsim::example
