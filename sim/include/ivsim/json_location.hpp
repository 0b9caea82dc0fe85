// Turns JSON pointers and parser byte offsets into file:line:col, so bad input is reported where it
// is.
#pragma once

#include "ivsim/error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ivsim {

/// A 1-based line and column in a text; the column counts bytes, as compilers do.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;

  friend bool operator==(const TextPosition &, const TextPosition &) = default;
};

/// The line and column of byte `offset` (0-based) in `text`; offsets past the end give the end.
TextPosition position_of_offset(std::string_view text, std::size_t offset);

/// The byte offset where the value named by the JSON `pointer` (RFC 6901, "" for the whole
/// document) starts in `json_text`. When the pointer names something that is not there (a missing
/// key, an index past the end), returns where its deepest existing ancestor starts. Returns nullopt
/// only when `json_text` is not valid JSON up to that point.
std::optional<std::size_t> locate_pointer(std::string_view json_text, std::string_view pointer);

/// The JSON pointer an InputError message starts with ("/detail/stream_id: expected ..."), or
/// nullopt when the message does not start with one.
std::optional<std::string> leading_pointer(std::string_view message);

/// The most levels of objects and arrays ivsim reads from a file or a SUT: far beyond any real
/// document (a state document nests eight), and shallow enough that nlohmann's recursive copy,
/// comparison and writing of a document cannot overflow the stack.
inline constexpr std::size_t kMaxJsonNesting = 512;

/// The byte offset (0-based) of the bracket that nests `text` deeper than kMaxJsonNesting, or
/// nullopt. Brackets inside strings do not count; other syntax is left to the parser.
std::optional<std::size_t> excessive_nesting_at(std::string_view text);

/// The first object key in `text` that repeats an earlier key of the same object, as written
/// (quotes included, a view into `text`), or nullopt. Keys compare as written, before
/// unescaping; other syntax is left to the parser. nlohmann keeps the last value of a repeated
/// key, so a hand-edited file would lose the first without a word.
std::optional<std::string_view> duplicate_key(std::string_view text);

/// "JSON nested deeper than 512 levels", for messages about such a text.
std::string excessive_nesting_message();

/// How a message names a JSON value it did not expect: `an integer 42`, `a string "x"`, `null`,
/// `an object`.
std::string describe_found(const nlohmann::ordered_json &value);

/// A JSON document read from a named place (a file path, "<stdin>", a test label), kept as text so
/// that errors found after parsing can still say file:line:col.
class JsonSource {
public:
  /// Keeps `name` (used as the "file" in messages) and `text`.
  JsonSource(std::string name, std::string text);

  /// Reads the file at `path`. Throws InputError("<path>: cannot read: ...") when it cannot.
  static JsonSource read_file(const std::string &path);

  /// The name given at construction, e.g. the path of the file.
  const std::string &name() const { return name_; }
  /// The whole text.
  const std::string &text() const { return text_; }

  /// Parses the text, keeping key order. Throws InputError("<name>:<line>:<col>: expected ...,
  /// got ...") on a syntax error, converting nlohmann's byte offset to line:col.
  nlohmann::ordered_json parse() const;

  /// "<name>:<line>:<col>" of the value at `pointer` (or its deepest existing ancestor).
  std::string where(std::string_view pointer) const;

  /// Throws InputError("<where(pointer)>: <pointer>: <message>").
  [[noreturn]] void fail(std::string_view pointer, std::string_view message) const;

  /// Rethrows `error` located in this text. Its message starts with a JSON pointer relative to
  /// `base` (as ivsim::parse_event's do) or with none, which means `base` itself.
  [[noreturn]] void relocate(const InputError &error, std::string_view base) const;

private:
  std::string name_;
  std::string text_;
};

} // namespace ivsim
