// The flags of `ivsim run --transport sqs`: queue, endpoint, region, credentials, FIFO grouping
// and how long to wait for the consumer to drain the queue.
#pragma once

#include "ivsim/adapters/retry_policy.hpp"
#include "ivsim/cli/sut_options.hpp"

#include <boost/program_options.hpp>

#include <string_view>

namespace ivsim::cli {

/// --queue-url, --queue-name, --sqs-endpoint, --sqs-region, --aws-access-key-id,
/// --aws-secret-access-key, --aws-session-token, --sqs-ca-file, --fifo-group, --drain-timeout.
boost::program_options::options_description sqs_options();

/// Points `sut` at an SQS queue: its transport sends SendMessageBatch calls signed with SigV4,
/// and its quiescence waits until the queue is drained. Looks the queue up with GetQueueUrl for
/// --queue-name. Throws InputError naming the flag for bad or missing settings or a queue that
/// does not exist, and ivsim::Error when SQS cannot be asked (unreachable, TLS failure).
void use_sqs_transport(const boost::program_options::variables_map &values,
                       const adapters::RetryPolicy &retry, Duration request_timeout, Sut &sut);

/// True for flags whose value is a secret: they are left out of the printed replay command.
bool is_secret_flag(std::string_view name);

} // namespace ivsim::cli
