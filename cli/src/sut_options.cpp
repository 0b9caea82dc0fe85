#include "ivsim/cli/sut_options.hpp"

#include "ivsim/adapters/http_transport.hpp"
#include "ivsim/adapters/pg_state_source.hpp"
#include "ivsim/adapters/url.hpp"
#include "ivsim/cli/lambda_options.hpp"
#include "ivsim/error.hpp"
#include "ivsim/time.hpp"
#include "option_text.hpp"
#include "sqs_sut_options.hpp"

namespace ivsim::cli {

namespace po = boost::program_options;

po::options_description sut_options() {
  po::options_description options("System under test");
  options.add_options()(
      "transport", po::value<std::string>()->default_value("http")->value_name("http|sqs|lambda"),
      "how events reach the SUT: http POSTs each event; sqs sends it to an SQS queue that the "
      "SUT consumes (see the SQS options); lambda invokes a Lambda handler file through the "
      "Lambda Runtime API (see the Lambda options)")(
      "sut", po::value<std::string>()->value_name("URL"),
      "a SUT of the contract's HTTP shape: POST URL/events, GET URL/state, POST URL/reset")(
      "events-url", po::value<std::string>()->value_name("URL"),
      "where to POST each event (overrides --sut's /events)")(
      "header", po::value<std::vector<std::string>>()->composing()->value_name("'NAME: VALUE'"),
      "a header sent with every request (repeatable), e.g. 'x-api-key: secret'")(
      "body-template", po::value<std::string>()->value_name("TEMPLATE"),
      "wrap each event: {{event}} is its JSON, {{event_string}} the same as a JSON string, "
      "e.g. '{\"body\": {{event_string}}}' for an API Gateway style SUT")(
      "state-url", po::value<std::string>()->value_name("URL"),
      "GET the state document here after the run (overrides --sut's /state)")(
      "state-file", po::value<std::string>()->value_name("PATH"),
      "read the state document from this file after the run")(
      "state-command", po::value<std::string>()->value_name("COMMAND"),
      "run this shell command after the run; its stdout is the state document")(
      "reset-url", po::value<std::string>()->value_name("URL"),
      "POST here before the run to empty the SUT (overrides --sut's /reset)")(
      "reset-command", po::value<std::string>()->value_name("COMMAND"),
      "run this shell command before the run to empty the SUT")(
      "no-reset", po::bool_switch(), "do not reset the SUT before the run")(
      "state-sql", po::value<std::string>()->value_name("SQL"),
      "read the state from PostgreSQL: a query returning one row, one column, the JSON document "
      "(e.g. built with json_build_object)")("state-sql-file",
                                             po::value<std::string>()->value_name("PATH"),
                                             "the same, with the query in a file")(
      "reset-sql", po::value<std::string>()->value_name("SQL"),
      "run this SQL on PostgreSQL before the run to empty the SUT, e.g. 'TRUNCATE channels'")(
      "reset-sql-file", po::value<std::string>()->value_name("PATH"),
      "the same, with the SQL in a file")(
      "pg", po::value<std::string>()->value_name("CONNINFO"),
      "the PostgreSQL to run --state-sql/--reset-sql on, as a libpq connection string or URI, "
      "e.g. 'host=127.0.0.1 port=5432 dbname=app' (default: the PG* environment variables)")(
      "time-scale", po::value<double>()->default_value(0)->value_name("N"),
      "virtual seconds per wall second: 0 = as fast as order allows, 1 = real time")(
      "max-attempts", po::value<std::uint32_t>()->default_value(5)->value_name("N"),
      "attempts per delivery, the first included (5xx, 429, timeouts are retried)")(
      "request-timeout", po::value<std::string>()->default_value("10s")->value_name("DURATION"),
      "how long one request may take before it counts as timed out")(
      "retry-budget", po::value<std::string>()->default_value("30s")->value_name("DURATION"),
      "wall time after a delivery's first attempt past which it is not retried")(
      "stop-after-refusals", po::value<std::size_t>()->default_value(10)->value_name("N"),
      "stop sending when the first N deliveries sent were all refused and none acknowledged: "
      "the SUT is misconfigured or broken (verdict fail if it rejected them with 4xx, unknown "
      "if they failed); 0 = send every delivery anyway");
  options.add(sqs_options());
  options.add(lambda_options());
  return options;
}

namespace {

Duration duration_flag(const po::variables_map &values, const char *name) {
  const std::string text = values[name].as<std::string>();
  const std::optional<Duration> duration = parse_duration(text);
  if (!duration || duration->count() <= 0)
    throw InputError(std::string("--") + name +
                     ": expected a positive duration like \"10s\", got \"" + text + "\"");
  return *duration;
}

adapters::Url url_flag(const std::string &flag, const std::string &text) {
  try {
    return adapters::parse_url(text);
  } catch (const InputError &error) {
    throw InputError("--" + flag + ": " + error.what());
  }
}

// `--sut http://h:p/base` + "/events" -> http://h:p/base/events.
std::string under(const std::string &base, const char *path) {
  if (!base.empty() && base.back() == '/')
    return base + (path + 1);
  return base + path;
}

// The URL for one part: its own flag when given, else --sut's conventional path, else none.
std::optional<adapters::Url> endpoint(const po::variables_map &values, const char *flag,
                                      const char *path_under_sut) {
  if (const auto own = option_text(values, flag))
    return url_flag(flag, *own);
  if (const auto sut = option_text(values, "sut")) {
    url_flag("sut", *sut); // an error names what the user typed, not the path added to it
    return url_flag("sut", under(*sut, path_under_sut));
  }
  return std::nullopt;
}

adapters::HeaderList headers_of(const po::variables_map &values) {
  adapters::HeaderList headers;
  if (values.count("header") == 0)
    return headers;
  for (const std::string &text : values["header"].as<std::vector<std::string>>()) {
    try {
      headers.push_back(adapters::parse_header(text));
    } catch (const InputError &error) {
      throw InputError(std::string("--header: ") + error.what());
    }
  }
  return headers;
}

void require_at_most_one(const po::variables_map &values,
                         std::initializer_list<const char *> flags) {
  std::string given;
  for (const char *flag : flags) {
    if (values.count(flag) == 0 || values[flag].defaulted())
      continue;
    if (!given.empty())
      throw InputError("--" + given + " and --" + flag + ": expected at most one of them");
    given = flag;
  }
}

// The SQL of `sql_flag` or `file_flag` as a statement on --pg's server, or nullopt if neither.
std::optional<adapters::PgStatement> pg_statement(const po::variables_map &values,
                                                  const char *sql_flag, const char *file_flag) {
  adapters::PgStatement statement;
  if (const auto path = option_text(values, file_flag)) {
    statement.sql = adapters::read_sql_file(std::string("--") + file_flag, *path);
    statement.origin = std::string("--") + file_flag + " " + *path;
  } else if (const auto sql = option_text(values, sql_flag)) {
    if (sql->find_first_not_of(" \t\r\n") == std::string::npos)
      throw InputError(std::string("--") + sql_flag + ": expected an SQL statement, got \"" + *sql +
                       "\"");
    statement.sql = *sql;
    // Reports quote the flag's query; a long one is cut, the user has it at hand anyway.
    constexpr std::size_t kQuoted = 80;
    statement.origin = std::string("--") + sql_flag + " \"" + sql->substr(0, kQuoted) +
                       (sql->size() > kQuoted ? "...\"" : "\"");
  } else {
    return std::nullopt;
  }
  statement.connection = option_text(values, "pg").value_or("");
  adapters::check_connection_string("--pg", statement.connection);
  return statement;
}

std::unique_ptr<adapters::StateSource> state_source(const po::variables_map &values,
                                                    const adapters::HeaderList &headers,
                                                    Duration timeout) {
  require_at_most_one(values,
                      {"state-url", "state-file", "state-command", "state-sql", "state-sql-file"});
  if (auto statement = pg_statement(values, "state-sql", "state-sql-file"))
    return adapters::make_pg_state_source(std::move(*statement));
  if (const auto path = option_text(values, "state-file"))
    return adapters::make_file_state_source(*path);
  if (const auto command = option_text(values, "state-command"))
    return adapters::make_command_state_source(adapters::shell_command(*command));
  if (const auto url = endpoint(values, "state-url", "/state"))
    return adapters::make_http_state_source(*url, headers, timeout);
  throw InputError("expected a way to read the SUT's state: --sut URL, --state-url URL, "
                   "--state-file PATH, --state-command COMMAND or --state-sql[-file]");
}

std::unique_ptr<adapters::ResetHook>
reset_hook(const po::variables_map &values, const adapters::HeaderList &headers, Duration timeout) {
  require_at_most_one(values,
                      {"reset-url", "reset-command", "reset-sql", "reset-sql-file", "no-reset"});
  if (values["no-reset"].as<bool>())
    return nullptr;
  if (auto statement = pg_statement(values, "reset-sql", "reset-sql-file"))
    return adapters::make_pg_reset_hook(std::move(*statement));
  if (const auto command = option_text(values, "reset-command"))
    return adapters::make_command_reset_hook(adapters::shell_command(*command));
  if (const auto url = endpoint(values, "reset-url", "/reset"))
    return adapters::make_http_reset_hook(*url, headers, timeout);
  throw InputError("expected a way to reset the SUT before the run: --sut URL, --reset-url URL, "
                   "--reset-command COMMAND, --reset-sql[-file], or --no-reset if it starts empty");
}

// --pg only says where the SQL options run: given alone, the user expects the state to be read
// from PostgreSQL while it is read over HTTP.
void refuse_unused_pg(const po::variables_map &values) {
  if (values.count("pg") == 0)
    return;
  for (const char *flag : {"state-sql", "state-sql-file", "reset-sql", "reset-sql-file"})
    if (values.count(flag) != 0)
      return;
  throw InputError("--pg: names the PostgreSQL that --state-sql[-file] and --reset-sql[-file] run "
                   "on, but none of them is given");
}

// An option of the SQS or Lambda transport given without it would be silently ignored (a run
// meant for a queue would go over HTTP and pass): say which --transport it needs.
void refuse_options_of_other_transports(const po::variables_map &values,
                                        const std::string &transport) {
  const std::pair<const char *, po::options_description> owners[] = {{"sqs", sqs_options()},
                                                                     {"lambda", lambda_options()}};
  for (const auto &[owner, options] : owners) {
    if (transport == owner)
      continue;
    for (const auto &option : options.options()) {
      const std::string name = option->long_name();
      if (values.count(name) != 0 && !values[name].defaulted())
        throw InputError("--" + name + ": an option of --transport " + owner +
                         ", but the transport is " + transport + "; add --transport " + owner +
                         " or drop it");
    }
  }
}

// How events reach the SUT with --transport lambda: invocations of the handler file through
// runtime processes that ivsim starts and serves the Lambda Runtime API to.
void use_lambda_transport(const po::variables_map &values, std::uint64_t seed, Sut &sut) {
  const adapters::LambdaTransportOptions lambda = lambda_transport_options(values, seed);
  sut.events_description = describe(lambda);
  sut.make_transport = [lambda](boost::asio::any_io_executor executor) {
    return adapters::make_lambda_transport(std::move(executor), lambda);
  };
}

// How events reach the SUT over HTTP: POST each one to --events-url (or --sut's /events).
void use_http_transport(const po::variables_map &values, adapters::HttpTransportOptions http,
                        Sut &sut) {
  const std::optional<adapters::Url> events = endpoint(values, "events-url", "/events");
  if (!events)
    throw InputError("expected where to send events: --sut URL (a SUT of the contract's HTTP "
                     "shape), --events-url URL, or --transport sqs with a queue");
  http.url = *events;
  http.body_template = option_text(values, "body-template");
  sut.events_description = "POST " + events->text();
  sut.make_transport = [http](boost::asio::any_io_executor executor) {
    return adapters::make_http_transport(std::move(executor), http);
  };
}

} // namespace

Sut sut_from_options(const po::variables_map &values, std::uint64_t seed) {
  adapters::HttpTransportOptions http;
  http.headers = headers_of(values);
  http.request_timeout = duration_flag(values, "request-timeout");
  http.retry.max_attempts = values["max-attempts"].as<std::uint32_t>();
  if (http.retry.max_attempts == 0)
    throw InputError("--max-attempts: expected at least 1, got 0");
  http.retry.time_budget = duration_flag(values, "retry-budget");
  http.retry.jitter_seed = seed;

  Sut sut;
  const std::string transport = values["transport"].as<std::string>();
  refuse_options_of_other_transports(values, transport);
  if (transport == "sqs")
    use_sqs_transport(values, http.retry, http.request_timeout, sut);
  else if (transport == "lambda")
    use_lambda_transport(values, seed, sut);
  else if (transport == "http")
    use_http_transport(values, http, sut);
  else
    throw InputError("--transport: expected http, sqs or lambda, got \"" + transport + "\"");
  sut.reset = reset_hook(values, http.headers, http.request_timeout);
  sut.state = state_source(values, http.headers, http.request_timeout);
  refuse_unused_pg(values);
  sut.dispatch.stop_after_refusals = values["stop-after-refusals"].as<std::size_t>();
  sut.dispatch.time_scale = values["time-scale"].as<double>();
  if (sut.dispatch.time_scale < 0)
    throw InputError("--time-scale: expected 0 or more, got " +
                     std::to_string(sut.dispatch.time_scale));
  return sut;
}

} // namespace ivsim::cli
