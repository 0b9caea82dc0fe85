// Every world and fault knob, described once so JSON, the CLI, --help and docs/faults.md agree.
#include "knob_table.hpp"

#include "knob_values.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

namespace ivsim::sim {

namespace {

template <class T> struct MemberOf;
template <class C, class F> struct MemberOf<F C::*> {
  using Class = C;
  using Field = F;
};

template <auto Member> auto &field_of(GeneratorSpec &spec) {
  if constexpr (std::is_same_v<typename MemberOf<decltype(Member)>::Class, WorldOptions>)
    return spec.world.*Member;
  else
    return spec.faults.*Member;
}

template <auto Member> const auto &field_of(const GeneratorSpec &spec) {
  return field_of<Member>(const_cast<GeneratorSpec &>(spec));
}

template <auto Member> Json get_field(const GeneratorSpec &spec) {
  using Field = typename MemberOf<decltype(Member)>::Field;
  const Field &value = field_of<Member>(spec);
  if constexpr (std::is_same_v<Field, Duration>)
    return format_duration(value);
  else if constexpr (std::is_same_v<Field, Instant>)
    return format_rfc3339(value);
  else if constexpr (std::is_same_v<Field, std::map<std::string, double>>)
    return Json(value);
  else
    return value;
}

template <auto Member>
void set_field(GeneratorSpec &spec, const KnobImpl &knob, const Json &value,
               const std::string &pointer) {
  using Field = typename MemberOf<decltype(Member)>::Field;
  Field &target = field_of<Member>(spec);
  if constexpr (std::is_same_v<Field, std::uint32_t>)
    target = read_count(value, pointer, knob);
  else if constexpr (std::is_same_v<Field, double>)
    target = read_number(value, pointer, knob);
  else if constexpr (std::is_same_v<Field, Duration>)
    target = read_duration(value, pointer, knob);
  else if constexpr (std::is_same_v<Field, bool>)
    target = read_flag(value, pointer);
  else if constexpr (std::is_same_v<Field, Instant>)
    target = read_instant(value, pointer);
  else if constexpr (std::is_same_v<Field, std::string>)
    target = read_text(value, pointer, knob);
  else
    target = read_per_kind(value, pointer);
}

constexpr double kHour = 3600;
constexpr double kDay = 24 * kHour;

template <auto Member>
KnobImpl knob(std::string_view name, KnobType type, double min, double max, std::string_view help) {
  using Class = typename MemberOf<decltype(Member)>::Class;
  KnobImpl impl;
  impl.info = {std::is_same_v<Class, WorldOptions> ? "world" : "faults", name, type, help};
  impl.min = min;
  impl.max = max;
  impl.get = &get_field<Member>;
  impl.set = &set_field<Member>;
  return impl;
}

template <auto Member>
KnobImpl text_knob(std::string_view name, bool (*is_valid)(const std::string &),
                   std::string_view expected, std::string_view help) {
  KnobImpl impl = knob<Member>(name, KnobType::text, 0, 0, help);
  impl.is_valid_text = is_valid;
  impl.text_expected = expected;
  return impl;
}

template <auto Member> KnobImpl probability(std::string_view name, std::string_view help) {
  return knob<Member>(name, KnobType::probability, 0, 1, help);
}

// A rate per hour; capped so a typo cannot ask for billions of events.
template <auto Member> KnobImpl per_hour(std::string_view name, std::string_view help) {
  return knob<Member>(name, KnobType::rate, 0, 3600, help);
}

bool is_account_id(const std::string &text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(),
                                          [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool is_region(const std::string &text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::islower(c) != 0 || std::isdigit(c) != 0 || c == '-';
  });
}

std::vector<KnobImpl> build_table() {
  using W = WorldOptions;
  using F = FaultOptions;
  using K = KnobType;
  return {
      text_knob<&W::account>("account", is_account_id, "a 12-digit AWS account id",
                             "AWS account id in envelopes and ARNs (12 digits)."),
      text_knob<&W::region>("region", is_region, "an AWS region like \"us-west-2\"",
                            "AWS region in envelopes and ARNs."),
      knob<&W::start>("start", K::text, 0, 0,
                      "RFC 3339 time the world begins (envelope times are whole seconds)."),
      knob<&W::duration>("duration", K::duration, 0, 31 * kDay,
                         "Span in which broadcasts and stage sessions begin; the ones under way "
                         "finish after it."),
      knob<&W::channels>("channels", K::count, 0, 100'000,
                         "Low-latency channels, each broadcasting again and again."),
      probability<&W::recording_share>(
          "recording_share", "Share of channels with auto-record to S3 (Recording State Change)."),
      knob<&W::broadcast_length>("broadcast_length", K::duration, 0, 48 * kHour,
                                 "Mean broadcast length (exponential, at least 30 s; IVS ends a "
                                 "broadcast after 48 h)."),
      knob<&W::idle_between_broadcasts>("idle_between_broadcasts", K::duration, 0, 31 * kDay,
                                        "Mean idle gap between broadcasts of a channel."),
      probability<&W::empty_channel_name_share>("empty_channel_name_share",
                                                "Share of channels without a name: IVS then sends "
                                                "channel_name \"\"."),
      knob<&W::reconnect_window_max>(
          "reconnect_window_max", K::duration, 0, 300,
          "Largest per-channel recordingReconnectWindowSeconds (IVS allows 0-300 s); each "
          "channel draws its window in [0, max]."),
      probability<&W::reconnect_probability>(
          "reconnect_probability", "Chance a stream is followed within the reconnect window by a "
                                   "new stream that joins its recording session (at most 20)."),
      probability<&W::unmerged_reconnect_probability>(
          "unmerged_reconnect_probability",
          "Chance a reconnect within the window is not merged (media differ, or the old session "
          "is still writing to S3): it starts its own recording session, and the old session's "
          "Recording End comes a window after its last Stream End."),
      knob<&W::recording_start_on_reconnect>(
          "recording_start_on_reconnect", K::flag, 0, 0,
          "Whether a stream joining a recording session gets its own Recording Start (AWS does "
          "not document it; off: only the first stream)."),
      per_hour<&W::starvation_per_hour>(
          "starvation_per_hour",
          "Starvation Start/End pairs per live hour (Stream Health Change)."),
      probability<&W::stream_failure_probability>(
          "stream_failure_probability",
          "Chance a broadcast gets Stream Failure instead of Stream Start (capacity exceeded)."),
      probability<&W::not_live_session_probability>(
          "not_live_session_probability",
          "Chance a broadcast never goes live: Session Created, then 1-10 s later Session Ended "
          "with a documented code (e.g. MultitrackInputNotAllowed); no Stream Start, no "
          "recording."),
      probability<&W::stream_takeover_probability>(
          "stream_takeover_probability", "Chance a stream sees a Stream Takeover attempt."),
      probability<&W::stream_takeover_failure_share>(
          "stream_takeover_failure_share",
          "Share of takeover attempts reported as Stream Takeover Failure (with a documented "
          "code)."),
      probability<&W::recording_start_failure_probability>(
          "recording_start_failure_probability",
          "Chance Recording Start Failure replaces Recording Start (bad bucket, "
          "ValidationException)."),
      probability<&W::recording_end_failure_probability>(
          "recording_end_failure_probability",
          "Chance Recording End Failure replaces Recording End (InternalServerException)."),
      per_hour<&W::limit_breach_per_hour>(
          "limit_breach_per_hour",
          "Ingest Bitrate / Ingest Resolution limit breaches per live hour of a channel."),
      per_hour<&W::account_limit_breach_per_hour>(
          "account_limit_breach_per_hour",
          "Concurrent Broadcasts / Concurrent Viewers breaches per hour (resources: [])."),
      per_hour<&W::ad_breaks_per_hour>(
          "ad_breaks_per_hour", "Ad Break Inserted events per live hour (server-side ads, 2026)."),
      per_hour<&W::cloudtrail_per_hour>(
          "cloudtrail_per_hour",
          "AWS API Call via CloudTrail events per hour: noise an aws.ivs rule also receives."),
      knob<&W::stages>("stages", K::count, 0, 100'000,
                       "Real-time stages, each hosting one session after another."),
      knob<&W::stage_session_length>("stage_session_length", K::duration, 0, 31 * kDay,
                                     "Mean stage session length (exponential, at least 2 min)."),
      knob<&W::idle_between_stage_sessions>("idle_between_stage_sessions", K::duration, 0,
                                            31 * kDay, "Mean idle gap between stage sessions."),
      knob<&W::participants_per_session>(
          "participants_per_session", K::count, 0, 100,
          "Mean participants per stage session (uniform in [1, 2*mean-1]; 0 for none)."),
      probability<&W::republish_probability>(
          "republish_probability",
          "Chance a participant unpublishes and publishes again (repeated, up to 4 publishes)."),
      probability<&W::individual_recording_share>(
          "individual_recording_share",
          "Share of stages with individual participant recording: each publish gets its own "
          "prefix."),
      probability<&W::participant_recording_failure_probability>(
          "participant_recording_failure_probability",
          "Chance a participant recording fails (Recording Start Failure or Recording End "
          "Failure, half each)."),
      probability<&W::publish_error_probability>(
          "publish_error_probability",
          "Chance a participant gets a Participant Publish Error (BITRATE_EXCEEDED)."),
      probability<&W::token_exchange_probability>("token_exchange_probability",
                                                  "Chance a participant exchanges its token (Token "
                                                  "Exchanged)."),
      probability<&W::replication_probability>(
          "replication_probability",
          "Chance a participant is replicated to another stage (Participant Replication Start/"
          "End)."),
      probability<&W::precise_event_time_share>(
          "precise_event_time_share",
          "Share of stage sessions whose Published/Unpublished carry event_time_precise (newer "
          "payloads)."),
      probability<&W::composition_probability>(
          "composition_probability", "Chance a stage session gets a server-side composition."),
      knob<&W::destinations_per_composition>(
          "destinations_per_composition", K::count, 1, 2,
          "Most destinations per composition (IVS allows 1-2: a channel and/or S3)."),
      probability<&W::destination_reconnect_probability>(
          "destination_reconnect_probability",
          "Chance a destination goes Destination Reconnecting, then Destination Start again."),
      probability<&W::destination_failure_probability>(
          "destination_failure_probability",
          "Chance a destination ends in Destination Failure (documented error codes); it usually "
          "fails its composition (Session Failure DestinationFailure) seconds later."),
      probability<&W::composition_failure_probability>(
          "composition_failure_probability",
          "Chance a composition ends in Session Failure instead of Session End, for a cause of its "
          "own: StageDeleted (the stage then hosts no more sessions) or "
          "InternalServerException."),

      probability<&F::drop_probability>(
          "drop_probability", "Chance an event is never delivered (IVS gives up after hours)."),
      knob<&F::drop_by_kind>("drop_by_kind", K::per_kind, 0, 1,
                             "Drop chance per event name (\"Stream End\") or detail-type (\"IVS "
                             "Limit Breach\"), overriding drop_probability."),
      knob<&F::latency_max>("latency_max", K::duration, 0, kHour,
                            "Ordinary delivery latency, uniform in [0, max]."),
      probability<&F::late_probability>(
          "late_probability",
          "Chance an event is late: delivered log-uniformly in [late_min, late_max] after it "
          "happened (IVS: \"events up to a few hours old\")."),
      knob<&F::late_min>("late_min", K::duration, 0, kDay, "Shortest lateness of a late event."),
      knob<&F::late_max>("late_max", K::duration, 0, kDay,
                         "Longest lateness of a late event (EventBridge retries up to 24 h)."),
      probability<&F::swap_probability>(
          "swap_probability",
          "Chance two on-time events of one resource, at most swap_window apart, are swapped."),
      knob<&F::swap_window>("swap_window", K::duration, 0, kHour,
                            "How close in true time two events must be to be swapped."),
      probability<&F::duplicate_probability>(
          "duplicate_probability",
          "Chance an event is delivered twice with the same id (EventBridge is at least once)."),
      knob<&F::duplicate_delay_max>("duplicate_delay_max", K::duration, 0, kDay,
                                    "Longest gap between an event and its duplicate "
                                    "(log-uniform from 1 s)."),
      probability<&F::group_probability>(
          "group_probability",
          "Chance same-second start (Session Created, Stream Start, Recording Start) or end "
          "(Session Ended, Stream End) events of a stream go out as one concurrent group."),
      probability<&F::cross_stream_probability>(
          "cross_stream_probability",
          "Chance, per pair of consecutive streams of a channel, that an event of the first is "
          "delivered after the second's Stream Start."),
  };
}

} // namespace

const std::vector<KnobImpl> &knob_table() {
  static const std::vector<KnobImpl> table = build_table();
  return table;
}

const KnobImpl *find_knob(std::string_view section, std::string_view name) {
  for (const KnobImpl &impl : knob_table())
    if (impl.info.section == section && impl.info.name == name)
      return &impl;
  return nullptr;
}

} // namespace ivsim::sim
