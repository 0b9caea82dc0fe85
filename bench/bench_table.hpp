// One row of the performance table that bench/run_all.sh collects from every benchmark: a
// figure, the baseline measured in the same run, their ratio, and the target.
#pragma once

#include <cstdio>
#include <string>

namespace ivsim::bench {

/// Prints `TABLE|figure|value|baseline|ratio|target` on its own line. `value` and `baseline` are
/// rates or times in the same unit (say "k events/s"); `target` is the goal in words
/// (">= 3 M events/s", ">= 80 % of baseline"). run_all.sh turns these lines into one table.
inline void print_table_row(const std::string &figure, double value, double baseline,
                            const std::string &unit, const std::string &target) {
  const double ratio = baseline > 0 ? 100.0 * value / baseline : 0.0;
  std::printf("TABLE|%s|%.1f %s|%.1f %s|%.0f %%|%s\n", figure.c_str(), value, unit.c_str(),
              baseline, unit.c_str(), ratio, target.c_str());
}

} // namespace ivsim::bench
