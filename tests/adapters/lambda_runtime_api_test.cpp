// The Lambda Runtime API server against its documented contract, with a real HTTP client on
// loopback playing the runtime.
#include "ivsim/adapters/lambda_runtime_api.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <exception>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <vector>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace net::experimental::awaitable_operators;
using ivsim::adapters::InvocationRequest;
using ivsim::adapters::InvocationResult;
using ivsim::adapters::InvocationStatus;
using ivsim::adapters::LambdaRuntimeApi;
using Response = http::response<http::string_body>;

constexpr const char *kPrefix = "/2018-06-01/runtime";

// The runtime's side: one request on a fresh connection to the API.
net::awaitable<Response> call(const LambdaRuntimeApi &api, http::verb method, std::string target,
                              std::string body = "", std::string error_type = "") {
  const std::string address = api.address();
  const auto port = static_cast<unsigned short>(std::stoi(address.substr(address.find(':') + 1)));
  beast::tcp_stream stream(co_await net::this_coro::executor);
  co_await stream.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                net::use_awaitable);
  http::request<http::string_body> request(method, target, 11);
  request.set(http::field::host, address);
  if (!error_type.empty())
    request.set("Lambda-Runtime-Function-Error-Type", error_type);
  request.body() = std::move(body);
  request.prepare_payload();
  co_await http::async_write(stream, request, net::use_awaitable);
  beast::flat_buffer buffer;
  Response response;
  co_await http::async_read(stream, buffer, response, net::use_awaitable);
  co_return response;
}

net::awaitable<Response> next(const LambdaRuntimeApi &api) {
  return call(api, http::verb::get, std::string(kPrefix) + "/invocation/next");
}

net::awaitable<Response> answer(const LambdaRuntimeApi &api, const std::string &id,
                                std::string what, std::string body, std::string type = "") {
  return call(api, http::verb::post, std::string(kPrefix) + "/invocation/" + id + "/" + what,
              std::move(body), std::move(type));
}

InvocationRequest request(std::string id,
                          std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
  InvocationRequest request;
  request.request_id = std::move(id);
  request.payload = R"({"id":"event-1","detail":{}})";
  request.function_arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
  request.trace_id = "Root=1-00000000-000000000000000000000001;Parent=1;Sampled=0";
  request.timeout = timeout;
  return request;
}

// Runs `body` on a fresh io_context with an API, then closes the API so run() returns.
template <class Body> void with_api(Body body) {
  net::io_context io;
  LambdaRuntimeApi api(io.get_executor());
  std::exception_ptr failure;
  net::co_spawn(io, body(api), [&](std::exception_ptr error) {
    failure = error;
    api.close();
  });
  io.run();
  if (failure)
    std::rethrow_exception(failure);
}

// Yields until the API has received `count` GET next requests (no timers: it only gives the
// loopback client its turn).
net::awaitable<void> until_polled(const LambdaRuntimeApi &api, std::uint64_t count) {
  while (api.next_requests() < count)
    co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(LambdaRuntimeApi, NextHandsOverTheInvocationWithLambdaHeaders) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    const std::int64_t before = now_ms();
    auto runtime = [&]() -> net::awaitable<Response> {
      Response invocation = co_await next(api);
      EXPECT_EQ((co_await answer(api, "req-1", "response", R"({"ok":true})")).result(),
                http::status::accepted);
      co_return invocation;
    };
    auto [result, invocation] = co_await (api.async_invoke(request("req-1")) && runtime());
    EXPECT_EQ(invocation.result(), http::status::ok);
    EXPECT_EQ(invocation.body(), R"({"id":"event-1","detail":{}})");
    EXPECT_EQ(invocation["Lambda-Runtime-Aws-Request-Id"], "req-1");
    EXPECT_EQ(invocation["Lambda-Runtime-Invoked-Function-Arn"],
              "arn:aws:lambda:us-east-1:123456789012:function:f");
    EXPECT_EQ(invocation["Lambda-Runtime-Trace-Id"],
              "Root=1-00000000-000000000000000000000001;Parent=1;Sampled=0");
    // The deadline is the hand-over plus the timeout, in epoch milliseconds.
    const std::int64_t deadline = std::stoll(std::string(invocation["Lambda-Runtime-Deadline-Ms"]));
    EXPECT_GE(deadline, before + 3000);
    EXPECT_LE(deadline, now_ms() + 3000);
    EXPECT_EQ(result.status, InvocationStatus::succeeded);
    EXPECT_EQ(result.body, R"({"ok":true})");
    EXPECT_TRUE(result.handed_over);
  });
}

// Test that GET next waits for an invocation instead of answering empty.
TEST(LambdaRuntimeApi, NextLongPollsUntilAnInvocationOpens) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    auto runtime = [&]() -> net::awaitable<void> {
      Response invocation = co_await next(api);
      co_await answer(api, std::string(invocation["Lambda-Runtime-Aws-Request-Id"]), "response",
                      "1");
    };
    auto invoker = [&]() -> net::awaitable<InvocationResult> {
      co_await until_polled(api, 1); // the poll is waiting before the invocation exists
      co_return co_await api.async_invoke(request("late"));
    };
    // && drops the void result: only the invocation's remains.
    const InvocationResult result = co_await (runtime() && invoker());
    EXPECT_EQ(result.status, InvocationStatus::succeeded);
  });
}

TEST(LambdaRuntimeApi, ErrorEndsTheInvocationAsFunctionError) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    auto runtime = [&]() -> net::awaitable<void> {
      co_await next(api);
      EXPECT_EQ((co_await answer(api, "req-2", "error",
                                 R"({"errorType":"TypeError","errorMessage":"x is undefined"})",
                                 "Unhandled"))
                    .result(),
                http::status::accepted);
    };
    const InvocationResult result = co_await (api.async_invoke(request("req-2")) && runtime());
    EXPECT_EQ(result.status, InvocationStatus::function_error);
    EXPECT_EQ(result.error_type, "Unhandled"); // the header wins over the document
    EXPECT_NE(result.body.find("x is undefined"), std::string::npos);
  });
}

// Test that answers are correlated by request id: a wrong id is refused and changes nothing.
TEST(LambdaRuntimeApi, AnswerForAnotherRequestIdIsRefused) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    auto runtime = [&]() -> net::awaitable<void> {
      co_await next(api);
      const Response wrong = co_await answer(api, "someone-else", "response", "1");
      EXPECT_EQ(wrong.result(), http::status::bad_request);
      EXPECT_NE(wrong.body().find("InvalidRequestID"), std::string::npos);
      co_await answer(api, "req-3", "response", "2");
    };
    const InvocationResult result = co_await (api.async_invoke(request("req-3")) && runtime());
    EXPECT_EQ(result.status, InvocationStatus::succeeded);
    EXPECT_EQ(result.body, "2");
  });
}

TEST(LambdaRuntimeApi, InitErrorEndsTheOpenInvocation) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    auto runtime = [&]() -> net::awaitable<void> {
      const Response accepted =
          co_await call(api, http::verb::post, std::string(kPrefix) + "/init/error",
                        R"({"errorType":"Runtime.ImportModuleError","errorMessage":"no module"})");
      EXPECT_EQ(accepted.result(), http::status::accepted);
    };
    const InvocationResult result = co_await (api.async_invoke(request("req-4")) && runtime());
    EXPECT_EQ(result.status, InvocationStatus::init_error);
    EXPECT_EQ(result.error_type, "Runtime.ImportModuleError");
    EXPECT_FALSE(result.handed_over);
    EXPECT_NE(api.init_error().value_or("").find("no module"), std::string::npos);
  });
}

// Test that the deadline counts from the hand-over and a late answer is refused.
TEST(LambdaRuntimeApi, NoAnswerByTheDeadlineIsATimeout) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    const auto started = std::chrono::steady_clock::now();
    auto runtime = [&]() -> net::awaitable<Response> { co_return co_await next(api); };
    auto [result, invocation] =
        co_await (api.async_invoke(request("req-5", std::chrono::milliseconds(150))) && runtime());
    EXPECT_EQ(result.status, InvocationStatus::timed_out);
    EXPECT_TRUE(result.handed_over);
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
    EXPECT_EQ((co_await answer(api, "req-5", "response", "late")).result(),
              http::status::bad_request);
  });
}

TEST(LambdaRuntimeApi, EndInvocationReportsTheRuntimeExit) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    auto runtime = [&]() -> net::awaitable<void> {
      co_await next(api);
      api.end_invocation(InvocationStatus::runtime_exited, "exit status 3");
    };
    const InvocationResult result = co_await (api.async_invoke(request("req-6")) && runtime());
    EXPECT_EQ(result.status, InvocationStatus::runtime_exited);
    EXPECT_EQ(result.body, "exit status 3");
    EXPECT_TRUE(result.handed_over);
  });
}

TEST(LambdaRuntimeApi, UnknownRouteIsNotFound) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    const Response response =
        co_await call(api, http::verb::get, "/2018-06-01/runtime/invocation/abc/whatever");
    EXPECT_EQ(response.result(), http::status::not_found);
  });
}

// This process's sockets whose local port is `port` (the API's listening socket and the
// connections it accepted), each with whether it is close-on-exec.
std::vector<std::pair<int, bool>> sockets_on_port(unsigned short port) {
  std::vector<std::pair<int, bool>> found;
  for (const auto &entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    struct stat about {};
    sockaddr_in local{};
    socklen_t size = sizeof local;
    if (::fstat(fd, &about) != 0 || !S_ISSOCK(about.st_mode) ||
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &size) != 0 ||
        local.sin_family != AF_INET || ntohs(local.sin_port) != port)
      continue;
    found.emplace_back(fd, (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
  }
  return found;
}

// Test that a process ivsim starts cannot inherit the Runtime API: its listening socket and the
// connections it accepts are close-on-exec.
TEST(LambdaRuntimeApi, ListeningAndAcceptedSocketsAreCloseOnExec) {
  with_api([](LambdaRuntimeApi &api) -> net::awaitable<void> {
    const std::string address = api.address();
    const auto port = static_cast<unsigned short>(std::stoi(address.substr(address.find(':') + 1)));
    auto runtime = [&]() -> net::awaitable<void> {
      co_await next(api);
      co_await answer(api, "req-7", "response", "{}");
    };
    auto inspect_then_invoke = [&]() -> net::awaitable<InvocationResult> {
      co_await until_polled(api, 1); // the long poll holds an accepted connection open
      const std::vector<std::pair<int, bool>> sockets = sockets_on_port(port);
      EXPECT_GE(sockets.size(), 2u) << "expected the listening socket and a connection";
      for (const auto &[fd, close_on_exec] : sockets)
        EXPECT_TRUE(close_on_exec) << "descriptor " << fd << " would be inherited";
      co_return co_await api.async_invoke(request("req-7"));
    };
    const InvocationResult result = co_await (inspect_then_invoke() && runtime());
    EXPECT_EQ(result.status, InvocationStatus::succeeded);
  });
}

} // namespace
