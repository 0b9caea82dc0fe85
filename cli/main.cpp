// `ivsim`: picks the subcommand, runs it, and turns what it throws into a documented exit code.
#include "ivsim/adapters/interruption.hpp"
#include "ivsim/cli/command.hpp"
#include "ivsim/error.hpp"

#include <boost/program_options/errors.hpp>

#include <sys/resource.h>

#include <exception>
#include <iostream>

namespace {

using namespace ivsim::cli;

int fail(int code, std::string_view message) {
  std::cerr << "ivsim: error: " << message << "\n";
  return code;
}

int dispatch(int argc, char **argv) {
  if (argc < 2)
    return fail(exit_bad_input, "expected a command; see ivsim --help");
  const std::string_view word = argv[1];
  if (word == "help" && argc > 2) // `ivsim help generate` is `ivsim generate --help`
    if (const Command *command = find_command(argv[2]))
      return command->run(Arguments{"--help"}, std::cout);
  if (word == "--help" || word == "-h" || word == "help") {
    std::cout << top_level_help();
    return exit_success;
  }
  if (word == "--version") {
    std::cout << "ivsim " << IVSIM_VERSION << "\n";
    return exit_success;
  }
  const Command *command = find_command(word);
  if (command == nullptr)
    return fail(exit_bad_input,
                "expected a command, got \"" + std::string(word) + "\"; see ivsim --help");
  return command->run(Arguments(argv + 2, argv + argc), std::cout);
}

// A plan or report written to a full disk must not end in success: the stream only remembers
// that a write failed, so ask it once everything is written.
int with_output_checked(int code) {
  std::cout.flush();
  if (std::cout)
    return code;
  std::cerr << "ivsim: error: writing to standard output failed (a full disk?)\n";
  return code == exit_success ? exit_failure : code;
}

// Lambda runtimes, SQS and HTTP connections each hold a few descriptors; the soft limit is often
// 1024 while the hard one is far higher. Raising the soft limit is what the hard one is for.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit); // best effort: the old limit still works for most runs
  }
}

} // namespace

int main(int argc, char **argv) {
  // The first SIGINT/SIGTERM/SIGHUP stops sending and saves what was found; a second one ends
  // ivsim at once, killing the Lambda runtimes and commands it started (their process groups
  // are their own, so a terminal's Ctrl-C does not reach them).
  ivsim::adapters::stop_gracefully_on_interrupt();
  raise_open_file_limit();
  try {
    return with_output_checked(dispatch(argc, argv));
  } catch (const ivsim::InputError &error) {
    return fail(exit_bad_input, error.what());
  } catch (const boost::program_options::error &error) {
    return fail(exit_bad_input, error.what());
  } catch (const std::exception &error) {
    return fail(exit_failure, error.what());
  }
}
