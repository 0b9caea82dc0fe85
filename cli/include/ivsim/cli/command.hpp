// The `ivsim` subcommands: one table, one entry per command, and the documented exit codes.
#pragma once

#include "ivsim/oracle/check.hpp"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim::cli {

/// What `ivsim` returns; docs/cli.md and `ivsim --help` list the same codes.
enum ExitCode : int {
  exit_success = 0,    ///< the command did its work; a check found no divergence
  exit_divergence = 1, ///< a check found the SUT's state diverging from the oracle's
  exit_bad_input = 2,  ///< bad usage, a bad flag value or a malformed input file
  exit_failure = 3,    ///< the SUT or the infrastructure failed, or the verdict is unknown
};

/// The exit code of a check's verdict: pass 0, fail 1, unknown 3.
int exit_code_of(oracle::Verdict verdict);

/// The exit code of a run cut short by `signal` (adapters/interruption.hpp): 128 + the signal,
/// what a shell reports for a process the signal ended (130 for SIGINT, 143 for SIGTERM).
inline int exit_code_of_interruption(int signal) { return 128 + signal; }

/// The words after the subcommand, e.g. {"--seed", "7", "-o", "plan.json"}.
using Arguments = std::vector<std::string>;

/// One subcommand. `run` prints its results to `out` and returns an ExitCode; bad input is
/// thrown as ivsim::InputError (main.cpp turns it into exit 2) and prints its own --help.
struct Command {
  std::string_view name;    ///< the word after `ivsim`
  std::string_view summary; ///< one line for `ivsim --help`
  int (*run)(const Arguments &arguments, std::ostream &out);
};

/// Every subcommand, in the order `ivsim --help` lists them.
const std::vector<Command> &commands();

/// The command called `name`, or nullptr.
const Command *find_command(std::string_view name);

/// The text of `ivsim --help`: usage, the commands with their summaries, and the exit codes.
std::string top_level_help();

/// The exit-code paragraph every --help ends with.
std::string_view exit_code_help();

} // namespace ivsim::cli
