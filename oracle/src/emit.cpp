// Assembles expected entities from the rules, in the contract's field order.
#include "emit.hpp"

#include "rules.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <string_view>
#include <utility>

namespace ivsim::oracle::detail {

namespace {

// Eight bytes of `text` from `at`, big-endian and zero-padded, so that integers order as the
// texts do wherever the bytes differ.
std::uint64_t eight_bytes(std::string_view text, std::size_t at) {
  std::uint64_t out = 0;
  for (std::size_t i = 0; i < 8; ++i)
    out = (out << 8) | (at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0U);
  return out;
}

// How many leading bytes every text of `texts` shares (ARNs share forty).
template <typename Texts> std::size_t common_prefix(const Texts &texts) {
  if (texts.empty())
    return 0;
  std::string_view first = texts.front();
  std::size_t length = first.size();
  for (const std::string_view text : texts) {
    std::size_t same = 0;
    while (same < length && same < text.size() && text[same] == first[same])
      ++same;
    length = same;
  }
  return length;
}

// The text a key sorts by first, and how its parent orders it (0 for top-level keys).
std::string_view leading_text(std::string_view key) { return key; }
std::string_view leading_text(const ParticipantKey &key) { return key.stage; }
std::string_view leading_text(const ChildKey &key) { return key.id; }
std::uint32_t parent_of(std::string_view) { return 0; }
std::uint32_t parent_of(const ParticipantKey &) { return 0; }
std::uint32_t parent_of(const ChildKey &key) { return key.parent; }

// The numbers of a table's entities, sorted by key: the document's maps are then built in key
// order, each insertion a hint at the end instead of a search from the root. The keys' texts are
// scattered over the heap and a sort reads each many times, so each key's parent and first bytes
// past the shared prefix are copied next to its number: they decide most comparisons.
template <typename Table> std::vector<std::uint32_t> sorted_numbers(const Table &table) {
  struct Hinted {
    std::uint32_t parent;
    std::uint64_t bytes;
    std::uint32_t number;
  };
  std::vector<std::string_view> texts;
  texts.reserve(table.size());
  for (std::uint32_t number = 0; number < table.size(); ++number)
    texts.push_back(leading_text(table.key(number)));
  const std::size_t shared = common_prefix(texts);
  std::vector<Hinted> hinted;
  hinted.reserve(table.size());
  for (std::uint32_t number = 0; number < table.size(); ++number)
    hinted.push_back({parent_of(table.key(number)), eight_bytes(texts[number], shared), number});
  std::sort(hinted.begin(), hinted.end(), [&](const Hinted &a, const Hinted &b) {
    if (a.parent != b.parent || a.bytes != b.bytes)
      return std::pair(a.parent, a.bytes) < std::pair(b.parent, b.bytes);
    return table.key(a.number) < table.key(b.number);
  });
  std::vector<std::uint32_t> numbers;
  numbers.reserve(hinted.size());
  for (const Hinted &entry : hinted)
    numbers.push_back(entry.number);
  return numbers;
}

// For children sorted by their parent's number: where each parent's children begin in `sorted`
// (`begin[parent]` to `begin[parent + 1]`).
template <typename Table>
std::vector<std::uint32_t>
child_ranges(const Table &children, const std::vector<std::uint32_t> &sorted, std::size_t parents) {
  std::vector<std::uint32_t> begin(parents + 1, 0);
  for (const std::uint32_t child : sorted)
    ++begin[children.key(child).parent + 1];
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  return begin;
}

// An entity's fields, each moved in once: every move of an expectation costs about as much as
// building a small one, and reduce builds millions.
class EntityBuilder {
public:
  EntityBuilder(const Aggregates &all, const EvidenceLists::List &evidence, std::size_t fields) {
    entity_.fields.reserve(fields);
    entity_.evidence = all.evidence.to_vector(evidence);
  }
  EntityBuilder &field(std::string_view name, Expectation &&expectation) {
    // Braces, not emplace_back's parentheses: clang 14 (the fuzz build) lacks C++20's
    // parenthesised aggregate initialisation.
    entity_.fields.push_back(ExpectedField{name, std::move(expectation)});
    return *this;
  }
  ExpectedEntity take() { return std::move(entity_); }

private:
  ExpectedEntity entity_;
};

// Appends an entity whose key sorts after every key already there.
ExpectedEntity &append(ExpectedCollection &collection, std::string_view key,
                       ExpectedEntity entity) {
  assert(collection.empty() || collection.rbegin()->first < key);
  return collection.emplace_hint(collection.end(), key, std::move(entity))->second;
}

// The current stream and recording session of each channel, by the channel's number.
struct Currents {
  std::vector<CurrentMember> streams;
  std::vector<CurrentMember> recordings;
};

void add_member(const Aggregates &all, std::vector<CurrentMember> &current,
                std::span<const Text *const> channels, const Member &member) {
  for (const Text *channel : channels) {
    const std::uint32_t number = all.channels.find(channel->view());
    assert(number != all.channels.kAbsent && "a lifecycle event creates its channel");
    current[number].add(member);
  }
}

void emit_streams(const Aggregates &all, Expected &out, Currents &currents) {
  ExpectedCollection &streams = out.collection("streams");
  for (const std::uint32_t number : sorted_numbers(all.streams)) {
    const StreamAggregate &stream = all.streams.value(number);
    if (!stream.has_lifecycle)
      continue; // only health events: rule 5 creates nothing
    const std::string_view id = all.streams.key(number);
    append(streams, id,
           EntityBuilder(all, stream.evidence, 5)
               .field("channel", attribute(stream.channel.values()))
               .field("state", stream_state(stream))
               .field("started_at", stream_started_at(stream))
               .field("ended_at", stream_ended_at(stream))
               .field("healthy", stream_healthy(stream))
               .take());
    const bool finished = is_finished(stream);
    const bool live = stream.seen.has(EventName::stream_start) && !finished;
    add_member(all, currents.streams, stream.channel.values(),
               {id, stream.latest, finished, live, &stream.evidence});
  }
}

void emit_recordings(const Aggregates &all, Expected &out, Currents &currents) {
  ExpectedCollection &recordings = out.collection("recordings");
  for (const std::uint32_t number : sorted_numbers(all.recordings)) {
    const RecordingAggregate &recording = all.recordings.value(number);
    const std::string_view id = all.recordings.key(number);
    append(recordings, id,
           EntityBuilder(all, recording.evidence, 9)
               .field("channel", attribute(recording.channel.values()))
               .field("state", recording_state(recording))
               .field("reason", attribute(recording.reason.values()))
               .field("stream_ids", text_list(recording.stream_ids.values()))
               .field("started_at", recording_started_at(recording))
               .field("ended_at", recording_ended_at(recording))
               .field("duration_ms", recording_duration_ms(recording, recording.durations))
               .field("s3_prefix", s3_prefix(recording.s3_prefix.values()))
               .field("playlist", recording_playlist(recording))
               .take());
    const bool active = !is_finished(recording);
    add_member(all, currents.recordings, recording.channel.values(),
               {id, recording.latest, !active, active, &recording.evidence});
  }
}

// The events behind a channel's current stream and recording: what decides live and stream_id.
std::vector<std::uint32_t> evidence_of(const Aggregates &all, std::span<const Member> a,
                                       std::span<const Member> b) {
  std::vector<std::uint32_t> out;
  for (const auto members : {a, b})
    for (const Member &member : members)
      all.evidence.copy(*member.evidence, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void emit_channels(const Aggregates &all, Expected &out, Currents &currents) {
  ExpectedCollection &channels = out.collection("channels");
  for (const std::uint32_t number : sorted_numbers(all.channels)) {
    const ChannelAggregate &channel = all.channels.value(number);
    if (!channel.exists)
      continue;
    const auto current_stream = currents.streams[number].candidates();
    const auto current_recording = currents.recordings[number].candidates();
    ExpectedEntity entry = EntityBuilder(all, {}, 4)
                               .field("name", attribute(channel.name.values()))
                               .field("live", current_is_active(current_stream))
                               .field("stream_id", current_id(current_stream))
                               .field("recording", current_is_active(current_recording))
                               .take();
    entry.evidence = evidence_of(all, current_stream, current_recording);
    append(channels, all.channels.key(number), std::move(entry));
  }
}

// A participant's recordings, `sorted[first]` to `sorted[last]`.
ExpectedCollection participant_recordings(const Aggregates &all,
                                          const std::vector<std::uint32_t> &sorted,
                                          std::uint32_t first, std::uint32_t last) {
  ExpectedCollection out;
  for (std::uint32_t at = first; at < last; ++at) {
    const std::uint32_t number = sorted[at];
    const ParticipantRecordingAggregate &recording = all.participant_recordings.value(number);
    append(out, all.participant_recordings.key(number).id,
           EntityBuilder(all, recording.evidence, 3)
               .field("state", recording_state(recording))
               .field("duration_ms", recording_duration_ms(recording, recording.durations))
               .field("s3_prefix", s3_prefix(recording.s3_prefix.values()))
               .take());
  }
  return out;
}

// Participants sorted by (stage, session, participant) arrive grouped, so each stage and session
// entity is appended once, when its first participant comes.
void emit_stages(const Aggregates &all, Expected &out) {
  ExpectedCollection &stages = out.collection("stages");
  const auto recordings = sorted_numbers(all.participant_recordings);
  const auto ranges = child_ranges(all.participant_recordings, recordings, all.participants.size());
  ExpectedCollection *sessions = nullptr;
  ExpectedCollection *people = nullptr;
  const ParticipantKey *previous = nullptr;
  for (const std::uint32_t number : sorted_numbers(all.participants)) {
    const ParticipantAggregate &participant = all.participants.value(number);
    if (!participant.exists)
      continue;
    const ParticipantKey &key = all.participants.key(number);
    const bool new_stage = previous == nullptr || previous->stage != key.stage;
    if (new_stage)
      sessions = &append(stages, key.stage, {}).child("sessions");
    if (new_stage || previous->session != key.session)
      people = &append(*sessions, key.session, {}).child("participants");
    previous = &key;
    ExpectedEntity &person = append(*people, key.participant,
                                    EntityBuilder(all, participant.evidence, 2)
                                        .field("user_id", attribute(participant.user_id.values()))
                                        .field("publishing", participant_publishing(participant))
                                        .take());
    person.children.emplace_back(
        "recordings", participant_recordings(all, recordings, ranges[number], ranges[number + 1]));
  }
}

void emit_compositions(const Aggregates &all, Expected &out) {
  ExpectedCollection &compositions = out.collection("compositions");
  const auto destinations = sorted_numbers(all.destinations);
  const auto ranges = child_ranges(all.destinations, destinations, all.compositions.size());
  for (const std::uint32_t number : sorted_numbers(all.compositions)) {
    const CompositionAggregate &composition = all.compositions.value(number);
    ExpectedEntity &entry = append(compositions, all.compositions.key(number),
                                   EntityBuilder(all, composition.evidence, 3)
                                       .field("stage", attribute(composition.stage.values()))
                                       .field("state", composition_state(composition))
                                       .field("reason", composition_reason(composition))
                                       .take());
    ExpectedCollection &children = entry.child("destinations");
    for (std::uint32_t at = ranges[number]; at < ranges[number + 1]; ++at) {
      const DestinationAggregate &destination = all.destinations.value(destinations[at]);
      append(children, all.destinations.key(destinations[at]).id,
             EntityBuilder(all, destination.evidence, 2)
                 .field("state", destination_state(destination))
                 .field("reason", destination_reason(destination))
                 .take());
    }
  }
}

} // namespace

void emit(const Aggregates &all, Expected &out) {
  Currents currents{std::vector<CurrentMember>(all.channels.size()),
                    std::vector<CurrentMember>(all.channels.size())};
  emit_streams(all, out, currents);
  emit_recordings(all, out, currents);
  emit_channels(all, out, currents);
  emit_stages(all, out);
  emit_compositions(all, out);
}

} // namespace ivsim::oracle::detail
