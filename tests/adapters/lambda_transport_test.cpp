// The Lambda transport with real runtime processes: the shipped bootstraps running the handler
// files in tests/fixtures/lambda, crashing, timing out, failing and running concurrently.
#include "ivsim/adapters/lambda_transport.hpp"

#include "ivsim/error.hpp"
#include "plans.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <poll.h>
#include <set>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
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

// The descriptor numbers in `ls -l /proc/PID/fd` output ("... 1 -> pipe:[123]").
std::set<int> listed_descriptors(const std::string &listing) {
  std::set<int> numbers;
  std::istringstream lines(listing);
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t arrow = line.find(" -> ");
    if (arrow == std::string::npos)
      continue;
    const std::size_t space = line.rfind(' ', arrow - 1);
    numbers.insert(std::stoi(line.substr(space + 1, arrow - space - 1)));
  }
  return numbers;
}

// Test that a runtime inherits stdin, stdout and stderr only: not the Runtime API's listening
// sockets (an orphaned runtime holding one would wait on its backlog for ever), nor the other
// runtimes' pipes.
TEST(LambdaTransport, RuntimeInheritsNoDescriptorButStdio) {
  TempDir dir;
  LambdaTransportOptions options = options_for("behaviour.mjs", "ok", dir);
  // `ls` runs in a child of the shell and lists the shell's descriptors: the runtime's own.
  options.runtime_command = {"/bin/sh", "-c", "ls -l /proc/$$/fd; exit 3"};
  const DeliveryOutcome outcome = deliver_one(std::move(options));
  EXPECT_THAT(outcome.reason, HasSubstr("exit status 3"));
  EXPECT_THAT(outcome.output, HasSubstr("0 -> /dev/null"));
  EXPECT_THAT(outcome.output, ::testing::Not(HasSubstr("socket:")));
  EXPECT_EQ(listed_descriptors(outcome.output), (std::set<int>{0, 1, 2})) << outcome.output;
}

// Reads a line from the non-blocking `fd`, waiting at most until `deadline`; "" when none came.
std::string read_line_by(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0)
      return "";
    char c = 0;
    const ssize_t got = ::read(fd, &c, 1);
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
      continue;
    if (got <= 0 || c == '\n')
      return line;
    line += c;
  }
}

// Test that a runtime dies with ivsim even when ivsim is SIGKILLed and cannot kill it (an OOM
// killer, a CI hard kill): an orphaned runtime would hold its ports and connections for ever.
TEST(LambdaTransport, RuntimeDiesWhenIvsimIsKilled) {
  TempDir dir;
  const fs::path fifo = dir.path() / "runtime-pid";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opened before the runtime writes: a non-blocking reader needs no writer yet.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  // The runtime reports its pid, then hangs as a runtime stuck in an invocation would.
  const std::string script = "echo $$ > '" + fifo.string() + "'; exec sleep 600";
  std::vector<std::string> args = {IVSIM_LAMBDA_RUNTIME_HOST, "/bin/sh", "-c", script};
  std::vector<char *> argv;
  for (std::string &arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t host = -1;
  ASSERT_EQ(::posix_spawn(&host, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  const std::string line =
      read_line_by(reader, std::chrono::steady_clock::now() + std::chrono::seconds(30));
  ::close(reader);
  const pid_t runtime = line.empty() ? -1 : std::stoi(line);
  const int pidfd = runtime > 0 ? static_cast<int>(::syscall(SYS_pidfd_open, runtime, 0)) : -1;
  ::kill(host, SIGKILL);
  int status = 0;
  while (::waitpid(host, &status, 0) < 0 && errno == EINTR) {
  }
  ASSERT_GE(pidfd, 0) << "the runtime did not report its pid (got \"" << line << "\")";
  // A pidfd turns readable when its process ends; wait for that, within a deadline.
  pollfd ended{pidfd, POLLIN, 0};
  const int ready = ::poll(&ended, 1, /*timeout_ms=*/10'000);
  EXPECT_EQ(ready, 1) << "the runtime (pid " << runtime << ") outlived the killed ivsim";
  ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0); // it must not outlive the test
  ::close(pidfd);
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
