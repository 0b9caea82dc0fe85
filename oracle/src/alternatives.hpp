// Expectations for events that may or may not have been applied (lost acknowledgements).
#pragma once

#include "ivsim/oracle/expected.hpp"

#include <cstdint>
#include <vector>

namespace ivsim::oracle::detail {

/// More indeterminate events than this in one channel, stage or composition are not enumerated:
/// the root's entities become optional and its fields accept anything (sound, but unchecked).
inline constexpr std::size_t kMaxIndeterminatePerRoot = 10;

/// Adds to `out` the entities of one root (a channel, stage or composition) as every subset of
/// `maybe` applied on top of `surely` would leave them: a field accepts the value of any
/// subset, an entity some subset lacks may be absent. Indexes refer to `out.events`.
void emit_alternatives(const std::vector<std::uint32_t> &surely,
                       const std::vector<std::uint32_t> &maybe, Expected &out);

} // namespace ivsim::oracle::detail
