// A stand-in for ivsim in lambda_transport_test.cpp: runs a Lambda transport whose runtime command
// is this program's arguments and delivers one event, so a test can SIGKILL it, as an OOM killer
// would kill ivsim, while the runtime runs.
#include "ivsim/adapters/lambda_transport.hpp"

#include "plans.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <vector>

int main(int argc, char **argv) {
  namespace net = boost::asio;
  using ivsim::adapters::Parcel;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s RUNTIME-COMMAND...\n", argv[0]);
    return 2;
  }
  ivsim::adapters::LambdaTransportOptions options;
  options.runtime_command.assign(argv + 1, argv + argc);
  options.concurrency = 1;
  // The test kills this process long before: a runtime that never polls must not end the run.
  options.init_timeout = std::chrono::minutes(2);
  options.retry.max_attempts = 1;
  const ivsim::Plan plan = ivsim::testing::sequential_plan(1);
  const std::vector<Parcel> group{Parcel{&plan.events[0], 0}};
  net::io_context io;
  auto transport = ivsim::adapters::make_lambda_transport(io.get_executor(), std::move(options));
  auto body = [&]() -> net::awaitable<void> { co_await transport->async_deliver(group); };
  net::co_spawn(io, body(), [&](std::exception_ptr) { transport->close(); });
  io.run();
  return 0;
}
