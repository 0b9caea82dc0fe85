// JSON strings written straight into a request body, for the SQS transport's hot path.
#pragma once

#include <string>
#include <string_view>

namespace ivsim::adapters::sqs_detail {

/// Appends `text` as a quoted JSON string, the same bytes nlohmann's dump writes (ensure_ascii
/// off, invalid UTF-8 replaced).
void append_json_string(std::string &out, std::string_view text);

} // namespace ivsim::adapters::sqs_detail
