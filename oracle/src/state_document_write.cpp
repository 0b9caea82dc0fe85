// Writing the canonical document in the contract's shape and key order.
#include "ivsim/oracle/state_document.hpp"

namespace ivsim::oracle {

namespace {

template <typename T> Json value_or_null(const std::optional<T> &value) {
  return value ? Json(*value) : Json(nullptr);
}

Json time_or_null(const std::optional<Instant> &at) {
  if (!at)
    return nullptr;
  const bool whole = floor_to_second(*at) == *at;
  return format_rfc3339(*at, whole ? Resolution::seconds : Resolution::sub_second);
}

template <typename Map, typename Write> Json write_map(const Map &map, Write write) {
  Json out = Json::object();
  for (const auto &[key, value] : map)
    append_member(out, key, write(value));
  return out;
}

Json write_channel(const ChannelState &channel) {
  return {{"name", value_or_null(channel.name)},
          {"live", value_or_null(channel.live)},
          {"stream_id", value_or_null(channel.stream_id)},
          {"recording", value_or_null(channel.recording)}};
}

Json write_stream(const StreamState &stream) {
  return {{"channel", value_or_null(stream.channel)},
          {"state", value_or_null(stream.state)},
          {"started_at", time_or_null(stream.started_at)},
          {"ended_at", time_or_null(stream.ended_at)},
          {"healthy", value_or_null(stream.healthy)}};
}

Json write_recording(const RecordingState &recording) {
  return {{"channel", value_or_null(recording.channel)},
          {"state", value_or_null(recording.state)},
          {"reason", value_or_null(recording.reason)},
          {"stream_ids", value_or_null(recording.stream_ids)},
          {"started_at", time_or_null(recording.started_at)},
          {"ended_at", time_or_null(recording.ended_at)},
          {"duration_ms", value_or_null(recording.duration_ms)},
          {"s3_prefix", value_or_null(recording.s3_prefix)},
          {"playlist", value_or_null(recording.playlist)}};
}

Json write_participant_recording(const ParticipantRecordingState &recording) {
  return {{"state", value_or_null(recording.state)},
          {"duration_ms", value_or_null(recording.duration_ms)},
          {"s3_prefix", value_or_null(recording.s3_prefix)}};
}

Json write_participant(const ParticipantState &participant) {
  return {{"user_id", value_or_null(participant.user_id)},
          {"publishing", value_or_null(participant.publishing)},
          {"recordings", write_map(participant.recordings, write_participant_recording)}};
}

Json write_stage(const StageState &stage) {
  return {{"sessions", write_map(stage.sessions, [](const StageSessionState &session) {
             return Json{{"participants", write_map(session.participants, write_participant)}};
           })}};
}

Json write_composition(const CompositionState &composition) {
  return {{"stage", value_or_null(composition.stage)},
          {"state", value_or_null(composition.state)},
          {"reason", value_or_null(composition.reason)},
          {"destinations", write_map(composition.destinations, [](const DestinationState &d) {
             return Json{{"state", value_or_null(d.state)}, {"reason", value_or_null(d.reason)}};
           })}};
}

} // namespace

void append_member(Json &object, std::string key, Json value) {
  object.get_ref<Json::object_t &>().emplace_back(std::move(key), std::move(value));
}

Json to_json(const StateDocument &document) {
  Json out = Json::object();
  out["channels"] = write_map(document.channels, write_channel);
  out["streams"] = write_map(document.streams, write_stream);
  out["recordings"] = write_map(document.recordings, write_recording);
  out["stages"] = write_map(document.stages, write_stage);
  out["compositions"] = write_map(document.compositions, write_composition);
  return out;
}

} // namespace ivsim::oracle
