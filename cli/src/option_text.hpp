// The value of a string option, or nothing when the command line does not give it.
#pragma once

#include <boost/program_options/variables_map.hpp>

#include <optional>
#include <string>

namespace ivsim::cli {

inline std::optional<std::string> option_text(const boost::program_options::variables_map &values,
                                              const char *name) {
  if (values.count(name) == 0)
    return std::nullopt;
  return values[name].as<std::string>();
}

} // namespace ivsim::cli
