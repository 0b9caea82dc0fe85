// Quiescence over SQS: wait until the queue is drained, and a whole SQS run (send, drain, read).
#pragma once

#include "ivsim/adapters/replay.hpp"
#include "ivsim/adapters/sqs_client.hpp"
#include "ivsim/adapters/sqs_transport.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace ivsim::adapters {

/// How long and how often to look at the queue.
struct DrainOptions {
  /// After this long without a drained queue the verdict is "unknown".
  Duration timeout = std::chrono::seconds(60);
  /// Pause between GetQueueAttributes calls.
  Duration poll_interval = std::chrono::milliseconds(50);
  /// The settle probe: the queue must stay empty this long before it counts as drained (a
  /// consumer deletes a message after applying it, but approximate counts can lag).
  Duration settle = std::chrono::milliseconds(300);
};

/// What the queue looked like at the end of the wait.
struct DrainResult {
  bool drained = false;
  /// Why not drained: "queue not drained after 60 s: 3 visible, 1 in flight, 0 delayed", or the
  /// last GetQueueAttributes error. An unreachable endpoint or a client error (QueueDoesNotExist)
  /// ends the wait at once.
  std::string reason;
  bool counted = false;        ///< the last GetQueueAttributes answered with the counts below
  std::uint64_t visible = 0;   ///< ApproximateNumberOfMessages
  std::uint64_t in_flight = 0; ///< ApproximateNumberOfMessagesNotVisible
  std::uint64_t delayed = 0;   ///< ApproximateNumberOfMessagesDelayed
  std::uint32_t polls = 0;     ///< GetQueueAttributes calls made
  Duration waited{};
};

/// Polls `queue_url` until ApproximateNumberOfMessages, ...NotVisible and ...Delayed have all
/// been 0 for `options.settle`, or `options.timeout` passed. Never throws for SQS failures.
/// `client` must outlive the operation.
boost::asio::awaitable<DrainResult> async_wait_drained(SqsClient &client, std::string queue_url,
                                                       DrainOptions options);

/// Blocking form of async_wait_drained on a private io_context.
DrainResult wait_drained(const SqsClientOptions &client, const std::string &queue_url,
                         const DrainOptions &options);

/// The Quiescence of an SQS run: wait_drained on `queue_url` with `options`; its error is the
/// DrainResult's reason ("queue not drained: 3 visible, 1 in flight, 0 delayed after 60000 ms").
std::unique_ptr<Quiescence> make_sqs_quiescence(SqsClientOptions client, std::string queue_url,
                                                DrainOptions options);

/// A finished SQS run and how the wait for the consumer ended.
struct SqsRunResult {
  RunResult run;
  DrainResult drain;
};

/// Waits until the queue is empty (messages left from an earlier run would be consumed after the
/// reset; if it does not empty within `drain.timeout`, nothing is sent and `run.reset_error`
/// says why), resets the SUT (hooks.reset), sends `plan` through an SQS transport, waits until
/// the queue is drained, then reads the state (hooks.state). When the queue does not drain in
/// time the state is not read: `run.state_error` says so and the verdict is "unknown".
SqsRunResult replay_sqs(const Plan &plan, const SqsTransportOptions &sqs,
                        const DispatchOptions &options, const DrainOptions &drain,
                        RunHooks hooks = {});

} // namespace ivsim::adapters
