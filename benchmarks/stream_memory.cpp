// Peak memory of reading a million rows (not a Google Benchmark): db.run(objects) builds
// the whole std::vector, db.stream(objects, 1000) reads 1000 rows at a time. Each variant
// runs in a child process of its own (fork), and its peak resident set is the child's
// ru_maxrss (wait4), so no variant inherits another's high-water mark. `open` is the
// baseline: the same child opening the database and counting the rows.
//
//   build/gcc/benchmarks/bench_stream_memory [rows=1000000]            SQLite (a temp file)
//   PICCOLO_PG_CONNINFO=... build/gcc/benchmarks/bench_stream_memory    and PostgreSQL
//
// Figures go in benchmarks/README.md ("Streaming memory").

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <vector>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

namespace asio = boost::asio;
namespace pc = piccolo;
using pc::c;

namespace {

struct Item {
  pc::serial id;
  std::string name;  // "item number 0000042": past the small-string buffer, a heap block per row
  int value = 0;
  double ratio = 0;
};

// Keeps the reads from being optimized away.
volatile std::int64_t sink = 0;

std::int64_t checksum(const Item& item) { return static_cast<std::int64_t>(item.id) + item.value + static_cast<std::int64_t>(item.name.size()); }

// Runs body in a child; returns its peak resident set in KiB (or -1 when it failed).
long peak_kib_of(const std::function<void()>& body) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    try {
      body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "  failed: %s\n", e.what());
      std::_Exit(1);
    }
    std::fflush(stdout);
    std::_Exit(0);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return usage.ru_maxrss;
}

template <class Open, class OpenAsync>
void measure(const char* engine, Open open, OpenAsync open_async, long rows) {
  struct variant {
    const char* name;
    std::function<void()> body;
  };
  auto timed = [&](const char* name, auto read) {
    return variant{name, [=] {
                     auto db = open();
                     auto start = std::chrono::steady_clock::now();
                     std::int64_t sum = 0, count = 0;
                     read(db, sum, count);
                     double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                     std::printf("%-10s | %-22s | %8lld | %8.2f s | ", engine, name, static_cast<long long>(count), seconds);
                     if (count != rows) throw std::runtime_error("short read");
                     sink = sum;
                   }};
  };
  const variant variants[] = {
      timed("open + count(*)", [](auto& db, std::int64_t&, std::int64_t& count) { count = db.run(pc::count<Item>()); }),
      timed("run(objects)", [](auto& db, std::int64_t& sum, std::int64_t& count) {
        std::vector<Item> all = db.run(pc::objects<Item>());
        for (const Item& item : all) sum += checksum(item), ++count;
      }),
      timed("stream(objects, 1000)", [](auto& db, std::int64_t& sum, std::int64_t& count) {
        for (const Item& item : db.stream(pc::objects<Item>(), 1000)) sum += checksum(item), ++count;
      }),
      timed("stream(objects, 100)", [](auto& db, std::int64_t& sum, std::int64_t& count) {
        for (const Item& item : db.stream(pc::objects<Item>(), 100)) sum += checksum(item), ++count;
      }),
  };
  // batches of 1000 through async_next, on a database built on an executor
  const variant async_variant{"async_next(1000)", [=] {
                                asio::io_context io;
                                auto db = open_async(io);
                                auto start = std::chrono::steady_clock::now();
                                std::int64_t sum = 0, count = 0;
                                asio::co_spawn(
                                    io,
                                    [&]() -> asio::awaitable<void> {
                                      auto stream = db.stream(pc::objects<Item>(), 1000);
                                      for (auto batch = co_await stream.async_next(asio::use_awaitable); !batch.empty();
                                           batch = co_await stream.async_next(asio::use_awaitable))
                                        for (const Item& item : batch) sum += checksum(item), ++count;
                                    },
                                    [](std::exception_ptr e) {
                                      if (e) std::rethrow_exception(e);
                                    });
                                io.run();
                                double seconds =
                                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                                std::printf("%-10s | %-22s | %8lld | %8.2f s | ", engine, "async_next(1000)",
                                            static_cast<long long>(count), seconds);
                                if (count != rows) throw std::runtime_error("short read");
                                sink = sum;
                              }};
  for (const variant& v : {variants[0], variants[1], variants[2], variants[3], async_variant}) {
    long kib = peak_kib_of(v.body);
    if (kib < 0) std::printf("failed\n");
    else std::printf("%7.1f MiB peak RSS\n", static_cast<double>(kib) / 1024.0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const long rows = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  std::printf("%-10s | %-22s | %8s | %10s | peak resident set of the child\n", "engine", "read", "rows", "time");

  // SQLite: a file in the temp directory, filled in a child (the parent stays small).
  auto path = (std::filesystem::temp_directory_path() / ("piccolo_stream_memory_" + std::to_string(getpid()) + ".sqlite")).string();
  peak_kib_of([&] {
    pc::sqlite::database db{path};
    db.run(pc::create_table<Item>());
    db.run(pc::raw<"WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {}) "
                   "INSERT INTO item (name, value, ratio) SELECT printf('item number %07d', x), x, x / 2.0 FROM g">(
        static_cast<std::int64_t>(rows)));
  });
  measure(
      "sqlite", [&] { return pc::sqlite::database{path}; },
      [&](asio::io_context& io) { return pc::sqlite::database{io.get_executor(), path}; }, rows);
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");

  if (const char* conninfo = std::getenv("PICCOLO_PG_CONNINFO")) {
    peak_kib_of([&] {
      pc::postgres::database db{conninfo};
      db.run(pc::raw<"DROP TABLE IF EXISTS item">());
      db.run(pc::create_table<Item>());
      db.run(pc::raw<"INSERT INTO item (name, value, ratio) SELECT 'item number ' || lpad(g::text, 7, '0'), g, "
                     "g / 2.0 FROM generate_series(1, {}) g">(static_cast<std::int64_t>(rows)));
    });
    measure(
        "postgres", [&] { return pc::postgres::database{conninfo}; },
        [&](asio::io_context& io) { return pc::postgres::database{io.get_executor(), conninfo}; }, rows);
    peak_kib_of([&] {
      pc::postgres::database db{conninfo};
      db.run(pc::raw<"DROP TABLE item">());
    });
  }
}
