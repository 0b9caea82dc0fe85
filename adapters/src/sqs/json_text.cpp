#include "sqs/json_text.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>

namespace ivsim::adapters::sqs_detail {

namespace {

// How many bytes an ASCII byte's escape adds: 0 for plain bytes, 1 for \" \\ and the
// two-character control escapes, 5 for \u00XX; kNonAscii marks bytes from 0x80 up.
constexpr std::uint8_t kNonAscii = 0xFF;
constexpr std::array<std::uint8_t, 256> kExtraBytes = [] {
  std::array<std::uint8_t, 256> extra{};
  for (unsigned c = 0; c < 0x20; ++c)
    extra[c] = 5;
  for (const char c : {'"', '\\', '\b', '\t', '\n', '\f', '\r'})
    extra[static_cast<unsigned char>(c)] = 1;
  for (unsigned c = 0x80; c < 0x100; ++c)
    extra[c] = kNonAscii;
  return extra;
}();

// The letter after the backslash for the escapes that add one byte.
char short_escape(unsigned char c) {
  switch (c) {
  case '\b':
    return 'b';
  case '\t':
    return 't';
  case '\n':
    return 'n';
  case '\f':
    return 'f';
  case '\r':
    return 'r';
  default:
    return static_cast<char>(c); // '"' and '\\' escape as themselves
  }
}

} // namespace

void append_json_string(std::string &out, std::string_view text) {
  // One pass counts what the escapes add, so the output is sized once and written through a
  // pointer: an event body quotes every key and string value, escapes come every few bytes,
  // and an append per escape cost more than all the copying.
  std::size_t extra = 0;
  for (const char c : text) {
    const std::uint8_t added = kExtraBytes[static_cast<unsigned char>(c)];
    if (added == kNonAscii) {
      // Multi-byte text must be validated (and invalid bytes replaced) as nlohmann does: let it.
      out += nlohmann::json(std::string(text))
                 .dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
      return;
    }
    extra += added;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  const std::size_t start = out.size();
  out.resize(start + text.size() + extra + 2);
  char *to = out.data() + start;
  *to++ = '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (kExtraBytes[byte]) {
    case 0:
      *to++ = c;
      break;
    case 1:
      *to++ = '\\';
      *to++ = short_escape(byte);
      break;
    default:
      for (const char written : {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]})
        *to++ = written;
    }
  }
  *to = '"';
}

} // namespace ivsim::adapters::sqs_detail
