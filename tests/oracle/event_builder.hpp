// Readable IVS events for oracle tests: `Builder b; b.stream(EventName::stream_start, "st-1", 10)`.
#pragma once

#include "ivsim/event.hpp"
#include "ivsim/oracle/expected.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ivsim::oracle::testing {

inline const std::string kChannel = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij";
inline const std::string kOtherChannel = "arn:aws:ivs:us-west-2:123456789012:channel/ZyXwvu9T8srq";
inline const std::string kStage = "arn:aws:ivs:us-west-2:123456789012:stage/AbCdef1G2hij";
inline const std::string kComposition =
    "arn:aws:ivs:us-west-2:123456789012:composition/AbCdef1G2hij";
inline const std::string kBucket = "recordings-bucket";

/// 2024-03-13T20:00:00Z plus `second` seconds (and `micros` microseconds).
inline Instant at(int second, int micros = 0) {
  return Instant{std::chrono::seconds{1710360000 + second}} + std::chrono::microseconds{micros};
}

/// Builds events with ids "e-1", "e-2", ... in creation order.
class Builder {
public:
  Event stream(EventName name, const std::string &stream_id, int second,
               const std::string &channel = kChannel) {
    Event event = envelope(DetailType::stream_state_change, name, second, channel);
    event.detail.channel_name = "studio";
    event.detail.stream_id = stream_id;
    return event;
  }
  Event health(EventName name, const std::string &stream_id, int second,
               const std::string &channel = kChannel) {
    Event event = stream(name, stream_id, second, channel);
    event.detail_type = DetailType::stream_health_change;
    return event;
  }
  Event recording(EventName status, const std::string &session_id, int second,
                  const std::string &stream_id, std::vector<std::string> stream_ids = {},
                  const std::string &channel = kChannel) {
    Event event = envelope(DetailType::recording_state_change, status, second, channel);
    Detail &d = event.detail;
    d.channel_name = "studio";
    d.stream_id = stream_id;
    d.recording_session_id = session_id;
    d.recording_session_stream_ids = std::move(stream_ids);
    d.recording_s3_bucket_name = kBucket;
    d.recording_s3_key_prefix = "ivs/v1/123456789012/AbCdef1G2hij/" + session_id;
    d.recording_duration_ms = status == EventName::recording_end ? 60000 : 0;
    if (status == EventName::recording_start_failure) {
      d.recording_s3_key_prefix.clear(); // IVS: a wrong bucket leaves the prefix empty
      d.recording_status_reason = "ValidationException";
    }
    return event;
  }
  /// A Stage Update; `micros` >= 0 adds `event_time_precise` (newer payloads).
  Event stage(EventName name, const std::string &participant_id, int second, int micros = -1,
              const std::string &session_id = "st-session1") {
    Event event = envelope(DetailType::stage_update, name, second, kStage);
    Detail &d = event.detail;
    d.session_id = session_id;
    d.participant_id = participant_id;
    d.user_id = "user-" + participant_id;
    d.event_time = EventTime{at(second), Resolution::seconds};
    if (micros >= 0)
      d.event_time_precise = EventTime{at(second, micros), Resolution::sub_second};
    return event;
  }
  Event participant_recording(EventName name, const std::string &participant_id,
                              const std::string &prefix, int second,
                              const std::string &session_id = "st-session1") {
    Event event = envelope(DetailType::participant_recording_state_change, name, second, kStage);
    Detail &d = event.detail;
    d.session_id = session_id;
    d.participant_id = participant_id;
    d.recording_s3_bucket_name = kBucket;
    d.recording_s3_key_prefix = prefix;
    if (name == EventName::recording_end)
      d.recording_duration_ms = 1234;
    return event;
  }
  Event composition(EventName name, int second, const std::string &destination_id = "",
                    const std::string &reason = "") {
    Event event = envelope(DetailType::composition_state_change, name, second, kComposition);
    event.detail.stage_arn = kStage;
    event.detail.destination_id = destination_id;
    event.detail.reason = reason;
    return event;
  }
  Event limit_breach(int second, const std::string &stream_id = "") {
    Event event = envelope(DetailType::limit_breach, EventName::none, second, kChannel);
    event.detail.limit_name = "Ingest Bitrate";
    event.detail.stream_id = stream_id;
    return event;
  }
  Event cloudtrail(int second) {
    Event event = envelope(DetailType::cloudtrail_api_call, EventName::none, second, kChannel);
    event.source = "aws.ivs";
    return event;
  }
  /// A detail-type this version does not know, or (with `known_type`) an unknown event name.
  Event unknown(int second, DetailType known_type = DetailType::unknown) {
    Event event = envelope(known_type, EventName::unknown, second, kChannel);
    event.detail_type_text = known_type == DetailType::unknown ? "IVS Future Thing" : "";
    event.name_text = "Future Event";
    event.detail.stream_id = "st-1";
    event.detail.recording_session_id = "r-1";
    return event;
  }

private:
  Event envelope(DetailType type, EventName name, int second, const std::string &resource) {
    Event event;
    event.id = "e-" + std::to_string(++count_);
    event.detail_type = type;
    event.name = name;
    event.account = "123456789012";
    event.region = "us-west-2";
    event.time = at(second);
    event.resources = {resource};
    return event;
  }

  int count_ = 0;
};

/// The events as acknowledged deliveries in the given order.
inline std::vector<Acknowledged> acknowledge(const std::vector<Event> &events) {
  std::vector<Acknowledged> out;
  for (std::uint32_t i = 0; i < events.size(); ++i)
    out.push_back({&events[i], i, {}, false});
  return out;
}

} // namespace ivsim::oracle::testing
