// Text pieces shared by the report writers.
#pragma once

#include "ivsim/oracle/check.hpp"

#include <string>

namespace ivsim::oracle::detail {

/// A divergence as a few indented lines: kind and path, expected, actual, and the events behind it.
std::string divergence_text(const Divergence &divergence);

/// Fault names of a delivery as a JSON array (["delay", "duplicate"]).
Json faults_json(FaultSet faults);

/// The one-line summary: "FAIL: 2 divergences in 12 entities (...)".
std::string summary_line(const Report &report);

} // namespace ivsim::oracle::detail
