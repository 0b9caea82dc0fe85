#include "sqs/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ivsim::adapters::sqs_detail {

static bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void append_json_string(std::string &out, std::string_view text) {
  if (!is_ascii(text)) {
    // Multi-byte text must be validated (and invalid bytes replaced) as nlohmann does: let it.
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
    return;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  out.reserve(out.size() + text.size() + text.size() / 8 + 2);
  out += '"';
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    out.append(text.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  out += '"';
}

} // namespace ivsim::adapters::sqs_detail
