#include "ivsim/sim/generator.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ivsim::sim {
namespace {

// Test that the direct JSON writer gives the bytes of the ordered_json path for every kind the
// world generates (typed events and the few that keep a built document).
TEST(GeneratedJsonText, EqualsTheDumpOfTheDocumentForEveryGeneratedEvent) {
  WorldOptions world;
  world.channels = 12;
  world.stages = 6;
  world.duration = std::chrono::hours{12};
  world.cloudtrail_per_hour = 2;
  world.account_limit_breach_per_hour = 2;
  std::set<std::pair<DetailType, EventName>> kinds;
  for (const Event &event : generate_timeline(world, /*seed=*/7)) {
    const std::string expected =
        to_json(event).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    ASSERT_EQ(to_json_text(event), expected) << event;
    kinds.insert({event.detail_type, event.name});
  }
  EXPECT_GE(kinds.size(), 25u); // the world covered most kinds
}

} // namespace
} // namespace ivsim::sim
