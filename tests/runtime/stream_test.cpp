// db.stream(query, batch_size): rows read as the range advances (SQLite: a statement of
// its own; PostgreSQL: a cursor), synchronously and in batches asynchronously, through
// the pool, and against its faults (a killed backend, a stream dropped half-way, a
// value that does not decode).

#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <ranges>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/take.hpp>
#include <range/v3/view/transform.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "async_fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

constexpr int many = 10'000;

template <class Engine>
constexpr bool Engine_is_sqlite = Engine::is_sqlite;

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

auto by_id() { return pc::select(c<&Band::name>, c<&Band::popularity>).order_by(c<&Band::id>); }

// Reads a stream's batches to its end or to its first error (returned); each batch read
// goes to on_batch.
template <class Stream, class OnBatch>
asio::awaitable<pc::error_code> read_batches(Stream& rows, OnBatch on_batch) {
  for (;;) {
    auto [ec, batch] = co_await rows.async_next(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return ec;
    if (batch.empty()) co_return pc::error_code{};
    on_batch(batch);
  }
}

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

// SQLite's stream holds a statement, not a transaction scope: a transaction opened while
// it reads is the caller's own, committed by its commit. On PostgreSQL the stream holds
// the connection's transaction for its cursor: a transaction inside it would be a
// savepoint that the stream's end decides, so it is refused until the stream ends.
TYPED_TEST(stream_test, a_transaction_begun_while_streaming_is_the_callers_or_refused) {
  auto rows = this->db.stream(by_id().where(c<&Band::popularity> <= 3), 1);
  auto it = rows.begin();
  EXPECT_EQ(std::get<1>(*it), 1);
  if constexpr (Engine_is_sqlite<TypeParam>) {
    auto tx = this->db.begin();
    tx.run(pc::insert(Manager{.name = "inside"}));
    tx.commit();
    this->db.transaction([](auto& db) { db.run(pc::insert(Manager{.name = "function"})); });
  } else {
    PICCOLO_EXPECT_ERROR((void)this->db.begin(), pc::errc::misuse);
    PICCOLO_EXPECT_ERROR(this->db.transaction([](auto&) {}), pc::errc::misuse);
    EXPECT_EQ(this->db.transaction_depth(), 1);  // the stream's, still open
    this->db.run(pc::insert(Manager{.name = "inside"}));
    this->db.run(pc::insert(Manager{.name = "function"}));
  }
  std::vector<int> rest;
  for (++it; it != rows.end(); ++it) rest.push_back(std::get<1>(*it));
  EXPECT_EQ(rest, (std::vector<int>{2, 3}));
  this->expect_connection_usable();
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 2);
  // once the stream has ended, begin() is a transaction again
  auto tx = this->db.begin();
  tx.rollback();
}

// A value that does not decode (website NULL at id 150) ends the stream; the caller's
// write between batches stays (PostgreSQL: the stream's transaction is committed, not
// rolled back; SQLite: the write was never the stream's).
TYPED_TEST(stream_test, a_decode_error_keeps_the_writes_made_between_batches) {
  this->db.run(pc::update<Band>().set(c<&Band::website> = std::optional<std::string>{"w"}).where(c<&Band::id> != 150));
  int read = 0;
  PICCOLO_EXPECT_ERROR(
      for (const std::string& website : this->db.stream(pc::raw<"SELECT website FROM band ORDER BY id", std::string>(), 100)) {
        (void)website;
        if (++read == 50) this->db.run(pc::insert(Manager{.name = "between batches"}));
      },
      pc::errc::unexpected_null);
  EXPECT_EQ(read, 149);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 1);
  this->expect_connection_usable();
}

// Two streams on one connection, the second begun while the first reads (PostgreSQL: in
// the transaction the first opened). The first ends first: the second still reads to its
// end (its cursor outlives the first's end), and the transaction ends with the last.
TYPED_TEST(stream_test, a_second_stream_outlives_the_first_that_opened_the_transaction) {
  std::vector<int> first_rows, second_rows;
  {
    auto first = this->db.stream(by_id().where(c<&Band::popularity> <= 3), 2);
    auto second = this->db.stream(by_id().where(c<&Band::popularity> > 9'995), 2);
    auto first_it = first.begin();  // nothing runs before begin(): the first opens the transaction
    auto second_it = second.begin();
    for (; first_it != first.end(); ++first_it) first_rows.push_back(std::get<1>(*first_it));
    if constexpr (!Engine_is_sqlite<TypeParam>) {
      EXPECT_EQ(this->db.transaction_depth(), 1);  // the second stream's still
    }
    this->db.run(pc::insert(Manager{.name = "between"}));
    for (; second_it != second.end(); ++second_it) second_rows.push_back(std::get<1>(*second_it));
  }
  EXPECT_EQ(first_rows, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(second_rows, (std::vector<int>{9'996, 9'997, 9'998, 9'999, 10'000}));
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

// A server error at a later FETCH (division by zero at popularity 5) returns the
// transaction to the FETCH's savepoint: the stream ends, and the caller's write between
// batches, in the stream's transaction, is committed with it.
TEST_F(postgres_stream_test, a_failing_fetch_keeps_the_writes_made_between_batches) {
  int read = 0;
  PICCOLO_EXPECT_ERROR(
      for (auto&& n : db->stream(pc::raw<"SELECT 1 / (popularity - 5) FROM band ORDER BY id", int>(), 2)) {
        (void)n;
        if (++read == 1) db->run(pc::insert(Manager{.name = "between batches"}));
      },
      pc::errc::engine_error);
  EXPECT_EQ(read, 4);
  EXPECT_EQ(db->transaction_depth(), 0);
  EXPECT_TRUE(db->reusable());
  EXPECT_EQ(db->run(pc::count<Manager>()), 1);
}

// Inside the caller's transaction a failing FETCH leaves that transaction usable: what it
// wrote before and after the stream's error is committed by its commit().
TEST_F(postgres_stream_test, a_failing_fetch_inside_the_callers_transaction_leaves_it_usable) {
  auto tx = db->begin();
  tx.run(pc::insert(Manager{.name = "before"}));
  PICCOLO_EXPECT_ERROR(
      for (auto&& n : db->stream(pc::raw<"SELECT 1 / (popularity - 5) FROM band ORDER BY id", int>(), 2)) (void)n,
      pc::errc::engine_error);
  EXPECT_EQ(db->transaction_depth(), 1);
  tx.run(pc::insert(Manager{.name = "after"}));
  tx.commit();
  EXPECT_EQ(db->run(pc::count<Manager>()), 2);
  EXPECT_TRUE(db->reusable());
}

// ---- asynchronously, on both engines --------------------------------------------------------

template <class Engine>
class async_stream_test : public async_database_test<Engine> {
 protected:
  void SetUp() override {
    async_database_test<Engine>::SetUp();
    if (this->IsSkipped()) return;
    fill_bands(*this->db, many);
  }
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
    failure = co_await read_batches(rows, [&](const auto& batch) { rows_before += batch.size(); });
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

// Cancelled before it ran (the signal emitted as the call starts): the batch completes
// with operation_aborted, the stream is over (later calls say so again), and what the
// caller wrote between batches is kept (PostgreSQL: it ran in the stream's transaction,
// which is committed, not rolled back).
TYPED_TEST(async_stream_test, a_cancelled_batch_ends_the_stream_and_keeps_the_callers_writes) {
  // SQLite's batch runs on a worker thread at once: a signal emitted after the call may
  // come too late, so SQLite is cancelled by a timeout in the next test instead
  if constexpr (TypeParam::is_sqlite) GTEST_SKIP() << "racy on SQLite's worker threads";
  using rows_type = std::vector<std::tuple<std::string, int>>;
  pc::error_code cancelled = pc::errc::engine_error, after;
  std::size_t first_size = 0;
  auto rows = this->db->stream(by_id(), 100);
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto first = co_await rows.async_next(asio::use_awaitable);
    first_size = first.size();
    auto write = pc::insert(Manager{.name = "between batches"});  // named: GCC 12 and co_await temporaries
    co_await this->db->async_run(write, asio::use_awaitable);
  });
  asio::cancellation_signal signal;
  rows.async_next(asio::bind_cancellation_slot(signal.slot(), [&](pc::error_code ec, rows_type batch) {
    cancelled = ec;
    EXPECT_EQ(batch, rows_type{});
  }));
  signal.emit(asio::cancellation_type::terminal);  // before the call has run
  this->io.run();
  this->io.restart();
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto [ec, batch] = co_await rows.async_next(asio::as_tuple(asio::use_awaitable));
    after = ec;
    EXPECT_TRUE(batch.empty());
    auto n = co_await this->db->async_run(pc::count<Band>(), asio::use_awaitable);
    EXPECT_EQ(n, many);
  });
  EXPECT_EQ(first_size, 100u);
  EXPECT_EQ(cancelled, asio::error::operation_aborted);
  EXPECT_EQ(after, asio::error::operation_aborted);
  EXPECT_EQ(this->db->transaction_depth(), 0);
  EXPECT_FALSE(this->db->in_transaction());
  if constexpr (!TypeParam::is_sqlite) {
    EXPECT_TRUE(this->db->reusable());
  }
  EXPECT_EQ(this->db->run(pc::count<Manager>()), 1);
  EXPECT_EQ(this->db->run(by_id().where(c<&Band::popularity> == 101)), (rows_type{{"band 101", 101}}));
}

// The rule holds whatever the token: a callback (no cancellation slot) whose batch fails
// to decode ends the stream, and the write made between batches is kept.
TYPED_TEST(async_stream_test, a_decode_error_without_a_cancellation_slot_keeps_the_callers_writes) {
  using rows_type = std::vector<std::string>;
  this->db->run(pc::update<Band>().set(c<&Band::website> = std::optional<std::string>{"w"}).where(c<&Band::id> != 150));
  auto rows = this->db->stream(pc::raw<"SELECT website FROM band ORDER BY id", std::string>(), 100);
  std::size_t first_size = 0;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto first = co_await rows.async_next(asio::use_awaitable);
    first_size = first.size();
    auto write = pc::insert(Manager{.name = "between batches"});
    co_await this->db->async_run(write, asio::use_awaitable);
  });
  pc::error_code failure;
  rows.async_next([&](pc::error_code ec, rows_type batch) {
    failure = ec;
    EXPECT_TRUE(batch.empty());
  });
  this->io.run();
  this->io.restart();
  EXPECT_EQ(first_size, 100u);
  EXPECT_EQ(failure, pc::errc::unexpected_null);
  EXPECT_EQ(this->db->transaction_depth(), 0);
  EXPECT_FALSE(this->db->in_transaction());
  EXPECT_EQ(this->db->run(pc::count<Manager>()), 1);
}

// Two streams read in batches on one connection; the first (on PostgreSQL the one that
// opened the transaction) ends first, the second reads on to its end.
TYPED_TEST(async_stream_test, a_second_stream_outlives_the_first_that_opened_the_transaction) {
  std::vector<int> first_rows, second_rows;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto first = this->db->stream(pc::select(c<&Band::popularity>).where(c<&Band::popularity> <= 3).order_by(c<&Band::id>), 2);
    auto second =
        this->db->stream(pc::select(c<&Band::popularity>).where(c<&Band::popularity> > 9'995).order_by(c<&Band::id>), 2);
    for (int p : co_await first.async_next(asio::use_awaitable)) first_rows.push_back(p);
    for (int p : co_await second.async_next(asio::use_awaitable)) second_rows.push_back(p);
    auto append_to = [](std::vector<int>& to) {
      return [&to](const std::vector<int>& batch) { to.insert(to.end(), batch.begin(), batch.end()); };
    };
    pc::error_code first_end = co_await read_batches(first, append_to(first_rows));
    EXPECT_FALSE(first_end);
    auto write = pc::insert(Manager{.name = "between"});
    co_await this->db->async_run(write, asio::use_awaitable);
    pc::error_code second_end = co_await read_batches(second, append_to(second_rows));
    EXPECT_FALSE(second_end);
  });
  EXPECT_EQ(first_rows, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(second_rows, (std::vector<int>{9'996, 9'997, 9'998, 9'999, 10'000}));
  EXPECT_EQ(this->db->transaction_depth(), 0);
  EXPECT_FALSE(this->db->in_transaction());
  EXPECT_EQ(this->db->run(pc::count<Manager>()), 1);
}

// On PostgreSQL an asynchronous transaction is refused while an asynchronous stream holds
// the connection's transaction; on SQLite the stream holds none and it commits.
TYPED_TEST(async_stream_test, an_async_transaction_while_streaming_is_the_callers_or_refused) {
  std::vector<int> read;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto rows = this->db->stream(pc::select(c<&Band::popularity>).where(c<&Band::popularity> <= 4).order_by(c<&Band::id>), 2);
    for (int p : co_await rows.async_next(asio::use_awaitable)) read.push_back(p);
    auto body = [](auto& tx) -> asio::awaitable<void> {
      auto write = pc::insert(Manager{.name = "inside"});
      co_await tx.async_run(write, asio::use_awaitable);
    };
    if constexpr (TypeParam::is_sqlite) {
      co_await this->db->async_transaction(body, asio::use_awaitable);
    } else {
      auto [failure] = co_await this->db->async_transaction(body, asio::as_tuple(asio::use_awaitable));
      PICCOLO_EXPECT_ERROR(std::rethrow_exception(failure), pc::errc::misuse);
      auto [begin_failure, tx] = co_await this->db->async_begin(asio::as_tuple(asio::use_awaitable));
      PICCOLO_EXPECT_ERROR(std::rethrow_exception(begin_failure), pc::errc::misuse);
      EXPECT_EQ(this->db->transaction_depth(), 1);
      auto write = pc::insert(Manager{.name = "inside"});
      co_await this->db->async_run(write, asio::use_awaitable);
    }
    for (;;) {
      auto batch = co_await rows.async_next(asio::use_awaitable);
      if (batch.empty()) break;
      for (int p : batch) read.push_back(p);
    }
  });
  EXPECT_EQ(read, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(this->db->transaction_depth(), 0);
  EXPECT_EQ(this->db->run(pc::count<Manager>()), 1);
}

// A FETCH that the server is running when the timeout fires is cancelled there (PQcancel):
// timed_out, the stream's transaction keeps what the caller wrote in it, and the
// connection is reusable at once.
// SQLite: a step still running when the timeout fires is interrupted (sqlite3_interrupt);
// the batch completes with timed_out, the statement is finalized, the database reusable.
TYPED_TEST(async_stream_test, a_timed_out_batch_is_interrupted) {
  if constexpr (!TypeParam::is_sqlite) GTEST_SKIP() << "PostgreSQL: a_timed_out_fetch_is_cancelled_on_the_server";
  pc::error_code timed_out, after;
  auto started = std::chrono::steady_clock::now();
  auto rows = this->db->stream(
      pc::raw<"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000000) "
              "SELECT i FROM n WHERE i = 0",
              std::int64_t>(),
      10);
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    pc::run_options short_timeout{200ms};
    auto [ec, batch] = co_await rows.async_next(short_timeout, asio::as_tuple(asio::use_awaitable));
    timed_out = ec;
    EXPECT_TRUE(batch.empty());
    auto [ec2, batch2] = co_await rows.async_next(asio::as_tuple(asio::use_awaitable));
    after = ec2;
    auto n = co_await this->db->async_run(pc::count<Band>(), asio::use_awaitable);
    EXPECT_EQ(n, many);
  });
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(timed_out, pc::errc::timed_out);
  EXPECT_EQ(after, asio::error::operation_aborted);
  EXPECT_EQ(this->db->run(pc::count<Band>()), many);
}

TEST(postgres_async_stream_test, a_timed_out_fetch_is_cancelled_on_the_server) {
  if (!std::getenv("PICCOLO_PG_CONNINFO")) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
  postgres_async engine;
  asio::io_context io;
  auto db = engine.open(io);
  fill_bands(db, many);
  std::vector<int> first;
  pc::error_code timed_out, after;
  auto started = std::chrono::steady_clock::now();
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    // row 3 sleeps 10 s on the server: the second FETCH runs into it
    auto rows = db.stream(
        pc::raw<"SELECT CAST(id AS integer) FROM band, LATERAL (SELECT pg_sleep(CASE WHEN id = 3 THEN 10 ELSE 0 END)) AS s "
                "WHERE id <= 5",
                int>(),
        2);
    first = co_await rows.async_next(asio::use_awaitable);
    auto write = pc::insert(Manager{.name = "between batches"});
    co_await db.async_run(write, asio::use_awaitable);
    pc::run_options short_timeout{300ms};
    auto [ec, batch] = co_await rows.async_next(short_timeout, asio::as_tuple(asio::use_awaitable));
    timed_out = ec;
    EXPECT_TRUE(batch.empty());
    auto [ec2, batch2] = co_await rows.async_next(asio::as_tuple(asio::use_awaitable));
    after = ec2;
  });
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(first, (std::vector<int>{1, 2}));
  EXPECT_EQ(timed_out, pc::errc::timed_out);
  EXPECT_EQ(after, asio::error::operation_aborted);
  EXPECT_EQ(db.transaction_depth(), 0);
  EXPECT_TRUE(db.reusable());
  EXPECT_EQ(db.run(pc::count<Manager>()), 1);
  EXPECT_EQ(db.run(pc::count<Band>()), many);
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
    failure = co_await read_batches(rows, [&](const auto& batch) {
      read += batch.size();
      if (read == 300) kill_backend(engine.schema.conninfo(), db.backend_pid());
    });
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

// A replica that cannot be reached: the stream reads from the primary, as async_run does.
TEST_F(pool_stream_test, async_stream_on_a_down_replica_falls_back_to_the_primary) {
  const std::string down = "host=127.0.0.1 port=1 dbname=none user=none connect_timeout=2";
  std::vector<std::string> reported;
  pc::postgres::pool routed{io.get_executor(), schema.conninfo(), 1,
                            pc::postgres::pool_options{.acquire_timeout = 2s,
                                                       .replicas = {down},
                                                       .on_replica_failure = [&](const std::string& conninfo,
                                                                                 const std::string&) {
                                                         reported.push_back(conninfo);
                                                       }}};
  std::size_t read = 0;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    auto rows = co_await routed.async_stream(by_id().on(pc::replica), 400, asio::use_awaitable);
    for (;;) {
      auto batch = co_await rows.async_next(asio::use_awaitable);
      if (batch.empty()) break;
      EXPECT_EQ(std::get<1>(batch.front()), static_cast<int>(read) + 1);
      read += batch.size();
    }
  });
  EXPECT_EQ(read, 1000u);
  EXPECT_EQ(reported, std::vector<std::string>{down});
  EXPECT_EQ(routed.idle(), 1u);
}

TEST_F(pool_stream_test, without_fallback_async_stream_on_a_down_replica_fails) {
  pc::postgres::pool routed{io.get_executor(), schema.conninfo(), 1,
                            pc::postgres::pool_options{.acquire_timeout = 2s,
                                                       .replicas = {"host=127.0.0.1 port=1 dbname=none user=none"},
                                                       .replica_fallback = false}};
  pc::error_code failure;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    auto [ec, rows] = co_await routed.async_stream(by_id().on(pc::replica), 400, asio::as_tuple(asio::use_awaitable));
    failure = ec;
  });
  EXPECT_EQ(failure, pc::errc::connection_failed);
}
