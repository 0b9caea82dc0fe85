// The process groups ivsim starts (Lambda runtimes, state and reset commands), noted while they
// live so that an interrupted ivsim takes them down with it.
#pragma once

#include <sys/types.h>

namespace ivsim::adapters {

/// Notes a process group ivsim started and will reap. Each runs in its own group (so a timeout
/// can kill what its command started), which also keeps a terminal's Ctrl-C from reaching it: an
/// ivsim that dies by a signal must end these groups itself.
void note_child_group(pid_t group) noexcept;
/// Forgets a group once its leader is reaped.
void forget_child_group(pid_t group) noexcept;
/// Sends SIGKILL to every noted group. Async-signal-safe.
void kill_child_groups() noexcept;
/// Makes SIGINT, SIGTERM and SIGHUP kill the noted groups, then end ivsim by that same signal
/// (so the exit status is what the shell expects, 130 for Ctrl-C).
void kill_child_groups_on_interrupt();

} // namespace ivsim::adapters
