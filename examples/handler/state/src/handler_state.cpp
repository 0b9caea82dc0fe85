// One lock around the tables: concurrent deliveries (two Lambda invocations racing) see each
// other's writes whole.
#include "ivsim/example/handler_state.hpp"

#include "apply.hpp"
#include "document.hpp"

namespace ivsim::example {

Applied HandlerState::apply(const nlohmann::json &event) {
  if (!rules_.lock_whole_update)
    return apply_unlocked(event);
  const std::lock_guard lock(mutex_);
  return apply_event(rules_, tables_, event);
}

// Known-bad variant: read the tables, change the copy without the lock, write it back; a
// concurrent delivery's write in between is lost (a read-modify-write on a database row).
Applied HandlerState::apply_unlocked(const nlohmann::json &event) {
  Tables copy;
  {
    std::unique_lock lock(mutex_);
    copy = tables_;
    // A real handler spends a database round trip between its read and its write; in memory the
    // window is microseconds wide and a race would show only by luck. So wait (bounded) until
    // another delivery has read the same tables too: concurrent deliveries then always lose
    // an update, and a lone delivery only pays the window.
    ++in_update_;
    racing_.notify_all();
    racing_.wait_for(lock, kRaceWindow, [this] { return in_update_ >= 2; });
  }
  const Applied result = apply_event(rules_, copy, event);
  const std::lock_guard lock(mutex_);
  --in_update_;
  tables_ = std::move(copy);
  return result;
}

nlohmann::json HandlerState::document() const {
  const std::lock_guard lock(mutex_);
  return render_document(rules_, tables_);
}

void HandlerState::reset() {
  const std::lock_guard lock(mutex_);
  tables_ = Tables{};
}

} // namespace ivsim::example
