#include "knob_values.hpp"

#include "ivsim/error.hpp"
#include "ivsim/event.hpp"

#include <cmath>
#include <sstream>

namespace ivsim::sim {

namespace {

// Short text for a found value: the JSON itself for scalars, the kind for containers.
std::string describe_found(const Json &found) {
  if (found.is_object())
    return "an object";
  if (found.is_array())
    return "an array";
  std::string text = found.dump(-1, ' ', false, Json::error_handler_t::replace);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// A limit as a person writes it: 1 not 1.000000, 1e+06 as 1000000.
std::string number_text(double value) {
  std::ostringstream out;
  out.precision(15);
  out << value;
  return out.str();
}

std::string duration_text(double seconds) {
  return "\"" + format_duration(Duration{static_cast<std::int64_t>(std::llround(seconds * 1e6))}) +
         "\"";
}

bool is_known_kind(const std::string &kind) {
  const EventName name = event_name_from_string(kind);
  return (name != EventName::unknown && name != EventName::none) ||
         detail_type_from_string(kind) != DetailType::unknown;
}

} // namespace

void fail_value(const std::string &pointer, std::string_view expected, const Json &found) {
  throw InputError((pointer.empty() ? std::string("/") : pointer) + ": expected " +
                   std::string(expected) + ", got " + describe_found(found));
}

std::string escape_pointer(std::string_view key) {
  std::string escaped;
  for (const char c : key) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return escaped;
}

std::uint32_t read_count(const Json &value, const std::string &pointer, const KnobImpl &knob) {
  const std::string expected =
      "a whole number from " + number_text(knob.min) + " to " + number_text(knob.max);
  if (!value.is_number_integer())
    fail_value(pointer, expected, value);
  const auto number = value.get<std::int64_t>();
  if (value.is_number_unsigned() ? value.get<std::uint64_t>() > knob.max
                                 : (number < knob.min || number > knob.max))
    fail_value(pointer, expected, value);
  return static_cast<std::uint32_t>(number);
}

double read_number(const Json &value, const std::string &pointer, const KnobImpl &knob) {
  const std::string expected =
      (knob.info.type == KnobType::probability ? "a probability from " : "a number from ") +
      number_text(knob.min) + " to " + number_text(knob.max);
  if (!value.is_number())
    fail_value(pointer, expected, value);
  const auto number = value.get<double>();
  if (!(number >= knob.min && number <= knob.max))
    fail_value(pointer, expected, value);
  return number;
}

Duration read_duration(const Json &value, const std::string &pointer, const KnobImpl &knob) {
  const std::string expected = "a duration like \"90s\" or \"3h\" from " + duration_text(knob.min) +
                               " to " + duration_text(knob.max);
  if (!value.is_string())
    fail_value(pointer, expected, value);
  const std::optional<Duration> duration = parse_duration(value.get_ref<const std::string &>());
  if (!duration)
    fail_value(pointer, expected, value);
  const double seconds = std::chrono::duration<double>(*duration).count();
  if (seconds < knob.min || seconds > knob.max)
    fail_value(pointer, expected, value);
  return *duration;
}

bool read_flag(const Json &value, const std::string &pointer) {
  if (!value.is_boolean())
    fail_value(pointer, "true or false", value);
  return value.get<bool>();
}

std::string read_text(const Json &value, const std::string &pointer, const KnobImpl &knob) {
  if (!value.is_string() ||
      (knob.is_valid_text != nullptr && !knob.is_valid_text(value.get_ref<const std::string &>())))
    fail_value(pointer, knob.text_expected, value);
  return value.get<std::string>();
}

Instant read_instant(const Json &value, const std::string &pointer) {
  constexpr std::string_view kExpected = "an RFC 3339 time like \"2024-03-13T20:00:00Z\"";
  if (!value.is_string())
    fail_value(pointer, kExpected, value);
  const std::optional<EventTime> time = parse_rfc3339(value.get_ref<const std::string &>());
  if (!time)
    fail_value(pointer, kExpected, value);
  return floor_to_second(time->at);
}

std::map<std::string, double> read_per_kind(const Json &value, const std::string &pointer) {
  if (!value.is_object())
    fail_value(pointer,
               "an object from event kind (\"Stream End\", \"IVS Limit Breach\") to a probability",
               value);
  std::map<std::string, double> result;
  for (const auto &[kind, probability] : value.items()) {
    const std::string where = pointer + "/" + escape_pointer(kind);
    if (!is_known_kind(kind))
      throw InputError(where +
                       ": expected an IVS event name (\"Stream End\") or detail-type "
                       "(\"IVS Limit Breach\"), got \"" +
                       kind + "\"");
    if (!probability.is_number() || probability.get<double>() < 0 || probability.get<double>() > 1)
      fail_value(where, "a probability from 0 to 1", probability);
    result[kind] = probability.get<double>();
  }
  return result;
}

} // namespace ivsim::sim
