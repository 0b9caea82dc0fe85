#include "ivsim/adapters/state_source.hpp"
#include "ivsim/json_location.hpp"

#include "http/connection.hpp"
#include "ivsim/adapters/retry_policy.hpp"
#include "state/command.hpp"

#include <boost/asio/error.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ivsim::adapters {

namespace http = boost::beast::http;
using state_detail::excerpt;

static StateReading failed(std::string error) {
  StateReading reading;
  reading.error = std::move(error);
  return reading;
}

StateReading parse_state_text(const std::string &text) {
  if (excessive_nesting_at(text))
    return failed("expected a JSON state document, got " + excessive_nesting_message());
  StateReading reading;
  try {
    reading.document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception &error) {
    // Not only parse errors: a number beyond a double (1e400) is out_of_range (found by fuzzing).
    return failed("expected a JSON state document, got \"" + excerpt(text) + "\" (" + error.what() +
                  ")");
  }
  if (!reading.document->is_object())
    return failed("expected a JSON object as the state document, got \"" + excerpt(text) + "\"");
  return reading;
}

namespace {

// The usual slips behind a reset or a state read that fails over HTTP, as a hint to append: the
// handler is not running (or listens elsewhere), or --sut is not the handler's base URL. `other`
// names the flags that reach this part another way.
std::string hint(const http_detail::Exchange &answer, const Url &url, std::string_view other) {
  if (answer.error == boost::asio::error::connection_refused)
    return " (is the handler running and listening on " + url.authority() + "?)";
  if (!answer.error && answer.status == 404)
    return " (--sut is the handler's base URL: ivsim POSTs <sut>/reset and <sut>/events and GETs "
           "<sut>/state; or give " +
           std::string(other) + ")";
  return "";
}

class HttpStateSource final : public StateSource {
public:
  HttpStateSource(Url url, HeaderList headers, Duration timeout)
      : url_(std::move(url)), headers_(std::move(headers)), timeout_(timeout) {}

  StateReading read() override {
    const http_detail::Exchange answer =
        http_detail::fetch(http::verb::get, url_, headers_, "", timeout_);
    if (answer.error || classify_status(answer.status) != Verdict::acknowledged)
      return failed(http_detail::describe(answer) +
                    (answer.body.empty() ? "" : ": " + excerpt(answer.body)) +
                    hint(answer, url_, "--state-url, --state-file or --state-command"));
    return parse_state_text(answer.body);
  }
  std::string describe() const override { return "GET " + url_.text(); }

private:
  Url url_;
  HeaderList headers_;
  Duration timeout_;
};

class FileStateSource final : public StateSource {
public:
  explicit FileStateSource(std::filesystem::path path) : path_(std::move(path)) {}

  StateReading read() override {
    if (std::error_code error; std::filesystem::is_directory(path_, error))
      return failed("cannot open the file: a directory");
    std::ifstream file(path_, std::ios::binary);
    if (!file)
      return failed("cannot open the file");
    std::ostringstream text;
    text << file.rdbuf();
    return parse_state_text(text.str());
  }
  std::string describe() const override { return "file " + path_.string(); }

private:
  std::filesystem::path path_;
};

std::string describe_argv(const std::vector<std::string> &argv) {
  std::string text = "command";
  for (const std::string &arg : argv)
    text += " " + arg;
  return text;
}

std::string describe_failure(const state_detail::CommandResult &result) {
  return result.err.empty() ? result.failure : result.failure + ", stderr: " + excerpt(result.err);
}

class CommandStateSource final : public StateSource {
public:
  CommandStateSource(std::vector<std::string> argv, Duration timeout)
      : argv_(std::move(argv)), timeout_(timeout) {}

  StateReading read() override {
    const state_detail::CommandResult result = state_detail::run_command(argv_, timeout_);
    if (!result.ok())
      return failed(describe_failure(result));
    return parse_state_text(result.out);
  }
  std::string describe() const override { return describe_argv(argv_); }

private:
  std::vector<std::string> argv_;
  Duration timeout_;
};

class HttpResetHook final : public ResetHook {
public:
  HttpResetHook(Url url, HeaderList headers, Duration timeout)
      : url_(std::move(url)), headers_(std::move(headers)), timeout_(timeout) {}

  std::optional<std::string> reset() override {
    const http_detail::Exchange answer =
        http_detail::fetch(http::verb::post, url_, headers_, "", timeout_);
    if (!answer.error && classify_status(answer.status) == Verdict::acknowledged)
      return std::nullopt;
    return http_detail::describe(answer) +
           hint(answer, url_, "--reset-url, --reset-command, or --no-reset if it starts empty");
  }
  std::string describe() const override { return "POST " + url_.text(); }

private:
  Url url_;
  HeaderList headers_;
  Duration timeout_;
};

class CommandResetHook final : public ResetHook {
public:
  CommandResetHook(std::vector<std::string> argv, Duration timeout)
      : argv_(std::move(argv)), timeout_(timeout) {}

  std::optional<std::string> reset() override {
    const state_detail::CommandResult result = state_detail::run_command(argv_, timeout_);
    if (result.ok())
      return std::nullopt;
    return describe_failure(result);
  }
  std::string describe() const override { return describe_argv(argv_); }

private:
  std::vector<std::string> argv_;
  Duration timeout_;
};

} // namespace

std::unique_ptr<StateSource> make_http_state_source(Url url, HeaderList headers, Duration timeout) {
  return std::make_unique<HttpStateSource>(std::move(url), std::move(headers), timeout);
}

std::unique_ptr<StateSource> make_file_state_source(std::filesystem::path path) {
  return std::make_unique<FileStateSource>(std::move(path));
}

std::unique_ptr<StateSource> make_command_state_source(std::vector<std::string> argv,
                                                       Duration timeout) {
  return std::make_unique<CommandStateSource>(std::move(argv), timeout);
}

std::unique_ptr<ResetHook> make_http_reset_hook(Url url, HeaderList headers, Duration timeout) {
  return std::make_unique<HttpResetHook>(std::move(url), std::move(headers), timeout);
}

std::unique_ptr<ResetHook> make_command_reset_hook(std::vector<std::string> argv,
                                                   Duration timeout) {
  return std::make_unique<CommandResetHook>(std::move(argv), timeout);
}

std::vector<std::string> shell_command(std::string command_line) {
  return {"/bin/sh", "-c", std::move(command_line)};
}

} // namespace ivsim::adapters
