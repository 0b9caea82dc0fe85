#include "ivsim/adapters/replay.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cassert>
#include <exception>

namespace ivsim::adapters {

namespace net = boost::asio;

// Nothing is sent when the run cannot start (the reset failed, or an earlier run's messages are
// still waiting): the SUT's state would not start empty.
static RunResult nothing_sent(const Plan &plan, std::string reset_error) {
  RunResult result;
  result.records.resize(plan.deliveries.size());
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    DeliveryOutcome &outcome = result.records[i].outcome;
    outcome.outcome = plan.deliveries[i].dropped ? Outcome::dropped : Outcome::failed;
    outcome.reason = "not sent: the run could not start";
    result.counts.add(outcome);
  }
  result.reset_error = std::move(reset_error);
  return result;
}

static RunResult dispatch_blocking(const Plan &plan, const TransportFactory &make_transport,
                                   const DispatchOptions &options) {
  net::io_context io(1);
  const std::unique_ptr<Transport> transport = make_transport(io.get_executor());
  std::optional<RunResult> result;
  std::exception_ptr failure;
  net::co_spawn(io, async_dispatch(plan, *transport, options),
                [&](std::exception_ptr error, RunResult run) {
                  failure = error;
                  result = std::move(run);
                  // Closing here ends a transport's background work (the Lambda transport's
                  // Runtime API endpoints and runtime processes), so run() returns.
                  transport->close();
                });
  io.run();
  if (failure)
    std::rethrow_exception(failure);
  assert(result && "the io_context ran the dispatch to completion");
  return std::move(*result);
}

RunResult run_plan(const Plan &plan, const TransportFactory &make_transport,
                   const DispatchOptions &options, RunHooks hooks) {
  validate(plan);
  if (hooks.quiet) {
    if (std::optional<std::string> error = hooks.quiet->wait_before_start())
      return nothing_sent(plan, "the run could not start (waiting for " + hooks.quiet->describe() +
                                    "): " + *error);
  }
  if (hooks.reset) {
    if (std::optional<std::string> error = hooks.reset->reset())
      return nothing_sent(plan,
                          "could not reset the SUT: " + hooks.reset->describe() + ": " + *error);
  }
  if (hooks.state && hooks.start_check) {
    const StateReading reading = hooks.state->read();
    if (reading.ok()) {
      if (std::optional<std::string> error = hooks.start_check(*reading.document))
        return nothing_sent(
            plan, "the SUT did not start empty (" + hooks.state->describe() +
                      (hooks.reset ? ", after " + hooks.reset->describe() : ", with no reset") +
                      "): " + *error);
    }
  }
  RunResult result = dispatch_blocking(plan, make_transport, options);
  if (hooks.quiet) {
    if (std::optional<std::string> error = hooks.quiet->wait()) {
      result.state_error =
          "not read: the SUT did not settle (" + hooks.quiet->describe() + "): " + *error;
      return result;
    }
  }
  if (hooks.state) {
    StateReading reading = hooks.state->read();
    if (reading.ok())
      result.state = std::move(reading.document);
    else
      result.state_error = hooks.state->describe() + ": " + reading.error;
  }
  return result;
}

RunResult replay_http(const Plan &plan, const HttpTransportOptions &http,
                      const DispatchOptions &options, RunHooks hooks) {
  return run_plan(
      plan,
      [&](net::any_io_executor executor) { return make_http_transport(std::move(executor), http); },
      options, hooks);
}

} // namespace ivsim::adapters
