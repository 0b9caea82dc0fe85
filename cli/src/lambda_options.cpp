#include "ivsim/cli/lambda_options.hpp"

#include "ivsim/adapters/state_source.hpp"
#include "ivsim/error.hpp"
#include "ivsim/time.hpp"

namespace ivsim::cli {

namespace po = boost::program_options;

po::options_description lambda_options() {
  po::options_description options("Lambda transport (--transport lambda)");
  options.add_options()(
      "handler", po::value<std::string>()->value_name("FILE:EXPORT"),
      "the Lambda handler file, run as is through a bootstrap shipped with ivsim: .mjs/.js/.cjs "
      "with node (export const handler = async (event, context) => ...), .py with python3 "
      "(def handler(event, context)); EXPORT defaults to handler")(
      "runtime-command", po::value<std::string>()->value_name("COMMAND"),
      "run this shell command as each runtime process instead of a bootstrap (any runtime "
      "interface client, e.g. 'node node_modules/aws-lambda-ric/index.mjs index.handler'); it "
      "gets AWS_LAMBDA_RUNTIME_API, and LAMBDA_TASK_ROOT and _HANDLER from --handler if given")(
      "concurrency", po::value<std::uint32_t>()->default_value(4)->value_name("N"),
      "runtime processes, hence invocations in flight at most (1 to 1000, Lambda's default "
      "concurrency quota)")(
      "function-timeout", po::value<std::string>()->default_value("3s")->value_name("DURATION"),
      "per invocation; a runtime past it is killed and restarted, and the invocation retried")(
      "lambda-retries", po::value<std::uint32_t>()->default_value(2)->value_name("N"),
      "retries of a function error, init error, timeout or crash (EventBridge invokes "
      "asynchronously: Lambda retries twice), with backoff, before the delivery fails; a "
      "function that fails to initialise on every attempt makes the verdict unknown");
  return options;
}

static Duration positive_duration(const po::variables_map &values, const char *name) {
  const std::string text = values[name].as<std::string>();
  const std::optional<Duration> duration = parse_duration(text);
  if (!duration || duration->count() <= 0)
    throw InputError(std::string("--") + name +
                     ": expected a positive duration like \"3s\", got \"" + text + "\"");
  return *duration;
}

adapters::LambdaTransportOptions lambda_transport_options(const po::variables_map &values,
                                                          std::uint64_t seed) {
  adapters::LambdaTransportOptions options;
  std::optional<adapters::LambdaHandler> handler;
  if (values.count("handler") != 0)
    handler = adapters::parse_lambda_handler(values["handler"].as<std::string>());
  if (values.count("runtime-command") != 0)
    options.runtime_command =
        adapters::shell_command("exec " + values["runtime-command"].as<std::string>());
  else if (handler)
    options.runtime_command = adapters::bootstrap_command(*handler);
  else
    throw InputError("--transport lambda: expected the function: --handler FILE:EXPORT or "
                     "--runtime-command COMMAND");
  options.environment = adapters::lambda_environment(options.function_name, handler);
  // Each runtime holds a listening socket, a connection and its output pipes from the start:
  // beyond Lambda's own default quota the run would fail on open files, not on the handler.
  constexpr std::uint32_t kMaxConcurrency = 1000;
  options.concurrency = values["concurrency"].as<std::uint32_t>();
  if (options.concurrency == 0 || options.concurrency > kMaxConcurrency)
    throw InputError("--concurrency: expected 1 to " + std::to_string(kMaxConcurrency) +
                     " runtimes (Lambda's default concurrency quota), got " +
                     std::to_string(options.concurrency));
  options.function_timeout = positive_duration(values, "function-timeout");
  options.retry.max_attempts = values["lambda-retries"].as<std::uint32_t>() + 1;
  options.retry.time_budget = positive_duration(values, "retry-budget");
  options.retry.jitter_seed = seed;
  return options;
}

std::string describe(const adapters::LambdaTransportOptions &options) {
  std::string command;
  for (const std::string &word : options.runtime_command)
    command += (command.empty() ? "" : " ") + word;
  return "invoke " + command + " (" + std::to_string(options.concurrency) + " runtimes)";
}

} // namespace ivsim::cli
