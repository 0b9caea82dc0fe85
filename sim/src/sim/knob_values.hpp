// Reading knob values from JSON with located, LLVM-style errors; shared by knobs and specs.
#pragma once

#include "knob_table.hpp"

#include "ivsim/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ivsim::sim {

using Json = nlohmann::ordered_json;

/// Throws InputError("<pointer>: expected <expected>, got <found>").
[[noreturn]] void fail_value(const std::string &pointer, std::string_view expected,
                             const Json &found);

/// `key` escaped for a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string escape_pointer(std::string_view key);

std::uint32_t read_count(const Json &value, const std::string &pointer, const KnobImpl &knob);
double read_number(const Json &value, const std::string &pointer, const KnobImpl &knob);
Duration read_duration(const Json &value, const std::string &pointer, const KnobImpl &knob);
bool read_flag(const Json &value, const std::string &pointer);
std::string read_text(const Json &value, const std::string &pointer, const KnobImpl &knob);
Instant read_instant(const Json &value, const std::string &pointer);
std::map<std::string, double> read_per_kind(const Json &value, const std::string &pointer);

} // namespace ivsim::sim
