// Scenario files: how fast a generated plan is saved and loaded, next to plain nlohmann
// parse + dump of the same text (the floor any JSON loader pays). `--quick` shrinks the work.
#include "ivsim/scenario_file.hpp"
#include "ivsim/sim/generator.hpp"

#include <chrono>
#include <cstdio>
#include <string_view>

namespace {

template <typename Work> double seconds_per_run(int runs, Work work) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i)
    work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / runs;
}

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::string_view(argv[1]) == "--quick";
  ivsim::sim::GeneratorSpec spec;
  spec.seed = 7;
  ivsim::sim::apply_preset(spec.faults, "hostile");
  spec.world.duration = quick ? std::chrono::hours{1} : std::chrono::hours{24};
  spec.world.channels = quick ? 2 : 10;
  const ivsim::Plan plan = ivsim::sim::generate(spec);
  const ivsim::Scenario scenario = ivsim::scenario_from_plan(plan);
  const std::string text = ivsim::to_scenario_text(scenario);
  const int runs = quick ? 3 : 20;

  std::size_t sink = 0;
  const double baseline =
      seconds_per_run(runs, [&] { sink += nlohmann::ordered_json::parse(text).dump().size(); });
  const double load = seconds_per_run(
      runs, [&] { sink += ivsim::parse_scenario(text, "bench.json").plan->deliveries.size(); });
  const double save =
      seconds_per_run(runs, [&] { sink += ivsim::to_scenario_text(scenario).size(); });

  const double megabytes = static_cast<double>(text.size()) / 1e6;
  std::printf("plan: %zu events, %zu deliveries, %.2f MB of scenario text\n", plan.events.size(),
              plan.deliveries.size(), megabytes);
  std::printf("baseline nlohmann parse+dump  %8.2f ms  %6.1f MB/s\n", baseline * 1e3,
              megabytes / baseline);
  std::printf("ivsim::parse_scenario (load)  %8.2f ms  %6.1f MB/s  (%.2fx baseline)\n", load * 1e3,
              megabytes / load, load / baseline);
  std::printf("ivsim::to_scenario_text (save)%8.2f ms  %6.1f MB/s  (%.2fx baseline)\n", save * 1e3,
              megabytes / save, save / baseline);
  return sink == 0 ? 1 : 0;
}
