// The Lambda transport with real runtime processes: the shipped bootstraps running the handler
// files in tests/fixtures/lambda, crashing, timing out, failing and running concurrently.
#include "ivsim/adapters/lambda_transport.hpp"

#include "ivsim/error.hpp"
#include "plans.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace fs = std::filesystem;
using ivsim::adapters::DeliveryOutcome;
using ivsim::adapters::LambdaTransportOptions;
using ivsim::adapters::Outcome;
using ivsim::adapters::Parcel;
using ::testing::HasSubstr;

const fs::path kFixtures = fs::path(IVSIM_FIXTURES_DIR) / "lambda";

// A fresh folder for a handler's marker files, removed with the test.
class TempDir {
public:
  TempDir() {
    char pattern[] = "/tmp/ivsim-lambda-test-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path &path() const { return path_; }

private:
  fs::path path_;
};

LambdaTransportOptions options_for(const std::string &file, const std::string &behaviour,
                                   const TempDir &dir) {
  LambdaTransportOptions options;
  const ivsim::adapters::LambdaHandler handler =
      ivsim::adapters::parse_lambda_handler((kFixtures / file).string() + ":handler");
  options.runtime_command = ivsim::adapters::bootstrap_command(handler);
  options.environment = ivsim::adapters::lambda_environment(options.function_name, handler);
  options.environment.emplace_back("TEST_BEHAVIOUR", behaviour);
  options.environment.emplace_back("TEST_DIR", dir.path().string());
  options.concurrency = 2;
  options.retry.initial_backoff = std::chrono::milliseconds(1);
  options.retry.max_backoff = std::chrono::milliseconds(5);
  return options;
}

// Delivers each group in turn through one transport (runtimes stay warm between groups), then
// closes it so the io_context runs out of work.
std::vector<std::vector<DeliveryOutcome>>
deliver_groups(LambdaTransportOptions options, const std::vector<std::size_t> &group_sizes) {
  ivsim::Plan plan = ivsim::testing::sequential_plan(16);
  net::io_context io;
  auto transport = ivsim::adapters::make_lambda_transport(io.get_executor(), std::move(options));
  std::vector<std::vector<DeliveryOutcome>> all;
  std::exception_ptr failure;
  auto body = [&]() -> net::awaitable<void> {
    std::uint32_t next = 0;
    for (std::size_t size : group_sizes) {
      std::vector<Parcel> group;
      for (std::size_t i = 0; i < size; ++i, ++next)
        group.push_back(Parcel{&plan.events[next], next});
      all.push_back(co_await transport->async_deliver(group));
    }
  };
  net::co_spawn(io, body(), [&](std::exception_ptr error) {
    failure = error;
    transport->close();
  });
  io.run();
  if (failure)
    std::rethrow_exception(failure);
  return all;
}

DeliveryOutcome deliver_one(LambdaTransportOptions options) {
  return deliver_groups(std::move(options), {1}).at(0).at(0);
}

TEST(LambdaTransport, ResponseAcknowledgesAndRuntimesStayWarm) {
  TempDir dir;
  const auto groups = deliver_groups(options_for("behaviour.mjs", "ok", dir), {1, 1, 1});
  for (const auto &group : groups) {
    EXPECT_EQ(group.at(0).outcome, Outcome::acknowledged) << group.at(0);
    EXPECT_EQ(group.at(0).attempts, 1u);
    EXPECT_TRUE(group.at(0).output.empty()); // output is kept for failures only
  }
}

// Test that a runtime crashing mid-invocation is restarted and the invocation retried on it.
TEST(LambdaTransport, CrashedRuntimeIsRestartedAndTheInvocationRetried) {
  TempDir dir;
  const DeliveryOutcome outcome = deliver_one(options_for("behaviour.mjs", "crash-once", dir));
  EXPECT_EQ(outcome.outcome, Outcome::acknowledged) << outcome;
  EXPECT_EQ(outcome.attempts, 2u);
}

TEST(LambdaTransport, RuntimeThatKeepsCrashingFailsWithItsOutput) {
  TempDir dir;
  LambdaTransportOptions options = options_for("behaviour.mjs", "crash", dir);
  options.retry.max_attempts = 2;
  const DeliveryOutcome outcome = deliver_one(std::move(options));
  EXPECT_EQ(outcome.outcome, Outcome::failed);
  EXPECT_EQ(outcome.attempts, 2u);
  EXPECT_THAT(outcome.reason, HasSubstr("exit status 3"));
  EXPECT_TRUE(outcome.indeterminate); // it had the event when it died
  EXPECT_FALSE(outcome.unreachable);
  EXPECT_THAT(outcome.output, HasSubstr("--- attempt 2"));
  EXPECT_THAT(outcome.output, HasSubstr("crashing now"));
}

// Test that a timed-out runtime is killed, and the retry goes to a fresh one.
TEST(LambdaTransport, TimeoutKillsTheRuntimeAndRetries) {
  TempDir dir;
  LambdaTransportOptions options = options_for("behaviour.mjs", "hang", dir);
  options.function_timeout = std::chrono::milliseconds(300);
  options.retry.max_attempts = 2;
  const auto started = std::chrono::steady_clock::now();
  const DeliveryOutcome outcome = deliver_one(std::move(options));
  EXPECT_EQ(outcome.outcome, Outcome::failed);
  EXPECT_EQ(outcome.attempts, 2u);
  EXPECT_THAT(outcome.reason, HasSubstr("timed out"));
  EXPECT_TRUE(outcome.indeterminate);
  EXPECT_THAT(outcome.output, HasSubstr("hanging"));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(600));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
}

TEST(LambdaTransport, FunctionErrorIsRetriedTwiceThenFails) {
  TempDir dir;
  const DeliveryOutcome outcome = deliver_one(options_for("behaviour.mjs", "error", dir));
  EXPECT_EQ(outcome.outcome, Outcome::failed);
  EXPECT_EQ(outcome.attempts, 3u); // Lambda's asynchronous invocation: 1 + 2 retries
  EXPECT_THAT(outcome.reason, HasSubstr("function error: Unhandled: boom on"));
  EXPECT_FALSE(outcome.indeterminate); // the runtime answered
  EXPECT_THAT(outcome.output, HasSubstr("Invoke Error"));
  EXPECT_THAT(outcome.output, HasSubstr("(error)")); // the handler's own console.log
}

// Test that a group's invocations run at once in different runtimes: each waits for the other.
TEST(LambdaTransport, GroupRunsConcurrentlyInSeparateRuntimes) {
  TempDir dir;
  LambdaTransportOptions options = options_for("behaviour.mjs", "barrier", dir);
  options.environment.emplace_back("TEST_BARRIER", "2");
  options.function_timeout = std::chrono::seconds(10);
  const auto groups = deliver_groups(std::move(options), {2});
  for (const DeliveryOutcome &outcome : groups.at(0)) {
    EXPECT_EQ(outcome.outcome, Outcome::acknowledged) << outcome;
    EXPECT_EQ(outcome.attempts, 1u);
  }
}

// Init errors are retried like Lambda does (one may be transient); a function that fails to
// initialise on every attempt cannot take any event, so the SUT counts as unreachable.
TEST(LambdaTransport, InitErrorOnEveryAttemptMakesTheFunctionUnreachable) {
  TempDir dir;
  LambdaTransportOptions options = options_for("init_error.mjs", "ok", dir);
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = std::chrono::milliseconds(1);
  const DeliveryOutcome outcome = deliver_one(std::move(options));
  EXPECT_EQ(outcome.outcome, Outcome::failed);
  EXPECT_EQ(outcome.attempts, 2u);
  EXPECT_THAT(outcome.reason, HasSubstr("failed to initialise on every attempt; init error: "
                                        "Runtime.ImportModuleError"));
  EXPECT_THAT(outcome.output, HasSubstr("missing configuration"));
  EXPECT_TRUE(outcome.unreachable);
}

TEST(LambdaTransport, RuntimeThatCannotStartIsUnreachable) {
  TempDir dir;
  LambdaTransportOptions options = options_for("behaviour.mjs", "ok", dir);
  options.runtime_command = {"/bin/sh", "-c", "echo no runtime here >&2; exit 127"};
  const DeliveryOutcome outcome = deliver_one(std::move(options));
  EXPECT_EQ(outcome.outcome, Outcome::failed);
  EXPECT_TRUE(outcome.unreachable);
  EXPECT_EQ(outcome.attempts, 1u); // no use retrying a runtime that cannot start
  EXPECT_THAT(outcome.reason, HasSubstr("before asking for an invocation (exit status 127)"));
  EXPECT_THAT(outcome.output, HasSubstr("no runtime here"));
}

TEST(LambdaTransport, PythonHandlerRunsThroughThePythonBootstrap) {
  TempDir dir;
  LambdaTransportOptions options;
  const auto handler =
      ivsim::adapters::parse_lambda_handler((kFixtures / "echo.py").string() + ":handler");
  options.runtime_command = ivsim::adapters::bootstrap_command(handler);
  options.retry.max_attempts = 1;
  const DeliveryOutcome outcome = deliver_one(std::move(options));
  EXPECT_EQ(outcome.outcome, Outcome::acknowledged) << outcome << "\n" << outcome.output;
}

TEST(LambdaHandler, ParsesFileAndExport) {
  const auto handler =
      ivsim::adapters::parse_lambda_handler((kFixtures / "noop.mjs").string() + ":main");
  EXPECT_EQ(handler.export_name, "main");
  EXPECT_EQ(handler.file.filename(), "noop.mjs");
  EXPECT_EQ(ivsim::adapters::parse_lambda_handler((kFixtures / "noop.mjs").string()).export_name,
            "handler");
}

TEST(LambdaHandler, MissingFileOrUnknownRuntimeIsBadInput) {
  EXPECT_THROW(ivsim::adapters::parse_lambda_handler("/nonexistent/index.mjs:handler"),
               ivsim::InputError);
  const ivsim::adapters::LambdaHandler ruby{kFixtures / "handler.rb", "handler"};
  EXPECT_THROW(ivsim::adapters::bootstrap_command(ruby), ivsim::InputError);
}

} // namespace
