// Names in messages: how far apart two are, for "did you mean" suggestions on unknown options and
// keys, and the list of the names that were expected.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim {

/// The Levenshtein distance: the fewest single-character insertions, deletions and
/// substitutions that turn `a` into `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// `names` separated by ", ", e.g. "channels, streams, recordings".
std::string comma_separated(const std::vector<std::string_view> &names);

} // namespace ivsim
