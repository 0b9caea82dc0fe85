// One IVS EventBridge event: its kind, a typed view of the fields that matter, and exact JSON.
#pragma once

#include "ivsim/text.hpp"
#include "ivsim/text_list.hpp"
#include "ivsim/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim {

/// The envelope's `detail-type`. See docs/state-contract.md and the event catalogue in
/// docs/events.md for what each carries.
enum class DetailType : std::uint8_t {
  stream_state_change,                ///< "IVS Stream State Change"
  stream_health_change,               ///< "IVS Stream Health Change"
  limit_breach,                       ///< "IVS Limit Breach" (no event_name)
  recording_state_change,             ///< "IVS Recording State Change" (recording_status)
  stage_update,                       ///< "IVS Stage Update"
  participant_recording_state_change, ///< "IVS Participant Recording State Change"
  composition_state_change,           ///< "IVS Composition State Change"
  ad_break_state_change,              ///< "IVS Ad Break State Change" (added 2026)
  cloudtrail_api_call,                ///< "AWS API Call via CloudTrail": noise on an aws.ivs rule
  unknown,                            ///< any other detail-type; kept verbatim, carries no state
};

/// What happened: `detail.event_name`, or `detail.recording_status` for IVS Recording State Change.
/// The recording names are shared by channel and participant recordings; the detail type tells
/// them apart.
enum class EventName : std::uint8_t {
  none, ///< the kind has no name (Limit Breach, CloudTrail, unknown detail-types)
  // IVS Stream State Change
  session_created,
  stream_start,
  stream_end,
  session_ended,
  stream_failure,
  stream_takeover,
  stream_takeover_failure,
  // IVS Stream Health Change
  starvation_start,
  starvation_end,
  // IVS Recording State Change and IVS Participant Recording State Change
  recording_start,
  recording_end,
  recording_start_failure,
  recording_end_failure,
  // IVS Stage Update
  participant_published,
  participant_unpublished,
  participant_publish_error,
  participant_replication_start,
  participant_replication_end,
  token_exchanged,
  // IVS Composition State Change
  session_start,
  session_end,
  session_failure,
  destination_start,
  destination_end,
  destination_failure,
  destination_reconnecting,
  // IVS Ad Break State Change
  ad_break_inserted,
  unknown, ///< a name this version does not know (AWS adds kinds); carries no state
};

/// The text AWS writes for a detail type, e.g. "IVS Stream State Change"; "" for unknown.
std::string_view to_string(DetailType detail_type);
/// The text AWS writes for an event name, e.g. "Stream Start"; "" for none and unknown.
std::string_view to_string(EventName name);
/// The detail type for AWS's text; DetailType::unknown for text this version does not know.
DetailType detail_type_from_string(std::string_view text);
/// The event name for AWS's text; EventName::unknown for text this version does not know.
EventName event_name_from_string(std::string_view text);

/// "aws.ivs", the `source` of every IVS event; shared, so a default Event allocates nothing.
inline const Text &aws_ivs_source() {
  static const Text kSource("aws.ivs");
  return kSource;
}

/// The detail fields ivsim reads, flat across kinds: a field the event does not carry is empty
/// (or nullopt). Names follow the JSON keys; `destination_id` is the composition event's `id`.
/// Strings are shared Text, so copies are cheap and events of one entity share its ids.
struct Detail {
  // Channels (stream state, stream health, recording, ad break).
  Text channel_name;
  Text stream_id;
  Text code;   ///< Stream State Change `code`, e.g. "StreamTakeoverInvalidPriority"
  Text reason; ///< Stream/Composition/Participant Recording failure `reason`

  // Channel and participant recordings.
  Text recording_status_reason;
  Text recording_s3_bucket_name;
  Text recording_s3_key_prefix;
  std::optional<std::int64_t> recording_duration_ms;
  Text recording_session_id;
  TextList recording_session_stream_ids;

  // Stages and participants.
  Text session_id;
  Text participant_id;
  Text user_id;
  Text error_code; ///< Publish Error, Participant Recording and Composition failures
  std::optional<EventTime> event_time;
  std::optional<EventTime> event_time_precise;
  std::optional<bool> replica;
  Text source_stage_arn;
  Text source_session_id;
  Text destination_stage_arn;
  Text destination_session_id;

  // Compositions.
  Text stage_arn;
  Text destination_id;

  // Limit Breach.
  Text limit_name;
  Text limit_unit;
  std::optional<std::int64_t> limit_value;
  std::optional<std::int64_t> exceeded_by;

  // Ad Break State Change.
  Text ad_break_id;
  std::optional<std::int64_t> duration_seconds;
  Text target_start_time;

  friend bool operator==(const Detail &, const Detail &) = default;
};

/// One EventBridge event. Built by the generator (typed fields only) or parsed from JSON (typed
/// fields plus the original document, which serialisation writes back unchanged so unknown fields,
/// key order and number forms survive a round trip).
struct Event {
  // Envelope.
  Text id; ///< 32 hex digits laid out like a UUID; EventBridge's duplicates share it
  DetailType detail_type = DetailType::unknown;
  Text detail_type_text; ///< verbatim `detail-type`, kept for unknown kinds
  Text source = aws_ivs_source();
  Text account;
  Text region;
  Instant time{}; ///< envelope `time`, whole seconds
  TextList resources;

  EventName name = EventName::none;
  Text name_text; ///< verbatim `event_name` / `recording_status`, kept for unknown names
  Detail detail;

  /// The parsed document, when this event came from JSON. Serialisation prefers it; code that
  /// edits a parsed event's fields must reset it (see `with_fields_as_truth`).
  std::shared_ptr<const nlohmann::ordered_json> original;

  /// `resources[0]`, or "" when the event names no resource (account-level Limit Breach).
  const Text &resource() const {
    static const Text kNone;
    return resources.empty() ? kNone : resources.front();
  }
  /// State-contract rule 1: `event_time_precise`, else `event_time`, else the envelope `time`.
  EventTime effective_time() const {
    if (detail.event_time_precise)
      return *detail.event_time_precise;
    if (detail.event_time)
      return *detail.event_time;
    return EventTime{time, Resolution::seconds};
  }
  /// A copy that serialises from the typed fields, dropping the original document.
  Event with_fields_as_truth() const;

  friend bool operator==(const Event &a, const Event &b);
};

/// Parses one EventBridge event. Throws InputError naming the JSON pointer and what was expected
/// when a field the kind needs is missing or has the wrong type. Unknown detail types and names
/// parse as DetailType::unknown / EventName::unknown.
Event parse_event(const nlohmann::ordered_json &document);
/// Parses event JSON text; syntax errors become InputError with the byte offset.
Event parse_event(std::string_view text);
/// As above; spelled out because a std::string converts to both JSON and string_view.
inline Event parse_event(const std::string &text) { return parse_event(std::string_view(text)); }
inline Event parse_event(const char *text) { return parse_event(std::string_view(text)); }

/// The event as EventBridge sends it: the original document if parsed, else the typed fields in
/// AWS's key order.
nlohmann::ordered_json to_json(const Event &event);
/// Compact JSON text of `to_json(event)`, the exact bytes a transport sends.
std::string to_json_text(const Event &event);

/// A short label for logs and counterexamples: `Stream Start st-1A2b... 2024-03-13T22:09:58Z`.
std::string describe(const Event &event);
std::ostream &operator<<(std::ostream &out, const Event &event);

} // namespace ivsim
