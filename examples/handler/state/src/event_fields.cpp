#include "event_fields.hpp"

#include <chrono>
#include <stdexcept>

namespace ivsim::example {

std::string required_text(const nlohmann::json &object, const char *key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string())
    throw std::invalid_argument(std::string("expected a string at \"") + key + "\"");
  return it->get<std::string>();
}

std::optional<std::string> optional_text(const nlohmann::json &object, const char *key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string())
    return std::nullopt;
  return it->get<std::string>();
}

namespace {

int digits(const std::string &text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size())
    throw std::invalid_argument("time too short: " + text);
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9')
      throw std::invalid_argument("expected a digit in time " + text);
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

} // namespace

Stamp parse_time(const std::string &text) {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM:SS then an optional fraction, then Z or +HH:MM / -HH:MM.
  const year_month_day date{year{digits(text, 0, 4)}, month{unsigned(digits(text, 5, 2))},
                            day{unsigned(digits(text, 8, 2))}};
  if (!date.ok() || text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T')
    throw std::invalid_argument("expected an RFC 3339 time, got " + text);
  std::int64_t micros =
      (sys_days{date}.time_since_epoch() / seconds{1} + digits(text, 11, 2) * 3600 +
       digits(text, 14, 2) * 60 + digits(text, 17, 2)) *
      1'000'000;
  std::size_t pos = 19;
  if (text[pos] == '.') {
    std::int64_t scale = 100'000;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
      micros += (text[pos] - '0') * scale; // digits beyond microseconds add nothing
  }
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '+' ? 1 : -1;
    micros -=
        sign * (digits(text, pos + 1, 2) * 3600LL + digits(text, pos + 4, 2) * 60LL) * 1'000'000;
    pos += 6;
  } else if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else {
    throw std::invalid_argument("expected a time zone in " + text);
  }
  if (pos != text.size())
    throw std::invalid_argument("unexpected text after time " + text);
  return Stamp{micros, text};
}

Stamp event_time(const nlohmann::json &event) {
  const nlohmann::json &detail = event.at("detail");
  for (const char *key : {"event_time_precise", "event_time"})
    if (const auto text = optional_text(detail, key))
      return parse_time(*text);
  return parse_time(required_text(event, "time"));
}

} // namespace ivsim::example
