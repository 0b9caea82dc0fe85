// The known-bad switches of the bundled handler: real bug patterns from public IVS handlers.
#pragma once

#include "ivsim/example/rules.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ivsim::examples {

/// A handler variant: the state core's rules plus the server's own misbehaviour.
struct Variant {
  example::Rules rules;
  /// Answer 500 to events without `detail.event_name` (Limit Breach, Recording State Change).
  bool fail_without_event_name = false;
  /// Answer 400 to events whose `id` is not a UUID v4 (EventBridge ids fix no version digit).
  bool reject_non_uuid_v4_id = false;
};

/// One known bug: its `--bug` name and a line on what it does.
struct BugInfo {
  std::string_view name;
  std::string_view summary;
};

/// Every bug switch, in documentation order (examples/handler/README.md explains each).
const std::vector<BugInfo> &known_bugs();

/// The variant for `--bug name`; "" is the correct handler. Throws ivsim::InputError listing the
/// known names for any other.
Variant make_variant(std::string_view name);

} // namespace ivsim::examples
