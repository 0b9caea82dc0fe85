#include "ivsim/adapters/sqs_drain.hpp"

#include "run_to_completion.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <charconv>
#include <optional>

namespace ivsim::adapters {

namespace net = boost::asio;

// SQS writes attribute values as strings ("3").
static std::uint64_t count_attribute(const nlohmann::json &attributes, const char *name) {
  const auto found = attributes.find(name);
  if (found == attributes.end() || !found->is_string())
    return 0;
  const std::string &text = found->get_ref<const std::string &>();
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

static bool read_counts(const SqsReply &reply, DrainResult &result) {
  result.counted = false;
  if (!reply.ok()) {
    result.reason = "GetQueueAttributes: " + reply.reason;
    return false;
  }
  const auto attributes = reply.body.find("Attributes");
  if (attributes == reply.body.end() || !attributes->is_object()) {
    result.reason = "GetQueueAttributes: answer has no Attributes";
    return false;
  }
  result.visible = count_attribute(*attributes, "ApproximateNumberOfMessages");
  result.in_flight = count_attribute(*attributes, "ApproximateNumberOfMessagesNotVisible");
  result.delayed = count_attribute(*attributes, "ApproximateNumberOfMessagesDelayed");
  result.counted = true;
  result.reason = "queue not drained: " + std::to_string(result.visible) + " visible, " +
                  std::to_string(result.in_flight) + " in flight, " +
                  std::to_string(result.delayed) + " delayed";
  return true;
}

// An answer no later poll can change: the endpoint refuses connections, or SQS says the request
// itself is wrong (QueueDoesNotExist, AccessDenied). Throttling and 5xx are worth waiting out.
static bool is_final_failure(const SqsReply &reply) {
  if (reply.unreachable)
    return true;
  const bool client_error = reply.status / 100 == 4 && reply.status != 429;
  return client_error && reply.error.code.find("Throttl") == std::string::npos;
}

static bool is_empty(const DrainResult &result) {
  return result.visible == 0 && result.in_flight == 0 && result.delayed == 0;
}

net::awaitable<DrainResult> async_wait_drained(SqsClient &client, std::string queue_url,
                                               DrainOptions options) {
  // local-aws-sqs counts received-but-undeleted messages in ApproximateNumberOfMessages as well
  // as in ...NotVisible (AWS counts them only in the latter); requiring all three to be 0 works
  // for both.
  static const std::vector<std::string> kNames = {"ApproximateNumberOfMessages",
                                                  "ApproximateNumberOfMessagesNotVisible",
                                                  "ApproximateNumberOfMessagesDelayed"};
  const auto started = WallClock::now();
  std::optional<WallClock::time_point> empty_since;
  DrainResult result;
  const nlohmann::json request = {{"QueueUrl", queue_url}, {"AttributeNames", kNames}};
  net::steady_timer pause(co_await net::this_coro::executor);
  for (;;) {
    const SqsReply reply = co_await client.async_call_once("GetQueueAttributes", request);
    ++result.polls;
    const auto now = WallClock::now();
    result.waited = std::chrono::duration_cast<Duration>(now - started);
    const bool empty = read_counts(reply, result) && is_empty(result);
    if (!reply.ok() && is_final_failure(reply))
      co_return result; // waiting out the timeout would only repeat it
    if (!empty)
      empty_since.reset();
    else if (!empty_since)
      empty_since = now;
    if (empty && now - *empty_since >= options.settle) {
      result.drained = true;
      result.reason.clear();
      co_return result;
    }
    if (result.waited >= options.timeout) {
      result.reason +=
          " after " +
          std::to_string(
              std::chrono::duration_cast<std::chrono::milliseconds>(result.waited).count()) +
          " ms";
      co_return result;
    }
    pause.expires_after(options.poll_interval);
    co_await pause.async_wait(net::as_tuple(net::use_awaitable));
  }
}

DrainResult wait_drained(const SqsClientOptions &client_options, const std::string &queue_url,
                         const DrainOptions &options) {
  net::io_context io(1);
  SqsClient client(io.get_executor(), client_options);
  return run_to_completion(io, async_wait_drained(client, queue_url, options));
}

namespace {

// Remembers the last wait, so replay_sqs can report how the queue looked.
class SqsQuiescence final : public Quiescence {
public:
  SqsQuiescence(SqsClientOptions client, std::string queue_url, DrainOptions options)
      : client_(std::move(client)), queue_url_(std::move(queue_url)), options_(options) {}

  std::optional<std::string> wait() override {
    last_ = wait_drained(client_, queue_url_, options_);
    if (last_.drained)
      return std::nullopt;
    return last_.reason;
  }
  // An empty queue needs no settle time here: the previous run, if any, already waited for it.
  std::optional<std::string> wait_before_start() override {
    DrainOptions before = options_;
    before.settle = Duration::zero();
    const DrainResult result = wait_drained(client_, queue_url_, before);
    if (result.drained)
      return std::nullopt;
    if (!result.counted)
      return "could not look at the queue: " + result.reason;
    return "messages were still in the queue: " + result.reason +
           " (an earlier run's messages would be mixed into this one: let its consumer finish, "
           "or purge the queue)";
  }
  std::string describe() const override { return "SQS queue " + queue_url_ + " drained"; }
  const DrainResult &last() const { return last_; }

private:
  SqsClientOptions client_;
  std::string queue_url_;
  DrainOptions options_;
  DrainResult last_;
};

} // namespace

std::unique_ptr<Quiescence> make_sqs_quiescence(SqsClientOptions client, std::string queue_url,
                                                DrainOptions options) {
  return std::make_unique<SqsQuiescence>(std::move(client), std::move(queue_url), options);
}

SqsRunResult replay_sqs(const Plan &plan, const SqsTransportOptions &sqs,
                        const DispatchOptions &options, const DrainOptions &drain, RunHooks hooks) {
  SqsQuiescence quiet(sqs.client, sqs.queue_url, drain);
  hooks.quiet = &quiet;
  SqsRunResult result;
  result.run = run_plan(
      plan,
      [&](net::any_io_executor executor) { return make_sqs_transport(std::move(executor), sqs); },
      options, hooks);
  result.drain = quiet.last();
  return result;
}

} // namespace ivsim::adapters
