#include "ivsim/adapters/sqs_client.hpp"

#include "http/connection.hpp"
#include "ivsim/adapters/delivery_outcome.hpp"
#include "run_to_completion.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cassert>
#include <ctime>

namespace ivsim::adapters {

namespace net = boost::asio;
namespace http = boost::beast::http;

// X-Amz-Date now: SigV4 signatures are valid for about 5 minutes around it (platform.md 3).
static std::string amz_date_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[17];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// The AWS JSON 1.0 request for `operation`, signed with SigV4 for service "sqs".
static http_detail::Request signed_request(const SqsClientOptions &options, sigv4::Signer &signer,
                                           std::string_view operation, std::string body) {
  const std::string amz_date = amz_date_now();
  HeaderList headers = {{"content-type", "application/x-amz-json-1.0"},
                        {"host", options.endpoint.authority()},
                        {"x-amz-date", amz_date},
                        {"x-amz-target", "AmazonSQS." + std::string(operation)}};
  // Temporary credentials need the token on the wire, signed (AWS_SESSION_TOKEN).
  if (!options.credentials.session_token.empty())
    headers.emplace_back("x-amz-security-token", options.credentials.session_token);
  // The headers are lent to the signer and taken back: no copy per request.
  sigv4::Request to_sign;
  to_sign.path = options.endpoint.target;
  to_sign.headers = std::move(headers);
  to_sign.body = body;
  std::string authorization = signer.authorization(to_sign, amz_date);
  headers = std::move(to_sign.headers);
  headers.emplace_back("authorization", std::move(authorization));
  return http_detail::make_request(http::verb::post, options.endpoint, headers, std::move(body));
}

static std::string not_an_object(unsigned status) {
  return "HTTP " + std::to_string(status) + ": answer is not a JSON object";
}

static SqsReply to_reply(http_detail::Exchange &exchange) {
  SqsReply reply;
  reply.attempts = 1;
  reply.status = exchange.status;
  if (exchange.error) {
    reply.reason = http_detail::describe(exchange);
    reply.answer_lost = exchange.sent;
    reply.unreachable = http_detail::is_unreachable(exchange.error);
    return reply;
  }
  if (exchange.status / 100 == 2) {
    // local-aws-sqs answers an empty ReceiveMessage with an empty body where AWS sends {}.
    reply.body = exchange.body.empty()
                     ? nlohmann::json::object()
                     : nlohmann::json::parse(exchange.body, nullptr, /*allow_exceptions=*/false);
    if (!reply.body.is_object())
      reply.reason = not_an_object(exchange.status);
    return reply;
  }
  const auto query_error = exchange.headers.find("x-amzn-query-error");
  reply.error = parse_sqs_error(exchange.body, query_error == exchange.headers.end()
                                                   ? std::string_view()
                                                   : std::string_view(query_error->value()));
  reply.reason = "HTTP " + std::to_string(exchange.status) + " " +
                 (reply.error.code.empty() ? "error" : reply.error.code) +
                 (reply.error.message.empty() ? "" : ": " + reply.error.message);
  return reply;
}

// No answer (timeouts, refused connections) is retried like a 5xx; a 2xx that is not JSON is
// final (retrying a broken server will not fix it).
static Verdict verdict_of(const SqsReply &reply) {
  if (reply.status == 0)
    return Verdict::retry;
  if (reply.status / 100 == 2)
    return reply.ok() ? Verdict::acknowledged : Verdict::final;
  return classify_sqs_answer(reply.status, reply.error);
}

SqsClient::SqsClient(net::any_io_executor executor, SqsClientOptions options)
    : options_(std::move(options)), executor_(std::move(executor)),
      signer_(options_.credentials, options_.region, "sqs"),
      connection_(std::make_unique<http_detail::Connection>(
          executor_, options_.endpoint, options_.connect_timeout, options_.request_timeout,
          options_.ca_file)) {}

SqsClient::~SqsClient() = default;

void SqsClient::close() { connection_->close(); }

net::awaitable<SqsReply> SqsClient::async_call_once(std::string_view operation,
                                                    const nlohmann::json &request) {
  co_return co_await async_send_once(operation, request.dump());
}

net::awaitable<SqsReply> SqsClient::async_send_once(std::string_view operation, std::string body) {
  const http_detail::Request message =
      signed_request(options_, signer_, operation, std::move(body));
  http_detail::Exchange exchange = co_await connection_->async_exchange(message);
  co_return to_reply(exchange);
}

net::awaitable<std::pair<SqsReply, BatchAnswer>>
SqsClient::async_send_batch_once(std::string_view operation, std::string body) {
  const http_detail::Request message =
      signed_request(options_, signer_, operation, std::move(body));
  http_detail::Exchange exchange = co_await connection_->async_exchange(message);
  if (exchange.error || exchange.status / 100 != 2)
    co_return std::pair(to_reply(exchange), BatchAnswer{});
  SqsReply reply;
  reply.attempts = 1;
  reply.status = exchange.status;
  // An empty body reads as {} (see to_reply): no entry is answered, so every one is retried.
  std::optional<BatchAnswer> answer =
      exchange.body.empty() ? BatchAnswer{} : read_batch_answer(exchange.body);
  if (!answer)
    reply.reason = not_an_object(exchange.status);
  co_return std::pair(std::move(reply), std::move(answer).value_or(BatchAnswer{}));
}

net::awaitable<SqsReply> SqsClient::async_call(std::string_view operation,
                                               const nlohmann::json &request,
                                               std::uint64_t jitter_key) {
  const auto started = WallClock::now();
  std::uint32_t attempts = 0;
  bool answer_lost = false;
  net::steady_timer backoff(executor_);
  for (;;) {
    SqsReply reply = co_await async_call_once(operation, request);
    reply.attempts = ++attempts;
    answer_lost = answer_lost || reply.answer_lost;
    reply.answer_lost = answer_lost && !reply.ok();
    if (verdict_of(reply) != Verdict::retry)
      co_return reply;
    const auto elapsed = std::chrono::duration_cast<Duration>(WallClock::now() - started);
    const auto wait = next_backoff(options_.retry, attempts, elapsed, jitter_key);
    if (!wait)
      co_return reply;
    backoff.expires_after(*wait);
    co_await backoff.async_wait(net::as_tuple(net::use_awaitable));
  }
}

net::awaitable<SqsReply> SqsClient::async_create_queue(const std::string &name,
                                                       nlohmann::json attributes) {
  nlohmann::json request = {{"QueueName", name}};
  if (!attributes.empty())
    request["Attributes"] = std::move(attributes);
  co_return co_await async_call("CreateQueue", request);
}

net::awaitable<SqsReply> SqsClient::async_get_queue_url(const std::string &name) {
  const nlohmann::json request = {{"QueueName", name}};
  co_return co_await async_call("GetQueueUrl", request);
}

net::awaitable<SqsReply>
SqsClient::async_get_queue_attributes(const std::string &queue_url,
                                      const std::vector<std::string> &names) {
  const nlohmann::json request = {{"QueueUrl", queue_url}, {"AttributeNames", names}};
  co_return co_await async_call("GetQueueAttributes", request);
}

net::awaitable<SqsReply> SqsClient::async_receive_message(const std::string &queue_url,
                                                          int max_messages, int wait_seconds) {
  const nlohmann::json request = {{"QueueUrl", queue_url},
                                  {"MaxNumberOfMessages", max_messages},
                                  {"WaitTimeSeconds", wait_seconds}};
  co_return co_await async_call("ReceiveMessage", request);
}

net::awaitable<SqsReply>
SqsClient::async_delete_message_batch(const std::string &queue_url,
                                      std::span<const SqsMessage> messages) {
  assert(!messages.empty() && messages.size() <= 10 && "DeleteMessageBatch takes 1-10 entries");
  nlohmann::json entries = nlohmann::json::array();
  for (std::size_t i = 0; i < messages.size(); ++i)
    entries.push_back(
        {{"Id", "d" + std::to_string(i)}, {"ReceiptHandle", messages[i].receipt_handle}});
  const nlohmann::json request = {{"QueueUrl", queue_url}, {"Entries", std::move(entries)}};
  co_return co_await async_call("DeleteMessageBatch", request);
}

SqsReply call_sqs(const SqsClientOptions &options, std::string_view operation,
                  const nlohmann::json &request) {
  net::io_context io(1);
  SqsClient client(io.get_executor(), options);
  return run_to_completion(io, client.async_call(operation, request));
}

} // namespace ivsim::adapters
