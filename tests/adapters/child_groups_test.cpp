#include "ivsim/adapters/child_groups.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ivsim::adapters {
namespace {

// `sleep 600` as the leader of a process group of its own, as runtimes and commands are run.
pid_t sleeper_in_its_own_group() {
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  char sleep[] = "sleep", seconds[] = "600";
  char *argv[] = {sleep, seconds, nullptr};
  pid_t pid = -1;
  EXPECT_EQ(posix_spawnp(&pid, "sleep", nullptr, &attributes, argv, environ), 0);
  posix_spawnattr_destroy(&attributes);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

TEST(ChildGroups, KillingThemEndsEveryNotedGroupAndNoOther) {
  const pid_t noted = sleeper_in_its_own_group();
  const pid_t forgotten = sleeper_in_its_own_group();
  note_child_group(noted);
  note_child_group(forgotten);
  forget_child_group(forgotten);
  kill_child_groups();
  // SIGTERM after: had kill_child_groups missed the group, it would end by SIGTERM, not hang.
  ::kill(-noted, SIGTERM);
  const int status = wait_for(noted);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  forget_child_group(noted);
  int still = 0;
  EXPECT_EQ(::waitpid(forgotten, &still, WNOHANG), 0) << "a forgotten group was killed";
  ::kill(-forgotten, SIGKILL);
  wait_for(forgotten);
}

} // namespace
} // namespace ivsim::adapters
