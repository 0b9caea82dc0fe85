// A runtime process: spawned in its own process group, its stdout and stderr captured, its exit
// watched through a pidfd on the io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ivsim::adapters::lambda_detail {

/// One child process whose output and exit are observed asynchronously.
class RuntimeProcess {
public:
  /// Called once when the process has exited, after the output it wrote was read; the argument
  /// says how it ended ("exit status 1", "killed by signal 9").
  using ExitHandler = std::function<void(std::string)>;

  /// Starts `argv` (argv[0] looked up in PATH) with ivsim's environment plus `environment`,
  /// stdin from /dev/null, in a new process group. It inherits no other descriptor of ivsim's,
  /// and on Linux it is SIGKILLed when the calling thread (ivsim's io_context thread) ends, even
  /// by SIGKILL. On failure returns null and sets `error`.
  static std::shared_ptr<RuntimeProcess>
  spawn(boost::asio::any_io_executor executor, const std::vector<std::string> &argv,
        const std::vector<std::pair<std::string, std::string>> &environment, std::string &error,
        ExitHandler on_exit);

  ~RuntimeProcess();

  /// Reads what the process wrote so far (without waiting) and hands it over, emptying the buffer.
  std::string take_output();
  /// SIGKILL to the process group; the exit handler follows on the executor.
  void kill();
  /// Kills the group, reaps the process at once and stops observing it: the exit handler is not
  /// called. Idempotent.
  void close();

  struct State;

private:
  explicit RuntimeProcess(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

/// "exit status 3", "killed by signal 9", "exit status 0" for a wait status.
std::string describe_wait_status(int status);

} // namespace ivsim::adapters::lambda_detail
