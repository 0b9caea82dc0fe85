// Small plans for the adapter tests: numbered events with distinct ids, scheduled one by one.
#pragma once

#include "ivsim/plan.hpp"

#include <cstddef>
#include <string>

namespace ivsim::testing {

/// A Stream Start event whose id ends in `number`, so each number gives distinct bytes.
Event numbered_event(std::size_t number);

/// `count` numbered events delivered once each, `spacing` apart on the virtual clock, no faults.
Plan sequential_plan(std::size_t count, Duration spacing = std::chrono::seconds(1));

/// The index of the numbered event in `body` (its id), or -1.
long event_number(const std::string &body);

} // namespace ivsim::testing
