// Compact JSON text of an event, written directly from the typed fields: the same bytes as
// `to_json(event).dump()`, without building a document per event (bench/generate_bench).
#include "event_fields.hpp"

#include "ivsim/event.hpp"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace ivsim {

namespace {

using Json = nlohmann::ordered_json;

// Invalid UTF-8 from a hand-edited scenario is replaced rather than aborting a run.
std::string dump(const Json &json) {
  return json.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

// Whether nlohmann writes `c` as an escape sequence rather than itself.
bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

// Appends the escape sequence nlohmann writes for `c` (one of needs_escape).
void append_escape(std::string &out, char c) {
  constexpr std::string_view kHex = "0123456789abcdef";
  switch (c) {
  case '"':
    out += "\\\"";
    return;
  case '\\':
    out += "\\\\";
    return;
  case '\b':
    out += "\\b";
    return;
  case '\t':
    out += "\\t";
    return;
  case '\n':
    out += "\\n";
    return;
  case '\f':
    out += "\\f";
    return;
  case '\r':
    out += "\\r";
    return;
  default:
    out += "\\u00";
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 0xF];
  }
}

// Appends `text` as a JSON string exactly as nlohmann's serializer does (ensure_ascii off).
void append_string(std::string &out, std::string_view text) {
  const std::size_t start = out.size();
  out += '"';
  // Ids, ARNs and names need no escapes: append runs of plain characters at once.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Multi-byte text must be validated (and invalid bytes replaced) the way nlohmann does:
      // rare in events, so let nlohmann write this one string.
      out.resize(start);
      out += dump(Json(std::string(text)));
      return;
    }
    if (!needs_escape(c))
      continue;
    out.append(text.data() + run, i - run);
    append_escape(out, c);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

// Writes compact JSON text; keys are the fixed ASCII names of event_fields.hpp.
class TextWriter {
public:
  explicit TextWriter(std::string &out) : out_(out) {}

  void put_string(const char *key, std::string_view value) {
    write_key(key);
    append_string(out_, value);
  }
  void put_integer(const char *key, std::int64_t value) {
    write_key(key);
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out_.append(digits, result.ptr);
  }
  void put_bool(const char *key, bool value) {
    write_key(key);
    out_ += value ? "true" : "false";
  }
  void put_time(const char *key, const EventTime &value) {
    char text[kMaxRfc3339Size];
    put_string(key, std::string_view(text, format_rfc3339_to(text, value.at, value.resolution)));
  }
  void put_strings(const char *key, const TextList &values) {
    write_key(key);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0)
        out_ += ',';
      append_string(out_, values[i]);
    }
    out_ += ']';
  }
  void open(const char *key) {
    write_key(key);
    out_ += '{';
    comma_ = false;
  }
  void close() {
    out_ += '}';
    comma_ = true;
  }

private:
  void write_key(const char *key) {
    if (comma_)
      out_ += ',';
    comma_ = true;
    out_ += '"';
    out_ += key;
    out_ += "\":";
  }

  std::string &out_;
  bool comma_ = false;
};

} // namespace

std::string to_json_text(const Event &event) {
  if (event.original)
    return dump(*event.original);
  std::string text;
  text.reserve(512); // a typical event is 300-500 bytes
  text += '{';
  TextWriter writer(text);
  detail::write_fields(event, writer);
  text += '}';
  return text;
}

} // namespace ivsim
