// Invocations per second through ivsim's Lambda Runtime API with a no-op Node handler, next to the
// same bootstrap calling the handler in-process in a loop, measured in the same run.
// Usage: lambda_replay_bench [--quick]
#include "ivsim/adapters/lambda_transport.hpp"

#include "bench_table.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<ivsim::Event> make_events(std::size_t count) {
  std::vector<ivsim::Event> events;
  for (std::size_t i = 0; i < count; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012zu", i);
    ivsim::Event event;
    event.id = id;
    event.detail_type = ivsim::DetailType::stream_state_change;
    event.account = "123456789012";
    event.region = "us-west-2";
    event.time = ivsim::Instant(std::chrono::seconds(1'710'367'798 + static_cast<long>(i)));
    event.resources = {"arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH1234"};
    event.name = ivsim::EventName::stream_start;
    event.detail.channel_name = "bench-channel";
    event.detail.stream_id = "st-1A2b3C4d5E6f7G8h9I0jKlM";
    events.push_back(std::move(event));
  }
  return events;
}

// Seconds to invoke every event through the transport, `group` at a time, after one warm-up
// invocation per runtime (cold starts are not what is measured).
double through_runtime_api(const std::vector<ivsim::Event> &events,
                           const ivsim::adapters::LambdaHandler &handler, std::uint32_t group) {
  ivsim::adapters::LambdaTransportOptions options;
  options.runtime_command = ivsim::adapters::bootstrap_command(handler);
  options.environment = ivsim::adapters::lambda_environment(options.function_name, handler);
  options.concurrency = group;
  net::io_context io(1);
  auto transport = ivsim::adapters::make_lambda_transport(io.get_executor(), options);
  double seconds = 0;
  std::size_t failures = 0;
  auto deliver = [&](std::size_t first, std::size_t size) -> net::awaitable<void> {
    std::vector<ivsim::adapters::Parcel> parcels;
    for (std::size_t i = first; i < first + size && i < events.size(); ++i)
      parcels.push_back({&events[i], static_cast<std::uint32_t>(i)});
    for (const auto &outcome : co_await transport->async_deliver(parcels))
      failures += outcome.outcome != ivsim::adapters::Outcome::acknowledged;
  };
  auto body = [&]() -> net::awaitable<void> {
    co_await deliver(0, group); // warm-up: starts every runtime
    const auto start = Clock::now();
    for (std::size_t first = 0; first < events.size(); first += group)
      co_await deliver(first, group);
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  };
  net::co_spawn(io, body(), [&](std::exception_ptr error) {
    transport->close();
    if (error)
      std::rethrow_exception(error);
  });
  io.run();
  if (failures != 0)
    std::cerr << "lambda_replay_bench: " << failures << " invocations failed\n";
  return seconds;
}

// Seconds the bootstrap itself reports for calling the handler on every event in-process.
double in_process(const std::vector<ivsim::Event> &events,
                  const ivsim::adapters::LambdaHandler &handler, const fs::path &dir) {
  const fs::path events_file = dir / "events.json";
  {
    std::ofstream out(events_file);
    out << "[";
    for (std::size_t i = 0; i < events.size(); ++i)
      out << (i ? "," : "") << ivsim::to_json_text(events[i]);
    out << "]";
  }
  std::string command = "IVSIM_BOOTSTRAP_LOCAL_EVENTS='" + events_file.string() + "'";
  for (const std::string &word : ivsim::adapters::bootstrap_command(handler))
    command += " '" + word + "'";
  FILE *pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    return 0;
  char line[256] = {};
  std::size_t count = 0;
  long long micros = 0;
  while (std::fgets(line, sizeof line, pipe))
    std::sscanf(line, "local %zu invocations in %lld us", &count, &micros);
  ::pclose(pipe);
  return static_cast<double>(micros) / 1e6;
}

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const std::size_t count = quick ? 1000 : 20000;
  char pattern[] = "/tmp/ivsim-lambda-bench-XXXXXX";
  const fs::path dir = ::mkdtemp(pattern);
  std::ofstream(dir / "noop.mjs") << "export const handler = async () => null;\n";
  const auto handler = ivsim::adapters::parse_lambda_handler((dir / "noop.mjs").string());
  const std::vector<ivsim::Event> events = make_events(count);

  const double local = in_process(events, handler, dir);
  const double sequential = through_runtime_api(events, handler, 1);
  const double grouped = through_runtime_api(events, handler, 4);
  fs::remove_all(dir);

  auto rate = [&](double seconds) {
    return seconds > 0 ? static_cast<double>(count) / seconds : 0;
  };
  auto overhead_us = [&](double seconds) {
    return (seconds - local) * 1e6 / static_cast<double>(count);
  };
  std::printf("lambda_replay_bench: %zu invocations of a no-op Node handler\n", count);
  std::printf("  in-process loop (baseline, same bootstrap): %12.0f invocations/s\n", rate(local));
  std::printf("  Runtime API, 1 runtime, in order:           %12.0f invocations/s  "
              "(ratio %.3f, overhead %.1f us/invocation)\n",
              rate(sequential), rate(sequential) / rate(local), overhead_us(sequential));
  std::printf("  Runtime API, 4 runtimes, groups of 4:       %12.0f invocations/s  "
              "(ratio %.3f, %.1f us/invocation wall)\n",
              rate(grouped), rate(grouped) / rate(local),
              grouped * 1e6 / static_cast<double>(count));
  ivsim::bench::print_table_row(
      "lambda invocations/s, 1 runtime", rate(sequential), rate(local), "/s",
      "none (overhead " + std::to_string(static_cast<int>(overhead_us(sequential))) +
          " us/invocation)");
}
