#include "ivsim/adapters/sqs_transport.hpp"

#include "ivsim/error.hpp"
#include "loopback_sut.hpp"
#include "plans.hpp"

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <numeric>

namespace ivsim::adapters {
namespace {

using namespace std::chrono_literals;
using testing::Received;
using testing::Reply;

// The split covers every body once, in order, within SQS's limits, and closes a batch only when
// the next body would break one (so no call is wasted).
RC_GTEST_PROP(SplitBatches, CoversAllBodiesInOrderWithinTheLimitsAndFillsEachBatch, ()) {
  const auto sizes = *rc::gen::container<std::vector<std::size_t>>(rc::gen::oneOf(
      rc::gen::inRange<std::size_t>(1, 2'000), rc::gen::inRange<std::size_t>(100'000, 1'100'000)));
  const auto batches = split_batches(sizes);
  std::size_t next = 0;
  for (const auto &[begin, end] : batches) {
    RC_ASSERT(begin == next);
    RC_ASSERT(end > begin);
    const std::size_t bytes =
        std::accumulate(sizes.begin() + static_cast<long>(begin),
                        sizes.begin() + static_cast<long>(end), std::size_t{0});
    RC_ASSERT(end - begin <= kMaxBatchEntries);
    RC_ASSERT(bytes <= kMaxBatchBytes || end - begin == 1);
    if (end < sizes.size())
      RC_ASSERT(end - begin == kMaxBatchEntries || bytes + sizes[end] > kMaxBatchBytes);
    next = end;
  }
  RC_ASSERT(next == sizes.size());
}

TEST(SqsTransport, FifoQueuesAreRecognisedByName) {
  EXPECT_TRUE(is_fifo_queue("http://127.0.0.1:9324/123456789012/events.fifo"));
  EXPECT_FALSE(is_fifo_queue("http://127.0.0.1:9324/123456789012/events"));
  EXPECT_FALSE(is_fifo_queue("http://127.0.0.1:9324/fifo.d/events"));
}

TEST(SqsTransport, MessageGroupFollowsTheChosenGrouping) {
  Event composition = testing::numbered_event(1);
  composition.detail_type = DetailType::composition_state_change;
  composition.resources = {"arn:aws:ivs:us-west-2:123456789012:encoder-configuration/x"};
  composition.detail.stage_arn = "arn:aws:ivs:us-west-2:123456789012:stage/abc";
  EXPECT_EQ(message_group_id(composition, SqsMessageGroup::per_channel), composition.resources[0]);
  EXPECT_EQ(message_group_id(composition, SqsMessageGroup::per_stage),
            composition.detail.stage_arn);
  EXPECT_EQ(message_group_id(composition, SqsMessageGroup::single), "ivsim");
  Event account_level = testing::numbered_event(2);
  account_level.resources.clear(); // Concurrent Broadcasts Limit Breach names no resource
  EXPECT_EQ(message_group_id(account_level, SqsMessageGroup::per_channel), "ivsim");
  EXPECT_EQ(parse_sqs_message_group("stage"), SqsMessageGroup::per_stage);
  EXPECT_EQ(parse_sqs_message_group(to_string(SqsMessageGroup::single)), SqsMessageGroup::single);
  EXPECT_THROW(parse_sqs_message_group("per_channel"), InputError);
}

TEST(SqsTransport, DeduplicationIdNamesTheEventAndTheCopy) {
  const Event event = testing::numbered_event(4);
  EXPECT_EQ(deduplication_id(event, 0), event.id + "-0");
  EXPECT_NE(deduplication_id(event, 0), deduplication_id(event, 1));
}

SqsTransportOptions options_for(const testing::LoopbackSut &sut, std::string queue = "events") {
  SqsTransportOptions options;
  options.client.endpoint = sut.url("/");
  options.client.region = "us-east-1";
  options.client.credentials = {"test", "test", ""};
  options.client.retry.initial_backoff = 1ms;
  options.client.retry.max_backoff = 2ms;
  options.queue_url = "http://127.0.0.1:1/123456789012/" + queue;
  return options;
}

std::vector<DeliveryOutcome> deliver_group(const SqsTransportOptions &options,
                                           const std::vector<Event> &events) {
  boost::asio::io_context io;
  auto transport = make_sqs_transport(io.get_executor(), options);
  std::vector<Parcel> parcels;
  for (std::uint32_t i = 0; i < events.size(); ++i)
    parcels.push_back({&events[i], i});
  return deliver(io, *transport, parcels);
}

std::vector<std::string> entry_ids(const Received &request) {
  std::vector<std::string> ids;
  const auto body = nlohmann::json::parse(request.body);
  for (const auto &entry : body["Entries"])
    ids.push_back(entry["Id"]);
  return ids;
}

// Test that a 200 answer is read entry by entry: SQS's own failures are retried alone, the
// sender's are final, and only the entries SQS listed as Successful are acknowledged.
TEST(SqsTransport, RetriesOnlyTheFailedEntriesSqsBlamesOnItself) {
  testing::LoopbackSut sut([](std::size_t index, const Received &) {
    if (index == 0)
      return Reply(Reply::answer, 200, R"({"Successful":[{"Id":"e0"}],"Failed":[
          {"Id":"e1","Code":"InternalError","Message":"later","SenderFault":false},
          {"Id":"e2","Code":"InvalidMessageContents","Message":"bad","SenderFault":true}]})");
    return Reply(Reply::answer, 200, R"({"Successful":[{"Id":"e1"}]})");
  });
  const std::vector<Event> events = {testing::numbered_event(0), testing::numbered_event(1),
                                     testing::numbered_event(2)};
  const auto outcomes = deliver_group(options_for(sut), events);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].outcome, Outcome::acknowledged);
  EXPECT_EQ(outcomes[0].attempts, 1u);
  EXPECT_EQ(outcomes[1].outcome, Outcome::acknowledged);
  EXPECT_EQ(outcomes[1].attempts, 2u);
  EXPECT_EQ(outcomes[2].outcome, Outcome::rejected);
  EXPECT_EQ(outcomes[2].reason, "SQS InvalidMessageContents: bad");
  const auto received = sut.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].headers.at("x-amz-target"), "AmazonSQS.SendMessageBatch");
  EXPECT_EQ(entry_ids(received[0]), (std::vector<std::string>{"e0", "e1", "e2"}));
  EXPECT_EQ(entry_ids(received[1]), std::vector<std::string>{"e1"});
  const auto body = nlohmann::json::parse(received[0].body);
  EXPECT_EQ(body["Entries"][1]["MessageBody"], to_json_text(events[1]));
  EXPECT_FALSE(body["Entries"][0].contains("MessageGroupId")); // a standard queue
}

TEST(SqsTransport, ThrottledBatchIsRetriedWholeAndAFinalErrorRejectsIt) {
  testing::LoopbackSut sut([](std::size_t index, const Received &) {
    if (index == 0)
      return Reply(Reply::answer, 400, R"({"__type":"com.amazonaws.sqs#RequestThrottled"})");
    return Reply(Reply::answer, 400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist"})");
  });
  const auto outcomes =
      deliver_group(options_for(sut), {testing::numbered_event(0), testing::numbered_event(1)});
  for (const DeliveryOutcome &outcome : outcomes) {
    EXPECT_EQ(outcome.outcome, Outcome::rejected);
    EXPECT_EQ(outcome.attempts, 2u);
    EXPECT_EQ(outcome.reason, "HTTP 400 QueueDoesNotExist");
  }
}

TEST(SqsTransport, UnansweredBatchFailsAsIndeterminateAfterItsRetries) {
  testing::LoopbackSut sut([](std::size_t, const Received &) { return Reply(Reply::close); });
  SqsTransportOptions options = options_for(sut);
  options.client.retry.max_attempts = 3;
  const auto outcomes = deliver_group(options, {testing::numbered_event(0)});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::failed);
  EXPECT_EQ(outcomes[0].attempts, 3u);
  EXPECT_TRUE(outcomes[0].indeterminate);
}

// Test that FIFO entries carry a group and a per-copy deduplication id: a duplicate delivery of
// one event must reach the queue twice, not be swallowed by SQS deduplication.
TEST(SqsTransport, FifoEntriesCarryGroupAndPerCopyDeduplicationIds) {
  testing::LoopbackSut sut([](std::size_t, const Received &request) {
    nlohmann::json successful = nlohmann::json::array();
    const auto body = nlohmann::json::parse(request.body);
    for (const auto &entry : body["Entries"])
      successful.push_back({{"Id", entry["Id"]}});
    return Reply(Reply::answer, 200, nlohmann::json{{"Successful", successful}}.dump());
  });
  const Event event = testing::numbered_event(9);
  const auto outcomes = deliver_group(options_for(sut, "events.fifo"), {event, event});
  EXPECT_EQ(outcomes.at(0).outcome, Outcome::acknowledged) << outcomes[0].reason;
  EXPECT_EQ(outcomes.at(1).outcome, Outcome::acknowledged);
  const auto entries = nlohmann::json::parse(sut.received().at(0).body)["Entries"];
  EXPECT_EQ(entries[0]["MessageGroupId"], event.resources[0]);
  EXPECT_EQ(entries[0]["MessageDeduplicationId"], event.id + "-0");
  EXPECT_EQ(entries[1]["MessageDeduplicationId"], event.id + "-1");
}

// A loopback SQS that lists every entry of a SendMessageBatch as Successful.
Reply all_successful(std::size_t, const Received &request) {
  nlohmann::json successful = nlohmann::json::array();
  const auto body = nlohmann::json::parse(request.body);
  for (const auto &entry : body["Entries"])
    successful.push_back({{"Id", entry["Id"]}});
  return Reply(Reply::answer, 200, nlohmann::json{{"Successful", successful}}.dump());
}

// The transport writes its request bodies as text: whatever an event holds (quotes, control
// characters, multi-byte or even invalid UTF-8), the MessageBody a server parses out of it is
// exactly the event's EventBridge JSON, and the FIFO ids survive too.
RC_GTEST_PROP(SqsTransport, MessageBodyIsExactlyTheEventJsonWhateverItHolds,
              (const std::string &channel_name, const std::string &resource)) {
  testing::LoopbackSut sut(all_successful);
  Event event = testing::numbered_event(1);
  event.detail.channel_name = channel_name;
  event.resources = {resource + "\"\\\n\x01"};
  const auto outcomes = deliver_group(options_for(sut, "q.fifo"), {event});
  RC_ASSERT(outcomes.at(0).outcome == Outcome::acknowledged);
  const auto entry = nlohmann::json::parse(sut.received().at(0).body)["Entries"][0];
  RC_ASSERT(entry["MessageBody"].get<std::string>() == to_json_text(event));
  const nlohmann::json group = message_group_id(event, SqsMessageGroup::per_channel);
  RC_ASSERT(entry["MessageGroupId"].dump() ==
            group.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST(SqsTransport, LargeGroupsAreSplitIntoBatchesOfTen) {
  testing::LoopbackSut sut(all_successful);
  std::vector<Event> events;
  for (std::size_t i = 0; i < 23; ++i)
    events.push_back(testing::numbered_event(i));
  const auto outcomes = deliver_group(options_for(sut), events);
  for (const DeliveryOutcome &outcome : outcomes)
    EXPECT_EQ(outcome.outcome, Outcome::acknowledged);
  const auto received = sut.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(entry_ids(received[2]), (std::vector<std::string>{"e20", "e21", "e22"}));
}

} // namespace
} // namespace ivsim::adapters
