#include "ivsim/adapters/interruption.hpp"

#include "ivsim/adapters/child_groups.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace ivsim::adapters {

namespace {

std::atomic<int> requested{0};
static_assert(std::atomic<int>::is_always_lock_free, "read in a signal handler");

// Only async-signal-safe calls: an atomic, write(2), kill(2) and raise.
void on_signal(int signal) {
  int none = 0;
  if (requested.compare_exchange_strong(none, signal)) {
    constexpr char kNote[] = "\nivsim: interrupted: finishing what is in flight and saving what "
                             "was found (interrupt again to stop at once)\n";
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, kNote, sizeof kNote - 1);
    return;
  }
  kill_child_groups();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

} // namespace

void stop_gracefully_on_interrupt() {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP})
    std::signal(signal, on_signal);
}

int interrupted() noexcept { return requested.load(); }

const char *signal_name(int signal) noexcept {
  switch (signal) {
  case SIGINT:
    return "SIGINT";
  case SIGTERM:
    return "SIGTERM";
  case SIGHUP:
    return "SIGHUP";
  default:
    return "a signal";
  }
}

} // namespace ivsim::adapters
