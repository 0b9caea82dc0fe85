// A fast path for reading small JSON answers through a SAX reader, in front of nlohmann's parser.
#pragma once

#include <cstddef>
#include <string_view>

namespace ivsim::adapters::sqs_detail {

enum class ScanResult {
  parsed,     ///< the whole text was read and every reader call returned true
  stopped,    ///< a reader call returned false (nlohmann's sax_parse then returns false)
  unsupported ///< the text leaves the subset: give it to nlohmann's parser with a fresh reader
};

/// Reads the JSON subset SQS writes in batch answers: objects, arrays, true, false, null and
/// strings of printable ASCII without escapes. Anything else (numbers, escapes, non-ASCII bytes,
/// syntax errors, nesting deeper than kMaxDepth) is `unsupported`, so the subset needs no number
/// conversion, unescaping or UTF-8 checks. Whenever it answers `parsed` or `stopped`, nlohmann's
/// sax_parse would have made the same calls in the same order (strings come as views into
/// `text`) and ended the same way. `Reader` has nlohmann's SAX calls without the number ones,
/// with string_view for key and string.
template <typename Reader> class SimpleJsonScanner {
public:
  static constexpr std::size_t kMaxDepth = 16;

  SimpleJsonScanner(std::string_view text, Reader &reader) : text_(text), reader_(reader) {}

  ScanResult run() {
    const ScanResult result = value(0);
    if (result != ScanResult::parsed)
      return result;
    skip_whitespace();
    return at_end() ? ScanResult::parsed : ScanResult::unsupported;
  }

private:
  static ScanResult called(bool reader_goes_on) {
    return reader_goes_on ? ScanResult::parsed : ScanResult::stopped;
  }

  bool at_end() const { return position_ == text_.size(); }
  char peek() const { return text_[position_]; }
  void skip_whitespace() {
    while (!at_end() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t'))
      ++position_;
  }
  // Skips whitespace, then `expected` if it comes next.
  bool take(char expected) {
    skip_whitespace();
    if (at_end() || peek() != expected)
      return false;
    ++position_;
    return true;
  }

  ScanResult value(std::size_t depth) {
    skip_whitespace();
    if (at_end())
      return ScanResult::unsupported;
    switch (peek()) {
    case '{':
      return object(depth);
    case '[':
      return array(depth);
    case '"': {
      std::string_view text;
      if (!string(text))
        return ScanResult::unsupported;
      return called(reader_.string(text));
    }
    case 't':
      return literal("true") ? called(reader_.boolean(true)) : ScanResult::unsupported;
    case 'f':
      return literal("false") ? called(reader_.boolean(false)) : ScanResult::unsupported;
    case 'n':
      return literal("null") ? called(reader_.null()) : ScanResult::unsupported;
    default:
      return ScanResult::unsupported;
    }
  }

  ScanResult object(std::size_t depth) {
    if (depth == kMaxDepth)
      return ScanResult::unsupported;
    ++position_; // '{'
    if (!reader_.start_object(kUnknownSize))
      return ScanResult::stopped;
    if (take('}'))
      return called(reader_.end_object());
    do {
      std::string_view name;
      skip_whitespace();
      if (!string(name))
        return ScanResult::unsupported;
      if (!reader_.key(name))
        return ScanResult::stopped;
      if (!take(':'))
        return ScanResult::unsupported;
      if (const ScanResult member = value(depth + 1); member != ScanResult::parsed)
        return member;
    } while (take(','));
    return take('}') ? called(reader_.end_object()) : ScanResult::unsupported;
  }

  ScanResult array(std::size_t depth) {
    if (depth == kMaxDepth)
      return ScanResult::unsupported;
    ++position_; // '['
    if (!reader_.start_array(kUnknownSize))
      return ScanResult::stopped;
    if (take(']'))
      return called(reader_.end_array());
    do {
      if (const ScanResult item = value(depth + 1); item != ScanResult::parsed)
        return item;
    } while (take(','));
    return take(']') ? called(reader_.end_array()) : ScanResult::unsupported;
  }

  // A string starting here whose bytes are printable ASCII other than '\\'.
  bool string(std::string_view &out) {
    if (at_end() || peek() != '"')
      return false;
    const std::size_t begin = ++position_;
    for (; !at_end(); ++position_) {
      const auto c = static_cast<unsigned char>(peek());
      if (c == '"') {
        out = text_.substr(begin, position_++ - begin);
        return true;
      }
      if (c < 0x20 || c >= 0x80 || c == '\\')
        return false;
    }
    return false;
  }

  bool literal(std::string_view word) {
    if (text_.substr(position_, word.size()) != word)
      return false;
    position_ += word.size();
    return true;
  }

  // What nlohmann passes to start_object and start_array when parsing text.
  static constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);

  std::string_view text_;
  Reader &reader_;
  std::size_t position_ = 0;
};

} // namespace ivsim::adapters::sqs_detail
