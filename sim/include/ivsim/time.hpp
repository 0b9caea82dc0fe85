// Instants on the UTC timeline with microsecond resolution, and their RFC 3339 text form.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ivsim {

/// A point on the UTC timeline (microseconds since the Unix epoch).
using Instant = std::chrono::sys_time<std::chrono::microseconds>;
/// A span of virtual or true time.
using Duration = std::chrono::microseconds;

/// How finely an event time was stated. IVS envelope times are whole seconds; Stage Update's
/// `event_time_precise` (and some `event_time`s) carry fractions.
enum class Resolution : std::uint8_t { seconds, sub_second };

/// An event time as IVS stated it: the instant and how precisely it is known.
struct EventTime {
  Instant at{};
  Resolution resolution = Resolution::seconds;

  friend bool operator==(const EventTime &, const EventTime &) = default;
};

/// The earliest instant RFC 3339 can write: 0000-01-01T00:00:00Z (its years have four digits).
inline constexpr Instant kEarliestInstant{
    std::chrono::sys_days{std::chrono::year{0} / std::chrono::January / 1}};
/// The latest instant RFC 3339 can write: 9999-12-31T23:59:59.999999Z.
inline constexpr Instant kLatestInstant{
    std::chrono::sys_days{std::chrono::year{10000} / std::chrono::January / 1} -
    std::chrono::microseconds{1}};

/// True when `at` can be written as RFC 3339 (and so read back): parsers reject other times.
inline constexpr bool is_writable(Instant at) {
  return at >= kEarliestInstant && at <= kLatestInstant;
}

/// Parses RFC 3339 (`2024-03-13T22:09:58Z`, `...58.123456789Z`, `...58+02:00`); fractions beyond
/// microseconds are truncated. Returns nullopt for anything else (no zone, bad digits, an offset
/// that moves the instant outside years 0000-9999, ...).
std::optional<EventTime> parse_rfc3339(std::string_view text);

/// Formats `at` as `YYYY-MM-DDTHH:MM:SSZ`, or with `.ffffffZ` when `resolution` is sub_second.
std::string format_rfc3339(Instant at, Resolution resolution = Resolution::seconds);

/// The most characters `format_rfc3339_to` writes (a five-digit or negative year included).
inline constexpr std::size_t kMaxRfc3339Size = 32;

/// Writes `format_rfc3339(at, resolution)` to `out`, which has room for kMaxRfc3339Size
/// characters, without allocating; returns the end of what was written (no NUL).
char *format_rfc3339_to(char *out, Instant at, Resolution resolution = Resolution::seconds);

/// True when `a` happens strictly before `b`, compared at the coarser of their resolutions
/// (state-contract rule 1): two times in the same second, one of them whole-second, are unordered.
bool is_before(const EventTime &a, const EventTime &b);

/// Both directions unordered: the same instant at the coarser of the two resolutions.
inline bool is_simultaneous(const EventTime &a, const EventTime &b) {
  return !is_before(a, b) && !is_before(b, a);
}

/// The longest duration parse_duration accepts: 100 years, far beyond any run, and short enough
/// that adding it to any writable instant cannot overflow the microsecond clock.
inline constexpr Duration kMaxDuration = std::chrono::days{36525};

/// Parses a duration written with a unit: "250us", "500ms", "90s", "5m", "3h", "1h30m", "2d", "0".
/// Returns nullopt for anything else (a bare number other than 0, an unknown unit, a negative
/// value, more than kMaxDuration).
std::optional<Duration> parse_duration(std::string_view text);

/// The shortest exact form in h, m, s, ms (or "us" below a millisecond): "1h30m", "90ms", "0s".
std::string format_duration(Duration duration);

/// Whole seconds of `at`, truncated toward the past.
Instant floor_to_second(Instant at);

} // namespace ivsim
