// The project's local SQS-compatible server (scripts/sqs_server, local-aws-sqs) as a child process.
#pragma once

#include "ivsim/time.hpp"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

namespace ivsim::adapters {

/// A local-aws-sqs server on 127.0.0.1 and a free port, for tests, benchmarks and demos. It
/// accepts any SigV4 signature and answers in the AWS JSON protocol (docs/transports.md lists
/// its quirks).
class LocalSqsServer {
public:
  /// Runs `npm ci` in `script_dir` when its node_modules is missing, starts `node server.cjs 0`
  /// there and waits (at most `timeout`) for its "ready 127.0.0.1:PORT" line. Throws ivsim::Error
  /// when node or npm is missing, `npm ci` fails, or the server exits or stays silent.
  explicit LocalSqsServer(std::filesystem::path script_dir,
                          Duration timeout = std::chrono::seconds(120));
  /// Stops the server (see stop()).
  ~LocalSqsServer();
  LocalSqsServer(const LocalSqsServer &) = delete;
  LocalSqsServer &operator=(const LocalSqsServer &) = delete;

  /// The bound port.
  std::uint16_t port() const { return port_; }
  /// "http://127.0.0.1:PORT", the endpoint to give SqsClientOptions.
  std::string endpoint() const;
  /// Sends SIGTERM to the server's pid and waits for it to exit; later requests are refused.
  /// Idempotent.
  void stop();

private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::thread output_drain_; // reads the server's stdout to EOF so it never blocks on a pipe
};

} // namespace ivsim::adapters
