// The Lambda transport: invokes a Lambda handler through runtime processes that ivsim starts and
// serves the Lambda Runtime API to, with EventBridge's asynchronous invocation semantics.
#pragma once

#include "ivsim/adapters/retry_policy.hpp"
#include "ivsim/adapters/transport.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::adapters {

/// A handler as `--handler FILE:EXPORT` names it: the user's file, run as is, and its export.
struct LambdaHandler {
  std::filesystem::path file; ///< absolute
  std::string export_name;    ///< "handler"
};

/// Parses "path/to/index.mjs:handler" (the export defaults to "handler" when no ':' follows the
/// file name). Throws InputError when the file does not exist or the export is empty.
LambdaHandler parse_lambda_handler(std::string_view spec);

/// Where the bootstraps shipped with ivsim are: $IVSIM_LAMBDA_BOOTSTRAP_DIR if set, else
/// <ivsim's binary dir>/../share/ivsim/lambda if it holds bootstrap.mjs (an installed ivsim),
/// else the source tree's adapters/lambda/bootstrap (a build tree). Throws InputError when none
/// holds the bootstraps.
std::filesystem::path lambda_bootstrap_dir();

/// The command running `handler` through a shipped bootstrap: `node bootstrap.mjs FILE EXPORT`
/// for .mjs/.js/.cjs, `python3 -u -B bootstrap.py FILE EXPORT` for .py. Throws InputError for any
/// other extension (use a runtime command then).
std::vector<std::string> bootstrap_command(const LambdaHandler &handler);

/// What Lambda sets in a function's environment, for a runtime client such as aws-lambda-ric:
/// AWS_LAMBDA_FUNCTION_NAME/_VERSION/_MEMORY_SIZE, AWS_LAMBDA_LOG_GROUP_NAME/_STREAM_NAME,
/// AWS_REGION, and with a handler LAMBDA_TASK_ROOT (its folder) and _HANDLER ("index.handler").
std::vector<std::pair<std::string, std::string>>
lambda_environment(const std::string &function_name, const std::optional<LambdaHandler> &handler);

/// How to run the function and how patient to be.
struct LambdaTransportOptions {
  /// The runtime client each runtime process runs (argv[0] looked up in PATH), e.g.
  /// bootstrap_command(handler). It inherits ivsim's environment plus `environment` and
  /// AWS_LAMBDA_RUNTIME_API; stdin is /dev/null and its stdout and stderr are captured.
  std::vector<std::string> runtime_command;
  /// Added to the runtime's environment (see lambda_environment()).
  std::vector<std::pair<std::string, std::string>> environment;
  /// Runtime processes, hence invocations in flight at most (Lambda's concurrency). >= 1.
  std::uint32_t concurrency = 4;
  /// Per invocation; past it the invocation is a timeout and its runtime is killed and restarted.
  Duration function_timeout = std::chrono::seconds(3);
  /// How long a runtime may take to start and ask for its invocation.
  Duration init_timeout = std::chrono::seconds(10);
  /// EventBridge invokes asynchronously: Lambda retries a function error or timeout twice.
  RetryPolicy retry{.max_attempts = 3};
  /// In the ARN and AWS_LAMBDA_FUNCTION_NAME.
  std::string function_name = "ivsim-handler";
  /// At most this many bytes of output are kept per attempt (the end is kept).
  std::size_t max_output_per_attempt = 8192;
};

/// A transport invoking the function on `executor`. Each parcel goes to a free runtime process
/// (a group's parcels to different processes at once; a group larger than the concurrency waits
/// for free ones); runtimes start on first use and stay warm. The event is the EventBridge event
/// JSON. A response acknowledges; a function error, init error, timeout or crash of the runtime
/// is retried per `options.retry`, then the delivery fails; a timed-out runtime is killed and a
/// crashed one restarted. The runtime's stdout and stderr during each attempt are kept in the
/// outcome's `output` when the delivery is not acknowledged. close() kills every runtime.
std::unique_ptr<Transport> make_lambda_transport(boost::asio::any_io_executor executor,
                                                 LambdaTransportOptions options);

} // namespace ivsim::adapters
