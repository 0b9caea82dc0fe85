// RapidCheck generators of valid typed events and of plans, for the model's round-trip laws.
#pragma once

#include "ivsim/event.hpp"
#include "ivsim/plan.hpp"

#include <algorithm>
#include <rapidcheck.h>

#include <map>
#include <string>
#include <vector>

namespace ivsim::testing {

/// Valid UTF-8 text (ASCII, JSON escapes, 2-, 3- and 4-byte sequences): nlohmann refuses to
/// dump invalid UTF-8, and IVS sends none.
inline rc::Gen<std::string> gen_text() {
  static const std::vector<std::string> kPieces = {
      "a", "Z", "7", "-", "_", " ", "\"", "\\", "/", "\n", "\u00e9", "\u5b57", "\U0001F600"};
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kPieces)),
                      [](const std::vector<std::string> &pieces) {
                        std::string text;
                        for (const std::string &piece : pieces)
                          text += piece;
                        return text;
                      });
}

/// Non-empty text, for fields a parser requires to be present and meaningful.
inline rc::Gen<std::string> gen_nonempty_text() {
  return rc::gen::suchThat(gen_text(), [](const std::string &text) { return !text.empty(); });
}

/// An instant between 2020 and 2030, whole seconds or with microseconds.
inline rc::Gen<Instant> gen_instant(bool whole_seconds) {
  return rc::gen::map(rc::gen::inRange<std::int64_t>(1'577'836'800, 1'893'456'000),
                      [whole_seconds](std::int64_t seconds) {
                        const Instant at{std::chrono::seconds{seconds}};
                        return whole_seconds ? at : at + Duration{seconds % 1'000'000};
                      });
}

/// An event time whose instant agrees with its resolution (a whole-second time has no fraction).
inline rc::Gen<EventTime> gen_event_time() {
  return rc::gen::mapcat(rc::gen::arbitrary<bool>(), [](bool precise) {
    return rc::gen::map(gen_instant(!precise), [precise](Instant at) {
      return EventTime{at, precise ? Resolution::sub_second : Resolution::seconds};
    });
  });
}

template <typename T> rc::Gen<std::optional<T>> gen_optional(rc::Gen<T> gen) {
  return rc::gen::oneOf(
      rc::gen::just(std::optional<T>{}),
      rc::gen::map(std::move(gen), [](T value) { return std::optional<T>(value); }));
}

inline std::vector<EventName> names_of(DetailType type) {
  using N = EventName;
  switch (type) {
  case DetailType::stream_state_change:
    return {N::session_created,        N::stream_start,   N::stream_end,
            N::session_ended,          N::stream_failure, N::stream_takeover,
            N::stream_takeover_failure};
  case DetailType::stream_health_change:
    return {N::starvation_start, N::starvation_end};
  case DetailType::recording_state_change:
  case DetailType::participant_recording_state_change:
    return {N::recording_start, N::recording_end, N::recording_start_failure,
            N::recording_end_failure};
  case DetailType::stage_update:
    return {N::participant_published,       N::participant_unpublished,
            N::participant_publish_error,   N::participant_replication_start,
            N::participant_replication_end, N::token_exchanged};
  case DetailType::composition_state_change:
    return {N::session_start,           N::session_end,     N::session_failure,
            N::destination_start,       N::destination_end, N::destination_failure,
            N::destination_reconnecting};
  case DetailType::ad_break_state_change:
    return {N::ad_break_inserted};
  case DetailType::limit_breach:
  case DetailType::cloudtrail_api_call:
  case DetailType::unknown:
    return {N::none};
  }
  return {N::none};
}

/// Fills exactly the detail fields that `to_json` writes for the event's kind.
inline void fill_detail(Event &event) {
  using rc::gen::arbitrary;
  Detail &d = event.detail;
  const auto text = [] { return *gen_text(); };
  const auto count = [] { return *rc::gen::inRange<std::int64_t>(0, 10'000'000); };
  switch (event.detail_type) {
  case DetailType::stream_state_change:
  case DetailType::stream_health_change:
    d.channel_name = text();
    d.stream_id = text();
    d.code = text();
    d.reason = text();
    return;
  case DetailType::limit_breach:
    d.limit_name = text();
    d.limit_value = *gen_optional(rc::gen::inRange<std::int64_t>(0, 10'000'000));
    d.exceeded_by = *gen_optional(rc::gen::inRange<std::int64_t>(0, 10'000'000));
    d.limit_unit = text();
    d.channel_name = text();
    d.stream_id = text();
    return;
  case DetailType::recording_state_change:
    d.channel_name = text();
    d.stream_id = text();
    d.recording_status_reason = text();
    d.recording_s3_bucket_name = text();
    d.recording_s3_key_prefix = text();
    d.recording_duration_ms = count(); // always written, so always present
    d.recording_session_id = text();
    d.recording_session_stream_ids = *rc::gen::container<std::vector<std::string>>(gen_text());
    return;
  case DetailType::stage_update:
    d.session_id = text();
    d.event_time = *gen_optional(gen_event_time());
    d.event_time_precise = *gen_optional(gen_event_time());
    d.user_id = text();
    d.participant_id = text();
    d.error_code = text();
    d.replica = *gen_optional(arbitrary<bool>());
    d.source_stage_arn = text();
    d.source_session_id = text();
    d.destination_stage_arn = text();
    d.destination_session_id = text();
    return;
  case DetailType::participant_recording_state_change:
    d.session_id = text();
    d.participant_id = text();
    d.recording_s3_bucket_name = text();
    d.recording_s3_key_prefix = text();
    d.recording_duration_ms = *gen_optional(rc::gen::inRange<std::int64_t>(0, 10'000'000));
    d.error_code = text();
    d.reason = text();
    return;
  case DetailType::composition_state_change:
    d.stage_arn = text();
    // Destination events must name their destination (parse_event requires `id`).
    d.destination_id = event.name >= EventName::destination_start ? *gen_nonempty_text() : text();
    d.error_code = text();
    d.reason = text();
    return;
  case DetailType::ad_break_state_change:
    d.channel_name = text();
    d.stream_id = text();
    d.ad_break_id = text();
    d.duration_seconds = *gen_optional(rc::gen::inRange<std::int64_t>(0, 600));
    d.target_start_time = text();
    return;
  case DetailType::cloudtrail_api_call:
  case DetailType::unknown:
    return; // their detail is not read, so nothing typed survives
  }
}

/// A typed event (no original document) that `to_json` can express exactly: fields fit the kind.
inline rc::Gen<Event> gen_typed_event() {
  return rc::gen::exec([] {
    static const std::vector<DetailType> kTypes = {DetailType::stream_state_change,
                                                   DetailType::stream_health_change,
                                                   DetailType::limit_breach,
                                                   DetailType::recording_state_change,
                                                   DetailType::stage_update,
                                                   DetailType::participant_recording_state_change,
                                                   DetailType::composition_state_change,
                                                   DetailType::ad_break_state_change,
                                                   DetailType::cloudtrail_api_call,
                                                   DetailType::unknown};
    Event event;
    event.id = *gen_text();
    event.detail_type = *rc::gen::elementOf(kTypes);
    if (event.detail_type == DetailType::unknown)
      event.detail_type_text = "Custom " + *gen_text(); // never a known detail-type
    event.source = *rc::gen::elementOf(std::vector<std::string>{"aws.ivs", "aws.other", ""});
    event.account = *gen_text();
    event.region = *gen_text();
    event.time = *gen_instant(/*whole_seconds=*/true);
    event.resources = *rc::gen::container<std::vector<std::string>>(gen_text());
    if (event.resources.empty())
      event.resources.push_back("arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij");
    event.name = *rc::gen::elementOf(names_of(event.detail_type));
    fill_detail(event);
    return event;
  });
}

/// Parses event JSON text (`parse_event(std::string)` is ambiguous: a string also converts to
/// JSON).
inline Event parse_text(const std::string &text) { return parse_event(std::string_view(text)); }

/// The same typed event parsed back from its JSON text, so it carries its original document.
inline Event as_parsed(const Event &typed) { return parse_text(to_json_text(typed)); }

/// A plan with a valid, sorted schedule: every event delivered at least once, extra copies,
/// groups, drops and faults at random, and ids that sometimes repeat (so deliveries must name
/// events by index).
inline rc::Gen<Plan> gen_plan(bool parsed_events) {
  return rc::gen::exec([parsed_events] {
    Plan plan;
    const auto size = *rc::gen::inRange<std::size_t>(0, 6);
    for (std::size_t i = 0; i < size; ++i) {
      Event event = *gen_typed_event();
      if (*rc::gen::inRange(0, 4) == 0 && !plan.events.empty())
        event.id = plan.events.front().id; // EventBridge duplicates and doc examples share ids
      plan.events.push_back(parsed_events ? as_parsed(event) : event);
    }
    std::vector<std::uint32_t> targets;
    for (std::uint32_t i = 0; i < plan.events.size(); ++i)
      targets.push_back(i);
    if (!targets.empty())
      for (std::size_t extra = *rc::gen::inRange(0, 4); extra > 0; --extra)
        targets.push_back(*rc::gen::inRange<std::uint32_t>(0, static_cast<std::uint32_t>(size)));
    std::map<std::uint32_t, std::uint16_t> next_copy; // each delivery of an event its own number
    for (const std::uint32_t target : targets) {
      Delivery delivery;
      delivery.event = target;
      // Scenario files refuse a delivery before its event happened.
      const Event &event = plan.events[target];
      delivery.deliver_at = std::max(
          {*gen_instant(*rc::gen::arbitrary<bool>()), event.time, event.effective_time().at});
      // Distinct per event (scenario files require it), with gaps as a shrunk plan has them.
      std::uint16_t &next = next_copy[target];
      next = static_cast<std::uint16_t>(next + *rc::gen::inRange<std::uint16_t>(0, 2));
      delivery.copy = next++;
      delivery.group = *rc::gen::inRange<std::uint32_t>(0, 3);
      delivery.dropped = *rc::gen::arbitrary<bool>();
      delivery.faults = FaultSet::from_bits(*rc::gen::inRange<std::uint8_t>(0, 64));
      plan.deliveries.push_back(delivery);
    }
    std::stable_sort(
        plan.deliveries.begin(), plan.deliveries.end(),
        [](const Delivery &a, const Delivery &b) { return a.deliver_at < b.deliver_at; });
    if (*rc::gen::arbitrary<bool>())
      plan.generator = {{"seed", *rc::gen::inRange(0, 1000)}, {"faults", {{"preset", "hostile"}}}};
    return plan;
  });
}

} // namespace ivsim::testing
