// Reading the SUT's canonical state document after a run, and resetting the SUT before one.
#pragma once

#include "ivsim/adapters/url.hpp"
#include "ivsim/time.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ivsim::adapters {

/// The document a state source read, or why it could not (the verdict is then "unknown").
struct StateReading {
  std::optional<nlohmann::json> document;
  std::string error; ///< empty when `document` is set

  bool ok() const { return document.has_value(); }
};

/// The state document in `text`, as every source reads it: a JSON object nested no deeper than
/// kMaxJsonNesting, or why not, quoting the start of the text. Never throws.
StateReading parse_state_text(const std::string &text);

/// Reads the SUT's state as one canonical document (docs/state-contract.md). Scope is the
/// caller's business: the source returns the whole document the SUT gives.
class StateSource {
public:
  virtual ~StateSource() = default;
  /// Reads once; failures (unreachable, non-2xx, not JSON, timeout) are a value, never thrown.
  virtual StateReading read() = 0;
  /// "GET http://127.0.0.1:8080/state", for reports.
  virtual std::string describe() const = 0;
};

/// Puts the SUT back to empty before a run.
class ResetHook {
public:
  virtual ~ResetHook() = default;
  /// Resets once; returns the error, or nullopt on success. Never throws for SUT failures.
  virtual std::optional<std::string> reset() = 0;
  /// "POST http://127.0.0.1:8080/reset", for reports.
  virtual std::string describe() const = 0;
};

/// GETs `url`; a 2xx answer whose body is JSON is the document.
std::unique_ptr<StateSource> make_http_state_source(Url url, HeaderList headers = {},
                                                    Duration timeout = std::chrono::seconds(10));
/// Reads and parses the file at `path` when asked (after the run).
std::unique_ptr<StateSource> make_file_state_source(std::filesystem::path path);
/// Runs `argv` (argv[0] is looked up in PATH) and parses its stdout; a non-zero exit, a signal or
/// running past `timeout` (the program is then killed) is an error that quotes its stderr.
std::unique_ptr<StateSource> make_command_state_source(std::vector<std::string> argv,
                                                       Duration timeout = std::chrono::seconds(30));

/// POSTs an empty body to `url`; any 2xx answer is success.
std::unique_ptr<ResetHook> make_http_reset_hook(Url url, HeaderList headers = {},
                                                Duration timeout = std::chrono::seconds(10));
/// Runs `argv`; exit status 0 is success.
std::unique_ptr<ResetHook> make_command_reset_hook(std::vector<std::string> argv,
                                                   Duration timeout = std::chrono::seconds(30));

/// {"/bin/sh", "-c", command_line}: for state and reset commands written as one string.
std::vector<std::string> shell_command(std::string command_line);

} // namespace ivsim::adapters
