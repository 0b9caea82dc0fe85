// Which parts of the canonical document a SUT keeps: field paths with `*` for keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ivsim::oracle {

/// A list of paths such as `channels.*.live`, `recordings.*.playlist` or `streams`. A field is in
/// scope when some path is a prefix of it (`*` matches any key). The empty scope is everything.
class Scope {
public:
  /// Everything.
  Scope() = default;
  /// Parses each path. Throws InputError for a path that names no part of the contract, e.g.
  /// `scope "channels.*.lve": expected a field of channels (name, live, stream_id, recording),
  /// got "lve"`.
  explicit Scope(const std::vector<std::string> &paths);
  /// Parses a comma-separated list, as given on the command line.
  static Scope parse(std::string_view comma_separated);

  /// True when some field at or under `path` is in scope (so the entity there is checked).
  bool touches(const std::vector<std::string> &path) const;
  /// True when the field at `path` is in scope.
  bool covers(const std::vector<std::string> &path) const;
  /// True when this is the whole document.
  bool is_everything() const { return patterns_.empty(); }
  /// The paths as given, comma-separated ("everything" when empty).
  std::string to_string() const;
  /// The paths as given, one each (none for everything), as a scenario file's "scope" holds them.
  std::vector<std::string> paths() const;

private:
  std::vector<std::vector<std::string>> patterns_;
};

} // namespace ivsim::oracle
