// The contract's rules, each with the IVS fact behind it. To find "how is `live` decided", read
// CurrentMember and current_is_active below.
#include "rules.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <utility>

namespace ivsim::oracle::detail {

Expectation one_of(FieldType type, FieldValues &&values) {
  if (values.size() > 1) { // most fields are decided: nothing to sort
    std::sort(values.begin(), values.end(), json_less);
    values.erase(std::unique(values.begin(), values.end()), values.end());
  }
  return Expectation{type, std::move(values)};
}

namespace {

// The texts of states, each made once: a value holding one shares it instead of copying it, and
// reduce writes a state for every entity.
struct Words {
  Text created{"created"};
  Text live{"live"};
  Text ended{"ended"};
  Text failed{"failed"};
  Text recording{"recording"};
  Text end_failed{"end_failed"};
  Text start_failed{"start_failed"};
  Text running{"running"};
  Text active{"active"};
  Text reconnecting{"reconnecting"};
};

const Words &words() {
  static const Words kWords;
  return kWords;
}

FieldValue word(Text Words::*which) { return FieldValue(words().*which); }

Expectation null_field(FieldType type) { return Expectation{type, {FieldValue()}}; }

// Every value of `set` (null when it is empty): the events cannot say which one a handler keeps.
template <typename T, typename ToValue>
void add_values(FieldValues &out, std::span<const T> set, ToValue to_value) {
  if (set.empty())
    out.emplace_back();
  for (const T &value : set)
    out.push_back(to_value(value));
}

FieldValue time_value(const std::pair<EventName, Instant> &entry) {
  return FieldValue(entry.second);
}
FieldValue text_value(const Text *value) { return FieldValue(*value); }

// "s3://<bucket>/<prefix><suffix>", joined on the stack so the Text's block is the only
// allocation.
FieldValue s3_url(const S3Location &location, std::string_view suffix = {}) {
  boost::container::small_vector<char, 256> url;
  for (const std::string_view part : {std::string_view("s3://"), location.bucket->view(),
                                      std::string_view("/"), location.prefix->view(), suffix})
    url.insert(url.end(), part.begin(), part.end());
  return FieldValue(Text(std::string_view(url.data(), url.size())));
}

// A channel or participant recording ends in one of three ways; which one IVS reports first is
// not documented, so two different endings in one set leave the state open.
struct RecordingEnding {
  EventName name;
  Text Words::*state;
};
constexpr RecordingEnding kRecordingEndings[] = {
    {EventName::recording_end, &Words::ended},
    {EventName::recording_end_failure, &Words::end_failed},
    {EventName::recording_start_failure, &Words::start_failed},
};

bool has_ending(const Seen &seen) {
  return std::any_of(std::begin(kRecordingEndings), std::end(kRecordingEndings),
                     [&](const RecordingEnding &ending) { return seen.has(ending.name); });
}

} // namespace

// --- Rule 2: lifecycles are monotone -------------------------------------------------------

// IVS: Session Created < Stream Start < Stream End / Session Ended (which come in either order
// at the end of a broadcast); Stream Failure replaces Stream Start when capacity is exceeded and
// wins over `ended`. The highest rank seen decides, never the last event delivered.
Expectation stream_state(const StreamAggregate &stream) {
  const Seen &seen = stream.seen;
  Text Words::*state = seen.has(EventName::stream_failure) ? &Words::failed
                       : seen.has(EventName::stream_end) || seen.has(EventName::session_ended)
                           ? &Words::ended
                       : seen.has(EventName::stream_start) ? &Words::live
                                                           : &Words::created;
  return Expectation{FieldType::text, {word(state)}};
}

bool is_finished(const StreamAggregate &stream) {
  return stream.seen.has(EventName::stream_failure) || stream.seen.has(EventName::stream_end) ||
         stream.seen.has(EventName::session_ended);
}

Expectation stream_started_at(const StreamAggregate &stream) {
  FieldValues values;
  add_values(values, stream.times.of(EventName::stream_start), time_value);
  return one_of(FieldType::time, std::move(values));
}

// `ended_at` is the time of Stream End or Stream Failure; Session Ended alone leaves it null
// (the contract: the session can end before the stream is reported ended).
Expectation stream_ended_at(const StreamAggregate &stream) {
  const auto ends = stream.times.of(EventName::stream_end);
  const auto failures = stream.times.of(EventName::stream_failure);
  if (ends.empty() && failures.empty())
    return null_field(FieldType::time);
  FieldValues values;
  for (const auto set : {ends, failures})
    for (const auto &entry : set)
      values.push_back(time_value(entry));
  return one_of(FieldType::time, std::move(values));
}

bool is_finished(const EntityAggregate &entity) { return has_ending(entity.seen); }

// Recording Start < Recording End | Recording End Failure | Recording Start Failure.
Expectation recording_state(const EntityAggregate &recording) {
  FieldValues values;
  for (const RecordingEnding &ending : kRecordingEndings)
    if (recording.seen.has(ending.name))
      values.push_back(word(ending.state));
  if (values.empty())
    values.push_back(word(&Words::recording));
  return one_of(FieldType::text, std::move(values));
}

Expectation recording_started_at(const RecordingAggregate &recording) {
  // A joining stream may repeat Recording Start (undocumented by AWS): any of them is the start.
  FieldValues values;
  add_values(values, recording.times.of(EventName::recording_start), time_value);
  return one_of(FieldType::time, std::move(values));
}

// `ended_at` comes from the terminal event: Recording End or End Failure.
Expectation recording_ended_at(const RecordingAggregate &recording) {
  FieldValues values;
  for (const RecordingEnding &ending : kRecordingEndings) {
    if (!recording.seen.has(ending.name))
      continue;
    if (ending.name == EventName::recording_start_failure)
      values.emplace_back();
    else
      add_values(values, recording.times.of(ending.name), time_value);
  }
  if (values.empty())
    values.emplace_back();
  return one_of(FieldType::time, std::move(values));
}

// `duration_ms` comes from the terminal event (`recording_duration_ms`).
Expectation recording_duration_ms(const EntityAggregate &recording,
                                  const ByName<std::int64_t, 1> &durations) {
  FieldValues values;
  for (const RecordingEnding &ending : kRecordingEndings)
    if (recording.seen.has(ending.name))
      add_values(values, durations.of(ending.name),
                 [](const auto &entry) { return FieldValue(entry.second); });
  if (values.empty())
    values.emplace_back();
  return one_of(FieldType::integer, std::move(values));
}

// Rule 7: AWS advises reading recorded media only after Recording End; after End Failure the
// objects may be incomplete, so only an `ended` recording has a playlist.
Expectation recording_playlist(const RecordingAggregate &recording) {
  FieldValues values;
  for (const RecordingEnding &ending : kRecordingEndings) {
    if (!recording.seen.has(ending.name))
      continue;
    if (ending.name != EventName::recording_end) {
      values.emplace_back();
      continue;
    }
    add_values(values, recording.s3_prefix.values(), [](const S3Location &location) {
      return s3_url(location, "/media/hls/master.m3u8");
    });
  }
  if (values.empty())
    values.emplace_back();
  return one_of(FieldType::text, std::move(values));
}

// Session Start < Session End | Session Failure; with only destination events, unknown (null).
Expectation composition_state(const CompositionAggregate &composition) {
  FieldValues values;
  if (composition.seen.has(EventName::session_end))
    values.push_back(word(&Words::ended));
  if (composition.seen.has(EventName::session_failure))
    values.push_back(word(&Words::failed));
  if (values.empty())
    values.push_back(composition.seen.has(EventName::session_start) ? word(&Words::running)
                                                                    : FieldValue());
  return one_of(FieldType::text, std::move(values));
}

Expectation composition_reason(const CompositionAggregate &composition) {
  FieldValues values;
  if (composition.seen.has(EventName::session_failure))
    add_values(values, composition.reason.values(), text_value);
  if (!composition.seen.has(EventName::session_failure) ||
      composition.seen.has(EventName::session_end))
    values.emplace_back();
  return one_of(FieldType::text, std::move(values));
}

namespace {

// A destination with no End or Failure of its own whose composition ended or failed: IVS deletes a
// composition's resources when it stops and documents no destination events after a Session
// Failure, so a handler may close the destination with its composition.
bool closed_by_composition(const DestinationAggregate &destination,
                           const CompositionAggregate &composition) {
  return !destination.seen.has(EventName::destination_end) &&
         !destination.seen.has(EventName::destination_failure) &&
         (composition.seen.has(EventName::session_end) ||
          composition.seen.has(EventName::session_failure));
}

} // namespace

// Destination End and Destination Failure are final; before that, Destination Start (`active`)
// and Destination Reconnecting (`reconnecting`) are a toggle. A destination its composition
// closed may also be `ended`, or `failed` after a Session Failure.
Expectation destination_state(const DestinationAggregate &destination,
                              const CompositionAggregate &composition) {
  FieldValues values;
  if (destination.seen.has(EventName::destination_end))
    values.push_back(word(&Words::ended));
  if (destination.seen.has(EventName::destination_failure))
    values.push_back(word(&Words::failed));
  if (!values.empty())
    return one_of(FieldType::text, std::move(values));
  if (destination.active.empty())
    values.emplace_back();
  if (destination.active.can_end_with(true))
    values.push_back(word(&Words::active));
  if (destination.active.can_end_with(false))
    values.push_back(word(&Words::reconnecting));
  if (closed_by_composition(destination, composition)) {
    values.push_back(word(&Words::ended));
    if (composition.seen.has(EventName::session_failure))
      values.push_back(word(&Words::failed));
  }
  return one_of(FieldType::text, std::move(values));
}

// The Failure's reason; null without one (or when an End came too). A destination its failed
// composition closed may also carry the composition's reason.
Expectation destination_reason(const DestinationAggregate &destination,
                               const CompositionAggregate &composition) {
  FieldValues values;
  if (destination.seen.has(EventName::destination_failure))
    add_values(values, destination.reason.values(), text_value);
  if (closed_by_composition(destination, composition) &&
      composition.seen.has(EventName::session_failure))
    add_values(values, composition.reason.values(), text_value);
  if (!destination.seen.has(EventName::destination_failure) ||
      destination.seen.has(EventName::destination_end))
    values.emplace_back();
  return one_of(FieldType::text, std::move(values));
}

// --- Rule 4: toggles are last-writer-wins by event time -------------------------------------

namespace {

Expectation toggle(const LastWriter &writer, bool when_none) {
  if (writer.empty())
    return Expectation{FieldType::boolean, {FieldValue(when_none)}};
  FieldValues values;
  for (const bool value : {false, true})
    if (writer.can_end_with(value))
      values.emplace_back(value);
  return one_of(FieldType::boolean, std::move(values));
}

} // namespace

// Starvation Start / Starvation End; a stream that never starved is healthy.
Expectation stream_healthy(const StreamAggregate &stream) {
  return toggle(stream.healthy, /*when_none=*/true);
}

// Participant Published / Unpublished. A participant known only from recording events has not
// been seen publishing.
Expectation participant_publishing(const ParticipantAggregate &participant) {
  return toggle(participant.publishing, /*when_none=*/false);
}

// --- Rule 3: the current stream of a channel -------------------------------------------------

// A channel streams one stream at a time, so the stream whose latest lifecycle event is latest
// is the current one. IVS stream events carry only the envelope time, in whole seconds, so a
// new stream's Session Created often shares a second with the old one's Stream End: at equal
// seconds the unfinished stream is the newer one. Any tie left is ambiguous (every candidate is
// accepted). The same rule picks a channel's current recording session.
void CurrentMember::add(const Member &member) {
  if (!latest_.empty() && member.latest < latest_.front().latest)
    return;
  if (!latest_.empty() && member.latest > latest_.front().latest) {
    latest_.clear();
    any_unfinished_ = false;
  }
  latest_.push_back(member);
  any_unfinished_ = any_unfinished_ || !member.finished;
}

std::span<const Member> CurrentMember::candidates() {
  if (any_unfinished_)
    latest_.erase(std::remove_if(latest_.begin(), latest_.end(),
                                 [](const Member &member) { return member.finished; }),
                  latest_.end());
  return {latest_.data(), latest_.size()};
}

// Recording sessions overlap: when a reconnect is not merged (IVS merges only matching media, and
// not while the old session is still writing to S3), the new session's Recording Start comes
// before the old one's Recording End, which IVS delays by the whole reconnect window. So the
// current session is the one recording the current stream, not the one heard from last; only
// when no session names that stream does the latest event decide.
std::vector<Member> current_recording(std::span<const Member> current_streams,
                                      std::span<const Member> sessions,
                                      std::span<const Member> latest) {
  std::vector<Member> out;
  bool any_unheld = current_streams.empty();
  for (const Member &stream : current_streams) {
    bool held = false;
    for (const Member &session : sessions)
      if (std::ranges::any_of(session.streams, [&](const Text *id) { return *id == *stream.id; })) {
        out.push_back(session);
        held = true;
      }
    any_unheld = any_unheld || !held;
  }
  if (any_unheld)
    out.insert(out.end(), latest.begin(), latest.end());
  return out;
}

// `stream_id` is the current stream; null for a channel known only from recording events.
Expectation current_id(std::span<const Member> candidates) {
  FieldValues values;
  for (const Member &member : candidates)
    values.push_back(FieldValue(*member.id));
  if (values.empty())
    values.emplace_back();
  return one_of(FieldType::text, std::move(values));
}

// `live` is "the current stream is live"; `recording` is "the current recording session is
// recording". Null when the channel has no stream (or no recording session).
Expectation current_is_active(std::span<const Member> candidates) {
  FieldValues values;
  for (const Member &member : candidates)
    values.emplace_back(member.active);
  if (values.empty())
    values.emplace_back();
  return one_of(FieldType::boolean, std::move(values));
}

// --- Rules 5 and 6: attributes ------------------------------------------------------------

Expectation attribute(std::span<const Text *const> values) {
  FieldValues out;
  add_values(out, values, text_value);
  return one_of(FieldType::text, std::move(out));
}

Expectation s3_prefix(std::span<const S3Location> locations) {
  FieldValues out;
  add_values(out, locations, [](const S3Location &location) { return s3_url(location); });
  return one_of(FieldType::text, std::move(out));
}

Expectation text_list(std::span<const Text *const> values) {
  boost::container::small_vector<Text, 8> list;
  for (const Text *value : values)
    list.push_back(*value);
  return Expectation{FieldType::text_list,
                     {FieldValue(TextList(std::span<const Text>(list.data(), list.size())))}};
}

} // namespace ivsim::oracle::detail
