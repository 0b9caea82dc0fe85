// Reading the fields of a raw EventBridge event: strings, numbers and RFC 3339 times.
#pragma once

#include "ivsim/example/records.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace ivsim::example {

/// `object[key]` as a string; throws std::invalid_argument naming the key when absent or not one.
std::string required_text(const nlohmann::json &object, const char *key);
/// `object[key]` as a string, or nullopt when absent, null or not a string.
std::optional<std::string> optional_text(const nlohmann::json &object, const char *key);
/// The time an event happened: `detail.event_time_precise`, else `detail.event_time`, else the
/// envelope `time` (Stage Update events carry the finer ones).
Stamp event_time(const nlohmann::json &event);
/// Parses RFC 3339 text ("2024-03-13T22:09:58Z", "...58.089061676Z", "...58+02:00"); throws
/// std::invalid_argument for anything else.
Stamp parse_time(const std::string &text);

} // namespace ivsim::example
