// Applies one raw EventBridge event to the handler's tables.
#pragma once

#include "ivsim/example/handler_state.hpp"

namespace ivsim::example {

/// Routes `event` by detail-type to the rows it names. Throws std::invalid_argument when a field
/// the kind needs is missing.
Applied apply_event(const Rules &rules, Tables &tables, const nlohmann::json &event);

} // namespace ivsim::example
