// The SQS transport: sends each event's EventBridge JSON as one SQS message, groups as batches.
#pragma once

#include "ivsim/adapters/sqs_client.hpp"
#include "ivsim/adapters/transport.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::adapters {

/// At most this many entries go in one SendMessageBatch (SQS API reference).
inline constexpr std::size_t kMaxBatchEntries = 10;
/// At most this many body bytes go in one SendMessageBatch, and in one message: 1 MiB.
inline constexpr std::size_t kMaxBatchBytes = 1'048'576;

/// How FIFO messages are grouped (SQS keeps order within a group, and EventBridge needs a
/// MessageGroupId for a FIFO target). Ignored for standard queues.
enum class SqsMessageGroup : std::uint8_t {
  per_channel, ///< resources[0]: a channel's events share a group (stages, compositions likewise)
  per_stage,   ///< as per_channel, but composition events join their stage's group (stage_arn)
  single,      ///< every event in one group: the whole run in schedule order
};

/// "channel", "stage", "one": the names `ivsim run --fifo-group` takes.
std::string_view to_string(SqsMessageGroup group);
/// The group for a name above. Throws InputError listing the names for any other.
SqsMessageGroup parse_sqs_message_group(std::string_view text);

/// Where to send and how.
struct SqsTransportOptions {
  SqsClientOptions client;
  /// The queue's URL (from CreateQueue or GetQueueUrl); a name ending in ".fifo" makes it FIFO.
  std::string queue_url;
  SqsMessageGroup message_group = SqsMessageGroup::per_channel;
};

/// True when the queue's name (the URL's last segment) ends with ".fifo".
bool is_fifo_queue(std::string_view queue_url);

/// The MessageGroupId of `event` under `group` ("ivsim" when the event names no resource).
std::string message_group_id(const Event &event, SqsMessageGroup group);

/// The MessageDeduplicationId of the `copy`-th sending of `event` (0 for the first): the event id
/// plus the copy number, so SQS deduplication (5 minutes) swallows a retried send of one copy
/// but never a duplicate delivery the plan asked for ("<id>-<copy>").
std::string deduplication_id(const Event &event, std::uint32_t copy);

/// Splits bodies of the given sizes, in order, into consecutive [begin, end) runs of at most
/// kMaxBatchEntries entries and kMaxBatchBytes bytes. A body larger than the limit goes alone
/// (SQS then refuses it, and only it).
std::vector<std::pair<std::size_t, std::size_t>>
split_batches(std::span<const std::size_t> body_sizes);

/// A transport sending to `options.queue_url` on `executor` through one keep-alive connection.
/// A group goes out as SendMessageBatch calls (split by split_batches); an entry is acknowledged
/// when SQS lists it as Successful. Failed entries are retried alone while SQS says they are not
/// the sender's fault; throttling, 5xx and connection errors retry the whole batch per
/// `options.client.retry`; other errors reject the entries. The message body is the event's exact
/// EventBridge JSON (what EventBridge puts in an SQS target without an input transformer).
std::unique_ptr<Transport> make_sqs_transport(boost::asio::any_io_executor executor,
                                              SqsTransportOptions options);

} // namespace ivsim::adapters
