// The Lambda Runtime API server for one runtime: Beast sessions on coroutines, one open invocation.
#include "ivsim/adapters/lambda_runtime_api.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <cassert>
#include <cerrno>
#include <set>
#include <sys/socket.h>
#include <unistd.h>

namespace ivsim::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

std::string_view to_string(InvocationStatus status) {
  switch (status) {
  case InvocationStatus::succeeded:
    return "succeeded";
  case InvocationStatus::function_error:
    return "function error";
  case InvocationStatus::init_error:
    return "init error";
  case InvocationStatus::timed_out:
    return "timed out";
  case InvocationStatus::runtime_exited:
    return "runtime exited";
  case InvocationStatus::closed:
    return "closed";
  }
  return "?";
}

namespace {

// Lambda accepts response payloads up to 6 MB for synchronous invocations; leave some headroom
// for the error documents runtimes send (stack traces).
constexpr std::uint64_t kMaxBodyBytes = 8 * 1024 * 1024;

// The invocation in flight: at most one per runtime, as in one Lambda execution environment.
struct OpenInvocation {
  InvocationRequest request;
  bool handed_over = false;
  std::optional<InvocationResult> result;
  net::steady_timer *wake = nullptr; // the invoker waits on it: its expiry is the deadline
};

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response make_response(const Request &request, http::status status, std::string body) {
  Response response(status, request.version());
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

// The error document shape the Runtime API itself answers with.
std::string api_error(std::string_view type, std::string_view message) {
  return nlohmann::json{{"errorType", type}, {"errorMessage", message}}.dump();
}

std::int64_t epoch_milliseconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

// errorType from the Lambda-Runtime-Function-Error-Type header, else from the error document.
std::string error_type_of(const Request &request) {
  if (const auto header = request.find("Lambda-Runtime-Function-Error-Type");
      header != request.end())
    return std::string(header->value());
  const auto document = nlohmann::json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (document.is_object() && document.contains("errorType") && document["errorType"].is_string())
    return document["errorType"].get<std::string>();
  return "";
}

// ".../invocation/{id}/response" -> {id, "response"}; nullopt for any other shape.
std::optional<std::pair<std::string, std::string>> invocation_route(std::string_view target) {
  constexpr std::string_view kInvocation = "/invocation/";
  if (!target.starts_with(kRuntimeApiPrefix))
    return std::nullopt;
  target.remove_prefix(kRuntimeApiPrefix.size());
  if (!target.starts_with(kInvocation))
    return std::nullopt;
  target.remove_prefix(kInvocation.size());
  const std::size_t slash = target.find('/');
  if (slash == std::string_view::npos || slash == 0)
    return std::nullopt;
  return std::pair{std::string(target.substr(0, slash)), std::string(target.substr(slash + 1))};
}

// Sockets are close-on-exec from the moment they exist (SOCK_CLOEXEC; Asio opens them without
// it): a process that ivsim starts must not hold the Runtime API open. A runtime orphaned by a
// killed ivsim that still held the listening socket would see its reconnects wait in the backlog
// rather than refused, and never exit.
tcp::acceptor listen_on_loopback(net::any_io_executor executor) {
  tcp::acceptor acceptor(executor);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw boost::system::system_error(errno, boost::system::system_category(), "socket");
  boost::system::error_code error;
  acceptor.assign(tcp::v4(), fd, error);
  if (error) {
    ::close(fd);
    throw boost::system::system_error(error, "assign");
  }
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  acceptor.listen();
  // accept4() is called on readiness only, and a connection reset while queued must not block it.
  acceptor.non_blocking(true);
  return acceptor;
}

} // namespace

struct LambdaRuntimeApi::State : std::enable_shared_from_this<LambdaRuntimeApi::State> {
  explicit State(net::any_io_executor executor)
      : acceptor(listen_on_loopback(executor)),
        next_signal(executor, SteadyClock::time_point::max()) {}

  tcp::acceptor acceptor;
  // Never expires: cancel() wakes every long poll, which then looks for an open invocation.
  net::steady_timer next_signal;
  std::optional<OpenInvocation> open;
  std::set<beast::tcp_stream *> sessions;
  std::uint64_t next_requests = 0;
  std::optional<std::string> init_error;
  bool closed = false;

  void finish(InvocationResult result) {
    if (!open || open->result)
      return;
    open->result = std::move(result);
    open->wake->cancel();
  }

  net::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    while (!closed) {
      auto [error] =
          co_await acceptor.async_wait(tcp::acceptor::wait_read, net::as_tuple(net::use_awaitable));
      if (error)
        co_return; // closed
      // accept4(), not Asio's accept(): the connection is close-on-exec too (see
      // listen_on_loopback()).
      const int fd =
          ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED)
          continue; // gone before we took it
        co_return;
      }
      tcp::socket socket(acceptor.get_executor());
      socket.assign(tcp::v4(), fd, error);
      if (error) {
        ::close(fd);
        continue;
      }
      // Each answer is one small write the runtime waits for: never hold it back (Nagle).
      socket.set_option(tcp::no_delay(true), error);
      net::co_spawn(acceptor.get_executor(), serve(beast::tcp_stream(std::move(socket))),
                    net::detached);
    }
  }

  net::awaitable<void> serve(beast::tcp_stream stream) {
    auto self = shared_from_this();
    sessions.insert(&stream);
    beast::flat_buffer buffer;
    while (!closed) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(kMaxBodyBytes);
      auto [read_error, bytes] =
          co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
      if (read_error)
        break;
      Request request = parser.release();
      std::optional<Response> response = co_await answer(request, stream);
      if (!response)
        break;
      auto [write_error, written] =
          co_await http::async_write(stream, *response, net::as_tuple(net::use_awaitable));
      if (write_error) {
        // A next response that never arrived leaves its invocation for the next poll.
        if (open && open->handed_over && !open->result &&
            response->find("Lambda-Runtime-Aws-Request-Id") != response->end() &&
            (*response)["Lambda-Runtime-Aws-Request-Id"] == open->request.request_id) {
          open->handed_over = false;
          open->wake->expires_after(open->request.init_timeout);
        }
        break;
      }
      if (!request.keep_alive())
        break;
    }
    sessions.erase(&stream);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  // nullopt: drop the connection (closed while long polling).
  net::awaitable<std::optional<Response>> answer(const Request &request,
                                                 beast::tcp_stream &stream) {
    const std::string_view target = request.target();
    if (request.method() == http::verb::get &&
        target == std::string(kRuntimeApiPrefix) + "/invocation/next")
      co_return co_await next(request, stream);
    if (request.method() == http::verb::post &&
        target == std::string(kRuntimeApiPrefix) + "/init/error") {
      init_error = request.body();
      finish({InvocationStatus::init_error, request.body(), error_type_of(request)});
      co_return make_response(request, http::status::accepted, R"({"status":"OK"})");
    }
    if (const auto route = invocation_route(target); route && request.method() == http::verb::post)
      co_return answer_invocation(request, route->first, route->second);
    co_return make_response(
        request, http::status::not_found,
        api_error("NotFound", "no such Runtime API route: " + std::string(request.method_string()) +
                                  " " + std::string(target)));
  }

  // The long poll: waits until an invocation is open and not yet handed over.
  net::awaitable<std::optional<Response>> next(const Request &request, beast::tcp_stream &stream) {
    ++next_requests;
    while (!(open && !open->handed_over && !open->result)) {
      // Checked before every wait, not only after: a request read just before close() (or a
      // runtime's disconnect) resumes after the signal that ended the other waits, and would
      // otherwise wait for one that never comes, keeping the io_context running for ever.
      if (closed || !stream.socket().is_open())
        co_return std::nullopt;
      co_await next_signal.async_wait(net::as_tuple(net::use_awaitable));
    }
    OpenInvocation &invocation = *open;
    invocation.handed_over = true;
    invocation.wake->expires_after(invocation.request.timeout); // the deadline starts now
    const auto deadline =
        std::chrono::system_clock::now() +
        std::chrono::duration_cast<std::chrono::system_clock::duration>(invocation.request.timeout);
    Response response = make_response(request, http::status::ok, invocation.request.payload);
    response.set("Lambda-Runtime-Aws-Request-Id", invocation.request.request_id);
    response.set("Lambda-Runtime-Deadline-Ms", std::to_string(epoch_milliseconds(deadline)));
    response.set("Lambda-Runtime-Invoked-Function-Arn", invocation.request.function_arn);
    response.set("Lambda-Runtime-Trace-Id", invocation.request.trace_id);
    co_return response;
  }

  Response answer_invocation(const Request &request, const std::string &id,
                             const std::string &what) {
    const bool known = open && open->handed_over && !open->result && open->request.request_id == id;
    if (what != "response" && what != "error")
      return make_response(request, http::status::not_found,
                           api_error("NotFound", "expected .../invocation/{id}/response or "
                                                 "/error, got " +
                                                     std::string(request.target())));
    if (!known)
      return make_response(
          request, http::status::bad_request,
          api_error("InvalidRequestID", "no open invocation has request id " + id));
    if (what == "response")
      finish({InvocationStatus::succeeded, request.body(), ""});
    else
      finish({InvocationStatus::function_error, request.body(), error_type_of(request)});
    return make_response(request, http::status::accepted, R"({"status":"OK"})");
  }

  void drop_sessions() {
    for (beast::tcp_stream *session : sessions) {
      beast::error_code ignored;
      session->socket().close(ignored);
    }
    next_signal.cancel();
  }
};

LambdaRuntimeApi::LambdaRuntimeApi(net::any_io_executor executor)
    : state_(std::make_shared<State>(executor)) {
  net::co_spawn(executor, state_->accept_loop(), net::detached);
}

LambdaRuntimeApi::~LambdaRuntimeApi() { close(); }

std::string LambdaRuntimeApi::address() const {
  return "127.0.0.1:" + std::to_string(state_->acceptor.local_endpoint().port());
}

net::awaitable<InvocationResult> LambdaRuntimeApi::async_invoke(InvocationRequest request) {
  const std::shared_ptr<State> state = state_;
  assert(!state->open && "one invocation at a time per runtime");
  net::steady_timer wake(co_await net::this_coro::executor);
  wake.expires_after(request.init_timeout);
  state->open.emplace(OpenInvocation{std::move(request), false, std::nullopt, &wake});
  if (state->closed)
    state->finish({InvocationStatus::closed, "the Runtime API was closed", ""});
  state->next_signal.cancel();
  for (;;) {
    OpenInvocation &invocation = *state->open;
    if (invocation.result)
      break;
    co_await wake.async_wait(net::as_tuple(net::use_awaitable)); // cancelled or expired: see below
    if (invocation.result)
      break;
    // A cancelled wait means the deadline moved (handed over) or the result came: look again.
    if (SteadyClock::now() < wake.expiry())
      continue;
    const std::string why = invocation.handed_over
                                ? "no answer within " + format_duration(invocation.request.timeout)
                                : "the runtime did not ask for the invocation within " +
                                      format_duration(invocation.request.init_timeout);
    invocation.result = InvocationResult{InvocationStatus::timed_out, why, ""};
  }
  InvocationResult result = std::move(*state->open->result);
  result.handed_over = state->open->handed_over;
  state->open.reset();
  co_return result;
}

void LambdaRuntimeApi::end_invocation(InvocationStatus status, std::string why) {
  state_->finish({status, std::move(why), ""});
}

void LambdaRuntimeApi::disconnect_runtime() {
  state_->drop_sessions();
  state_->init_error.reset();
}

std::uint64_t LambdaRuntimeApi::next_requests() const { return state_->next_requests; }

std::optional<std::string> LambdaRuntimeApi::init_error() const { return state_->init_error; }

void LambdaRuntimeApi::close() {
  if (state_->closed)
    return;
  state_->closed = true;
  beast::error_code ignored;
  state_->acceptor.close(ignored);
  state_->drop_sessions();
  state_->finish({InvocationStatus::closed, "the Runtime API was closed", ""});
}

} // namespace ivsim::adapters
