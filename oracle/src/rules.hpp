// The contract's rules, one named function per decided field (docs/state-contract.md).
#pragma once

#include "aggregates.hpp"
#include "ivsim/oracle/expected.hpp"

#include <string>
#include <vector>

namespace ivsim::oracle::detail {

// Rule 2: lifecycles are monotone.
Expectation stream_state(const StreamAggregate &stream);
Expectation stream_started_at(const StreamAggregate &stream);
Expectation stream_ended_at(const StreamAggregate &stream);
bool is_finished(const StreamAggregate &stream);
Expectation recording_state(const EntityAggregate &recording);
Expectation recording_started_at(const RecordingAggregate &recording);
Expectation recording_ended_at(const RecordingAggregate &recording);
Expectation recording_duration_ms(const EntityAggregate &recording,
                                  const ByName<std::int64_t> &durations);
Expectation recording_playlist(const RecordingAggregate &recording);
bool is_finished(const EntityAggregate &recording_or_composition_part);
Expectation composition_state(const CompositionAggregate &composition);
Expectation composition_reason(const CompositionAggregate &composition);
Expectation destination_state(const DestinationAggregate &destination);
Expectation destination_reason(const DestinationAggregate &destination);

// Rule 4: toggles are last-writer-wins by event time.
Expectation stream_healthy(const StreamAggregate &stream);
Expectation participant_publishing(const ParticipantAggregate &participant);

/// A stream or recording session of a channel, as rule 3 sees it.
struct Member {
  const std::string *id = nullptr;
  Instant latest{};
  bool finished = false;
  bool active = false; ///< `live` for a stream, `recording` for a recording session
  const std::vector<std::uint32_t> *evidence = nullptr;
};

// Rule 3: the current stream (or recording session) of a channel.
std::vector<Member> current_candidates(const std::vector<Member> &members);
Expectation current_id(const std::vector<Member> &candidates);
Expectation current_is_active(const std::vector<Member> &candidates);

// Rules 5 and 6: attributes come from any event of the entity that carries them.
Expectation attribute(const ValueSet<std::string> &values);

/// The expectation holding exactly `values` (sorted and de-duplicated here).
Expectation one_of(FieldType type, FieldValues values);
/// A text value.
FieldValue text(std::string_view value);

} // namespace ivsim::oracle::detail
