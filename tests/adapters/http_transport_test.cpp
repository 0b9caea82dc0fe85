#include "ivsim/adapters/http_transport.hpp"

#include "loopback_sut.hpp"
#include "plans.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ivsim::adapters {
namespace {

using testing::LoopbackSut;
using testing::Reply;
using namespace std::chrono_literals;

HttpTransportOptions http_options_for(const LoopbackSut &sut) {
  HttpTransportOptions options;
  options.url = sut.url();
  options.retry.initial_backoff = 1ms;
  options.retry.max_backoff = 5ms;
  return options;
}

// Delivers each event alone, one after the other, on a fresh io_context.
std::vector<DeliveryOutcome> deliver_each(const HttpTransportOptions &options,
                                          const std::vector<Event> &events) {
  boost::asio::io_context io;
  auto transport = make_http_transport(io.get_executor(), options);
  std::vector<DeliveryOutcome> outcomes;
  for (std::uint32_t i = 0; i < events.size(); ++i) {
    const Parcel parcel{&events[i], i};
    outcomes.push_back(deliver(io, *transport, {&parcel, 1}).at(0));
  }
  return outcomes;
}

TEST(HttpTransport, PostsTheExactEventBytesWithConfiguredHeaders) {
  LoopbackSut sut;
  HttpTransportOptions options = http_options_for(sut);
  options.headers = {{"x-api-key", "secret"}};
  const Event event = testing::numbered_event(7);
  const auto outcomes = deliver_each(options, {event});
  ASSERT_EQ(outcomes.at(0).outcome, Outcome::acknowledged);
  EXPECT_EQ(outcomes[0].attempts, 1u);
  const auto received = sut.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/events");
  EXPECT_EQ(received[0].body, to_json_text(event));
  EXPECT_EQ(received[0].headers.at("x-api-key"), "secret");
  EXPECT_EQ(received[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(received[0].headers.at("host"), sut.url().authority());
}

TEST(HttpTransport, BodyTemplateWrapsTheEventAsAString) {
  LoopbackSut sut;
  HttpTransportOptions options = http_options_for(sut);
  options.body_template = R"({"body": {{event_string}}, "raw": {{event}}})";
  const Event event = testing::numbered_event(1);
  deliver_each(options, {event});
  const auto body = nlohmann::json::parse(sut.received().at(0).body);
  EXPECT_EQ(body["body"], to_json_text(event));
  EXPECT_EQ(body["raw"], nlohmann::json::parse(to_json_text(event)));
}

TEST(HttpTransport, ReusesOneKeepAliveConnection) {
  LoopbackSut sut;
  deliver_each(http_options_for(sut), {testing::numbered_event(0), testing::numbered_event(1),
                                       testing::numbered_event(2)});
  EXPECT_EQ(sut.received().size(), 3u);
  EXPECT_EQ(sut.connections(), 1u);
}

// Test that a group goes out at once: the server holds each request until three are in flight,
// so a transport sending one after the other gets 599s instead of acknowledgements.
TEST(HttpTransport, DeliversAGroupConcurrentlyOnSeparateConnections) {
  LoopbackSut sut;
  sut.hold_until_concurrent(3);
  const std::vector<Event> events = {testing::numbered_event(0), testing::numbered_event(1),
                                     testing::numbered_event(2)};
  const std::vector<Parcel> group = {{&events[0], 0}, {&events[1], 1}, {&events[2], 2}};
  HttpTransportOptions options = http_options_for(sut);
  options.retry.max_attempts = 1;
  boost::asio::io_context io;
  auto transport = make_http_transport(io.get_executor(), options);
  const auto outcomes = deliver(io, *transport, group);
  ASSERT_EQ(outcomes.size(), 3u);
  for (const DeliveryOutcome &outcome : outcomes)
    EXPECT_EQ(outcome.outcome, Outcome::acknowledged) << outcome;
  EXPECT_EQ(sut.connections(), 3u);
}

TEST(HttpTransport, RetriesServerErrorsAndTooManyRequests) {
  LoopbackSut sut([](std::size_t index, const testing::Received &) {
    return index == 0   ? Reply{Reply::answer, 503}
           : index == 1 ? Reply{Reply::answer, 429}
                        : Reply{};
  });
  const auto outcomes = deliver_each(http_options_for(sut), {testing::numbered_event(0)});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::acknowledged);
  EXPECT_EQ(outcomes[0].attempts, 3u);
  EXPECT_EQ(sut.applied_bodies().size(), 1u);
}

TEST(HttpTransport, OtherClientErrorsAreFinal) {
  LoopbackSut sut([](std::size_t, const testing::Received &) { return Reply{Reply::answer, 404}; });
  const auto outcomes = deliver_each(http_options_for(sut), {testing::numbered_event(0)});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::rejected);
  EXPECT_EQ(outcomes[0].attempts, 1u);
  EXPECT_EQ(outcomes[0].status, 404u);
  EXPECT_EQ(outcomes[0].reason, "HTTP 404");
  EXPECT_FALSE(outcomes[0].indeterminate);
}

TEST(HttpTransport, RetriesRunOutOnPersistentServerErrors) {
  LoopbackSut sut([](std::size_t, const testing::Received &) { return Reply{Reply::answer, 500}; });
  HttpTransportOptions options = http_options_for(sut);
  options.retry.max_attempts = 4;
  const auto outcomes = deliver_each(options, {testing::numbered_event(0)});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::failed);
  EXPECT_EQ(outcomes[0].attempts, 4u);
  EXPECT_EQ(sut.received().size(), 4u);
  EXPECT_FALSE(outcomes[0].indeterminate);
}

// Test that a lost answer (the request was sent, the SUT never replied) marks a delivery that
// never got acknowledged as indeterminate: the SUT may have applied it.
TEST(HttpTransport, LostAcknowledgementIsIndeterminate) {
  LoopbackSut sut([](std::size_t, const testing::Received &) { return Reply{Reply::hang}; });
  HttpTransportOptions options = http_options_for(sut);
  options.retry.max_attempts = 2;
  options.request_timeout = 100ms;
  const auto outcomes = deliver_each(options, {testing::numbered_event(0)});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::failed);
  EXPECT_EQ(outcomes[0].attempts, 2u);
  EXPECT_TRUE(outcomes[0].indeterminate);
  EXPECT_NE(outcomes[0].reason.find("timeout after the request was sent"), std::string::npos);
}

// The request timeout bounds each exchange on its own: a keep-alive connection busy for longer
// than the timeout does not time out an exchange that answers well within it (the deadline
// watch is lazy, see http/connection.hpp, and must follow each new exchange's deadline).
TEST(HttpTransport, EveryExchangeGetsTheWholeTimeout) {
  LoopbackSut sut([](std::size_t, const testing::Received &) {
    Reply slow{Reply::answer};
    slow.delay = 200ms;
    return slow;
  });
  HttpTransportOptions options = http_options_for(sut);
  options.retry.max_attempts = 1;
  options.request_timeout = 1s;
  std::vector<Event> events;
  for (int i = 0; i < 7; ++i) // 1.4 s in all on one connection
    events.push_back(testing::numbered_event(i));
  for (const DeliveryOutcome &outcome : deliver_each(options, events)) {
    EXPECT_EQ(outcome.outcome, Outcome::acknowledged) << outcome.reason;
    EXPECT_EQ(outcome.attempts, 1u);
  }
  EXPECT_EQ(sut.received().size(), 7u);
  EXPECT_EQ(sut.connections(), 1u);
}

TEST(HttpTransport, RefusedConnectionFailsAsUnreachable) {
  Url url;
  {
    LoopbackSut gone;
    url = gone.url();
  }
  HttpTransportOptions options;
  options.url = url;
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = 1ms;
  const auto outcomes = deliver_each(options, {testing::numbered_event(0)});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::failed);
  EXPECT_TRUE(outcomes[0].unreachable);
  EXPECT_FALSE(outcomes[0].indeterminate);
  EXPECT_EQ(outcomes[0].attempts, 2u);
}

TEST(HttpTransport, RendersBodyTemplatePlaceholdersEverywhere) {
  EXPECT_EQ(render_body(std::nullopt, R"({"a":1})"), R"({"a":1})");
  EXPECT_EQ(render_body(std::string("[{{event}},{{event}}]"), "{}"), "[{},{}]");
  EXPECT_EQ(render_body(std::string(R"({"body":{{event_string}}})"), R"({"a":"b"})"),
            R"({"body":"{\"a\":\"b\"}"})");
}

} // namespace
} // namespace ivsim::adapters
