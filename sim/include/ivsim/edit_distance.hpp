// How far apart two names are, for "did you mean" suggestions on unknown options and keys.
#pragma once

#include <cstddef>
#include <string_view>

namespace ivsim {

/// The Levenshtein distance: the fewest single-character insertions, deletions and
/// substitutions that turn `a` into `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace ivsim
