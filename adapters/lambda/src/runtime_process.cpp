#include "runtime_process.hpp"

#include "ivsim/adapters/child_groups.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace ivsim::adapters::lambda_detail {

namespace net = boost::asio;
using Descriptor = net::posix::stream_descriptor;

std::string describe_wait_status(int status) {
  if (WIFEXITED(status))
    return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

struct RuntimeProcess::State : std::enable_shared_from_this<RuntimeProcess::State> {
  State(net::any_io_executor executor, pid_t pid, int out, int err, int pidfd, ExitHandler handler)
      : pid(pid), out(executor, out), err(executor, err), exit_watch(executor, pidfd),
        on_exit(std::move(handler)) {}

  pid_t pid;
  Descriptor out;
  Descriptor err;
  Descriptor exit_watch; // a pidfd: readable once the process has exited
  ExitHandler on_exit;
  std::string output;
  bool reaped = false;
  bool closed = false;

  // Appends what `pipe` holds now; closes it at end of file. Never blocks (O_NONBLOCK).
  void read_ready(Descriptor &pipe) {
    std::array<char, 16384> buffer;
    while (pipe.is_open()) {
      const ssize_t n = ::read(pipe.native_handle(), buffer.data(), buffer.size());
      if (n > 0) {
        output.append(buffer.data(), static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      boost::system::error_code ignored;
      pipe.close(ignored); // end of file or a read error
    }
  }

  net::awaitable<void> read_loop(Descriptor &pipe) {
    auto self = shared_from_this();
    while (pipe.is_open()) {
      auto [error] =
          co_await pipe.async_wait(Descriptor::wait_read, net::as_tuple(net::use_awaitable));
      if (error || closed)
        co_return;
      read_ready(pipe);
    }
  }

  net::awaitable<void> watch_exit() {
    auto self = shared_from_this();
    auto [error] =
        co_await exit_watch.async_wait(Descriptor::wait_read, net::as_tuple(net::use_awaitable));
    if (error || closed)
      co_return;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    reaped = true;
    forget_child_group(pid);
    // What the process wrote before it exited is in the pipes now: read it before reporting.
    read_ready(out);
    read_ready(err);
    close_descriptors();
    // The handler may drop the last RuntimeProcess, whose close() clears on_exit: move it out.
    if (ExitHandler handler = std::exchange(on_exit, nullptr))
      handler(describe_wait_status(status));
  }

  void close_descriptors() {
    boost::system::error_code ignored;
    out.close(ignored);
    err.close(ignored);
    exit_watch.close(ignored);
  }
};

namespace {

// Both ends close-on-exec; the read end non-blocking (read on readiness only).
bool make_pipe(int ends[2]) {
  if (::pipe2(ends, O_CLOEXEC) != 0)
    return false;
  ::fcntl(ends[0], F_SETFL, ::fcntl(ends[0], F_GETFL) | O_NONBLOCK);
  return true;
}

std::vector<std::string>
merged_environment(const std::vector<std::pair<std::string, std::string>> &additions) {
  std::map<std::string, std::string> variables;
  for (char **entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const std::size_t equals = text.find('=');
    if (equals != std::string::npos)
      variables[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto &[name, value] : additions)
    variables[name] = value;
  std::vector<std::string> merged;
  for (const auto &[name, value] : variables)
    merged.push_back(name + "=" + value);
  return merged;
}

std::vector<char *> pointers(std::vector<std::string> &texts) {
  std::vector<char *> result;
  for (std::string &text : texts)
    result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

} // namespace

std::shared_ptr<RuntimeProcess>
RuntimeProcess::spawn(net::any_io_executor executor, const std::vector<std::string> &argv,
                      const std::vector<std::pair<std::string, std::string>> &environment,
                      std::string &error, ExitHandler on_exit) {
  if (argv.empty()) {
    error = "empty runtime command";
    return nullptr;
  }
  int out[2], err[2];
  if (!make_pipe(out) || !make_pipe(err)) {
    error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so killing a timed-out runtime also kills what its command started;
  // default signal dispositions, whatever ivsim ignores (SIGPIPE).
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<std::string> args = argv;
  std::vector<std::string> variables = merged_environment(environment);
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, args[0].c_str(), &actions, &attributes,
                                       pointers(args).data(), pointers(variables).data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out[1]);
  ::close(err[1]);
  if (spawn_error != 0) {
    ::close(out[0]);
    ::close(err[0]);
    error = "cannot run \"" + argv[0] + "\": " + std::strerror(spawn_error);
    return nullptr;
  }
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    error = std::string("pidfd_open: ") + std::strerror(errno);
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(out[0]);
    ::close(err[0]);
    return nullptr;
  }
  note_child_group(pid);
  auto state = std::make_shared<State>(executor, pid, out[0], err[0], pidfd, std::move(on_exit));
  net::co_spawn(executor, state->read_loop(state->out), net::detached);
  net::co_spawn(executor, state->read_loop(state->err), net::detached);
  net::co_spawn(executor, state->watch_exit(), net::detached);
  return std::shared_ptr<RuntimeProcess>(new RuntimeProcess(std::move(state)));
}

RuntimeProcess::~RuntimeProcess() { close(); }

std::string RuntimeProcess::take_output() {
  state_->read_ready(state_->out);
  state_->read_ready(state_->err);
  return std::exchange(state_->output, std::string());
}

void RuntimeProcess::kill() {
  if (!state_->reaped)
    ::kill(-state_->pid, SIGKILL);
}

void RuntimeProcess::close() {
  if (state_->closed)
    return;
  state_->closed = true;
  state_->on_exit = nullptr;
  if (!state_->reaped) {
    ::kill(-state_->pid, SIGKILL);
    while (::waitpid(state_->pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    state_->reaped = true;
    forget_child_group(state_->pid);
  }
  state_->close_descriptors();
}

} // namespace ivsim::adapters::lambda_detail
