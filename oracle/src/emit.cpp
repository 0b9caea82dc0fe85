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

// The text of an entity's own key (a participant's id, not its stage's or session's).
const Text &own_key(const Keyed &entity) { return entity.key(); }
const Text &own_key(const ParticipantAggregate &participant) {
  return participant.participant.key();
}

// Calls `visit(number, entity)` for each number of `order`, loading entities and their keys' texts
// a few numbers ahead. Key order is scattered over the table and the events, and waiting for each
// entity's cache misses in turn cost emit about 40 % (81k streams: 130 ms before, 76 ms after).
// The key is three loads deep (entity, the Text inside an event, its characters), each started
// once the one before it has had time to arrive.
template <typename Table, typename Visit>
void visit_in_order(const Table &table, std::span<const std::uint32_t> order, Visit visit) {
  constexpr std::size_t kEntityAhead = 16; // the entity first: it holds the key's address
  constexpr std::size_t kTextAhead = 8;    // then the Text, inside an event
  constexpr std::size_t kKeyAhead = 4;     // then its characters
  for (std::size_t at = 0; at < order.size(); ++at) {
    if (at + kEntityAhead < order.size()) {
      const auto *entity = reinterpret_cast<const char *>(&table.value(order[at + kEntityAhead]));
      for (std::size_t line = 0; line < sizeof(table.value(0)); line += 64)
        __builtin_prefetch(entity + line);
    }
    if (at + kTextAhead < order.size())
      __builtin_prefetch(&own_key(table.value(order[at + kTextAhead])));
    if (at + kKeyAhead < order.size())
      __builtin_prefetch(own_key(table.value(order[at + kKeyAhead])).identity());
    visit(order[at], table.value(order[at]));
  }
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
  EntityBuilder(std::span<const std::uint32_t> evidence, std::size_t fields) {
    entity_.fields.reserve(fields);
    entity_.evidence.assign(evidence.begin(), evidence.end());
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
ExpectedEntity &append(ExpectedCollection &collection, const Text &key, ExpectedEntity entity) {
  assert(collection.empty() || collection.rbegin()->first < key);
  return collection.emplace_hint(collection.end(), key, std::move(entity))->second;
}

// The current stream and recording session of each channel, by the channel's number, and every
// recording session of each channel (rule 3 prefers the one holding the current stream).
struct Currents {
  std::vector<CurrentMember> streams;
  std::vector<CurrentMember> recordings;
  std::vector<boost::container::small_vector<Member, 1>> sessions;
};

void add_member(const Aggregates &all, std::vector<CurrentMember> &current,
                std::span<const Text *const> channels, const Member &member) {
  for (const Text *channel : channels) {
    const std::uint32_t number = all.channels.find(channel->view());
    assert(number != all.channels.kAbsent && "a lifecycle event creates its channel");
    current[number].add(member);
  }
}

void emit_streams(const Aggregates &all, const EvidenceLists::Grouped &evidence, Expected &out,
                  Currents &currents) {
  ExpectedCollection &streams = out.collection("streams");
  streams.reserve(all.streams.size());
  visit_in_order(all.streams, sorted_numbers(all.streams),
                 [&](std::uint32_t, const StreamAggregate &stream) {
                   if (!stream.has_lifecycle)
                     return; // only health events: rule 5 creates nothing
                   append(streams, stream.key(),
                          EntityBuilder(evidence.of(stream.evidence), 5)
                              .field("channel", attribute(stream.channel.values()))
                              .field("state", stream_state(stream))
                              .field("started_at", stream_started_at(stream))
                              .field("ended_at", stream_ended_at(stream))
                              .field("healthy", stream_healthy(stream))
                              .take());
                   const bool finished = is_finished(stream);
                   const bool live = stream.seen.has(EventName::stream_start) && !finished;
                   add_member(all, currents.streams, stream.channel.values(),
                              {&stream.key(), stream.latest, finished, live, &stream.evidence, {}});
                 });
}

void emit_recordings(const Aggregates &all, const EvidenceLists::Grouped &evidence, Expected &out,
                     Currents &currents) {
  ExpectedCollection &recordings = out.collection("recordings");
  recordings.reserve(all.recordings.size());
  visit_in_order(
      all.recordings, sorted_numbers(all.recordings),
      [&](std::uint32_t, const RecordingAggregate &recording) {
        append(recordings, recording.key(),
               EntityBuilder(evidence.of(recording.evidence), 9)
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
        const Member member{&recording.key(), recording.latest,    !active,
                            active,           &recording.evidence, recording.stream_ids.values()};
        add_member(all, currents.recordings, recording.channel.values(), member);
        for (const Text *channel : recording.channel.values())
          currents.sessions[all.channels.find(channel->view())].push_back(member);
      });
}

// The events behind a channel's current stream and recording: what decides live and stream_id.
std::vector<std::uint32_t> evidence_of(const EvidenceLists::Grouped &evidence,
                                       std::span<const Member> a, std::span<const Member> b) {
  std::vector<std::uint32_t> out;
  for (const auto members : {a, b})
    for (const Member &member : members) {
      const auto events = evidence.of(*member.evidence);
      out.insert(out.end(), events.begin(), events.end());
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void emit_channels(const Aggregates &all, const EvidenceLists::Grouped &evidence, Expected &out,
                   Currents &currents) {
  ExpectedCollection &channels = out.collection("channels");
  channels.reserve(all.channels.size());
  visit_in_order(all.channels, sorted_numbers(all.channels),
                 [&](std::uint32_t number, const ChannelAggregate &channel) {
                   if (!channel.exists)
                     return;
                   const auto current_stream = currents.streams[number].candidates();
                   const std::vector<Member> recording =
                       current_recording(current_stream, currents.sessions[number],
                                         currents.recordings[number].candidates());
                   ExpectedEntity entry = EntityBuilder({}, 4)
                                              .field("name", attribute(channel.name.values()))
                                              .field("live", current_is_active(current_stream))
                                              .field("stream_id", current_id(current_stream))
                                              .field("recording", current_is_active(recording))
                                              .take();
                   entry.evidence = evidence_of(evidence, current_stream, recording);
                   append(channels, channel.key(), std::move(entry));
                 });
}

// A participant's recordings, `sorted[first]` to `sorted[last]`.
ExpectedCollection participant_recordings(const Aggregates &all,
                                          const EvidenceLists::Grouped &evidence,
                                          const std::vector<std::uint32_t> &sorted,
                                          std::uint32_t first, std::uint32_t last) {
  ExpectedCollection out;
  out.reserve(last - first);
  for (std::uint32_t at = first; at < last; ++at) {
    const std::uint32_t number = sorted[at];
    const ParticipantRecordingAggregate &recording = all.participant_recordings.value(number);
    append(out, recording.key(),
           EntityBuilder(evidence.of(recording.evidence), 3)
               .field("state", recording_state(recording))
               .field("duration_ms", recording_duration_ms(recording, recording.durations))
               .field("s3_prefix", s3_prefix(recording.s3_prefix.values()))
               .take());
  }
  return out;
}

// Participants sorted by (stage, session, participant) arrive grouped, so each stage and session
// entity is appended once, when its first participant comes.
void emit_stages(const Aggregates &all, const EvidenceLists::Grouped &evidence, Expected &out) {
  ExpectedCollection &stages = out.collection("stages");
  const auto recordings = sorted_numbers(all.participant_recordings);
  const auto ranges = child_ranges(all.participant_recordings, recordings, all.participants.size());
  ExpectedCollection *sessions = nullptr;
  ExpectedCollection *people = nullptr;
  const ParticipantKey *previous = nullptr;
  visit_in_order(all.participants, sorted_numbers(all.participants),
                 [&](std::uint32_t number, const ParticipantAggregate &participant) {
                   if (!participant.exists)
                     return;
                   const ParticipantKey &key = all.participants.key(number);
                   const bool new_stage = previous == nullptr || previous->stage != key.stage;
                   if (new_stage)
                     sessions = &append(stages, participant.stage.key(), {}).child("sessions");
                   if (new_stage || previous->session != key.session)
                     people =
                         &append(*sessions, participant.session.key(), {}).child("participants");
                   previous = &key;
                   ExpectedEntity &person =
                       append(*people, participant.participant.key(),
                              EntityBuilder(evidence.of(participant.evidence), 2)
                                  .field("user_id", attribute(participant.user_id.values()))
                                  .field("publishing", participant_publishing(participant))
                                  .take());
                   person.children.emplace_back(
                       "recordings", participant_recordings(all, evidence, recordings,
                                                            ranges[number], ranges[number + 1]));
                 });
}

void emit_compositions(const Aggregates &all, const EvidenceLists::Grouped &evidence,
                       Expected &out) {
  ExpectedCollection &compositions = out.collection("compositions");
  compositions.reserve(all.compositions.size());
  const auto destinations = sorted_numbers(all.destinations);
  const auto ranges = child_ranges(all.destinations, destinations, all.compositions.size());
  visit_in_order(all.compositions, sorted_numbers(all.compositions),
                 [&](std::uint32_t number, const CompositionAggregate &composition) {
                   ExpectedEntity &entry =
                       append(compositions, composition.key(),
                              EntityBuilder(evidence.of(composition.evidence), 3)
                                  .field("stage", attribute(composition.stage.values()))
                                  .field("state", composition_state(composition))
                                  .field("reason", composition_reason(composition))
                                  .take());
                   ExpectedCollection &children = entry.child("destinations");
                   children.reserve(ranges[number + 1] - ranges[number]);
                   for (std::uint32_t at = ranges[number]; at < ranges[number + 1]; ++at) {
                     const DestinationAggregate &destination =
                         all.destinations.value(destinations[at]);
                     append(children, destination.key(),
                            EntityBuilder(evidence.of(destination.evidence), 2)
                                .field("state", destination_state(destination, composition))
                                .field("reason", destination_reason(destination, composition))
                                .take());
                   }
                 });
}

} // namespace

void emit(const Aggregates &all, Expected &out) {
  Currents currents{std::vector<CurrentMember>(all.channels.size()),
                    std::vector<CurrentMember>(all.channels.size()),
                    std::vector<boost::container::small_vector<Member, 1>>(all.channels.size())};
  const EvidenceLists::Grouped evidence = all.evidence.group();
  emit_streams(all, evidence, out, currents);
  emit_recordings(all, evidence, out, currents);
  emit_channels(all, evidence, out, currents);
  emit_stages(all, evidence, out);
  emit_compositions(all, evidence, out);
}

} // namespace ivsim::oracle::detail
