// The reference handler's state: applies one raw EventBridge event at a time, safely from many
// threads, and reports the canonical state document at any moment.
#pragma once

#include "ivsim/example/records.hpp"
#include "ivsim/example/rules.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ivsim::example {

/// What `apply` did with an event.
enum class Applied : std::uint8_t {
  applied,   ///< it changed (or could change) state
  duplicate, ///< an event with this id was already applied
  ignored,   ///< a kind that carries no state (Limit Breach, CloudTrail, unknown kinds, ...)
};

/// The state of the bundled handler. Independent of ivsim's model and oracle: it plays the part
/// of a user's handler and reads only the JSON that AWS sends.
class HandlerState {
public:
  explicit HandlerState(Rules rules = {}) : rules_(rules) {}

  /// Applies one EventBridge event. Throws std::invalid_argument (message says which field) when
  /// an IVS event this handler understands lacks a field it needs; unknown kinds are ignored.
  Applied apply(const nlohmann::json &event);
  /// The canonical state document (docs/state-contract.md) of everything applied so far.
  nlohmann::json document() const;
  /// Forgets everything.
  void reset();

  /// How long the unlocked variant (Rules::lock_whole_update false) waits between its read and
  /// its write for a concurrent delivery to read the same state: its race window.
  static constexpr std::chrono::milliseconds kRaceWindow{200};

private:
  Applied apply_unlocked(const nlohmann::json &event);

  mutable std::mutex mutex_;
  std::condition_variable racing_; ///< signalled when an unlocked update reads the tables
  unsigned in_update_ = 0;         ///< unlocked updates between their read and their write
  Rules rules_;
  Tables tables_;
};

} // namespace ivsim::example
