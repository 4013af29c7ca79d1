// The PostgreSQL pool under an io_context run by four threads: many concurrent
// async_runs on a small pool with acquire timeouts about as long as a query, so that
// timeouts fire while connections are being handed over. Every operation completes
// exactly once (with a result or errc::timed_out), and afterwards the pool is back to
// full health: no slot leaked by a connection granted to a waiter that had already
// timed out, every open connection idle, all of them usable at once.
// Run under ThreadSanitizer by scripts/test.sh (phase tsan).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <piccolo/postgres_async.hpp>

#include "fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

constexpr std::size_t pool_size = 2;

const char* pg_conninfo() { return std::getenv("PICCOLO_PG_CONNINFO"); }

// Runs io on `threads` threads until it runs out of work.
void run_on_threads(asio::io_context& io, int threads) {
  std::vector<std::thread> runners;
  for (int i = 0; i < threads; ++i) runners.emplace_back([&io] { io.run(); });
  for (auto& r : runners) r.join();
  io.restart();
}

struct outcome {
  std::atomic<int> completed{0};
  std::atomic<int> succeeded{0};
  std::atomic<int> timed_out{0};
  std::mutex mutex;
  std::vector<std::string> unexpected;  // other errors, by message

  void record(pc::error_code ec) {
    ++completed;
    if (!ec) {
      ++succeeded;
    } else if (std::error_code(ec) == pc::errc::timed_out) {
      ++timed_out;
    } else {
      std::lock_guard lock{mutex};
      unexpected.push_back(ec.message());
    }
  }
};

// Every open connection is idle and all of them (pool_size) serve queries at once.
void expect_full_health(pc::postgres::pool& pool, asio::io_context& io) {
  EXPECT_EQ(pool.idle(), pool.size()) << "a slot is counted as open but no connection is idle";
  EXPECT_LE(pool.size(), pool_size);
  std::atomic<int> ok{0};
  for (std::size_t i = 0; i < pool_size; ++i)
    pool.async_run(pc::raw<"SELECT pg_sleep(0.05)">(), [&](pc::error_code ec, std::int64_t) { ok += !ec; });
  run_on_threads(io, 4);
  EXPECT_EQ(ok, static_cast<int>(pool_size)) << "fewer than max_size connections could be borrowed at once";
  EXPECT_EQ(pool.size(), pool_size);
  EXPECT_EQ(pool.idle(), pool_size);
}

class pool_race_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_conninfo()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
  }
  pg_schema schema;
  asio::io_context io;
};

TEST_F(pool_race_test, timeouts_racing_handovers_on_four_threads_leak_no_slot) {
  // acquire timeouts of the order of a query: some waiters time out exactly while a
  // connection is being granted to them
  for (int timeout_ms : {1, 2, 3, 5}) {
    SCOPED_TRACE("acquire_timeout " + std::to_string(timeout_ms) + "ms");
    pc::postgres::pool pool{io.get_executor(), schema.conninfo(), pool_size,
                            pc::postgres::pool_options{.acquire_timeout = std::chrono::milliseconds{timeout_ms}}};
    outcome seen;
    constexpr int operations = 300;
    // initiated from the io threads themselves, concurrently
    for (int i = 0; i < operations; ++i)
      asio::post(io, [&pool, &seen, i] {
        auto done = [&seen](pc::error_code ec, std::int64_t) { seen.record(ec); };
        if (i % 3 == 0) pool.async_run(pc::raw<"SELECT pg_sleep(0.002)">(), done);
        else pool.async_run(pc::raw<"SELECT 1">(), done);
      });
    run_on_threads(io, 4);

    EXPECT_EQ(seen.completed, operations) << "an operation completed twice or never";
    EXPECT_EQ(seen.succeeded + seen.timed_out, operations);
    EXPECT_GT(seen.succeeded, 0);
    EXPECT_TRUE(seen.unexpected.empty()) << seen.unexpected.front();
    expect_full_health(pool, io);
  }
}

TEST_F(pool_race_test, sync_and_async_borrowers_on_four_threads_leave_the_pool_healthy) {
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), pool_size,
                          pc::postgres::pool_options{.acquire_timeout = std::chrono::milliseconds{3}}};
  outcome seen;
  constexpr int async_operations = 200;
  for (int i = 0; i < async_operations; ++i)
    asio::post(io, [&pool, &seen] {
      pool.async_run(pc::raw<"SELECT 1">(), [&seen](pc::error_code ec, std::int64_t) { seen.record(ec); });
    });
  // two threads borrowing synchronously at the same time (waiting on the condition variable)
  std::atomic<int> sync_ok{0}, sync_timed_out{0};
  std::vector<std::thread> sync_users;
  for (int k = 0; k < 2; ++k)
    sync_users.emplace_back([&] {
      for (int i = 0; i < 30; ++i) {
        try {
          pool.run(pc::raw<"SELECT 1">());
          ++sync_ok;
        } catch (const pc::error& e) {
          if (e.code() == pc::errc::timed_out) ++sync_timed_out;
          else ADD_FAILURE() << e.what();
        }
      }
    });
  run_on_threads(io, 4);
  for (auto& t : sync_users) t.join();

  EXPECT_EQ(seen.completed, async_operations);
  EXPECT_TRUE(seen.unexpected.empty()) << seen.unexpected.front();
  EXPECT_EQ(sync_ok + sync_timed_out, 60);
  expect_full_health(pool, io);
}

TEST_F(pool_race_test, replica_round_robin_from_four_threads) {
  // next_replica_ is shared by every thread that routes a read: it must be atomic.
  // Two "replicas" (the primary again) and reads marked for them.
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), pool_size,
                          pc::postgres::pool_options{.acquire_timeout = std::chrono::seconds{5},
                                                     .replicas = {schema.conninfo(), schema.conninfo()}}};
  outcome seen;
  constexpr int operations = 200;
  for (int i = 0; i < operations; ++i)
    asio::post(io, [&pool, &seen] {
      pool.async_run(pc::raw<"SELECT 1", std::int64_t>().on(pc::replica),
                     [&seen](pc::error_code ec, std::vector<std::int64_t>) { seen.record(ec); });
    });
  run_on_threads(io, 4);
  EXPECT_EQ(seen.completed, operations);
  EXPECT_EQ(seen.succeeded, operations);
  EXPECT_TRUE(seen.unexpected.empty()) << seen.unexpected.front();
  // reads went to replicas only: the primary opened nothing
  EXPECT_EQ(pool.size(), 0u);
}

}  // namespace
