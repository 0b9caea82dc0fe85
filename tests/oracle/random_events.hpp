// A RapidCheck generator of small, tie-heavy sets of IVS events: few entities, a few seconds of
// time, so same-second ties, out-of-order lifecycles and opposite toggles are common.
#pragma once

#include "event_builder.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <vector>

namespace ivsim::oracle::testing {

/// One event drawn from a small world of 2 channels, 1 stage and 1 composition.
inline Event random_event(Builder &b) {
  const int second = *rc::gen::inRange(0, 6);
  const std::string stream = *rc::gen::element<std::string>("st-1", "st-2", "st-3");
  const std::string channel = stream == "st-3" ? kOtherChannel : kChannel;
  const std::string participant = *rc::gen::element<std::string>("p-1", "p-2");
  const int micros = *rc::gen::element(-1, 0, 250000, 750000);
  switch (*rc::gen::inRange(0, 8)) {
  case 0:
    return b.stream(*rc::gen::element(EventName::session_created, EventName::stream_start,
                                      EventName::stream_end, EventName::session_ended,
                                      EventName::stream_failure, EventName::stream_takeover),
                    stream, second, channel);
  case 1:
    return b.health(*rc::gen::element(EventName::starvation_start, EventName::starvation_end),
                    stream, second, channel);
  case 2:
    return b.recording(
        *rc::gen::element(EventName::recording_start, EventName::recording_end,
                          EventName::recording_start_failure, EventName::recording_end_failure),
        // a recording session belongs to one channel, as in IVS
        channel == kChannel ? *rc::gen::element<std::string>("r-1", "r-2") : "r-3", second, stream,
        *rc::gen::element(std::vector<std::string>{}, std::vector<std::string>{"st-1", "st-2"}),
        channel);
  case 3:
    return b.stage(
        *rc::gen::element(EventName::participant_published, EventName::participant_unpublished,
                          EventName::participant_publish_error),
        participant, second, micros, *rc::gen::element<std::string>("st-session1", "st-session2"));
  case 4:
    return b.participant_recording(
        *rc::gen::element(EventName::recording_start, EventName::recording_end,
                          EventName::recording_start_failure, EventName::recording_end_failure),
        participant, *rc::gen::element<std::string>("pre/a", "pre/b", ""), second);
  case 5:
    return b.composition(*rc::gen::element(EventName::session_start, EventName::session_end,
                                           EventName::session_failure),
                         second, "", *rc::gen::element<std::string>("", "boom"));
  case 6:
    return b.composition(
        *rc::gen::element(EventName::destination_start, EventName::destination_reconnecting,
                          EventName::destination_end, EventName::destination_failure),
        second, *rc::gen::element<std::string>("d-1", "d-2"),
        *rc::gen::element<std::string>("", "lost"));
  default:
    return *rc::gen::element(0, 1, 2) == 0 ? b.limit_breach(second, stream)
                                           : b.unknown(second, DetailType::stream_state_change);
  }
}

/// Between 0 and `max` distinct events.
inline std::vector<Event> random_events(int max = 24) {
  Builder b;
  const int count = *rc::gen::inRange(0, max + 1);
  std::vector<Event> events;
  for (int i = 0; i < count; ++i)
    events.push_back(random_event(b));
  return events;
}

} // namespace ivsim::oracle::testing
