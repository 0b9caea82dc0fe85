#include "ivsim/cli/command_line.hpp"

#include "ivsim/error.hpp"

namespace ivsim::cli {

namespace po = boost::program_options;

namespace {

void print_help(std::ostream &out, const po::options_description &options,
                const CommandHelp &help) {
  out << "Usage: " << help.usage << "\n\n"
      << help.about << "\n\n"
      << options << "\nExamples:\n"
      << help.examples << "\n"
      << exit_code_help();
}

} // namespace

std::optional<po::variables_map>
parse_command_line(std::string_view command, const Arguments &arguments,
                   po::options_description options,
                   const po::positional_options_description &positional, const CommandHelp &help,
                   std::ostream &out) {
  options.add_options()("help,h", "print this help, with examples");
  po::variables_map values;
  try {
    po::store(po::command_line_parser(arguments).options(options).positional(positional).run(),
              values);
    po::notify(values);
  } catch (const po::error &error) {
    throw InputError(std::string(command) + ": " + error.what() + " (see ivsim " +
                     std::string(command) + " --help)");
  }
  if (values.count("help") != 0) {
    print_help(out, options, help);
    return std::nullopt;
  }
  return values;
}

} // namespace ivsim::cli
