// The HTTP transport: POSTs each event's EventBridge JSON to a URL over keep-alive connections.
#pragma once

#include "ivsim/adapters/retry_policy.hpp"
#include "ivsim/adapters/transport.hpp"
#include "ivsim/adapters/url.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ivsim::adapters {

/// Where and how to POST events.
struct HttpTransportOptions {
  /// The SUT's event endpoint, e.g. http://127.0.0.1:8080/events.
  Url url;
  /// Sent with every request (an API key, say); Host, Content-Type and Content-Length are set
  /// by the transport unless given here.
  HeaderList headers;
  /// The body: nullopt sends the event's exact EventBridge JSON. A template wraps it for SUTs that
  /// want an envelope: `{{event}}` becomes the event JSON, `{{event_string}}` the same text as a
  /// JSON string literal (API Gateway / Lambda function URL style: `{"body": {{event_string}}}`).
  std::optional<std::string> body_template;
  /// Bounds connecting (resolve + TCP handshake).
  Duration connect_timeout = std::chrono::seconds(5);
  /// Bounds writing a request and reading its answer; a timeout after the request was written
  /// loses the acknowledgement (the outcome is then indeterminate unless a retry succeeds).
  Duration request_timeout = std::chrono::seconds(10);
  RetryPolicy retry;
};

/// The request body for `event_json` under `body_template` (see HttpTransportOptions).
std::string render_body(const std::optional<std::string> &body_template,
                        std::string_view event_json);

/// A transport POSTing to `options.url` on `executor`. Connections are opened on first use and
/// kept alive; a group of n parcels uses n connections at once.
std::unique_ptr<Transport> make_http_transport(boost::asio::any_io_executor executor,
                                               HttpTransportOptions options);

} // namespace ivsim::adapters
