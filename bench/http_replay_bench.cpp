// Replays deliveries to the bundled handler in strict order and compares the rate with a plain
// keep-alive POST loop of the same bodies, measured in the same run. `--quick` shrinks the work.
#include "ivsim/adapters/replay.hpp"
#include "ivsim/examples/handler_server.hpp"

#include "bench_events.hpp"
#include "bench_table.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace net = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;
using namespace ivsim;

// `count` distinct events (bench::stream_event), one delivery each, `spacing` apart on the
// virtual clock.
static Plan make_plan(std::size_t count, Duration spacing) {
  Plan plan;
  plan.events.reserve(count);
  plan.deliveries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    plan.events.push_back(bench::stream_event(i));
    Delivery delivery;
    delivery.event = static_cast<std::uint32_t>(i);
    delivery.deliver_at = plan.events.front().time + spacing * static_cast<long>(i);
    plan.deliveries.push_back(delivery);
  }
  return plan;
}

static double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The baseline: one blocking keep-alive connection POSTing the bodies back to back.
static double plain_loop_seconds(const adapters::Url &url, const Plan &plan) {
  std::vector<std::string> bodies;
  for (const Event &event : plan.events)
    bodies.push_back(to_json_text(event));
  net::io_context io;
  net::ip::tcp::socket socket(io);
  net::connect(socket, net::ip::tcp::resolver(io).resolve(url.host, std::to_string(url.port)));
  socket.set_option(net::ip::tcp::no_delay(true));
  boost::beast::flat_buffer buffer;
  const auto start = Clock::now();
  for (std::string &body : bodies) {
    http::request<http::string_body> request(http::verb::post, url.target, 11);
    request.set(http::field::host, url.authority());
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
    request.prepare_payload();
    http::write(socket, request);
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    if (response.result_int() != 200)
      throw std::runtime_error("plain loop: HTTP " + std::to_string(response.result_int()));
  }
  return seconds_since(start);
}

// The whole call, plan validation and body rendering included.
static double replay_seconds(const adapters::HttpTransportOptions &http, const Plan &plan) {
  const auto start = Clock::now();
  const adapters::RunResult result = adapters::replay_http(plan, http, {});
  const double seconds = seconds_since(start);
  if (result.counts.acknowledged != plan.deliveries.size())
    throw std::runtime_error("replay: not every delivery was acknowledged");
  return seconds;
}

// The best time of each of two runs over `rounds` rounds, each run after a reset. The two
// alternate so both see the same conditions on a shared machine, where the fastest run is the one
// least disturbed by other work.
template <typename RunA, typename RunB>
static std::pair<double, double> best_alternating(int rounds, adapters::ResetHook &reset, RunA a,
                                                  RunB b) {
  std::pair<double, double> best{1e300, 1e300};
  for (int round = 0; round < rounds; ++round) {
    reset.reset();
    best.first = std::min(best.first, a());
    reset.reset();
    best.second = std::min(best.second, b());
  }
  return best;
}

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::size_t count = quick ? 2'000 : 100'000;
  examples::HandlerServerOptions server_options;
  server_options.threads = 1; // client and server share the machine's cores
  examples::HandlerServer server(server_options);
  server.start();
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  adapters::HttpTransportOptions http;
  http.url = adapters::parse_url(base + "/events");
  auto reset = adapters::make_http_reset_hook(adapters::parse_url(base + "/reset"));

  // Quick runs are short, so more rounds even out a shared machine's noise.
  const int rounds = quick ? 5 : 3;
  const Plan plan = make_plan(count, std::chrono::seconds(1));
  const auto [plain, ivsim] = best_alternating(
      rounds, *reset, [&] { return plain_loop_seconds(http.url, plan); },
      [&] { return replay_seconds(http, plan); });
  const std::size_t delayed_count = count / 10;
  const Plan spaced = make_plan(delayed_count, std::chrono::seconds(1));
  const Plan hours = make_plan(delayed_count, std::chrono::hours(1));
  // Alternated like the rates above: the dispatcher never waits at time-scale 0, so any gap
  // between the two would otherwise be the machine's load changing between two blocks of runs.
  const auto [spaced_seconds, hours_seconds] = best_alternating(
      rounds, *reset, [&] { return replay_seconds(http, spaced); },
      [&] { return replay_seconds(http, hours); });

  std::printf("http_replay_bench: deliveries in strict order to the bundled handler (1 serving "
              "thread), best of %d\n\n",
              rounds);
  std::printf("  %-46s %10s %10s %12s\n", "run", "deliveries", "seconds", "deliveries/s");
  const auto row = [](const char *name, std::size_t deliveries, double seconds) {
    std::printf("  %-46s %10zu %10.3f %12.0f\n", name, deliveries, seconds,
                static_cast<double>(deliveries) / seconds);
  };
  row("plain keep-alive POST loop (baseline)", count, plain);
  row("ivsim replay, time-scale 0", count, ivsim);
  row("ivsim replay, 1 s apart, time-scale 0", delayed_count, spaced_seconds);
  row("ivsim replay, 1 h apart, time-scale 0", delayed_count, hours_seconds);
  std::printf("\n  ivsim / plain loop rate:            %6.1f %% (target >= 80 %%)\n",
              100.0 * plain / ivsim);
  std::printf("  1 h apart / 1 s apart wall time:    %6.1f %% (hour-long delays cost nothing "
              "at time-scale 0)\n",
              100.0 * hours_seconds / spaced_seconds);
  ivsim::bench::print_table_row("http replay, strict order (deliveries/s)",
                                static_cast<double>(count) / ivsim,
                                static_cast<double>(count) / plain, "/s", ">= 80 % of plain loop");
  ivsim::bench::print_table_row("http replay, 1 h apart vs 1 s apart (wall s)", hours_seconds,
                                spaced_seconds, "s", "no slower at time-scale 0");
  server.stop();
  return 0;
}
