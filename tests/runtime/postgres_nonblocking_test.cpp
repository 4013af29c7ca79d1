// Asynchronous means never blocking the io thread (PostgreSQL): connecting and
// reconnecting on the socket with a timeout, a replica that hangs or is down, DDL queued
// behind queries in flight, cancellation that reaches only the operation that asked.

#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <piccolo/postgres_async.hpp>

#include "fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

// A server on loopback that accepts TCP connections and never answers: what a stalled
// replica looks like to a client. Runs on its own thread until destroyed.
class silent_server {
 public:
  silent_server() : acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~silent_server() {
    io_.stop();
    thread_.join();
  }
  std::string conninfo() const {
    return "host=127.0.0.1 port=" + std::to_string(acceptor_.local_endpoint().port()) + " dbname=none user=none";
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) return;
      held_.push_back(std::make_unique<asio::ip::tcp::socket>(std::move(socket)));
      accept();
    });
  }
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> held_;
  std::thread thread_;
};

// Counts how often a 10 ms timer fired: an io thread that blocks stops it.
struct heartbeat {
  explicit heartbeat(asio::io_context& io) : timer(io) { tick(); }
  void tick() {
    timer.expires_after(10ms);
    timer.async_wait([this](boost::system::error_code ec) {
      if (ec || stopped) return;
      ++beats;
      tick();
    });
  }
  void stop() {
    stopped = true;
    timer.cancel();
  }
  asio::steady_timer timer;
  int beats = 0;
  bool stopped = false;
};

class postgres_nonblocking_test : public postgres_fault_fixture {
 protected:
  asio::io_context io;
};

TEST_F(postgres_nonblocking_test, a_hanging_replica_falls_back_to_the_primary_without_blocking) {
  silent_server replica;
  std::vector<std::string> reported;
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 2,
                          pc::postgres::pool_options{
                              .acquire_timeout = 500ms,
                              .replicas = {replica.conninfo()},
                              .on_replica_failure = [&](const std::string& conninfo,
                                                        const std::string&) { reported.push_back(conninfo); }}};
  heartbeat beat{io};
  pc::error_code ec = asio::error::eof;
  std::int64_t n = -1;
  auto started = std::chrono::steady_clock::now();
  pool.async_run(pc::count<Manager>().on(pc::replica), [&](pc::error_code e, std::int64_t count) {
    ec = e;
    n = count;
    beat.stop();
  });
  io.run();
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(n, 1);  // answered by the primary
  EXPECT_EQ(reported, std::vector<std::string>{replica.conninfo()});
  EXPECT_LT(took, 3s);
  EXPECT_GE(beat.beats, 5);  // the io thread kept running while the replica hung (about 50 when idle)
}

TEST_F(postgres_nonblocking_test, without_fallback_a_down_replica_is_an_error_not_a_hang) {
  silent_server replica;
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 2,
                          pc::postgres::pool_options{.acquire_timeout = 300ms,
                                                     .replicas = {replica.conninfo()},
                                                     .replica_fallback = false}};
  pc::error_code ec;
  pool.async_run(pc::count<Manager>().on(pc::replica), [&](pc::error_code e, std::int64_t) { ec = e; });
  io.run();
  EXPECT_EQ(std::error_code(ec), pc::errc::connection_failed);
}

TEST_F(postgres_nonblocking_test, async_run_reconnects_on_the_socket_after_a_killed_backend) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  int first_pid = db.backend_pid();
  kill_backend(schema.conninfo(), first_pid);
  pc::error_code first = asio::error::eof, second = asio::error::eof;
  std::int64_t n = -1;
  db.async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t) {
    first = ec;
    // the next query reconnects without blocking
    db.async_run(pc::count<Manager>(), [&](pc::error_code ec2, std::int64_t count) {
      second = ec2;
      n = count;
    });
  });
  io.run();
  EXPECT_EQ(std::error_code(first), pc::errc::connection_lost);
  EXPECT_FALSE(second) << second.message();
  EXPECT_EQ(n, 1);
  EXPECT_NE(db.backend_pid(), first_pid);
}

TEST_F(postgres_nonblocking_test, ddl_is_queued_behind_queries_in_flight) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  int slept = 0;
  pc::error_code ddl = asio::error::eof;
  for (int i = 0; i < 3; ++i)
    db.async_run(pc::raw<"SELECT pg_sleep(0.05)">(), [&](pc::error_code ec, std::int64_t) { slept += !ec; });
  db.async_run(pc::create_tables<Venue, Concert>(), [&](pc::error_code ec) { ddl = ec; });
  db.async_run(pc::count<Venue>(), [&](pc::error_code ec, std::int64_t n) {
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(n, 0);
  });
  io.run();
  EXPECT_EQ(slept, 3);
  EXPECT_FALSE(ddl) << ddl.message();
  EXPECT_EQ(db.run(pc::count<Concert>()), 0);
}

TEST_F(postgres_nonblocking_test, failed_async_ddl_applies_none_of_its_statements) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  // Band exists already: CREATE TABLE band fails, so venue must not be left behind
  pc::error_code ddl;
  db.async_run(pc::create_tables<Venue, Band>(), [&](pc::error_code ec) { ddl = ec; });
  io.run();
  EXPECT_TRUE(ddl);
  PICCOLO_EXPECT_ERROR(db.run(pc::count<Venue>()), pc::errc::undefined_object);
}

TEST_F(postgres_nonblocking_test, cancelling_a_queued_query_does_not_cancel_the_one_running) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  asio::cancellation_signal cancel_second;
  pc::error_code first = asio::error::eof, second = asio::error::eof;
  db.async_run(pc::raw<"SELECT pg_sleep(0.3)">(), [&](pc::error_code ec, std::int64_t) { first = ec; });
  db.async_run(pc::raw<"SELECT pg_sleep(0.3)">(),
               asio::bind_cancellation_slot(cancel_second.slot(), [&](pc::error_code ec, std::int64_t) { second = ec; }));
  asio::steady_timer timer{io, 100ms};
  timer.async_wait([&](pc::error_code) { cancel_second.emit(asio::cancellation_type::terminal); });
  io.run();
  EXPECT_FALSE(first) << "the running query belongs to another caller: " << first.message();
  EXPECT_EQ(second, asio::error::operation_aborted);  // cancelled once it ran
}

TEST_F(postgres_nonblocking_test, a_pipeline_of_a_thousand_queries_fails_cleanly_when_the_backend_dies) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  int ok = 0, lost = 0, other = 0;
  auto q = pc::count<Manager>();
  for (int i = 0; i < 1000; ++i)
    db.async_run(q, [&](pc::error_code ec, std::int64_t) {
      if (!ec) ++ok;
      else if (std::error_code(ec) == pc::errc::connection_lost) ++lost;
      else ++other;
    });
  kill_backend(schema.conninfo(), db.backend_pid());
  io.run();
  io.restart();
  EXPECT_EQ(ok + lost, 1000);
  EXPECT_EQ(other, 0);
  // and the connection comes back: if every query was answered before the kill landed,
  // the next one is the first to find the connection dead (connection_lost), the one
  // after it reconnects
  std::int64_t n = -1;
  pc::error_code next;
  for (int attempt = 0; attempt < 2 && n != 1; ++attempt) {
    db.async_run(q, [&](pc::error_code ec, std::int64_t count) {
      next = ec;
      if (!ec) n = count;
    });
    io.run();
    io.restart();
    if (next) {
      EXPECT_EQ(std::error_code(next), pc::errc::connection_lost) << next.message();
    }
  }
  EXPECT_EQ(n, 1);
}

}  // namespace
