// The canonical state document (docs/state-contract.md): typed entities and their JSON form.
#pragma once

#include "ivsim/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ivsim::oracle {

/// JSON with keys kept in insertion order, so documents print in the contract's order.
using Json = nlohmann::ordered_json;

/// A low-latency channel, keyed by its ARN (`resources[0]`).
struct ChannelState {
  std::optional<std::string> name;
  std::optional<bool> live;
  std::optional<std::string> stream_id;
  std::optional<bool> recording;
  friend bool operator==(const ChannelState &, const ChannelState &) = default;
};

/// One stream of a channel, keyed by `stream_id`.
struct StreamState {
  std::optional<std::string> channel;
  std::optional<std::string> state; ///< created | live | ended | failed
  std::optional<Instant> started_at;
  std::optional<Instant> ended_at;
  std::optional<bool> healthy;
  friend bool operator==(const StreamState &, const StreamState &) = default;
};

/// A channel's recording session, keyed by `recording_session_id`.
struct RecordingState {
  std::optional<std::string> channel;
  std::optional<std::string> state; ///< recording | ended | start_failed | end_failed
  std::optional<std::string> reason;
  std::optional<std::vector<std::string>> stream_ids;
  std::optional<Instant> started_at;
  std::optional<Instant> ended_at;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> s3_prefix;
  std::optional<std::string> playlist;
  friend bool operator==(const RecordingState &, const RecordingState &) = default;
};

/// One individual participant recording, keyed by `recording_s3_key_prefix`.
struct ParticipantRecordingState {
  std::optional<std::string> state; ///< recording | ended | start_failed | end_failed
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> s3_prefix;
  friend bool operator==(const ParticipantRecordingState &,
                         const ParticipantRecordingState &) = default;
};

/// A participant of a stage session, keyed by `participant_id`.
struct ParticipantState {
  std::optional<std::string> user_id;
  std::optional<bool> publishing;
  std::map<std::string, ParticipantRecordingState> recordings;
  friend bool operator==(const ParticipantState &, const ParticipantState &) = default;
};

/// A stage session, keyed by `session_id`.
struct StageSessionState {
  std::map<std::string, ParticipantState> participants;
  friend bool operator==(const StageSessionState &, const StageSessionState &) = default;
};

/// A real-time stage, keyed by its ARN (`resources[0]`).
struct StageState {
  std::map<std::string, StageSessionState> sessions;
  friend bool operator==(const StageState &, const StageState &) = default;
};

/// A composition destination, keyed by the event's `detail.id`.
struct DestinationState {
  std::optional<std::string> state; ///< active | reconnecting | ended | failed
  std::optional<std::string> reason;
  friend bool operator==(const DestinationState &, const DestinationState &) = default;
};

/// A server-side composition, keyed by its ARN (`resources[0]`).
struct CompositionState {
  std::optional<std::string> stage;
  std::optional<std::string> state; ///< running | ended | failed
  std::optional<std::string> reason;
  std::map<std::string, DestinationState> destinations;
  friend bool operator==(const CompositionState &, const CompositionState &) = default;
};

/// The whole canonical document a handler's state is read back as. An absent optional field and
/// `null` mean the same.
struct StateDocument {
  std::map<std::string, ChannelState> channels;
  std::map<std::string, StreamState> streams;
  std::map<std::string, RecordingState> recordings;
  std::map<std::string, StageState> stages;
  std::map<std::string, CompositionState> compositions;
  friend bool operator==(const StateDocument &, const StateDocument &) = default;
};

/// Reads a SUT's document. Every part is optional and unknown keys are ignored (a SUT may keep
/// more; read_state_document notes them). Times may be RFC 3339 (with or without fractions or
/// offsets) or epoch milliseconds. Throws InputError naming the JSON pointer and what was expected
/// for anything else, e.g.
/// `/streams/st-1/started_at: expected an RFC 3339 time or epoch milliseconds, got a boolean`.
StateDocument parse_state_document(const Json &json);

/// A remark on a SUT's document that leaves the verdict alone: a key the contract does not name
/// (ignored, but more often a misspelt field than extra state the SUT keeps).
struct DocumentNote {
  std::string pointer; ///< where, as a JSON pointer (RFC 6901): "/channels/arn:...~1AbC/isLive"
  /// `pointer` with each identifier replaced by its kind: "/channels/<arn>/isLive".
  std::string pattern;
  /// "not a field of the contract (did you mean live?)", "not a collection of the contract
  /// (channels, streams, recordings, stages, compositions)".
  std::string message;
  friend bool operator==(const DocumentNote &, const DocumentNote &) = default;
};

/// A document as read, with its notes: one per pattern (the first place it occurs), in document
/// order.
struct ReadDocument {
  StateDocument document;
  std::vector<DocumentNote> notes;
};

/// parse_state_document, and a note for each key pattern the contract does not name. A field's
/// note suggests the nearest field of that entity kind by edit distance, ignoring case, '_' and
/// '-' ("isLive": did you mean live?); an unknown top-level key's note lists the collections and
/// says when its value holds them (a document wrapped as {"data": {...}}). Throws as
/// parse_state_document does.
ReadDocument read_state_document(const Json &json);

/// Parses document text; JSON syntax errors become InputError with the byte offset.
StateDocument parse_state_document(std::string_view text);

/// The document in the contract's shape: every field written, `null` where unknown, times as
/// RFC 3339 UTC (whole seconds unless the instant has a fraction).
Json to_json(const StateDocument &document);

/// Adds `key` to a JSON object without looking for it first: `ordered_json` finds keys by linear
/// search, so building a large object key by key with `[]` is quadratic. The key must be new.
void append_member(Json &object, std::string key, Json value);

/// Escapes one key for a JSON pointer (`/` as `~1`, `~` as `~0`), RFC 6901.
std::string escape_pointer_token(std::string_view key);

} // namespace ivsim::oracle
