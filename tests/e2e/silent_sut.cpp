// A SUT that accepts connections, reads whatever arrives and never answers: the bad-input
// catalogue's "SUT that never answers". Prints "listening on 127.0.0.1:PORT" like the bundled
// handler, so tests/e2e/with_handler.sh can start it in the handler's place (it ignores its
// arguments).
#include <boost/asio.hpp>

#include <cstdio>
#include <memory>

namespace asio = boost::asio;

namespace {

// Keeps reading so the peer's writes succeed; the answer it waits for never comes.
void swallow(std::shared_ptr<asio::ip::tcp::socket> socket) {
  auto buffer = std::make_shared<std::array<char, 4096>>();
  socket->async_read_some(asio::buffer(*buffer),
                          [socket, buffer](boost::system::error_code error, std::size_t) {
                            if (!error)
                              swallow(socket);
                          });
}

void accept(asio::ip::tcp::acceptor &acceptor) {
  acceptor.async_accept([&acceptor](boost::system::error_code error, asio::ip::tcp::socket socket) {
    if (!error)
      swallow(std::make_shared<asio::ip::tcp::socket>(std::move(socket)));
    accept(acceptor);
  });
}

} // namespace

int main() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  std::printf("listening on 127.0.0.1:%u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  accept(acceptor);
  io.run();
}
