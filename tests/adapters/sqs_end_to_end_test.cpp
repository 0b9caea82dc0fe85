// End to end over a real local SQS server (scripts/sqs_server): the SQS transport sends, the
// bundled handler's SQS consumer applies, and the state is read back over HTTP.
#include "ivsim/adapters/sqs_drain.hpp"

#include "ivsim/adapters/sqs_local_server.hpp"
#include "ivsim/examples/handler_server.hpp"
#include "ivsim/examples/sqs_consumer.hpp"
#include "ivsim/sim/generator.hpp"
#include "plans.hpp"

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace ivsim::adapters {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// One local SQS server per test, and a queue on it.
class SqsEndToEnd : public ::testing::Test {
protected:
  SqsEndToEnd() : server_(IVSIM_SQS_SERVER_DIR) {
    client_.endpoint = parse_url(server_.endpoint());
    client_.region = "us-east-1";
    client_.credentials = {"test", "test", ""};
    client_.retry.initial_backoff = 1ms;
    client_.retry.max_backoff = 5ms;
    client_.retry.max_attempts = 3;
  }

  std::string create_queue(const std::string &name) {
    nlohmann::json request = {{"QueueName", name}};
    if (is_fifo_queue(name))
      request["Attributes"] = {{"FifoQueue", "true"}};
    const SqsReply reply = call_sqs(client_, "CreateQueue", request);
    EXPECT_TRUE(reply.ok()) << reply.reason;
    return reply.body.value("QueueUrl", "");
  }

  SqsTransportOptions transport_options(const std::string &queue_url) const {
    return {client_, queue_url, SqsMessageGroup::per_channel};
  }

  // The bundled handler consuming `queue_url`, as `ivsim_example_handler --sqs-queue-url` does.
  std::unique_ptr<examples::SqsConsumer> consume(examples::HandlerServer &handler,
                                                 const std::string &queue_url) const {
    examples::SqsConsumerOptions options;
    options.client = client_;
    options.queue_url = queue_url;
    auto consumer = std::make_unique<examples::SqsConsumer>(
        options, [&handler](std::string body) { return handler.post_event(std::move(body)); });
    consumer->start();
    return consumer;
  }

  LocalSqsServer server_;
  // The event ids of every message in the queue, received until a long poll of one second comes
  // back empty.
  std::multiset<std::string> ids_in_queue(const std::string &queue_url) {
    std::multiset<std::string> ids;
    for (;;) {
      const SqsReply reply = call_sqs(client_, "ReceiveMessage",
                                      {{"QueueUrl", queue_url},
                                       {"MaxNumberOfMessages", 10},
                                       {"WaitTimeSeconds", 1},
                                       {"VisibilityTimeout", 300}});
      EXPECT_TRUE(reply.ok()) << reply.reason;
      const std::vector<SqsMessage> messages = parse_messages(reply.body);
      if (!reply.ok() || messages.empty())
        return ids;
      for (const SqsMessage &message : messages)
        ids.insert(nlohmann::json::parse(message.body).at("id").get<std::string>());
    }
  }

  SqsClientOptions client_;
};

DrainOptions quick_drain() { return {30s, 20ms, 200ms}; }

Plan generated_plan() {
  sim::GeneratorSpec spec;
  spec.seed = 11;
  spec.world.duration = std::chrono::hours(2);
  spec.world.channels = 2;
  spec.world.stages = 1;
  sim::apply_preset(spec.faults, "hostile"); // duplicates, groups, drops and reordering
  return sim::generate(spec);
}

// Test that a realistic generated run over SQS leaves the handler in the state the same plan
// gives over HTTP: the transport loses, invents and mangles nothing.
TEST_F(SqsEndToEnd, GeneratedPlanGivesTheSameStateAsOverHttp) {
  const Plan plan = generated_plan();
  ASSERT_GT(plan.deliveries.size(), 50u);

  examples::HandlerServer http_handler({});
  http_handler.start();
  const auto http_url = [&](const char *path) {
    return parse_url("http://127.0.0.1:" + std::to_string(http_handler.port()) + path);
  };
  HttpTransportOptions http;
  http.url = http_url("/events");
  auto http_state = make_http_state_source(http_url("/state"));
  const RunResult over_http = replay_http(plan, http, {}, {nullptr, http_state.get()});
  ASSERT_TRUE(over_http.state) << over_http.state_error.value_or("");

  const std::string queue_url = create_queue("generated");
  examples::HandlerServer sqs_handler({});
  sqs_handler.start();
  const auto consumer = consume(sqs_handler, queue_url);
  const std::string state_url = "http://127.0.0.1:" + std::to_string(sqs_handler.port());
  auto reset = make_http_reset_hook(parse_url(state_url + "/reset"));
  auto state = make_http_state_source(parse_url(state_url + "/state"));
  const SqsRunResult over_sqs =
      replay_sqs(plan, transport_options(queue_url), {}, quick_drain(), {reset.get(), state.get()});

  EXPECT_TRUE(over_sqs.drain.drained) << over_sqs.drain.reason;
  EXPECT_EQ(over_sqs.run.counts.total(), plan.deliveries.size());
  EXPECT_EQ(over_sqs.run.counts.acknowledged, over_http.counts.acknowledged);
  EXPECT_EQ(over_sqs.run.counts.dropped, over_http.counts.dropped);
  EXPECT_EQ(consumer->applied(), over_sqs.run.counts.acknowledged);
  ASSERT_TRUE(over_sqs.run.state) << over_sqs.run.state_error.value_or("");
  EXPECT_EQ(*over_sqs.run.state, *over_http.state);
}

// Test that duplicate deliveries survive FIFO deduplication (ids carry the copy number), so the
// consumer sees every delivery the plan made.
TEST_F(SqsEndToEnd, FifoQueueDeliversEveryDuplicateCopy) {
  Plan plan = testing::sequential_plan(6);
  for (std::uint32_t event : {0u, 3u}) {
    Delivery duplicate = plan.deliveries[event];
    duplicate.copy = 1;
    duplicate.deliver_at = plan.deliveries.back().deliver_at + std::chrono::seconds(1 + event);
    plan.deliveries.push_back(duplicate);
  }
  const std::string queue_url = create_queue("events.fifo");
  examples::HandlerServer handler({});
  handler.start();
  const auto consumer = consume(handler, queue_url);
  const SqsRunResult result = replay_sqs(plan, transport_options(queue_url), {}, quick_drain());
  EXPECT_TRUE(result.drain.drained) << result.drain.reason;
  EXPECT_EQ(result.run.counts.acknowledged, 8u);
  EXPECT_EQ(consumer->applied(), 8u);
}

// Test that an entry SQS refuses (a body over 1 MiB) is rejected alone, the rest of its group is
// acknowledged, and exactly the acknowledged ones reach the queue.
TEST_F(SqsEndToEnd, OversizedEventInAGroupIsRejectedAndTheRestSucceed) {
  const std::string queue_url = create_queue("oversized");
  std::vector<Event> events;
  for (std::size_t i = 0; i < 12; ++i)
    events.push_back(testing::numbered_event(i));
  events[5].detail.channel_name = std::string(kMaxBatchBytes + 1, 'x');
  boost::asio::io_context io;
  auto transport = make_sqs_transport(io.get_executor(), transport_options(queue_url));
  std::vector<Parcel> parcels;
  for (std::uint32_t i = 0; i < events.size(); ++i)
    parcels.push_back({&events[i], i});
  const auto outcomes = deliver(io, *transport, parcels);

  RunCounts counts;
  for (const DeliveryOutcome &outcome : outcomes)
    counts.add(outcome);
  EXPECT_EQ(counts.acknowledged, 11u);
  EXPECT_EQ(counts.rejected, 1u);
  EXPECT_EQ(counts.total(), events.size());
  EXPECT_EQ(outcomes[5].outcome, Outcome::rejected);
  EXPECT_THAT(outcomes[5].reason, HasSubstr("HTTP 400"));
  // Received, not counted: local-aws-sqs answers a batch a moment before its messages show in
  // ApproximateNumberOfMessages (AWS documents the attribute as approximate, too).
  std::multiset<std::string> expected_ids;
  for (std::size_t i = 0; i < events.size(); ++i)
    if (i != 5)
      expected_ids.insert(events[i].id.str());
  EXPECT_EQ(ids_in_queue(queue_url), expected_ids);
}

// Kills the SQS server before the `stop_before`-th group, then keeps delivering.
class StopServerBefore final : public Transport {
public:
  StopServerBefore(std::unique_ptr<Transport> inner, LocalSqsServer &server,
                   std::size_t stop_before)
      : inner_(std::move(inner)), server_(server), left_(stop_before) {}

  boost::asio::awaitable<std::vector<DeliveryOutcome>>
  async_deliver(std::span<const Parcel> group) override {
    if (left_-- == 0)
      server_.stop();
    co_return co_await inner_->async_deliver(group);
  }
  void close() override { inner_->close(); }

private:
  std::unique_ptr<Transport> inner_;
  LocalSqsServer &server_;
  std::size_t left_;
};

TEST_F(SqsEndToEnd, StoppedServerFailsTheRestWithCorrectCounts) {
  const std::string queue_url = create_queue("stopped");
  const Plan plan = testing::sequential_plan(20);
  const SqsTransportOptions options = transport_options(queue_url);
  const RunResult result =
      run_plan(plan,
               [&](boost::asio::any_io_executor executor) -> std::unique_ptr<Transport> {
                 return std::make_unique<StopServerBefore>(make_sqs_transport(executor, options),
                                                           server_, 8);
               },
               {});
  EXPECT_EQ(result.counts.acknowledged, 8u);
  EXPECT_EQ(result.counts.failed, 12u);
  EXPECT_EQ(result.counts.total(), plan.deliveries.size());
  EXPECT_TRUE(result.records[8].outcome.unreachable);
  EXPECT_EQ(result.records[19].outcome.attempts, 0u); // never sent: the SUT was gone
  // A timeout of an hour: the wait must end at the first refused poll, not wait it out.
  const DrainResult drain = wait_drained(client_, queue_url, {1h, 10ms, 10ms});
  EXPECT_FALSE(drain.drained);
  EXPECT_THAT(drain.reason, HasSubstr("GetQueueAttributes"));
  EXPECT_EQ(drain.polls, 1u);
}

TEST_F(SqsEndToEnd, MissingQueueEndsTheDrainWaitAtOnce) {
  const DrainResult drain =
      wait_drained(client_, server_.endpoint() + "/123456789012/no-such-queue", {1h, 10ms, 10ms});
  EXPECT_FALSE(drain.drained);
  EXPECT_THAT(drain.reason, HasSubstr("QueueDoesNotExist"));
  EXPECT_EQ(drain.polls, 1u);
}

TEST_F(SqsEndToEnd, QueueThatNobodyConsumesIsNotDrainedAndSaysWhy) {
  const std::string queue_url = create_queue("unconsumed");
  const RunResult sent =
      run_plan(testing::sequential_plan(3),
               [&](boost::asio::any_io_executor executor) {
                 return make_sqs_transport(executor, transport_options(queue_url));
               },
               {});
  EXPECT_EQ(sent.counts.acknowledged, 3u);
  const DrainResult drain = wait_drained(client_, queue_url, {300ms, 20ms, 50ms});
  EXPECT_FALSE(drain.drained);
  EXPECT_EQ(drain.visible, 3u);
  EXPECT_THAT(drain.reason,
              HasSubstr("queue not drained: 3 visible, 0 in flight, 0 delayed after"));
}

// Messages an earlier run left behind would be consumed after the reset and mixed into this run's
// state: with nobody consuming them, nothing is sent and the run says why.
TEST_F(SqsEndToEnd, MessagesLeftByAnEarlierRunStopTheNextBeforeItSends) {
  const std::string queue_url = create_queue("left-over");
  const SqsTransportOptions options = transport_options(queue_url);
  const Plan plan = testing::sequential_plan(3);
  const RunResult earlier = run_plan(
      plan,
      [&](boost::asio::any_io_executor executor) { return make_sqs_transport(executor, options); },
      {});
  ASSERT_EQ(earlier.counts.acknowledged, 3u);

  const SqsRunResult next = replay_sqs(plan, options, {}, {300ms, 20ms, 50ms});
  ASSERT_TRUE(next.run.reset_error.has_value());
  EXPECT_THAT(*next.run.reset_error,
              HasSubstr("the run could not start (waiting for SQS queue " + queue_url));
  EXPECT_THAT(*next.run.reset_error, HasSubstr("messages were still in the queue: "));
  EXPECT_THAT(*next.run.reset_error, HasSubstr("3 visible"));
  EXPECT_THAT(*next.run.reset_error, HasSubstr("purge the queue"));
  EXPECT_EQ(next.run.counts.acknowledged, 0u);
  EXPECT_EQ(next.run.counts.total(), plan.deliveries.size()); // every delivery accounted for
  EXPECT_EQ(wait_drained(client_, queue_url, {0ms, 10ms, 0ms}).visible, 3u); // none added
}

TEST_F(SqsEndToEnd, UnknownQueueIsAnSqsErrorValue) {
  const SqsReply reply = call_sqs(client_, "GetQueueUrl", {{"QueueName", "missing"}});
  EXPECT_FALSE(reply.ok());
  EXPECT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.error.code, "QueueDoesNotExist");
  EXPECT_TRUE(reply.error.sender_fault);
}

} // namespace
} // namespace ivsim::adapters
