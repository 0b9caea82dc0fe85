// HTTP endpoints: a parsed http:// or https:// URL and the extra headers to send to it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::adapters {

/// A parsed `http[s]://host[:port][/path][?query]` URL.
struct Url {
  std::string host;         ///< name or IPv4 address; IPv6 in brackets is kept without them
  std::uint16_t port = 80;  ///< 80 (https: 443) when the URL names none
  std::string target = "/"; ///< path and query, as sent in the request line
  bool tls = false;         ///< https: TLS, the server's certificate verified

  /// `host:port`, the Host header.
  std::string authority() const;
  /// The URL back as text.
  std::string text() const;
};

/// Parses an http or https URL. Throws InputError for another scheme or none (`expected a URL
/// starting with http:// or https://, got "127.0.0.1:8080" (write http://127.0.0.1:8080)`), and
/// (`url "http://x:y": expected http[s]://host[:port]/path, got port "y"`) for a missing host or
/// a bad port.
Url parse_url(std::string_view text);

/// Header fields sent with every request, e.g. {"x-api-key", "..."}; order kept.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// Parses `Name: value`. Throws InputError when there is no colon or the name is empty.
std::pair<std::string, std::string> parse_header(std::string_view text);

} // namespace ivsim::adapters
