#include "state/command.hpp"

#include "ivsim/adapters/child_groups.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>

extern char **environ;

namespace ivsim::adapters::state_detail {

using WallClock = std::chrono::steady_clock;

namespace {

// A pipe whose ends close with their owner.
struct Pipe {
  int read = -1;
  int write = -1;

  Pipe() {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) == 0) {
      read = ends[0];
      write = ends[1];
    }
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe &) = delete;
  Pipe &operator=(const Pipe &) = delete;
  bool ok() const { return read >= 0; }
  void close_read() {
    if (read >= 0)
      ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0)
      ::close(write);
    write = -1;
  }
};

std::string errno_text(std::string_view what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

// Appends what `pipe` has ready to `text`; closes it at end of file.
void read_some(Pipe &pipe, const pollfd &polled, std::string &text,
               std::array<char, 8192> &buffer) {
  if (pipe.read < 0 || polled.revents == 0)
    return;
  const ssize_t n = ::read(pipe.read, buffer.data(), buffer.size());
  if (n > 0)
    text.append(buffer.data(), static_cast<std::size_t>(n));
  else if (n == 0 || errno != EINTR)
    pipe.close_read();
}

// Reads both pipes until both reach end of file or the deadline passes; false on timeout.
bool drain(Pipe &out, Pipe &err, CommandResult &result, WallClock::time_point deadline) {
  std::array<char, 8192> buffer;
  while (out.read >= 0 || err.read >= 0) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - WallClock::now());
    if (left.count() <= 0)
      return false;
    pollfd fds[2] = {{out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      return false; // timed out, or poll itself failed: either way stop waiting
    read_some(out, fds[0], result.out, buffer);
    read_some(err, fds[1], result.err, buffer);
  }
  return true;
}

std::string describe_status(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status) == 0 ? "" : "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended with wait status " + std::to_string(status);
}

} // namespace

std::string excerpt(const std::string &text) {
  constexpr std::size_t kMax = 300;
  std::string line = text.substr(0, kMax);
  for (char &c : line)
    if (c == '\n' || c == '\r')
      c = ' ';
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  return text.size() > kMax ? line + "..." : line;
}

CommandResult run_command(const std::vector<std::string> &argv, Duration timeout) {
  CommandResult result;
  if (argv.empty()) {
    result.failure = "empty command";
    return result;
  }
  Pipe out, err;
  if (!out.ok() || !err.ok()) {
    result.failure = errno_text("pipe", errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so a timeout also kills what a shell started.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char *> args;
  for (const std::string &arg : argv)
    args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    result.failure = errno_text("cannot run \"" + argv[0] + "\"", spawn_error);
    return result;
  }
  note_child_group(pid);
  out.close_write();
  err.close_write();
  const bool finished = drain(out, err, result, WallClock::now() + timeout);
  if (!finished)
    ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  forget_child_group(pid);
  if (!finished) {
    result.failure = "killed after " + format_duration(timeout) + " (timeout)";
    return result;
  }
  if (WIFEXITED(status))
    result.exit_status = WEXITSTATUS(status);
  result.failure = describe_status(status);
  return result;
}

} // namespace ivsim::adapters::state_detail
