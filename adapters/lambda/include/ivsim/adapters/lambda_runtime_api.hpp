// The AWS Lambda Runtime API served on loopback for one runtime process: hands it invocations
// (GET .../invocation/next) and collects their responses and errors.
#pragma once

#include "ivsim/time.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ivsim::adapters {

/// The Runtime API version prefix every path starts with.
inline constexpr std::string_view kRuntimeApiPrefix = "/2018-06-01/runtime";

/// How one invocation ended.
enum class InvocationStatus : std::uint8_t {
  succeeded,      ///< the runtime POSTed .../invocation/{id}/response
  function_error, ///< the runtime POSTed .../invocation/{id}/error
  init_error,     ///< the runtime POSTed .../init/error before or during the invocation
  timed_out,      ///< no answer by the deadline (or the runtime never asked within init_timeout)
  runtime_exited, ///< end_invocation() was called: the runtime process went away
  closed,         ///< the API was closed while the invocation was open
};

/// "succeeded", "function error", "init error", "timed out", "runtime exited", "closed".
std::string_view to_string(InvocationStatus status);

/// One invocation to hand to the runtime.
struct InvocationRequest {
  std::string request_id;   ///< Lambda-Runtime-Aws-Request-Id, used to correlate the answer
  std::string payload;      ///< the event JSON, the body of the next response
  std::string function_arn; ///< Lambda-Runtime-Invoked-Function-Arn
  std::string trace_id;     ///< Lambda-Runtime-Trace-Id
  /// From the moment the runtime receives the invocation; Lambda-Runtime-Deadline-Ms is that
  /// moment plus this, in Unix epoch milliseconds.
  Duration timeout = std::chrono::seconds(3);
  /// How long the runtime may take to ask for the invocation (Lambda's init phase limit, 10 s).
  Duration init_timeout = std::chrono::seconds(10);
};

/// What came back.
struct InvocationResult {
  InvocationStatus status = InvocationStatus::closed;
  /// The response body (succeeded), the error document (function or init error), or why.
  std::string body;
  /// Lambda-Runtime-Function-Error-Type, else the error document's errorType ("" if none).
  std::string error_type;
  /// The runtime received the invocation (GET next answered) before it ended.
  bool handed_over = false;
};

/// Serves the Runtime API for one runtime process on 127.0.0.1 (a free port) on `executor`.
/// Routes: GET /2018-06-01/runtime/invocation/next (long poll: answers once an invocation is
/// open, with the Lambda-Runtime-* headers), POST .../invocation/{id}/response and
/// .../invocation/{id}/error (202; 400 InvalidRequestID when {id} is not the open invocation),
/// POST .../init/error (202). One invocation is open at a time, as in one Lambda execution
/// environment. All members must be called on the executor's thread.
class LambdaRuntimeApi {
public:
  /// Listens at once. Throws boost::system::system_error if no loopback port can be bound.
  explicit LambdaRuntimeApi(boost::asio::any_io_executor executor);
  /// Closes (see close()).
  ~LambdaRuntimeApi();
  LambdaRuntimeApi(const LambdaRuntimeApi &) = delete;
  LambdaRuntimeApi &operator=(const LambdaRuntimeApi &) = delete;

  /// "127.0.0.1:PORT": the value of AWS_LAMBDA_RUNTIME_API for the runtime.
  std::string address() const;

  /// Opens `request` for the runtime's next GET next and completes when it ends: a response,
  /// an error, an init error, the deadline, end_invocation() or close(). Only one invocation may
  /// be open at a time. Never throws for the runtime's failures.
  boost::asio::awaitable<InvocationResult> async_invoke(InvocationRequest request);

  /// Ends the open invocation, if any, with `status` and `why` (the runtime process exited, say).
  void end_invocation(InvocationStatus status, std::string why);

  /// Drops every connection of the runtime (after its process went away), so a long poll left
  /// behind by a dead process never receives the next invocation.
  void disconnect_runtime();

  /// GET next requests received so far.
  std::uint64_t next_requests() const;
  /// The body of the last POST .../init/error, if one came since the last disconnect_runtime().
  std::optional<std::string> init_error() const;

  /// Stops listening, drops connections and ends the open invocation with `closed`. Pending
  /// operations complete on the executor; idempotent.
  void close();

  struct State;

private:
  std::shared_ptr<State> state_;
};

} // namespace ivsim::adapters
