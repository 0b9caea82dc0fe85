// ivsim's SQS send rate to the local SQS server next to a plain SendMessageBatch loop of the same
// bodies (a minimal blocking client), measured in the same run. `--quick` shrinks the work.
//
// The server (node) shares the two cores with both clients, and its speed drifts with garbage
// collection and whatever else runs. So the two are compared in pairs: each round runs both on
// fresh queues, back to back in alternating order, and deletes the queues after; the figure is
// the median of the rounds' ratios (and the median rates), which one slow round cannot move.
#include "ivsim/adapters/replay.hpp"
#include "ivsim/adapters/sqs_local_server.hpp"
#include "ivsim/adapters/sqs_transport.hpp"

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
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;
using namespace ivsim;

// `count` distinct events (bench::stream_event); deliveries in groups of `group_size`
// (1 = one after the other, each its own SendMessageBatch of one).
static Plan make_plan(std::size_t count, std::size_t group_size) {
  Plan plan;
  for (std::size_t i = 0; i < count; ++i) {
    plan.events.push_back(bench::stream_event(i));
    Delivery delivery;
    delivery.event = static_cast<std::uint32_t>(i);
    delivery.deliver_at = plan.events.front().time + std::chrono::seconds(i / group_size);
    delivery.group = group_size > 1 ? static_cast<std::uint32_t>(i / group_size + 1) : kNoGroup;
    plan.deliveries.push_back(delivery);
  }
  return plan;
}

static double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

static std::string amz_date_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[17];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// The baseline: one blocking keep-alive connection sending SendMessageBatch calls of
// `group_size` bodies back to back, each signed, with no retries and no bookkeeping. Timed like
// ivsim's run, from the plan to the last answer: writing the bodies and connecting count on both
// sides.
static double plain_loop_seconds(const adapters::SqsClientOptions &options,
                                 const std::string &queue_url, const Plan &plan,
                                 std::size_t group_size) {
  const auto start = Clock::now();
  std::vector<std::string> requests;
  for (std::size_t begin = 0; begin < plan.events.size(); begin += group_size) {
    nlohmann::json entries = nlohmann::json::array();
    for (std::size_t i = begin; i < std::min(begin + group_size, plan.events.size()); ++i)
      entries.push_back(
          {{"Id", "e" + std::to_string(i - begin)}, {"MessageBody", to_json_text(plan.events[i])}});
    requests.push_back(nlohmann::json{{"QueueUrl", queue_url}, {"Entries", entries}}.dump());
  }
  net::io_context io;
  net::ip::tcp::socket socket(io);
  net::connect(socket, net::ip::tcp::resolver(io).resolve(options.endpoint.host,
                                                          std::to_string(options.endpoint.port)));
  socket.set_option(net::ip::tcp::no_delay(true));
  boost::beast::flat_buffer buffer;
  // Derives the signing key once a day, as AWS SDK clients do (and as ivsim's client does).
  adapters::sigv4::Signer signer(options.credentials, options.region, "sqs");
  for (const std::string &body : requests) {
    const std::string date = amz_date_now();
    adapters::sigv4::Request to_sign;
    to_sign.headers = {{"content-type", "application/x-amz-json-1.0"},
                       {"host", options.endpoint.authority()},
                       {"x-amz-date", date},
                       {"x-amz-target", "AmazonSQS.SendMessageBatch"}};
    to_sign.body = body;
    http::request<http::string_body> request(http::verb::post, "/", 11);
    for (const auto &[name, value] : to_sign.headers)
      request.set(name, value);
    request.set(http::field::authorization, signer.authorization(to_sign, date));
    request.body() = body;
    request.prepare_payload();
    http::write(socket, request);
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    if (response.result_int() != 200 || response.body().find("\"Failed\"") != std::string::npos)
      throw std::runtime_error("plain loop: SendMessageBatch failed: " + response.body());
  }
  return seconds_since(start);
}

static double ivsim_seconds(const adapters::SqsTransportOptions &options, const Plan &plan) {
  const auto start = Clock::now();
  const adapters::RunResult result =
      adapters::run_plan(plan,
                         [&](net::any_io_executor executor) {
                           return adapters::make_sqs_transport(std::move(executor), options);
                         },
                         {});
  const double seconds = seconds_since(start);
  if (result.counts.acknowledged != plan.deliveries.size())
    throw std::runtime_error("ivsim: not every delivery was acknowledged");
  return seconds;
}

static std::string create_queue(const adapters::SqsClientOptions &options,
                                const std::string &name) {
  const adapters::SqsReply reply =
      adapters::call_sqs(options, "CreateQueue", {{"QueueName", name}});
  if (!reply.ok())
    throw std::runtime_error("CreateQueue: " + reply.reason);
  return reply.body.at("QueueUrl").get<std::string>();
}

// Deleting each round's queues keeps the server's heap (and its garbage collection) the same
// size from round to round.
static void delete_queue(const adapters::SqsClientOptions &options, const std::string &url) {
  const adapters::SqsReply reply = adapters::call_sqs(options, "DeleteQueue", {{"QueueUrl", url}});
  if (!reply.ok())
    throw std::runtime_error("DeleteQueue: " + reply.reason);
}

static double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

struct Round {
  double plain_seconds = 0;
  double ivsim_seconds = 0;
};

// One round: both clients on fresh queues, back to back, the first one alternating by round.
static Round run_round(const adapters::SqsClientOptions &client, const Plan &plan,
                       std::size_t group_size, int round) {
  const std::string tag = std::to_string(group_size) + "r" + std::to_string(round);
  const std::string plain_queue = create_queue(client, "plain" + tag);
  const std::string ivsim_queue = create_queue(client, "ivsim" + tag);
  Round out;
  const auto run_plain = [&] {
    out.plain_seconds = plain_loop_seconds(client, plain_queue, plan, group_size);
  };
  const auto run_ivsim = [&] {
    out.ivsim_seconds = ivsim_seconds({client, ivsim_queue, {}}, plan);
  };
  if (round % 2 == 0) {
    run_plain();
    run_ivsim();
  } else {
    run_ivsim();
    run_plain();
  }
  delete_queue(client, plain_queue);
  delete_queue(client, ivsim_queue);
  return out;
}

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  // The same number of SendMessageBatch calls for both batch sizes, so each run lasts a fifth to
  // a third of a second; many short paired rounds average out a shared machine's noise better
  // than a few long ones.
  const std::size_t requests = quick ? 100 : 1000;
  const int rounds = quick ? 3 : 15;
  try {
    adapters::LocalSqsServer server(IVSIM_SQS_SERVER_DIR);
    adapters::SqsClientOptions client;
    client.endpoint = adapters::parse_url(server.endpoint());
    client.region = "us-east-1";
    client.credentials = {"test", "test", ""};
    std::printf("sqs_replay_bench: %zu SendMessageBatch calls to local-aws-sqs on one connection, "
                "median of %d paired rounds (order alternating, fresh queues each), target ivsim "
                ">= 90%% of plain\n",
                requests, rounds);
    std::printf("  %-28s %12s %14s %13s %7s\n", "figure", "ivsim msg/s", "plain msg/s",
                "median ratio", "target");
    for (const std::size_t group_size : {std::size_t{10}, std::size_t{1}}) {
      const std::size_t count = requests * group_size;
      const Plan plan = make_plan(count, group_size);
      std::vector<double> ratios;
      std::vector<double> plain_times;
      std::vector<double> ivsim_times;
      for (int round = 0; round < rounds; ++round) {
        const Round times = run_round(client, plan, group_size, round);
        ratios.push_back(times.plain_seconds / times.ivsim_seconds);
        plain_times.push_back(times.plain_seconds);
        ivsim_times.push_back(times.ivsim_seconds);
      }
      const double n = static_cast<double>(count);
      const double ratio = median(ratios);
      const double plain = median(plain_times);
      const double ivsim = median(ivsim_times);
      const std::string figure = group_size == 1
                                     ? "sequential (batches of 1)"
                                     : "groups (batches of " + std::to_string(group_size) + ")";
      std::printf("  %-28s %12.0f %14.0f %12.1f%% %7s\n", figure.c_str(), n / ivsim, n / plain,
                  100.0 * ratio, ratio >= 0.9 ? "met" : "missed");
      // The figure is the median of paired ratios, not a ratio of the median rates.
      ivsim::bench::print_table_row("sqs send, " + figure + ", median paired ratio", 100 * ratio,
                                    100, "% of plain", ">= 90 % of plain loop");
    }
    return 0;
  } catch (const std::exception &error) {
    std::fprintf(stderr, "sqs_replay_bench: error: %s\n", error.what());
    return 1;
  }
}
