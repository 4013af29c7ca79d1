// Soak run (not a test, not a Google Benchmark): the asynchronous pool under load for a
// while, with one of its backends killed every few seconds. Prints, per interval,
// throughput, p50 / p99 latency, the errors surfaced and the resident memory, then a
// summary. Every query must end with a result or a typed error; memory must not grow.
//
//   PICCOLO_PG_CONNINFO=... build/gcc/benchmarks/bench_soak_pool [seconds=60] [kill_every_s=3]
//
// Needs a server (scripts/pg-start.sh). Figures go in benchmarks/README.md.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <piccolo/postgres_async.hpp>

namespace asio = boost::asio;
namespace pc = piccolo;
using pc::c;
using namespace std::chrono_literals;

namespace {

struct Reading {
  pc::serial id;
  std::string sensor;
  double value = 0;
};

long resident_kib() {
  std::ifstream statm{"/proc/self/statm"};
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

struct interval_stats {
  std::vector<double> latencies_ms;
  std::map<std::string, int> errors;
  int ok = 0;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const char* base = std::getenv("PICCOLO_PG_CONNINFO");
  if (!base || !*base) {
    std::fprintf(stderr, "PICCOLO_PG_CONNINFO is not set\n");
    return 2;
  }
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  const int kill_every = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string conninfo = std::string{base} + " application_name=piccolo_soak";
  constexpr int in_flight = 64;
  constexpr std::size_t pool_size = 8;

  {
    pc::postgres::database setup{base};
    setup.run(pc::raw<"DROP TABLE IF EXISTS reading">());
    setup.run(pc::create_table<Reading>());
  }

  asio::io_context io;
  pc::postgres::pool pool{io.get_executor(), conninfo, pool_size,
                          pc::postgres::pool_options{.acquire_timeout = 2s, .query_timeout = 2s}};
  interval_stats now;
  std::vector<std::string> lines;
  long total_ok = 0, total_errors = 0, kills = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::seconds{seconds};
  bool stopping = false;

  // Each worker keeps one query in flight: odd workers insert, even ones look a row up by key.
  std::function<void(int)> issue = [&](int worker) {
    if (stopping) return;
    auto sent = std::chrono::steady_clock::now();
    auto record = [&, worker, sent](pc::error_code ec) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count();
      if (ec) {
        ++now.errors[std::error_code(ec).message()];
        ++total_errors;
      } else {
        ++now.ok;
        ++total_ok;
        now.latencies_ms.push_back(ms);
      }
      issue(worker);
    };
    if (worker % 2)
      pool.async_run(pc::insert(Reading{.sensor = "s" + std::to_string(worker), .value = 1.5}),
                     [record](pc::error_code ec, std::int64_t) { record(ec); });
    else
      // a key lookup: its cost does not grow with the table
      pool.async_run(pc::count<Reading>().where(c<&Reading::id> == std::int64_t{worker}),
                     [record](pc::error_code ec, std::int64_t) { record(ec); });
  };
  for (int w = 0; w < in_flight; ++w) issue(w);

  // Kills one of the pool's backends every kill_every seconds, from a thread of its own.
  std::thread killer([&] {
    pc::postgres::database admin{base};
    auto next = start + std::chrono::seconds{kill_every};
    while (std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_until(next);
      next += std::chrono::seconds{kill_every};
      try {
        auto killed = admin.run(pc::raw<"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                        "application_name = 'piccolo_soak' ORDER BY random() LIMIT 1",
                                        bool>());
        kills += static_cast<long>(killed.size());
      } catch (const pc::error&) {
      }
    }
  });

  asio::steady_timer tick{io};
  int second = 0;
  std::function<void()> report = [&] {
    tick.expires_after(1s);
    tick.async_wait([&](pc::error_code) {
      ++second;
      std::string errors;
      for (auto& [what, n] : now.errors) errors += what + "=" + std::to_string(n) + " ";
      char line[512];
      std::snprintf(line, sizeof line, "%4d s  %7d q/s  p50 %7.3f ms  p99 %8.3f ms  rss %6ld KiB  %s", second, now.ok,
                    percentile(now.latencies_ms, 0.5), percentile(now.latencies_ms, 0.99), resident_kib(),
                    errors.c_str());
      std::puts(line);
      std::fflush(stdout);
      now = {};
      if (std::chrono::steady_clock::now() >= end) {
        stopping = true;
        return;
      }
      report();
    });
  };
  report();
  io.run();
  killer.join();
  std::printf("summary: %d s, %ld queries ok (%.0f q/s), %ld errors surfaced, %ld backends killed, final rss %ld KiB\n",
              seconds, total_ok, static_cast<double>(total_ok) / seconds, total_errors, kills, resident_kib());
  return 0;
}
