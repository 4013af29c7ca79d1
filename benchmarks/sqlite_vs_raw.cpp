// piccolo on SQLite against the same work written with the sqlite3 C API, in one run.
//
// Every case is a pair (or a trio) named CASE/raw and CASE/piccolo_...: same data,
// same connection settings, same result type. benchmarks/ratios.py runs this binary and
// prints piccolo/raw for each pair (time, or instructions with --callgrind); the goal is
// <= 1.05. benchmarks/README.md has the figures and the commands.
//
// Connection settings on both sides are piccolo's defaults: an in-memory database
// (or, with PICCOLO_BENCH_FILE=1 in the environment, a temporary file in WAL with
// synchronous=NORMAL), foreign_keys ON, case_sensitive_like ON.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <piccolo/sqlite.hpp>

namespace pc = piccolo;
using pc::c;

namespace bench {

// A Band-like row: serial key, bounded text, an integer, optional text.
struct Band {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  std::optional<std::string> website;
};

constexpr int row_count = 100'000;
constexpr int lookup_count = 50'000;

// ---- data: fixed, the same for both sides ------------------------------------------

const std::vector<Band>& band_rows() {
  static const std::vector<Band> rows = [] {
    std::mt19937_64 random{20240611};
    std::vector<Band> out;
    out.reserve(row_count);
    for (int i = 0; i < row_count; ++i) {
      Band b;
      b.name = "band_" + std::to_string(i);
      b.popularity = static_cast<int>(random() % 10'000);
      // every third band has no website; the others a URL longer than SSO
      if (i % 3 != 0) b.website = "https://band-" + std::to_string(i) + ".example.com/";
      out.push_back(std::move(b));
    }
    return out;
  }();
  return rows;
}

const std::vector<std::int64_t>& lookup_keys() {
  static const std::vector<std::int64_t> keys = [] {
    std::mt19937_64 random{7};
    std::vector<std::int64_t> out(lookup_count);
    for (auto& k : out) k = 1 + static_cast<std::int64_t>(random() % row_count);
    return out;
  }();
  return keys;
}

// A band-like table with a manager: 100 managers with about a thousand bands each, and
// 50 managers with two bands each (the groups HAVING drops).
struct ManagedBand {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  int manager = 0;
};

constexpr int small_managers = 50;

const std::vector<ManagedBand>& managed_rows() {
  static const std::vector<ManagedBand> rows = [] {
    std::mt19937_64 random{1977};
    std::vector<ManagedBand> out;
    out.reserve(row_count);
    for (int i = 0; i < row_count; ++i) {
      ManagedBand b;
      b.name = "band_" + std::to_string(i);
      b.popularity = static_cast<int>(random() % 10'000);
      b.manager = i < row_count - 2 * small_managers ? 1 + static_cast<int>(random() % 100)
                                                     : 1000 + i % small_managers;
      out.push_back(std::move(b));
    }
    return out;
  }();
  return rows;
}

// The GROUP BY report: per manager with more than five bands, how many, their total and
// average popularity and the last name in order.
auto report_query() {
  return pc::select(c<&ManagedBand::manager>, pc::count(), pc::sum(c<&ManagedBand::popularity>),
                    pc::avg(c<&ManagedBand::popularity>), pc::max(c<&ManagedBand::name>))
      .group_by(c<&ManagedBand::manager>)
      .having(pc::count() > 5)
      .order_by(c<&ManagedBand::manager>);
}
using report_row =
    std::tuple<int, std::int64_t, std::optional<std::int64_t>, std::optional<double>, std::optional<std::string>>;
static_assert(std::is_same_v<decltype(report_query())::result_type, std::vector<report_row>>);
constexpr std::size_t report_groups = 100;

// ---- raw sqlite3 helpers --------------------------------------------------------------

bool use_file() {
  const char* v = std::getenv("PICCOLO_BENCH_FILE");
  return v && *v && std::string{v} != "0";
}

// A fresh database location per call: ":memory:" or a new temp file (removed by ~location).
struct location {
  std::string path;
  location() {
    if (!use_file()) {
      path = ":memory:";
      return;
    }
    static int counter = 0;
    auto dir = std::filesystem::temp_directory_path();
    path = (dir / ("piccolo_bench_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                   ".sqlite"))
               .string();
  }
  location(const location&) = delete;
  location& operator=(const location&) = delete;
  ~location() {
    if (path == ":memory:") return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path + suffix, ec);
  }
};

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db); }

// What pc::sqlite::database does on open: same flags, same pragmas.
sqlite3* raw_open(const std::string& path) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                            SQLITE_OPEN_NOMUTEX,
                        nullptr),
        db);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  exec(db, "PRAGMA case_sensitive_like = ON");
  exec(db, "PRAGMA foreign_keys = ON");
  if (path != ":memory:") exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  return db;
}

struct raw_db {
  sqlite3* db;
  explicit raw_db(const std::string& path) : db(raw_open(path)) {}
  raw_db(const raw_db&) = delete;
  raw_db& operator=(const raw_db&) = delete;
  ~raw_db() { sqlite3_close_v2(db); }
};

struct raw_stmt {
  sqlite3_stmt* s = nullptr;
  raw_stmt(sqlite3* db, const char* sql) {
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr), db);
  }
  raw_stmt(const raw_stmt&) = delete;
  raw_stmt& operator=(const raw_stmt&) = delete;
  ~raw_stmt() { sqlite3_finalize(s); }
};

// The table as piccolo creates it, so both sides write the same schema.
constexpr std::string_view create_sql = pc::sql_of<decltype(pc::create_table<Band>()), pc::sqlite_dialect>;

void raw_insert_rows(sqlite3* db, const std::vector<Band>& rows) {
  exec(db, "BEGIN");
  raw_stmt insert{db, "INSERT INTO \"band\" (\"id\", \"name\", \"popularity\", \"website\") VALUES (?, ?, ?, ?)"};
  for (const Band& b : rows) {
    if (b.id.has_value()) sqlite3_bind_int64(insert.s, 1, b.id.value());
    else sqlite3_bind_null(insert.s, 1);
    sqlite3_bind_text(insert.s, 2, b.name.str().data(), static_cast<int>(b.name.size()), SQLITE_STATIC);
    sqlite3_bind_int(insert.s, 3, b.popularity);
    if (b.website) sqlite3_bind_text(insert.s, 4, b.website->data(), static_cast<int>(b.website->size()), SQLITE_STATIC);
    else sqlite3_bind_null(insert.s, 4);
    check(sqlite3_step(insert.s), db);
    sqlite3_reset(insert.s);
  }
  exec(db, "COMMIT");
}

Band raw_read_band(sqlite3_stmt* s) {
  Band b;
  b.id = sqlite3_column_int64(s, 0);
  b.name = std::string{reinterpret_cast<const char*>(sqlite3_column_text(s, 1)),
                       static_cast<std::size_t>(sqlite3_column_bytes(s, 1))};
  b.popularity = sqlite3_column_int(s, 2);
  if (sqlite3_column_type(s, 3) != SQLITE_NULL)
    b.website.emplace(reinterpret_cast<const char*>(sqlite3_column_text(s, 3)),
                      static_cast<std::size_t>(sqlite3_column_bytes(s, 3)));
  return b;
}

// ---- (a) insert 100k rows in one transaction -------------------------------------------

void insert_100k_raw(benchmark::State& state) {
  const auto& rows = band_rows();
  for (auto _ : state) {
    state.PauseTiming();
    {
      location where;
      raw_db db{where.path};
      exec(db.db, std::string{create_sql}.c_str());
      state.ResumeTiming();
      raw_insert_rows(db.db, rows);
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

void insert_100k_piccolo_per_row(benchmark::State& state) {
  const auto& rows = band_rows();
  for (auto _ : state) {
    state.PauseTiming();
    {
      location where;
      pc::sqlite::database db{where.path};
      db.run(pc::create_table<Band>());
      state.ResumeTiming();
      db.transaction([&](pc::sqlite::database& tx) {
        for (const Band& b : rows) tx.run(pc::insert(b));
      });
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

void insert_100k_piccolo_vector(benchmark::State& state) {
  const auto& rows = band_rows();
  for (auto _ : state) {
    state.PauseTiming();
    {
      location where;
      pc::sqlite::database db{where.path};
      db.run(pc::create_table<Band>());
      state.ResumeTiming();
      std::int64_t n = db.run(pc::insert(rows));
      benchmark::DoNotOptimize(n);
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

// ---- (a') upsert 100k rows into a table holding half of them ----------------------------
// The same statement on both sides: INSERT ... ON CONFLICT ("name") DO UPDATE SET
// "popularity" = excluded."popularity", run per row in one transaction; 50k rows
// conflict (their popularity is updated), 50k are new.

struct ChartBand {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  std::optional<std::string> website;
  static constexpr auto column_options() { return pc::options(pc::unique<&ChartBand::name>); }
};

const std::vector<ChartBand>& chart_rows() {
  static const std::vector<ChartBand> rows = [] {
    std::vector<ChartBand> out;
    out.reserve(row_count);
    for (const Band& b : band_rows()) out.push_back({.id = {}, .name = b.name, .popularity = b.popularity, .website = b.website});
    return out;
  }();
  return rows;
}

auto chart_upsert(const std::vector<ChartBand>& rows) {
  return pc::insert(rows).on_conflict(c<&ChartBand::name>).do_update(c<&ChartBand::popularity>);
}

// Every other row of chart_rows(), popularity 0 and no website: what the table holds
// before the upsert.
const std::vector<ChartBand>& half_chart_rows() {
  static const std::vector<ChartBand> rows = [] {
    std::vector<ChartBand> half;
    for (std::size_t i = 0; i < chart_rows().size(); i += 2) {
      half.push_back(chart_rows()[i]);
      half.back().popularity = 0;
      half.back().website.reset();
    }
    return half;
  }();
  return rows;
}

void upsert_100k_raw(benchmark::State& state) {
  const auto& rows = chart_rows();
  constexpr std::string_view text = pc::sql_of<decltype(chart_upsert(rows)), pc::sqlite_dialect>;
  for (auto _ : state) {
    state.PauseTiming();
    {
      location where;
      raw_db db{where.path};
      exec(db.db, std::string{pc::sql_of<decltype(pc::create_table<ChartBand>()), pc::sqlite_dialect>}.c_str());
      exec(db.db, "BEGIN");
      {
        raw_stmt insert{db.db, "INSERT INTO \"chart_band\" (\"name\", \"popularity\") VALUES (?, 0)"};
        for (const ChartBand& b : half_chart_rows()) {
          sqlite3_bind_text(insert.s, 1, b.name.str().data(), static_cast<int>(b.name.size()), SQLITE_STATIC);
          check(sqlite3_step(insert.s), db.db);
          sqlite3_reset(insert.s);
        }
      }
      exec(db.db, "COMMIT");
      state.ResumeTiming();
      exec(db.db, "BEGIN");
      raw_stmt upsert{db.db, std::string{text}.c_str()};
      for (const ChartBand& b : rows) {
        if (b.id.has_value()) sqlite3_bind_int64(upsert.s, 1, b.id.value());
        else sqlite3_bind_null(upsert.s, 1);
        sqlite3_bind_text(upsert.s, 2, b.name.str().data(), static_cast<int>(b.name.size()), SQLITE_STATIC);
        sqlite3_bind_int(upsert.s, 3, b.popularity);
        if (b.website) sqlite3_bind_text(upsert.s, 4, b.website->data(), static_cast<int>(b.website->size()), SQLITE_STATIC);
        else sqlite3_bind_null(upsert.s, 4);
        check(sqlite3_step(upsert.s), db.db);
        sqlite3_reset(upsert.s);
      }
      exec(db.db, "COMMIT");
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

void upsert_100k_piccolo_vector(benchmark::State& state) {
  const auto& rows = chart_rows();
  for (auto _ : state) {
    state.PauseTiming();
    {
      location where;
      pc::sqlite::database db{where.path};
      db.run(pc::create_table<ChartBand>());
      db.run(pc::insert(half_chart_rows()));
      state.ResumeTiming();
      std::int64_t n = db.run(chart_upsert(rows));
      benchmark::DoNotOptimize(n);
      state.PauseTiming();
      if (n != row_count) throw std::runtime_error("upsert: unexpected row count");
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

// The database the read cases share: the 100k rows, written once before any case runs.
// Both sides read it through the same connection.
struct filled {
  location where;
  pc::sqlite::database db{where.path};
  filled() {
    db.run(pc::create_table<Band>());
    db.run(pc::insert(band_rows()));
    db.run(pc::create_table<ManagedBand>());
    db.run(pc::insert(managed_rows()));
  }
};

filled& shared() {
  static filled data;
  return data;
}

// ---- (b) select 100k rows into std::vector<Band> ---------------------------------------

void select_100k_raw(benchmark::State& state) {
  sqlite3* db = shared().db.native_handle();
  raw_stmt select{db, "SELECT \"band\".\"id\", \"band\".\"name\", \"band\".\"popularity\", \"band\".\"website\" FROM \"band\""};
  for (auto _ : state) {
    std::vector<Band> out;
    int rc;
    while ((rc = sqlite3_step(select.s)) == SQLITE_ROW) out.push_back(raw_read_band(select.s));
    check(rc, db);
    sqlite3_reset(select.s);
    if (out.size() != row_count) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

void select_100k_piccolo_objects(benchmark::State& state) {
  auto& data = shared();
  for (auto _ : state) {
    std::vector<Band> out = data.db.run(pc::objects<Band>());
    if (out.size() != row_count) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * row_count);
}

// ---- (c) 50k point lookups by primary key -----------------------------------------------

void get_50k_raw(benchmark::State& state) {
  sqlite3* db = shared().db.native_handle();
  const auto& keys = lookup_keys();
  raw_stmt get{db, "SELECT \"band\".\"id\", \"band\".\"name\", \"band\".\"popularity\", \"band\".\"website\" FROM \"band\" WHERE \"band\".\"id\" = ? LIMIT 1"};
  for (auto _ : state) {
    for (std::int64_t k : keys) {
      std::optional<Band> b;
      sqlite3_bind_int64(get.s, 1, k);
      int rc = sqlite3_step(get.s);
      if (rc == SQLITE_ROW) b.emplace(raw_read_band(get.s));
      else check(rc, db);
      sqlite3_reset(get.s);
      benchmark::DoNotOptimize(b);
    }
  }
  state.SetItemsProcessed(state.iterations() * lookup_count);
}

void get_50k_piccolo_objects_get(benchmark::State& state) {
  auto& data = shared();
  const auto& keys = lookup_keys();
  for (auto _ : state) {
    for (std::int64_t k : keys) {
      std::optional<Band> b = data.db.run(pc::objects<Band>().get(c<&Band::id> == k));
      benchmark::DoNotOptimize(b);
    }
  }
  state.SetItemsProcessed(state.iterations() * lookup_count);
}

void name_50k_raw(benchmark::State& state) {
  sqlite3* db = shared().db.native_handle();
  const auto& keys = lookup_keys();
  raw_stmt get{db, "SELECT \"band\".\"name\" FROM \"band\" WHERE \"band\".\"id\" = ? LIMIT 1"};
  for (auto _ : state) {
    for (std::int64_t k : keys) {
      std::optional<std::string> name;
      sqlite3_bind_int64(get.s, 1, k);
      int rc = sqlite3_step(get.s);
      if (rc == SQLITE_ROW)
        name.emplace(reinterpret_cast<const char*>(sqlite3_column_text(get.s, 0)),
                     static_cast<std::size_t>(sqlite3_column_bytes(get.s, 0)));
      else check(rc, db);
      sqlite3_reset(get.s);
      benchmark::DoNotOptimize(name);
    }
  }
  state.SetItemsProcessed(state.iterations() * lookup_count);
}

void name_50k_piccolo_select_first(benchmark::State& state) {
  auto& data = shared();
  const auto& keys = lookup_keys();
  for (auto _ : state) {
    for (std::int64_t k : keys) {
      std::optional<std::string> name =
          data.db.run(pc::select(c<&Band::name>).where(c<&Band::id> == k).first());
      benchmark::DoNotOptimize(name);
    }
  }
  state.SetItemsProcessed(state.iterations() * lookup_count);
}

// ---- (e) a GROUP BY report over 100k rows into typed rows ----------------------------------

// The same statement, text and parameter as piccolo's, stepped and read with sqlite3_column_*.
std::vector<report_row> raw_report(sqlite3* db, sqlite3_stmt* report) {
  std::vector<report_row> out;
  sqlite3_bind_int64(report, 1, 5);
  int rc;
  while ((rc = sqlite3_step(report)) == SQLITE_ROW) {
    report_row& r = out.emplace_back();
    std::get<0>(r) = sqlite3_column_int(report, 0);
    std::get<1>(r) = sqlite3_column_int64(report, 1);
    if (sqlite3_column_type(report, 2) != SQLITE_NULL) std::get<2>(r) = sqlite3_column_int64(report, 2);
    if (sqlite3_column_type(report, 3) != SQLITE_NULL) std::get<3>(r) = sqlite3_column_double(report, 3);
    if (sqlite3_column_type(report, 4) != SQLITE_NULL)
      std::get<4>(r).emplace(reinterpret_cast<const char*>(sqlite3_column_text(report, 4)),
                             static_cast<std::size_t>(sqlite3_column_bytes(report, 4)));
  }
  check(rc, db);
  sqlite3_reset(report);
  return out;
}

constexpr std::string_view report_text = pc::sql_of<decltype(report_query()), pc::sqlite_dialect>;

void group_by_report_raw(benchmark::State& state) {
  sqlite3* db = shared().db.native_handle();
  raw_stmt report{db, std::string{report_text}.c_str()};
  for (auto _ : state) {
    std::vector<report_row> out = raw_report(db, report.s);
    if (out.size() != report_groups) state.SkipWithError("wrong group count");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void group_by_report_piccolo_select(benchmark::State& state) {
  auto& data = shared();
  for (auto _ : state) {
    std::vector<report_row> out = data.db.run(report_query());
    if (out.size() != report_groups) state.SkipWithError("wrong group count");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// ---- (d) building a query object: the text is a constant, the object holds one value ----

void build_query_raw(benchmark::State& state) {
  // The hand-written equivalent: a constant text and the value to bind.
  struct hand_query {
    const char* sql;
    std::int64_t key;
  };
  std::int64_t k = 42;
  for (auto _ : state) {
    benchmark::DoNotOptimize(k);
    hand_query q{"SELECT \"band\".\"name\" FROM \"band\" WHERE \"band\".\"id\" = ? LIMIT 1", k};
    const char* text = q.sql;
    benchmark::DoNotOptimize(q);
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(state.iterations());
}

void build_query_piccolo(benchmark::State& state) {
  std::int64_t k = 42;
  for (auto _ : state) {
    benchmark::DoNotOptimize(k);
    auto q = pc::select(c<&Band::name>).where(c<&Band::id> == k).first();
    std::string_view text = q.sql<pc::sqlite_dialect>();
    benchmark::DoNotOptimize(q);
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace bench

// Case CASE/VARIANT is the function bench::CASE_VARIANT (ratios.py --callgrind relies on
// it). Long cases run a fixed number of iterations, so that every repetition does the same
// work. PICCOLO_BENCH_ITERATIONS=N overrides them (ratios.py --callgrind runs N=1 under
// valgrind and counts instructions instead of time).
int main(int argc, char** argv) {
  using namespace bench;
  const char* forced = std::getenv("PICCOLO_BENCH_ITERATIONS");
  auto iterations = [&](benchmark::IterationCount usual) -> benchmark::IterationCount {
    return forced ? std::atoll(forced) : usual;
  };
  auto add = [&](const char* name, void (*f)(benchmark::State&), benchmark::IterationCount n) {
    benchmark::RegisterBenchmark(name, f)->Unit(benchmark::kMillisecond)->Iterations(iterations(n));
  };
  add("insert_100k/raw", insert_100k_raw, 10);
  add("insert_100k/piccolo_per_row", insert_100k_piccolo_per_row, 10);
  add("insert_100k/piccolo_vector", insert_100k_piccolo_vector, 10);
  add("upsert_100k/raw", upsert_100k_raw, 10);
  add("upsert_100k/piccolo_vector", upsert_100k_piccolo_vector, 10);
  add("select_100k/raw", select_100k_raw, 20);
  add("select_100k/piccolo_objects", select_100k_piccolo_objects, 20);
  add("get_50k/raw", get_50k_raw, 10);
  add("get_50k/piccolo_objects_get", get_50k_piccolo_objects_get, 10);
  add("name_50k/raw", name_50k_raw, 10);
  add("name_50k/piccolo_select_first", name_50k_piccolo_select_first, 10);
  add("group_by_report/raw", group_by_report_raw, 20);
  add("group_by_report/piccolo_select", group_by_report_piccolo_select, 20);
  auto* build_raw = benchmark::RegisterBenchmark("build_query/raw", build_query_raw);
  auto* build_piccolo = benchmark::RegisterBenchmark("build_query/piccolo", build_query_piccolo);
  if (forced) {
    build_raw->Iterations(1'000'000 * std::atoll(forced));
    build_piccolo->Iterations(1'000'000 * std::atoll(forced));
  }

  // data and the shared database first, outside every measurement
  band_rows();
  chart_rows();
  managed_rows();
  lookup_keys();
  shared();
  {  // both sides of the report read the same rows
    raw_stmt report{shared().db.native_handle(), std::string{report_text}.c_str()};
    if (raw_report(shared().db.native_handle(), report.s) != shared().db.run(report_query())) {
      std::fputs("group_by_report: piccolo and raw read different rows\n", stderr);
      return 1;
    }
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
