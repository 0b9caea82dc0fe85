// The typed fields of an event in AWS's key order, written through any JSON sink, so the
// ordered_json builder and the direct text writer cannot disagree on keys or order.
#pragma once

#include "ivsim/event.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ivsim::detail {

// A sink has put_string(key, view), put_integer(key, int64), put_bool(key, bool),
// put_strings(key, TextList), open(key) and close() for a nested object. Distinct names: a
// `const char *` value would otherwise pick a bool overload.
template <typename Sink> class FieldWriter {
public:
  explicit FieldWriter(Sink &sink) : sink_(sink) {}

  void event(const Event &e) {
    sink_.put_string("version", "0");
    sink_.put_string("id", e.id);
    sink_.put_string("detail-type", e.detail_type == DetailType::unknown
                                        ? e.detail_type_text.view()
                                        : to_string(e.detail_type));
    sink_.put_string("source", e.source);
    sink_.put_string("account", e.account);
    sink_.put_time("time", EventTime{e.time, Resolution::seconds});
    sink_.put_string("region", e.region);
    sink_.put_strings("resources", e.resources);
    sink_.open("detail");
    detail(e);
    sink_.close();
  }

private:
  void string_if(const char *key, const Text &value) {
    if (!value.empty())
      sink_.put_string(key, value);
  }
  void integer_if(const char *key, const std::optional<std::int64_t> &value) {
    if (value)
      sink_.put_integer(key, *value);
  }
  void bool_if(const char *key, const std::optional<bool> &value) {
    if (value)
      sink_.put_bool(key, *value);
  }
  void time_if(const char *key, const std::optional<EventTime> &value) {
    if (value)
      sink_.put_time(key, *value);
  }

  // The detail in the key order AWS uses for each kind (from the documented examples).
  void detail(const Event &e) {
    const Detail &d = e.detail;
    // An unknown name is written back as it came, so new AWS kinds survive an edit.
    const std::string_view name =
        e.name == EventName::unknown ? e.name_text.view() : to_string(e.name);
    switch (e.detail_type) {
    case DetailType::stream_state_change:
    case DetailType::stream_health_change:
      sink_.put_string("event_name", name);
      sink_.put_string("channel_name", d.channel_name);
      sink_.put_string("stream_id", d.stream_id);
      string_if("code", d.code);
      string_if("reason", d.reason);
      return;
    case DetailType::limit_breach:
      sink_.put_string("limit_name", d.limit_name);
      integer_if("limit_value", d.limit_value);
      integer_if("exceeded_by", d.exceeded_by);
      sink_.put_string("limit_unit", d.limit_unit);
      string_if("channel_name", d.channel_name);
      string_if("stream_id", d.stream_id);
      return;
    case DetailType::recording_state_change:
      sink_.put_string("channel_name", d.channel_name);
      sink_.put_string("stream_id", d.stream_id);
      sink_.put_string("recording_status", name);
      sink_.put_string("recording_status_reason", d.recording_status_reason);
      sink_.put_string("recording_s3_bucket_name", d.recording_s3_bucket_name);
      sink_.put_string("recording_s3_key_prefix", d.recording_s3_key_prefix);
      sink_.put_integer("recording_duration_ms", d.recording_duration_ms.value_or(0));
      sink_.put_string("recording_session_id", d.recording_session_id);
      if (!d.recording_session_stream_ids.empty())
        sink_.put_strings("recording_session_stream_ids", d.recording_session_stream_ids);
      return;
    case DetailType::stage_update:
      sink_.put_string("session_id", d.session_id);
      sink_.put_string("event_name", name);
      time_if("event_time", d.event_time);
      time_if("event_time_precise", d.event_time_precise);
      sink_.put_string("user_id", d.user_id);
      sink_.put_string("participant_id", d.participant_id);
      string_if("error_code", d.error_code);
      bool_if("replica", d.replica);
      string_if("source_stage_arn", d.source_stage_arn);
      string_if("source_session_id", d.source_session_id);
      string_if("destination_stage_arn", d.destination_stage_arn);
      string_if("destination_session_id", d.destination_session_id);
      return;
    case DetailType::participant_recording_state_change:
      sink_.put_string("session_id", d.session_id);
      sink_.put_string("event_name", name);
      sink_.put_string("participant_id", d.participant_id);
      sink_.put_string("recording_s3_bucket_name", d.recording_s3_bucket_name);
      sink_.put_string("recording_s3_key_prefix", d.recording_s3_key_prefix);
      integer_if("recording_duration_ms", d.recording_duration_ms);
      string_if("error_code", d.error_code);
      string_if("reason", d.reason);
      return;
    case DetailType::composition_state_change:
      sink_.put_string("event_name", name);
      sink_.put_string("stage_arn", d.stage_arn);
      string_if("id", d.destination_id);
      string_if("error_code", d.error_code);
      string_if("reason", d.reason);
      return;
    case DetailType::ad_break_state_change:
      sink_.put_string("event_name", name);
      sink_.put_string("channel_name", d.channel_name);
      sink_.put_string("stream_id", d.stream_id);
      sink_.put_string("ad_break_id", d.ad_break_id);
      integer_if("duration_seconds", d.duration_seconds);
      sink_.put_string("target_start_time", d.target_start_time);
      return;
    case DetailType::cloudtrail_api_call:
    case DetailType::unknown:
      return;
    }
  }

  Sink &sink_;
};

/// Writes `event`'s typed fields (never its original document) to `sink` in AWS's key order.
template <typename Sink> void write_fields(const Event &event, Sink &sink) {
  FieldWriter<Sink>(sink).event(event);
}

} // namespace ivsim::detail
