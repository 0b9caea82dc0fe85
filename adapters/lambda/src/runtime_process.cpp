#include "runtime_process.hpp"

#include "ivsim/adapters/child_groups.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <optional>
#include <signal.h>
#include <string_view>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/close_range.h>
#include <sys/prctl.h>
#endif

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

// The file execvp would run for `name`: `name` itself when it holds a '/', else the first
// executable regular file of that name in ivsim's PATH ("/bin:/usr/bin" when unset; an empty
// entry is the current folder). Searched before fork, because execvp is not async-signal-safe.
// nullopt, with `error` set to ENOENT or EACCES, when there is none.
std::optional<std::string> find_executable(const std::string &name, int &error) {
  if (name.find('/') != std::string::npos)
    return name;
  const char *path = std::getenv("PATH");
  const std::string_view folders = path != nullptr ? path : "/bin:/usr/bin";
  error = ENOENT;
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = std::min(folders.find(':', start), folders.size());
    const std::string_view folder = folders.substr(start, colon - start);
    const std::string candidate = folder.empty() ? name : std::string(folder) + "/" + name;
    struct stat about {};
    if (::stat(candidate.c_str(), &about) == 0 && S_ISREG(about.st_mode)) {
      if (::access(candidate.c_str(), X_OK) == 0)
        return candidate;
      error = EACCES;
    }
    if (colon == folders.size())
      return std::nullopt;
    start = colon + 1;
  }
}

// Everything the child needs between fork and exec, prepared before fork: from fork to exec it
// may only make async-signal-safe calls (another thread may have held malloc's lock at fork).
struct ChildSetup {
  const char *file; // found by find_executable()
  char *const *argv;
  char *const *envp;
  int out;              // the write end that becomes stdout
  int err;              // ... and stderr
  int report;           // close-on-exec pipe: gets errno if the child fails before exec
  pid_t parent;         // ivsim
  int descriptor_limit; // RLIMIT_NOFILE, for kernels without close_range()
  sigset_t signal_mask; // ivsim's, restored just before exec
};

// Sends errno to ivsim through the report pipe and ends the child (no atexit handlers).
[[noreturn]] void fail_child(int report) noexcept {
  const int error = errno;
  [[maybe_unused]] const ssize_t written = ::write(report, &error, sizeof error);
  ::_exit(127);
}

// dup2() that also works when `from` already is `to` (then it only clears close-on-exec).
bool redirect(int from, int to) noexcept {
  if (from == to)
    return ::fcntl(to, F_SETFD, 0) == 0;
  return ::dup2(from, to) == to;
}

// Every descriptor above stderr closes at exec: the Runtime API's listening and accepted
// sockets, other runtimes' pipes, whatever ivsim inherited. A runtime holding a Runtime API
// listening socket would outlive ivsim: its reconnects would wait in that socket's backlog
// instead of being refused.
void close_inherited_descriptors(int keep, int limit) noexcept {
#ifdef __linux__
  // Marks them close-on-exec rather than closing them, so `keep` (the report pipe) still works.
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
    return;
#endif
  for (int fd = 3; fd < limit; ++fd)
    if (fd != keep)
      ::close(fd);
}

// The child's side of spawn(): async-signal-safe calls only, then exec.
[[noreturn]] void exec_child(const ChildSetup &setup) noexcept {
#ifdef __linux__
  // Dies with ivsim even when ivsim is SIGKILLed (OOM killer, a CI hard kill) and cannot kill
  // its runtimes itself; orphans would hold ports and database connections for ever. The
  // signal follows the forking thread, not the process: ivsim spawns from its io_context's
  // thread, which lives as long as the run. If ivsim died before prctl(), nothing will signal.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
    fail_child(setup.report);
  if (::getppid() != setup.parent)
    ::_exit(127);
#endif
  // Its own process group, so killing a timed-out runtime also kills what its command started.
  if (::setpgid(0, 0) != 0)
    fail_child(setup.report);
  // Default dispositions, whatever ivsim ignores (SIGPIPE) or handles (SIGINT: see
  // child_groups.hpp); sigaction() fails harmlessly for SIGKILL, SIGSTOP and glibc's own.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal = 1; signal < NSIG; ++signal)
    ::sigaction(signal, &default_action, nullptr);
  ::sigprocmask(SIG_SETMASK, &setup.signal_mask, nullptr);
  const int null = ::open("/dev/null", O_RDONLY);
  if (null < 0 || !redirect(null, 0) || !redirect(setup.out, 1) || !redirect(setup.err, 2))
    fail_child(setup.report);
  close_inherited_descriptors(setup.report, setup.descriptor_limit);
  ::execve(setup.file, setup.argv, setup.envp);
  fail_child(setup.report);
}

int descriptor_limit() {
  constexpr rlim_t kCap = 1 << 20; // far beyond what ivsim opens
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return static_cast<int>(kCap);
  return static_cast<int>(std::min(limit.rlim_cur, kCap));
}

void close_both(const int ends[2]) {
  ::close(ends[0]);
  ::close(ends[1]);
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
  int lookup_error = 0;
  const std::optional<std::string> file = find_executable(argv[0], lookup_error);
  if (!file) {
    error = "cannot run \"" + argv[0] + "\": " + std::strerror(lookup_error);
    return nullptr;
  }
  int out[2], err[2], report[2];
  if (!make_pipe(out)) {
    error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (!make_pipe(err)) {
    error = std::string("pipe: ") + std::strerror(errno);
    close_both(out);
    return nullptr;
  }
  if (::pipe2(report, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    close_both(out);
    close_both(err);
    return nullptr;
  }
  // fork() rather than posix_spawn(): only a child of our own can set its parent-death signal.
  std::vector<std::string> args = argv;
  std::vector<std::string> variables = merged_environment(environment);
  const std::vector<char *> arg_pointers = pointers(args);
  const std::vector<char *> variable_pointers = pointers(variables);
  ChildSetup setup{file->c_str(), arg_pointers.data(), variable_pointers.data(), out[1], err[1],
                   report[1],     ::getpid(),          descriptor_limit(),       {}};
  // No handler of ivsim's may run in the child before it resets them (SIGINT's would kill the
  // other runtimes): block every signal across fork; the child restores the mask before exec.
  sigset_t all;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &setup.signal_mask);
  const pid_t pid = ::fork();
  if (pid == 0)
    exec_child(setup);
  const int fork_error = errno;
  ::pthread_sigmask(SIG_SETMASK, &setup.signal_mask, nullptr);
  ::close(out[1]);
  ::close(err[1]);
  ::close(report[1]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(err[0]);
    ::close(report[0]);
    error = std::string("fork: ") + std::strerror(fork_error);
    return nullptr;
  }
  // End of file once exec succeeded (the pipe is close-on-exec), else the child's errno.
  int child_error = 0;
  ssize_t got = 0;
  while ((got = ::read(report[0], &child_error, sizeof child_error)) < 0 && errno == EINTR) {
  }
  ::close(report[0]);
  if (got == static_cast<ssize_t>(sizeof child_error)) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    ::close(out[0]);
    ::close(err[0]);
    error = "cannot run \"" + argv[0] + "\": " + std::strerror(child_error);
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
