// Routes each acknowledged event to the entities it names (state-contract rules 5, 6 and 8).
#include "aggregates.hpp"

namespace ivsim::oracle::detail {

namespace {

// Rule 8: an event from any other source (a test harness, a copy on a custom bus) that reaches
// the handler changes nothing, whatever its detail-type says. Generated events share one source
// text, which Text's equality recognises by its address.
bool is_from_ivs(const Event &event) { return event.source == aws_ivs_source(); }

bool is_stream_lifecycle(EventName name) {
  // Stream Takeover and Takeover Failure carry no state (rule 8).
  return name == EventName::session_created || name == EventName::stream_start ||
         name == EventName::stream_end || name == EventName::session_ended ||
         name == EventName::stream_failure;
}

bool is_recording_status(EventName name) {
  return name >= EventName::recording_start && name <= EventName::recording_end_failure;
}

bool is_composition_session(EventName name) {
  return name == EventName::session_start || name == EventName::session_end ||
         name == EventName::session_failure;
}

bool is_destination(EventName name) {
  return name >= EventName::destination_start && name <= EventName::destination_reconnecting;
}

// "s3://<recording_s3_bucket_name>/<recording_s3_key_prefix>", when the event names both (a
// Recording Start Failure for a wrong bucket carries an empty prefix).
void add_s3_prefix(ValueSet<S3Location, 1, S3LocationLess> &out, const Detail &detail) {
  if (!detail.recording_s3_bucket_name.empty() && !detail.recording_s3_key_prefix.empty())
    out.add({&detail.recording_s3_bucket_name, &detail.recording_s3_key_prefix});
}

// The entity keyed by `key` in `table`.
template <typename Value>
Value &entity_of(MemoTable<std::string_view, Value, 1> &table, const Text &key) {
  return table.value(table.remembered_number(key.view(), {identity_of(key)}));
}

// The number of the entity keyed by `id` among the children of `parent`.
template <typename Value>
std::uint32_t child_of(MemoTable<ChildKey, Value, 2> &table, std::uint32_t parent, const Text &id) {
  return table.remembered_number({parent, id.view()}, {parent, identity_of(id)});
}

ChannelAggregate &channel_of(Aggregates &all, const Event &event) {
  ChannelAggregate &channel = entity_of(all.channels, event.resource());
  channel.note_key(event.resource());
  channel.exists = true;
  channel.name.add(&event.detail.channel_name); // IVS sends "" for a channel without a name
  return channel;
}

void apply_stream_state(Aggregates &all, const Event &event, std::uint32_t index) {
  if (!is_stream_lifecycle(event.name))
    return;
  const Instant at = event.effective_time().at;
  StreamAggregate &stream = entity_of(all.streams, event.detail.stream_id);
  stream.note_key(event.detail.stream_id);
  stream.saw_lifecycle(event.name, at);
  stream.channel.add(&event.resource());
  stream.times.add(event.name, at);
  all.evidence.append(stream.evidence, index);
  channel_of(all, event);
}

void apply_stream_health(Aggregates &all, const Event &event, std::uint32_t index) {
  if (event.name != EventName::starvation_start && event.name != EventName::starvation_end)
    return;
  // Health events create nothing (rule 5), but a stream created by another event in the set
  // still takes their toggle, whatever the delivery order.
  StreamAggregate &stream = entity_of(all.streams, event.detail.stream_id);
  stream.note_key(event.detail.stream_id);
  stream.healthy.add(event.effective_time(), event.name == EventName::starvation_end);
  all.evidence.append(stream.evidence, index);
}

void apply_recording(Aggregates &all, const Event &event, std::uint32_t index) {
  if (!is_recording_status(event.name))
    return;
  const Detail &detail = event.detail;
  const Instant at = event.effective_time().at;
  RecordingAggregate &recording = entity_of(all.recordings, detail.recording_session_id);
  recording.note_key(detail.recording_session_id);
  recording.saw_lifecycle(event.name, at);
  recording.channel.add(&event.resource());
  if (!detail.recording_status_reason.empty())
    recording.reason.add(&detail.recording_status_reason);
  if (!detail.stream_id.empty())
    recording.stream_ids.add(&detail.stream_id);
  for (const Text &stream_id : detail.recording_session_stream_ids)
    recording.stream_ids.add(&stream_id);
  add_s3_prefix(recording.s3_prefix, detail);
  recording.times.add(event.name, at);
  if (detail.recording_duration_ms)
    recording.durations.add(event.name, *detail.recording_duration_ms);
  all.evidence.append(recording.evidence, index);
  channel_of(all, event);
}

std::uint32_t participant_of(Aggregates &all, const Event &event) {
  const Text &stage = event.resource();
  const Text &session = event.detail.session_id;
  const Text &id = event.detail.participant_id;
  const std::uint32_t number = all.participants.remembered_number(
      {stage.view(), session.view(), id.view()},
      {identity_of(stage), identity_of(session), identity_of(id)});
  ParticipantAggregate &participant = all.participants.value(number);
  participant.stage.note_key(stage);
  participant.session.note_key(session);
  participant.participant.note_key(id);
  participant.exists = true;
  return number;
}

void apply_stage_update(Aggregates &all, const Event &event, std::uint32_t index) {
  if (event.name != EventName::participant_published &&
      event.name != EventName::participant_unpublished)
    return;
  ParticipantAggregate &participant = all.participants.value(participant_of(all, event));
  participant.user_id.add(&event.detail.user_id);
  participant.publishing.add(event.effective_time(),
                             event.name == EventName::participant_published);
  all.evidence.append(participant.evidence, index);
}

void apply_participant_recording(Aggregates &all, const Event &event, std::uint32_t index) {
  if (!is_recording_status(event.name))
    return;
  const std::uint32_t number = participant_of(all, event);
  all.evidence.append(all.participants.value(number).evidence, index);
  const Detail &detail = event.detail;
  if (detail.recording_s3_key_prefix.empty())
    return; // nothing to key the recording by; the participant still exists
  ParticipantRecordingAggregate &recording = all.participant_recordings.value(
      child_of(all.participant_recordings, number, detail.recording_s3_key_prefix));
  recording.note_key(detail.recording_s3_key_prefix);
  recording.saw_lifecycle(event.name, event.effective_time().at);
  add_s3_prefix(recording.s3_prefix, detail);
  if (detail.recording_duration_ms)
    recording.durations.add(event.name, *detail.recording_duration_ms);
  all.evidence.append(recording.evidence, index);
}

void apply_composition(Aggregates &all, const Event &event, std::uint32_t index) {
  const bool session = is_composition_session(event.name);
  if (!session && !is_destination(event.name))
    return;
  const std::uint32_t number =
      all.compositions.remembered_number(event.resource().view(), {identity_of(event.resource())});
  CompositionAggregate &composition = all.compositions.value(number);
  composition.note_key(event.resource());
  if (!event.detail.stage_arn.empty())
    composition.stage.add(&event.detail.stage_arn);
  all.evidence.append(composition.evidence, index);
  if (session) {
    composition.saw_lifecycle(event.name, event.effective_time().at);
    if (event.name == EventName::session_failure && !event.detail.reason.empty())
      composition.reason.add(&event.detail.reason);
    return;
  }
  DestinationAggregate &destination =
      all.destinations.value(child_of(all.destinations, number, event.detail.destination_id));
  destination.note_key(event.detail.destination_id);
  destination.saw_lifecycle(event.name, event.effective_time().at);
  if (event.name == EventName::destination_start ||
      event.name == EventName::destination_reconnecting)
    destination.active.add(event.effective_time(), event.name == EventName::destination_start);
  if (event.name == EventName::destination_failure && !event.detail.reason.empty())
    destination.reason.add(&event.detail.reason);
  all.evidence.append(destination.evidence, index);
}

} // namespace

void Aggregates::apply(const Event &event, std::uint32_t index) {
  if (!is_from_ivs(event))
    return;
  switch (event.detail_type) {
  case DetailType::stream_state_change:
    return apply_stream_state(*this, event, index);
  case DetailType::stream_health_change:
    return apply_stream_health(*this, event, index);
  case DetailType::recording_state_change:
    return apply_recording(*this, event, index);
  case DetailType::stage_update:
    return apply_stage_update(*this, event, index);
  case DetailType::participant_recording_state_change:
    return apply_participant_recording(*this, event, index);
  case DetailType::composition_state_change:
    return apply_composition(*this, event, index);
  case DetailType::limit_breach:
  case DetailType::ad_break_state_change:
  case DetailType::cloudtrail_api_call:
  case DetailType::unknown:
    return; // rule 8: acknowledged, and no state changes
  }
}

Root root_of(const Event &event) {
  if (!is_from_ivs(event))
    return {};
  switch (event.detail_type) {
  case DetailType::stream_state_change:
  case DetailType::stream_health_change:
  case DetailType::recording_state_change:
    return {Root::Kind::channel, event.resource().view()};
  case DetailType::stage_update:
  case DetailType::participant_recording_state_change:
    return {Root::Kind::stage, event.resource().view()};
  case DetailType::composition_state_change:
    return {Root::Kind::composition, event.resource().view()};
  case DetailType::limit_breach:
  case DetailType::ad_break_state_change:
  case DetailType::cloudtrail_api_call:
  case DetailType::unknown:
    return {};
  }
  return {};
}

} // namespace ivsim::oracle::detail
