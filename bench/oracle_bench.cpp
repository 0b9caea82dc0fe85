// Measures oracle::reduce over realistic generated plans and oracle::check of the resulting
// document, each next to a same-run baseline: for reduce, one pass over the events that only
// hashes their ids; for check, one pass over the document's top-level keys that only hashes them.
// Times are the thread's CPU time (the targets are per core, and a shared machine stretches wall
// time by however many other processes run), best of three runs.
// Usage: ivsim_oracle_bench [--quick]
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/sim/generator.hpp"

#include "bench_table.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <string_view>
#include <type_traits>

namespace {

constexpr int kRuns = 3;
volatile std::size_t g_sink = 0; // keeps the baselines' work observable

// This thread's CPU time, in seconds.
double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// The least CPU time of kRuns calls of `run`, in seconds. What `run` returns is destroyed after
// the clock stops: tearing down a result is not part of computing it.
template <typename Run> double best_seconds(Run &&run) {
  double best = 1e300;
  for (int i = 0; i < kRuns; ++i) {
    const double start = cpu_seconds();
    const auto result = run();
    best = std::min(best, cpu_seconds() - start);
    if constexpr (std::is_arithmetic_v<std::remove_cvref_t<decltype(result)>>)
      g_sink = g_sink + result; // a baseline's result is used, so its work is done
  }
  return best;
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

// What the SUT acknowledged: every non-dropped delivery of the first `count` plans.
std::vector<ivsim::oracle::Acknowledged> acknowledged_of(const std::vector<ivsim::Plan> &plans,
                                                         std::size_t count) {
  std::vector<ivsim::oracle::Acknowledged> out;
  for (std::size_t i = 0; i < count && i < plans.size(); ++i)
    for (const ivsim::oracle::Acknowledged &ack : ivsim::oracle::acknowledged_deliveries(plans[i]))
      out.push_back(ack);
  return out;
}

std::size_t top_level_entities(const ivsim::oracle::StateDocument &document) {
  return document.channels.size() + document.streams.size() + document.recordings.size() +
         document.stages.size() + document.compositions.size();
}

// The check baseline: one pass over the document's top-level keys that only hashes them.
std::size_t hash_keys(const ivsim::oracle::StateDocument &document) {
  std::size_t sum = 0;
  const auto add = [&](const auto &map) {
    for (const auto &[key, value] : map)
      sum += std::hash<std::string_view>{}(key);
  };
  add(document.channels);
  add(document.streams);
  add(document.recordings);
  add(document.stages);
  add(document.compositions);
  return sum;
}

struct CheckFigures {
  std::size_t entities = 0;
  std::size_t fields = 0;
  bool passed = false;
  double seconds = 0;
  double baseline_seconds = 0;
};

// Checks the reduction of `acknowledged` against a document it accepts (the "correct SUT").
CheckFigures measure_check(const std::vector<ivsim::oracle::Acknowledged> &acknowledged) {
  const ivsim::oracle::Expected expected = ivsim::oracle::reduce(acknowledged);
  const ivsim::oracle::StateDocument document = ivsim::oracle::pick_document(expected);
  CheckFigures out;
  out.seconds = best_seconds([&] { return ivsim::oracle::check(expected, document); });
  const ivsim::oracle::Report report = ivsim::oracle::check(expected, document);
  out.baseline_seconds = best_seconds([&] { return hash_keys(document); });
  out.entities = top_level_entities(document);
  out.fields = report.fields_checked;
  out.passed = report.verdict == ivsim::oracle::Verdict::pass;
  return out;
}

void print_row(const char *figure, double rate, double baseline, const char *unit,
               const char *target) {
  std::printf("  %-34s %10.2f %-9s %10.2f %-9s %7.3f   %s\n", figure, rate, unit, baseline, unit,
              rate / baseline, target);
  ivsim::bench::print_table_row(figure, rate, baseline, unit, target);
}

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::size_t target = quick ? 20'000 : 1'000'000;
  const std::vector<ivsim::Plan> plans = generate_plans(target);
  const std::vector<ivsim::oracle::Acknowledged> acknowledged =
      acknowledged_of(plans, plans.size());
  const double n = static_cast<double>(acknowledged.size());

  std::size_t hash_sum = 0;
  const double baseline = best_seconds([&] {
    for (const auto &ack : acknowledged)
      hash_sum += std::hash<std::string_view>{}(ack.event->id);
    return hash_sum;
  });
  const double reduce_time = best_seconds([&] { return ivsim::oracle::reduce(acknowledged); });
  std::size_t entities = 0;
  for (const auto &[name, collection] : ivsim::oracle::reduce(acknowledged).collections)
    entities += collection.size();

  // The whole document, and one of about 10,000 top-level entities (the first plans).
  const CheckFigures all = measure_check(acknowledged);
  const std::size_t per_plan = std::max<std::size_t>(1, all.entities / plans.size());
  const CheckFigures ten_thousand =
      measure_check(acknowledged_of(plans, (10'000 + per_plan - 1) / per_plan));

  std::printf("oracle_bench%s: %zu acknowledged events from %zu plans, %zu top-level entities "
              "expected (hash %zu); best CPU time of %d runs\n",
              quick ? " --quick" : "", acknowledged.size(), plans.size(), entities, hash_sum % 10,
              kRuns);
  std::printf("  %-34s %20s %20s %7s   %s\n", "figure", "rate", "baseline", "ratio", "target");
  print_row("reduce (baseline: hash ids)", n / reduce_time / 1e6, n / baseline / 1e6, "M ev/s",
            ">= 3 M events/s");
  for (const CheckFigures *check : {&all, &ten_thousand}) {
    // A small (--quick) document is already under 10,000 entities: one row says it all.
    if (check == &ten_thousand && ten_thousand.entities == all.entities)
      continue;
    char figure[80];
    std::snprintf(figure, sizeof figure, "check %zu entities (%s)", check->entities,
                  check->passed ? "pass" : "FAIL");
    const double per_10k = 10'000 / static_cast<double>(check->entities);
    print_row(figure, check->seconds * 1e3 * per_10k, check->baseline_seconds * 1e3 * per_10k,
              "ms/10k", "< 50 ms per 10,000 entities");
  }
  std::printf("  (reduce ratio: share of the baseline's rate; check baseline: hash the top-level "
              "keys, ratio: times its time; %zu and %zu fields compared)\n",
              all.fields, ten_thousand.fields);
  return all.passed && ten_thousand.passed ? 0 : 1;
}
