// The bundled handler's SQS consumer mode: receive events from a queue, apply them, delete them.
#pragma once

#include "ivsim/adapters/sqs_client.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace ivsim::examples {

class HandlerServer;

/// Which queue to consume and how.
struct SqsConsumerOptions {
  adapters::SqsClientOptions client;
  std::string queue_url;
  /// Long polling: local-aws-sqs answers a long poll only when it ends unless MaxNumberOfMessages
  /// arrived (platform.md 2), so a short wait keeps a trickle of events from stalling.
  int wait_time_seconds = 1;
  int max_messages = 10; ///< 1-10 per ReceiveMessage
};

/// Applies one message body (an EventBridge event as JSON) and returns the HTTP status that
/// `POST /events` would answer for it.
using BodyProcessor = std::function<unsigned(std::string body)>;

/// A consumer like a Lambda SQS event source: ReceiveMessage, apply each Body, then
/// DeleteMessageBatch of those that ended. A 2xx deletes the message; a final 4xx (an event that
/// can never apply) deletes it too, as a redrive policy would move it away; anything else leaves
/// it to come back after its visibility timeout. Runs on its own thread.
class SqsConsumer {
public:
  SqsConsumer(SqsConsumerOptions options, BodyProcessor process);
  /// Stops (see stop()).
  ~SqsConsumer();
  SqsConsumer(const SqsConsumer &) = delete;
  SqsConsumer &operator=(const SqsConsumer &) = delete;

  /// Starts consuming on a background thread and returns at once.
  void start();
  /// Stops consuming and joins the thread. A message received but not yet deleted comes back
  /// after its visibility timeout (at least once, like SQS itself).
  void stop();

  /// Messages applied (2xx).
  std::uint64_t applied() const { return applied_; }
  /// Messages refused with a final 4xx, deleted without effect.
  std::uint64_t discarded() const { return discarded_; }
  /// Failed ReceiveMessage or DeleteMessageBatch calls (after retries).
  std::uint64_t errors() const { return errors_; }

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<std::uint64_t> applied_ = 0;
  std::atomic<std::uint64_t> discarded_ = 0;
  std::atomic<std::uint64_t> errors_ = 0;
};

/// Starts consuming `queue_url` into `server` (as if each message were POSTed to /events), with
/// credentials and region from the AWS environment variables and `endpoint` (default: AWS's).
/// Throws ivsim::InputError for bad settings (see adapters::resolve_sqs_client_options).
std::unique_ptr<SqsConsumer> start_sqs_consumer(HandlerServer &server, std::string queue_url,
                                                std::optional<std::string> endpoint);

} // namespace ivsim::examples
