#include "plans.hpp"

#include <cstdio>
#include <string_view>

namespace ivsim::testing {

Event numbered_event(std::size_t number) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012zu", number);
  Event event;
  event.id = id;
  event.detail_type = DetailType::stream_state_change;
  event.account = "123456789012";
  event.region = "us-west-2";
  event.time = Instant(std::chrono::seconds(1'710'367'798 + static_cast<long>(number)));
  event.resources = {"arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH1234"};
  event.name = EventName::stream_start;
  event.detail.channel_name = "test-channel";
  event.detail.stream_id = "st-1A2b3C4d5E6f7G8h9I0jKlM";
  return event;
}

Plan sequential_plan(std::size_t count, Duration spacing) {
  Plan plan;
  for (std::size_t i = 0; i < count; ++i) {
    plan.events.push_back(numbered_event(i));
    Delivery delivery;
    delivery.event = static_cast<std::uint32_t>(i);
    delivery.deliver_at = plan.events[i].time + spacing * static_cast<long>(i);
    plan.deliveries.push_back(delivery);
  }
  return plan;
}

long event_number(const std::string &body) {
  constexpr std::string_view kPrefix = "00000000-0000-4000-8000-";
  const std::size_t at = body.find(kPrefix);
  if (at == std::string::npos || body.size() < at + kPrefix.size() + 12)
    return -1;
  return std::stol(body.substr(at + kPrefix.size(), 12));
}

} // namespace ivsim::testing
