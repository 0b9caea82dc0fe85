// Low-latency channels: broadcasts, reconnect windows, auto-record to S3, live-time noise.
// The IVS facts behind each step are in docs/faults.md ("How a real broadcast unfolds").
#include "ids.hpp"
#include "world_parts.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

namespace ivsim::sim {

namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

// Reasons and codes exactly as the IVS low-latency EventBridge page documents them.
constexpr std::string_view kStreamFailureReason = "Transcode capacity exceeded. Please try again.";
constexpr std::array<std::string_view, 3> kTakeoverFailureCodes = {
    "StreamTakeoverInvalidPriority", "StreamTakeoverMediaMismatch", "StreamTakeoverLimitBreached"};
// Session Ended codes of a session that never went live: the multitrack codes the IVS API
// reference (StreamEvent) says are "used only for certain Session Ended events".
constexpr std::array<std::string_view, 6> kNotLiveCodes = {
    "MultitrackInputNotAllowed",
    "MultitrackInputRequired",
    "InvalidGetClientConfigurationStreamKey",
    "GetClientConfigurationStreamKeyRequired",
    "InvalidMultitrackInputTrackCount",
    "InvalidMultitrackInputVideoTrackMediaProperties"};
constexpr std::string_view kRecordingStartFailureReason = "ValidationException";
constexpr std::string_view kRecordingEndFailureReason = "InternalServerException";
// Ad breaks: the documented example inserts a 20 s break 10 s after the event.
constexpr std::array<std::int64_t, 4> kAdBreakSeconds = {15, 20, 30, 60};
constexpr Duration kAdBreakLead = 10s;
// A broadcast shorter than this is not worth simulating; IVS caps one at 48 hours.
constexpr Duration kShortestBroadcast = 30s;
// Stream Start usually lands in the same second as Recording Start (real captures).
constexpr double kRecordingStartSameSecond = 0.85;
// Session Ended and Stream End usually share a second, in either order.
constexpr double kEndPairSameSecond = 0.7;

// Every event of a channel shares these Texts (the ARN as its `resources` list).
struct Channel {
  Text id;
  TextList resources; // {arn}
  Text name;
  Text bucket;
  bool records = false;
  Duration reconnect_window{};
};

// One recording session: the streams merged through reconnects (same id and prefix).
struct RecordingSession {
  Text id;
  std::string recording_id; // the prefix's last segment, never equal to `id`
  Text prefix;
  TextList stream_ids;
  Instant started{};
  bool active = false; // Recording Start succeeded
};

struct StreamOutcome {
  Instant last_end{};  // the later of Session Ended and Stream End (or Stream Failure)
  bool failed = false; // Stream Failure, or it never went live: no reconnect follows
};

// A recording session that a reconnect did not join: it ends once its window has passed.
struct UnmergedSession {
  RecordingSession recording;
  Instant last_end{}; // its last stream's end
};

class ChannelGenerator {
public:
  ChannelGenerator(const WorldOptions &options, Rng &rng, EventSink &sink)
      : options_(options), rng_(rng), sink_(sink), channel_(make_channel()) {}

  void run() {
    const Instant end = options_.start + options_.duration;
    Instant at = options_.start + rng_.exponential_seconds(options_.idle_between_broadcasts);
    while (at < end)
      at = run_session(at) + rng_.exponential_seconds(options_.idle_between_broadcasts);
  }

private:
  Channel make_channel() {
    Channel channel;
    channel.id = alphanumeric_id(rng_, 12);
    channel.resources = {ivs_arn(options_.region, options_.account, "channel", channel.id)};
    if (!rng_.chance(options_.empty_channel_name_share))
      channel.name = "channel-" + alphanumeric_id(rng_, 6);
    channel.bucket = "ivs-recordings-" + options_.account;
    channel.records = rng_.chance(options_.recording_share);
    channel.reconnect_window =
        rng_.seconds_between(0, std::chrono::floor<seconds>(options_.reconnect_window_max).count());
    return channel;
  }

  // A broadcast and the streams that reconnect within the window, each reconnect merged into the
  // recording session or starting its own; returns when the channel may start anew.
  Instant run_session(Instant at) {
    RecordingSession recording = open_recording_session();
    std::optional<UnmergedSession> unmerged;
    for (;;) {
      const StreamOutcome stream = run_stream(recording, at);
      if (unmerged) {
        finish_session(unmerged->recording, unmerged->last_end, recording.started);
        unmerged.reset();
      }
      if (!reconnects(recording, stream))
        return finish_session(recording, stream.last_end);
      // A new stream within the window (IVS recordingReconnectWindowSeconds) joins the session,
      // unless IVS does not merge it.
      const std::int64_t window = std::chrono::floor<seconds>(channel_.reconnect_window).count();
      at = stream.last_end + rng_.seconds_between(1, window - 1);
      if (channel_.records && rng_.chance(options_.unmerged_reconnect_probability)) {
        unmerged = UnmergedSession{std::move(recording), stream.last_end};
        recording = open_recording_session();
      }
    }
  }

  RecordingSession open_recording_session() {
    RecordingSession recording;
    recording.id = alphanumeric_id(rng_, 12);
    do
      recording.recording_id = alphanumeric_id(rng_, 12);
    while (recording.recording_id == recording.id);
    return recording;
  }

  bool reconnects(const RecordingSession &recording, const StreamOutcome &stream) {
    return !stream.failed && channel_.reconnect_window >= 2s &&
           (!channel_.records || recording.active) &&
           recording.stream_ids.size() < kMaxStreamsPerRecordingSession &&
           rng_.chance(options_.reconnect_probability);
  }

  StreamOutcome run_stream(RecordingSession &recording, Instant at) {
    const Text stream = stream_id(rng_);
    const bool first = recording.stream_ids.empty();
    add_stream_event(at, EventName::session_created, stream);
    // IVS: Session Created "can help you determine if a stream was initiated but failed to go
    // live; e.g., due to misconfiguration or limit breach" (documented: Session Ended with
    // MultitrackInputNotAllowed). A first stream only, like Stream Failure below.
    if (first && rng_.chance(options_.not_live_session_probability)) {
      const Instant ended_at = at + rng_.seconds_between(1, 10);
      add_stream_event(ended_at, EventName::session_ended, stream).detail.code =
          kNotLiveCodes[rng_.below(kNotLiveCodes.size())];
      return {ended_at, true};
    }
    // Stream Failure replaces Stream Start when capacity is exceeded; modelled only for the first
    // stream of a session, so a failure never splits a recording session.
    if (first && rng_.chance(options_.stream_failure_probability)) {
      const Instant failed_at = at + rng_.seconds_between(1, 5);
      add_stream_event(failed_at, EventName::stream_failure, stream).detail.reason =
          kStreamFailureReason;
      return {failed_at, true};
    }
    const Instant live = at + rng_.seconds_between(1, 10);
    add_stream_event(live, EventName::stream_start, stream);
    recording.stream_ids.push_back(stream);
    if (channel_.records)
      start_recording(recording, stream, live, first);
    const Duration length =
        std::max(kShortestBroadcast, rng_.exponential_seconds(options_.broadcast_length));
    const Instant end = live + length;
    add_live_noise(stream, live, end);
    return {end_stream(stream, end), false};
  }

  // Session Ended and Stream End come in either order, usually in the same second.
  Instant end_stream(const Text &stream, Instant end) {
    const bool session_first = rng_.chance(0.5);
    const Instant second = end + (rng_.chance(kEndPairSameSecond) ? 0s : 1s);
    add_stream_event(end, session_first ? EventName::session_ended : EventName::stream_end, stream);
    add_stream_event(second, session_first ? EventName::stream_end : EventName::session_ended,
                     stream);
    return second;
  }

  void start_recording(RecordingSession &recording, const Text &stream, Instant live, bool first) {
    const Instant at =
        live + (rng_.chance(kRecordingStartSameSecond) ? 0s : rng_.seconds_between(1, 2));
    if (first) {
      recording.started = at;
      if (rng_.chance(options_.recording_start_failure_probability)) {
        // The documented failure has an empty prefix and no stream list.
        add_recording_event(at, EventName::recording_start_failure, recording, stream)
            .detail.recording_status_reason = kRecordingStartFailureReason;
        return;
      }
      recording.active = true;
      recording.prefix =
          channel_recording_prefix(options_.account, channel_.id, at, recording.recording_id);
    } else if (!recording.active || !options_.recording_start_on_reconnect) {
      return;
    }
    add_recording_event(at, EventName::recording_start, recording, stream)
        .detail.recording_session_stream_ids = recording.stream_ids;
  }

  // Recording End comes only once the reconnect window has passed after the last Stream End
  // (IVS: "delayed by at least recordingReconnectWindowSeconds"). An unmerged session's end also
  // waits for the Recording Start of the session that replaced it (`not_before`): IVS splits the
  // session because the old one is still writing to S3, and ends it a window later.
  Instant finish_session(const RecordingSession &recording, Instant last_end,
                         Instant not_before = Instant{}) {
    Instant free_at = last_end + channel_.reconnect_window;
    if (recording.active) {
      const Instant at = std::max(free_at, not_before + 1s) + rng_.seconds_between(0, 3);
      const Text &last_stream = recording.stream_ids.back();
      if (rng_.chance(options_.recording_end_failure_probability)) {
        add_recording_event(at, EventName::recording_end_failure, recording, last_stream)
            .detail.recording_status_reason = kRecordingEndFailureReason;
      } else {
        Event &event = add_recording_event(at, EventName::recording_end, recording, last_stream);
        event.detail.recording_session_stream_ids = recording.stream_ids;
        // Real captures report whole seconds (70000, 87000): from Recording Start to the end.
        event.detail.recording_duration_ms =
            std::chrono::floor<seconds>(last_end - recording.started).count() * 1000;
      }
      free_at = at;
    }
    return free_at + 1s;
  }

  void add_live_noise(const Text &stream, Instant live, Instant end) {
    add_starvations(stream, live, end);
    for (std::uint32_t n = rng_.poisson_count(options_.limit_breach_per_hour, end - live); n > 0;
         --n)
      add_limit_breach(stream, inside(live, end));
    for (std::uint32_t n = rng_.poisson_count(options_.ad_breaks_per_hour, end - live); n > 0; --n)
      add_ad_break(stream, inside(live, end));
    if (rng_.chance(options_.stream_takeover_probability))
      add_takeover(stream, inside(live, end));
  }

  // A whole second strictly between `from` and `to` (which are at least 30 s apart).
  Instant inside(Instant from, Instant to) {
    return from + rng_.seconds_between(1, std::chrono::floor<seconds>(to - from).count() - 1);
  }

  // Starvation Start/End pairs, one per slot so pairs never overlap.
  void add_starvations(const Text &stream, Instant live, Instant end) {
    const std::uint32_t count = rng_.poisson_count(options_.starvation_per_hour, end - live);
    if (count == 0)
      return;
    const std::int64_t slot = std::chrono::floor<seconds>(end - live).count() / count;
    if (slot < 6)
      return;
    for (std::uint32_t k = 0; k < count; ++k) {
      const Instant start = live + seconds{slot * k} + rng_.seconds_between(1, slot / 2 - 1);
      const Instant stop = start + rng_.seconds_between(1, std::min<std::int64_t>(30, slot / 2));
      add_stream_event(start, EventName::starvation_start, stream);
      add_stream_event(stop, EventName::starvation_end, stream);
    }
  }

  void add_takeover(const Text &stream, Instant at) {
    if (!rng_.chance(options_.stream_takeover_failure_share)) {
      add_stream_event(at, EventName::stream_takeover, stream);
      return;
    }
    add_stream_event(at, EventName::stream_takeover_failure, stream).detail.code =
        kTakeoverFailureCodes[rng_.below(kTakeoverFailureCodes.size())];
  }

  // Ingest limits per channel; the values are illustrative (IVS documents only the units).
  void add_limit_breach(const Text &stream, Instant at) {
    Event &event =
        sink_.add(rng_, at, DetailType::limit_breach, EventName::none, channel_.resources);
    Detail &detail = event.detail;
    detail.channel_name = channel_.name;
    detail.stream_id = stream;
    switch (rng_.below(3)) {
    case 0:
      detail.limit_name = "Ingest Bitrate";
      detail.limit_unit = "bits per second";
      detail.limit_value = 8'500'000; // a standard channel's maximum input bitrate
      detail.exceeded_by = rng_.between(1'000, 4'000'000);
      break;
    case 1:
      detail.limit_name = "Ingest Resolution";
      detail.limit_unit = "total pixels";
      detail.limit_value = 2'073'600; // 1920x1080
      detail.exceeded_by = rng_.between(1, 6'220'800);
      break;
    default:
      detail.limit_name = "Ingest Resolution";
      detail.limit_unit = "pixels per edge";
      detail.limit_value = 1'920;
      detail.exceeded_by = rng_.between(1, 1'920);
      break;
    }
    if (channel_.name.empty())
      keep_empty_channel_name(event);
  }

  // The typed Detail cannot tell "" from absent, and the model writes a Limit Breach's
  // channel_name only when non-empty; an unnamed channel's breach keeps `"channel_name": ""`
  // (as its stream events do) through a built document.
  static void keep_empty_channel_name(Event &event) {
    nlohmann::ordered_json json = to_json(event);
    nlohmann::ordered_json detail = nlohmann::ordered_json::object();
    for (const auto &[key, value] : json["detail"].items()) {
      if (key == "stream_id")
        detail["channel_name"] = "";
      detail[key] = value;
    }
    json["detail"] = std::move(detail);
    event.original = std::make_shared<const nlohmann::ordered_json>(std::move(json));
  }

  void add_ad_break(const Text &stream, Instant at) {
    Event &event = add_channel_event(at, DetailType::ad_break_state_change,
                                     EventName::ad_break_inserted, stream);
    event.detail.ad_break_id = alphanumeric_id(rng_, 12);
    event.detail.duration_seconds = kAdBreakSeconds[rng_.below(kAdBreakSeconds.size())];
    event.detail.target_start_time = format_rfc3339(at + kAdBreakLead);
  }

  Event &add_channel_event(Instant at, DetailType detail_type, EventName name, const Text &stream) {
    Event &event = sink_.add(rng_, at, detail_type, name, channel_.resources);
    event.detail.channel_name = channel_.name;
    event.detail.stream_id = stream;
    return event;
  }

  Event &add_stream_event(Instant at, EventName name, const Text &stream) {
    const DetailType detail_type =
        name == EventName::starvation_start || name == EventName::starvation_end
            ? DetailType::stream_health_change
            : DetailType::stream_state_change;
    return add_channel_event(at, detail_type, name, stream);
  }

  Event &add_recording_event(Instant at, EventName name, const RecordingSession &recording,
                             const Text &stream) {
    Event &event = add_channel_event(at, DetailType::recording_state_change, name, stream);
    event.detail.recording_s3_bucket_name = channel_.bucket;
    event.detail.recording_s3_key_prefix = recording.prefix;
    event.detail.recording_session_id = recording.id;
    event.detail.recording_duration_ms = 0;
    return event;
  }

  const WorldOptions &options_;
  Rng &rng_;
  EventSink &sink_;
  Channel channel_;
};

} // namespace

void generate_channel(const WorldOptions &options, Rng &rng, EventSink &sink) {
  ChannelGenerator(options, rng, sink).run();
}

} // namespace ivsim::sim
