// Runs one coroutine to its end on a private io_context, for the blocking forms of the adapters'
// operations (a one-off HTTP fetch, an SQS call, a drain wait, one delivery group).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cassert>
#include <exception>
#include <optional>
#include <utility>

namespace ivsim::adapters {

/// The result of `work`, run on `io` (which must not be running elsewhere); rethrows what it
/// throws. Returns as soon as `work` ends: a connection's idle deadline watch may still be
/// pending, and `io.run()` would wait for it.
template <typename T>
T run_to_completion(boost::asio::io_context &io, boost::asio::awaitable<T> work) {
  std::optional<T> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(work), [&](std::exception_ptr error, T value) {
    failure = error;
    if (!error)
      result = std::move(value);
  });
  io.restart();
  while (!result && !failure) {
    [[maybe_unused]] const std::size_t ran = io.run_one();
    assert(ran > 0 && "the io_context ran out of work before the coroutine ended");
  }
  if (failure)
    std::rethrow_exception(failure);
  return std::move(*result);
}

} // namespace ivsim::adapters
