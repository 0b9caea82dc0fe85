// Renders the tables as the canonical state document (docs/state-contract.md).
#include "document.hpp"

#include <vector>

namespace ivsim::example {

namespace {

using nlohmann::json;

template <typename T> json or_null(const std::optional<T> &value) {
  return value ? json(*value) : json(nullptr);
}

json time_or_null(const std::optional<Stamp> &stamp) {
  return stamp ? json(stamp->text) : json(nullptr);
}

const char *stream_state(StreamRank rank) {
  switch (rank) {
  case StreamRank::created:
    return "created";
  case StreamRank::live:
    return "live";
  case StreamRank::ended:
    return "ended";
  case StreamRank::failed:
    return "failed";
  case StreamRank::none:
    break;
  }
  return nullptr;
}

json recording_state(RecordingRank rank) {
  switch (rank) {
  case RecordingRank::recording:
    return "recording";
  case RecordingRank::ended:
    return "ended";
  case RecordingRank::end_failed:
    return "end_failed";
  case RecordingRank::start_failed:
    return "start_failed";
  case RecordingRank::none:
    break;
  }
  return nullptr;
}

json composition_state(CompositionRank rank) {
  switch (rank) {
  case CompositionRank::running:
    return "running";
  case CompositionRank::ended:
    return "ended";
  case CompositionRank::failed:
    return "failed";
  case CompositionRank::none:
    break;
  }
  return nullptr;
}

json toggle_or(const Toggle &toggle, bool when_unset) {
  return toggle.is_set ? toggle.value : when_unset;
}

// The channel's current recording session: the session recording the current stream, if one
// names it (an unmerged reconnect's old session ends after the new one started); else the same
// precedence as streams, with `recording` as the unfinished state.
const std::pair<const std::string, RecordingRow> *
current_recording(const std::vector<const std::pair<const std::string, RecordingRow> *> &rows,
                  const std::string *current_stream) {
  const auto holds_current = [&](const auto *r) {
    return current_stream != nullptr && r->second.stream_ids.contains(*current_stream);
  };
  const auto key = [&](const auto *r) {
    return std::make_tuple(holds_current(r), r->second.latest_micros,
                           r->second.rank == RecordingRank::recording);
  };
  const std::pair<const std::string, RecordingRow> *best = nullptr;
  for (const auto *row : rows)
    if (best == nullptr || key(row) > key(best) ||
        (key(row) == key(best) && row->first < best->first))
      best = row;
  return best;
}

json channels(const Rules &rules, const Tables &tables) {
  std::map<std::string, std::vector<const std::pair<const std::string, StreamRow> *>> streams;
  for (const auto &entry : tables.streams)
    if (entry.second.exists)
      streams[entry.second.channel].push_back(&entry);
  std::map<std::string, std::vector<const std::pair<const std::string, RecordingRow> *>> recordings;
  for (const auto &entry : tables.recordings)
    recordings[entry.second.channel].push_back(&entry);
  json out = json::object();
  for (const auto &[arn, channel] : tables.channels) {
    if (!channel.exists)
      continue;
    const auto *stream = rules.current_stream(streams[arn]);
    const auto *recording = current_recording(recordings[arn], stream ? &stream->first : nullptr);
    out[arn] = {{"name", or_null(channel.name)},
                {"live", stream ? json(stream->second.rank == StreamRank::live) : json(nullptr)},
                {"stream_id", stream ? json(stream->first) : json(nullptr)},
                {"recording", recording ? json(recording->second.rank == RecordingRank::recording)
                                        : json(nullptr)}};
  }
  return out;
}

json streams(const Tables &tables) {
  json out = json::object();
  for (const auto &[id, stream] : tables.streams)
    if (stream.exists)
      out[id] = {{"channel", stream.channel},
                 {"state", stream_state(stream.rank)},
                 {"started_at", time_or_null(stream.started_at)},
                 {"ended_at", time_or_null(stream.ended_at)},
                 {"healthy", toggle_or(stream.healthy, true)}};
  return out;
}

json recordings(const Rules &rules, const Tables &tables) {
  json out = json::object();
  for (const auto &[id, recording] : tables.recordings) {
    // AWS: read recorded media only after Recording End; an End Failure may leave it incomplete.
    const bool has_playlist = rules.has_playlist(recording.rank) && recording.s3_prefix;
    out[id] = {{"channel", recording.channel},
               {"state", recording_state(recording.rank)},
               {"reason", or_null(recording.reason)},
               {"stream_ids", recording.stream_ids},
               {"started_at", time_or_null(recording.started_at)},
               {"ended_at", time_or_null(recording.ended_at)},
               {"duration_ms", or_null(recording.duration_ms)},
               {"s3_prefix", or_null(recording.s3_prefix)},
               {"playlist", has_playlist ? json(*recording.s3_prefix + "/media/hls/master.m3u8")
                                         : json(nullptr)}};
  }
  return out;
}

json participant(const ParticipantRow &row) {
  json recordings = json::object();
  for (const auto &[prefix, recording] : row.recordings)
    recordings[prefix] = {{"state", recording_state(recording.rank)},
                          {"duration_ms", or_null(recording.duration_ms)},
                          {"s3_prefix", or_null(recording.s3_prefix)}};
  return {{"user_id", or_null(row.user_id)},
          {"publishing", toggle_or(row.publishing, false)},
          {"recordings", std::move(recordings)}};
}

json stages(const Tables &tables) {
  json out = json::object();
  for (const auto &[arn, sessions] : tables.stages)
    for (const auto &[session_id, participants] : sessions)
      for (const auto &[participant_id, row] : participants)
        if (row.exists)
          out[arn]["sessions"][session_id]["participants"][participant_id] = participant(row);
  return out;
}

json destination(const DestinationRow &row) {
  json state = row.final_rank == CompositionRank::ended    ? json("ended")
               : row.final_rank == CompositionRank::failed ? json("failed")
               : row.active.is_set ? json(row.active.value ? "active" : "reconnecting")
                                   : json(nullptr);
  const bool failed = row.final_rank == CompositionRank::failed;
  return {{"state", std::move(state)}, {"reason", failed ? or_null(row.reason) : json(nullptr)}};
}

json compositions(const Tables &tables) {
  json out = json::object();
  for (const auto &[arn, composition] : tables.compositions) {
    json destinations = json::object();
    for (const auto &[id, row] : composition.destinations)
      destinations[id] = destination(row);
    const bool failed = composition.rank == CompositionRank::failed;
    out[arn] = {{"stage", or_null(composition.stage)},
                {"state", composition_state(composition.rank)},
                {"reason", failed ? or_null(composition.reason) : json(nullptr)},
                {"destinations", std::move(destinations)}};
  }
  return out;
}

} // namespace

nlohmann::json render_document(const Rules &rules, const Tables &tables) {
  return {{"channels", channels(rules, tables)},
          {"streams", streams(tables)},
          {"recordings", recordings(rules, tables)},
          {"stages", stages(tables)},
          {"compositions", compositions(tables)}};
}

} // namespace ivsim::example
