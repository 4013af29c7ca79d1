// db.stream(query, batch_size): rows read as the range advances (SQLite: a statement of
// its own; PostgreSQL: a cursor), synchronously and in batches asynchronously, through
// the pool, and against its faults (a killed backend, a stream dropped half-way, a
// value that does not decode).

#include <cstdint>
#include <exception>
#include <optional>
#include <ranges>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/take.hpp>
#include <range/v3/view/transform.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

constexpr int many = 10'000;

// The name each row of fill_bands gets: row i (1-based id) is "band <i>", popularity i.
std::string band_name(int i) { return "band " + std::to_string(i); }

template <class Database>
void fill_bands(Database& db, int count) {
  std::vector<Band> rows;
  rows.reserve(static_cast<std::size_t>(count));
  for (int i = 1; i <= count; ++i) rows.push_back(Band{.name = band_name(i), .popularity = i});
  db.run(pc::create_table<Manager>());
  db.run(pc::create_table<Band>());
  db.run(pc::insert(std::move(rows)));
}

void kill_backend(const std::string& conninfo, int pid) {
  pc::postgres::database killer{conninfo};
  killer.run(pc::raw<"SELECT pg_terminate_backend(CAST({} AS integer))", bool>(pid));
}

template <class F>
void run_coroutine(asio::io_context& io, F f) {
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(f), [&](std::exception_ptr e) { failure = e; });
  io.run();
  io.restart();
  if (failure) std::rethrow_exception(failure);
}

auto by_id() { return pc::select(c<&Band::name>, c<&Band::popularity>).order_by(c<&Band::id>); }

}  // namespace

// ---- the synchronous range, on every engine ------------------------------------------------

template <class Engine>
class stream_test : public database_test<Engine> {
 protected:
  void SetUp() override { fill_bands(this->db, many); }
  // After a stream: no transaction of the stream's left, and the next run() works.
  void expect_connection_usable() {
    EXPECT_FALSE(this->db.in_transaction());
    EXPECT_EQ(this->db.transaction_depth(), 0);
    if constexpr (!Engine::is_sqlite) {
      EXPECT_TRUE(this->db.reusable());
    }
    EXPECT_EQ(this->db.run(pc::count<Band>()), many);
  }
};
TYPED_TEST_SUITE(stream_test, engines, engine_names);

TYPED_TEST(stream_test, streams_ten_thousand_rows_in_order_row_by_row) {
  int expected = 0;
  for (auto&& [name, popularity] : this->db.stream(by_id(), 1000)) {
    ++expected;
    ASSERT_EQ(popularity, expected);
    ASSERT_EQ(name, band_name(expected));
  }
  EXPECT_EQ(expected, many);
  this->expect_connection_usable();
}

TYPED_TEST(stream_test, batch_size_that_does_not_divide_the_rows_loses_none) {
  for (std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{10'000}, std::size_t{20'000}}) {
    int expected = 0;
    for (auto&& [name, popularity] : this->db.stream(by_id().where(c<&Band::popularity> <= 2'000), batch)) {
      ++expected;
      ASSERT_EQ(popularity, expected) << "batch " << batch;
    }
    EXPECT_EQ(expected, 2'000) << "batch " << batch;
  }
  this->expect_connection_usable();
}

TYPED_TEST(stream_test, binds_the_query_parameters) {
  std::vector<std::string> names;
  std::string prefix = "band 999%";  // outlives nothing: the stream keeps its own copy
  auto rows = this->db.stream(
      pc::select(c<&Band::name>).where(c<&Band::name>.like(prefix) && c<&Band::popularity> > 9'990).order_by(c<&Band::id>),
      2);
  prefix = "overwritten";
  for (const std::string& name : rows) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"band 9991", "band 9992", "band 9993", "band 9994", "band 9995",
                                             "band 9996", "band 9997", "band 9998", "band 9999"}));
}

TYPED_TEST(stream_test, streams_objects_and_raw_rows) {
  std::vector<Band> bands;
  for (Band& band : this->db.stream(pc::objects<Band>().where(c<&Band::id> <= 3).order_by(c<&Band::id>), 2))
    bands.push_back(std::move(band));
  ASSERT_EQ(bands.size(), 3u);
  EXPECT_EQ(static_cast<std::int64_t>(bands[2].id), 3);
  EXPECT_EQ(static_cast<std::string>(bands[2].name), "band 3");
  EXPECT_EQ(bands[2].popularity, 3);
  EXPECT_EQ(bands[2].website, std::nullopt);

  std::vector<std::tuple<std::int64_t, std::string>> raw_rows;
  for (auto& row : this->db.stream(
           pc::raw<"SELECT id, name FROM band WHERE id > {} ORDER BY id", std::tuple<std::int64_t, std::string>>(
               std::int64_t{9'998})))
    raw_rows.push_back(row);
  EXPECT_EQ(raw_rows, (std::vector<std::tuple<std::int64_t, std::string>>{{9'999, "band 9999"}, {10'000, "band 10000"}}));
}

TYPED_TEST(stream_test, an_empty_result_is_an_empty_range) {
  auto rows = this->db.stream(by_id().where(c<&Band::popularity> < 0), 10);
  EXPECT_TRUE(rows.begin() == rows.end());
  this->expect_connection_usable();
}

TYPED_TEST(stream_test, composes_with_std_ranges_views) {
  auto rows = this->db.stream(by_id(), 100);
  static_assert(std::ranges::input_range<decltype(rows)>);
  static_assert(std::same_as<std::ranges::range_value_t<decltype(rows)>, std::tuple<std::string, int>>);
  std::vector<int> picked;
  for (int popularity : rows | std::views::transform([](const auto& row) { return std::get<1>(row); }) |
                            std::views::filter([](int p) { return p % 1000 == 0; }) | std::views::take(3))
    picked.push_back(popularity);
  EXPECT_EQ(picked, (std::vector<int>{1000, 2000, 3000}));
  // an rvalue stream too (owned by the view)
  std::vector<std::string> first;
  for (const std::string& name : this->db.stream(pc::select(c<&Band::name>).order_by(c<&Band::id>)) | std::views::take(2))
    first.push_back(name);
  EXPECT_EQ(first, (std::vector<std::string>{"band 1", "band 2"}));
}

TYPED_TEST(stream_test, composes_with_range_v3_views) {
  auto rows = this->db.stream(pc::select(c<&Band::popularity>).order_by(c<&Band::id>), 64);
  static_assert(ranges::input_range<decltype(rows)>);
  std::int64_t sum = 0;
  for (int doubled : rows | ranges::views::filter([](int p) { return p > 9'995; }) |
                         ranges::views::transform([](int p) { return 2 * p; }))
    sum += doubled;
  EXPECT_EQ(sum, 2 * (9'996 + 9'997 + 9'998 + 9'999 + 10'000));
}

TYPED_TEST(stream_test, other_queries_run_on_the_connection_between_rows) {
  int seen = 0;
  for (auto&& [name, popularity] : this->db.stream(by_id().where(c<&Band::popularity> <= 5), 2)) {
    ++seen;
    // the same query type as the stream's: a run of it does not disturb the stream
    auto again = this->db.run(by_id().where(c<&Band::popularity> == popularity));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(std::get<0>(again[0]), name);
  }
  EXPECT_EQ(seen, 5);
  this->expect_connection_usable();
}

TYPED_TEST(stream_test, two_streams_read_side_by_side_on_one_connection) {
  auto low = this->db.stream(pc::select(c<&Band::popularity>).order_by(c<&Band::id>), 2);
  auto high = this->db.stream(pc::select(c<&Band::popularity>).where(c<&Band::popularity> > 9'997).order_by(c<&Band::id>), 1);
  std::vector<std::pair<int, int>> pairs;
  auto l = low.begin();
  auto h = high.begin();
  for (; l != low.end() && h != high.end(); ++l, ++h) pairs.emplace_back(*l, *h);
  EXPECT_EQ(pairs, (std::vector<std::pair<int, int>>{{1, 9'998}, {2, 9'999}, {3, 10'000}}));
}

TYPED_TEST(stream_test, destroyed_half_way_leaves_the_connection_usable) {
  {
    auto rows = this->db.stream(by_id(), 100);
    int read = 0;
    for (auto it = rows.begin(); it != rows.end() && read < 150; ++it) ++read;
    EXPECT_EQ(read, 150);
  }
  this->expect_connection_usable();
  // and a write afterwards is committed on its own
  this->db.run(pc::insert(Manager{.name = "after"}));
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 1);
}

TYPED_TEST(stream_test, a_value_that_does_not_decode_throws_at_its_row) {
  this->db.run(pc::update<Band>().set(c<&Band::website> = std::optional<std::string>{"https://x"}).force());
  this->db.run(pc::update<Band>()
                   .set(c<&Band::website> = std::optional<std::string>{})
                   .where(c<&Band::popularity> == 1'500));
  int read = 0;
  PICCOLO_EXPECT_ERROR(
      for (const std::string& site : this->db.stream(
               pc::raw<"SELECT website FROM band ORDER BY id", std::string>(), 1000)) {
        EXPECT_EQ(site, "https://x");
        ++read;
      },
      pc::errc::unexpected_null);
  EXPECT_EQ(read, 1'499);
  this->expect_connection_usable();
}

TYPED_TEST(stream_test, inside_a_transaction_the_stream_reads_it) {
  auto tx = this->db.begin();
  tx.run(pc::insert(Band{.name = "uncommitted", .popularity = 20'000}));
  std::vector<std::string> names;
  for (const std::string& name : this->db.stream(pc::select(c<&Band::name>).where(c<&Band::popularity> > many), 10))
    names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"uncommitted"}));
  EXPECT_TRUE(this->db.in_transaction());
  EXPECT_EQ(this->db.transaction_depth(), 1);
  tx.rollback();
  EXPECT_EQ(this->db.run(pc::count<Band>()), many);
  this->expect_connection_usable();
}

TYPED_TEST(stream_test, a_stream_dropped_inside_a_transaction_leaves_it_open) {
  auto tx = this->db.begin();
  {
    auto rows = this->db.stream(by_id(), 10);
    EXPECT_EQ(std::get<1>(*rows.begin()), 1);
  }
  EXPECT_EQ(this->db.transaction_depth(), 1);
  tx.run(pc::insert(Manager{.name = "inside"}));
  tx.commit();
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 1);
  this->expect_connection_usable();
}

// ---- PostgreSQL: the cursor and its faults --------------------------------------------------

TEST(postgres_cursor_statements, declare_fetch_and_close_name_one_cursor) {
  pc::postgres::detail::cursor_statements statements{R"(SELECT "band"."name" FROM "band" WHERE "band"."id" > $1)", 250};
  const std::string name = statements.close.substr(std::string_view{"CLOSE "}.size());
  EXPECT_TRUE(name.starts_with("piccolo_cursor_")) << name;
  EXPECT_EQ(statements.declare,
            "DECLARE " + name + R"( NO SCROLL CURSOR FOR SELECT "band"."name" FROM "band" WHERE "band"."id" > $1)");
  EXPECT_EQ(statements.fetch, "FETCH FORWARD 250 FROM " + name);
  // another stream's cursor has another name: two may be open on one connection
  pc::postgres::detail::cursor_statements other{"SELECT 1", 1};
  EXPECT_NE(other.close, statements.close);
}


class postgres_stream_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("PICCOLO_PG_CONNINFO")) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    db.emplace(schema.conninfo());
    fill_bands(*db, many);
  }
  pg_schema schema;
  std::optional<pc::postgres::database> db;
};

TEST_F(postgres_stream_test, a_stream_opens_its_own_transaction_until_it_ends) {
  auto rows = db->stream(by_id(), 100);
  auto it = rows.begin();
  EXPECT_TRUE(db->in_transaction());
  EXPECT_FALSE(db->reusable());
  int read = 1;
  while (++it, it != rows.end()) ++read;
  EXPECT_EQ(read, many);
  EXPECT_FALSE(db->in_transaction());
  EXPECT_TRUE(db->reusable());
}

TEST_F(postgres_stream_test, a_killed_backend_fails_the_stream_with_connection_lost) {
  int read = 0;
  PICCOLO_EXPECT_ERROR(
      for (auto&& row : db->stream(by_id(), 100)) {
        (void)row;
        if (++read == 250) kill_backend(schema.conninfo(), db->backend_pid());
      },
      pc::errc::connection_lost);
  EXPECT_EQ(read, 300);  // the batch at hand, then the next FETCH fails: never a short end
  EXPECT_EQ(db->transaction_depth(), 0);
  // the next run() reconnects
  EXPECT_EQ(db->run(pc::count<Band>()), many);
  EXPECT_TRUE(db->reusable());
}

TEST_F(postgres_stream_test, a_failing_query_rolls_back_the_stream_transaction) {
  PICCOLO_EXPECT_ERROR(
      for (auto&& n : db->stream(pc::raw<"SELECT 1 / (popularity - 5) FROM band ORDER BY id", int>(), 2)) (void)n,
      pc::errc::engine_error);
  EXPECT_EQ(db->transaction_depth(), 0);
  EXPECT_TRUE(db->reusable());
}

// ---- asynchronously, on both engines --------------------------------------------------------

struct sqlite_file_async {
  static constexpr const char* name = "sqlite_file";
  static constexpr bool is_sqlite = true;
  temp_dir dir;
  std::string path = (dir.path() / "stream.sqlite").string();
  pc::sqlite::database open(asio::io_context& io) { return pc::sqlite::database{io.get_executor(), path}; }
};
struct sqlite_memory_async {
  static constexpr const char* name = "sqlite_memory";
  static constexpr bool is_sqlite = true;
  pc::sqlite::database open(asio::io_context& io) { return pc::sqlite::database{io.get_executor(), ":memory:"}; }
};
struct postgres_async {
  static constexpr const char* name = "postgres";
  static constexpr bool is_sqlite = false;
  pg_schema schema;
  pc::postgres::database open(asio::io_context& io) {
    return pc::postgres::database{io.get_executor(), schema.conninfo()};
  }
};

template <class Engine>
class async_stream_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if constexpr (!Engine::is_sqlite) {
      if (!std::getenv("PICCOLO_PG_CONNINFO")) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    }
    db.emplace(engine.open(io));
    fill_bands(*db, many);
  }
  Engine engine;
  asio::io_context io;
  std::optional<decltype(std::declval<Engine&>().open(std::declval<asio::io_context&>()))> db;
};
using async_stream_engines = ::testing::Types<sqlite_file_async, sqlite_memory_async, postgres_async>;
TYPED_TEST_SUITE(async_stream_test, async_stream_engines, engine_names);

TYPED_TEST(async_stream_test, batches_carry_every_row_in_order_then_an_empty_one) {
  std::vector<std::size_t> sizes;
  int expected = 0;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto rows = this->db->stream(by_id(), 1000);
    for (;;) {
      auto batch = co_await rows.async_next(asio::use_awaitable);
      sizes.push_back(batch.size());
      if (batch.empty()) break;
      for (auto& [name, popularity] : batch) {
        ++expected;
        EXPECT_EQ(popularity, expected);
        EXPECT_EQ(name, band_name(expected));
      }
    }
  });
  EXPECT_EQ(expected, many);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 0}));
  EXPECT_EQ(this->db->transaction_depth(), 0);
  EXPECT_FALSE(this->db->in_transaction());
  if constexpr (!TypeParam::is_sqlite) {
    EXPECT_TRUE(this->db->reusable());
  }
}

TYPED_TEST(async_stream_test, a_callback_token_receives_a_batch) {
  auto rows = this->db->stream(by_id().where(c<&Band::popularity> > 9'997), 10);
  std::vector<std::tuple<std::string, int>> got;
  pc::error_code result = pc::errc::engine_error;
  rows.async_next([&](pc::error_code ec, std::vector<std::tuple<std::string, int>> batch) {
    result = ec;
    got = std::move(batch);
  });
  this->io.run();
  EXPECT_FALSE(result);
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, int>>{{"band 9998", 9'998}, {"band 9999", 9'999}, {"band 10000", 10'000}}));
}

TYPED_TEST(async_stream_test, destroyed_half_way_leaves_the_connection_usable) {
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    {
      auto rows = this->db->stream(by_id(), 100);
      auto first = co_await rows.async_next(asio::use_awaitable);
      EXPECT_EQ(first.size(), 100u);
    }
    auto n = co_await this->db->async_run(pc::count<Band>(), asio::use_awaitable);
    EXPECT_EQ(n, many);
  });
  EXPECT_EQ(this->db->transaction_depth(), 0);
  if constexpr (!TypeParam::is_sqlite) {
    EXPECT_TRUE(this->db->reusable());
  }
  EXPECT_EQ(this->db->run(pc::count<Band>()), many);
}

TYPED_TEST(async_stream_test, a_value_that_does_not_decode_fails_its_batch) {
  this->db->run(pc::update<Band>().set(c<&Band::website> = std::optional<std::string>{"w"}).where(c<&Band::id> != 150));
  pc::error_code failure;
  std::size_t rows_before = 0;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto rows = this->db->stream(pc::raw<"SELECT website FROM band ORDER BY id", std::string>(), 100);
    for (;;) {
      auto [ec, batch] = co_await rows.async_next(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        failure = ec;
        break;
      }
      if (batch.empty()) break;
      rows_before += batch.size();
    }
  });
  EXPECT_EQ(failure, pc::errc::unexpected_null);
  EXPECT_EQ(rows_before, 100u);
  EXPECT_EQ(this->db->transaction_depth(), 0);
  EXPECT_EQ(this->db->run(pc::count<Band>()), many);
}

TYPED_TEST(async_stream_test, a_stream_read_asynchronously_cannot_be_iterated) {
  auto rows = this->db->stream(by_id(), 10);
  run_coroutine(this->io, [&]() -> asio::awaitable<void> { (void)co_await rows.async_next(asio::use_awaitable); });
  PICCOLO_EXPECT_ERROR(rows.begin(), pc::errc::misuse);
}

TEST(postgres_async_stream_test, a_killed_backend_fails_async_next_with_connection_lost) {
  if (!std::getenv("PICCOLO_PG_CONNINFO")) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
  postgres_async engine;
  asio::io_context io;
  auto db = engine.open(io);
  fill_bands(db, many);
  pc::error_code failure;
  std::size_t read = 0;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    auto rows = db.stream(by_id(), 100);
    for (;;) {
      auto [ec, batch] = co_await rows.async_next(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        failure = ec;
        break;
      }
      if (batch.empty()) break;
      read += batch.size();
      if (read == 300) kill_backend(engine.schema.conninfo(), db.backend_pid());
    }
  });
  EXPECT_EQ(failure, pc::errc::connection_lost);
  EXPECT_EQ(read, 300u);
  EXPECT_EQ(db.transaction_depth(), 0);
  EXPECT_EQ(db.run(pc::count<Band>()), many);
}

// ---- through the pool ------------------------------------------------------------------------

class pool_stream_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("PICCOLO_PG_CONNINFO")) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
    pool.emplace(io.get_executor(), schema.conninfo(), 1, pc::postgres::pool_options{.acquire_timeout = 1s});
    pool->run(pc::create_table<Manager>());
    pool->run(pc::create_table<Band>());
    std::vector<Band> rows;
    for (int i = 1; i <= 1000; ++i) rows.push_back(Band{.name = band_name(i), .popularity = i});
    pool->run(pc::insert(std::move(rows)));
  }
  pg_schema schema;
  asio::io_context io;
  std::optional<pc::postgres::pool> pool;
};

TEST_F(pool_stream_test, a_stream_holds_its_connection_until_destroyed) {
  {
    auto rows = pool->stream(by_id(), 64);
    int read = 0;
    for (auto&& row : rows) {
      (void)row;
      ++read;
    }
    EXPECT_EQ(read, 1000);
    EXPECT_EQ(pool->idle(), 0u);  // still lent to the stream
    PICCOLO_EXPECT_ERROR(pool->run(pc::count<Band>()), pc::errc::timed_out);
  }
  EXPECT_EQ(pool->idle(), 1u);
  EXPECT_EQ(pool->run(pc::count<Band>()), 1000);
}

TEST_F(pool_stream_test, async_stream_reads_batches_and_gives_the_connection_back) {
  std::size_t read = 0;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    {
      auto rows = co_await pool->async_stream(by_id(), 300, asio::use_awaitable);
      for (;;) {
        auto batch = co_await rows.async_next(asio::use_awaitable);
        if (batch.empty()) break;
        EXPECT_EQ(std::get<1>(batch.front()), static_cast<int>(read) + 1);
        read += batch.size();
      }
    }
    {
      // dropped half-way: its end is queued, the lease kept until it is answered
      auto half = co_await pool->async_stream(by_id(), 300, asio::use_awaitable);
      auto batch = co_await half.async_next(asio::use_awaitable);
      EXPECT_EQ(batch.size(), 300u);
    }
    auto n = co_await pool->async_run(pc::count<Band>(), asio::use_awaitable);
    EXPECT_EQ(n, 1000);
  });
  EXPECT_EQ(read, 1000u);
  EXPECT_EQ(pool->idle(), 1u);
}
