#include "ivsim/examples/handler_server.hpp"

#include "ivsim/adapters/http_transport.hpp"
#include "ivsim/adapters/replay.hpp"
#include "ivsim/adapters/state_source.hpp"
#include "ivsim/error.hpp"
#include "plans.hpp"

#include <gtest/gtest.h>

namespace ivsim::adapters {
namespace {

TEST(HandlerServer, PostGetAndResetRoundTrip) {
  examples::HandlerServer server({});
  server.start();
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  HttpTransportOptions http;
  http.url = parse_url(base + "/events");
  auto state = make_http_state_source(parse_url(base + "/state"));
  auto reset = make_http_reset_hook(parse_url(base + "/reset"));
  const Plan plan = testing::sequential_plan(3);
  const RunResult result = replay_http(plan, http, {}, {reset.get(), state.get()});
  EXPECT_EQ(result.counts.acknowledged, 3u);
  ASSERT_TRUE(result.state) << result.state_error.value_or("");
  const std::string channel = plan.events[0].resource();
  const std::string stream = plan.events[0].detail.stream_id;
  EXPECT_EQ(result.state->at("channels").at(channel).at("live"), true);
  EXPECT_EQ(result.state->at("streams").at(stream).at("state"), "live");
  ASSERT_FALSE(reset->reset());
  const StateReading after = state->read();
  ASSERT_TRUE(after.ok()) << after.error;
  EXPECT_TRUE(after.document->at("channels").empty());
}

// Stream End, then a late Stream Start of the same stream: the correct handler keeps it ended,
// the `start-reopens-stream` variant brings it back to life.
std::string stream_state_after_late_start(const std::string &bug) {
  examples::HandlerServerOptions options;
  options.bug = bug;
  examples::HandlerServer server(options);
  server.start();
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  Plan plan = testing::sequential_plan(2);
  plan.events[0].name = EventName::stream_end;
  plan.events[1].time = plan.events[0].time - std::chrono::seconds(5); // it happened first
  HttpTransportOptions http;
  http.url = parse_url(base + "/events");
  auto state = make_http_state_source(parse_url(base + "/state"));
  const RunResult result = replay_http(plan, http, {}, {nullptr, state.get()});
  EXPECT_EQ(result.counts.acknowledged, 2u);
  return result.state->at("streams").at(plan.events[0].detail.stream_id).at("state");
}

TEST(HandlerServer, BugSwitchChangesTheRule) {
  EXPECT_EQ(stream_state_after_late_start(""), "ended");
  EXPECT_EQ(stream_state_after_late_start("start-reopens-stream"), "live");
}

TEST(HandlerServer, UnknownBugNameIsAnInputError) {
  examples::HandlerServerOptions options;
  options.bug = "no-such-bug";
  EXPECT_THROW(examples::HandlerServer{options}, InputError);
}

TEST(HandlerServer, RejectsBodiesThatAreNotJson) {
  examples::HandlerServer server({});
  server.start();
  HttpTransportOptions http;
  http.url = parse_url("http://127.0.0.1:" + std::to_string(server.port()) + "/events");
  http.body_template = "not json {{event}}";
  const RunResult result = replay_http(testing::sequential_plan(1), http, {});
  EXPECT_EQ(result.counts.rejected, 1u);
  EXPECT_EQ(result.records[0].outcome.status, 400u);
}

TEST(HandlerServer, AnswersUnknownPathsWith404) {
  examples::HandlerServer server({});
  server.start();
  auto state = make_http_state_source(
      parse_url("http://127.0.0.1:" + std::to_string(server.port()) + "/nothing"));
  const StateReading reading = state->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("HTTP 404"), std::string::npos);
}

} // namespace
} // namespace ivsim::adapters
