#include "ivsim/examples/sqs_consumer.hpp"

#include "ivsim/examples/handler_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>
#include <optional>
#include <vector>

namespace ivsim::examples {

namespace net = boost::asio;

// Pause after a failed receive (the queue's server is down or refusing): keep trying without
// spinning, since the handler outlives its queue's hiccups.
constexpr auto kErrorPause = std::chrono::milliseconds(200);

static bool is_final_rejection(unsigned status) { return status / 100 == 4 && status != 429; }

// Applies each message; returns those to delete.
static std::vector<adapters::SqsMessage> apply_messages(std::vector<adapters::SqsMessage> messages,
                                                        const BodyProcessor &process,
                                                        std::atomic<std::uint64_t> &applied,
                                                        std::atomic<std::uint64_t> &discarded) {
  std::vector<adapters::SqsMessage> done;
  for (adapters::SqsMessage &message : messages) {
    const unsigned status = process(message.body);
    if (status / 100 == 2)
      ++applied;
    else if (is_final_rejection(status))
      ++discarded;
    else
      continue;
    done.push_back(std::move(message));
  }
  return done;
}

struct SqsConsumer::Impl {
  Impl(SqsConsumerOptions options_in, BodyProcessor process_in)
      : options(std::move(options_in)), process(std::move(process_in)) {}

  SqsConsumerOptions options;
  BodyProcessor process;
  std::optional<net::io_context> io;
  std::optional<adapters::SqsClient> client;
  std::thread thread;

  net::awaitable<void> consume(std::atomic<std::uint64_t> &applied,
                               std::atomic<std::uint64_t> &discarded,
                               std::atomic<std::uint64_t> &errors);
};

SqsConsumer::SqsConsumer(SqsConsumerOptions options, BodyProcessor process)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(process))) {}

SqsConsumer::~SqsConsumer() { stop(); }

net::awaitable<void> SqsConsumer::Impl::consume(std::atomic<std::uint64_t> &applied,
                                                std::atomic<std::uint64_t> &discarded,
                                                std::atomic<std::uint64_t> &errors) {

  net::steady_timer pause(co_await net::this_coro::executor);
  for (;;) {
    const adapters::SqsReply received = co_await client->async_receive_message(
        options.queue_url, options.max_messages, options.wait_time_seconds);
    if (!received.ok()) {
      ++errors;
      std::cerr << "sqs consumer: ReceiveMessage: " << received.reason << '\n';
      pause.expires_after(kErrorPause);
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    const std::vector<adapters::SqsMessage> done =
        apply_messages(adapters::parse_messages(received.body), process, applied, discarded);
    if (done.empty())
      continue;
    const adapters::SqsReply deleted =
        co_await client->async_delete_message_batch(options.queue_url, done);
    if (!deleted.ok() || !adapters::parse_batch_answer(deleted.body).failed.empty()) {
      ++errors; // the messages come back after their visibility timeout; the state core
                // de-duplicates them by event id
      std::cerr << "sqs consumer: DeleteMessageBatch: "
                << (deleted.ok() ? "some entries failed" : deleted.reason) << '\n';
    }
  }
}

void SqsConsumer::start() {
  if (impl_->thread.joinable())
    return;
  impl_->io.emplace(1);
  impl_->client.emplace(impl_->io->get_executor(), impl_->options.client);
  net::co_spawn(*impl_->io, impl_->consume(applied_, discarded_, errors_), net::detached);
  impl_->thread = std::thread([this] { impl_->io->run(); });
}

void SqsConsumer::stop() {
  if (!impl_ || !impl_->thread.joinable())
    return;
  impl_->io->stop();
  impl_->thread.join();
  // The client's socket closes first; destroying the context then destroys the suspended loop.
  impl_->client.reset();
  impl_->io.reset();
}

std::unique_ptr<SqsConsumer> start_sqs_consumer(HandlerServer &server, std::string queue_url,
                                                std::optional<std::string> endpoint) {
  SqsConsumerOptions options;
  adapters::SqsSettings settings;
  settings.endpoint = std::move(endpoint);
  options.client = adapters::resolve_sqs_client_options(settings);
  options.queue_url = std::move(queue_url);
  auto consumer = std::make_unique<SqsConsumer>(std::move(options), [&server](std::string body) {
    return server.post_event(std::move(body));
  });
  consumer->start();
  return consumer;
}

} // namespace ivsim::examples
