// Measures oracle::reduce over a realistic generated plan and oracle::check of the resulting
// document, next to a same-run baseline: one pass over the events that only hashes their ids.
// Usage: ivsim_oracle_bench [--quick]
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/sim/generator.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string_view>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Enough generated plans (distinct seeds, so distinct ids) to reach `target` acknowledged events.
std::vector<ivsim::Plan> generate_plans(std::size_t target) {
  std::vector<ivsim::Plan> plans;
  std::size_t events = 0;
  for (std::uint64_t seed = 1; events < target; ++seed) {
    ivsim::sim::GeneratorSpec spec;
    spec.seed = seed;
    spec.world.channels = 50;
    spec.world.stages = 20;
    spec.world.duration = std::chrono::hours{24};
    ivsim::sim::apply_preset(spec.faults, "realistic");
    plans.push_back(ivsim::sim::generate(spec));
    events += ivsim::delivered_events(plans.back()).size();
  }
  return plans;
}

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::size_t target = quick ? 20'000 : 1'000'000;
  const std::vector<ivsim::Plan> plans = generate_plans(target);
  std::vector<ivsim::oracle::Acknowledged> acknowledged;
  for (const ivsim::Plan &plan : plans)
    for (const ivsim::oracle::Acknowledged &ack : ivsim::oracle::acknowledged_deliveries(plan))
      acknowledged.push_back(ack);
  const double n = static_cast<double>(acknowledged.size());

  auto start = Clock::now();
  std::size_t hash_sum = 0;
  for (const auto &ack : acknowledged)
    hash_sum += std::hash<std::string_view>{}(ack.event->id);
  const double baseline = seconds_since(start);

  start = Clock::now();
  const ivsim::oracle::Expected expected = ivsim::oracle::reduce(acknowledged);
  const double reduce_time = seconds_since(start);

  const ivsim::oracle::StateDocument document = ivsim::oracle::pick_document(expected);
  start = Clock::now();
  const ivsim::oracle::Report report = ivsim::oracle::check(expected, document);
  const double check_time = seconds_since(start);

  std::printf("oracle_bench%s: %zu acknowledged events from %zu plans (hash %zu)\n",
              quick ? " --quick" : "", acknowledged.size(), plans.size(), hash_sum % 10);
  std::printf("  baseline (hash ids)  %8.1f ms  %8.2f M events/s\n", baseline * 1e3,
              n / baseline / 1e6);
  std::printf("  reduce               %8.1f ms  %8.2f M events/s\n", reduce_time * 1e3,
              n / reduce_time / 1e6);
  std::printf("  check                %8.1f ms  for %zu top-level entities, %zu fields (%s), "
              "%.1f ms per 10,000 entities\n",
              check_time * 1e3, report.checked_entities.size(), report.fields_checked,
              std::string(ivsim::oracle::to_string(report.verdict)).c_str(),
              check_time * 1e3 * 10'000 / static_cast<double>(report.checked_entities.size()));
  return report.verdict == ivsim::oracle::Verdict::pass ? 0 : 1;
}
