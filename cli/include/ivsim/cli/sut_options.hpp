// The flags that say how to reach a system under test: where events go, how state is read back,
// how the SUT is reset, and how patient delivery is.
#pragma once

#include "ivsim/adapters/dispatcher.hpp"
#include "ivsim/adapters/replay.hpp"
#include "ivsim/adapters/state_source.hpp"

#include <boost/program_options.hpp>

#include <memory>
#include <string>

namespace ivsim::cli {

/// A SUT, resolved from flags: how to build its transport, and its state and reset hooks.
struct Sut {
  adapters::TransportFactory make_transport;
  std::string events_description;             ///< "POST http://127.0.0.1:8080/events", for reports
  std::unique_ptr<adapters::ResetHook> reset; ///< null with --no-reset
  std::unique_ptr<adapters::StateSource> state;
  std::unique_ptr<adapters::Quiescence> quiet; ///< the SQS drain wait; null over HTTP
  adapters::DispatchOptions dispatch;
};

/// --transport, --sut, --events-url, --header, --body-template, --state-url/-file/-command,
/// --reset-url/-command, --state-sql[-file], --reset-sql[-file], --pg, --no-reset, --time-scale,
/// --max-attempts, --request-timeout, --retry-budget, and the SQS and Lambda transports' flags.
boost::program_options::options_description sut_options();

/// The SUT the flags describe. --sut URL stands for the contract's HTTP shape (POST URL/events,
/// GET URL/state, POST URL/reset); the other flags override its parts. With --transport sqs the
/// events go to an SQS queue instead, and the run waits for the queue to drain before reading
/// the state (still through --sut or --state-*); looking up --queue-name asks SQS at once. Throws
/// InputError naming the flag for a bad URL, duration or header, or when no way to send events or
/// read state was given. `seed` keys the retry jitter, so a replayed run retries the same way.
Sut sut_from_options(const boost::program_options::variables_map &values, std::uint64_t seed);

} // namespace ivsim::cli
