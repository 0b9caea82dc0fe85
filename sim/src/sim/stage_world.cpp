// Real-time stages: sessions whose participants publish, unpublish and publish again, their
// individual recordings, and server-side compositions with destinations.
#include "ids.hpp"
#include "world_parts.hpp"

#include <array>
#include <cassert>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

namespace ivsim::sim {

namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;
using Json = nlohmann::ordered_json;

struct Reason {
  std::string_view error_code;
  std::string_view reason;
};

// error_code / reason pairs as the IVS real-time EventBridge page documents them. A composition
// fails with DestinationFailure only after one of its destinations failed; the others have
// causes of their own.
constexpr Reason kDestinationFailureOfSession = {"DestinationFailure",
                                                 "One or more outputs failed"};
constexpr std::array<Reason, 2> kSessionFailures = {{
    {"StageDeleted", "Stage has been deleted"},
    {"InternalServerException", "Service internal error"},
}};
constexpr std::array<Reason, 4> kDestinationFailures = {{
    {"ResourceNotFoundException", "S3 bucket not found. Please verify your bucket exists."},
    {"AccessDeniedException", "Access denied to S3 bucket. Please verify your bucket policy."},
    {"ConflictException", "Stream already exists"},
    {"InternalServerException", "Service internal error"},
}};
// Individual participant recording failures (documented codes; ValidationException only starts).
constexpr std::array<Reason, 4> kParticipantRecordingFailures = {{
    {"AccessDeniedException", "Access denied to S3 bucket. Please verify your bucket policy"},
    {"ResourceNotFoundException", "S3 bucket not found. Please verify your bucket exists."},
    {"InternalServerException", "Service internal error"},
    {"ValidationException", "Video codec not supported for recording"},
}};
// The one Participant Publish Error code the documentation shows.
constexpr std::string_view kPublishErrorCode = "BITRATE_EXCEEDED";
constexpr Duration kShortestSession = 2min;
// A failed destination usually fails its composition, a few seconds later ("One or more outputs
// failed"); otherwise the composition goes on with its other outputs.
constexpr double kDestinationFailureFailsComposition = 0.8;
// A stage is deleted once its participants have left: after their last events (an unpublish,
// then a recording end up to 10 s later).
constexpr std::int64_t kStageDeletedAfterSessionEnd = 10;
constexpr std::uint32_t kMaxPublishPeriods = 4;

template <std::size_t N>
const Reason &pick(Rng &rng, const std::array<Reason, N> &reasons, std::size_t limit = N) {
  return reasons[rng.below(limit)];
}

struct StageSession {
  Text id;
  Instant start{};
  Instant end{};
  bool precise = false; // newer payloads carry event_time_precise
};

struct Participant {
  Text id;
  Text user_id;
};

struct Period {
  Instant published{};
  Instant unpublished{};
};

// One destination's events, planned before any is emitted, so that a composition failing early
// can leave out those that would have come after it. At most Start, Reconnecting, Start, and
// Failure or End: a fixed array, no allocation.
struct DestinationPlan {
  struct Step {
    Instant at{};
    EventName name = EventName::none;
    Reason reason{};
  };
  Text id;
  std::array<Step, 4> steps{};
  std::size_t count = 0;
  std::optional<Instant> failed_at;

  void add(Instant at, EventName name, Reason reason = {}) {
    assert(count < steps.size() && "a destination has at most four events");
    steps[count++] = {at, name, reason};
  }
};

class StageGenerator {
public:
  StageGenerator(const WorldOptions &options, Rng &rng, EventSink &sink)
      : options_(options), rng_(rng), sink_(sink) {
    id_ = alphanumeric_id(rng_, 12);
    arn_ = ivs_arn(options_.region, options_.account, "stage", id_);
    resources_ = {arn_};
    bucket_ = "ivs-recordings-" + options_.account;
    records_ = rng_.chance(options_.individual_recording_share);
  }

  void run() {
    const Instant end = options_.start + options_.duration;
    Instant at = options_.start + rng_.exponential_seconds(options_.idle_between_stage_sessions);
    // No session after the stage was deleted (a composition failed with StageDeleted).
    while (at < end && !deleted_)
      at = run_session(at) + 1s + rng_.exponential_seconds(options_.idle_between_stage_sessions);
  }

private:
  Instant run_session(Instant at) {
    StageSession session;
    session.id = stage_session_id(rng_);
    session.start = at;
    session.end =
        at + std::max(kShortestSession, rng_.exponential_seconds(options_.stage_session_length));
    session.precise = rng_.chance(options_.precise_event_time_share);
    const std::uint32_t mean = options_.participants_per_session;
    const std::int64_t participants = mean == 0 ? 0 : rng_.between(1, 2 * std::int64_t{mean} - 1);
    for (std::int64_t i = 0; i < participants; ++i)
      run_participant(session);
    if (rng_.chance(options_.composition_probability))
      run_composition(session);
    return session.end;
  }

  void run_participant(const StageSession &session) {
    Participant participant{alphanumeric_id(rng_, 12), ""};
    // Real payloads show user_id "" when the token named no user.
    if (rng_.chance(0.7))
      participant.user_id = "user-" + alphanumeric_id(rng_, 8);
    const std::int64_t quarter =
        std::chrono::floor<seconds>(session.end - session.start).count() / 4;
    const Instant join =
        session.start + rng_.seconds_between(0, std::min<std::int64_t>(60, quarter));
    const Instant leave = session.end - rng_.seconds_between(1, quarter);
    const std::vector<Period> periods = publish_periods(join, leave);
    for (const Period &period : periods) {
      add_update(session, period.published, EventName::participant_published, participant);
      add_update(session, period.unpublished, EventName::participant_unpublished, participant);
      if (records_)
        record(session, participant, period);
    }
    const Period &first = periods.front();
    if (rng_.chance(options_.publish_error_probability))
      add_update(session, inside(first), EventName::participant_publish_error, participant)
          .detail.error_code = kPublishErrorCode;
    if (rng_.chance(options_.replication_probability))
      replicate(session, participant, first);
    if (rng_.chance(options_.token_exchange_probability))
      exchange_token(session, participant, inside(first));
  }

  // Publish, then with republish_probability unpublish and publish again, in equal slices.
  std::vector<Period> publish_periods(Instant join, Instant leave) {
    std::uint32_t count = 1;
    while (count < kMaxPublishPeriods && rng_.chance(options_.republish_probability))
      ++count;
    const std::int64_t span = std::chrono::floor<seconds>(leave - join).count();
    while (count > 1 && span / count < 40)
      --count;
    const std::int64_t slice = span / count;
    std::vector<Period> periods(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const Instant slice_start = join + seconds{slice * i};
      // At least 5 s between toggles, so no Published/Unpublished pair shares a second.
      periods[i].published = slice_start + (i == 0 ? 0s : rng_.seconds_between(5, slice / 4));
      periods[i].unpublished = slice_start + seconds{slice} - rng_.seconds_between(5, slice / 4);
      periods[i].published += sub_second();
      periods[i].unpublished += sub_second();
    }
    return periods;
  }

  Duration sub_second() { return Duration{rng_.between(0, 999'999)}; }

  // A whole second strictly inside a publish period (periods last at least 10 s).
  Instant inside(const Period &period) {
    const Instant from = floor_to_second(period.published);
    return from + rng_.seconds_between(
                      1, std::chrono::floor<seconds>(period.unpublished - from).count() - 1);
  }

  // Each publish with individual recording gets its own prefix; Recording Start follows the
  // publish by a second or two, Recording End follows the unpublish.
  void record(const StageSession &session, const Participant &participant, const Period &period) {
    const Instant started = floor_to_second(period.published) + rng_.seconds_between(1, 2);
    const Text prefix = participant_recording_prefix(id_, session.id, participant.id, started);
    const bool fails = rng_.chance(options_.participant_recording_failure_probability);
    if (fails && rng_.chance(0.5)) {
      const Reason &reason = pick(rng_, kParticipantRecordingFailures);
      add_recording(session, started, EventName::recording_start_failure, participant, prefix,
                    reason);
      return;
    }
    add_recording(session, started, EventName::recording_start, participant, prefix, {});
    const Instant ended = floor_to_second(period.unpublished) + rng_.seconds_between(1, 10);
    const EventName name = fails ? EventName::recording_end_failure : EventName::recording_end;
    // ValidationException is documented for starts only.
    const Reason reason = fails ? pick(rng_, kParticipantRecordingFailures, 3) : Reason{};
    add_recording(session, ended, name, participant, prefix, reason).detail.recording_duration_ms =
        std::chrono::floor<std::chrono::milliseconds>(period.unpublished - started).count();
  }

  void replicate(const StageSession &session, const Participant &participant,
                 const Period &period) {
    const Text destination_stage =
        ivs_arn(options_.region, options_.account, "stage", alphanumeric_id(rng_, 12));
    const Text destination_session = stage_session_id(rng_);
    const Instant started = inside(period);
    const std::int64_t room = std::chrono::floor<seconds>(period.unpublished - started).count();
    const Instant ended = started + seconds{std::max<std::int64_t>(1, room / 2)};
    for (const auto &[at, name] : {std::pair{started, EventName::participant_replication_start},
                                   std::pair{ended, EventName::participant_replication_end}}) {
      Event &event = add_update(session, at, name, participant);
      event.detail.destination_stage_arn = destination_stage;
      event.detail.destination_session_id = destination_session;
    }
    add_replica(session, participant, destination_stage, destination_session, started, ended);
  }

  // The destination stage sees the replica publish within a second of Replication Start and
  // unpublish within a second of Replication End, flagged `replica: true` with its source (newer
  // payloads, so with event_time_precise). Its draws come from a stream keyed by the destination
  // session, so a replication never shifts the ids or times of this stage's later events.
  void add_replica(const StageSession &source, const Participant &participant,
                   const Text &destination_stage, const Text &destination_session, Instant started,
                   Instant ended) {
    Rng replica_rng(sub_seed(seed_of(destination_session.view()), Stream::stage));
    const TextList resources = {destination_stage};
    for (const auto &[at, name] : {std::pair{started, EventName::participant_published},
                                   std::pair{ended, EventName::participant_unpublished}}) {
      const Instant seen = at + replica_rng.duration_between(Duration{0}, 999'999us);
      Event &event = sink_.add(replica_rng, seen, DetailType::stage_update, name, resources);
      event.detail.session_id = destination_session;
      event.detail.participant_id = participant.id;
      event.detail.user_id = participant.user_id;
      event.detail.event_time = EventTime{floor_to_second(seen), Resolution::seconds};
      event.detail.event_time_precise = EventTime{seen, Resolution::sub_second};
      event.detail.replica = true;
      event.detail.source_stage_arn = arn_;
      event.detail.source_session_id = source.id;
    }
  }

  // Token Exchanged carries token objects the typed Detail does not model: keep the JSON.
  void exchange_token(const StageSession &session, const Participant &participant, Instant at) {
    Event &event = add_update(session, at, EventName::token_exchanged, participant);
    Json json = to_json(event);
    const auto token = [&](Json capabilities, std::string_view role, Duration valid) {
      return Json{{"capabilities", std::move(capabilities)},
                  {"attributes", {{"role", std::string(role)}}},
                  {"user_id", participant.user_id},
                  {"expiration_time", format_rfc3339(floor_to_second(at) + valid)}};
    };
    json["detail"]["previous_token"] = token(Json::array({"SUBSCRIBE"}), "viewer", 1h);
    json["detail"]["new_token"] = token(Json::array({"SUBSCRIBE", "PUBLISH"}), "moderator", 2h);
    event.original = std::make_shared<const Json>(std::move(json));
  }

  // Stage Update: event_time in whole seconds; Published/Unpublished of newer payloads add
  // event_time_precise (microseconds), and a few errors carry a fractional event_time.
  Event &add_update(const StageSession &session, Instant at, EventName name,
                    const Participant &participant) {
    const bool toggle =
        name == EventName::participant_published || name == EventName::participant_unpublished;
    const bool precise = session.precise && toggle;
    Event &event = sink_.add(rng_, precise ? at : floor_to_second(at), DetailType::stage_update,
                             name, resources_);
    event.detail.session_id = session.id;
    event.detail.participant_id = participant.id;
    event.detail.user_id = participant.user_id;
    event.detail.event_time = EventTime{floor_to_second(at), Resolution::seconds};
    if (precise)
      event.detail.event_time_precise = EventTime{at, Resolution::sub_second};
    return event;
  }

  Event &add_recording(const StageSession &session, Instant at, EventName name,
                       const Participant &participant, const Text &prefix, const Reason &reason) {
    Event &event =
        sink_.add(rng_, at, DetailType::participant_recording_state_change, name, resources_);
    event.detail.session_id = session.id;
    event.detail.participant_id = participant.id;
    event.detail.recording_s3_bucket_name = bucket_;
    event.detail.recording_s3_key_prefix = prefix;
    event.detail.error_code = reason.error_code;
    event.detail.reason = reason.reason;
    return event;
  }

  // Session Start; destinations that start, may reconnect and may fail; then Session End, or
  // Session Failure: DestinationFailure shortly after a destination failed, StageDeleted once
  // the participants have left (and the stage hosts no more sessions), or an internal error.
  void run_composition(const StageSession &session) {
    const Instant start = session.start + rng_.seconds_between(5, 30);
    Instant end = session.end - rng_.seconds_between(1, 5);
    if (end - start < 60s)
      return;
    const TextList arn = {
        ivs_arn(options_.region, options_.account, "composition", alphanumeric_id(rng_, 12))};
    add_composition(start, EventName::session_start, arn, session_stage());
    const bool fails = rng_.chance(options_.composition_failure_probability);
    const Reason cause = fails ? pick(rng_, kSessionFailures) : Reason{};
    if (cause.error_code == "StageDeleted")
      end = session.end +
            rng_.seconds_between(kStageDeletedAfterSessionEnd, kStageDeletedAfterSessionEnd + 20);
    else if (fails)
      end = start + rng_.seconds_between(30, std::chrono::floor<seconds>(end - start).count() - 1);
    const std::int64_t count =
        rng_.between(1, std::max<std::int64_t>(1, options_.destinations_per_composition));
    std::array<DestinationPlan, 2> destinations;
    std::optional<Instant> first_failure;
    for (std::int64_t i = 0; i < count; ++i) {
      destinations[i] = plan_destination(start, end, /*ends=*/!fails);
      const std::optional<Instant> &failed_at = destinations[i].failed_at;
      if (failed_at && (!first_failure || *failed_at < *first_failure))
        first_failure = failed_at;
    }
    const Reason *failure = fails ? &cause : nullptr;
    if (first_failure && rng_.chance(kDestinationFailureFailsComposition)) {
      end = *first_failure + rng_.seconds_between(1, 5);
      failure = &kDestinationFailureOfSession;
    }
    // AWS documents no destination events after a composition failed: none are generated.
    for (std::int64_t i = 0; i < count; ++i)
      add_destination_steps(destinations[i], arn, end);
    if (failure == nullptr) {
      add_composition(end, EventName::session_end, arn, session_stage());
      return;
    }
    Event &event = add_composition(end, EventName::session_failure, arn, session_stage());
    event.detail.error_code = failure->error_code;
    event.detail.reason = failure->reason;
    deleted_ = failure->error_code == "StageDeleted";
  }

  const Text &session_stage() const { return arn_; }

  // Start; maybe reconnect (Reconnecting, then Start again at least 2 s later so the toggle is
  // ordered); then fail or end with the composition.
  DestinationPlan plan_destination(Instant start, Instant end, bool ends) {
    DestinationPlan plan;
    plan.id = alphanumeric_id(rng_, 12);
    Instant cursor = start + rng_.seconds_between(0, 2);
    plan.add(cursor, EventName::destination_start);
    if (end - cursor > 40s && rng_.chance(options_.destination_reconnect_probability)) {
      const Instant lost =
          cursor + rng_.seconds_between(2, std::chrono::floor<seconds>(end - cursor).count() - 25);
      plan.add(lost, EventName::destination_reconnecting);
      cursor = lost + rng_.seconds_between(2, 20);
      plan.add(cursor, EventName::destination_start);
    }
    if (end - cursor > 4s && rng_.chance(options_.destination_failure_probability)) {
      const Instant failed_at =
          cursor + rng_.seconds_between(2, std::chrono::floor<seconds>(end - cursor).count() - 1);
      plan.add(failed_at, EventName::destination_failure, pick(rng_, kDestinationFailures));
      plan.failed_at = failed_at;
      return plan;
    }
    if (ends)
      plan.add(end, EventName::destination_end);
    return plan;
  }

  // The planned events up to the composition's end.
  void add_destination_steps(const DestinationPlan &plan, const TextList &composition,
                             Instant end) {
    for (std::size_t i = 0; i < plan.count; ++i) {
      const DestinationPlan::Step &step = plan.steps[i];
      if (step.at > end)
        return;
      Event &event = add_destination(step.at, step.name, composition, plan.id);
      event.detail.error_code = step.reason.error_code;
      event.detail.reason = step.reason.reason;
    }
  }

  Event &add_composition(Instant at, EventName name, const TextList &composition,
                         const Text &stage) {
    Event &event = sink_.add(rng_, at, DetailType::composition_state_change, name, composition);
    event.detail.stage_arn = stage;
    return event;
  }

  Event &add_destination(Instant at, EventName name, const TextList &composition, const Text &id) {
    Event &event = add_composition(at, name, composition, arn_);
    event.detail.destination_id = id;
    return event;
  }

  const WorldOptions &options_;
  Rng &rng_;
  EventSink &sink_;
  Text id_;
  Text arn_;
  TextList resources_; // {arn_}, shared by the stage's events
  Text bucket_;        // its participants' recording bucket
  bool records_ = false;
  bool deleted_ = false; // a composition failed with StageDeleted: no session follows
};

} // namespace

void generate_stage(const WorldOptions &options, Rng &rng, EventSink &sink) {
  StageGenerator(options, rng, sink).run();
}

} // namespace ivsim::sim
