// The flags of `--transport lambda`: the handler file or runtime command, and Lambda's
// concurrency, timeout and retries.
#pragma once

#include "ivsim/adapters/lambda_transport.hpp"

#include <boost/program_options.hpp>

#include <cstdint>
#include <string>

namespace ivsim::cli {

/// --handler, --runtime-command, --concurrency, --function-timeout, --lambda-retries.
boost::program_options::options_description lambda_options();

/// The Lambda transport the flags describe. Throws InputError naming the flag for a missing
/// handler file, an unknown extension, a bad duration, zero concurrency, or neither --handler nor
/// --runtime-command. `seed` keys the retry jitter.
adapters::LambdaTransportOptions
lambda_transport_options(const boost::program_options::variables_map &values, std::uint64_t seed);

/// "invoke node bootstrap.mjs /abs/index.mjs handler (4 runtimes)", for reports.
std::string describe(const adapters::LambdaTransportOptions &options);

} // namespace ivsim::cli
