// Reading the SUT's state with one SQL query on PostgreSQL, and resetting it with SQL.
#pragma once

#include "ivsim/adapters/state_source.hpp"
#include "ivsim/time.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace ivsim::adapters {

/// Where to connect and what to run there.
struct PgStatement {
  /// A libpq connection string ("host=127.0.0.1 port=5432 dbname=app") or URI
  /// ("postgresql://user@host/db"); empty: libpq's defaults and the PG* environment variables.
  std::string connection;
  /// The SQL, sent as one simple query (several statements run as one implicit transaction).
  std::string sql;
  /// Where the SQL came from, for reports: `--state-sql-file state.sql`, `--reset-sql "..."`.
  std::string origin;
  /// The server cancels the statement past this (`statement_timeout`).
  Duration timeout = std::chrono::seconds(30);
};

/// Runs `statement` on a fresh connection each time it reads. The answer must be one row of one
/// column holding a JSON document (json, jsonb or text), e.g. built with json_build_object and
/// json_object_agg. A connection or query error (quoting the server's message), no row, several
/// rows or columns, NULL, or text that is not JSON is a failed reading, never thrown.
std::unique_ptr<StateSource> make_pg_state_source(PgStatement statement);

/// Runs `statement` on a fresh connection; a connection or query error is returned as the
/// server's message.
std::unique_ptr<ResetHook> make_pg_reset_hook(PgStatement statement);

/// The text of an SQL file given by `flag` (for messages); throws InputError when it cannot be
/// read or is empty.
std::string read_sql_file(const std::string &flag, const std::filesystem::path &path);

/// Checks a connection string's syntax as libpq reads it, without connecting, so a typo is bad
/// input before the run rather than an unknown verdict after it. Throws InputError naming `flag`
/// and libpq's message.
void check_connection_string(const std::string &flag, const std::string &connection);

} // namespace ivsim::adapters
