// The rows the reference handler keeps per entity, like tables in a database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace ivsim::example {

/// An event time as the event wrote it, and the same instant in microseconds for comparing.
struct Stamp {
  std::int64_t micros = 0;
  std::string text;
};

/// A last-writer-wins value: the value of the newest event seen so far and that event's time.
struct Toggle {
  bool is_set = false;
  std::int64_t micros = 0;
  bool value = false;
};

/// Monotone lifecycle ranks; a row's state only ever moves up (see rules.hpp).
enum class StreamRank : std::uint8_t { none, created, live, ended, failed };
/// Recording ranks: the three endings rank above `recording`, in a fixed order so the handler
/// picks the same one whatever order two different endings arrive in.
enum class RecordingRank : std::uint8_t { none, recording, ended, end_failed, start_failed };
/// Composition ranks.
enum class CompositionRank : std::uint8_t { none, running, ended, failed };

/// streams/<stream_id>. `exists` is false while only health events named it.
struct StreamRow {
  bool exists = false;
  std::string channel;
  StreamRank rank = StreamRank::none;
  std::optional<Stamp> started_at;
  std::optional<Stamp> ended_at;
  std::int64_t latest_micros = 0; ///< newest lifecycle event, to pick the channel's current stream
  Toggle healthy;                 ///< true after Starvation End
};

/// channels/<arn>.
struct ChannelRow {
  bool exists = false;
  std::optional<std::string> name;
};

/// recordings/<recording_session_id>.
struct RecordingRow {
  std::string channel;
  RecordingRank rank = RecordingRank::none;
  std::optional<std::string> reason;
  std::set<std::string> stream_ids;
  std::optional<Stamp> started_at;
  std::optional<Stamp> ended_at;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> s3_prefix;
  std::int64_t latest_micros = 0;
};

/// stages/<arn>/sessions/<id>/participants/<id>/recordings/<prefix>.
struct ParticipantRecordingRow {
  RecordingRank rank = RecordingRank::none;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> s3_prefix;
};

/// stages/<arn>/sessions/<id>/participants/<id>.
struct ParticipantRow {
  bool exists = false;
  std::optional<std::string> user_id;
  Toggle publishing;
  std::map<std::string, ParticipantRecordingRow> recordings;
};

/// compositions/<arn>/destinations/<id>.
struct DestinationRow {
  CompositionRank final_rank = CompositionRank::none; ///< ended or failed once final
  Toggle active; ///< true after Destination Start, false after Destination Reconnecting
  std::optional<std::string> reason;
};

/// compositions/<arn>.
struct CompositionRow {
  std::optional<std::string> stage;
  CompositionRank rank = CompositionRank::none;
  std::optional<std::string> reason;
  std::map<std::string, DestinationRow> destinations;
};

/// Every table of the handler.
struct Tables {
  std::set<std::string> seen_ids;
  std::map<std::string, ChannelRow> channels;
  std::map<std::string, StreamRow> streams;
  std::map<std::string, RecordingRow> recordings;
  /// stage arn -> session id -> participant id -> row
  std::map<std::string, std::map<std::string, std::map<std::string, ParticipantRow>>> stages;
  std::map<std::string, CompositionRow> compositions;
};

} // namespace ivsim::example
