#include "ivsim/examples/handler_server.hpp"

#include "bugs.hpp"
#include "ivsim/example/handler_state.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>
#include <vector>

namespace ivsim::examples {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Idle keep-alive connections are closed after this long; a replay never pauses that long
// between deliveries on one connection (pacing at --time-scale keeps the client's side open).
constexpr auto kIdleTimeout = std::chrono::minutes(5);

struct HandlerServer::Impl {
  explicit Impl(const HandlerServerOptions &options)
      : variant(make_variant(options.bug)), crash_at_event(options.crash_at_event),
        state(variant.rules), threads_wanted(std::max(options.threads, 1u)),
        io(std::in_place, static_cast<int>(threads_wanted)) {
    acceptor.emplace(*io);
    const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), options.port);
    acceptor->open(endpoint.protocol());
    acceptor->set_option(net::socket_base::reuse_address(true));
    acceptor->bind(endpoint);
    acceptor->listen();
    port = acceptor->local_endpoint().port();
  }

  Response handle(const Request &request);
  Response apply(const Request &request, const nlohmann::json &event);
  net::awaitable<void> accept_loop();
  net::awaitable<void> serve(tcp::socket socket);

  Variant variant;
  std::uint64_t crash_at_event;
  std::atomic<std::uint64_t> events_seen{0};
  example::HandlerState state;
  unsigned threads_wanted;
  std::optional<net::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::uint16_t port = 0;
  std::vector<std::thread> threads;
};

static Response answer(const Request &request, http::status status, std::string body) {
  Response response(status, request.version());
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

static Response error(const Request &request, http::status status, std::string_view message) {
  return answer(request, status, nlohmann::json{{"error", message}}.dump());
}

static bool has_event_name(const nlohmann::json &event) {
  const auto detail = event.find("detail");
  return detail != event.end() && detail->is_object() && detail->contains("event_name");
}

// xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx, what `@IsUUID("4")` or a strict UUID schema accepts.
// EventBridge ids are 32 random hex digits in this layout with no fixed version or variant digit.
static bool is_uuid_v4(const nlohmann::json &event) {
  const auto id = event.find("id");
  if (id == event.end() || !id->is_string())
    return false;
  const std::string &text = id->get_ref<const std::string &>();
  if (text.size() != 36 || text[14] != '4' ||
      std::string_view("89ab").find(text[19]) == std::string_view::npos)
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0)
      return false;
  }
  return true;
}

Response HandlerServer::Impl::apply(const Request &request, const nlohmann::json &event) {
  if (variant.fail_without_event_name && !has_event_name(event))
    return error(request, http::status::internal_server_error, "detail.event_name is missing");
  if (variant.reject_non_uuid_v4_id && !is_uuid_v4(event))
    return error(request, http::status::bad_request, "id: expected a UUID v4");
  try {
    state.apply(event);
  } catch (const std::invalid_argument &bad_event) {
    // A malformed event will never apply: a final 4xx, so EventBridge does not retry it.
    return error(request, http::status::bad_request, bad_event.what());
  }
  return answer(request, http::status::ok, "");
}

Response HandlerServer::Impl::handle(const Request &request) {
  const std::string_view target = request.target();
  const http::verb method = request.method();
  if (target == "/events" && method == http::verb::post) {
    if (crash_at_event != 0 && ++events_seen == crash_at_event)
      std::_Exit(3); // like a crash: no answer, no cleanup; the kernel closes the sockets
    nlohmann::json event =
        nlohmann::json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
    if (event.is_discarded() || !event.is_object())
      return error(request, http::status::bad_request, "expected one EventBridge event as JSON");
    return apply(request, event);
  }
  if (target == "/state" && method == http::verb::get)
    return answer(request, http::status::ok, state.document().dump());
  if (target == "/reset" && method == http::verb::post) {
    state.reset();
    return answer(request, http::status::ok, "");
  }
  if (target == "/events" || target == "/state" || target == "/reset")
    return error(request, http::status::method_not_allowed, "method not allowed");
  return error(request, http::status::not_found,
               "expected POST /events, GET /state or POST /reset");
}

net::awaitable<void> HandlerServer::Impl::serve(tcp::socket socket) {
  constexpr auto kAsTuple = net::as_tuple(net::use_awaitable);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    stream.expires_after(kIdleTimeout);
    Request request;
    auto [read_error, read] = co_await http::async_read(stream, buffer, request, kAsTuple);
    if (read_error)
      break;
    Response response = handle(request);
    const bool keep_alive = response.keep_alive();
    auto [write_error, written] = co_await http::async_write(stream, response, kAsTuple);
    if (write_error || !keep_alive)
      break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> HandlerServer::Impl::accept_loop() {
  for (;;) {
    auto [error, socket] = co_await acceptor->async_accept(net::as_tuple(net::use_awaitable));
    if (error == net::error::operation_aborted || !acceptor->is_open())
      co_return;
    if (error)
      continue; // a client that gave up during the handshake: keep accepting the others
    socket.set_option(tcp::no_delay(true), error);
    net::co_spawn(*io, serve(std::move(socket)), net::detached);
  }
}

HandlerServer::HandlerServer(const HandlerServerOptions &options)
    : impl_(std::make_unique<Impl>(options)) {
  net::co_spawn(*impl_->io, impl_->accept_loop(), net::detached);
}

HandlerServer::~HandlerServer() { stop(); }

std::uint16_t HandlerServer::port() const { return impl_->port; }

unsigned HandlerServer::post_event(std::string body) {
  Request request(http::verb::post, "/events", 11);
  request.body() = std::move(body);
  return impl_->handle(request).result_int();
}

void HandlerServer::start() {
  for (unsigned i = 0; i < impl_->threads_wanted; ++i)
    impl_->threads.emplace_back([this] { impl_->io->run(); });
}

void HandlerServer::stop() {
  if (!impl_->io)
    return;
  // Close the listener on the io_context's own threads (sockets are not thread-safe), then stop.
  net::post(*impl_->io, [this] {
    impl_->acceptor->close();
    impl_->io->stop();
  });
  for (std::thread &thread : impl_->threads)
    thread.join();
  impl_->threads.clear();
  // Destroying the context destroys every suspended session, closing its socket: clients see
  // the server die, as a crashed process would look.
  impl_->acceptor.reset();
  impl_->io.reset();
}

} // namespace ivsim::examples
