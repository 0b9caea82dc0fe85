// Renders the handler's tables as the canonical state document.
#pragma once

#include "ivsim/example/records.hpp"
#include "ivsim/example/rules.hpp"

#include <nlohmann/json.hpp>

namespace ivsim::example {

/// The document of every row that exists; `rules` pick the channels' current streams.
nlohmann::json render_document(const Rules &rules, const Tables &tables);

} // namespace ivsim::example
