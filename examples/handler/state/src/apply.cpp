// Applying one event to the tables: find the rows the event names, then let the rules decide.
#include "apply.hpp"

#include "event_fields.hpp"

#include <algorithm>
#include <stdexcept>

namespace ivsim::example {

namespace {

using nlohmann::json;

// When two events disagree on an attribute (they should not), keep the smallest value, so the
// answer does not depend on arrival order.
void keep_smallest(std::optional<std::string> &slot, const std::string &value) {
  if (!slot || value < *slot)
    slot = value;
}

std::string resource(const json &event) {
  const auto it = event.find("resources");
  if (it == event.end() || !it->is_array() || it->empty() || !(*it)[0].is_string())
    throw std::invalid_argument("expected the resource ARN at \"resources\"[0]");
  return (*it)[0].get<std::string>();
}

std::optional<std::int64_t> optional_integer(const json &object, const char *key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer())
    return std::nullopt;
  return it->get<std::int64_t>();
}

std::optional<std::string> s3_prefix(const json &detail) {
  const auto bucket = optional_text(detail, "recording_s3_bucket_name");
  const auto prefix = optional_text(detail, "recording_s3_key_prefix");
  if (!bucket || !prefix || bucket->empty() || prefix->empty())
    return std::nullopt;
  return "s3://" + *bucket + "/" + *prefix;
}

void touch_channel(Tables &tables, const json &event) {
  ChannelRow &channel = tables.channels[resource(event)];
  channel.exists = true;
  if (const auto name = optional_text(event["detail"], "channel_name"))
    keep_smallest(channel.name, *name); // IVS sends "" for a channel without a name
}

Applied apply_stream_state(const Rules &rules, Tables &tables, const json &event) {
  const json &detail = event["detail"];
  const std::string name = required_text(detail, "event_name");
  const StreamRank rank = rules.stream_transition(StreamRank::none, name);
  if (rank == StreamRank::none)
    return Applied::ignored; // Stream Takeover and Takeover Failure carry no state
  const std::string channel = resource(event); // read every field before touching a row
  const Stamp at = event_time(event);
  const std::string stream_id = required_text(detail, "stream_id");
  StreamRow &stream = tables.streams[stream_id];
  stream.exists = true;
  stream.channel = channel;
  stream.rank = rules.stream_transition(stream.rank, name);
  stream.latest_micros = std::max(stream.latest_micros, at.micros);
  if (name == "Stream Start" && (!stream.started_at || at.micros < stream.started_at->micros))
    stream.started_at = at;
  if (name == "Stream End" && !stream.ended_at)
    stream.ended_at = at;
  if (name == "Stream Failure")
    stream.ended_at = at; // the failure is the terminal event
  if (rules.stream_side_effect)
    rules.stream_side_effect(tables, channel, stream_id, name);
  touch_channel(tables, event);
  return Applied::applied;
}

Applied apply_stream_health(const Rules &rules, Tables &tables, const json &event) {
  const json &detail = event["detail"];
  const std::string name = required_text(detail, "event_name");
  if (name != "Starvation Start" && name != "Starvation End")
    return Applied::ignored;
  // The row may not exist yet (the stream's Session Created can arrive later); keep the toggle.
  const Stamp at = event_time(event);
  StreamRow &stream = tables.streams[required_text(detail, "stream_id")];
  apply_toggle(rules, stream.healthy, at, name == "Starvation End");
  return Applied::applied;
}

// What a recording row and a participant recording row share: the rank, and the duration of
// the event that set it.
template <typename Row>
void apply_recording_rank(const Rules &rules, Row &row, RecordingRank rank, const json &detail) {
  const RecordingRank next = rules.recording_transition(row.rank, rank);
  if (next == row.rank)
    return;
  row.rank = next;
  if (next != RecordingRank::recording)
    row.duration_ms = optional_integer(detail, "recording_duration_ms");
}

Applied apply_recording(const Rules &rules, Tables &tables, const json &event) {
  const json &detail = event["detail"];
  const RecordingRank rank = recording_rank(required_text(detail, "recording_status"));
  if (rank == RecordingRank::none)
    return Applied::ignored;
  const std::string channel = resource(event);
  const Stamp at = event_time(event);
  RecordingRow &recording =
      tables.recordings[rules.recording_key(required_text(detail, "recording_session_id"),
                                            optional_text(detail, "stream_id").value_or(""))];
  recording.channel = channel;
  if (rules.recording_transition(recording.rank, rank) != recording.rank)
    recording.ended_at = rank == RecordingRank::ended || rank == RecordingRank::end_failed
                             ? std::optional<Stamp>(at)
                             : std::nullopt;
  apply_recording_rank(rules, recording, rank, detail);
  if (rank == RecordingRank::recording &&
      (!recording.started_at || at.micros < recording.started_at->micros))
    recording.started_at = at;
  if (const auto reason = optional_text(detail, "recording_status_reason");
      reason && !reason->empty())
    keep_smallest(recording.reason, *reason);
  if (const auto stream_id = optional_text(detail, "stream_id"); stream_id && !stream_id->empty())
    recording.stream_ids.insert(*stream_id);
  if (const auto ids = detail.find("recording_session_stream_ids");
      ids != detail.end() && ids->is_array())
    for (const json &id : *ids)
      if (id.is_string())
        recording.stream_ids.insert(id.get<std::string>());
  if (const auto prefix = s3_prefix(detail))
    keep_smallest(recording.s3_prefix, *prefix);
  recording.latest_micros = std::max(recording.latest_micros, at.micros);
  touch_channel(tables, event);
  return Applied::applied;
}

ParticipantRow &participant_of(Tables &tables, const json &event) {
  const json &detail = event["detail"];
  ParticipantRow &row = tables.stages[resource(event)][required_text(detail, "session_id")]
                                     [required_text(detail, "participant_id")];
  row.exists = true;
  return row;
}

Applied apply_stage_update(const Rules &rules, Tables &tables, const json &event) {
  const json &detail = event["detail"];
  const std::string name = required_text(detail, "event_name");
  if (name != "Participant Published" && name != "Participant Unpublished")
    return Applied::ignored; // Publish Error, Token Exchanged, Replication: no state
  const Stamp at = event_time(event);
  ParticipantRow &participant = participant_of(tables, event);
  if (const auto user_id = optional_text(detail, "user_id"))
    keep_smallest(participant.user_id, *user_id);
  apply_toggle(rules, participant.publishing, at, name == "Participant Published");
  return Applied::applied;
}

Applied apply_participant_recording(const Rules &rules, Tables &tables, const json &event) {
  const json &detail = event["detail"];
  const RecordingRank rank = recording_rank(required_text(detail, "event_name"));
  if (rank == RecordingRank::none)
    return Applied::ignored;
  ParticipantRow &participant = participant_of(tables, event);
  const auto key = optional_text(detail, "recording_s3_key_prefix");
  if (!key || key->empty())
    return Applied::applied; // nothing to key the recording by
  ParticipantRecordingRow &recording = participant.recordings[*key];
  apply_recording_rank(rules, recording, rank, detail);
  if (const auto prefix = s3_prefix(detail))
    keep_smallest(recording.s3_prefix, *prefix);
  return Applied::applied;
}

Applied apply_composition(const Rules &rules, Tables &tables, const json &event) {
  const json &detail = event["detail"];
  const std::string name = required_text(detail, "event_name");
  const bool session =
      name == "Session Start" || name == "Session End" || name == "Session Failure";
  const bool destination = name == "Destination Start" || name == "Destination End" ||
                           name == "Destination Failure" || name == "Destination Reconnecting";
  if (!session && !destination)
    return Applied::ignored;
  const std::string destination_id = destination ? required_text(detail, "id") : "";
  const Stamp at = event_time(event);
  CompositionRow &composition = tables.compositions[resource(event)];
  if (const auto stage = optional_text(detail, "stage_arn"); stage && !stage->empty())
    keep_smallest(composition.stage, *stage);
  const std::optional<std::string> reason = optional_text(detail, "reason");
  if (session) {
    const CompositionRank rank = name == "Session Start" ? CompositionRank::running
                                 : name == "Session End" ? CompositionRank::ended
                                                         : CompositionRank::failed;
    composition.rank = std::max(composition.rank, rank);
    if (rank == CompositionRank::failed && reason && !reason->empty())
      keep_smallest(composition.reason, *reason);
    return Applied::applied;
  }
  DestinationRow &row = composition.destinations[destination_id];
  if (name == "Destination Start" || name == "Destination Reconnecting")
    apply_toggle(rules, row.active, at, name == "Destination Start");
  if (name == "Destination End")
    row.final_rank = std::max(row.final_rank, CompositionRank::ended);
  if (name == "Destination Failure") {
    row.final_rank = CompositionRank::failed;
    if (reason && !reason->empty())
      keep_smallest(row.reason, *reason);
  }
  return Applied::applied;
}

// Hands `event` to the rule set of its detail-type; other detail-types carry no state.
Applied route(const Rules &rules, Tables &tables, const std::string &detail_type,
              const json &event) {
  if (detail_type == "IVS Stream State Change")
    return apply_stream_state(rules, tables, event);
  if (detail_type == "IVS Stream Health Change")
    return apply_stream_health(rules, tables, event);
  if (detail_type == "IVS Recording State Change")
    return apply_recording(rules, tables, event);
  if (detail_type == "IVS Stage Update")
    return apply_stage_update(rules, tables, event);
  if (detail_type == "IVS Participant Recording State Change")
    return apply_participant_recording(rules, tables, event);
  if (detail_type == "IVS Composition State Change")
    return apply_composition(rules, tables, event);
  return Applied::ignored;
}

} // namespace

Applied apply_event(const Rules &rules, Tables &tables, const json &event) {
  const std::string id = required_text(event, "id");
  const std::string detail_type = required_text(event, "detail-type");
  if (!event.contains("detail") || !event["detail"].is_object())
    throw std::invalid_argument("expected an object at \"detail\"");
  if (rules.deduplicate_by_id && tables.seen_ids.contains(id))
    return Applied::duplicate;
  // Rule 8: only aws.ivs events carry state; anything else on the bus is acknowledged and ignored.
  const bool from_ivs = optional_text(event, "source") == "aws.ivs";
  const Applied result = from_ivs ? route(rules, tables, detail_type, event) : Applied::ignored;
  tables.seen_ids.insert(id); // recorded only once the event was applied without error
  return result;
}

} // namespace ivsim::example
