// piccolo on PostgreSQL against the same work written with libpq, in one run.
//
// Cases are named CASE/raw and CASE/piccolo_<how> (benchmarks/ratios.py divides each
// piccolo variant by its raw run). Needs a server: PICCOLO_PG_CONNINFO (scripts/pg-start.sh
// starts one); without it every case is skipped.
//
//   point_select: 10k lookups by primary key, one connection. raw = PQexecPrepared with a
//     binary parameter and binary results (the goal for piccolo_sync is <= 1.05);
//     piccolo_async_pipelined issues the same 10k with async_run back to back on one
//     connection (pipeline mode): the goal is >= 5x raw's throughput (ratio <= 0.2).
//   bulk_insert: 100k rows. raw = COPY ... FROM STDIN (FORMAT binary); piccolo inserts
//     the vector: binary COPY too when its keys are unset (else one unnest() statement): goal within 1.2x.
//   upsert_batch: 100k rows into a table holding every other one (50k conflict on the
//     unique name and have their popularity updated, 50k are new). raw = the statement a
//     libpq user writes: INSERT ... SELECT * FROM unnest($1, $2, $3) ON CONFLICT ("name")
//     DO UPDATE SET "popularity" = excluded."popularity", binary arrays; piccolo sends
//     one unnest() statement too (inside the statement that keeps the serial's sequence
//     from moving for conflicting rows).
//   group_by_report: a GROUP BY with COUNT, SUM, AVG, MAX and HAVING over 100k rows (100
//     groups) into typed rows. raw = PQexecPrepared of piccolo's text (its casts included)
//     with binary results decoded by hand into the same tuples.

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>
#include <libpq-fe.h>

#include <piccolo/postgres_async.hpp>

namespace pc = piccolo;
using pc::c;

namespace bench {

struct BenchItem {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  std::optional<std::string> website;
};

constexpr int lookups = 10'000;
constexpr int bulk_rows = 100'000;

const char* conninfo() { return std::getenv("PICCOLO_PG_CONNINFO"); }

std::vector<BenchItem> make_rows(int n) {
  std::vector<BenchItem> rows;
  rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    BenchItem b;
    b.name = "item_" + std::to_string(i);
    b.popularity = i % 1000;
    if (i % 3) b.website = "https://item-" + std::to_string(i) + ".example.com/";
    rows.push_back(std::move(b));
  }
  return rows;
}

// A table with `lookups` rows, created once per process.
void ensure_lookup_table() {
  static bool done = [] {
    pc::postgres::database db{conninfo()};
    db.run(pc::drop_table<BenchItem>().if_exists());
    db.run(pc::create_table<BenchItem>());
    db.run(pc::insert(make_rows(lookups)));
    db.run(pc::raw<"ANALYZE bench_item">());
    return true;
  }();
  (void)done;
}

bool skip_without_server(benchmark::State& state) {
  if (conninfo()) return false;
  state.SkipWithError("PICCOLO_PG_CONNINFO is not set");
  return true;
}

std::uint64_t to_big_endian(std::uint64_t v) { return __builtin_bswap64(v); }

void point_select_raw(benchmark::State& state) {
  if (skip_without_server(state)) return;
  ensure_lookup_table();
  PGconn* conn = PQconnectdb(conninfo());
  const Oid types[] = {20};
  PQclear(PQprepare(conn, "lookup", "SELECT name FROM bench_item WHERE id = $1", 1, types));
  std::string name;
  for (auto _ : state) {
    for (std::int64_t k = 1; k <= lookups; ++k) {
      std::uint64_t key = to_big_endian(static_cast<std::uint64_t>(k));
      const char* values[] = {reinterpret_cast<const char*>(&key)};
      const int lengths[] = {8};
      const int formats[] = {1};
      PGresult* r = PQexecPrepared(conn, "lookup", 1, values, lengths, formats, 1);
      if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) state.SkipWithError("raw lookup failed");
      name.assign(PQgetvalue(r, 0, 0), static_cast<std::size_t>(PQgetlength(r, 0, 0)));
      benchmark::DoNotOptimize(name);
      PQclear(r);
    }
  }
  PQfinish(conn);
  state.SetItemsProcessed(state.iterations() * lookups);
}
BENCHMARK(point_select_raw)->Name("point_select/raw")->Unit(benchmark::kMillisecond);

void point_select_piccolo_sync(benchmark::State& state) {
  if (skip_without_server(state)) return;
  ensure_lookup_table();
  pc::postgres::database db{conninfo()};
  for (auto _ : state) {
    for (std::int64_t k = 1; k <= lookups; ++k) {
      auto name = db.run(pc::select(c<&BenchItem::name>).where(c<&BenchItem::id> == k).first());
      benchmark::DoNotOptimize(name);
    }
  }
  state.SetItemsProcessed(state.iterations() * lookups);
}
BENCHMARK(point_select_piccolo_sync)->Name("point_select/piccolo_sync")->Unit(benchmark::kMillisecond);

void point_select_piccolo_async(benchmark::State& state) {
  if (skip_without_server(state)) return;
  ensure_lookup_table();
  boost::asio::io_context io;
  pc::postgres::database db{io.get_executor(), conninfo()};
  for (auto _ : state) {
    int done = 0;
    for (std::int64_t k = 1; k <= lookups; ++k)
      db.async_run(pc::select(c<&BenchItem::name>).where(c<&BenchItem::id> == k).first(),
                   [&](pc::error_code ec, std::optional<std::string> name) {
                     if (ec || !name) state.SkipWithError("async lookup failed");
                     benchmark::DoNotOptimize(name);
                     ++done;
                   });
    io.run();
    io.restart();
    if (done != lookups) state.SkipWithError("not every lookup completed");
  }
  state.SetItemsProcessed(state.iterations() * lookups);
}
BENCHMARK(point_select_piccolo_async)->Name("point_select/piccolo_async_pipelined")->Unit(benchmark::kMillisecond);

// ---- bulk insert ------------------------------------------------------------------------

void reset_bulk_table(pc::postgres::database& db) {
  db.run(pc::drop_table<BenchItem>().if_exists());
  db.run(pc::create_table<BenchItem>());
}

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}
void put32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>(v >> s);
}

void bulk_insert_raw_copy(benchmark::State& state) {
  if (skip_without_server(state)) return;
  static const auto rows = make_rows(bulk_rows);
  pc::postgres::database admin{conninfo()};
  PGconn* conn = PQconnectdb(conninfo());
  std::string buffer;
  for (auto _ : state) {
    state.PauseTiming();
    reset_bulk_table(admin);
    state.ResumeTiming();
    PQclear(PQexec(conn, "COPY bench_item (name, popularity, website) FROM STDIN (FORMAT binary)"));
    buffer.assign("PGCOPY\n\377\r\n\0", 11);
    put32(buffer, 0);
    put32(buffer, 0);
    for (const auto& row : rows) {
      put16(buffer, 3);
      put32(buffer, static_cast<std::uint32_t>(row.name.size()));
      buffer += row.name.str();
      put32(buffer, 4);
      put32(buffer, static_cast<std::uint32_t>(row.popularity));
      if (row.website) {
        put32(buffer, static_cast<std::uint32_t>(row.website->size()));
        buffer += *row.website;
      } else {
        put32(buffer, 0xFFFFFFFFu);
      }
      if (buffer.size() > (1 << 20)) {
        PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
        buffer.clear();
      }
    }
    put16(buffer, 0xFFFF);
    PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
    PQputCopyEnd(conn, nullptr);
    PGresult* r = PQgetResult(conn);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) state.SkipWithError(PQresultErrorMessage(r));
    PQclear(r);
    while ((r = PQgetResult(conn))) PQclear(r);
  }
  PQfinish(conn);
  state.SetItemsProcessed(state.iterations() * bulk_rows);
}
BENCHMARK(bulk_insert_raw_copy)->Name("bulk_insert/raw")->Unit(benchmark::kMillisecond)->Iterations(5);

void bulk_insert_piccolo(benchmark::State& state) {
  if (skip_without_server(state)) return;
  static const auto rows = make_rows(bulk_rows);
  pc::postgres::database db{conninfo()};
  for (auto _ : state) {
    state.PauseTiming();
    reset_bulk_table(db);
    state.ResumeTiming();
    auto inserted = db.run(pc::insert(rows));
    if (inserted != bulk_rows) state.SkipWithError("piccolo bulk insert count mismatch");
  }
  state.SetItemsProcessed(state.iterations() * bulk_rows);
}
BENCHMARK(bulk_insert_piccolo)->Name("bulk_insert/piccolo_vector")->Unit(benchmark::kMillisecond)->Iterations(5);

// ---- upsert batch ---------------------------------------------------------------------

struct BenchChart {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  std::optional<std::string> website;
  static constexpr auto column_options() { return pc::options(pc::unique<&BenchChart::name>); }
};

const std::vector<BenchChart>& chart_rows() {
  static const std::vector<BenchChart> rows = [] {
    std::vector<BenchChart> out;
    for (auto& item : make_rows(bulk_rows))
      out.push_back({.id = {}, .name = item.name, .popularity = item.popularity, .website = item.website});
    return out;
  }();
  return rows;
}

// A fresh table holding every other row, popularity 0 and no website.
void reset_chart_table(pc::postgres::database& db) {
  static const std::vector<BenchChart> half = [] {
    std::vector<BenchChart> out;
    for (std::size_t i = 0; i < chart_rows().size(); i += 2)
      out.push_back({.id = {}, .name = chart_rows()[i].name, .popularity = 0, .website = std::nullopt});
    return out;
  }();
  db.run(pc::drop_table<BenchChart>().if_exists());
  db.run(pc::create_table<BenchChart>());
  db.run(pc::insert(half));
}

// A one-dimensional binary array of n elements of type element_oid; put(i, out) writes
// element i's length and bytes (or -1 for NULL) and returns whether it was NULL.
template <class Put>
void put_array(std::string& out, std::uint32_t element_oid, std::size_t n, Put put) {
  std::size_t header = out.size();
  put32(out, 1);  // dimensions
  put32(out, 0);  // has NULLs, set below
  put32(out, element_oid);
  put32(out, static_cast<std::uint32_t>(n));
  put32(out, 1);  // lower bound
  bool nulls = false;
  for (std::size_t i = 0; i < n; ++i) nulls = put(i, out) || nulls;
  if (nulls) out[header + 7] = 1;
}

void upsert_batch_raw(benchmark::State& state) {
  if (skip_without_server(state)) return;
  const auto& rows = chart_rows();
  pc::postgres::database admin{conninfo()};
  PGconn* conn = PQconnectdb(conninfo());
  const Oid types[] = {1009, 1007, 1009};  // text[], int4[], text[]
  std::string names, popularities, websites;
  for (auto _ : state) {
    state.PauseTiming();
    reset_chart_table(admin);
    state.ResumeTiming();
    PQclear(PQprepare(conn, "upsert",
                      "INSERT INTO \"bench_chart\" (\"name\", \"popularity\", \"website\") SELECT * FROM "
                      "unnest($1, $2, $3) ON CONFLICT (\"name\") DO UPDATE SET \"popularity\" = "
                      "excluded.\"popularity\"",
                      3, types));
    names.clear();
    popularities.clear();
    websites.clear();
    put_array(names, 25, rows.size(), [&](std::size_t i, std::string& out) {
      put32(out, static_cast<std::uint32_t>(rows[i].name.size()));
      out += rows[i].name.str();
      return false;
    });
    put_array(popularities, 23, rows.size(), [&](std::size_t i, std::string& out) {
      put32(out, 4);
      put32(out, static_cast<std::uint32_t>(rows[i].popularity));
      return false;
    });
    put_array(websites, 25, rows.size(), [&](std::size_t i, std::string& out) {
      if (!rows[i].website) {
        put32(out, 0xFFFFFFFFu);
        return true;
      }
      put32(out, static_cast<std::uint32_t>(rows[i].website->size()));
      out += *rows[i].website;
      return false;
    });
    const char* values[] = {names.data(), popularities.data(), websites.data()};
    const int lengths[] = {static_cast<int>(names.size()), static_cast<int>(popularities.size()),
                           static_cast<int>(websites.size())};
    const int formats[] = {1, 1, 1};
    PGresult* r = PQexecPrepared(conn, "upsert", 3, values, lengths, formats, 1);
    if (PQresultStatus(r) != PGRES_COMMAND_OK || std::atoll(PQcmdTuples(r)) != bulk_rows)
      state.SkipWithError(PQresultErrorMessage(r));
    PQclear(r);
    PQclear(PQexec(conn, "DEALLOCATE upsert"));
  }
  PQfinish(conn);
  state.SetItemsProcessed(state.iterations() * bulk_rows);
}
BENCHMARK(upsert_batch_raw)->Name("upsert_batch/raw")->Unit(benchmark::kMillisecond)->Iterations(5);

void upsert_batch_piccolo(benchmark::State& state) {
  if (skip_without_server(state)) return;
  const auto& rows = chart_rows();
  pc::postgres::database db{conninfo()};
  for (auto _ : state) {
    state.PauseTiming();
    reset_chart_table(db);
    state.ResumeTiming();
    auto written = db.run(pc::insert(rows).on_conflict(c<&BenchChart::name>).do_update(c<&BenchChart::popularity>));
    if (written != bulk_rows) state.SkipWithError("piccolo upsert count mismatch");
  }
  state.SetItemsProcessed(state.iterations() * bulk_rows);
}
BENCHMARK(upsert_batch_piccolo)->Name("upsert_batch/piccolo_vector")->Unit(benchmark::kMillisecond)->Iterations(5);

// ---- GROUP BY report -------------------------------------------------------------------

// A band-like table with a manager: 100 managers with about a thousand rows each, and 50
// managers with two each (the groups HAVING drops). The same data as sqlite_vs_raw.cpp's.
struct ManagedItem {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  int manager = 0;
};

constexpr int small_managers = 50;
constexpr std::size_t report_groups = 100;

auto report_query() {
  return pc::select(c<&ManagedItem::manager>, pc::count(), pc::sum(c<&ManagedItem::popularity>),
                    pc::avg(c<&ManagedItem::popularity>), pc::max(c<&ManagedItem::name>))
      .group_by(c<&ManagedItem::manager>)
      .having(pc::count() > 5)
      .order_by(c<&ManagedItem::manager>);
}
using report_row =
    std::tuple<int, std::int64_t, std::optional<std::int64_t>, std::optional<double>, std::optional<std::string>>;
static_assert(std::is_same_v<decltype(report_query())::result_type, std::vector<report_row>>);

void ensure_report_table() {
  static bool done = [] {
    std::mt19937_64 random{1977};
    std::vector<ManagedItem> rows;
    rows.reserve(bulk_rows);
    for (int i = 0; i < bulk_rows; ++i) {
      ManagedItem b;
      b.name = "band_" + std::to_string(i);
      b.popularity = static_cast<int>(random() % 10'000);
      b.manager = i < bulk_rows - 2 * small_managers ? 1 + static_cast<int>(random() % 100)
                                                     : 1000 + i % small_managers;
      rows.push_back(std::move(b));
    }
    pc::postgres::database db{conninfo()};
    db.run(pc::drop_table<ManagedItem>().if_exists());
    db.run(pc::create_table<ManagedItem>());
    db.run(pc::insert(rows));
    db.run(pc::raw<"ANALYZE managed_item">());
    return true;
  }();
  (void)done;
}

std::uint32_t get32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
std::uint64_t get64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}

// piccolo's text (with its casts), prepared with the parameter type piccolo gives it
// (int8), binary results decoded by hand into the same rows.
std::vector<report_row> raw_report(PGconn* conn) {
  std::uint64_t min_count = to_big_endian(5);
  const char* values[] = {reinterpret_cast<const char*>(&min_count)};
  const int lengths[] = {8};
  const int formats[] = {1};
  PGresult* r = PQexecPrepared(conn, "report", 1, values, lengths, formats, 1);
  std::vector<report_row> out;
  if (PQresultStatus(r) == PGRES_TUPLES_OK) {
    int n = PQntuples(r);
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      report_row& row = out.emplace_back();
      std::get<0>(row) = static_cast<int>(get32(PQgetvalue(r, i, 0)));
      std::get<1>(row) = static_cast<std::int64_t>(get64(PQgetvalue(r, i, 1)));
      if (!PQgetisnull(r, i, 2)) std::get<2>(row) = static_cast<std::int64_t>(get64(PQgetvalue(r, i, 2)));
      if (!PQgetisnull(r, i, 3)) std::get<3>(row) = std::bit_cast<double>(get64(PQgetvalue(r, i, 3)));
      if (!PQgetisnull(r, i, 4))
        std::get<4>(row).emplace(PQgetvalue(r, i, 4), static_cast<std::size_t>(PQgetlength(r, i, 4)));
    }
  }
  PQclear(r);
  return out;
}

constexpr std::string_view report_text = pc::sql_of<decltype(report_query()), pc::postgres_dialect>;

void group_by_report_raw(benchmark::State& state) {
  if (skip_without_server(state)) return;
  ensure_report_table();
  PGconn* conn = PQconnectdb(conninfo());
  const Oid types[] = {20};
  PQclear(PQprepare(conn, "report", std::string{report_text}.c_str(), 1, types));
  pc::postgres::database check{conninfo()};
  if (raw_report(conn) != check.run(report_query())) state.SkipWithError("raw and piccolo read different rows");
  for (auto _ : state) {
    std::vector<report_row> out = raw_report(conn);
    if (out.size() != report_groups) state.SkipWithError("wrong group count");
    benchmark::DoNotOptimize(out.data());
  }
  PQfinish(conn);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(group_by_report_raw)->Name("group_by_report/raw")->Unit(benchmark::kMillisecond)->Iterations(50);

void group_by_report_piccolo(benchmark::State& state) {
  if (skip_without_server(state)) return;
  ensure_report_table();
  pc::postgres::database db{conninfo()};
  for (auto _ : state) {
    std::vector<report_row> out = db.run(report_query());
    if (out.size() != report_groups) state.SkipWithError("wrong group count");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(group_by_report_piccolo)->Name("group_by_report/piccolo_select")->Unit(benchmark::kMillisecond)->Iterations(50);

}  // namespace bench

BENCHMARK_MAIN();
