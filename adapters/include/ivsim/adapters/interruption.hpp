// A graceful stop on SIGINT, SIGTERM or SIGHUP: the first one asks ivsim to finish what is in
// flight and save what it found; a second one ends it at once.
#pragma once

namespace ivsim::adapters {

/// Makes the first SIGINT, SIGTERM or SIGHUP a request to stop: `interrupted()` then returns the
/// signal, the dispatcher sends nothing more, `ivsim check` stops searching and shrinking, and
/// what was found is saved and reported. A second signal kills the noted child groups and ends
/// ivsim by that signal at once (see child_groups.hpp).
void stop_gracefully_on_interrupt();

/// The signal that asked ivsim to stop, or 0. Async-signal-safe.
int interrupted() noexcept;

/// "SIGINT", "SIGTERM", "SIGHUP", or "a signal".
const char *signal_name(int signal) noexcept;

} // namespace ivsim::adapters
