// Options of the simulated IVS world (channels that broadcast and record, stages, compositions)
// and the call that turns them into a true timeline of events.
#pragma once

#include "ivsim/event.hpp"
#include "ivsim/time.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ivsim::sim {

/// IVS merges at most this many streams into one recording session (auto-record to S3,
/// "recordingReconnectWindowSeconds").
inline constexpr std::uint32_t kMaxStreamsPerRecordingSession = 20;
/// The largest reconnect window IVS accepts (recordingReconnectWindowSeconds, 0-300).
inline constexpr Duration kMaxReconnectWindow = std::chrono::seconds{300};

/// The shape of the world the generator simulates. Defaults are realistic for a small
/// production account; every field is a knob (see `knobs()`), documented in docs/faults.md.
struct WorldOptions {
  // Account and time span.
  std::string account = "123456789012";
  std::string region = "us-west-2";
  Instant start = Instant{std::chrono::seconds{1710360000}}; ///< 2024-03-13T20:00:00Z
  Duration duration = std::chrono::hours{6}; ///< broadcasts and sessions begin within this span

  // Low-latency channels.
  std::uint32_t channels = 3;
  double recording_share = 0.7;                                ///< channels with auto-record to S3
  Duration broadcast_length = std::chrono::minutes{40};        ///< mean; actual lengths vary
  Duration idle_between_broadcasts = std::chrono::minutes{20}; ///< mean gap
  double empty_channel_name_share = 0.2; ///< IVS sends channel_name "" for unnamed channels
  Duration reconnect_window_max = std::chrono::seconds{300}; ///< per channel, drawn in [0, max]
  double reconnect_probability = 0.25; ///< a broadcast reconnects within the window
  /// A reconnect within the window that IVS does not merge (media differ, or the old session is
  /// still writing to S3): it starts a new recording session, and the old one's Recording End
  /// comes a window after its last stream's end, after the new Recording Start.
  double unmerged_reconnect_probability = 0.1;
  /// Undocumented by AWS: whether a stream joining a recording session within the reconnect
  /// window gets its own Recording Start. Off: only the session's first stream does.
  bool recording_start_on_reconnect = false;
  double starvation_per_hour = 1.0;
  double stream_failure_probability = 0.03;
  /// A broadcast that never goes live: Session Created, then Session Ended with a `code`.
  double not_live_session_probability = 0.02;
  double stream_takeover_probability = 0.02;
  double stream_takeover_failure_share = 0.3; ///< takeovers that end in Stream Takeover Failure
  double recording_start_failure_probability = 0.02;
  double recording_end_failure_probability = 0.01;
  double limit_breach_per_hour = 0.3;
  double account_limit_breach_per_hour = 0.1; ///< Concurrent Broadcasts/Viewers, resources []
  double ad_breaks_per_hour = 0.5;
  double cloudtrail_per_hour = 0.5;

  // Real-time stages.
  std::uint32_t stages = 2;
  Duration stage_session_length = std::chrono::minutes{45};
  Duration idle_between_stage_sessions = std::chrono::minutes{20};
  std::uint32_t participants_per_session = 3; ///< mean
  double republish_probability = 0.3;
  double individual_recording_share = 0.5;
  double participant_recording_failure_probability = 0.02;
  double publish_error_probability = 0.05;
  double token_exchange_probability = 0.05;
  double replication_probability = 0.05;
  double precise_event_time_share = 0.7; ///< newer payloads carry event_time_precise

  // Server-side compositions.
  double composition_probability = 0.5;           ///< a stage session gets a composition
  std::uint32_t destinations_per_composition = 2; ///< max; at least 1
  double destination_reconnect_probability = 0.2;
  double destination_failure_probability = 0.05;
  double composition_failure_probability = 0.03;
};

/// The true timeline of the world: every event IVS would emit, sorted by effective time (ties in
/// the order IVS emits them). Deterministic in (`options`, `seed`); each channel, stage and the
/// account-level noise draw from their own sub-stream of `seed`, so adding a channel leaves the
/// others' events unchanged. Assumes valid options (see `validate(const GeneratorSpec &)`).
std::vector<Event> generate_timeline(const WorldOptions &options, std::uint64_t seed);

} // namespace ivsim::sim
