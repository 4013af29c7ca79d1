// Fault injection on a real PostgreSQL server: a TCP proxy on loopback (written here, on
// Asio) that stalls or drops connections, a backend killed during a COPY, the server
// restarted. Each case asserts a typed error, nothing committed that was not meant to be,
// and the pool back to full health.

#include <atomic>
#include <cstdlib>
#include <memory>
#include <fstream>
#include <regex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <piccolo/postgres_async.hpp>

#include "fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

const char* pg_conninfo() { return std::getenv("PICCOLO_PG_CONNINFO"); }

int port_of(const std::string& conninfo) {
  std::smatch m;
  static const std::regex port{R"(port=(\d+))"};
  return std::regex_search(conninfo, m, port) ? std::stoi(m[1]) : 5432;
}

// Relays TCP connections from a loopback port to the test server. `stall()` stops
// relaying (bytes are read and dropped: the peer hears nothing), `drop()` closes every
// relayed connection, `pass()` relays again. Runs on its own thread until destroyed.
class tcp_proxy {
 public:
  explicit tcp_proxy(int server_port)
      : server_port_(server_port), acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~tcp_proxy() {
    io_.stop();
    thread_.join();
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  void stall() { stalled_ = true; }
  void pass() { stalled_ = false; }
  void drop() {
    asio::post(io_, [this] {
      for (auto& l : links_) l->close();
      links_.clear();
    });
  }

 private:
  struct link : std::enable_shared_from_this<link> {
    link(asio::io_context& io, asio::ip::tcp::socket c, std::atomic<bool>& stalled)
        : client(std::move(c)), server(io), stalled(stalled) {}
    void start(int port) {
      server.async_connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)},
                           [self = shared_from_this()](boost::system::error_code ec) {
                             if (ec) return self->close();
                             self->relay(self->client, self->server, self->up);
                             self->relay(self->server, self->client, self->down);
                           });
    }
    void relay(asio::ip::tcp::socket& from, asio::ip::tcp::socket& to, std::array<char, 8192>& buffer) {
      from.async_read_some(asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](
                                                     boost::system::error_code ec, std::size_t n) {
        if (ec) return self->close();
        if (self->stalled) return self->relay(from, to, buffer);  // swallowed
        asio::async_write(to, asio::buffer(buffer.data(), n),
                          [self, &from, &to, &buffer](boost::system::error_code ec, std::size_t) {
                            if (ec) return self->close();
                            self->relay(from, to, buffer);
                          });
      });
    }
    void close() {
      boost::system::error_code ignored;
      client.close(ignored);
      server.close(ignored);
    }
    asio::ip::tcp::socket client, server;
    std::array<char, 8192> up{}, down{};
    std::atomic<bool>& stalled;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) return;
      auto l = std::make_shared<link>(io_, std::move(socket), stalled_);
      links_.push_back(l);
      l->start(server_port_);
      accept();
    });
  }

  int server_port_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::vector<std::shared_ptr<link>> links_;
  std::atomic<bool> stalled_{false};
  std::thread thread_;
};

class postgres_fault_injection_test : public postgres_fault_fixture {
 protected:
  void SetUp() override {
    postgres_fault_fixture::SetUp();
    if (!IsSkipped()) proxy = std::make_unique<tcp_proxy>(port_of(pg_conninfo()));
  }
  // libpq takes the last of repeated keywords: the same database, through the proxy
  std::string through_proxy() const {
    return schema.conninfo() + " host=127.0.0.1 port=" + std::to_string(proxy->port());
  }
  std::unique_ptr<tcp_proxy> proxy;
  asio::io_context io;
};

TEST_F(postgres_fault_injection_test, a_stalled_connection_times_out_and_the_pool_recovers) {
  pc::postgres::pool pool{io.get_executor(), through_proxy(), 2,
                          pc::postgres::pool_options{.acquire_timeout = 2s, .query_timeout = 300ms}};
  EXPECT_EQ(pool.run(pc::count<Manager>()), 1);  // a connection is open and idle
  proxy->stall();
  pc::error_code stalled = asio::error::eof;
  auto started = std::chrono::steady_clock::now();
  pool.async_run(pc::insert(Manager{.name = "stalled"}), [&](pc::error_code ec, std::int64_t) { stalled = ec; });
  io.run();
  io.restart();
  EXPECT_EQ(std::error_code(stalled), pc::errc::timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);  // the timeout plus the cancel's grace
  proxy->pass();
  int ok = 0;
  for (int i = 0; i < 20; ++i)
    pool.async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t) {
      EXPECT_FALSE(ec) << ec.message();
      ok += !ec;
    });
  io.run();
  EXPECT_EQ(ok, 20);
  EXPECT_LE(pool.size(), 2u);
  EXPECT_EQ(pool.idle(), pool.size());  // every connection back, none leaked
}

TEST_F(postgres_fault_injection_test, a_dropped_connection_is_connection_lost_then_reopened) {
  pc::postgres::database db{io.get_executor(), through_proxy()};
  EXPECT_EQ(db.run(pc::count<Manager>()), 1);
  proxy->drop();
  std::this_thread::sleep_for(50ms);
  pc::error_code first = asio::error::eof, second = asio::error::eof;
  db.async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t) {
    first = ec;
    db.async_run(pc::count<Manager>(), [&](pc::error_code ec2, std::int64_t) { second = ec2; });
  });
  io.run();
  EXPECT_EQ(std::error_code(first), pc::errc::connection_lost);
  EXPECT_FALSE(second) << second.message();
}

TEST_F(postgres_fault_injection_test, a_dropped_connection_inside_a_transaction_commits_nothing) {
  pc::postgres::database db{through_proxy()};
  pc::errc later = pc::errc::ok;
  PICCOLO_EXPECT_ERROR(db.transaction([&](pc::postgres::database& tx) {
    tx.run(pc::insert(Manager{.name = "first"}));
    proxy->drop();
    std::this_thread::sleep_for(50ms);
    try {
      tx.run(pc::insert(Manager{.name = "second"}));
    } catch (const pc::error&) {
    }
    try {
      tx.run(pc::insert(Manager{.name = "third"}));
    } catch (const pc::error& e) {
      later = e.value();
    }
  }),
                       pc::errc::connection_lost);
  EXPECT_EQ(later, pc::errc::connection_lost);
  EXPECT_EQ(committed("first") + committed("second") + committed("third"), 0);
  EXPECT_EQ(db.run(pc::count<Manager>()), 1);
}

TEST_F(postgres_fault_injection_test, a_backend_killed_during_a_copy_stores_no_row) {
  pc::postgres::database db{schema.conninfo()};
  std::vector<Manager> rows(300'000, Manager{.name = "bulk"});
  int pid = db.backend_pid();
  std::thread killer([&] {
    std::this_thread::sleep_for(30ms);
    kill_backend(schema.conninfo(), pid);
  });
  pc::errc code = pc::errc::ok;
  try {
    db.run(pc::insert(rows));
  } catch (const pc::error& e) {
    code = e.value();
  }
  killer.join();
  // the COPY either finished before the kill (all rows) or lost its connection (none)
  std::int64_t stored = committed("bulk");
  if (code == pc::errc::ok) EXPECT_EQ(stored, 300'000);
  else {
    EXPECT_EQ(code, pc::errc::connection_lost);
    EXPECT_EQ(stored, 0);
  }
  EXPECT_EQ(db.run(pc::count<Manager>().where(c<&Manager::name> == "Guido")), 1);  // reconnected
}

// Restarts the test server (pg_ctl restart as the postgres user), then checks that the pool
// surfaces typed errors only and comes back to full health. Needs PICCOLO_PG_DIR (set by
// scripts/test.sh); every PostgreSQL test holds the same CTest resource lock.
TEST_F(postgres_fault_injection_test, the_server_restarted_under_a_warm_pool) {
  const char* dir = std::getenv("PICCOLO_PG_DIR");
  if (!dir || !*dir || !std::filesystem::exists(std::string{dir} + "/data/PG_VERSION"))
    GTEST_SKIP() << "PICCOLO_PG_DIR is not set: no server of ours to restart";
  std::ifstream version_file{std::string{dir} + "/data/PG_VERSION"};
  std::string version;
  version_file >> version;
  std::string as_postgres = ::geteuid() == 0 ? "runuser -u postgres -- " : "";
  std::string command = as_postgres + "/usr/lib/postgresql/" + version + "/bin/pg_ctl -D " + dir +
                        "/data -l " + dir + "/server.log -m fast -w -t 60 restart > /dev/null";

  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 3, pc::postgres::pool_options{.acquire_timeout = 5s}};
  int warm = 0;
  for (int i = 0; i < 6; ++i) pool.async_run(pc::count<Manager>(), [&](pc::error_code ec, std::int64_t) { warm += !ec; });
  io.run();
  io.restart();
  ASSERT_EQ(warm, 6);
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  // the first use of each stale connection may fail, with connection_lost and nothing else
  int ok = 0, lost = 0, other = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 10; ++i)
      pool.async_run(pc::insert(Manager{.name = "after"}), [&](pc::error_code ec, std::int64_t) {
        if (!ec) ++ok;
        else if (std::error_code(ec) == pc::errc::connection_lost) ++lost;
        else {
          ++other;
          ADD_FAILURE() << ec.message();
        }
      });
    io.run();
    io.restart();
  }
  EXPECT_EQ(other, 0);
  EXPECT_LE(lost, 3);  // at most one per pooled connection
  EXPECT_EQ(ok + lost, 30);
  EXPECT_EQ(committed("after"), ok);  // exactly the inserts that reported success
  EXPECT_LE(pool.size(), 3u);
  EXPECT_EQ(pool.idle(), pool.size());
}

}  // namespace
