#include "loopback_sut.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>
#include <list>
#include <optional>
#include <thread>

namespace ivsim::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using net::ip::tcp;

constexpr auto kAsTuple = net::as_tuple(net::use_awaitable);

struct LoopbackSut::Impl {
  explicit Impl(Script script_in) : script(std::move(script_in)), acceptor(io) {
    const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), 0);
    acceptor.open(endpoint.protocol());
    acceptor.bind(endpoint);
    acceptor.listen();
    port = acceptor.local_endpoint().port();
  }

  net::awaitable<void> accept_loop();
  net::awaitable<void> serve(tcp::socket socket, std::size_t connection);
  net::awaitable<bool> hold(); // false when the concurrency target never came (server thread)
  void die();

  Script script;
  net::io_context io;
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  std::thread thread;

  // Server-thread state.
  std::list<beast::tcp_stream *> streams;
  std::list<net::steady_timer *> held;
  std::size_t in_flight = 0;

  mutable std::mutex mutex; // guards what the test thread reads
  std::vector<Received> requests;
  std::size_t accepted = 0;
  std::size_t hold_target = 0;
};

static Received to_received(const http::request<http::string_body> &request,
                            std::size_t connection) {
  Received received;
  received.method = std::string(request.method_string());
  received.target = std::string(request.target());
  for (const auto &field : request) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    received.headers[name] = std::string(field.value());
  }
  received.body = request.body();
  received.connection = connection;
  return received;
}

net::awaitable<bool> LoopbackSut::Impl::hold() {
  std::size_t target;
  {
    std::lock_guard lock(mutex);
    target = hold_target;
  }
  if (target == 0)
    co_return true;
  if (in_flight >= target) {
    for (net::steady_timer *timer : held)
      timer->cancel();
    co_return true;
  }
  net::steady_timer timer(io, std::chrono::seconds(5));
  auto position = held.insert(held.end(), &timer);
  auto [error] = co_await timer.async_wait(kAsTuple);
  held.erase(position);
  co_return error == net::error::operation_aborted; // cancelled = released by concurrency
}

void LoopbackSut::Impl::die() {
  beast::error_code ignored;
  acceptor.close(ignored);
  for (beast::tcp_stream *stream : streams)
    stream->socket().close(ignored);
}

net::awaitable<void> LoopbackSut::Impl::serve(tcp::socket socket, std::size_t connection) {
  beast::tcp_stream stream(std::move(socket));
  auto registered = streams.insert(streams.end(), &stream);
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    auto [read_error, read] = co_await http::async_read(stream, buffer, request, kAsTuple);
    if (read_error)
      break;
    Received received = to_received(request, connection);
    std::size_t index;
    {
      std::lock_guard lock(mutex);
      index = requests.size();
      requests.push_back(received);
    }
    Reply reply = script ? script(index, received) : Reply{};
    ++in_flight;
    if (!co_await hold())
      reply = Reply{Reply::answer, 599, "held request never saw a concurrent one"};
    --in_flight;
    if (reply.kind == Reply::close)
      break;
    if (reply.kind == Reply::die) {
      die();
      break;
    }
    if (reply.kind == Reply::hang) {
      net::steady_timer forever(io, std::chrono::hours(1));
      co_await forever.async_wait(kAsTuple);
      break;
    }
    if (reply.delay.count() > 0) {
      net::steady_timer slow(io, reply.delay);
      co_await slow.async_wait(kAsTuple);
    }
    http::response<http::string_body> response(static_cast<http::status>(reply.status),
                                               request.version());
    response.keep_alive(request.keep_alive());
    response.body() = reply.body;
    response.prepare_payload();
    if (reply.status >= 200 && reply.status < 300) {
      std::lock_guard lock(mutex);
      requests[index].applied = true;
    }
    auto [write_error, written] = co_await http::async_write(stream, response, kAsTuple);
    if (write_error || !response.keep_alive())
      break;
  }
  streams.erase(registered);
  beast::error_code ignored;
  stream.socket().close(ignored);
}

net::awaitable<void> LoopbackSut::Impl::accept_loop() {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(kAsTuple);
    if (error)
      co_return; // closed by die() or the destructor
    std::size_t connection;
    {
      std::lock_guard lock(mutex);
      connection = accepted++;
    }
    net::co_spawn(io, serve(std::move(socket), connection), net::detached);
  }
}

LoopbackSut::LoopbackSut(Script script) : impl_(std::make_unique<Impl>(std::move(script))) {
  net::co_spawn(impl_->io, impl_->accept_loop(), net::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

LoopbackSut::~LoopbackSut() {
  net::post(impl_->io, [this] {
    impl_->die();
    impl_->io.stop();
  });
  impl_->thread.join();
}

std::uint16_t LoopbackSut::port() const { return impl_->port; }

adapters::Url LoopbackSut::url(const std::string &path) const {
  return adapters::parse_url("http://127.0.0.1:" + std::to_string(impl_->port) + path);
}

void LoopbackSut::hold_until_concurrent(std::size_t count) {
  std::lock_guard lock(impl_->mutex);
  impl_->hold_target = count;
}

std::vector<Received> LoopbackSut::received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

std::vector<std::string> LoopbackSut::applied_bodies() const {
  std::vector<std::string> bodies;
  for (const Received &request : received())
    if (request.applied)
      bodies.push_back(request.body);
  return bodies;
}

std::size_t LoopbackSut::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted;
}

} // namespace ivsim::testing
