// Parsing a subcommand's words with Boost.Program_options, with usage errors as InputError.
#pragma once

#include "ivsim/cli/command.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <string_view>

namespace ivsim::cli {

/// How one subcommand describes itself in `ivsim <command> --help`.
struct CommandHelp {
  std::string_view usage;    ///< "ivsim show [FILE] [generator options]"
  std::string_view about;    ///< what it does, a short paragraph
  std::string_view examples; ///< example command lines, one per line, each with a comment
};

/// Parses `arguments` against `options` (plus --help, added here). Returns nullopt after printing
/// the help to `out` when --help was given. Throws InputError("<command>: <why> (see ivsim
/// <command> --help)") for an unknown option, a missing value or an extra positional word.
std::optional<boost::program_options::variables_map>
parse_command_line(std::string_view command, const Arguments &arguments,
                   boost::program_options::options_description options,
                   const boost::program_options::positional_options_description &positional,
                   const CommandHelp &help, std::ostream &out);

} // namespace ivsim::cli
