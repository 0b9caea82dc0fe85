// One keep-alive HTTP/1.1 client connection (plain or TLS) whose every step is bounded by a
// timeout: the connect and handshake by the connect timeout, each request and its answer together
// by one deadline timer.
#pragma once

#include "ivsim/adapters/url.hpp"
#include "ivsim/time.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ivsim::adapters::http_detail {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

/// One request and what came back.
struct Exchange {
  boost::system::error_code error; ///< set when no complete answer arrived
  unsigned status = 0;             ///< the answer's status when there was one
  std::string body;
  bool sent = false;                  ///< the request was written in full before `error` happened
  boost::beast::http::fields headers; ///< the answer's header fields (SQS reads its error header)
  bool keep_alive = false;            ///< the answer lets the connection be reused
};

/// "HTTP 503", "connection refused", "timeout after the request was sent (answer lost)".
std::string describe(const Exchange &exchange);
/// True for errors that show the SUT is not there at all, or cannot be talked to safely (a failed
/// TLS handshake: a certificate that does not verify).
bool is_unreachable(const boost::system::error_code &error);

/// Throws InputError ("<what> "<path>": expected a PEM file of CA certificates, got ...") when
/// `ca_file` cannot be loaded as trusted certificates.
void check_ca_file(const std::string &what, const std::string &ca_file);

/// A request to `url` with `headers`; Host, Content-Type (JSON) and the body's length are set
/// unless `headers` name them.
Request make_request(boost::beast::http::verb method, const Url &url, const HeaderList &headers,
                     std::string body);

/// A client connection, opened on first use and reopened after any failure. An https `url` is
/// reached over TLS: the server's certificate must verify against the system's CA store or
/// `ca_file` (PEM, optional) and name the URL's host.
class Connection {
public:
  Connection(boost::asio::any_io_executor executor, Url url, Duration connect_timeout,
             Duration request_timeout, const std::string &ca_file = {});
  ~Connection();
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;

  /// Sends `request` and reads the answer; failures are in the result, never thrown.
  boost::asio::awaitable<Exchange> async_exchange(const Request &request);
  /// Drops the connection (the next exchange reconnects).
  void close();

private:
  struct Tls;
  boost::asio::awaitable<boost::system::error_code> do_connect();
  boost::asio::awaitable<boost::system::error_code> do_connect_tls();
  void arm_deadline();
  void watch_deadline();
  void stop_watching();
  void close_socket();

  Url url_;
  Duration connect_timeout_;
  Duration request_timeout_;
  boost::asio::ip::tcp::resolver resolver_;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints_; // resolved once, tried in order
  boost::beast::tcp_stream stream_;                       // plain http
  std::unique_ptr<Tls> tls_; // https: the context and the current TLS stream
  boost::beast::flat_buffer buffer_;
  bool open_ = false;
  // One timer bounds a whole exchange, and it is watched lazily: arming and cancelling a timer
  // per exchange (as Beast's per-operation timeouts do, for every read and write) costs a timerfd
  // system call and a cancelled handler each time. Instead an exchange only moves deadline_at_;
  // one wait stays pending, and when it fires it either times the exchange out or waits again
  // until deadline_at_. close() ends the wait, so blocking callers use run_to_completion.
  boost::asio::steady_timer deadline_;
  std::chrono::steady_clock::time_point deadline_at_; // the current exchange's deadline
  bool exchange_running_ = false;
  bool watching_ = false;          // a wait on deadline_ is pending
  std::uint64_t watch_number_ = 0; // tells a cancelled wait's handler that it is stale
  bool timed_out_ = false;         // the deadline closed the socket under the current exchange
};

/// A one-off blocking request on a private io_context, for state sources and reset hooks.
Exchange fetch(boost::beast::http::verb method, const Url &url, const HeaderList &headers,
               std::string body, Duration timeout);

} // namespace ivsim::adapters::http_detail
