#include "ivsim/adapters/http_transport.hpp"

#include "http/connection.hpp"
#include "ivsim/adapters/interruption.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include <exception>
#include <optional>

namespace ivsim::adapters {

namespace net = boost::asio;
namespace http = boost::beast::http;
using http_detail::Connection;
using http_detail::Exchange;

static void replace_all(std::string &text, std::string_view placeholder, std::string_view value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

std::string render_body(const std::optional<std::string> &body_template,
                        std::string_view event_json) {
  if (!body_template)
    return std::string(event_json);
  std::string body = *body_template;
  replace_all(body, "{{event_string}}", nlohmann::json(std::string(event_json)).dump());
  replace_all(body, "{{event}}", event_json);
  return body;
}

namespace {

// Outcome bookkeeping of one delivery across its attempts.
struct AttemptLog {
  DeliveryOutcome outcome;
  bool answer_lost = false; // some attempt was sent in full and its answer never came

  // Records one attempt; returns the verdict for it.
  Verdict record(const Exchange &exchange) {
    ++outcome.attempts;
    outcome.status = exchange.status;
    answer_lost = answer_lost || (exchange.error && exchange.sent);
    outcome.unreachable = exchange.error && http_detail::is_unreachable(exchange.error);
    if (exchange.error) {
      outcome.reason = describe(exchange);
      outcome.output.clear(); // no answer, so no body to show
      return Verdict::retry;
    }
    const Verdict verdict = classify_status(exchange.status);
    outcome.reason = verdict == Verdict::acknowledged ? "" : describe(exchange);
    // A refusal's body usually says why ({"error": "..."}, a stack trace): the report shows it.
    outcome.output = verdict == Verdict::acknowledged ? "" : exchange.body.substr(0, kMostBodyKept);
    return verdict;
  }

  static constexpr std::size_t kMostBodyKept = 4096; // bytes

  DeliveryOutcome finish(Outcome bucket) {
    outcome.outcome = bucket;
    outcome.indeterminate = bucket != Outcome::acknowledged && answer_lost;
    outcome.finished = WallClock::now();
    return std::move(outcome);
  }
};

class HttpTransport final : public Transport {
public:
  HttpTransport(net::any_io_executor executor, HttpTransportOptions options)
      : executor_(std::move(executor)), options_(std::move(options)) {}

  net::awaitable<std::vector<DeliveryOutcome>>
  async_deliver(std::span<const Parcel> group) override {
    while (lanes_.size() < group.size())
      lanes_.push_back(std::make_unique<Connection>(
          executor_, options_.url, options_.connect_timeout, options_.request_timeout));
    if (group.size() > 1)
      co_return co_await deliver_concurrently(group);
    std::vector<DeliveryOutcome> outcomes(1);
    outcomes[0] = co_await deliver_one(group[0], *lanes_[0]);
    co_return outcomes;
  }

  void close() override {
    for (auto &lane : lanes_)
      lane->close();
  }

private:
  // Each parcel on its own connection, all at once, the way two Lambda invocations race.
  net::awaitable<std::vector<DeliveryOutcome>> deliver_concurrently(std::span<const Parcel> group) {
    std::vector<net::awaitable<DeliveryOutcome>> deliveries;
    deliveries.reserve(group.size());
    for (std::size_t lane = 0; lane < group.size(); ++lane)
      deliveries.push_back(deliver_one(group[lane], *lanes_[lane]));
    co_return co_await deliver_all(executor_, std::move(deliveries));
  }

  // The exact EventBridge bytes, serialised once per delivery (retries resend them).
  std::string body_of(const Event &event) const {
    std::string json = to_json_text(event);
    if (!options_.body_template)
      return json;
    return render_body(options_.body_template, json);
  }

  net::awaitable<DeliveryOutcome> deliver_one(Parcel parcel, Connection &connection) {
    const http_detail::Request request = http_detail::make_request(
        http::verb::post, options_.url, options_.headers, body_of(*parcel.event));
    AttemptLog log;
    log.outcome.started = WallClock::now();
    std::optional<net::steady_timer> backoff; // only a retried delivery needs one
    for (;;) {
      const Verdict verdict = log.record(co_await connection.async_exchange(request));
      if (verdict == Verdict::acknowledged)
        co_return log.finish(Outcome::acknowledged);
      if (verdict == Verdict::final)
        co_return log.finish(Outcome::rejected);
      const auto elapsed =
          std::chrono::duration_cast<Duration>(WallClock::now() - log.outcome.started);
      const auto wait =
          next_backoff(options_.retry, log.outcome.attempts, elapsed, parcel.delivery);
      if (!wait || interrupted()) // an interrupted ivsim retries nothing: it is winding down
        co_return log.finish(Outcome::failed);
      if (!backoff)
        backoff.emplace(executor_);
      backoff->expires_after(*wait);
      co_await backoff->async_wait(net::as_tuple(net::use_awaitable));
    }
  }

  net::any_io_executor executor_;
  HttpTransportOptions options_;
  std::vector<std::unique_ptr<Connection>> lanes_;
};

} // namespace

std::unique_ptr<Transport> make_http_transport(net::any_io_executor executor,
                                               HttpTransportOptions options) {
  return std::make_unique<HttpTransport>(std::move(executor), std::move(options));
}

} // namespace ivsim::adapters
