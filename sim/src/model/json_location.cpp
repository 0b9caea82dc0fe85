#include "ivsim/json_location.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace ivsim {

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
  TextPosition position;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

namespace {

// RFC 6901 reference tokens: "/a~1b/0" -> {"a/b", "0"}.
std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  std::size_t pos = 0;
  while (pos < pointer.size() && pointer[pos] == '/') {
    const std::size_t next = std::min(pointer.find('/', pos + 1), pointer.size());
    std::string token;
    for (std::size_t i = pos + 1; i < next; ++i) {
      if (pointer[i] == '~' && i + 1 < next && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    tokens.push_back(std::move(token));
    pos = next;
  }
  return tokens;
}

void append_utf8(std::string &out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Walks JSON text just far enough to find where a value starts. It trusts the text to be the
// JSON that nlohmann already accepted, and gives up (nullopt) at the first thing it cannot read.
class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t pos() const { return pos_; }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool take(char c) {
    skip_space();
    if (!at(c))
      return false;
    ++pos_;
    skip_space();
    return true;
  }

  std::optional<std::string> read_string() {
    if (!at('"'))
      return std::nullopt;
    std::string out;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++pos_ >= text_.size())
        return std::nullopt;
      if (!read_escape(out))
        return std::nullopt;
    }
    return std::nullopt;
  }

  bool skip_value() {
    skip_space();
    if (at('"'))
      return read_string().has_value();
    if (at('{') || at('['))
      return skip_container();
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos)
      ++pos_;
    return pos_ > start;
  }

private:
  bool read_escape(std::string &out) {
    switch (text_[pos_]) {
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'u':
      return read_unicode_escape(out);
    default:
      out += text_[pos_]; // '"', '\\' and '/' stand for themselves
      return true;
    }
  }

  std::optional<std::uint32_t> read_hex4() {
    if (pos_ + 4 >= text_.size())
      return std::nullopt;
    std::uint32_t value = 0;
    for (int i = 1; i <= 4; ++i) {
      const char c = text_[pos_ + i];
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    pos_ += 4; // now on the last hex digit; the caller's loop steps past it
    return value;
  }

  bool read_unicode_escape(std::string &out) {
    auto high = read_hex4();
    if (!high)
      return false;
    std::uint32_t code_point = *high;
    const bool is_high_surrogate = code_point >= 0xD800 && code_point <= 0xDBFF;
    if (is_high_surrogate && text_.substr(pos_ + 1, 2) == "\\u") {
      pos_ += 2;
      auto low = read_hex4();
      if (!low)
        return false;
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
    }
    append_utf8(out, code_point);
    return true;
  }

  bool skip_container() {
    const char close = at('{') ? '}' : ']';
    const bool is_object = close == '}';
    ++pos_;
    if (take(close))
      return true;
    do {
      skip_space();
      if (is_object && (!read_string() || !take(':')))
        return false;
      if (!skip_value())
        return false;
    } while (take(','));
    return take(close);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Steps from the value at the scanner's position into its member `token`; false when absent.
bool enter_member(Scanner &scanner, const std::string &token) {
  if (!scanner.take('{') || scanner.at('}'))
    return false;
  do {
    auto key = scanner.read_string();
    if (!key || !scanner.take(':'))
      return false;
    if (*key == token)
      return true;
    if (!scanner.skip_value())
      return false;
  } while (scanner.take(','));
  return false;
}

bool enter_element(Scanner &scanner, const std::string &token) {
  if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const std::size_t index = std::stoul(token);
  if (!scanner.take('[') || scanner.at(']'))
    return false;
  for (std::size_t i = 0; i < index; ++i)
    if (!scanner.skip_value() || !scanner.take(','))
      return false;
  scanner.skip_space();
  return true;
}

} // namespace

std::optional<std::size_t> locate_pointer(std::string_view json_text, std::string_view pointer) {
  Scanner scanner(json_text);
  scanner.skip_space();
  std::size_t found = scanner.pos();
  for (const std::string &token : split_pointer(pointer)) {
    const bool entered = scanner.at('{')   ? enter_member(scanner, token)
                         : scanner.at('[') ? enter_element(scanner, token)
                                           : false;
    if (!entered)
      return found;
    scanner.skip_space();
    found = scanner.pos();
  }
  return found;
}

std::optional<std::string> leading_pointer(std::string_view message) {
  if (message.empty() || message.front() != '/')
    return std::nullopt;
  const std::size_t end = message.find(": ");
  if (end == std::string_view::npos)
    return std::nullopt;
  return std::string(message.substr(0, end));
}

namespace {

// Where the string opened by the quote at `open` ends: the index of its closing quote, or
// text.size() when it is not closed (the parser then says where). Escapes are skipped whole.
std::size_t string_end(std::string_view text, std::size_t open) {
  std::size_t at = open + 1;
  while (at < text.size() && text[at] != '"')
    at += text[at] == '\\' ? 2 : 1;
  return std::min(at, text.size());
}

} // namespace

std::optional<std::size_t> excessive_nesting_at(std::string_view text) {
  std::size_t depth = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '"') {
      at = string_end(text, at); // brackets inside strings do not count
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonNesting)
        return at;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> duplicate_key(std::string_view text) {
  // One list of keys per open object or array (arrays keep theirs empty), reused as the depth
  // comes back, so a plan of a million small objects allocates only for its deepest path.
  std::vector<std::vector<std::string_view>> keys;
  std::vector<bool> is_object;
  std::size_t depth = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '{' || c == '[') {
      if (keys.size() <= depth) {
        keys.emplace_back();
        is_object.push_back(false);
      }
      keys[depth].clear();
      is_object[depth] = c == '{';
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    } else if (c == '"') {
      const std::size_t start = at;
      at = string_end(text, start);
      if (at >= text.size())
        return std::nullopt; // unterminated: the parser says where
      const std::string_view token = text.substr(start, at - start + 1);
      std::size_t next = at + 1;
      while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next])))
        ++next;
      if (depth == 0 || !is_object[depth - 1] || next >= text.size() || text[next] != ':')
        continue; // a value, not a key
      std::vector<std::string_view> &seen = keys[depth - 1];
      if (std::find(seen.begin(), seen.end(), token) != seen.end())
        return token;
      seen.push_back(token);
    }
  }
  return std::nullopt;
}

std::string excessive_nesting_message() {
  return "JSON nested deeper than " + std::to_string(kMaxJsonNesting) + " levels";
}

std::string describe_found(const nlohmann::ordered_json &value) {
  using Type = nlohmann::ordered_json::value_t;
  // Containers are named, never written out: a plan's events array is hundreds of megabytes, and
  // writing a value nested 100,000 deep recurses as deep. A long string is cut short.
  constexpr std::size_t kMostCharacters = 80;
  const auto text = [&] {
    std::string dumped =
        value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return dumped.size() > kMostCharacters ? dumped.substr(0, kMostCharacters - 4) + "...\""
                                           : dumped;
  };
  switch (value.type()) {
  case Type::null:
    return "null";
  case Type::object:
    return "an object";
  case Type::array:
    return "an array";
  case Type::string:
    return "a string " + text();
  case Type::boolean:
    return text();
  case Type::number_integer:
  case Type::number_unsigned:
    return "an integer " + text();
  case Type::number_float:
    return "a number " + text();
  case Type::binary:
  case Type::discarded:
    break;
  }
  return "a value";
}

JsonSource::JsonSource(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {}

JsonSource JsonSource::read_file(const std::string &path) {
  // A directory opens as a stream that reads nothing: say what it is, not "unexpected end".
  if (std::error_code error; std::filesystem::is_directory(path, error))
    throw InputError(path + ": cannot read: a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path + ": cannot read: no such file or not readable");
  std::ostringstream text;
  text << in.rdbuf();
  return JsonSource(path, std::move(text).str());
}

namespace {

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 5: <why>";
// keep <why>, since the position is reported our way.
std::string parse_error_reason(const nlohmann::ordered_json::parse_error &error) {
  std::string_view what = error.what();
  const std::size_t colon = what.find(": ");
  if (colon != std::string_view::npos)
    what.remove_prefix(colon + 2);
  // "last read: '...'" quotes raw bytes, which may be the invalid UTF-8 being reported.
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string reason;
  for (const char c : what) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      reason += c;
      continue;
    }
    reason += "\\x";
    reason += kHex[byte >> 4];
    reason += kHex[byte & 0xF];
  }
  return reason;
}

} // namespace

nlohmann::ordered_json JsonSource::parse() const {
  if (const auto too_deep = excessive_nesting_at(text_)) {
    const TextPosition at = position_of_offset(text_, *too_deep);
    throw InputError(name_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": " + excessive_nesting_message());
  }
  if (const auto repeated = duplicate_key(text_)) {
    const TextPosition at =
        position_of_offset(text_, static_cast<std::size_t>(repeated->data() - text_.data()));
    throw InputError(name_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": the key " + std::string(*repeated) +
                     " is given twice in one object; JSON keeps only the last, so give it once");
  }
  try {
    return nlohmann::ordered_json::parse(text_);
  } catch (const nlohmann::ordered_json::parse_error &error) {
    // `byte` is 1-based: the character that could not be read.
    const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    const TextPosition at = position_of_offset(text_, offset);
    throw InputError(name_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": invalid JSON: " + parse_error_reason(error));
  } catch (const nlohmann::ordered_json::out_of_range &) {
    // nlohmann reports a number beyond a double ("1e400") as out_of_range, not as a parse error,
    // and without a position; it is bad input all the same (found by fuzz/scenario_loader).
    throw InputError(name_ + ": invalid JSON: a number too large to represent");
  }
}

std::string JsonSource::where(std::string_view pointer) const {
  const TextPosition at = position_of_offset(text_, locate_pointer(text_, pointer).value_or(0));
  return name_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

void JsonSource::fail(std::string_view pointer, std::string_view message) const {
  std::string text = where(pointer) + ": ";
  if (!pointer.empty())
    text += std::string(pointer) + ": ";
  throw InputError(text + std::string(message));
}

void JsonSource::relocate(const InputError &error, std::string_view base) const {
  const std::string_view message = error.what();
  const auto pointer = leading_pointer(message);
  if (!pointer)
    fail(base, message);
  // parse_event names the event itself "/"; below `base` that is `base`.
  const std::string full = std::string(base) + (*pointer == "/" ? "" : *pointer);
  fail(full, message.substr(pointer->size() + 2));
}

} // namespace ivsim
