// Field paths into the canonical state document (docs/state-contract.md), as scopes name them:
// `channels.*.live`, `stages.*.sessions.*.participants`, `recordings`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ivsim {

/// Why `path` names no part of the state document, e.g. `expected a field of channels (name,
/// live, stream_id, recording), got "lve"`, or nullopt when it names one. A path alternates
/// collections and keys (`*` for any key) and may end at a collection, a key or a field. A key
/// that is a field's name and ends the path (`channels.live`) is taken for a forgotten `*`.
std::optional<std::string> field_path_problem(std::string_view path);

} // namespace ivsim
