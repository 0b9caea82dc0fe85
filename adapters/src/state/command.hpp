// Runs a program with a timeout and collects its output, without a shell unless asked.
#pragma once

#include "ivsim/time.hpp"

#include <string>
#include <vector>

namespace ivsim::adapters::state_detail {

/// How a command ended.
struct CommandResult {
  std::string out;      ///< everything it wrote to stdout
  std::string err;      ///< everything it wrote to stderr
  int exit_status = -1; ///< when it exited normally
  std::string failure;  ///< empty on exit status 0; else "exit status 3", "killed after 30s", ...

  bool ok() const { return failure.empty(); }
};

/// Runs `argv` (argv[0] looked up in PATH) with stdin from /dev/null, reading stdout and stderr
/// until it exits. Past `timeout` its whole process group is killed. Never throws for the
/// program's failures.
CommandResult run_command(const std::vector<std::string> &argv, Duration timeout);

/// A quote of `text` fit for an error message: at most a few hundred bytes, one line.
std::string excerpt(const std::string &text);

} // namespace ivsim::adapters::state_detail
