#include "ivsim/adapters/sqs_local_server.hpp"

#include "ivsim/error.hpp"
#include "state/command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

namespace ivsim::adapters {

namespace fs = std::filesystem;

static void install_packages(const fs::path &script_dir) {
  if (fs::exists(script_dir / "node_modules" / "local-aws-sqs"))
    return;
  // The lockfile pins local-aws-sqs 2.0.2 and its dependencies; `npm ci` installs exactly those.
  const auto result = state_detail::run_command(
      {"sh", "-c", "cd '" + script_dir.string() + "' && npm ci --no-audit --no-fund"},
      std::chrono::minutes(5));
  if (!result.ok())
    throw Error("sqs server: npm ci in " + script_dir.string() + " failed (" + result.failure +
                "): " + state_detail::excerpt(result.err));
}

// Starts `node server.cjs 0` in `script_dir` with stdout on a pipe; returns the pid and read end.
static std::pair<pid_t, int> spawn_server(const fs::path &script_dir) {
  int pipe_ends[2];
  if (pipe2(pipe_ends, O_CLOEXEC) != 0)
    throw Error(std::string("sqs server: pipe: ") + std::strerror(errno));
  const pid_t pid = fork();
  if (pid < 0)
    throw Error(std::string("sqs server: fork: ") + std::strerror(errno));
  if (pid == 0) {
    dup2(pipe_ends[1], STDOUT_FILENO);
    if (chdir(script_dir.c_str()) != 0)
      _exit(126);
    execlp("node", "node", "server.cjs", "0", static_cast<char *>(nullptr));
    _exit(127);
  }
  close(pipe_ends[1]);
  return {pid, pipe_ends[0]};
}

// Reads the first line the server prints, waiting on the pipe (no sleeps) at most `timeout`.
static std::string read_first_line(int fd, Duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string line;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd waiting{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&waiting, 1, static_cast<int>(left.count())) == 0)
      throw Error("sqs server: no \"ready\" line within the timeout");
    char c = 0;
    const ssize_t got = read(fd, &c, 1);
    if (got <= 0)
      throw Error("sqs server: exited before printing \"ready\" (is node installed? got \"" + line +
                  "\")");
    if (c == '\n')
      return line;
    line += c;
  }
}

static std::uint16_t parse_ready_line(const std::string &line) {
  constexpr std::string_view kPrefix = "ready 127.0.0.1:";
  unsigned port = 0;
  const char *digits = line.data() + kPrefix.size();
  if (line.rfind(kPrefix, 0) != 0 ||
      std::from_chars(digits, line.data() + line.size(), port).ec != std::errc() || port == 0 ||
      port > 65535)
    throw Error("sqs server: expected \"ready 127.0.0.1:PORT\", got \"" + line + "\"");
  return static_cast<std::uint16_t>(port);
}

LocalSqsServer::LocalSqsServer(fs::path script_dir, Duration timeout) {
  install_packages(script_dir);
  const auto [pid, fd] = spawn_server(script_dir);
  pid_ = pid;
  try {
    port_ = parse_ready_line(read_first_line(fd, timeout));
  } catch (...) {
    close(fd);
    stop();
    throw;
  }
  output_drain_ = std::thread([fd = fd] {
    char buffer[4096];
    while (read(fd, buffer, sizeof buffer) > 0) {
    }
    close(fd);
  });
}

LocalSqsServer::~LocalSqsServer() { stop(); }

std::string LocalSqsServer::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

void LocalSqsServer::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (output_drain_.joinable())
    output_drain_.join();
}

} // namespace ivsim::adapters
