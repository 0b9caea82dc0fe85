#include "ivsim/time.hpp"

#include <algorithm>
#include <cstdio>

namespace ivsim {

namespace {

// Reads exactly `count` digits at `pos`, advancing it; nullopt if any is not a digit.
std::optional<int> read_digits(std::string_view text, std::size_t &pos, std::size_t count) {
  if (pos + count > text.size())
    return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect_char(std::string_view text, std::size_t &pos, char wanted) {
  if (pos >= text.size() || text[pos] != wanted)
    return false;
  ++pos;
  return true;
}

// Writes `value` as exactly `count` decimal digits (value < 10^count), zero-padded.
char *write_digits(char *out, unsigned value, int count) {
  for (int i = count - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + count;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

} // namespace

std::optional<EventTime> parse_rfc3339(std::string_view text) {
  std::size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || !expect_char(text, pos, '-'))
    return std::nullopt;
  const auto month = read_digits(text, pos, 2);
  if (!month || *month < 1 || *month > 12 || !expect_char(text, pos, '-'))
    return std::nullopt;
  const auto day = read_digits(text, pos, 2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month))
    return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
    return std::nullopt;
  ++pos;
  const auto hour = read_digits(text, pos, 2);
  if (!hour || *hour > 23 || !expect_char(text, pos, ':'))
    return std::nullopt;
  const auto minute = read_digits(text, pos, 2);
  if (!minute || *minute > 59 || !expect_char(text, pos, ':'))
    return std::nullopt;
  const auto second = read_digits(text, pos, 2);
  if (!second || *second > 60) // 60: a leap second, folded into the next minute
    return std::nullopt;

  EventTime result;
  std::int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6)
        micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0)
      return std::nullopt;
    for (std::size_t i = digits; i < 6; ++i)
      micros *= 10;
    result.resolution = Resolution::sub_second;
  }

  std::int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto offset_hours = read_digits(text, pos, 2);
    if (!offset_hours || *offset_hours > 23 || !expect_char(text, pos, ':'))
      return std::nullopt;
    const auto offset_minutes = read_digits(text, pos, 2);
    if (!offset_minutes || *offset_minutes > 59)
      return std::nullopt;
    offset_seconds = sign * (*offset_hours * 3600 + *offset_minutes * 60);
  } else {
    return std::nullopt; // RFC 3339 requires a zone; a local time is ambiguous
  }
  if (pos != text.size())
    return std::nullopt;

  using namespace std::chrono;
  const sys_days date =
      year_month_day{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                     std::chrono::day{static_cast<unsigned>(*day)}};
  const auto seconds_of_day = *hour * 3600 + *minute * 60 + *second - offset_seconds;
  result.at = Instant{duration_cast<microseconds>(date.time_since_epoch()) +
                      seconds{seconds_of_day} + microseconds{micros}};
  if (!is_writable(result.at))
    return std::nullopt; // "0000-01-01T00:00:00+01:00" lies before year 0 and cannot be written
  return result;
}

char *format_rfc3339_to(char *out, Instant at, Resolution resolution) {
  using namespace std::chrono;
  const auto day_start = floor<days>(at);
  const year_month_day date{day_start};
  const hh_mm_ss<microseconds> clock{at - day_start};
  const int year = static_cast<int>(date.year());
  if (year >= 0 && year <= 9999) {
    out = write_digits(out, static_cast<unsigned>(year), 4);
  } else {
    // Outside four digits, keep printf's "%04d" (a sign, or a fifth digit).
    char buffer[16];
    const int length = std::snprintf(buffer, sizeof buffer, "%04d", year);
    out = std::copy(buffer, buffer + length, out);
  }
  *out++ = '-';
  out = write_digits(out, static_cast<unsigned>(date.month()), 2);
  *out++ = '-';
  out = write_digits(out, static_cast<unsigned>(date.day()), 2);
  *out++ = 'T';
  out = write_digits(out, static_cast<unsigned>(clock.hours().count()), 2);
  *out++ = ':';
  out = write_digits(out, static_cast<unsigned>(clock.minutes().count()), 2);
  *out++ = ':';
  out = write_digits(out, static_cast<unsigned>(clock.seconds().count()), 2);
  if (resolution == Resolution::sub_second) {
    *out++ = '.';
    out = write_digits(out, static_cast<unsigned>(clock.subseconds().count()), 6);
  }
  *out++ = 'Z';
  return out;
}

std::string format_rfc3339(Instant at, Resolution resolution) {
  char buffer[kMaxRfc3339Size];
  return std::string(buffer, format_rfc3339_to(buffer, at, resolution));
}

Instant floor_to_second(Instant at) { return std::chrono::floor<std::chrono::seconds>(at); }

bool is_before(const EventTime &a, const EventTime &b) {
  if (a.resolution == Resolution::sub_second && b.resolution == Resolution::sub_second)
    return a.at < b.at;
  return floor_to_second(a.at) < floor_to_second(b.at);
}

} // namespace ivsim

namespace ivsim {

std::optional<Duration> parse_duration(std::string_view text) {
  if (text == "0")
    return Duration{0};
  if (text.empty())
    return std::nullopt;
  std::int64_t total = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t value = 0;
    const std::size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (value > kMaxDuration.count())
        return std::nullopt; // far beyond any run; refuse rather than overflow
      value = value * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == digits_start)
      return std::nullopt;
    const std::string_view rest = text.substr(pos);
    std::int64_t unit = 0;
    if (rest.starts_with("us")) {
      unit = 1;
      pos += 2;
    } else if (rest.starts_with("ms")) {
      unit = 1'000;
      pos += 2;
    } else if (rest.starts_with("s")) {
      unit = 1'000'000;
      pos += 1;
    } else if (rest.starts_with("m")) {
      unit = 60'000'000;
      pos += 1;
    } else if (rest.starts_with("h")) {
      unit = 3'600'000'000;
      pos += 1;
    } else if (rest.starts_with("d")) {
      unit = 86'400'000'000;
      pos += 1;
    } else {
      return std::nullopt;
    }
    // "9999999999d" is far beyond any run and would overflow: refuse, do not wrap.
    std::int64_t part = 0;
    if (__builtin_mul_overflow(value, unit, &part) || __builtin_add_overflow(total, part, &total) ||
        total > kMaxDuration.count())
      return std::nullopt;
  }
  return Duration{total};
}

std::string format_duration(Duration duration) {
  std::int64_t micros = duration.count();
  if (micros == 0)
    return "0s";
  std::string text;
  if (micros < 0) {
    text = "-";
    micros = -micros;
  }
  if (micros % 1'000 != 0)
    return text + std::to_string(micros) + "us";
  struct Unit {
    std::int64_t size;
    const char *suffix;
  };
  static constexpr Unit kUnits[] = {
      {3'600'000'000, "h"}, {60'000'000, "m"}, {1'000'000, "s"}, {1'000, "ms"}};
  for (const Unit &unit : kUnits) {
    if (micros >= unit.size) {
      text += std::to_string(micros / unit.size) + unit.suffix;
      micros %= unit.size;
    }
  }
  return text;
}

} // namespace ivsim
