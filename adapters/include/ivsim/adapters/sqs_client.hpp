// An Amazon SQS client on ivsim's Beast connection: AWS JSON 1.0 protocol, SigV4, retries.
#pragma once

#include "ivsim/adapters/retry_policy.hpp"
#include "ivsim/adapters/sigv4.hpp"
#include "ivsim/adapters/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::adapters {

namespace http_detail {
class Connection;
}

/// Where and as whom to call SQS. Build it with `resolve_sqs_client_options` to get the AWS
/// environment variables and the checks.
struct SqsClientOptions {
  /// Requests go here (never to the QueueUrl's host, as the AWS SDK does); https is TLS with
  /// the server's certificate verified.
  Url endpoint;
  /// The signing region, e.g. "us-east-1".
  std::string region;
  sigv4::Credentials credentials;
  /// For an https endpoint: a PEM file of CA certificates trusted besides the system's store.
  std::string ca_file;
  /// Bounds connecting (resolve + TCP handshake).
  Duration connect_timeout = std::chrono::seconds(5);
  /// Bounds one request and its answer; must exceed a ReceiveMessage's WaitTimeSeconds.
  Duration request_timeout = std::chrono::seconds(30);
  /// Retries of throttling, 5xx and connection errors (AWS SDK style backoff with jitter).
  RetryPolicy retry;
};

/// What the user gave (flags, a config file); unset fields come from the environment.
struct SqsSettings {
  std::optional<std::string> endpoint;           ///< default: https://sqs.<region>.amazonaws.com
  std::optional<std::string> region;             ///< default: AWS_REGION, then AWS_DEFAULT_REGION
  std::optional<sigv4::Credentials> credentials; ///< default: AWS_ACCESS_KEY_ID, ...
  std::optional<std::string> ca_file;            ///< extra CA certificates (PEM) for https
};

/// Looks up an environment variable; nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string &name)>;

/// The process environment (getenv).
std::optional<std::string> process_environment(const std::string &name);

/// Completes `settings` from `environment` (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional
/// AWS_SESSION_TOKEN, AWS_REGION or AWS_DEFAULT_REGION) and checks them. The endpoint defaults
/// to https://sqs.<region>.amazonaws.com. Throws InputError for a missing or malformed region
/// (`aws region: expected a region like us-east-1, got "US East"`), missing or malformed
/// credentials, a malformed endpoint, and a CA file that cannot be read as PEM certificates.
SqsClientOptions
resolve_sqs_client_options(const SqsSettings &settings,
                           const EnvironmentLookup &environment = process_environment);

/// An SQS error answer: the code after '#' in `__type` (or from `x-amzn-query-error`).
struct SqsError {
  std::string code;         ///< "QueueDoesNotExist", "ThrottlingException", ...
  std::string message;      ///< the answer's `message`
  bool sender_fault = true; ///< the caller's fault (";Sender"), not the service's
};

/// Parses an error answer's body and its `x-amzn-query-error` header value (may be empty).
/// Emulators use other prefixes (`com.amazon.coral.service#...`), so only the part after '#'
/// counts. Never throws: a body that is not JSON gives an empty code.
SqsError parse_sqs_error(std::string_view body, std::string_view query_error);

/// How SQS answers are treated: 2xx acknowledges; 5xx, 429 and throttling codes are retried;
/// every other error is final.
Verdict classify_sqs_answer(unsigned status, const SqsError &error);

/// True for the error codes AWS uses when it throttles (ThrottlingException, RequestThrottled,
/// ...), which come with status 400 and must be retried.
bool is_throttling_code(std::string_view code);

/// One SQS call's end: an answer, an error answer, or no answer at all.
struct SqsReply {
  unsigned status = 0; ///< the last answer's HTTP status, 0 when none arrived
  nlohmann::json body; ///< the parsed 2xx body; an empty body (local-aws-sqs) parses as {}
  SqsError error;      ///< for a non-2xx answer
  std::string reason;  ///< empty when ok(); "SQS QueueDoesNotExist: ...", "connection refused"
  std::uint32_t attempts = 0;
  bool answer_lost = false; ///< some attempt was sent in full and its answer never came
  bool unreachable = false; ///< the last attempt could not connect at all

  /// A 2xx answer with a JSON object body.
  bool ok() const { return reason.empty(); }
};

/// The parts of a SendMessageBatch or DeleteMessageBatch answer.
struct BatchAnswer {
  /// One failed entry; `sender_fault` false means SQS asks for a retry of that entry.
  struct Failure {
    std::string id;
    std::string code;
    std::string message;
    bool sender_fault = true;
  };
  std::vector<std::string> successful; ///< entry ids
  std::vector<Failure> failed;
};

/// Reads `Successful` and `Failed` (either may be absent). Never throws; malformed parts are
/// skipped, so their entries count as missing from the answer.
BatchAnswer parse_batch_answer(const nlohmann::json &body);
/// As parse_batch_answer, straight from the answer's text without building a JSON document;
/// nullopt when the text is not a JSON object.
std::optional<BatchAnswer> read_batch_answer(std::string_view text);

/// One received message.
struct SqsMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
};

/// Reads `Messages` of a ReceiveMessage answer ({} or an empty body means none).
std::vector<SqsMessage> parse_messages(const nlohmann::json &body);

/// An SQS client on `executor`: one keep-alive connection, one request at a time. Every call
/// signs with SigV4 at the current time. Failures are values (SqsReply), never thrown.
class SqsClient {
public:
  /// Throws InputError for empty credentials or region (resolve_sqs_client_options checks more).
  SqsClient(boost::asio::any_io_executor executor, SqsClientOptions options);
  ~SqsClient();
  SqsClient(const SqsClient &) = delete;
  SqsClient &operator=(const SqsClient &) = delete;

  /// One request for `operation` ("SendMessage") with `request` as its JSON body, no retry.
  boost::asio::awaitable<SqsReply> async_call_once(std::string_view operation,
                                                   const nlohmann::json &request);
  /// As async_call_once with the JSON body already serialized (the transport builds its
  /// SendMessageBatch bodies as text, without a JSON tree).
  boost::asio::awaitable<SqsReply> async_send_once(std::string_view operation, std::string body);
  /// As async_send_once for SendMessageBatch or DeleteMessageBatch: the answer's entries are
  /// read straight from its text (read_batch_answer) and `reply.body` stays null. A replay
  /// sends one batch per event group, and a JSON document per answer cost more than the rest.
  boost::asio::awaitable<std::pair<SqsReply, BatchAnswer>>
  async_send_batch_once(std::string_view operation, std::string body);
  /// As async_call_once, retried per `options().retry` while the verdict is retry; `jitter_key`
  /// picks the jitter stream.
  boost::asio::awaitable<SqsReply> async_call(std::string_view operation,
                                              const nlohmann::json &request,
                                              std::uint64_t jitter_key = 0);

  /// CreateQueue; `attributes` values are strings ({"FifoQueue": "true"}). Body: {"QueueUrl"}.
  boost::asio::awaitable<SqsReply>
  async_create_queue(const std::string &name, nlohmann::json attributes = nlohmann::json::object());
  /// GetQueueUrl. Body: {"QueueUrl"}.
  boost::asio::awaitable<SqsReply> async_get_queue_url(const std::string &name);
  /// GetQueueAttributes for `names`. Body: {"Attributes": {name: "string value"}}.
  boost::asio::awaitable<SqsReply>
  async_get_queue_attributes(const std::string &queue_url, const std::vector<std::string> &names);
  /// ReceiveMessage with long polling; parse the body with parse_messages.
  boost::asio::awaitable<SqsReply> async_receive_message(const std::string &queue_url,
                                                         int max_messages, int wait_seconds);
  /// DeleteMessageBatch of up to 10 received messages; parse with parse_batch_answer.
  boost::asio::awaitable<SqsReply> async_delete_message_batch(const std::string &queue_url,
                                                              std::span<const SqsMessage> messages);

  /// Drops the connection (the next call reconnects).
  void close();
  const SqsClientOptions &options() const { return options_; }

private:
  SqsClientOptions options_;
  boost::asio::any_io_executor executor_;
  sigv4::Signer signer_;
  std::unique_ptr<http_detail::Connection> connection_;
};

/// Blocking form of `SqsClient::async_call` on a private io_context: for setting up queues in
/// tests and tools (CreateQueue, GetQueueUrl, PurgeQueue...).
SqsReply call_sqs(const SqsClientOptions &options, std::string_view operation,
                  const nlohmann::json &request);

} // namespace ivsim::adapters
