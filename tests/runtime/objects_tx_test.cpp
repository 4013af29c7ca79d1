// The objects API on transaction objects: tx.save / remove / refresh / get_related /
// get_or_create on db.begin() and pool.begin(), their async_ forms on async_begin()'s
// object and on the body of async_transaction(), on both engines: committed, rolled back,
// a constraint failing inside, the connection killed inside, used after the end, and two
// transactions racing on get_or_create.

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "async_fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

// The code of what an operation completed with: a pc::error, or the system_error that
// use_awaitable throws for an error code.
std::error_code code_of(std::exception_ptr failure) {
  if (!failure) return {};
  try {
    std::rethrow_exception(failure);
  } catch (const pc::error& e) {
    return e.code();
  } catch (const boost::system::system_error& e) {
    return e.code();
  }
}

Band stored_band(auto& db, std::int64_t id) { return *db.run(pc::objects<Band>().get(c<&Band::id> == id)); }

std::vector<std::string> band_names(auto& db) { return db.run(pc::select(c<&Band::name>).order_by(c<&Band::name>)); }

// ---- synchronous transaction objects, both engines ----------------------------------

template <class Engine>
class objects_tx_test : public example_test<Engine> {};
TYPED_TEST_SUITE(objects_tx_test, engines, engine_names);

TYPED_TEST(objects_tx_test, a_transaction_object_that_has_ended_refuses_every_objects_call_as_misuse) {
  Band band = stored_band(this->db, 1);
  auto tx = this->db.begin();
  tx.commit();
  band.popularity = 7;
  PICCOLO_EXPECT_ERROR(tx.save(band), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR(tx.save(band, c<&Band::popularity>), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR(tx.remove(band), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR(tx.refresh(band), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR((void)tx.get_related(band, c<&Band::manager>), pc::errc::misuse);
  Band unmanaged{.name = "Unmanaged"};  // a NULL key: a call that would run no query
  PICCOLO_EXPECT_ERROR((void)tx.get_related(unmanaged, c<&Band::manager>), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR((void)tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "New"), Band{.name = "New"}),
                       pc::errc::misuse);
  Band fresh{.name = "Fresh"};
  auto rolled_back = this->db.begin();
  rolled_back.rollback();
  PICCOLO_EXPECT_ERROR(rolled_back.save(fresh), pc::errc::misuse);
  EXPECT_FALSE(fresh.id.has_value());
  EXPECT_EQ(band.popularity, 7);  // refresh did not run
  EXPECT_EQ(stored_band(this->db, 1).popularity, 1000);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(objects_tx_test, an_outer_transaction_object_is_misuse_while_an_inner_one_is_open) {
  auto outer = this->db.begin();
  Band band{.name = "Gophers"};
  {
    auto inner = this->db.begin();  // a savepoint
    PICCOLO_EXPECT_ERROR(outer.save(band), pc::errc::misuse);
    inner.save(band);
    EXPECT_EQ(band.id, 4);
    inner.rollback();
  }
  PICCOLO_EXPECT_ERROR(outer.refresh(band), pc::errc::not_found);  // the savepoint's insert is undone
  band.id = {};
  outer.save(band);
  outer.commit();
  EXPECT_EQ(band_names(this->db), (std::vector<std::string>{"C-Sharps", "Gophers", "Pythonistas", "Rustaceans"}));
}

TYPED_TEST(objects_tx_test, a_unique_violation_inside_is_typed_and_only_postgres_aborts_the_transaction) {
  auto tx = this->db.begin();
  Band first{.name = "Gophers"};
  tx.save(first);
  Band duplicate{.name = "Pythonistas"};
  PICCOLO_EXPECT_ERROR(tx.save(duplicate), pc::errc::unique_violation);
  EXPECT_FALSE(duplicate.id.has_value());
  Band later{.name = "Later"};
  if constexpr (TypeParam::is_sqlite) {
    // SQLite undoes the one statement; the transaction goes on
    tx.save(later);
    tx.commit();
    EXPECT_EQ(band_names(this->db),
              (std::vector<std::string>{"C-Sharps", "Gophers", "Later", "Pythonistas", "Rustaceans"}));
  } else {
    // PostgreSQL refuses every statement until the end: SQLSTATE 25P02 ("current
    // transaction is aborted"), transaction_aborted
    PICCOLO_EXPECT_ERROR(tx.save(later), pc::errc::transaction_aborted);
    EXPECT_FALSE(later.id.has_value());
    PICCOLO_EXPECT_ERROR(tx.commit(), pc::errc::transaction_aborted);  // COMMIT answered by ROLLBACK
    EXPECT_FALSE(tx.active());
    EXPECT_EQ(band_names(this->db), (std::vector<std::string>{"C-Sharps", "Pythonistas", "Rustaceans"}));
  }
}

// A savepoint around a call that may fail keeps a PostgreSQL transaction going.
TYPED_TEST(objects_tx_test, a_savepoint_rolled_back_after_a_failed_save_keeps_the_transaction_usable) {
  auto tx = this->db.begin();
  Band duplicate{.name = "Pythonistas"};
  {
    auto before_save = tx.savepoint("before_save");
    PICCOLO_EXPECT_ERROR(tx.save(duplicate), pc::errc::unique_violation);
    before_save.rollback();
  }
  Band later{.name = "Later"};
  tx.save(later);
  tx.commit();
  EXPECT_FALSE(duplicate.id.has_value());
  EXPECT_EQ(band_names(this->db), (std::vector<std::string>{"C-Sharps", "Later", "Pythonistas", "Rustaceans"}));
}

// get_or_create's insert is ON CONFLICT DO NOTHING, so a conflict is never a server error
// (which would abort a PostgreSQL transaction): a row that conflicts with one the query
// misses is piccolo's own unique_violation, and the transaction goes on on both engines.
TYPED_TEST(objects_tx_test, get_or_create_conflicting_with_a_row_the_query_misses_leaves_the_transaction_usable) {
  auto tx = this->db.begin();
  PICCOLO_EXPECT_ERROR((void)tx.get_or_create(pc::objects<Band>().where(c<&Band::popularity> == 7),
                                              Band{.name = "Pythonistas", .popularity = 7}),
                       pc::errc::unique_violation);
  Band gophers{.name = "Gophers"};
  tx.save(gophers);
  tx.commit();
  EXPECT_EQ(band_names(this->db), (std::vector<std::string>{"C-Sharps", "Gophers", "Pythonistas", "Rustaceans"}));
}

TYPED_TEST(objects_tx_test, every_objects_call_inside_a_transaction_object_is_visible_after_commit) {
  auto tx = this->db.begin();
  Band gophers{.name = "Gophers", .manager = 2, .popularity = 300};
  tx.save(gophers);
  EXPECT_EQ(gophers.id, 4);
  Band pythonistas = stored_band(tx, 1);
  pythonistas.popularity = 2000;
  pythonistas.name = "not saved";
  tx.save(pythonistas, c<&Band::popularity>);
  tx.refresh(pythonistas);
  EXPECT_EQ(std::string{pythonistas.name}, "Pythonistas");
  EXPECT_EQ(pythonistas.popularity, 2000);
  std::optional<Manager> manager = tx.get_related(gophers, c<&Band::manager>);
  ASSERT_TRUE(manager.has_value());
  EXPECT_EQ(std::string{manager->name}, "Graydon");
  auto found = tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Gophers"), Band{.name = "Gophers"});
  EXPECT_FALSE(found.created);
  EXPECT_EQ(found.row.id, 4);
  EXPECT_EQ(found.row.popularity, 300);
  auto made = tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Crabs"), Band{.name = "Crabs"});
  EXPECT_TRUE(made.created);
  EXPECT_EQ(made.row.id, 5);
  tx.remove(stored_band(tx, 3));
  if constexpr (!TypeParam::is_sqlite) {
    // another connection sees none of it before the commit
    auto other = this->engine.connect();
    EXPECT_EQ(band_names(other), (std::vector<std::string>{"C-Sharps", "Pythonistas", "Rustaceans"}));
  }
  tx.commit();
  EXPECT_EQ(band_names(this->db), (std::vector<std::string>{"Crabs", "Gophers", "Pythonistas", "Rustaceans"}));
  EXPECT_EQ(stored_band(this->db, 1).popularity, 2000);
  EXPECT_EQ(stored_band(this->db, 4).popularity, 300);
}

// The decision: save() inside a transaction writes the key back at once, and a rollback
// does not take it back (the object cannot know). It then names a row that does not
// exist: refresh() and save() are errc::not_found; reset the key to insert it again. On
// SQLite the next insert may even be given that key (a rowid is reused, a PostgreSQL
// sequence never goes back), and the object then names another row.
TYPED_TEST(objects_tx_test, rollback_undoes_every_objects_call_and_the_written_back_key_is_kept) {
  Band gophers{.name = "Gophers", .manager = 2};
  Band pythonistas = stored_band(this->db, 1);
  {
    auto tx = this->db.begin();
    tx.save(gophers);
    pythonistas.popularity = 2000;
    tx.save(pythonistas);
    tx.remove(stored_band(tx, 2));
    EXPECT_TRUE(tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Crabs"), Band{.name = "Crabs"}).created);
    tx.rollback();
  }
  {
    auto dropped = this->db.begin();
    Band never{.name = "Never"};
    dropped.save(never);
  }  // destroyed without commit: rolled back too
  EXPECT_EQ(band_names(this->db), (std::vector<std::string>{"C-Sharps", "Pythonistas", "Rustaceans"}));
  EXPECT_EQ(stored_band(this->db, 1).popularity, 1000);
  EXPECT_EQ(gophers.id, 4);  // kept
  PICCOLO_EXPECT_ERROR(this->db.refresh(gophers), pc::errc::not_found);
  PICCOLO_EXPECT_ERROR(this->db.save(gophers), pc::errc::not_found);
  EXPECT_EQ(pythonistas.popularity, 2000);  // the object keeps what it was given
  this->db.refresh(pythonistas);
  EXPECT_EQ(pythonistas.popularity, 1000);
  Band other{.name = "Other"};
  this->db.save(other);
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(other.id, 4);  // the rolled-back rowid again
    this->db.refresh(gophers);
    EXPECT_EQ(std::string{gophers.name}, "Other");
  } else {
    EXPECT_EQ(other.id, 7);  // after 4 (Gophers), 5 (Crabs) and 6 (Never), all rolled back
  }
  gophers.id = {};
  gophers.name = "Gophers";
  this->db.save(gophers);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 5);
}

TYPED_TEST(objects_tx_test, the_callback_transaction_hands_its_body_an_object_with_the_objects_api) {
  Band gophers{.name = "Gophers"};
  this->db.transaction([&](auto& tx) {
    tx.save(gophers);
    EXPECT_TRUE(tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Crabs"), Band{.name = "Crabs"}).created);
  });
  Band lost{.name = "Lost"};
  PICCOLO_EXPECT_ERROR(this->db.transaction([&](auto& tx) {
    tx.save(lost);
    tx.remove(gophers);
    Band duplicate{.name = "Crabs"};
    tx.save(duplicate);  // unique_violation: the whole transaction rolls back
  }),
                       pc::errc::unique_violation);
  EXPECT_EQ(band_names(this->db),
            (std::vector<std::string>{"C-Sharps", "Crabs", "Gophers", "Pythonistas", "Rustaceans"}));
}

// ---- PostgreSQL: a killed backend, two transactions racing, the pool --------------------

class objects_tx_postgres_test : public postgres_fault_fixture {};

TEST_F(objects_tx_postgres_test, a_killed_backend_inside_a_transaction_is_connection_lost_and_commits_nothing) {
  pc::postgres::database db{schema.conninfo()};
  {
    auto tx = db.begin();
    Band first{.name = "First", .manager = 1};
    tx.save(first);
    EXPECT_EQ(first.id, 1);
    kill_backend(schema.conninfo(), db.backend_pid());
    Band second{.name = "Second"};
    PICCOLO_EXPECT_ERROR(tx.save(second), pc::errc::connection_lost);
    EXPECT_FALSE(second.id.has_value());
    PICCOLO_EXPECT_ERROR(tx.refresh(first), pc::errc::connection_lost);
    PICCOLO_EXPECT_ERROR((void)tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "Third"), Band{.name = "Third"}),
                         pc::errc::connection_lost);
    PICCOLO_EXPECT_ERROR(tx.commit(), pc::errc::connection_lost);
  }
  pc::postgres::database other{schema.conninfo()};
  EXPECT_EQ(other.run(pc::count<Band>()), 0);
  Band after{.name = "After"};
  db.save(after);  // reconnected
  EXPECT_EQ(other.run(pc::count<Band>()), 1);
}

// Whether `pid` waits for a lock (another transaction's uncommitted row).
bool waits_for_a_lock(pc::postgres::database& observer, int pid) {
  return observer.run(pc::raw<"SELECT count(*) FROM pg_stat_activity WHERE pid = CAST({} AS integer) "
                              "AND wait_event_type = 'Lock'",
                              std::int64_t>(pid))
             .at(0) == 1;
}

TEST_F(objects_tx_postgres_test, get_or_create_in_two_transactions_waits_for_the_first_and_finds_its_row) {
  pc::postgres::database first{schema.conninfo()};
  pc::postgres::database second{schema.conninfo()};
  pc::postgres::database observer{schema.conninfo()};
  auto query = pc::objects<Band>().where(c<&Band::name> == "Gophers");
  auto tx1 = first.begin();
  auto mine = tx1.get_or_create(query, Band{.name = "Gophers", .popularity = 1});
  EXPECT_TRUE(mine.created);
  auto tx2 = second.begin();
  auto theirs = std::async(std::launch::async, [&] { return tx2.get_or_create(query, Band{.name = "Gophers", .popularity = 2}); });
  // the second transaction's insert waits on the first's uncommitted row
  bool waited = false;
  for (int i = 0; i < 500 && !waited; ++i) {
    waited = waits_for_a_lock(observer, second.backend_pid());
    if (!waited) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(waited);
  EXPECT_EQ(theirs.wait_for(0s), std::future_status::timeout);
  tx1.commit();
  auto found = theirs.get();
  EXPECT_FALSE(found.created);
  EXPECT_EQ(found.row.id, mine.row.id);
  EXPECT_EQ(found.row.popularity, 1);
  // the second transaction is still usable
  Band after{.name = "After"};
  tx2.save(after);
  tx2.commit();
  EXPECT_EQ(band_names(observer), (std::vector<std::string>{"After", "Gophers"}));
}

// Under REPEATABLE READ the first transaction's row is not in the second's snapshot: the
// server refuses the insert that waited on it (serialization_failure), and the
// transaction is over; retry it whole.
TEST_F(objects_tx_postgres_test, get_or_create_in_a_repeatable_read_transaction_that_lost_the_race_is_a_serialization_failure) {
  pc::postgres::database first{schema.conninfo()};
  pc::postgres::database second{schema.conninfo()};
  pc::postgres::database observer{schema.conninfo()};
  auto query = pc::objects<Band>().where(c<&Band::name> == "Gophers");
  const pc::postgres::transaction_options repeatable{.level = pc::postgres::isolation::repeatable_read};
  auto tx1 = first.begin(repeatable);
  EXPECT_TRUE(tx1.get_or_create(query, Band{.name = "Gophers"}).created);
  auto tx2 = second.begin(repeatable);
  auto theirs = std::async(std::launch::async, [&]() -> pc::errc {
    try {
      (void)tx2.get_or_create(query, Band{.name = "Gophers"});
      return pc::errc::ok;
    } catch (const pc::error& e) {
      return e.value();
    }
  });
  for (int i = 0; i < 500 && !waits_for_a_lock(observer, second.backend_pid()); ++i) std::this_thread::sleep_for(10ms);
  tx1.commit();
  EXPECT_EQ(theirs.get(), pc::errc::serialization_failure);
  PICCOLO_EXPECT_ERROR(tx2.commit(), pc::errc::transaction_aborted);
  EXPECT_EQ(observer.run(pc::count<Band>()), 1);
}

TEST_F(objects_tx_postgres_test, the_pools_transaction_objects_have_the_objects_api) {
  asio::io_context io;
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 2};
  {
    auto tx = pool.begin();
    Band band{.name = "Pooled", .manager = 1};
    tx.save(band);
    EXPECT_EQ(std::string{tx.get_related(band, c<&Band::manager>)->name}, "Guido");
    tx.commit();
    PICCOLO_EXPECT_ERROR(tx.save(band), pc::errc::misuse);
  }
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    auto tx = co_await pool.async_begin(asio::use_awaitable);
    auto query = pc::objects<Band>().where(c<&Band::name> == "Async");
    Band row{.name = "Async"};
    auto made = co_await tx.async_get_or_create(query, row, asio::use_awaitable);
    EXPECT_TRUE(made.created);
    co_await tx.async_commit(asio::use_awaitable);
  });
  EXPECT_EQ(pool.run(pc::select(c<&Band::name>).order_by(c<&Band::name>)), (std::vector<std::string>{"Async", "Pooled"}));
}

// ---- asynchronous transaction objects, both engines ----------------------------------------

template <class Engine>
class objects_tx_async_test : public async_database_test<Engine> {
 protected:
  void SetUp() override {
    async_database_test<Engine>::SetUp();
    if (this->IsSkipped()) return;
    this->db->run(pc::create_tables<Manager, Band>());
    this->db->run(pc::insert(Manager{.name = "Guido"}));
    this->db->run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = 1000}));
  }
};
using async_engines = ::testing::Types<sqlite_file_async, sqlite_memory_async, postgres_async>;
TYPED_TEST_SUITE(objects_tx_async_test, async_engines, engine_names);

// Every async_ form on tx; the bands it leaves: Gophers (id 2, popularity 21) and Crabs,
// Pythonistas removed. (Every argument of a co_await is a named variable: GCC 12
// miscompiles aggregate temporaries there.)
template <class Tx>
asio::awaitable<void> async_objects_scenario(Tx& tx, Band& gophers) {
  co_await tx.async_save(gophers, asio::use_awaitable);
  EXPECT_EQ(gophers.id, 2);
  std::optional<Manager> manager = co_await tx.async_get_related(gophers, c<&Band::manager>, asio::use_awaitable);
  EXPECT_TRUE(manager && std::string{manager->name} == "Guido");
  gophers.popularity = 21;
  gophers.name = "not saved";
  co_await tx.async_save(gophers, c<&Band::popularity>, asio::use_awaitable);
  co_await tx.async_refresh(gophers, asio::use_awaitable);
  EXPECT_EQ(std::string{gophers.name}, "Gophers");
  auto existing = pc::objects<Band>().where(c<&Band::name> == "Gophers");
  Band same_name{.name = "Gophers"};
  auto found = co_await tx.async_get_or_create(existing, same_name, asio::use_awaitable);
  EXPECT_FALSE(found.created);
  EXPECT_EQ(found.row.popularity, 21);
  auto missing = pc::objects<Band>().where(c<&Band::name> == "Crabs");
  Band crabs{.name = "Crabs"};
  auto made = co_await tx.async_get_or_create(missing, crabs, asio::use_awaitable);
  EXPECT_TRUE(made.created);
  Band pythonistas{.id = 1};
  co_await tx.async_remove(pythonistas, asio::use_awaitable);
}

TYPED_TEST(objects_tx_async_test, every_async_form_on_an_async_transaction_object_is_visible_after_commit) {
  Band gophers{.name = "Gophers", .manager = 1};
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto tx = co_await this->db->async_begin(asio::use_awaitable);
    co_await async_objects_scenario(tx, gophers);
    co_await tx.async_commit(asio::use_awaitable);
  });
  EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Crabs", "Gophers"}));
  EXPECT_EQ(stored_band(*this->db, 2).popularity, 21);
}

TYPED_TEST(objects_tx_async_test, rollback_of_an_async_transaction_object_undoes_it_and_the_key_is_kept) {
  Band gophers{.name = "Gophers", .manager = 1};
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto tx = co_await this->db->async_begin(asio::use_awaitable);
    co_await async_objects_scenario(tx, gophers);
    co_await tx.async_rollback(asio::use_awaitable);
  });
  EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Pythonistas"}));
  EXPECT_EQ(gophers.id, 2);
  PICCOLO_EXPECT_ERROR(this->db->refresh(gophers), pc::errc::not_found);
}

TYPED_TEST(objects_tx_async_test, an_ended_async_transaction_object_completes_every_form_with_misuse) {
  Band band{.name = "Late"};
  std::vector<std::error_code> seen;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto tx = co_await this->db->async_begin(asio::use_awaitable);
    co_await tx.async_commit(asio::use_awaitable);
    auto with_error_code = asio::as_tuple(asio::use_awaitable);
    auto [save_error] = co_await tx.async_save(band, with_error_code);
    seen.push_back(save_error);
    auto [columns_error] = co_await tx.async_save(band, c<&Band::popularity>, with_error_code);
    seen.push_back(columns_error);
    auto [remove_error] = co_await tx.async_remove(band, with_error_code);
    seen.push_back(remove_error);
    auto [refresh_error] = co_await tx.async_refresh(band, with_error_code);
    seen.push_back(refresh_error);
    auto [related_error, related] = co_await tx.async_get_related(band, c<&Band::manager>, with_error_code);
    seen.push_back(related_error);
    EXPECT_EQ(related, std::nullopt);
    auto query = pc::objects<Band>().where(c<&Band::name> == "Late");
    auto [create_error, result] = co_await tx.async_get_or_create(query, band, with_error_code);
    seen.push_back(create_error);
    EXPECT_FALSE(result.created);
  });
  EXPECT_EQ(seen, std::vector<std::error_code>(6, pc::errc::misuse));
  // a callback too, never inside the initiating call
  auto tx = this->db->async_begin(asio::use_future);
  this->io.run();
  this->io.restart();
  auto ended = tx.get();
  ended.async_rollback([](std::exception_ptr) {});
  std::error_code code;
  bool called = false;
  ended.async_save(band, [&](pc::error_code ec) {
    code = ec;
    called = true;
  });
  EXPECT_FALSE(called);
  this->io.run();
  EXPECT_TRUE(called);
  EXPECT_EQ(code, pc::errc::misuse);
  EXPECT_FALSE(band.id.has_value());
  EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Pythonistas"}));
}

TYPED_TEST(objects_tx_async_test, a_unique_violation_inside_an_async_transaction_object_is_its_error_code) {
  std::error_code duplicate_error, later_error;
  std::exception_ptr commit_failure;
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    auto tx = co_await this->db->async_begin(asio::use_awaitable);
    auto with_error_code = asio::as_tuple(asio::use_awaitable);
    Band duplicate{.name = "Pythonistas"};
    auto [e1] = co_await tx.async_save(duplicate, with_error_code);
    duplicate_error = e1;
    Band later{.name = "Later"};
    auto [e2] = co_await tx.async_save(later, with_error_code);
    later_error = e2;
    auto [failure] = co_await tx.async_commit(with_error_code);
    commit_failure = failure;
  });
  EXPECT_EQ(duplicate_error, pc::errc::unique_violation);
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_FALSE(later_error) << later_error.message();
    EXPECT_FALSE(commit_failure);
    EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Later", "Pythonistas"}));
  } else {
    EXPECT_EQ(later_error, pc::errc::transaction_aborted);  // SQLSTATE 25P02, as above
    EXPECT_EQ(code_of(commit_failure), pc::errc::transaction_aborted);
    EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Pythonistas"}));
  }
}

// db.async_transaction(body): SQLite hands the body a transaction_handle, PostgreSQL the
// database itself; both have the objects API.
TYPED_TEST(objects_tx_async_test, the_body_of_async_transaction_has_the_objects_api) {
  Band gophers{.name = "Gophers", .manager = 1};
  run_coroutine(this->io, [&]() -> asio::awaitable<void> {
    co_await this->db->async_transaction(
        [&](auto& tx) -> asio::awaitable<void> {
          co_await async_objects_scenario(tx, gophers);
          tx.save(gophers, c<&Band::popularity>);  // the synchronous form, on the same connection
        },
        asio::use_awaitable);
  });
  EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Crabs", "Gophers"}));
}

TYPED_TEST(objects_tx_async_test, a_failing_body_of_async_transaction_rolls_back_its_objects_calls) {
  this->db->run(pc::insert(Band{.name = "Crabs"}));
  this->db->run(pc::insert(Band{.name = "Gophers"}));
  this->db->run(pc::delete_from<Band>().where(c<&Band::name> == "Pythonistas"));
  Band lost{.name = "Lost"};
  std::exception_ptr failure;
  this->db->async_transaction(
      [&](auto& tx) -> asio::awaitable<void> {
        co_await tx.async_save(lost, asio::use_awaitable);
        Band duplicate{.name = "Crabs"};
        co_await tx.async_save(duplicate, asio::use_awaitable);
      },
      asio::bind_executor(this->io, [&](std::exception_ptr e) { failure = e; }));  // io runs until then
  this->io.run();
  EXPECT_EQ(code_of(failure), pc::errc::unique_violation);
  EXPECT_EQ(band_names(*this->db), (std::vector<std::string>{"Crabs", "Gophers"}));
}

TEST_F(objects_tx_postgres_test, a_killed_backend_inside_an_async_transaction_object_is_connection_lost) {
  asio::io_context io;
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  std::error_code second_error;
  std::exception_ptr commit_failure;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    auto tx = co_await db.async_begin(asio::use_awaitable);
    Band first{.name = "First"};
    co_await tx.async_save(first, asio::use_awaitable);
    kill_backend(schema.conninfo(), db.backend_pid());
    auto with_error_code = asio::as_tuple(asio::use_awaitable);
    Band second{.name = "Second"};
    auto [e] = co_await tx.async_save(second, with_error_code);
    second_error = e;
    auto [failure] = co_await tx.async_commit(with_error_code);
    commit_failure = failure;
  });
  EXPECT_EQ(second_error, pc::errc::connection_lost);
  EXPECT_EQ(code_of(commit_failure), pc::errc::connection_lost);
  pc::postgres::database other{schema.conninfo()};
  EXPECT_EQ(other.run(pc::count<Band>()), 0);
}

}  // namespace
