// The PostgreSQL pool under an io_context run by four threads, called from four more
// threads at once: many concurrent async_runs on a small pool with acquire timeouts
// about as long as a query, so that timeouts fire while connections are being handed over. Every operation completes
// exactly once (with a result or errc::timed_out), and afterwards the pool is back to
// full health: no slot leaked by a connection granted to a waiter that had already
// timed out, every open connection idle, all of them usable at once.
// Run under ThreadSanitizer by scripts/test.sh (phase tsan).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
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

// io runs on four threads while four other threads call start(k, i) for i < per_thread
// each, all at once (after a common start), pausing `gap` between calls; returns once
// io has run out of work.
template <class Start>
void initiate_from_four_threads(asio::io_context& io, int per_thread, std::chrono::microseconds gap, Start start) {
  auto work = asio::make_work_guard(io);
  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i) runners.emplace_back([&io] { io.run(); });
  std::atomic<int> ready{0};
  std::vector<std::thread> callers;
  for (int k = 0; k < 4; ++k)
    callers.emplace_back([&, k] {
      ++ready;
      while (ready < 4) std::this_thread::yield();
      for (int i = 0; i < per_thread; ++i) {
        start(k, i);
        if (gap.count() > 0) std::this_thread::sleep_for(gap);
      }
    });
  for (auto& c : callers) c.join();
  work.reset();
  for (auto& r : runners) r.join();
  io.restart();
}

// How long opening one connection takes here (sanitizers and load make it slow): the
// acquire timeouts below are multiples of it, since an acquire may include a connect.
std::chrono::milliseconds connect_time(const std::string& conninfo) {
  auto t0 = std::chrono::steady_clock::now();
  { pc::postgres::database probe{conninfo}; }
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  return std::max(took, std::chrono::milliseconds{1});
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
  // Acquire timeouts of the order of a query, and waiters arriving spread out over
  // time: timeouts keep firing while connections are being handed over, some exactly
  // when a connection is granted to them. The first connections must open within the
  // timeout, so it is several times what a connect takes here.
  const auto connect = connect_time(schema.conninfo());
  for (int factor : {4, 6, 10}) {
    const auto timeout = std::max(connect * factor, std::chrono::milliseconds{10});
    SCOPED_TRACE("acquire_timeout " + std::to_string(timeout.count()) + "ms");
    pc::postgres::pool pool{io.get_executor(), schema.conninfo(), pool_size,
                            pc::postgres::pool_options{.acquire_timeout = timeout}};
    // open both connections first
    pool.run(pc::raw<"SELECT 1">());
    pool.run(pc::raw<"SELECT 1">());
    outcome seen;
    constexpr int per_thread = 60;
    // a query takes about a quarter of the timeout: waiters queue past it
    const auto gap = std::chrono::duration_cast<std::chrono::microseconds>(timeout) / 20;
    initiate_from_four_threads(io, per_thread, gap, [&](int, int i) {
      auto done = [&seen](pc::error_code ec, std::int64_t) { seen.record(ec); };
      if (i % 2 == 0) pool.async_run(pc::raw<"SELECT pg_sleep(CAST({} AS double precision))">(timeout.count() / 4000.0), done);
      else pool.async_run(pc::raw<"SELECT 1">(), done);
    });

    EXPECT_EQ(seen.completed, 4 * per_thread) << "an operation completed twice or never";
    EXPECT_EQ(seen.succeeded + seen.timed_out, 4 * per_thread);
    EXPECT_GT(seen.succeeded, 0);
    EXPECT_GT(seen.timed_out, 0) << "no waiter timed out: the race was not exercised";
    EXPECT_TRUE(seen.unexpected.empty()) << seen.unexpected.front();
    expect_full_health(pool, io);
  }
}

TEST_F(pool_race_test, sync_and_async_borrowers_on_four_threads_leave_the_pool_healthy) {
  const auto timeout = std::max(connect_time(schema.conninfo()) * 6, std::chrono::milliseconds{10});
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), pool_size,
                          pc::postgres::pool_options{.acquire_timeout = timeout}};
  pool.run(pc::raw<"SELECT 1">());
  outcome seen;
  // two threads borrowing synchronously (waiting on the condition variable) meanwhile
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
  constexpr int per_thread = 50;
  initiate_from_four_threads(io, per_thread, std::chrono::microseconds{200}, [&](int, int) {
    pool.async_run(pc::raw<"SELECT 1">(), [&seen](pc::error_code ec, std::int64_t) { seen.record(ec); });
  });
  for (auto& t : sync_users) t.join();

  EXPECT_EQ(seen.completed, 4 * per_thread);
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
  constexpr int per_thread = 100;
  const int operations = 4 * per_thread;
  // four threads pick a replica at the same moment
  initiate_from_four_threads(io, per_thread, std::chrono::microseconds{0}, [&](int, int) {
    pool.async_run(pc::raw<"SELECT 1", std::int64_t>().on(pc::replica),
                   [&seen](pc::error_code ec, std::vector<std::int64_t>) { seen.record(ec); });
  });
  EXPECT_EQ(seen.completed, operations);
  EXPECT_EQ(seen.succeeded, operations);
  EXPECT_TRUE(seen.unexpected.empty()) << seen.unexpected.front();
  // reads went to replicas only: the primary opened nothing
  EXPECT_EQ(pool.size(), 0u);
}

}  // namespace
