#include "ivsim/adapters/state_source.hpp"

#include "loopback_sut.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

namespace ivsim::adapters {
namespace {

using ::testing::HasSubstr;
using testing::LoopbackSut;
using testing::Reply;
using namespace std::chrono_literals;

LoopbackSut answering(unsigned status, std::string body) {
  return LoopbackSut([status, body](std::size_t, const testing::Received &) {
    return Reply{Reply::answer, status, body};
  });
}

TEST(HttpStateSource, ReadsTheDocument) {
  LoopbackSut sut = answering(200, R"({"channels":{}})");
  auto source = make_http_state_source(sut.url("/state"), {{"x-api-key", "k"}});
  const StateReading reading = source->read();
  ASSERT_TRUE(reading.ok()) << reading.error;
  EXPECT_EQ(*reading.document, nlohmann::json::parse(R"({"channels":{}})"));
  EXPECT_EQ(sut.received().at(0).method, "GET");
  EXPECT_EQ(sut.received()[0].headers.at("x-api-key"), "k");
  EXPECT_EQ(source->describe(), "GET " + sut.url("/state").text());
}

TEST(HttpStateSource, ErrorStatusIsAnError) {
  LoopbackSut sut = answering(503, "busy");
  const StateReading reading = make_http_state_source(sut.url("/state"))->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_EQ(reading.error, "HTTP 503: busy");
}

TEST(HttpStateSource, NonJsonIsAnError) {
  LoopbackSut sut = answering(200, "<html>");
  const StateReading reading = make_http_state_source(sut.url("/state"))->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("expected a JSON state document, got \"<html>\""),
            std::string::npos);
}

// A document nested 100,000 deep is an error, not a stack overflow when the run is saved.
TEST(HttpStateSource, NestingBeyondTheLimitIsAnError) {
  LoopbackSut sut =
      answering(200, "{\"x\":" + std::string(100'000, '[') + std::string(100'000, ']') + "}");
  const StateReading reading = make_http_state_source(sut.url("/state"))->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_EQ(reading.error,
            "expected a JSON state document, got JSON nested deeper than 512 levels");
}

// Every source (HTTP, file, command, PostgreSQL) reads the text with parse_state_text.
TEST(StateText, OnlyAJsonObjectIsAStateDocument) {
  EXPECT_TRUE(parse_state_text(R"({"channels": {}})").ok());
  EXPECT_EQ(parse_state_text("[1, 2]").error,
            "expected a JSON object as the state document, got \"[1, 2]\"");
  EXPECT_THAT(parse_state_text(R"({"streams": 1e400})").error,
              HasSubstr("expected a JSON state document, got \"{\"streams\": 1e400}\" ("));
  EXPECT_THAT(parse_state_text("{\n\"a\":\n").error, HasSubstr("got \"{ \"a\":\" ("));
}

TEST(HttpStateSource, UnreachableIsAnError) {
  Url url;
  {
    LoopbackSut gone;
    url = gone.url("/state");
  }
  const StateReading reading = make_http_state_source(url, {}, 1s)->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_FALSE(reading.error.empty());
}

TEST(HttpStateSource, SilentSutTimesOut) {
  LoopbackSut sut([](std::size_t, const testing::Received &) { return Reply{Reply::hang}; });
  const StateReading reading = make_http_state_source(sut.url("/state"), {}, 100ms)->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("timeout"), std::string::npos);
}

std::filesystem::path temp_file(const std::string &name, const std::string &text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ivsim_adapters_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path;
}

TEST(FileStateSource, ReadsTheFileWhenAsked) {
  const auto path = temp_file("state.json", R"({"streams":{}})");
  auto source = make_file_state_source(path);
  std::ofstream(path) << R"({"streams":{"st-1":{}}})"; // written after the source was made
  const StateReading reading = source->read();
  std::filesystem::remove(path);
  ASSERT_TRUE(reading.ok()) << reading.error;
  EXPECT_TRUE(reading.document->at("streams").contains("st-1"));
}

TEST(FileStateSource, MissingOrBadFileIsAnError) {
  EXPECT_EQ(make_file_state_source("/nonexistent/ivsim.json")->read().error,
            "cannot open the file");
  const auto path = temp_file("bad.json", "{");
  const StateReading reading = make_file_state_source(path)->read();
  std::filesystem::remove(path);
  EXPECT_FALSE(reading.ok());
}

TEST(CommandStateSource, ParsesStdout) {
  auto source = make_command_state_source({"printf", R"({"recordings":{}})"});
  const StateReading reading = source->read();
  ASSERT_TRUE(reading.ok()) << reading.error;
  EXPECT_TRUE(reading.document->contains("recordings"));
  EXPECT_EQ(source->describe(), R"(command printf {"recordings":{}})");
}

TEST(CommandStateSource, FailingCommandQuotesItsStderr) {
  const StateReading reading =
      make_command_state_source(shell_command("echo 'no database' >&2; exit 3"))->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_EQ(reading.error, "exit status 3, stderr: no database");
}

TEST(CommandStateSource, NonJsonOutputIsAnError) {
  const StateReading reading = make_command_state_source({"echo", "hello"})->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("got \"hello\""), std::string::npos);
}

TEST(CommandStateSource, MissingProgramIsAnError) {
  const StateReading reading = make_command_state_source({"ivsim-no-such-program"})->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("ivsim-no-such-program"), std::string::npos);
}

// Test that a command past its timeout is killed with everything it started (the shell's
// `sleep` child keeps the pipe open, so only killing the process group ends the read).
TEST(CommandStateSource, SlowCommandIsKilledAtTheTimeout) {
  const auto started = std::chrono::steady_clock::now();
  const StateReading reading =
      make_command_state_source(shell_command("sleep 30; echo {}"), 200ms)->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("timeout"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(ResetHook, HttpPostsToTheUrl) {
  LoopbackSut sut;
  auto hook = make_http_reset_hook(sut.url("/reset"));
  EXPECT_EQ(hook->reset(), std::nullopt);
  EXPECT_EQ(sut.received().at(0).method, "POST");
  EXPECT_EQ(sut.received()[0].target, "/reset");
}

TEST(ResetHook, CommandSucceedsOnExitStatusZero) {
  EXPECT_EQ(make_command_reset_hook({"true"})->reset(), std::nullopt);
  EXPECT_EQ(make_command_reset_hook({"false"})->reset(), "exit status 1");
}

// Test that a reset nobody answers asks whether the handler is running, and where.
TEST(ResetHook, RefusedConnectionAsksWhetherTheHandlerIsRunning) {
  Url url;
  {
    LoopbackSut gone;
    url = gone.url("/reset");
  }
  const std::optional<std::string> error = make_http_reset_hook(url, {}, 1s)->reset();
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(*error, HasSubstr("efused (is the handler running and listening on 127.0.0.1:" +
                                std::to_string(url.port) + "?)"));
  EXPECT_THAT(make_http_state_source(url, {}, 1s)->read().error,
              HasSubstr("(is the handler running and listening on"));
}

// Test that a 404 explains what --sut stands for and the other ways to reset or read state.
TEST(ResetHook, NotFoundExplainsTheBaseUrl) {
  LoopbackSut sut = answering(404, "");
  EXPECT_EQ(make_http_reset_hook(sut.url("/api/reset"))->reset(),
            "HTTP 404 (--sut is the handler's base URL: ivsim POSTs <sut>/reset and <sut>/events "
            "and GETs <sut>/state; or give --reset-url, --reset-command, or --no-reset if it "
            "starts empty)");
  EXPECT_THAT(make_http_state_source(sut.url("/api/state"))->read().error,
              HasSubstr("HTTP 404 (--sut is the handler's base URL: ivsim POSTs <sut>/reset and "
                        "<sut>/events and GETs <sut>/state; or give --state-url, --state-file or "
                        "--state-command)"));
}

// Test that https:// to a plain-HTTP server says so, rather than blaming the certificate: the
// server answers the TLS hello with an HTTP 400, as most do.
TEST(ResetHook, HttpsToAPlainServerSaysItSpeaksPlainHttp) {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), 0});
  std::thread server([&] {
    net::ip::tcp::socket socket = acceptor.accept();
    char hello[512];
    boost::system::error_code ignored;
    socket.read_some(net::buffer(hello), ignored);
    net::write(
        socket,
        net::buffer(std::string_view("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")),
        ignored);
  });
  const std::string port = std::to_string(acceptor.local_endpoint().port());
  const std::optional<std::string> error =
      make_http_reset_hook(parse_url("https://127.0.0.1:" + port + "/reset"), {}, 5s)->reset();
  server.join();
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(*error, HasSubstr("TLS handshake failed: wrong version number"));
  EXPECT_THAT(*error, HasSubstr("(the server seems to speak plain HTTP: use http:// instead of "
                                "https://)"));
  EXPECT_THAT(*error, ::testing::Not(HasSubstr("certificate")));
}

} // namespace
} // namespace ivsim::adapters
