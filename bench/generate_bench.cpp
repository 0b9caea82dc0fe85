// Generate + schedule about a million events in memory on one core, then serialise them to JSON
// text; each figure is printed next to a baseline measured in the same run and the target
// (#3: >= 3 M events/s in memory, >= 300 k events/s to JSON). No thresholds: it always exits 0.
// Usage: generate_bench [--quick]   (--quick: a twentieth of the world, for CI)
#include "ivsim/sim/generator.hpp"

#include "bench_table.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Each timing is the best of a few runs: on a shared machine the fastest run is the one least
// disturbed by other processes. The first run that touches fresh memory in a virtual machine can
// take four times as long (the host backs the pages on first touch), hence five.
constexpr int kRuns = 5;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A busy day: enough channels and stages for about a million events (a twentieth with --quick).
ivsim::sim::GeneratorSpec busy_day(bool quick) {
  ivsim::sim::GeneratorSpec spec;
  spec.seed = 20240313;
  spec.world.duration = std::chrono::hours{24};
  spec.world.channels = quick ? 200 : 4000;
  spec.world.stages = quick ? 60 : 1200;
  return spec;
}

// Events per second, printed with a unit: "3.12 M", "455 k".
std::string rate_text(double per_second) {
  char text[32];
  if (per_second >= 1e6)
    std::snprintf(text, sizeof text, "%.2f M", per_second / 1e6);
  else
    std::snprintf(text, sizeof text, "%.0f k", per_second / 1e3);
  return text;
}

struct Row {
  const char *figure;
  double rate;          // events per second
  const char *baseline; // what the baseline does, or "" for none
  double baseline_rate; // events per second
  double target;        // events per second, or 0 for none
};

void print_table(const std::vector<Row> &rows) {
  std::printf("%-28s %10s  %-36s %10s %7s  %s\n", "figure", "events/s", "baseline (same run)",
              "events/s", "ratio", "target (#3)");
  for (const Row &row : rows) {
    const bool has_baseline = row.baseline[0] != '\0';
    char ratio[16] = "-";
    if (has_baseline)
      std::snprintf(ratio, sizeof ratio, "%.2fx", row.rate / row.baseline_rate);
    std::string target = "-";
    if (row.target > 0)
      target =
          ">= " + rate_text(row.target) + "/s: " + (row.rate >= row.target ? "met" : "NOT met");
    if (has_baseline)
      ivsim::bench::print_table_row(row.figure, row.rate / 1e3, row.baseline_rate / 1e3,
                                    "k events/s", target);
    std::printf("%-28s %10s  %-36s %10s %7s  %s\n", row.figure, rate_text(row.rate).c_str(),
                has_baseline ? row.baseline : "-",
                has_baseline ? rate_text(row.baseline_rate).c_str() : "-", ratio, target.c_str());
  }
}

struct InMemory {
  double total_seconds = 1e300; // sim::generate: the world and its schedule
  double world_seconds = 1e300; // sim::generate_timeline alone
  double schedule_seconds = 1e300;
  double copy_seconds = 1e300;
  std::size_t deliveries = 0;
};

// Frees what the last run made before the next one starts the clock. glibc puts freed small
// blocks (a million event ids) aside and tidies them on the next large allocation: without
// this, each run would pay for tearing down the one before, which a single run never does.
template <typename T> void release(T &value) {
  value = T{};
  malloc_trim(0);
}

// Times sim::generate (what `ivsim run` and `check` call), then its two halves through their
// public entry points: generate_timeline, and schedule_deliveries of the events, which gathers
// the facts the fault steps read (generate() has the world hand them over instead). Baseline:
// copying the same events, which is what the model's layout costs (one counted reference per
// Text field, no allocation).
InMemory time_in_memory(const ivsim::sim::GeneratorSpec &spec, std::vector<ivsim::Event> &events) {
  InMemory best;
  ivsim::Plan plan;
  for (int run = 0; run < kRuns; ++run) {
    release(plan);
    const auto start = Clock::now();
    plan = ivsim::sim::generate(spec);
    best.total_seconds = std::min(best.total_seconds, seconds_since(start));
  }
  best.deliveries = plan.deliveries.size();
  release(plan);
  for (int run = 0; run < kRuns; ++run) {
    release(events);
    auto start = Clock::now();
    events = ivsim::sim::generate_timeline(spec.world, spec.seed);
    best.world_seconds = std::min(best.world_seconds, seconds_since(start));
    start = Clock::now();
    const std::vector<ivsim::Delivery> deliveries =
        ivsim::sim::schedule_deliveries(events, spec.faults, spec.seed);
    best.schedule_seconds = std::min(best.schedule_seconds, seconds_since(start));
  }
  for (int run = 0; run < kRuns; ++run) {
    const auto start = Clock::now();
    const std::vector<ivsim::Event> copy = events;
    best.copy_seconds = std::min(best.copy_seconds, seconds_since(start));
  }
  return best;
}

struct JsonText {
  double text_seconds = 1e300;
  double nlohmann_seconds = 1e300; // for `sample` events
  std::size_t sample = 0;
  std::size_t bytes = 0;
};

// Times to_json_text over every event; baseline: building an ordered_json with to_json and
// dumping it, on a sample of 100,000 events (nlohmann's way, the bytes are the same).
JsonText time_json(const std::vector<ivsim::Event> &events) {
  JsonText best;
  for (int run = 0; run < kRuns; ++run) {
    std::size_t bytes = 0;
    const auto start = Clock::now();
    for (const ivsim::Event &event : events)
      bytes += ivsim::to_json_text(event).size();
    best.text_seconds = std::min(best.text_seconds, seconds_since(start));
    best.bytes = bytes;
  }
  best.sample = std::min<std::size_t>(events.size(), 100'000);
  for (int run = 0; run < kRuns; ++run) {
    std::size_t bytes = 0;
    const auto start = Clock::now();
    for (std::size_t i = 0; i < best.sample; ++i)
      bytes += ivsim::to_json(events[i]).dump().size();
    best.nlohmann_seconds = std::min(best.nlohmann_seconds, seconds_since(start));
    if (bytes == 0)
      std::printf("(no JSON written)\n");
  }
  return best;
}

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const ivsim::sim::GeneratorSpec spec = busy_day(quick);
  std::printf("generate_bench%s: %u channels, %u stages over 24 h, realistic faults, best of %d\n",
              quick ? " --quick" : "", spec.world.channels, spec.world.stages, kRuns);

  std::vector<ivsim::Event> events;
  const InMemory memory = time_in_memory(spec, events);
  const JsonText json = time_json(events);
  const auto n = static_cast<double>(events.size());
  std::printf("%zu events, %zu deliveries; JSON %.1f MB (%.0f bytes per event)\n\n", events.size(),
              memory.deliveries, static_cast<double>(json.bytes) / 1e6,
              static_cast<double>(json.bytes) / n);

  const double copy_rate = n / memory.copy_seconds;
  print_table({
      {"generate + schedule", n / memory.total_seconds, "copy the events (std::vector copy)",
       copy_rate, 3e6},
      {"  generate_timeline alone", n / memory.world_seconds, "", 0, 0},
      {"  schedule_deliveries alone", n / memory.schedule_seconds, "", 0, 0},
      {"to_json_text", n / json.text_seconds, "nlohmann to_json + dump (100k)",
       static_cast<double>(json.sample) / json.nlohmann_seconds, 3e5},
  });
  return 0;
}
