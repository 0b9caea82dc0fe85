// The PostgreSQL state source and reset hook against a real throwaway cluster (scripts/postgres.sh,
// started by the ctest fixture "pg"; its `export PG...=` lines are in IVSIM_PG_ENV_FILE).
#include "ivsim/adapters/pg_state_source.hpp"

#include "ivsim/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace ivsim::adapters {
namespace {

using namespace std::chrono_literals;

// "host=127.0.0.1 port=N user=postgres dbname=D" from the fixture's env file.
std::string conninfo(const std::string &dbname) {
  std::ifstream file(IVSIM_PG_ENV_FILE);
  if (!file)
    throw std::runtime_error("no cluster: run scripts/postgres.sh start " IVSIM_PG_ENV_FILE);
  std::map<std::string, std::string> vars;
  std::string word;
  while (file >> word)
    if (const auto eq = word.find('='); eq != std::string::npos)
      vars[word.substr(0, eq)] = word.substr(eq + 1);
  return "host=" + vars.at("PGHOST") + " port=" + vars.at("PGPORT") + " user=" + vars.at("PGUSER") +
         " dbname=" + dbname;
}

PgStatement statement(std::string connection, std::string sql) {
  return {std::move(connection), std::move(sql), "test", 30s};
}

// Each test gets its own database, created and dropped through the reset hook itself.
class PgStateSource : public ::testing::Test {
protected:
  void SetUp() override {
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    database_ = "t_" + std::to_string(::getpid()) + "_" + info->name();
    for (char &c : database_)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_EQ(admin("CREATE DATABASE " + database_), std::nullopt);
  }
  void TearDown() override { admin("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)"); }

  std::optional<std::string> admin(const std::string &sql) {
    return make_pg_reset_hook(statement(conninfo("postgres"), sql))->reset();
  }
  std::optional<std::string> run(const std::string &sql) {
    return make_pg_reset_hook(statement(conninfo(database_), sql))->reset();
  }
  StateReading read(const std::string &sql) {
    return make_pg_state_source(statement(conninfo(database_), sql))->read();
  }

  std::string database_;
};

TEST_F(PgStateSource, ReadsTheDocumentBuiltByTheQuery) {
  ASSERT_EQ(run("CREATE TABLE streams (id text PRIMARY KEY, state text);"
                "INSERT INTO streams VALUES ('st-1', 'live'), ('st-2', 'ended');"),
            std::nullopt);
  const StateReading reading =
      read("SELECT json_build_object('streams', COALESCE((SELECT json_object_agg(id, "
           "json_build_object('state', state)) FROM streams), '{}'))");
  ASSERT_TRUE(reading.ok()) << reading.error;
  EXPECT_EQ(*reading.document, nlohmann::json::parse(R"({"streams":{"st-1":{"state":"live"},
                                                         "st-2":{"state":"ended"}}})"));
}

TEST_F(PgStateSource, AcceptsJsonbAndText) {
  EXPECT_EQ(*read("SELECT '{\"channels\":{}}'::jsonb").document,
            nlohmann::json::parse(R"({"channels":{}})"));
  EXPECT_EQ(*read("SELECT '{\"channels\":{}}'::text").document,
            nlohmann::json::parse(R"({"channels":{}})"));
}

TEST_F(PgStateSource, QueryErrorQuotesTheServer) {
  const StateReading reading = read("SELECT doc FROM no_such_table");
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("relation \"no_such_table\" does not exist"), std::string::npos)
      << reading.error;
}

TEST_F(PgStateSource, NoRowIsAnError) {
  const StateReading reading = read("SELECT '{}'::json WHERE false");
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("one row"), std::string::npos) << reading.error;
  EXPECT_NE(reading.error.find("got 0"), std::string::npos) << reading.error;
}

TEST_F(PgStateSource, SeveralRowsOrColumnsAreAnError) {
  EXPECT_NE(read("SELECT '{}'::json FROM generate_series(1, 2)").error.find("one row"),
            std::string::npos);
  EXPECT_NE(read("SELECT '{}'::json, 1").error.find("one column"), std::string::npos);
}

// json_object_agg over an empty table is NULL: the message says how to fix the query.
TEST_F(PgStateSource, NullIsAnErrorThatSuggestsCoalesce) {
  ASSERT_EQ(run("CREATE TABLE streams (id text, state text)"), std::nullopt);
  const StateReading reading = read("SELECT json_object_agg(id, state) FROM streams");
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("COALESCE"), std::string::npos) << reading.error;
}

TEST_F(PgStateSource, WrongShapeIsAnError) {
  EXPECT_NE(read("SELECT 'not json'").error.find("expected a JSON state document"),
            std::string::npos);
  EXPECT_NE(read("SELECT '[1, 2]'::json").error.find("expected a JSON object"), std::string::npos);
}

TEST_F(PgStateSource, StatementTimeoutCancelsASlowQuery) {
  const StateReading reading =
      make_pg_state_source({conninfo(database_), "SELECT pg_sleep(30)::text::json", "slow", 200ms})
          ->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_NE(reading.error.find("statement timeout"), std::string::npos) << reading.error;
}

TEST_F(PgStateSource, UnreachableServerIsAnError) {
  const StateReading reading =
      make_pg_state_source(statement("host=127.0.0.1 port=1 connect_timeout=2", "SELECT 1"))
          ->read();
  EXPECT_FALSE(reading.ok());
  EXPECT_FALSE(reading.error.empty());
}

TEST_F(PgStateSource, DescribesItsOrigin) {
  EXPECT_EQ(make_pg_state_source({"", "SELECT 1", "--state-sql-file state.sql", 1s})->describe(),
            "SQL --state-sql-file state.sql");
}

// The reset hook empties what a previous run left, and runs several statements as one.
TEST_F(PgStateSource, ResetHookRunsEveryStatement) {
  ASSERT_EQ(run("CREATE TABLE a (x int); CREATE TABLE b (x int);"
                "INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);"),
            std::nullopt);
  ASSERT_EQ(run("TRUNCATE a; TRUNCATE b;"), std::nullopt);
  const StateReading reading =
      read("SELECT json_build_object('rows', (SELECT count(*) FROM a) + (SELECT count(*) FROM b))");
  ASSERT_TRUE(reading.ok()) << reading.error;
  EXPECT_EQ(reading.document->at("rows"), 0);
}

TEST_F(PgStateSource, ResetHookErrorQuotesTheServer) {
  const std::optional<std::string> error = run("TRUNCATE no_such_table");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("relation \"no_such_table\" does not exist"), std::string::npos) << *error;
}

TEST(ReadSqlFile, ReadsTheFileAndRejectsMissingOrEmptyOnes) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ivsim_pg_test_" + std::to_string(::getpid()) + ".sql");
  std::ofstream(path) << "SELECT 1;\n";
  EXPECT_EQ(read_sql_file("--state-sql-file", path), "SELECT 1;\n");
  std::ofstream(path) << "  \n";
  EXPECT_THROW(read_sql_file("--state-sql-file", path), InputError);
  std::filesystem::remove(path);
  EXPECT_THROW(read_sql_file("--state-sql-file", path), InputError);
}

} // namespace
} // namespace ivsim::adapters
