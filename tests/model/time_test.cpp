#include "ivsim/time.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdio>
#include <string>

namespace ivsim {
namespace {

using namespace std::chrono_literals;

Instant utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return Instant{std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::hours{hh} +
                 std::chrono::minutes{mm} + std::chrono::seconds{ss}};
}

TEST(Rfc3339, ParsesTheWholeSecondFormIvsSends) {
  const auto time = parse_rfc3339("2024-03-13T22:09:58Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(time->at, utc(2024, 3, 13, 22, 9, 58));
  EXPECT_EQ(time->resolution, Resolution::seconds);
}

TEST(Rfc3339, KeepsMicrosecondsAndTruncatesNanoseconds) {
  // Stage Update's event_time may carry nanoseconds (2024-08-13T14:38:17.089061676Z).
  const auto time = parse_rfc3339("2024-08-13T14:38:17.089061676Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(time->at, utc(2024, 8, 13, 14, 38, 17) + 89061us);
  EXPECT_EQ(time->resolution, Resolution::sub_second);
  EXPECT_EQ(parse_rfc3339("2024-08-13T14:38:17.5Z")->at, utc(2024, 8, 13, 14, 38, 17) + 500ms);
}

TEST(Rfc3339, AppliesOffsetsAndAcceptsLowerCaseAndSpace) {
  EXPECT_EQ(parse_rfc3339("2024-03-14T00:09:58+02:00")->at, utc(2024, 3, 13, 22, 9, 58));
  EXPECT_EQ(parse_rfc3339("2024-03-13T20:39:58-01:30")->at, utc(2024, 3, 13, 22, 9, 58));
  EXPECT_EQ(parse_rfc3339("2024-03-13t22:09:58z")->at, utc(2024, 3, 13, 22, 9, 58));
  EXPECT_EQ(parse_rfc3339("2024-03-13 22:09:58Z")->at, utc(2024, 3, 13, 22, 9, 58));
}

TEST(Rfc3339, FoldsALeapSecondIntoTheNextMinute) {
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z")->at, utc(2017, 1, 1, 0, 0, 0));
}

TEST(Rfc3339, RejectsWhatIsNotRfc3339) {
  for (const char *text :
       {"", "2024-03-13T22:09:58", "2024-03-13", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z", "2024-03-13T24:00:00Z", "2024-03-13T22:60:00Z",
        "2024-03-13T22:09:61Z", "2024-03-13T22:09:58.Z", "2024-03-13T22:09:58Zjunk",
        "2024-3-13T22:09:58Z", "2024-03-13T22:09:58+0200", "2024-03-13T22:09:58+24:00",
        "1710367798", "2024-03-13X22:09:58Z"}) {
    EXPECT_FALSE(parse_rfc3339(text)) << text;
  }
  EXPECT_TRUE(parse_rfc3339("2024-02-29T00:00:00Z")); // a leap day
}

TEST(Rfc3339, FormatsWholeSecondsAndMicroseconds) {
  const Instant at = utc(2024, 3, 13, 22, 9, 58) + 1500us;
  EXPECT_EQ(format_rfc3339(at), "2024-03-13T22:09:58Z");
  EXPECT_EQ(format_rfc3339(at, Resolution::sub_second), "2024-03-13T22:09:58.001500Z");
  EXPECT_EQ(format_rfc3339(utc(1999, 1, 2, 3, 4, 5)), "1999-01-02T03:04:05Z");
}

// The printf formatting ivsim used before it wrote digits itself: the bytes must not change.
std::string printf_rfc3339(Instant at, Resolution resolution) {
  using namespace std::chrono;
  const auto day_start = floor<days>(at);
  const year_month_day date{day_start};
  const hh_mm_ss<microseconds> clock{at - day_start};
  char buffer[64];
  int length = std::snprintf(
      buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()));
  if (resolution == Resolution::sub_second)
    length += std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length),
                            ".%06lld", static_cast<long long>(clock.subseconds().count()));
  return std::string(buffer, static_cast<std::size_t>(length)) + "Z";
}

RC_GTEST_PROP(Rfc3339, FormattingWritesWhatPrintfWrote, ()) {
  // From year 1 to beyond 9999, where the year takes a fifth digit.
  const auto micros =
      *rc::gen::inRange<std::int64_t>(-62'135'596'800'000'000, 400'000'000'000'000'000);
  const Instant at{Duration{micros}};
  for (const Resolution resolution : {Resolution::seconds, Resolution::sub_second}) {
    char text[kMaxRfc3339Size];
    char *end = format_rfc3339_to(text, at, resolution);
    RC_ASSERT(std::string(text, end) == printf_rfc3339(at, resolution));
    RC_ASSERT(format_rfc3339(at, resolution) == printf_rfc3339(at, resolution));
  }
}

TEST(Rfc3339, WritesYearsBeyond9999WithAllTheirDigits) {
  EXPECT_EQ(format_rfc3339(utc(12345, 6, 7, 8, 9, 10)), "12345-06-07T08:09:10Z");
  EXPECT_EQ(format_rfc3339(utc(1, 1, 1, 0, 0, 0) + 7us, Resolution::sub_second),
            "0001-01-01T00:00:00.000007Z");
}

RC_GTEST_PROP(Rfc3339, FormattingThenParsingGivesTheSameInstant, ()) {
  const auto micros = *rc::gen::inRange<std::int64_t>(0, 4'102'444'800'000'000); // to 2100
  const Instant at{Duration{micros}};
  const auto precise = parse_rfc3339(format_rfc3339(at, Resolution::sub_second));
  RC_ASSERT(precise.has_value());
  RC_ASSERT(precise->at == at);
  RC_ASSERT(precise->resolution == Resolution::sub_second);
  const auto whole = parse_rfc3339(format_rfc3339(at));
  RC_ASSERT(whole->at == floor_to_second(at));
  RC_ASSERT(whole->resolution == Resolution::seconds);
}

TEST(EventTimeOrder, OrdersOnlyAtTheCoarserResolution) {
  const EventTime whole{utc(2024, 3, 13, 22, 9, 58), Resolution::seconds};
  const EventTime early{whole.at + 100ms, Resolution::sub_second};
  const EventTime late{whole.at + 900ms, Resolution::sub_second};
  EXPECT_TRUE(is_simultaneous(whole, late)); // state-contract rule 1
  EXPECT_TRUE(is_before(early, late));
  EXPECT_FALSE(is_before(late, early));
  EXPECT_TRUE(is_before(whole, EventTime{whole.at + 1s, Resolution::seconds}));
}

TEST(Duration, ParsesEveryUnitAndCompounds) {
  EXPECT_EQ(parse_duration("250us"), Duration{250});
  EXPECT_EQ(parse_duration("500ms"), Duration{500ms});
  EXPECT_EQ(parse_duration("90s"), Duration{90s});
  EXPECT_EQ(parse_duration("5m"), Duration{5min});
  EXPECT_EQ(parse_duration("3h"), Duration{3h});
  EXPECT_EQ(parse_duration("1h30m"), Duration{90min});
  EXPECT_EQ(parse_duration("2d"), Duration{48h});
  EXPECT_EQ(parse_duration("0"), Duration{0});
}

TEST(Duration, RejectsBareNumbersUnknownUnitsAndSigns) {
  for (const char *text : {"", "5", "-5s", "+5s", "5x", "h", "1.5h", "5 s", "s5"})
    EXPECT_FALSE(parse_duration(text)) << text;
}

TEST(Duration, FormatsTheShortestExactForm) {
  EXPECT_EQ(format_duration(Duration{90min}), "1h30m");
  EXPECT_EQ(format_duration(Duration{90ms}), "90ms");
  EXPECT_EQ(format_duration(Duration{0}), "0s");
  EXPECT_EQ(format_duration(Duration{1500}), "1500us");
  EXPECT_EQ(format_duration(Duration{3h + 2s}), "3h2s");
}

RC_GTEST_PROP(Duration, FormattingThenParsingGivesTheSameDuration, ()) {
  const Duration duration{*rc::gen::inRange<std::int64_t>(0, 30LL * 86'400'000'000)};
  RC_ASSERT(parse_duration(format_duration(duration)) == duration);
}

} // namespace
} // namespace ivsim
