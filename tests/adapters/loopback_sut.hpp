// A scriptable loopback HTTP server for the adapter tests: answers, fails, hangs or dies on cue.
#pragma once

#include "ivsim/adapters/url.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ivsim::testing {

/// What the server does with one request.
struct Reply {
  enum Kind {
    answer, ///< answer with `status`; 2xx counts the request as applied
    close,  ///< read it, then close the connection without answering
    hang,   ///< read it and never answer (the client times out)
    die,    ///< stop listening and close every connection: the SUT crashed
  };
  Reply() = default;
  Reply(Kind kind_in, unsigned status_in = 200, std::string body_in = {})
      : kind(kind_in), status(status_in), body(std::move(body_in)) {}

  Kind kind = answer;
  unsigned status = 200;
  std::string body;
  std::chrono::milliseconds delay{0}; ///< for `answer`: how long a slow SUT takes to answer
};

/// One request the server read.
struct Received {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers; ///< names lower-cased
  std::string body;
  std::size_t connection = 0; ///< which accepted connection carried it (0, 1, ...)
  bool applied = false;       ///< answered with a 2xx
};

/// Decides the reply to the request with index `index` (0-based, over the server's life).
using Script = std::function<Reply(std::size_t index, const Received &request)>;

/// A Beast server on 127.0.0.1 and a free port, served on its own thread.
class LoopbackSut {
public:
  explicit LoopbackSut(Script script = {});
  ~LoopbackSut();

  std::uint16_t port() const;
  /// http://127.0.0.1:PORT<path>
  adapters::Url url(const std::string &path = "/events") const;
  /// Holds every request until `count` requests are in flight at once, then answers them all;
  /// a held request waits at most 5 s and is then answered 599 (so a sequential client fails
  /// the test instead of hanging it).
  void hold_until_concurrent(std::size_t count);

  /// Every request read so far, in arrival order.
  std::vector<Received> received() const;
  /// Bodies of the requests answered with a 2xx, in order.
  std::vector<std::string> applied_bodies() const;
  /// Connections accepted so far.
  std::size_t connections() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace ivsim::testing
