// The command table. To add a command, write src/<name>_command.cpp defining
// `Command <name>_command()`, declare it below, and add it to the table (and to CMakeLists.txt).
#include "ivsim/cli/command.hpp"

#include <algorithm>

namespace ivsim::cli {

Command generate_command();
Command show_command();
Command run_command();
Command replay_command();
Command expect_command();
Command diff_command();
Command check_command();

const std::vector<Command> &commands() {
  static const std::vector<Command> table = {
      generate_command(), show_command(), run_command(),   replay_command(),
      expect_command(),   diff_command(), check_command(),
  };
  return table;
}

const Command *find_command(std::string_view name) {
  const auto &table = commands();
  const auto it = std::find_if(table.begin(), table.end(),
                               [name](const Command &command) { return command.name == name; });
  return it == table.end() ? nullptr : &*it;
}

std::string_view exit_code_help() {
  return "Exit codes:\n"
         "  0  success; a check found no divergence\n"
         "  1  a divergence was found\n"
         "  2  bad input or usage (the message says file:line:col where it can)\n"
         "  3  the SUT or the infrastructure failed, or the verdict is unknown\n"
         "  130, 143  interrupted (SIGINT, SIGTERM) before a verdict; what was found is saved\n";
}

std::string top_level_help() {
  std::string text =
      "ivsim: replays and simulates Amazon IVS EventBridge events against an event handler.\n\n"
      "Usage: ivsim <command> [options]\n"
      "       ivsim <command> --help   options and examples of one command\n"
      "       ivsim --version\n\n"
      "Commands:\n";
  for (const Command &command : commands()) {
    std::string name(command.name);
    name.resize(std::max<std::size_t>(name.size(), 10), ' ');
    text += "  " + name + "  " + std::string(command.summary) + "\n";
  }
  text += "\nExamples:\n"
          "  ivsim show scenarios/ordering/stream_end_before_stream_start.json\n"
          "  ivsim generate --seed 7 --preset hostile -o plan.json\n"
          "  ivsim show plan.json\n\n";
  return text + std::string(exit_code_help());
}

int exit_code_of(oracle::Verdict verdict) {
  switch (verdict) {
  case oracle::Verdict::pass:
    return exit_success;
  case oracle::Verdict::fail:
    return exit_divergence;
  case oracle::Verdict::unknown:
    return exit_failure;
  }
  return exit_failure;
}

} // namespace ivsim::cli
