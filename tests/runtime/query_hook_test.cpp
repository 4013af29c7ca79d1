// db.on_query(hook): each statement a database runs (sync and async, transactions'
// statements, a pool's connections) and each PostgreSQL notice reach the hook, with its
// text, rows and error; a hook that throws changes nothing but a counter.

#include <mutex>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "async_fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;
using namespace std::string_literals;

namespace {

// What a test looks at of an event (the duration only as "measured").
struct seen {
  pc::query_event_kind kind;
  std::string sql;
  std::int64_t rows;
  std::error_code error;
  bool operator==(const seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const seen& s) {
  return os << "{kind " << static_cast<int>(s.kind) << ", \"" << s.sql << "\", rows " << s.rows << ", "
            << s.error.message() << "}";
}

constexpr auto statement = pc::query_event_kind::statement;
constexpr auto transaction = pc::query_event_kind::transaction;

// Collects events (from any thread) and checks what every event must hold.
struct recorder {
  std::mutex mutex;
  std::vector<seen> events;
  std::vector<std::string> messages;  // of failed statements and notices
  std::vector<std::string> notices;   // "SEVERITY: text"
  pc::query_hook hook() {
    return [this](const pc::query_event& e) {
      std::lock_guard lock{mutex};
      EXPECT_GE(e.duration.count(), 0);
      if (e.kind == pc::query_event_kind::notice) {
        notices.push_back(std::string{e.severity} + ": " + std::string{e.message});
        return;
      }
      events.push_back({e.kind, std::string{e.sql}, e.rows, e.error});
      if (e.error) messages.emplace_back(e.message);
    };
  }
};

template <class Engine>
constexpr const char* placeholder = Engine::is_sqlite ? "?" : "$1";

template <class Engine>
std::string with_placeholder(std::string before) {
  return before + placeholder<Engine>;
}

}  // namespace

template <class Engine>
class query_hook_test : public database_test<Engine> {
 protected:
  void SetUp() override {
    if constexpr (!Engine::is_sqlite) {
      if (!this->engine.schema.available()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    }
    this->db.run(pc::create_tables<Manager, Band>());
  }
  recorder record;
};

TYPED_TEST_SUITE(query_hook_test, engines, engine_names);

TYPED_TEST(query_hook_test, hook_receives_text_rows_and_kind_of_each_statement) {
  this->db.on_query(this->record.hook());
  EXPECT_EQ(this->db.run(pc::raw<"INSERT INTO manager (name) VALUES ({})">(std::string{"Guido"})), 1);
  EXPECT_EQ(this->db.run(pc::raw<"INSERT INTO manager (name) VALUES ({})">(std::string{"Graydon"})), 1);
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name FROM manager WHERE id >= {} ORDER BY id", std::string>(1)).size(), 2u);
  EXPECT_EQ(this->db.run(pc::raw<"UPDATE manager SET name = name WHERE id > {}">(0)), 2);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 2);

  std::vector<seen> expected{
      {statement, with_placeholder<TypeParam>("INSERT INTO manager (name) VALUES ("s) + ")", 1, {}},
      {statement, with_placeholder<TypeParam>("INSERT INTO manager (name) VALUES ("s) + ")", 1, {}},
      {statement, with_placeholder<TypeParam>("SELECT name FROM manager WHERE id >= "s) + " ORDER BY id", 2, {}},
      {statement, with_placeholder<TypeParam>("UPDATE manager SET name = name WHERE id > "s), 2, {}},
      {statement, std::string{pc::count<Manager>().template sql<std::conditional_t<TypeParam::is_sqlite,
                                                                   pc::sqlite_dialect, pc::postgres_dialect>>()},
       1, {}},
  };
  EXPECT_EQ(this->record.events, expected);
  EXPECT_EQ(this->db.query_hook_failures(), 0u);
}

TYPED_TEST(query_hook_test, failed_statement_reports_its_errc_and_message) {
  this->db.run(pc::insert(Manager{.name = "Guido"}));
  this->db.on_query(this->record.hook());
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO manager (id, name) VALUES (1, {})">(std::string{"Again"})),
                       pc::errc::unique_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT missing_column FROM manager", std::string>()), pc::errc::undefined_object);

  ASSERT_EQ(this->record.events.size(), 2u);
  EXPECT_EQ(this->record.events[0].error, pc::errc::unique_violation);
  EXPECT_EQ(this->record.events[0].sql, with_placeholder<TypeParam>("INSERT INTO manager (id, name) VALUES (1, "s) + ")");
  EXPECT_EQ(this->record.events[0].rows, 0);
  EXPECT_EQ(this->record.events[1].error, pc::errc::undefined_object);
  ASSERT_EQ(this->record.messages.size(), 2u);
  EXPECT_FALSE(this->record.messages[0].empty());
  EXPECT_NE(this->record.messages[1].find("missing_column"), std::string::npos) << this->record.messages[1];
}

TYPED_TEST(query_hook_test, transaction_statements_are_reported_as_transaction_events) {
  this->db.on_query(this->record.hook());
  const std::string begin = TypeParam::is_sqlite ? "BEGIN DEFERRED" : "BEGIN";
  const std::string insert = with_placeholder<TypeParam>("INSERT INTO manager (name) VALUES ("s) + ")";
  using insert_manager = decltype(pc::raw<"INSERT INTO manager (name) VALUES ({})">(std::string{}));
  this->db.transaction([&](auto& tx) {
    tx.run(insert_manager{std::tuple{std::string{"Guido"}}});
    tx.transaction([&](auto& inner) { inner.run(insert_manager{std::tuple{std::string{"Graydon"}}}); });
  });
  EXPECT_THROW(this->db.transaction([&](auto& tx) {
    tx.run(insert_manager{std::tuple{std::string{"Mads"}}});
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 2);

  std::vector<seen> expected{
      {transaction, begin, 0, {}},
      {statement, insert, 1, {}},
      {transaction, "SAVEPOINT piccolo_savepoint", 0, {}},
      {statement, insert, 1, {}},
      {transaction, "RELEASE SAVEPOINT piccolo_savepoint", 0, {}},
      {transaction, "COMMIT", 0, {}},
      {transaction, begin, 0, {}},
      {statement, insert, 1, {}},
      {transaction, "ROLLBACK", 0, {}},
  };
  this->record.events.pop_back();  // the count
  EXPECT_EQ(this->record.events, expected);
}

TYPED_TEST(query_hook_test, throwing_hook_is_counted_and_leaves_the_connection_working) {
  int calls = 0;
  this->db.on_query([&](const pc::query_event&) {
    ++calls;
    throw std::runtime_error("the log is full");
  });
  this->db.run(pc::insert(Manager{.name = "Guido"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>)), (std::vector<std::string>{"Guido"}));
  this->db.transaction([&](auto& tx) { tx.run(pc::insert(Manager{.name = "Graydon"})); });
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Manager{.id = 1, .name = "Again"})), pc::errc::unique_violation);
  EXPECT_EQ(calls, 6);  // insert, select, BEGIN, insert, COMMIT, failed insert
  EXPECT_EQ(this->db.query_hook_failures(), 6u);
  EXPECT_FALSE(this->db.in_transaction());

  this->db.on_query({});  // removed: nothing is reported, the count goes with the hook
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 2);
  EXPECT_EQ(calls, 6);
  EXPECT_EQ(this->db.query_hook_failures(), 0u);
}

// ---- PostgreSQL notices ------------------------------------------------------------------

class postgres_notice_test : public postgres_fault_fixture {};

TEST_F(postgres_notice_test, notices_reach_the_hook_instead_of_being_dropped) {
  pc::postgres::database db{schema.conninfo()};
  recorder record;
  db.on_query(record.hook());
  db.run(pc::raw<"DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; RAISE WARNING 'careful'; END $$">());
  db.run(pc::raw<"DROP TABLE IF EXISTS no_such_table">());
  EXPECT_EQ(record.notices, (std::vector<std::string>{"NOTICE: hello from plpgsql", "WARNING: careful",
                                                     "NOTICE: table \"no_such_table\" does not exist, skipping"}));
  ASSERT_EQ(record.events.size(), 2u);
  EXPECT_EQ(record.events[1], (seen{statement, "DROP TABLE IF EXISTS no_such_table", 0, {}}));

  db.on_query({});  // without a hook notices are dropped again
  db.run(pc::raw<"DROP TABLE IF EXISTS no_such_table">());
  EXPECT_EQ(record.notices.size(), 3u);
}

// ---- asynchronous: the same events from the pipeline / the worker threads ----------------

namespace {

using insert_manager = decltype(pc::raw<"INSERT INTO manager (name) VALUES ({})">(std::string{}));
using select_names = decltype(pc::raw<"SELECT name FROM manager WHERE id >= {} ORDER BY id", std::string>(0));

// Two inserts pipelined, a select, a failing insert, and a transaction with one insert.
template <class Database>
asio::awaitable<void> async_sequence(Database& db) {
  auto first = db.async_run(insert_manager{std::tuple{std::string{"Guido"}}}, asio::use_awaitable);
  auto second = db.async_run(insert_manager{std::tuple{std::string{"Graydon"}}}, asio::use_awaitable);
  co_await std::move(first);
  co_await std::move(second);
  select_names names{std::tuple{0}};
  auto rows = co_await db.async_run(names, asio::use_awaitable);
  EXPECT_EQ(rows.size(), 2u);
  using duplicate = decltype(pc::raw<"INSERT INTO manager (id, name) VALUES ({}, 'x')">(1));
  duplicate again{std::tuple{1}};
  auto [ec, ignored] = co_await db.async_run(again, asio::as_tuple(asio::use_awaitable));
  EXPECT_EQ(ec, pc::errc::unique_violation);
}
}  // namespace

TEST(query_hook_async, sqlite_async_runs_report_like_sync_ones) {
  temp_dir dir;
  asio::io_context io;
  pc::sqlite::database db{io.get_executor(), (dir.path() / "hook.sqlite").string()};
  db.run(pc::create_tables<Manager, Band>());
  recorder record;
  db.on_query(record.hook());
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    co_await async_sequence(db);
    co_await db.async_transaction(
        [](auto& tx) -> asio::awaitable<void> {
          co_await tx.async_run(insert_manager{std::tuple{std::string{"Mads"}}}, asio::use_awaitable);
        },
        asio::use_awaitable);
  });
  const std::string insert = "INSERT INTO manager (name) VALUES (?)";
  std::vector<seen> expected{
      {statement, insert, 1, {}},
      {statement, insert, 1, {}},
      {statement, "SELECT name FROM manager WHERE id >= ? ORDER BY id", 2, {}},  // on a reader connection
      {statement, "INSERT INTO manager (id, name) VALUES (?, 'x')", 0, pc::errc::unique_violation},
      {transaction, "BEGIN IMMEDIATE", 0, {}},
      {statement, insert, 1, {}},
      {transaction, "COMMIT", 0, {}},
  };
  EXPECT_EQ(record.events, expected);
}

TEST(query_hook_async, postgres_pipelined_runs_report_send_to_answer) {
  pg_schema schema;
  if (!schema.available()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
  asio::io_context io;
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  db.run(pc::create_tables<Manager, Band>());
  recorder record;
  db.on_query(record.hook());
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    co_await async_sequence(db);
    co_await db.async_transaction(
        [](pc::postgres::database& tx) -> asio::awaitable<void> {
          co_await tx.async_run(insert_manager{std::tuple{std::string{"Mads"}}}, asio::use_awaitable);
          co_await tx.async_run(pc::raw<"DROP TABLE IF EXISTS no_such_table">(), asio::use_awaitable);
        },
        asio::use_awaitable);
  });
  const std::string insert = "INSERT INTO manager (name) VALUES ($1)";
  std::vector<seen> expected{
      {statement, insert, 1, {}},
      {statement, insert, 1, {}},
      {statement, "SELECT name FROM manager WHERE id >= $1 ORDER BY id", 2, {}},
      {statement, "INSERT INTO manager (id, name) VALUES ($1, 'x')", 0, pc::errc::unique_violation},
      {transaction, "BEGIN", 0, {}},
      {statement, insert, 1, {}},
      {statement, "DROP TABLE IF EXISTS no_such_table", 0, {}},
      {transaction, "COMMIT", 0, {}},
  };
  EXPECT_EQ(record.events, expected);
  EXPECT_EQ(record.notices, (std::vector<std::string>{"NOTICE: table \"no_such_table\" does not exist, skipping"}));
}

TEST(query_hook_async, pool_hook_applies_to_every_connection) {
  pg_schema schema;
  if (!schema.available()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
  asio::io_context io;
  pc::postgres::database setup{schema.conninfo()};
  setup.run(pc::create_tables<Manager, Band>());
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 2};
  pool.run(insert_manager{std::tuple{std::string{"Guido"}}});  // a connection opened before the hook
  recorder record;
  pool.on_query(record.hook());
  pool.run(insert_manager{std::tuple{std::string{"Graydon"}}});
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    // two at once: the second runs on a connection the pool opens now
    auto first = pool.async_run(select_names{std::tuple{0}}, asio::use_awaitable);
    auto second = pool.async_run(select_names{std::tuple{2}}, asio::use_awaitable);
    EXPECT_EQ((co_await std::move(first)).size(), 2u);
    EXPECT_EQ((co_await std::move(second)).size(), 1u);
  });
  pool.transaction([](pc::postgres::database& tx) { tx.run(pc::raw<"DROP TABLE IF EXISTS no_such_table">()); });
  std::vector<seen> expected{
      {statement, "INSERT INTO manager (name) VALUES ($1)", 1, {}},
      {statement, "SELECT name FROM manager WHERE id >= $1 ORDER BY id", 2, {}},
      {statement, "SELECT name FROM manager WHERE id >= $1 ORDER BY id", 1, {}},
      {transaction, "BEGIN", 0, {}},
      {statement, "DROP TABLE IF EXISTS no_such_table", 0, {}},
      {transaction, "COMMIT", 0, {}},
  };
  std::sort(expected.begin() + 1, expected.begin() + 3, [](auto& a, auto& b) { return a.rows < b.rows; });
  std::sort(record.events.begin() + 1, record.events.begin() + 3, [](auto& a, auto& b) { return a.rows < b.rows; });
  EXPECT_EQ(record.events, expected);
  EXPECT_EQ(record.notices.size(), 1u);
  EXPECT_EQ(pool.query_hook_failures(), 0u);
}
