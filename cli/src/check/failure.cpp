// Failure keys: when two failing runs count as the same failure.
#include "ivsim/cli/check/failure.hpp"

#include <algorithm>

namespace ivsim::cli::check {

std::string failure_key(const oracle::Divergence &divergence) {
  // run_and_check reports a refused event at deliveries.<index>; the index moves when the shrinker
  // removes earlier deliveries, the event does not.
  if (divergence.path.size() == 2 && divergence.path[0] == "deliveries" &&
      !divergence.evidence.empty())
    return oracle::format_path({"deliveries", "event " + divergence.evidence.front().id});
  return oracle::format_path(divergence.path);
}

const oracle::Divergence *find_divergence(const oracle::Report &report, const std::string &key) {
  for (const oracle::Divergence &divergence : report.divergences)
    if (failure_key(divergence) == key)
      return &divergence;
  return report.divergences.empty() ? nullptr : &report.divergences.front();
}

bool fails_with(const oracle::Report &report, const std::string &key) {
  if (report.verdict != oracle::Verdict::fail)
    return false;
  return std::any_of(
      report.divergences.begin(), report.divergences.end(),
      [&](const oracle::Divergence &divergence) { return failure_key(divergence) == key; });
}

std::size_t sent_deliveries(const Plan &plan) {
  return static_cast<std::size_t>(
      std::count_if(plan.deliveries.begin(), plan.deliveries.end(),
                    [](const Delivery &delivery) { return !delivery.dropped; }));
}

} // namespace ivsim::cli::check
