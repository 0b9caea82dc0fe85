// Turns the entity summaries of a set of events into the expected document.
#pragma once

#include "aggregates.hpp"
#include "ivsim/oracle/expected.hpp"

namespace ivsim::oracle::detail {

/// Adds every entity `all` creates to `out` (rule 5: only entities some event creates appear).
void emit(const Aggregates &all, Expected &out);

} // namespace ivsim::oracle::detail
