#pragma once
// The asynchronous side of the runtime suite's fixture: databases built on an
// io_context, one factory per engine (as fixture.hpp's for the synchronous ones), a test
// base that opens one, and run_coroutine() to drive a coroutine to its end.

#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "fixture.hpp"

namespace piccolo_test {

// Runs a coroutine on io to completion, rethrowing what it threw.
template <class F>
void run_coroutine(boost::asio::io_context& io, F f) {
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(f), [&](std::exception_ptr e) { failure = e; });
  io.run();
  io.restart();
  if (failure) std::rethrow_exception(failure);
}

// A SQLite file database on a fresh temp dir (its readers serve asynchronous reads).
struct sqlite_file_async {
  static constexpr const char* name = "sqlite";
  static constexpr bool is_sqlite = true;
  temp_dir dir;
  std::string path = (dir.path() / "async.sqlite").string();
  pc::sqlite::database open(boost::asio::io_context& io) { return pc::sqlite::database{io.get_executor(), path}; }
};

// An in-memory SQLite database: everything runs on the writer.
struct sqlite_memory_async {
  static constexpr const char* name = "sqlite_memory";
  static constexpr bool is_sqlite = true;
  pc::sqlite::database open(boost::asio::io_context& io) {
    return pc::sqlite::database{io.get_executor(), ":memory:"};
  }
};

// PostgreSQL on a fresh schema of the server of PICCOLO_PG_CONNINFO.
struct postgres_async {
  static constexpr const char* name = "postgres";
  static constexpr bool is_sqlite = false;
  pg_schema schema;
  pc::postgres::database open(boost::asio::io_context& io) {
    return pc::postgres::database{io.get_executor(), schema.conninfo()};
  }
};

// Opens the engine's database on io (a PostgreSQL test is skipped without a server). A
// derived SetUp() calls this one first and returns if IsSkipped().
template <class Engine>
class async_database_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if constexpr (!Engine::is_sqlite) {
      if (!std::getenv("PICCOLO_PG_CONNINFO")) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    }
    db.emplace(engine.open(io));
  }
  Engine engine;
  boost::asio::io_context io;
  std::optional<decltype(std::declval<Engine&>().open(std::declval<boost::asio::io_context&>()))> db;
};

}  // namespace piccolo_test
