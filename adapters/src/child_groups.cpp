#include "ivsim/adapters/child_groups.hpp"

#include <array>
#include <atomic>
#include <csignal>

namespace ivsim::adapters {

namespace {

// A fixed table of lock-free slots, because a signal handler reads it: no allocation, no lock.
// 0 is a free slot. More live groups than slots (far beyond --concurrency's use) go unnoted.
constexpr std::size_t kSlots = 1024;
std::array<std::atomic<pid_t>, kSlots> groups{};

void on_interrupt(int signal) {
  kill_child_groups();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

} // namespace

void note_child_group(pid_t group) noexcept {
  for (std::atomic<pid_t> &slot : groups) {
    pid_t free = 0;
    if (slot.compare_exchange_strong(free, group))
      return;
  }
}

void forget_child_group(pid_t group) noexcept {
  for (std::atomic<pid_t> &slot : groups) {
    pid_t noted = group;
    if (slot.compare_exchange_strong(noted, 0))
      return;
  }
}

void kill_child_groups() noexcept {
  for (const std::atomic<pid_t> &slot : groups)
    if (const pid_t group = slot.load(); group > 0)
      ::kill(-group, SIGKILL);
}

void kill_child_groups_on_interrupt() {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP})
    std::signal(signal, on_interrupt);
}

} // namespace ivsim::adapters
