// The SUT flags of a printed command (the replay and search lines), as a shell reads them back,
// without secrets: those lines go to CI logs and into saved reports.
#pragma once

#include "ivsim/cli/command.hpp"

#include <boost/program_options/variables_map.hpp>

#include <cstdint>
#include <string>

namespace ivsim::cli {

/// The SUT options given in `values` (not defaulted), each ` --name 'value'`, secrets left out,
/// so the printed command reaches the same SUT.
std::string sut_flags(const boost::program_options::variables_map &values);

/// `ivsim check` with `arguments` and the seed made explicit: the command that repeats a whole
/// search. Secret flags and their values are left out.
std::string search_command(const Arguments &arguments, std::uint64_t seed);

} // namespace ivsim::cli
