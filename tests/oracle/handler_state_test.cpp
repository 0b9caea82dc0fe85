#include "ivsim/example/handler_state.hpp"

#include "event_builder.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/reduce.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace ivsim::oracle {
namespace {

using testing::Builder;
using testing::kChannel;

nlohmann::json raw(const Event &event) { return nlohmann::json(to_json(event)); }

TEST(HandlerState, AppliesDeduplicatesAndIgnores) {
  Builder b;
  example::HandlerState handler;
  const Event start = b.stream(EventName::stream_start, "st-1", 1);
  EXPECT_EQ(handler.apply(raw(start)), example::Applied::applied);
  EXPECT_EQ(handler.apply(raw(start)), example::Applied::duplicate);
  EXPECT_EQ(handler.apply(raw(b.limit_breach(2))), example::Applied::ignored);
  EXPECT_EQ(handler.document()["channels"][kChannel]["live"], true);
  handler.reset();
  EXPECT_TRUE(handler.document()["channels"].empty());
}

TEST(HandlerState, IgnoresEventsFromOtherSources) {
  Builder b;
  example::HandlerState handler;
  Event start = b.stream(EventName::stream_start, "st-1", 1);
  start.source = "com.example.test";
  EXPECT_EQ(handler.apply(raw(start)), example::Applied::ignored);
  EXPECT_TRUE(handler.document()["streams"].empty());
}

TEST(HandlerState, RejectsAnEventWithoutTheFieldsItNeeds) {
  Builder b;
  example::HandlerState handler;
  nlohmann::json event = raw(b.stream(EventName::stream_start, "st-1", 1));
  event["detail"].erase("stream_id");
  EXPECT_THROW(handler.apply(event), std::invalid_argument);
  EXPECT_TRUE(handler.document()["streams"].empty());
}

// Test that concurrent deliveries (one thread per event, as racing Lambdas) all land.
TEST(HandlerState, ConcurrentDeliveriesAllLand) {
  Builder b;
  std::vector<Event> events;
  for (int i = 0; i < 8; ++i)
    events.push_back(b.stream(EventName::stream_start, "st-" + std::to_string(i), i));
  example::HandlerState handler;
  std::vector<std::thread> threads;
  for (const Event &event : events)
    threads.emplace_back([&handler, json = raw(event)] { handler.apply(json); });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(handler.document()["streams"].size(), 8U);
  EXPECT_EQ(handler.document()["channels"][kChannel]["stream_id"], "st-7");
}

// A known-wrong rule, "the last event delivered decides the state", is caught by the oracle.
example::StreamRank last_delivered_wins(example::StreamRank current, std::string_view name) {
  const example::StreamRank next =
      example::monotone_stream_transition(example::StreamRank::none, name);
  return next == example::StreamRank::none ? current : next;
}

TEST(HandlerState, TheOracleCatchesALastDeliveredWinsBug) {
  Builder b;
  const Event start = b.stream(EventName::stream_start, "st-1", 1);
  const Event end = b.stream(EventName::stream_end, "st-1", 60);
  example::Rules buggy;
  buggy.stream_transition = &last_delivered_wins;
  example::HandlerState handler(buggy);
  handler.apply(raw(end));
  handler.apply(raw(start)); // delivered late
  const std::vector<Event> events = {end, start};
  const Report report = check(reduce(events), parse_state_document(Json(handler.document())));
  ASSERT_EQ(report.verdict, Verdict::fail);
  EXPECT_EQ(report.divergences.front().path,
            (std::vector<std::string>{"channels", kChannel, "live"}));
}

} // namespace
} // namespace ivsim::oracle
