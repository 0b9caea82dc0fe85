#include "http/connection.hpp"

#include "ivsim/error.hpp"
#include "run_to_completion.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <optional>
#include <tuple>

namespace ivsim::adapters::http_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

constexpr auto kAsTuple = net::as_tuple(net::use_awaitable);
// What one read of an answer may take: more than an SQS batch answer or a handler's reply.
constexpr std::size_t kReadBufferSize = 16 * 1024;

static bool is_tls_error(const error_code &error) {
  return error.category() == net::error::get_ssl_category() ||
         error.category() == net::ssl::error::get_stream_category();
}

bool is_unreachable(const error_code &error) {
  return error == net::error::connection_refused || error == net::error::host_unreachable ||
         error == net::error::network_unreachable || error == net::error::host_not_found ||
         (is_tls_error(error) && error != net::ssl::error::stream_truncated);
}

// A server may close a kept-alive connection between requests; over TLS that often shows as a
// truncated stream (no close_notify) rather than an end of file.
static bool is_closed(const error_code &error) {
  return error == http::error::end_of_stream || error == net::error::eof ||
         error == net::error::connection_reset || error == net::ssl::error::stream_truncated;
}

std::string describe(const Exchange &exchange) {
  if (!exchange.error)
    return "HTTP " + std::to_string(exchange.status);
  if (exchange.error == beast::error::timeout)
    return exchange.sent ? "timeout after the request was sent (answer lost)"
                         : "timeout before the request was sent";
  if (exchange.sent && is_closed(exchange.error))
    return "connection closed after the request was sent (answer lost)";
  // An https:// URL to a plain-HTTP server: its HTTP answer to the TLS hello reads as a record
  // of an unknown TLS version. The certificate is not the problem then.
  if (exchange.error.category() == net::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(exchange.error.value())) ==
          SSL_R_WRONG_VERSION_NUMBER)
    return "TLS handshake failed: " + exchange.error.message() +
           " (the server seems to speak plain HTTP: use http:// instead of https://)";
  if (is_tls_error(exchange.error))
    return "TLS handshake failed: " + exchange.error.message() +
           " (the server's certificate must chain to a CA in the system store or the CA file "
           "given, and name the URL's host)";
  return exchange.error.message();
}

static net::ssl::context make_tls_context(const std::string &ca_file, error_code &error) {
  net::ssl::context context(net::ssl::context::tls_client);
  context.set_verify_mode(net::ssl::verify_peer);
  context.set_default_verify_paths(error);
  if (!error && !ca_file.empty())
    context.load_verify_file(ca_file, error);
  return context;
}

void check_ca_file(const std::string &what, const std::string &ca_file) {
  error_code error;
  make_tls_context(ca_file, error);
  if (error)
    throw InputError(what + " \"" + ca_file +
                     "\": expected a readable PEM file of CA certificates, got " + error.message());
}

struct Connection::Tls {
  net::ssl::context context;
  std::optional<beast::ssl_stream<beast::tcp_stream>> stream; // one per TCP connection
};

namespace {

template <class Stream> constexpr bool kIsPlainTcp = std::is_same_v<Stream, beast::tcp_stream>;

bool would_block(const error_code &error) {
  return error == net::error::would_block || error == net::error::try_again;
}

// Writes the request. On plain TCP (a non-blocking socket, see do_connect) it is written at once
// without waiting, as it almost always fits the send buffer: asio would make the same attempt,
// but then queue the completion behind a poll of its reactor, a system call per exchange for
// nothing. What did not fit is left to the asynchronous write.
template <class Stream>
net::awaitable<error_code> write_request(Stream &stream,
                                         http::request_serializer<http::string_body> &serializer) {
  error_code error;
  if constexpr (kIsPlainTcp<Stream>) {
    http::write(stream.socket(), serializer, error);
    if (!would_block(error))
      co_return error;
  }
  std::tie(error, std::ignore) = co_await http::async_write(stream, serializer, kAsTuple);
  co_return error;
}

// One request and its answer on an open stream, plain or TLS, into `exchange` (filled in place:
// g++ 12 mishandles an Exchange temporary assigned from a co_await); the caller bounds it in time
// and closes on failure.
template <class Stream>
net::awaitable<void> exchange_on(Stream &stream, beast::flat_buffer &buffer, const Request &request,
                                 Exchange &exchange) {
  http::request_serializer<http::string_body> serializer(request);
  if (const error_code error = co_await write_request(stream, serializer)) {
    exchange.error = error;
    co_return;
  }
  exchange.sent = true;
  // Beast reads max(512, free capacity) bytes at a time, and its parser consumes what it reads,
  // so an unreserved buffer never grows: a 1.3 KB SendMessageBatch answer took three reads, each
  // with a trip through the scheduler. Reserving once makes it one.
  buffer.reserve(kReadBufferSize);
  http::response<http::string_body> response;
  auto [read_error, read] = co_await http::async_read(stream, buffer, response, kAsTuple);
  if (read_error) {
    exchange.error = read_error;
    co_return;
  }
  exchange.status = response.result_int();
  exchange.keep_alive = response.keep_alive();
  exchange.body = std::move(response.body());
  exchange.headers = std::move(static_cast<http::fields &>(response));
}

} // namespace

static bool has_field(const HeaderList &headers, std::string_view name) {
  for (const auto &[field, value] : headers)
    if (beast::iequals(field, name))
      return true;
  return false;
}

Request make_request(http::verb method, const Url &url, const HeaderList &headers,
                     std::string body) {
  Request request(method, url.target, 11);
  if (!has_field(headers, "host"))
    request.set(http::field::host, url.authority());
  if (!has_field(headers, "content-type") && !body.empty())
    request.set(http::field::content_type, "application/json");
  for (const auto &[field, value] : headers)
    request.insert(field, value);
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

Connection::Connection(net::any_io_executor executor, Url url, Duration connect_timeout,
                       Duration request_timeout, const std::string &ca_file)
    : url_(std::move(url)), connect_timeout_(connect_timeout), request_timeout_(request_timeout),
      resolver_(executor), stream_(executor), deadline_(executor) {
  if (!url_.tls)
    return;
  // check_ca_file guards user input; an unreadable file here shows at the first handshake.
  error_code ignored;
  tls_.reset(new Tls{make_tls_context(ca_file, ignored), std::nullopt});
}

Connection::~Connection() = default;

void Connection::close() {
  error_code ignored;
  if (tls_ && tls_->stream) {
    // No TLS close_notify: the server may already be gone, and nothing waits for its answer.
    beast::get_lowest_layer(*tls_->stream)
        .socket()
        .shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*tls_->stream).close();
    tls_->stream.reset();
  }
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  buffer_.clear();
  open_ = false;
  stop_watching();
}

net::awaitable<error_code> Connection::do_connect() {
  if (endpoints_.empty()) {
    // An address needs no resolving, and asio resolves on a thread it starts for the purpose.
    error_code not_an_address;
    const net::ip::address address = net::ip::make_address(url_.host, not_an_address);
    if (!not_an_address) {
      endpoints_.emplace_back(address, url_.port);
    } else {
      auto [error, endpoints] =
          co_await resolver_.async_resolve(url_.host, std::to_string(url_.port), kAsTuple);
      if (error)
        co_return error;
      for (const auto &entry : endpoints)
        endpoints_.push_back(entry.endpoint());
    }
  }
  if (tls_)
    co_return co_await do_connect_tls();
  stream_.expires_after(connect_timeout_);
  auto [error, endpoint] = co_await stream_.async_connect(endpoints_, kAsTuple);
  if (error) {
    stream_.close();
    co_return error;
  }
  // Events are small and the next one waits for this answer: Nagle would only add latency.
  stream_.expires_never(); // the exchanges are bounded by deadline_
  stream_.socket().set_option(net::ip::tcp::no_delay(true), error);
  if (!error) // exchange_on writes without waiting
    stream_.socket().non_blocking(true, error);
  open_ = true;
  co_return error_code{};
}

// TCP, then the TLS handshake: the certificate must verify and name url_.host (for a name, SNI
// tells a shared front end such as AWS's which certificate to present).
net::awaitable<error_code> Connection::do_connect_tls() {
  auto &stream = tls_->stream.emplace(stream_.get_executor(), tls_->context);
  auto &tcp = beast::get_lowest_layer(stream);
  error_code not_an_address;
  net::ip::make_address(url_.host, not_an_address);
  if (not_an_address && !SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str())) {
    co_return error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
  }
  stream.set_verify_callback(net::ssl::host_name_verification(url_.host));
  tcp.expires_after(connect_timeout_);
  auto [error, endpoint] = co_await tcp.async_connect(endpoints_, kAsTuple);
  if (!error) {
    tcp.socket().set_option(net::ip::tcp::no_delay(true), error);
    std::tie(error) = co_await stream.async_handshake(net::ssl::stream_base::client, kAsTuple);
  }
  if (error) {
    tcp.close();
    tls_->stream.reset();
    co_return error;
  }
  tcp.expires_never();
  open_ = true;
  co_return error_code{};
}

// Closing (not cancelling) the socket at the deadline also fails a read that the parser starts
// after the deadline's handler ran, between two reads of one answer.
void Connection::close_socket() {
  error_code ignored;
  if (tls_ && tls_->stream)
    beast::get_lowest_layer(*tls_->stream).socket().close(ignored);
  else
    stream_.socket().close(ignored);
}

void Connection::arm_deadline() {
  timed_out_ = false;
  exchange_running_ = true;
  deadline_at_ = std::chrono::steady_clock::now() + request_timeout_;
  if (!watching_)
    watch_deadline();
}

void Connection::watch_deadline() {
  watching_ = true;
  deadline_.expires_at(deadline_at_);
  deadline_.async_wait([this, number = watch_number_](const error_code &error) {
    if (error || number != watch_number_) // cancelled by close()
      return;
    watching_ = false;
    if (!exchange_running_)
      return; // idle: the next exchange starts a new wait
    if (std::chrono::steady_clock::now() < deadline_at_)
      return watch_deadline(); // a later exchange moved the deadline
    timed_out_ = true;
    close_socket();
  });
}

void Connection::stop_watching() {
  ++watch_number_;
  watching_ = false;
  deadline_.cancel();
}

net::awaitable<Exchange> Connection::async_exchange(const Request &request) {
  if (!open_) {
    Exchange failed;
    failed.error = co_await do_connect();
    if (failed.error)
      co_return failed;
  }
  Exchange exchange;
  arm_deadline();
  if (tls_)
    co_await exchange_on(*tls_->stream, buffer_, request, exchange);
  else
    co_await exchange_on(stream_, buffer_, request, exchange);
  exchange_running_ = false;
  if (exchange.error && timed_out_)
    exchange.error = beast::error::timeout;
  // A deadline that fired as the answer completed has closed the socket all the same.
  if (exchange.error || !exchange.keep_alive || timed_out_)
    close();
  co_return exchange;
}

Exchange fetch(http::verb method, const Url &url, const HeaderList &headers, std::string body,
               Duration timeout) {
  net::io_context io;
  Connection connection(io.get_executor(), url, timeout, timeout);
  const Request request = make_request(method, url, headers, std::move(body));
  return run_to_completion(io, connection.async_exchange(request));
}

} // namespace ivsim::adapters::http_detail
