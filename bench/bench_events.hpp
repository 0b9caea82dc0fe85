// The events the replay benchmarks send: Stream Start and Stream End, alternating, on 100
// channels, so a handler's state stays a realistic size and every event is distinct.
#pragma once

#include "ivsim/event.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace ivsim::bench {

/// Event `number` of a benchmark run: its own id and second, stream `number / 2`.
inline Event stream_event(std::size_t number) {
  char id[48];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012zu", number);
  Event event;
  event.id = id;
  event.detail_type = DetailType::stream_state_change;
  event.account = "123456789012";
  event.region = "us-west-2";
  event.time = Instant(std::chrono::seconds(1'710'367'798 + static_cast<long>(number)));
  event.resources = {"arn:aws:ivs:us-west-2:123456789012:channel/bench" +
                     std::to_string(number % 100)};
  event.name = number % 2 == 0 ? EventName::stream_start : EventName::stream_end;
  event.detail.channel_name = "bench";
  event.detail.stream_id = "st-bench" + std::to_string(number / 2);
  return event;
}

} // namespace ivsim::bench
