// Asynchronous execution on Boost.Asio: both engines, every completion token kind,
// pipelining, pool, transactions, cancellation, timeouts, a killed backend, replicas.

#include <atomic>
#include <cstdlib>
#include <future>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "async_fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

const char* pg_conninfo() { return std::getenv("PICCOLO_PG_CONNINFO"); }

template <class Engine>
class async_test : public async_database_test<Engine> {
 protected:
  void SetUp() override {
    async_database_test<Engine>::SetUp();
    if (this->IsSkipped()) return;
    auto& db = this->db;
    db->run(pc::create_tables<Manager, Band>());
    db->run(pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}));
    db->run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = 1000},
                       Band{.name = "Rustaceans", .manager = 2, .popularity = 500}));
  }
};

using async_engines = ::testing::Types<sqlite_file_async, postgres_async>;
TYPED_TEST_SUITE(async_test, async_engines, engine_names);

TYPED_TEST(async_test, coroutine_receives_rows) {
  std::vector<std::string> names;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto q = pc::select(c<&Band::name>).order_by(c<&Band::name>);
    names = co_await this->db->async_run(q, asio::use_awaitable);
  });
  EXPECT_EQ(names, (std::vector<std::string>{"Pythonistas", "Rustaceans"}));
}

TYPED_TEST(async_test, callback_token_gets_error_code_and_result) {
  pc::error_code seen = asio::error::eof;
  std::int64_t count = -1;
  this->db->async_run(pc::count<Band>(), [&](std::error_code ec, std::int64_t n) {
    seen = ec;
    count = n;
  });
  this->io.run();
  EXPECT_FALSE(seen);
  EXPECT_EQ(count, 2);
}

TYPED_TEST(async_test, ddl_completes_with_only_an_error_code) {
  pc::error_code seen = asio::error::eof;
  this->db->async_run(pc::create_table<Venue>(), [&](pc::error_code ec) { seen = ec; });
  this->io.run();
  EXPECT_FALSE(seen) << seen.message();
  EXPECT_EQ(this->db->run(pc::count<Venue>()), 0);
}

TYPED_TEST(async_test, future_and_deferred_tokens) {
  auto future = this->db->async_run(pc::count<Band>().where(c<&Band::popularity> > 600), asio::use_future);
  auto deferred = this->db->async_run(pc::count<Manager>(), asio::deferred);
  std::int64_t managers = 0;
  std::move(deferred)([&](pc::error_code ec, std::int64_t n) {
    EXPECT_FALSE(ec);
    managers = n;
  });
  this->io.run();
  EXPECT_EQ(future.get(), 1);
  EXPECT_EQ(managers, 2);
}

TYPED_TEST(async_test, error_in_coroutine_arrives_as_exception) {
  try {
    run_coroutine(this->io, [&]() -> asio::awaitable<void> {
      // a named query: GCC 12 mishandles aggregate temporaries inside co_await
      auto duplicate = pc::insert(Band{.name = "Pythonistas", .manager = 1});
      co_await this->db->async_run(duplicate, asio::use_awaitable);
    });
    ADD_FAILURE() << "no exception";
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(std::error_code(e.code()), pc::errc::unique_violation);
  }
}

TYPED_TEST(async_test, diagnostics_carry_the_engine_message) {
  pc::diagnostics diag;
  pc::error_code seen;
  this->db->async_run(pc::insert(Band{.name = "Pythonistas", .manager = 1}), diag,
                      [&](pc::error_code ec, std::int64_t) { seen = ec; });
  this->io.run();
  EXPECT_EQ(std::error_code(seen), pc::errc::unique_violation);
  EXPECT_FALSE(diag.server_message().empty());
}

TYPED_TEST(async_test, hundreds_of_queries_back_to_back_all_complete) {
  int done = 0;
  std::int64_t sum = 0;
  for (int i = 0; i < 300; ++i)
    this->db->async_run(pc::select(c<&Band::popularity>).where(c<&Band::id> == 1 + i % 2).first(),
                        [&](pc::error_code ec, std::optional<int> p) {
                          ASSERT_FALSE(ec) << ec.message();
                          sum += p.value_or(0);
                          ++done;
                        });
  this->io.run();
  EXPECT_EQ(done, 300);
  EXPECT_EQ(sum, 150 * 1000 + 150 * 500);
}

TYPED_TEST(async_test, transaction_rolled_back_by_a_throw) {
  EXPECT_THROW(run_coroutine(this->io,
                             [&]() -> asio::awaitable<void> {
                               co_await this->db->async_transaction(
                                   [](auto& tx) -> asio::awaitable<void> {
                                     auto q = pc::insert(Manager{.name = "Mads"});
                                     co_await tx.async_run(q, asio::use_awaitable);
                                     throw std::runtime_error("abort");
                                   },
                                   asio::use_awaitable);
                             }),
               std::runtime_error);
  EXPECT_EQ(this->db->run(pc::count<Manager>()), 2);
}

TYPED_TEST(async_test, transaction_commits_when_the_body_returns) {
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    co_await this->db->async_transaction(
        [](auto& tx) -> asio::awaitable<void> {
          auto a = pc::insert(Manager{.name = "Mads"});
          co_await tx.async_run(a, asio::use_awaitable);
          auto b = pc::update<Band>().set(c<&Band::popularity> = 1).where(c<&Band::id> == 2);
          co_await tx.async_run(b, asio::use_awaitable);
        },
        asio::use_awaitable);
  });
  EXPECT_EQ(this->db->run(pc::count<Manager>()), 3);
  EXPECT_EQ(this->db->run(pc::select(c<&Band::popularity>).where(c<&Band::id> == 2).first()), 1);
}

TYPED_TEST(async_test, timeout_completes_with_timed_out) {
  pc::error_code seen;
  if constexpr (std::is_same_v<TypeParam, postgres_async>) {
    this->db->async_run(pc::raw<"SELECT pg_sleep(10)">(), pc::run_options{.timeout = 100ms},
                        [&](pc::error_code ec, std::int64_t) { seen = ec; });
  } else {
    // an endless recursive query, interrupted
    this->db->async_run(pc::raw<"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
                                "SELECT count(*) FROM r",
                                std::int64_t>(),
                        pc::run_options{.timeout = 100ms},
                        [&](pc::error_code ec, std::vector<std::int64_t>) { seen = ec; });
  }
  auto start = std::chrono::steady_clock::now();
  this->io.run();
  EXPECT_EQ(std::error_code(seen), pc::errc::timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TYPED_TEST(async_test, cancellation_slot_aborts_the_running_query) {
  asio::cancellation_signal signal;
  pc::error_code seen;
  auto done = [&](pc::error_code ec, auto&&...) { seen = ec; };
  if constexpr (std::is_same_v<TypeParam, postgres_async>) {
    this->db->async_run(pc::raw<"SELECT pg_sleep(10)">(), asio::bind_cancellation_slot(signal.slot(), done));
  } else {
    this->db->async_run(pc::raw<"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
                                "SELECT count(*) FROM r",
                                std::int64_t>(),
                        asio::bind_cancellation_slot(signal.slot(), done));
  }
  asio::steady_timer timer{this->io, 100ms};
  timer.async_wait([&](auto) { signal.emit(asio::cancellation_type::terminal); });
  this->io.run();
  EXPECT_EQ(seen, asio::error::operation_aborted);
  // the connection is still usable
  EXPECT_EQ(this->db->run(pc::count<Band>()), 2);
}

using sqlite_async_test = async_test<sqlite_file_async>;

TEST_F(sqlite_async_test, completes_on_the_callers_thread) {
  std::thread::id completed_on;
  db->async_run(pc::count<Band>(), [&](pc::error_code, std::int64_t) { completed_on = std::this_thread::get_id(); });
  io.run();
  EXPECT_EQ(completed_on, std::this_thread::get_id());
}

TEST_F(sqlite_async_test, synchronous_run_waits_for_an_open_async_transaction) {
  std::atomic<bool> inside{false};
  std::atomic<std::int64_t> seen_by_sync{-1};
  std::thread other;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    co_await db->async_transaction(
        [&](auto& tx) -> asio::awaitable<void> {
          auto q = pc::insert(Manager{.name = "Mads"});
          co_await tx.async_run(q, asio::use_awaitable);
          inside = true;
          // a synchronous reader on another thread must not see the open transaction
          other = std::thread([&] { seen_by_sync = db->run(pc::count<Manager>()); });
          std::this_thread::sleep_for(100ms);
          EXPECT_EQ(seen_by_sync.load(), -1);  // still waiting for the writer
        },
        asio::use_awaitable);
  });
  other.join();
  EXPECT_TRUE(inside);
  EXPECT_EQ(seen_by_sync.load(), 3);
}

TEST_F(sqlite_async_test, concurrent_writers_queue_instead_of_failing_busy) {
  int ok = 0;
  for (int i = 0; i < 50; ++i)
    db->async_run(pc::insert(Manager{.name = "m" + std::to_string(i)}), [&](pc::error_code ec, std::int64_t) {
      EXPECT_FALSE(ec) << ec.message();
      ok += !ec;
    });
  // reads beside the writes, on the reader connections
  for (int i = 0; i < 50; ++i) db->async_run(pc::count<Band>(), [&](pc::error_code ec, std::int64_t) { EXPECT_FALSE(ec); });
  io.run();
  EXPECT_EQ(ok, 50);
  EXPECT_EQ(db->run(pc::count<Manager>()), 52);
}

// ---- PostgreSQL pool -------------------------------------------------------------------

class pool_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_conninfo()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    pool.emplace(io.get_executor(), schema.conninfo(), 4, pc::postgres::pool_options{.acquire_timeout = 2s});
    pool->run(pc::create_tables<Manager, Band>());
    pool->run(pc::insert(Manager{.name = "Guido"}));
  }
  pg_schema schema;
  asio::io_context io;
  std::optional<pc::postgres::pool> pool;
};

TEST_F(pool_test, hundreds_of_concurrent_queries_on_four_connections) {
  int ok = 0;
  for (int i = 0; i < 400; ++i)
    pool->async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t n) {
      EXPECT_FALSE(ec) << ec.message();
      ok += !ec && n == 1;
    });
  io.run();
  EXPECT_EQ(ok, 400);
  EXPECT_LE(pool->size(), 4u);
}

TEST_F(pool_test, ddl_through_the_pool) {
  pc::error_code seen = asio::error::eof;
  pool->async_run(pc::create_table<Venue>(), [&](pc::error_code ec) { seen = ec; });
  io.run();
  EXPECT_FALSE(seen) << seen.message();
  EXPECT_EQ(pool->run(pc::count<Venue>()), 0);
}

TEST_F(pool_test, waiting_for_a_free_connection_times_out) {
  pc::postgres::pool small{io.get_executor(), schema.conninfo(), 1,
                           pc::postgres::pool_options{.acquire_timeout = 100ms}};
  pc::error_code first, second;
  small.async_run(pc::raw<"SELECT pg_sleep(1)">(), [&](pc::error_code ec, std::int64_t) { first = ec; });
  small.async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t) { second = ec; });
  io.run();
  EXPECT_FALSE(first) << first.message();
  EXPECT_EQ(std::error_code(second), pc::errc::timed_out);
}

TEST_F(pool_test, killed_backend_mid_transaction_commits_nothing_and_pool_recovers) {
  PICCOLO_EXPECT_ERROR(pool->transaction([&](pc::postgres::database& tx) {
    tx.run(pc::insert(Manager{.name = "doomed"}));
    kill_backend(schema.conninfo(), tx.backend_pid());
    tx.run(pc::count<Manager>());
  }),
                       pc::errc::connection_lost);
  EXPECT_EQ(pool->run(pc::count<Manager>().where(c<&Manager::name> == "doomed")), 0);
  // the next queries get healthy connections
  int ok = 0;
  for (int i = 0; i < 20; ++i)
    pool->async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t) { ok += !ec; });
  io.run();
  EXPECT_EQ(ok, 20);
}

TEST_F(pool_test, async_transaction_on_a_pool) {
  EXPECT_THROW(run_coroutine(io,
                             [&]() -> asio::awaitable<void> {
                               co_await pool->async_transaction(
                                   [](pc::postgres::database& tx) -> asio::awaitable<void> {
                                     auto q = pc::insert(Manager{.name = "Mads"});
                                     co_await tx.async_run(q, asio::use_awaitable);
                                     throw std::runtime_error("abort");
                                   },
                                   asio::use_awaitable);
                             }),
               std::runtime_error);
  EXPECT_EQ(pool->run(pc::count<Manager>()), 1);
}

TEST_F(pool_test, selects_marked_for_a_replica_run_there) {
  const char* replica = std::getenv("PICCOLO_PG_REPLICA_CONNINFO");
  if (!replica || !*replica) GTEST_SKIP() << "PICCOLO_PG_REPLICA_CONNINFO is not set";
  pc::postgres::pool routed{io.get_executor(), schema.conninfo(), 2,
                            pc::postgres::pool_options{.replicas = {schema.conninfo_for(replica)}}};
  auto in_recovery = pc::raw<"SELECT pg_is_in_recovery()", bool>();
  EXPECT_EQ(routed.run(in_recovery), std::vector<bool>{false});
  EXPECT_EQ(routed.run(in_recovery.on(pc::replica)), std::vector<bool>{true});
  // the replica catches up with the primary's rows
  std::int64_t seen = 0;
  for (int i = 0; i < 100 && seen != 1; ++i) {
    try {
      seen = routed.run(pc::count<Manager>().on(pc::replica));
    } catch (const pc::error&) {  // the table may not have replicated yet
    }
    if (seen != 1) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(seen, 1);
}

}  // namespace
