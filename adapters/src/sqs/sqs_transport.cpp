#include "ivsim/adapters/sqs_transport.hpp"

#include "sqs/json_text.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <unordered_map>

namespace ivsim::adapters {

namespace net = boost::asio;

namespace {

// One parcel's message and how its delivery is going.
struct Entry {
  std::string id;   // "e<index in the group>"
  std::string json; // {"Id", "MessageBody", FIFO ids} as JSON text, written once
  std::size_t body_size = 0;
  DeliveryOutcome outcome;
  bool answer_lost = false; // some request carrying it was sent and its answer never came

  void finish(Outcome bucket) {
    outcome.outcome = bucket;
    outcome.indeterminate = bucket != Outcome::acknowledged && answer_lost;
    outcome.finished = WallClock::now();
  }
};

bool contains(const std::vector<std::string> &ids, const std::string &id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const BatchAnswer::Failure *find_failure(const BatchAnswer &answer, const std::string &id) {
  for (const BatchAnswer::Failure &failure : answer.failed)
    if (failure.id == id)
      return &failure;
  return nullptr;
}

// Settles the entries of a 200 answer: Successful ones are acknowledged, Failed ones that are
// the sender's fault are rejected; the rest (SQS's own failures, entries missing from the
// answer) are returned for a retry. SQS reports per-entry failures with status 200.
std::vector<std::size_t> settle_batch_answer(const BatchAnswer &answer, std::vector<Entry> &entries,
                                             const std::vector<std::size_t> &pending) {
  std::vector<std::size_t> retry;
  for (const std::size_t index : pending) {
    Entry &entry = entries[index];
    const std::string &id = entry.id;
    if (contains(answer.successful, id)) {
      entry.outcome.reason.clear();
      entry.finish(Outcome::acknowledged);
      continue;
    }
    const BatchAnswer::Failure *failure = find_failure(answer, id);
    if (failure == nullptr) {
      entry.outcome.reason = "SQS answer lists entry " + id + " neither as Successful nor Failed";
      retry.push_back(index);
      continue;
    }
    entry.outcome.reason = "SQS " + failure->code + ": " + failure->message;
    if (failure->sender_fault && !is_throttling_code(failure->code))
      entry.finish(Outcome::rejected);
    else
      retry.push_back(index);
  }
  return retry;
}

class SqsTransport final : public Transport {
public:
  SqsTransport(net::any_io_executor executor, SqsTransportOptions options)
      : executor_(executor), options_(std::move(options)),
        client_(std::move(executor), options_.client), fifo_(is_fifo_queue(options_.queue_url)) {
    sqs_detail::append_json_string(queue_url_json_, options_.queue_url);
  }

  net::awaitable<std::vector<DeliveryOutcome>>
  async_deliver(std::span<const Parcel> group) override {
    std::vector<Entry> entries = make_entries(group);
    std::vector<std::size_t> sizes;
    for (const Entry &entry : entries)
      sizes.push_back(entry.body_size);
    for (const auto &[begin, end] : split_batches(sizes)) {
      std::vector<std::size_t> batch(end - begin);
      for (std::size_t i = begin; i < end; ++i)
        batch[i - begin] = i;
      co_await send_batch(group, entries, std::move(batch));
    }
    std::vector<DeliveryOutcome> outcomes;
    outcomes.reserve(entries.size());
    for (Entry &entry : entries)
      outcomes.push_back(std::move(entry.outcome));
    co_return outcomes;
  }

  void close() override { client_.close(); }

private:
  // Each entry's JSON is written once, as text: a retry resends the same bytes, and no JSON
  // tree is built or copied per batch (bench/sqs_replay_bench).
  std::vector<Entry> make_entries(std::span<const Parcel> group) {
    std::vector<Entry> entries(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) {
      const Event &event = *group[i].event;
      Entry &entry = entries[i];
      const std::string body = to_json_text(event);
      entry.body_size = body.size();
      entry.id = "e" + std::to_string(i);
      entry.json.reserve(body.size() + body.size() / 4 + 64);
      entry.json.append(R"({"Id":")").append(entry.id).append(R"(","MessageBody":)");
      sqs_detail::append_json_string(entry.json, body);
      if (fifo_) {
        // The n-th sending of an event id through this transport is its copy n: retries of one
        // copy reuse its id (SQS drops the repeat), a duplicate delivery gets a new one.
        entry.json.append(R"(,"MessageGroupId":)");
        sqs_detail::append_json_string(entry.json, message_group_id(event, options_.message_group));
        entry.json.append(R"(,"MessageDeduplicationId":)");
        sqs_detail::append_json_string(entry.json, deduplication_id(event, copies_[event.id]++));
      }
      entry.json += '}';
      entry.outcome.started = WallClock::now();
    }
    return entries;
  }

  // {"QueueUrl":...,"Entries":[...]} of the pending entries.
  std::string batch_request(const std::vector<Entry> &entries,
                            const std::vector<std::size_t> &pending) const {
    std::size_t size = queue_url_json_.size() + 32;
    for (const std::size_t index : pending)
      size += entries[index].json.size() + 1;
    std::string body;
    body.reserve(size);
    body.append(R"({"QueueUrl":)").append(queue_url_json_).append(R"(,"Entries":[)");
    for (const std::size_t index : pending) {
      if (body.back() != '[')
        body += ',';
      body += entries[index].json;
    }
    body += "]}";
    return body;
  }

  // One SendMessageBatch, retried for the entries still pending until each has ended.
  net::awaitable<void> send_batch(std::span<const Parcel> group, std::vector<Entry> &entries,
                                  std::vector<std::size_t> pending) {
    const auto started = WallClock::now();
    std::uint32_t attempts = 0;
    net::steady_timer backoff(executor_);
    while (!pending.empty()) {
      const auto [reply, answer] = co_await client_.async_send_batch_once(
          "SendMessageBatch", batch_request(entries, pending));
      ++attempts;
      for (const std::size_t index : pending) {
        Entry &entry = entries[index];
        ++entry.outcome.attempts;
        entry.outcome.status = reply.status;
        entry.outcome.unreachable = reply.unreachable;
        entry.answer_lost = entry.answer_lost || reply.answer_lost;
        entry.outcome.reason = reply.reason;
      }
      pending = settle(reply, answer, entries, pending);
      if (pending.empty())
        co_return;
      const auto elapsed = std::chrono::duration_cast<Duration>(WallClock::now() - started);
      const auto wait =
          next_backoff(options_.client.retry, attempts, elapsed, group[pending.front()].delivery);
      if (!wait) {
        for (const std::size_t index : pending)
          entries[index].finish(Outcome::failed);
        co_return;
      }
      backoff.expires_after(*wait);
      co_await backoff.async_wait(net::as_tuple(net::use_awaitable));
    }
  }

  // Ends what `reply` decides and returns the entries to send again.
  static std::vector<std::size_t> settle(const SqsReply &reply, const BatchAnswer &answer,
                                         std::vector<Entry> &entries,
                                         const std::vector<std::size_t> &pending) {
    if (reply.ok())
      return settle_batch_answer(answer, entries, pending);
    const bool final =
        reply.status != 0 && (reply.status / 100 == 2 ||
                              classify_sqs_answer(reply.status, reply.error) == Verdict::final);
    if (!final)
      return pending;
    for (const std::size_t index : pending)
      entries[index].finish(Outcome::rejected);
    return {};
  }

  net::any_io_executor executor_;
  SqsTransportOptions options_;
  SqsClient client_;
  bool fifo_;
  std::string queue_url_json_; // the queue URL as a JSON string, written once
  std::unordered_map<std::string, std::uint32_t> copies_;
};

} // namespace

std::unique_ptr<Transport> make_sqs_transport(net::any_io_executor executor,
                                              SqsTransportOptions options) {
  return std::make_unique<SqsTransport>(std::move(executor), std::move(options));
}

} // namespace ivsim::adapters
