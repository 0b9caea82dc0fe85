// The bundled reference handler as an embeddable HTTP server: POST /events, GET /state, POST
// /reset.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace ivsim::examples {

/// How to run the handler server.
struct HandlerServerOptions {
  /// Port on 127.0.0.1; 0 picks a free one (see HandlerServer::port).
  std::uint16_t port = 0;
  /// Threads serving connections; concurrent deliveries race on the state core's lock.
  unsigned threads = 2;
  /// A known bug to switch on (see examples/handler/README.md), or "" for the correct handler.
  std::string bug;
  /// When n > 0, the whole process exits (status 3, without answering) as the n-th
  /// `POST /events` arrives: a SUT crashing mid-run, for end-to-end tests. 0 never crashes.
  std::uint64_t crash_at_event = 0;
};

/// The reference SUT of docs/state-contract.md's HTTP shape, listening on loopback only.
/// `POST /events` applies one EventBridge event (200; 400 when the body is not JSON),
/// `GET /state` returns the canonical document, `POST /reset` forgets everything. Connections
/// are kept alive.
class HandlerServer {
public:
  /// Binds 127.0.0.1:options.port and listens. Throws ivsim::InputError for an unknown bug name
  /// and std::system_error when the port cannot be bound.
  explicit HandlerServer(const HandlerServerOptions &options);
  /// Stops and joins the serving threads.
  ~HandlerServer();
  HandlerServer(const HandlerServer &) = delete;
  HandlerServer &operator=(const HandlerServer &) = delete;

  /// The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const;
  /// Serves on `options.threads` background threads and returns at once.
  void start();
  /// Stops serving and joins the threads; open connections are closed, as if the process died.
  /// Call it from the thread that called start(), not from a serving thread.
  void stop();
  /// Applies one event body exactly as `POST /events` would and returns the status it would
  /// answer: for consumers that take events from elsewhere (the SQS consumer mode).
  unsigned post_event(std::string body);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace ivsim::examples
