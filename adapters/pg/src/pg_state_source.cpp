// The PostgreSQL state source and reset hook on libpqxx: one short-lived connection per use.
#include "ivsim/adapters/pg_state_source.hpp"

#include "ivsim/error.hpp"

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <fstream>
#include <optional>
#include <sstream>

namespace ivsim::adapters {

namespace {

// One line, at most a few hundred bytes: libpq's messages span lines ("LINE 1: ...", a caret
// under the error's position, a hint), which reports join with " | ", leaving out the caret.
std::string one_line(const std::string &text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find_first_not_of(" \t");
    const auto last = line.find_last_not_of(" \t\r");
    if (first == std::string::npos || line.substr(first, last - first + 1) == "^")
      continue;
    out += (out.empty() ? "" : " | ") + line.substr(first, last - first + 1);
  }
  constexpr std::size_t kMaxLength = 400;
  if (out.size() > kMaxLength)
    out = out.substr(0, kMaxLength) + "...";
  return out;
}

// The server's "ERROR:  relation ... does not exist" reads better without libpq's two spaces.
std::string server_message(const std::exception &error) {
  std::string text = one_line(error.what());
  if (const auto pos = text.find(":  "); pos != std::string::npos)
    text.erase(pos + 1, 1);
  return text;
}

// Runs the statement and returns its last result. libpq sends it as one simple query, so a
// file of several statements runs them in one implicit transaction.
pqxx::result run(const PgStatement &statement) {
  pqxx::connection connection(statement.connection);
  pqxx::nontransaction work(connection);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(statement.timeout).count();
  work.exec("SET statement_timeout = " + std::to_string(millis));
  return work.exec(statement.sql);
}

StateReading failed(std::string error) {
  StateReading reading;
  reading.error = std::move(error);
  return reading;
}

// Why `result` is not one row of one non-NULL column, or nullopt when it is.
std::optional<std::string> shape_problem(const pqxx::result &result) {
  if (result.columns() != 1)
    return "expected the query to return one column (the state document), got " +
           std::to_string(result.columns());
  if (result.size() != 1)
    return "expected the query to return one row (the state document), got " +
           std::to_string(result.size());
  if (result[0][0].is_null())
    return "expected the query to return a JSON document, got NULL (json_object_agg over no "
           "rows is NULL: wrap it in COALESCE(..., '{}'))";
  return std::nullopt;
}

class PgStateSource final : public StateSource {
public:
  explicit PgStateSource(PgStatement statement) : statement_(std::move(statement)) {}

  StateReading read() override {
    try {
      const pqxx::result result = run(statement_);
      if (const auto problem = shape_problem(result))
        return failed(*problem);
      return parse_state_text(result[0][0].c_str());
    } catch (const std::exception &error) { // pqxx::failure, pqxx::usage_error, bad_alloc
      return failed(server_message(error));
    }
  }
  std::string describe() const override { return "SQL " + statement_.origin; }

private:
  PgStatement statement_;
};

class PgResetHook final : public ResetHook {
public:
  explicit PgResetHook(PgStatement statement) : statement_(std::move(statement)) {}

  std::optional<std::string> reset() override {
    try {
      run(statement_);
      return std::nullopt;
    } catch (const std::exception &error) {
      return server_message(error);
    }
  }
  std::string describe() const override { return "SQL " + statement_.origin; }

private:
  PgStatement statement_;
};

} // namespace

std::unique_ptr<StateSource> make_pg_state_source(PgStatement statement) {
  return std::make_unique<PgStateSource>(std::move(statement));
}

std::unique_ptr<ResetHook> make_pg_reset_hook(PgStatement statement) {
  return std::make_unique<PgResetHook>(std::move(statement));
}

std::string read_sql_file(const std::string &flag, const std::filesystem::path &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw InputError(flag + ": expected a readable SQL file, but \"" + path.string() +
                     "\" cannot be opened");
  std::ostringstream text;
  text << file.rdbuf();
  if (text.str().find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError(flag + ": expected SQL in \"" + path.string() + "\", got an empty file");
  return text.str();
}

void check_connection_string(const std::string &flag, const std::string &connection) {
  char *message = nullptr;
  PQconninfoOption *options = PQconninfoParse(connection.c_str(), &message);
  if (options != nullptr) {
    PQconninfoFree(options);
    return;
  }
  std::string reason = message != nullptr ? message : "out of memory";
  PQfreemem(message);
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
    reason.pop_back();
  throw InputError(flag +
                   ": expected a libpq connection string (\"host=127.0.0.1 dbname=app\") "
                   "or URI (\"postgresql://user@host/db\"), but " +
                   reason + ": \"" + connection + "\"");
}

} // namespace ivsim::adapters
