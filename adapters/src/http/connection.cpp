#include "http/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <cassert>
#include <exception>
#include <optional>

namespace ivsim::adapters::http_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

constexpr auto kAsTuple = net::as_tuple(net::use_awaitable);

bool is_unreachable(const error_code &error) {
  return error == net::error::connection_refused || error == net::error::host_unreachable ||
         error == net::error::network_unreachable || error == net::error::host_not_found;
}

std::string describe(const Exchange &exchange) {
  if (!exchange.error)
    return "HTTP " + std::to_string(exchange.status);
  if (exchange.error == beast::error::timeout)
    return exchange.sent ? "timeout after the request was sent (answer lost)"
                         : "timeout before the request was sent";
  if (exchange.sent &&
      (exchange.error == http::error::end_of_stream || exchange.error == net::error::eof ||
       exchange.error == net::error::connection_reset))
    return "connection closed after the request was sent (answer lost)";
  return exchange.error.message();
}

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
                       Duration request_timeout)
    : url_(std::move(url)), connect_timeout_(connect_timeout), request_timeout_(request_timeout),
      resolver_(executor), stream_(executor) {}

void Connection::close() {
  error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  buffer_.clear();
  open_ = false;
}

net::awaitable<error_code> Connection::do_connect() {
  if (endpoints_.empty()) {
    auto [error, endpoints] =
        co_await resolver_.async_resolve(url_.host, std::to_string(url_.port), kAsTuple);
    if (error)
      co_return error;
    endpoints_ = std::move(endpoints);
  }
  stream_.expires_after(connect_timeout_);
  auto [error, endpoint] = co_await stream_.async_connect(endpoints_, kAsTuple);
  if (error) {
    stream_.close();
    co_return error;
  }
  // Events are small and the next one waits for this answer: Nagle would only add latency.
  stream_.socket().set_option(net::ip::tcp::no_delay(true), error);
  open_ = true;
  co_return error_code{};
}

net::awaitable<Exchange> Connection::async_exchange(const Request &request) {
  Exchange exchange;
  if (!open_) {
    exchange.error = co_await do_connect();
    if (exchange.error)
      co_return exchange;
  }
  stream_.expires_after(request_timeout_);
  auto [write_error, written] = co_await http::async_write(stream_, request, kAsTuple);
  if (write_error) {
    exchange.error = write_error;
    close();
    co_return exchange;
  }
  exchange.sent = true;
  http::response<http::string_body> response;
  auto [read_error, read] = co_await http::async_read(stream_, buffer_, response, kAsTuple);
  if (read_error) {
    exchange.error = read_error;
    close();
    co_return exchange;
  }
  stream_.expires_never();
  exchange.status = response.result_int();
  exchange.body = std::move(response.body());
  exchange.headers = std::move(static_cast<http::fields &>(response));
  if (!response.keep_alive())
    close();
  co_return exchange;
}

Exchange fetch(http::verb method, const Url &url, const HeaderList &headers, std::string body,
               Duration timeout) {
  net::io_context io;
  Connection connection(io.get_executor(), url, timeout, timeout);
  const Request request = make_request(method, url, headers, std::move(body));
  std::optional<Exchange> result;
  std::exception_ptr failure;
  net::co_spawn(io, connection.async_exchange(request),
                [&](std::exception_ptr error, Exchange exchange) {
                  failure = error;
                  result = std::move(exchange);
                });
  io.run();
  if (failure)
    std::rethrow_exception(failure);
  assert(result && "the exchange ran to completion");
  return std::move(*result);
}

} // namespace ivsim::adapters::http_detail
