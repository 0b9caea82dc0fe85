#include "ivsim/cli/command_line.hpp"

#include "ivsim/error.hpp"

#include <cstdint>
#include <typeinfo>

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

// Boost reads "-1" for an unsigned option as 2^64 - 1 (lexical_cast wraps), so `--seed -1` or
// `--runs -1` would silently mean something else: such values are refused by name.
void refuse_negative_counts(std::string_view command, const po::parsed_options &parsed,
                            const po::variables_map &values) {
  for (const po::option &option : parsed.options) {
    const auto stored = values.find(option.string_key);
    if (stored == values.end())
      continue;
    const std::type_info &type = stored->second.value().type();
    if (type != typeid(std::uint64_t) && type != typeid(std::uint32_t))
      continue;
    for (const std::string &token : option.value)
      if (token.find('-') != std::string::npos)
        throw InputError(std::string(command) + ": --" + option.string_key +
                         ": expected a whole number, 0 or more, got \"" + token + "\" (see ivsim " +
                         std::string(command) + " --help)");
  }
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
    const po::parsed_options parsed =
        po::command_line_parser(arguments).options(options).positional(positional).run();
    po::store(parsed, values);
    refuse_negative_counts(command, parsed, values);
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
