// The objects API's asynchronous forms (async_save / async_remove / async_refresh /
// async_get_related / async_get_or_create and with() through async_run) on both engines
// and through the PostgreSQL pool: coroutines, callbacks and deferred operations.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "async_fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

template <class Engine>
class objects_api_async_test : public async_database_test<Engine> {
 protected:
  void SetUp() override {
    async_database_test<Engine>::SetUp();
    if (this->IsSkipped()) return;
    this->db->run(pc::create_tables<Manager, Band>());
    this->db->run(pc::insert(Manager{.name = "Guido"}));
  }
};
using async_engines = ::testing::Types<sqlite_file_async, postgres_async>;
TYPED_TEST_SUITE(objects_api_async_test, async_engines, engine_names);

// One scenario through every asynchronous form; run by a database and by the pool.
// (Every argument of a co_await is a named variable: GCC 12 miscompiles aggregate
// temporaries there.)
template <class Db>
asio::awaitable<void> async_scenario(Db& db) {
  Band band{.name = "Pythonistas", .manager = 1, .popularity = 10};
  co_await db.async_save(band, asio::use_awaitable);
  EXPECT_TRUE(band.id.has_value());
  band.popularity = 20;
  co_await db.async_save(band, asio::use_awaitable);
  std::optional<Manager> manager = co_await db.async_get_related(band, c<&Band::manager>, asio::use_awaitable);
  EXPECT_TRUE(manager && std::string{manager->name} == "Guido");
  Band solo{.name = "Solo"};
  co_await db.async_save(solo, asio::use_awaitable);
  std::optional<Manager> none = co_await db.async_get_related(solo, c<&Band::manager>, asio::use_awaitable);
  EXPECT_EQ(none, std::nullopt);
  auto existing = pc::objects<Band>().where(c<&Band::name> == "Pythonistas");
  Band same_name{.name = "Pythonistas"};
  auto found = co_await db.async_get_or_create(existing, same_name, asio::use_awaitable);
  EXPECT_FALSE(found.created);
  EXPECT_EQ(found.row.id, band.id);
  EXPECT_EQ(found.row.popularity, 20);
  // with(): each band beside its manager, in one query (none for Solo's NULL key)
  auto with_managers = pc::objects<Band>().with(c<&Band::manager>).order_by(c<&Band::name>);
  std::vector<std::tuple<Band, std::optional<Manager>>> related = co_await db.async_run(with_managers, asio::use_awaitable);
  EXPECT_EQ(related.size(), 2u);
  if (related.size() == 2) {
    EXPECT_EQ(std::string{std::get<0>(related[0]).name}, "Pythonistas");
    EXPECT_TRUE(std::get<1>(related[0]) && std::string{std::get<1>(related[0])->name} == "Guido");
    EXPECT_EQ(std::get<1>(related[1]), std::nullopt);
  }
  auto missing = pc::objects<Band>().where(c<&Band::name> == "Gophers");
  Band gophers{.name = "Gophers"};
  auto made = co_await db.async_get_or_create(missing, gophers, asio::use_awaitable);
  EXPECT_TRUE(made.created);
  band.popularity = 21;
  band.name = "not saved";
  co_await db.async_save(band, c<&Band::popularity>, asio::use_awaitable);
  band.name = "Pythonistas";
  Band copy = band;
  copy.popularity = 0;
  co_await db.async_refresh(copy, asio::use_awaitable);
  EXPECT_EQ(copy.popularity, 21);
  EXPECT_EQ(std::string{copy.name}, "Pythonistas");
  co_await db.async_remove(band, asio::use_awaitable);
  // a failure is the completion's error code (as_tuple: no exception; GCC 12 mishandles
  // a caught exception inside a coroutine)
  auto with_error_code = asio::as_tuple(asio::use_awaitable);
  auto [refresh_error] = co_await db.async_refresh(copy, with_error_code);
  EXPECT_EQ(std::error_code(refresh_error), pc::errc::not_found);
  EXPECT_EQ(copy.popularity, 21);
  auto names_query = pc::select(c<&Band::name>).order_by(c<&Band::name>);
  std::vector<std::string> names = co_await db.async_run(names_query, asio::use_awaitable);
  EXPECT_EQ(names, (std::vector<std::string>{"Gophers", "Solo"}));
}

TYPED_TEST(objects_api_async_test, every_form_completes_through_a_coroutine) {
  run_coroutine(this->io, [&]() -> asio::awaitable<void> { co_await async_scenario(*this->db); });
}

TYPED_TEST(objects_api_async_test, a_callback_gets_the_error_code_and_the_object_stays_unchanged) {
  this->db->run(pc::insert(Band{.name = "Taken"}));
  Band band{.name = "Taken"};
  pc::error_code seen;
  bool called = false;
  this->db->async_save(band, [&](pc::error_code ec) {
    seen = ec;
    called = true;
  });
  this->io.run();
  EXPECT_TRUE(called);
  EXPECT_EQ(std::error_code(seen), pc::errc::unique_violation);
  EXPECT_FALSE(band.id.has_value());
}

TYPED_TEST(objects_api_async_test, save_of_named_columns_takes_a_callback_or_defers) {
  Band band{.name = "Taken", .popularity = 1};
  this->db->save(band);
  band.popularity = 2;
  band.name = "not saved";
  pc::error_code seen = asio::error::eof;
  this->db->async_save(band, c<&Band::popularity>, [&](pc::error_code ec) { seen = ec; });
  this->io.run();
  this->io.restart();
  EXPECT_FALSE(seen);
  band.popularity = 3;
  auto deferred = this->db->async_save(band, c<&Band::popularity>, c<&Band::website>);  // asio::deferred
  std::move(deferred)([&](pc::error_code ec) { seen = ec; });
  this->io.run();
  EXPECT_FALSE(seen);
  EXPECT_EQ(this->db->run(pc::select(c<&Band::name>, c<&Band::popularity>).where(c<&Band::id> == band.id)),
            (std::vector<std::tuple<std::string, int>>{{"Taken", 3}}));
}

TYPED_TEST(objects_api_async_test, get_related_of_a_null_key_completes_after_the_initiating_call) {
  Band band{.name = "Solo"};
  bool called = false;
  this->db->async_get_related(band, c<&Band::manager>, [&](pc::error_code ec, std::optional<Manager> m) {
    EXPECT_FALSE(ec);
    EXPECT_EQ(m, std::nullopt);
    called = true;
  });
  EXPECT_FALSE(called);  // never inside the initiating function
  this->io.run();
  EXPECT_TRUE(called);
}


// ---- PostgreSQL: the pool --------------------------------------------------------------

class objects_api_pool_test : public postgres_fault_fixture {};

TEST_F(objects_api_pool_test, the_pool_runs_every_form) {
  asio::io_context io;
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 2};
  Band band{.name = "Pooled", .manager = 1};
  pool.save(band);
  EXPECT_EQ(std::string{pool.get_related(band, c<&Band::manager>)->name}, "Guido");
  pool.remove(band);
  run_coroutine(io, [&]() -> asio::awaitable<void> { co_await async_scenario(pool); });
}

}  // namespace
