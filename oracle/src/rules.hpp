// The contract's rules, one named function per decided field (docs/state-contract.md).
#pragma once

#include "aggregates.hpp"
#include "ivsim/oracle/expected.hpp"

#include <boost/container/small_vector.hpp>

#include <span>
#include <string>
#include <string_view>
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
                                  const ByName<std::int64_t, 1> &durations);
Expectation recording_playlist(const RecordingAggregate &recording);
bool is_finished(const EntityAggregate &recording_or_composition_part);
Expectation composition_state(const CompositionAggregate &composition);
Expectation composition_reason(const CompositionAggregate &composition);
Expectation destination_state(const DestinationAggregate &destination,
                              const CompositionAggregate &composition);
Expectation destination_reason(const DestinationAggregate &destination,
                               const CompositionAggregate &composition);

// Rule 4: toggles are last-writer-wins by event time.
Expectation stream_healthy(const StreamAggregate &stream);
Expectation participant_publishing(const ParticipantAggregate &participant);

/// A stream or recording session of a channel, as rule 3 sees it.
struct Member {
  const Text *id = nullptr; ///< the id in one of the member's events
  Instant latest{};
  bool finished = false;
  bool active = false; ///< `live` for a stream, `recording` for a recording session
  const EvidenceLists::List *evidence = nullptr;
  /// A recording session's streams (its `stream_ids`); empty for a stream.
  std::span<const Text *const> streams;
};

/// Rule 3: the current stream (or recording session) of one channel, from its members added one
/// by one in any order.
class CurrentMember {
public:
  /// Considers `member`; only those whose latest lifecycle second is the latest are kept.
  void add(const Member &member);
  /// The candidates for the current member, once every member was added: none when the channel
  /// has no members, more than one when the rule leaves a tie.
  std::span<const Member> candidates();

private:
  boost::container::small_vector<Member, 1> latest_;
  bool any_unfinished_ = false;
};

/// Rule 3 for `recording`: the candidates for the current recording session. For each candidate
/// current stream, the `sessions` that hold it; for a stream no session holds (and for a channel
/// with no stream), the sessions whose latest event is latest (`latest`).
std::vector<Member> current_recording(std::span<const Member> current_streams,
                                      std::span<const Member> sessions,
                                      std::span<const Member> latest);

/// `stream_id` (or nothing for recordings): the ids of the candidates.
Expectation current_id(std::span<const Member> candidates);
/// `live` / `recording`: whether the current member is active.
Expectation current_is_active(std::span<const Member> candidates);

// Rules 5 and 6: attributes come from any event of the entity that carries them.
Expectation attribute(std::span<const Text *const> values);
/// `s3_prefix`: "s3://<bucket>/<prefix>" of each location the events named.
Expectation s3_prefix(std::span<const S3Location> locations);
/// The sorted, distinct texts as a list value (`stream_ids`).
Expectation text_list(std::span<const Text *const> values);

/// The expectation holding exactly `values` (sorted and de-duplicated here).
Expectation one_of(FieldType type, FieldValues &&values);

} // namespace ivsim::oracle::detail
