// Assembles expected entities from the rules, in the contract's field order.
#include "emit.hpp"

#include "rules.hpp"

#include <algorithm>
#include <map>

namespace ivsim::oracle::detail {

namespace {

using Members = std::map<std::string, std::vector<Member>, std::less<>>;

// Moves each field in (an initializer list would copy every value once more).
template <typename... Fields>
ExpectedEntity entity(const std::vector<std::uint32_t> &evidence, Fields &&...fields) {
  ExpectedEntity out;
  out.fields.reserve(sizeof...(fields));
  (out.fields.push_back(std::move(fields)), ...);
  out.evidence = evidence;
  return out;
}

ExpectedField field(std::string_view name, Expectation expectation) {
  return ExpectedField{name, std::move(expectation)};
}

void emit_streams(const Aggregates &all, Expected &out, Members &by_channel) {
  ExpectedCollection &streams = out.collection("streams");
  for (const auto &[id, stream] : all.streams) {
    if (!stream.has_lifecycle)
      continue; // only health events: rule 5 creates nothing
    streams.emplace(id, entity(stream.evidence, field("channel", attribute(stream.channel)),
                               field("state", stream_state(stream)),
                               field("started_at", stream_started_at(stream)),
                               field("ended_at", stream_ended_at(stream)),
                               field("healthy", stream_healthy(stream))));
    const bool live = stream.seen.has(EventName::stream_start) && !is_finished(stream);
    for (const std::string &channel : stream.channel.values())
      by_channel[channel].push_back(
          {&id, stream.latest, is_finished(stream), live, &stream.evidence});
  }
}

void emit_recordings(const Aggregates &all, Expected &out, Members &by_channel) {
  ExpectedCollection &recordings = out.collection("recordings");
  for (const auto &[id, recording] : all.recordings) {
    recordings.emplace(
        id, entity(recording.evidence, field("channel", attribute(recording.channel)),
                   field("state", recording_state(recording)),
                   field("reason", attribute(recording.reason)),
                   field("stream_ids", Expectation{FieldType::text_list,
                                                   {FieldValue(recording.stream_ids.values())}}),
                   field("started_at", recording_started_at(recording)),
                   field("ended_at", recording_ended_at(recording)),
                   field("duration_ms", recording_duration_ms(recording, recording.durations)),
                   field("s3_prefix", attribute(recording.s3_prefix)),
                   field("playlist", recording_playlist(recording))));
    const bool active = !is_finished(recording);
    for (const std::string &channel : recording.channel.values())
      by_channel[channel].push_back({&id, recording.latest, !active, active, &recording.evidence});
  }
}

// The events behind a channel's current stream and recording: what decides live and stream_id.
std::vector<std::uint32_t> evidence_of(const std::vector<Member> &a, const std::vector<Member> &b) {
  std::vector<std::uint32_t> out;
  for (const auto *members : {&a, &b})
    for (const Member &member : *members)
      out.insert(out.end(), member.evidence->begin(), member.evidence->end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void emit_channels(const Aggregates &all, Expected &out, const Members &streams,
                   const Members &recordings) {
  static const std::vector<Member> kNone;
  ExpectedCollection &channels = out.collection("channels");
  for (const auto &[arn, channel] : all.channels) {
    if (!channel.exists)
      continue;
    const auto stream_it = streams.find(arn);
    const auto recording_it = recordings.find(arn);
    const auto current_stream =
        current_candidates(stream_it == streams.end() ? kNone : stream_it->second);
    const auto current_recording =
        current_candidates(recording_it == recordings.end() ? kNone : recording_it->second);
    channels.emplace(arn, entity(evidence_of(current_stream, current_recording),
                                 field("name", attribute(channel.name)),
                                 field("live", current_is_active(current_stream)),
                                 field("stream_id", current_id(current_stream)),
                                 field("recording", current_is_active(current_recording))));
  }
}

ExpectedCollection participant_recordings(const ParticipantAggregate &participant) {
  ExpectedCollection out;
  for (const auto &[prefix, recording] : participant.recordings)
    out.emplace(prefix,
                entity(recording.evidence, field("state", recording_state(recording)),
                       field("duration_ms", recording_duration_ms(recording, recording.durations)),
                       field("s3_prefix", attribute(recording.s3_prefix))));
  return out;
}

void emit_stages(const Aggregates &all, Expected &out) {
  ExpectedCollection &stages = out.collection("stages");
  for (const auto &[arn, stage] : all.stages) {
    ExpectedEntity stage_entity;
    ExpectedCollection &sessions = stage_entity.child("sessions");
    for (const auto &[session_id, participants] : stage.sessions) {
      ExpectedEntity session;
      ExpectedCollection &people = session.child("participants");
      for (const auto &[participant_id, participant] : participants) {
        if (!participant.exists)
          continue;
        ExpectedEntity person =
            entity(participant.evidence, field("user_id", attribute(participant.user_id)),
                   field("publishing", participant_publishing(participant)));
        person.children.emplace_back("recordings", participant_recordings(participant));
        people.emplace(participant_id, std::move(person));
      }
      if (!people.empty())
        sessions.emplace(session_id, std::move(session));
    }
    if (!sessions.empty())
      stages.emplace(arn, std::move(stage_entity));
  }
}

void emit_compositions(const Aggregates &all, Expected &out) {
  ExpectedCollection &compositions = out.collection("compositions");
  for (const auto &[arn, composition] : all.compositions) {
    ExpectedEntity entry =
        entity(composition.evidence, field("stage", attribute(composition.stage)),
               field("state", composition_state(composition)),
               field("reason", composition_reason(composition)));
    ExpectedCollection &destinations = entry.child("destinations");
    for (const auto &[id, destination] : composition.destinations)
      destinations.emplace(id, entity(destination.evidence,
                                      field("state", destination_state(destination)),
                                      field("reason", destination_reason(destination))));
    compositions.emplace(arn, std::move(entry));
  }
}

} // namespace

void emit(const Aggregates &all, Expected &out) {
  Members streams_by_channel;
  Members recordings_by_channel;
  emit_streams(all, out, streams_by_channel);
  emit_recordings(all, out, recordings_by_channel);
  emit_channels(all, out, streams_by_channel, recordings_by_channel);
  emit_stages(all, out);
  emit_compositions(all, out);
}

} // namespace ivsim::oracle::detail
