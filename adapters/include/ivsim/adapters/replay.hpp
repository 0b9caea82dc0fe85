// One call that runs a plan against a SUT: reset, dispatch, read state. What the CLI calls.
#pragma once

#include "ivsim/adapters/dispatcher.hpp"
#include "ivsim/adapters/http_transport.hpp"
#include "ivsim/adapters/state_source.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ivsim::adapters {

/// Builds a transport bound to the run's executor (the run owns the io_context).
using TransportFactory =
    std::function<std::unique_ptr<Transport>(boost::asio::any_io_executor executor)>;

/// Waits, after the last delivery, until the SUT has applied what it acknowledged: an SQS
/// consumer may still be draining its queue long after every send succeeded.
class Quiescence {
public:
  virtual ~Quiescence() = default;
  /// Blocks until the SUT is quiet; returns why it did not get there in time (the state is then
  /// not read and the verdict is "unknown"), or nullopt. Never throws for SUT failures.
  virtual std::optional<std::string> wait() = 0;
  /// Blocks until what an earlier run left in flight has been consumed, so it is not mixed into
  /// this run; returns why it was not (nothing is then sent), or nullopt. By default there is
  /// nothing to wait for.
  virtual std::optional<std::string> wait_before_start() { return std::nullopt; }
  /// "SQS queue http://127.0.0.1:4566/000000000000/events drained", for reports.
  virtual std::string describe() const = 0;
};

/// Given the state read before the first delivery, says why the SUT did not start empty (its
/// reset left entities behind), or nullopt.
using StartStateCheck = std::function<std::optional<std::string>(const nlohmann::json &state)>;

/// The optional hooks around a run.
struct RunHooks {
  ResetHook *reset = nullptr;   ///< run before the first delivery, when set
  StateSource *state = nullptr; ///< read after the last delivery ended, when set
  Quiescence *quiet = nullptr;  ///< waited for before the reset and before the state is read
  /// With `state`: the state is also read after the reset, before the first delivery, and
  /// given to this; when it says the SUT is not empty, nothing is sent (`reset_error` says
  /// why). A state that cannot be read then is left for the read after the run to report.
  StartStateCheck start_check = nullptr;
};

/// Resets the SUT (if `hooks.reset`), dispatches `plan` through the transport `make_transport`
/// builds on a fresh one-thread io_context, waits for `hooks.quiet` (if set; when it fails the
/// state is not read and `state_error` says why), then reads the state (if `hooks.state`).
/// Blocks until done. Throws InputError only for an invalid plan (see validate); SUT failures are
/// in the result.
RunResult run_plan(const Plan &plan, const TransportFactory &make_transport,
                   const DispatchOptions &options, RunHooks hooks = {});

/// run_plan over HTTP: POSTs to `http.url`.
RunResult replay_http(const Plan &plan, const HttpTransportOptions &http,
                      const DispatchOptions &options, RunHooks hooks = {});

} // namespace ivsim::adapters
