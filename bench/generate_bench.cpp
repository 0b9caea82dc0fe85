// Generate + schedule about a million events in memory on one core, then serialise them to JSON
// text; each figure is printed next to a baseline measured in the same run. No thresholds.
// Usage: generate_bench [--quick]
#include "ivsim/sim/generator.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void report(const char *what, std::size_t count, double seconds) {
  std::printf("  %-44s %9zu in %7.3f s = %8.0f k/s\n", what, count, seconds,
              static_cast<double>(count) / seconds / 1e3);
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

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const ivsim::sim::GeneratorSpec spec = busy_day(quick);
  std::printf("generate_bench%s: %u channels, %u stages over 24 h, realistic faults\n",
              quick ? " --quick" : "", spec.world.channels, spec.world.stages);

  auto start = Clock::now();
  std::vector<ivsim::Event> events = ivsim::sim::generate_timeline(spec.world, spec.seed);
  const double world_seconds = seconds_since(start);
  start = Clock::now();
  const std::vector<ivsim::Delivery> deliveries =
      ivsim::sim::schedule_deliveries(events, spec.faults, spec.seed);
  const double schedule_seconds = seconds_since(start);

  // Baseline: copying the same events costs what the model's layout costs (strings per event).
  start = Clock::now();
  const std::vector<ivsim::Event> copy = events;
  const double copy_seconds = seconds_since(start);

  std::printf("in memory (%zu events, %zu deliveries):\n", events.size(), deliveries.size());
  report("generate + schedule", events.size(), world_seconds + schedule_seconds);
  report("  of which world timeline", events.size(), world_seconds);
  report("  of which fault schedule", events.size(), schedule_seconds);
  report("baseline: copy the events", copy.size(), copy_seconds);

  // JSON text, as a transport sends it; baseline: dump already-built documents (no to_json).
  std::size_t bytes = 0;
  start = Clock::now();
  for (const ivsim::Event &event : events)
    bytes += ivsim::to_json_text(event).size();
  const double json_seconds = seconds_since(start);
  const std::size_t sample = std::min<std::size_t>(events.size(), 100'000);
  std::vector<nlohmann::ordered_json> documents;
  documents.reserve(sample);
  start = Clock::now();
  for (std::size_t i = 0; i < sample; ++i)
    documents.push_back(ivsim::to_json(events[i]));
  const double build_seconds = seconds_since(start);
  std::size_t dumped = 0;
  start = Clock::now();
  for (const nlohmann::ordered_json &document : documents)
    dumped += document.dump().size();
  const double dump_seconds = seconds_since(start);

  std::printf("JSON text (%.1f MB, %.0f bytes per event):\n", static_cast<double>(bytes) / 1e6,
              static_cast<double>(bytes) / static_cast<double>(events.size()));
  report("to_json_text", events.size(), json_seconds);
  report("  baseline: to_json only (build ordered_json)", sample, build_seconds);
  report("  baseline: dump prebuilt ordered_json", sample, dump_seconds);
  return dumped > 0 && !copy.empty() ? 0 : 1;
}
