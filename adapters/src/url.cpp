#include "ivsim/adapters/url.hpp"

#include "ivsim/error.hpp"

#include <charconv>

namespace ivsim::adapters {

std::string Url::authority() const { return host + ":" + std::to_string(port); }

std::string Url::text() const { return (tls ? "https://" : "http://") + authority() + target; }

[[noreturn]] static void bad_url(std::string_view text, std::string_view what) {
  throw InputError("url \"" + std::string(text) + "\": expected http[s]://host[:port]/path, " +
                   std::string(what));
}

static std::uint16_t parse_port(std::string_view url_text, std::string_view digits) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      value > 65535)
    bad_url(url_text, "got port \"" + std::string(digits) + "\"");
  return static_cast<std::uint16_t>(value);
}

Url parse_url(std::string_view text) {
  constexpr std::string_view kHttp = "http://";
  constexpr std::string_view kHttps = "https://";
  Url url;
  url.tls = text.substr(0, kHttps.size()) == kHttps;
  if (!url.tls && text.substr(0, kHttp.size()) != kHttp) {
    // "127.0.0.1:8080" is the usual slip: say what to write instead.
    const bool no_scheme = text.find("://") == std::string_view::npos;
    throw InputError("expected a URL starting with http:// or https://, got \"" +
                     std::string(text) + "\"" +
                     (no_scheme ? " (write http://" + std::string(text) + ")" : ""));
  }
  url.port = url.tls ? 443 : 80;
  std::string_view rest = text.substr(url.tls ? kHttps.size() : kHttp.size());
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos)
    url.target = std::string(rest.substr(slash));
  if (!url.target.empty() && url.target.front() == '?')
    url.target.insert(0, "/");
  std::size_t colon = authority.rfind(':');
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos)
      bad_url(text, "got an unclosed '['");
    url.host = std::string(authority.substr(1, close - 1));
    colon = authority.find(':', close);
  } else {
    url.host = std::string(authority.substr(0, colon));
  }
  if (colon != std::string_view::npos)
    url.port = parse_port(text, authority.substr(colon + 1));
  if (url.host.empty())
    bad_url(text, "got no host");
  return url;
}

std::pair<std::string, std::string> parse_header(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    throw InputError("header \"" + std::string(text) + "\": expected \"Name: value\"");
  std::string_view value = text.substr(colon + 1);
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  return {std::string(text.substr(0, colon)), std::string(value)};
}

} // namespace ivsim::adapters
