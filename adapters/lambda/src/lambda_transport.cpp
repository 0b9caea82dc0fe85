// The Lambda transport: runtime slots (a Runtime API endpoint and its process each), invocation
// attempts with Lambda's asynchronous retries, and per-invocation output.
#include "ivsim/adapters/lambda_transport.hpp"

#include "ivsim/adapters/lambda_runtime_api.hpp"
#include "runtime_process.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include <cassert>
#include <cstdio>
#include <exception>

namespace ivsim::adapters {

namespace net = boost::asio;
using lambda_detail::RuntimeProcess;

namespace {

// Wakes every coroutine waiting on it; waiters re-check their condition (a condition variable
// for one thread). The timer never expires: only notify() ends a wait.
class Signal {
public:
  explicit Signal(net::any_io_executor executor)
      : timer_(std::move(executor), std::chrono::steady_clock::time_point::max()) {}
  void notify() { timer_.cancel(); }
  net::awaitable<void> wait() { co_await timer_.async_wait(net::as_tuple(net::use_awaitable)); }

private:
  net::steady_timer timer_;
};

// One execution environment: a Runtime API endpoint and the runtime process polling it.
struct Slot {
  explicit Slot(net::any_io_executor executor) : api(executor), exited(executor) {}

  LambdaRuntimeApi api;
  std::shared_ptr<RuntimeProcess> process; // null when no runtime runs
  bool busy = false;                       // an attempt holds this slot
  std::uint64_t polls_at_spawn = 0;        // api.next_requests() when the process started
  std::string exit_reason;                 // how the last process ended, "" while it runs
  bool exited_without_polling = false;     // ... and it never asked for an invocation
  std::string output;                      // runtime output not yet given to an attempt
  Signal exited;
};

// How one attempt ended.
struct Attempt {
  bool acknowledged = false;
  std::string reason;
  bool answer_lost = false; // the runtime had the event and gave no answer
  bool unreachable = false; // the runtime could not start at all
  bool init_error = false;  // the function's code failed to load
  std::string output;
};

std::string hex_request_id(std::uint32_t delivery, std::uint32_t attempt, std::uint64_t serial) {
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4000-8000-%012llx", delivery, attempt & 0xffffu,
                static_cast<unsigned long long>(serial & 0xffffffffffffULL));
  return text;
}

// X-Ray's trace header shape: Root=1-<epoch seconds, hex>-<96 bits>;Parent=<64 bits>;Sampled=0.
std::string trace_id(std::uint64_t serial) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  char text[96];
  std::snprintf(text, sizeof text, "Root=1-%08llx-%024llx;Parent=%016llx;Sampled=0",
                static_cast<unsigned long long>(seconds), static_cast<unsigned long long>(serial),
                static_cast<unsigned long long>(serial));
  return text;
}

// "Error: boom" from a Lambda error document {"errorType", "errorMessage", ...}.
std::string describe_error(const InvocationResult &result) {
  const auto document = nlohmann::json::parse(result.body, nullptr, /*allow_exceptions=*/false);
  std::string message;
  if (document.is_object() && document.contains("errorMessage") &&
      document["errorMessage"].is_string())
    message = document["errorMessage"].get<std::string>();
  else
    message = result.body;
  if (result.error_type.empty())
    return message;
  return result.error_type + ": " + message;
}

std::string keep_end(std::string text, std::size_t limit) {
  if (text.size() <= limit)
    return text;
  return "[" + std::to_string(text.size() - limit) + " bytes cut]" +
         text.substr(text.size() - limit);
}

class LambdaTransport final : public Transport {
public:
  LambdaTransport(net::any_io_executor executor, LambdaTransportOptions options)
      : executor_(std::move(executor)), options_(std::move(options)), slot_freed_(executor_) {
    assert(options_.concurrency >= 1 && "at least one runtime");
    function_arn_ = "arn:aws:lambda:us-east-1:123456789012:function:" + options_.function_name;
  }

  ~LambdaTransport() override { close(); }

  net::awaitable<std::vector<DeliveryOutcome>>
  async_deliver(std::span<const Parcel> group) override {
    if (slots_.empty()) {
      closed_ = false;
      for (std::uint32_t i = 0; i < options_.concurrency; ++i)
        slots_.push_back(std::make_unique<Slot>(executor_));
    }
    if (group.size() == 1) {
      std::vector<DeliveryOutcome> outcomes(1);
      outcomes[0] = co_await deliver_one(group[0]);
      co_return outcomes;
    }
    // Each parcel in its own invocation, all at once: concurrent EventBridge targets race.
    std::vector<net::awaitable<DeliveryOutcome>> deliveries;
    deliveries.reserve(group.size());
    for (const Parcel &parcel : group)
      deliveries.push_back(deliver_one(parcel));
    co_return co_await deliver_all(executor_, std::move(deliveries));
  }

  // Kills the runtimes and closes their endpoints, so nothing keeps the io_context busy. The
  // slots stay alive (an attempt still in flight may refer to its slot); the next delivery
  // starts fresh ones.
  void close() override {
    closed_ = true;
    for (auto &slot : slots_) {
      if (slot->process)
        slot->process->close();
      slot->process.reset();
      slot->api.close();
      slot->exited.notify();
      retired_.push_back(std::move(slot));
    }
    slots_.clear();
    slot_freed_.notify();
  }

private:
  net::awaitable<DeliveryOutcome> deliver_one(Parcel parcel) {
    const std::string payload = to_json_text(*parcel.event);
    DeliveryOutcome outcome;
    outcome.started = WallClock::now();
    bool answer_lost = false;
    bool every_attempt_init_error = true;
    net::steady_timer backoff(executor_);
    for (;;) {
      Slot *free_slot = co_await acquire();
      if (!free_slot) {
        outcome.reason = "not finished: the transport was closed";
        outcome.outcome = Outcome::failed;
        outcome.finished = WallClock::now();
        co_return outcome;
      }
      Slot &slot = *free_slot;
      Attempt attempt = co_await invoke(slot, parcel, payload, outcome.attempts + 1);
      release(slot);
      ++outcome.attempts;
      if (attempt.acknowledged) {
        outcome.outcome = Outcome::acknowledged;
        outcome.reason.clear();
        outcome.output.clear(); // kept only for deliveries that end unacknowledged
        outcome.unreachable = false;
        outcome.finished = WallClock::now();
        co_return outcome;
      }
      outcome.reason = std::move(attempt.reason);
      outcome.unreachable = attempt.unreachable;
      answer_lost = answer_lost || attempt.answer_lost;
      every_attempt_init_error = every_attempt_init_error && attempt.init_error;
      outcome.output += "--- attempt " + std::to_string(outcome.attempts) + ": " + outcome.reason +
                        "\n" + attempt.output;
      if (!outcome.output.empty() && outcome.output.back() != '\n')
        outcome.output += '\n';
      const auto elapsed = std::chrono::duration_cast<Duration>(WallClock::now() - outcome.started);
      const auto wait = next_backoff(options_.retry, outcome.attempts, elapsed, parcel.delivery);
      if (!wait || closed_ || attempt.unreachable) {
        // Init runs before the event is handed over, so a function whose code failed to load on
        // every retry cannot take any event: the SUT is down (verdict unknown), not wrong.
        if (every_attempt_init_error && !closed_) {
          outcome.unreachable = true;
          outcome.reason = "the function failed to initialise on every attempt; " + outcome.reason;
        }
        outcome.outcome = Outcome::failed;
        outcome.indeterminate = answer_lost;
        outcome.finished = WallClock::now();
        co_return outcome;
      }
      backoff.expires_after(*wait);
      co_await backoff.async_wait(net::as_tuple(net::use_awaitable));
    }
  }

  // A free slot, warm ones first; waits while every runtime is busy (Lambda's concurrency cap).
  // Null once the transport is closed.
  net::awaitable<Slot *> acquire() {
    while (!closed_) {
      Slot *chosen = nullptr;
      for (auto &slot : slots_) {
        if (slot->busy)
          continue;
        if (slot->process) {
          chosen = slot.get();
          break;
        }
        if (!chosen)
          chosen = slot.get();
      }
      if (chosen) {
        chosen->busy = true;
        co_return chosen;
      }
      co_await slot_freed_.wait();
    }
    co_return nullptr;
  }

  void release(Slot &slot) {
    slot.busy = false;
    slot_freed_.notify();
  }

  void start_runtime(Slot &slot, std::string &error) {
    std::vector<std::pair<std::string, std::string>> environment = options_.environment;
    environment.emplace_back("AWS_LAMBDA_RUNTIME_API", slot.api.address());
    slot.polls_at_spawn = slot.api.next_requests();
    slot.exit_reason.clear();
    slot.exited_without_polling = false;
    slot.process = RuntimeProcess::spawn(executor_, options_.runtime_command, environment, error,
                                         [this, &slot](std::string how) { on_exit(slot, how); });
  }

  // The runtime process of `slot` ended (crash, kill after a timeout, init error, idle exit).
  void on_exit(Slot &slot, const std::string &how) {
    slot.output += slot.process->take_output();
    slot.process.reset();
    slot.exit_reason = how;
    slot.exited_without_polling =
        slot.api.next_requests() == slot.polls_at_spawn && !slot.api.init_error();
    slot.api.disconnect_runtime();
    // Lambda reports a runtime that dies mid-invocation as Runtime.ExitError.
    slot.api.end_invocation(InvocationStatus::runtime_exited, "Runtime.ExitError: " + how);
    slot.exited.notify();
  }

  net::awaitable<void> kill_and_wait(Slot &slot) {
    if (slot.process)
      slot.process->kill();
    while (slot.process && !closed_)
      co_await slot.exited.wait();
  }

  net::awaitable<Attempt> invoke(Slot &slot, const Parcel &parcel, const std::string &payload,
                                 std::uint32_t attempt_number) {
    Attempt attempt;
    if (!slot.process) {
      std::string error;
      start_runtime(slot, error);
      if (!slot.process) {
        attempt.reason = "cannot start the runtime: " + error;
        attempt.unreachable = true;
        co_return attempt;
      }
    }
    InvocationRequest request;
    request.request_id = hex_request_id(parcel.delivery, attempt_number, ++serial_);
    request.payload = payload;
    request.function_arn = function_arn_;
    request.trace_id = trace_id(serial_);
    request.timeout = options_.function_timeout;
    request.init_timeout = options_.init_timeout;
    const InvocationResult result = co_await slot.api.async_invoke(std::move(request));
    switch (result.status) {
    case InvocationStatus::succeeded:
      attempt.acknowledged = true;
      break;
    case InvocationStatus::function_error:
      attempt.reason = "function error: " + describe_error(result);
      break;
    case InvocationStatus::init_error:
      attempt.init_error = true;
      attempt.reason = "init error: " + describe_error(result);
      co_await kill_and_wait(slot); // Lambda discards an environment whose init failed
      break;
    case InvocationStatus::timed_out:
      // Lambda: "Task timed out after 3.00 seconds", and the execution environment is reset.
      attempt.reason = "timed out: " + result.body + "; the runtime was killed";
      attempt.answer_lost = result.handed_over;
      co_await kill_and_wait(slot);
      break;
    case InvocationStatus::runtime_exited:
      attempt.answer_lost = result.handed_over;
      attempt.unreachable = slot.exited_without_polling;
      attempt.reason =
          slot.exited_without_polling
              ? "the runtime exited before asking for an invocation (" + slot.exit_reason + ")"
              : "the runtime exited during the invocation (" + slot.exit_reason + ")";
      break;
    case InvocationStatus::closed:
      attempt.reason = "not finished: the transport was closed";
      break;
    }
    if (slot.process)
      slot.output += slot.process->take_output();
    if (!attempt.acknowledged)
      attempt.output = keep_end(std::move(slot.output), options_.max_output_per_attempt);
    slot.output.clear();
    co_return attempt;
  }

  net::any_io_executor executor_;
  LambdaTransportOptions options_;
  std::string function_arn_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::unique_ptr<Slot>> retired_; // closed slots, kept for attempts still running
  Signal slot_freed_;
  std::uint64_t serial_ = 0;
  bool closed_ = false;
};

} // namespace

std::unique_ptr<Transport> make_lambda_transport(net::any_io_executor executor,
                                                 LambdaTransportOptions options) {
  return std::make_unique<LambdaTransport>(std::move(executor), std::move(options));
}

} // namespace ivsim::adapters
