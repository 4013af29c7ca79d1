// Transactions under faults (issue "Engines that never lose data"): a lost connection
// or an engine that ended the transaction by itself makes the whole scope dead; COMMIT
// answered by ROLLBACK is an error on every path; cancellation rolls back before the
// connection is reused; concurrent SQLite async transactions queue; the transaction
// object; prepared statements that survive failures and schema changes.

#include <atomic>
#include <cstdlib>
#include <thread>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "async_fixture.hpp"

namespace asio = boost::asio;
using namespace piccolo_test;

namespace {

using strings = std::vector<std::string>;


// The code of what `f` threw (ok when nothing).
template <class F>
pc::errc code_of(F&& f) {
  try {
    f();
  } catch (const pc::error& e) {
    return e.value();
  } catch (const boost::system::system_error& e) {
    std::error_code code = e.code();
    return code.category() == pc::error_category() ? static_cast<pc::errc>(code.value()) : pc::errc::engine_error;
  }
  return pc::errc::ok;
}

// ---- the transaction object, on every engine ---------------------------------------------

template <class Engine>
class transaction_object_test : public example_test<Engine> {
 protected:
  strings manager_names() { return this->db.run(pc::select(c<&Manager::name>).order_by(c<&Manager::id>)); }
};
TYPED_TEST_SUITE(transaction_object_test, engines, engine_names);

TYPED_TEST(transaction_object_test, commit_stores_what_the_transaction_wrote) {
  auto tx = this->db.begin();
  tx.run(pc::insert(Manager{.name = "Anders"}));
  EXPECT_TRUE(this->db.in_transaction());
  tx.commit();
  EXPECT_FALSE(tx.active());
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders"}));
}

TYPED_TEST(transaction_object_test, destroyed_without_commit_rolls_back) {
  {
    auto tx = this->db.begin();
    tx.run(pc::insert(Manager{.name = "Anders"}));
    tx.run(pc::delete_from<Ticket>().force());
  }
  EXPECT_FALSE(this->db.in_transaction());
  EXPECT_EQ(this->db.transaction_depth(), 0);
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads"}));
  EXPECT_EQ(this->db.run(pc::count<Ticket>()), 3);
}

TYPED_TEST(transaction_object_test, explicit_rollback_and_no_use_after_it) {
  auto tx = this->db.begin();
  tx.run(pc::insert(Manager{.name = "Anders"}));
  tx.rollback();
  PICCOLO_EXPECT_ERROR(tx.run(pc::count<Manager>()), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR(tx.commit(), pc::errc::misuse);
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads"}));
}

TYPED_TEST(transaction_object_test, an_inner_begin_is_a_savepoint_ended_first) {
  auto outer = this->db.begin();
  outer.run(pc::insert(Manager{.name = "Anders"}));
  {
    auto inner = this->db.begin();
    inner.run(pc::insert(Manager{.name = "Bjarne"}));
    // the outer one cannot end while the inner one is open
    PICCOLO_EXPECT_ERROR(outer.commit(), pc::errc::misuse);
  }  // inner rolled back to its savepoint
  EXPECT_EQ(this->db.transaction_depth(), 1);
  auto kept = this->db.begin();
  kept.run(pc::insert(Manager{.name = "Dennis"}));
  kept.commit();
  outer.commit();
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders", "Dennis"}));
}

TYPED_TEST(transaction_object_test, named_savepoints_from_the_object) {
  auto tx = this->db.begin();
  tx.run(pc::insert(Manager{.name = "Anders"}));
  auto sp = tx.savepoint("before_bjarne");
  tx.run(pc::insert(Manager{.name = "Bjarne"}));
  sp.rollback();
  sp.release();
  tx.commit();
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads", "Anders"}));
}

TYPED_TEST(transaction_object_test, depth_never_goes_below_zero) {
  this->db.transaction([](auto&) {});
  EXPECT_EQ(this->db.transaction_depth(), 0);
  EXPECT_THROW(this->db.transaction([](auto&) { throw std::runtime_error("x"); }), std::runtime_error);
  EXPECT_EQ(this->db.transaction_depth(), 0);
  // a nested call after those is still a savepoint whose outer rollback undoes it
  EXPECT_THROW(this->db.transaction([&](auto& outer) {
    outer.transaction([](auto& inner) { inner.run(pc::insert(Manager{.name = "Inner"})); });
    throw std::runtime_error("outer fails");
  }),
               std::runtime_error);
  EXPECT_EQ(this->manager_names(), (strings{"Guido", "Graydon", "Mads"}));
}

// ---- PostgreSQL: a lost connection kills the scope ---------------------------------------

class postgres_fault_test : public postgres_fault_fixture {
 protected:
  void SetUp() override {
    postgres_fault_fixture::SetUp();
    if (!IsSkipped()) db.emplace(schema.conninfo());
  }
  std::optional<pc::postgres::database> db;
};

TEST_F(postgres_fault_test, a_body_that_swallows_connection_lost_commits_nothing_and_transaction_throws) {
  pc::errc later = pc::errc::ok;
  PICCOLO_EXPECT_ERROR(db->transaction([&](pc::postgres::database& tx) {
    tx.run(pc::insert(Manager{.name = "first"}));
    kill_backend(schema.conninfo(), tx.backend_pid());
    try {
      tx.run(pc::insert(Manager{.name = "second"}));
    } catch (const pc::error&) {  // a careless body goes on
    }
    // nothing of the scope may run on a new connection in autocommit
    later = code_of([&] { tx.run(pc::insert(Manager{.name = "third"})); });
  }),
                       pc::errc::connection_lost);
  EXPECT_EQ(later, pc::errc::connection_lost);
  EXPECT_EQ(db->transaction_depth(), 0);
  EXPECT_EQ(committed("first") + committed("second") + committed("third"), 0);
  // outside the scope the connection is replaced, and a nested call is a savepoint again
  EXPECT_THROW(db->transaction([&](pc::postgres::database& outer) {
    outer.transaction([](pc::postgres::database& inner) { inner.run(pc::insert(Manager{.name = "inner"})); });
    throw std::runtime_error("outer fails");
  }),
               std::runtime_error);
  EXPECT_EQ(committed("inner"), 0);
  EXPECT_EQ(db->run(pc::count<Manager>()), 1);
}

TEST_F(postgres_fault_test, a_lost_connection_in_a_nested_savepoint_kills_the_outer_scope) {
  pc::errc outer_later = pc::errc::ok;
  PICCOLO_EXPECT_ERROR(db->transaction([&](pc::postgres::database& outer) {
    outer.run(pc::insert(Manager{.name = "outer"}));
    try {
      outer.transaction([&](pc::postgres::database& inner) {
        inner.run(pc::insert(Manager{.name = "inner"}));
        kill_backend(schema.conninfo(), inner.backend_pid());
        inner.run(pc::count<Manager>());
      });
    } catch (const pc::error&) {
    }
    outer_later = code_of([&] { outer.run(pc::insert(Manager{.name = "after"})); });
  }),
                       pc::errc::connection_lost);
  EXPECT_EQ(outer_later, pc::errc::connection_lost);
  EXPECT_EQ(committed("outer") + committed("inner") + committed("after"), 0);
  EXPECT_EQ(db->run(pc::count<Manager>()), 1);
}

TEST_F(postgres_fault_test, the_transaction_object_dies_with_its_connection) {
  {
    auto tx = db->begin();
    tx.run(pc::insert(Manager{.name = "first"}));
    kill_backend(schema.conninfo(), db->backend_pid());
    PICCOLO_EXPECT_ERROR(tx.run(pc::insert(Manager{.name = "second"})), pc::errc::connection_lost);
    PICCOLO_EXPECT_ERROR(tx.run(pc::insert(Manager{.name = "third"})), pc::errc::connection_lost);
    PICCOLO_EXPECT_ERROR(tx.commit(), pc::errc::connection_lost);
  }
  EXPECT_EQ(committed("first") + committed("second") + committed("third"), 0);
  EXPECT_EQ(db->run(pc::count<Manager>()), 1);  // reconnected
}

TEST_F(postgres_fault_test, commit_answered_by_rollback_is_an_error) {
  PICCOLO_EXPECT_ERROR(db->transaction([&](pc::postgres::database& tx) {
    tx.run(pc::insert(Manager{.name = "lost"}));
    try {
      tx.run(pc::raw<"SELECT CAST('x' AS integer)", int>());
    } catch (const pc::error&) {
    }
  }),
                       pc::errc::transaction_aborted);
  EXPECT_EQ(committed("lost"), 0);
}

// ---- prepared statements survive failures and schema changes -----------------------------

TEST_F(postgres_fault_test, a_statement_whose_table_appears_later_is_prepared_again) {
  asio::io_context io;
  pc::postgres::database adb{io.get_executor(), schema.conninfo()};
  auto q = pc::count<Venue>();
  pc::error_code first;
  adb.async_run(q, [&](pc::error_code ec, std::int64_t) { first = ec; });
  io.run();
  io.restart();
  EXPECT_EQ(std::error_code(first), pc::errc::undefined_object);
  adb.run(pc::create_table<Venue>());
  pc::error_code second = asio::error::eof;
  std::int64_t n = -1;
  adb.async_run(q, [&](pc::error_code ec, std::int64_t count) {
    second = ec;
    n = count;
  });
  io.run();
  EXPECT_FALSE(second) << second.message();
  EXPECT_EQ(n, 0);
  EXPECT_EQ(adb.run(q), 0);  // the sync path shares the statement
}

TEST_F(postgres_fault_test, a_table_altered_elsewhere_is_reprepared_transparently) {
  auto q = pc::select(c<&Manager::id>, c<&Manager::name>).order_by(c<&Manager::id>);
  EXPECT_EQ(db->run(q).size(), 1u);
  {
    pc::postgres::database other{schema.conninfo()};
    other.run(pc::raw<"ALTER TABLE manager ALTER COLUMN name TYPE text">());
  }
  auto rows = db->run(q);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::get<1>(rows[0]), "Guido");
  // inside a transaction the server aborts it: a clear error, and the next run works
  {
    pc::postgres::database other{schema.conninfo()};
    other.run(pc::raw<"ALTER TABLE manager ALTER COLUMN name TYPE varchar(60)">());
  }
  PICCOLO_EXPECT_ERROR(db->transaction([&](pc::postgres::database& tx) { tx.run(q); }), pc::errc::transaction_aborted);
  EXPECT_EQ(db->run(q).size(), 1u);
}

// ---- PostgreSQL async: COMMIT answer, cancellation, the pool's health check -------------

class postgres_async_fault_test : public postgres_fault_fixture {
 protected:
  asio::io_context io;
};

TEST_F(postgres_async_fault_test, async_commit_answered_by_rollback_is_an_error) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  pc::errc code = code_of([&] {
    run_coroutine(io, [&]() -> asio::awaitable<void> {
      co_await db.async_transaction(
          [](pc::postgres::database& tx) -> asio::awaitable<void> {
            auto insert = pc::insert(Manager{.name = "lost"});
            co_await tx.async_run(insert, asio::use_awaitable);
            auto bad = pc::raw<"SELECT CAST('x' AS integer)", int>();
            try {
              co_await tx.async_run(bad, asio::use_awaitable);
            } catch (const boost::system::system_error&) {  // swallowed
            }
          },
          asio::use_awaitable);
    });
  });
  EXPECT_EQ(code, pc::errc::transaction_aborted);
  EXPECT_EQ(committed("lost"), 0);
  EXPECT_EQ(db.transaction_depth(), 0);
  EXPECT_TRUE(db.reusable());
}

// The execution algorithm is the sync one: a stale plan is prepared anew and the query
// sent again, transparently, also for queries pipelined behind it (they relied on the
// old statement too); inside a transaction: transaction_aborted.
TEST_F(postgres_async_fault_test, async_queries_on_a_table_altered_elsewhere_are_reprepared_transparently) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  auto q = pc::select(c<&Manager::id>, c<&Manager::name>).order_by(c<&Manager::id>);
  auto run_three = [&] {
    std::vector<pc::error_code> codes;
    std::vector<std::string> names;
    std::string messages;
    pc::diagnostics diag[3];
    for (auto& d : diag)
      db.async_run(q, d, [&](pc::error_code ec, std::vector<std::tuple<std::int64_t, std::string>> rows) {
        codes.push_back(ec);
        names.push_back(rows.size() == 1 ? std::get<1>(rows[0]) : "?");
        messages += d.server_message() + "; ";
      });
    io.run();
    io.restart();
    EXPECT_EQ(codes, std::vector<pc::error_code>(3)) << messages;
    EXPECT_EQ(names, (std::vector<std::string>{"Guido", "Guido", "Guido"}));
  };
  run_three();
  {
    pc::postgres::database other{schema.conninfo()};
    other.run(pc::raw<"ALTER TABLE manager ALTER COLUMN name TYPE text">());
  }
  run_three();
  {
    pc::postgres::database other{schema.conninfo()};
    other.run(pc::raw<"ALTER TABLE manager ALTER COLUMN name TYPE varchar(60)">());
  }
  pc::errc code = code_of([&] {
    run_coroutine(io, [&]() -> asio::awaitable<void> {
      co_await db.async_transaction(
          [&](pc::postgres::database& tx) -> asio::awaitable<void> { co_await tx.async_run(q, asio::use_awaitable); },
          asio::use_awaitable);
    });
  });
  io.restart();
  EXPECT_EQ(code, pc::errc::transaction_aborted);
  EXPECT_TRUE(db.reusable());
  run_three();
}

TEST_F(postgres_async_fault_test, a_cancelled_async_transaction_rolls_back_before_the_pool_reuses_its_connection) {
  pc::postgres::pool pool{io.get_executor(), schema.conninfo(), 1};
  asio::cancellation_signal cancel;
  std::exception_ptr outcome;
  bool done = false;
  asio::co_spawn(io,
                 pool.async_transaction(
                     [](pc::postgres::database& tx) -> asio::awaitable<void> {
                       auto insert = pc::insert(Manager{.name = "cancelled"});
                       co_await tx.async_run(insert, asio::use_awaitable);
                       auto slow = pc::raw<"SELECT pg_sleep(5)">();
                       co_await tx.async_run(slow, asio::use_awaitable);
                     },
                     asio::use_awaitable),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e) {
                   outcome = e;
                   done = true;
                 }));
  asio::steady_timer timer{io, 300ms};
  timer.async_wait([&](pc::error_code) { cancel.emit(asio::cancellation_type::terminal); });
  // the next borrower of the only connection writes outside any transaction
  pc::error_code next_ec = asio::error::eof;
  asio::steady_timer later{io, 400ms};
  later.async_wait([&](pc::error_code) {
    pool.async_run(pc::insert(Manager{.name = "next"}), [&](pc::error_code ec, std::int64_t) { next_ec = ec; });
  });
  io.run();
  EXPECT_TRUE(done);
  EXPECT_TRUE(outcome);
  EXPECT_FALSE(next_ec) << next_ec.message();
  EXPECT_EQ(committed("cancelled"), 0);
  EXPECT_EQ(committed("next"), 1);  // visible to others: committed, not inside a leftover transaction
  EXPECT_LE(pool.size(), 1u);
}

TEST_F(postgres_async_fault_test, async_transaction_object_commits_and_rolls_back) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    {
      auto tx = co_await db.async_begin(asio::use_awaitable);
      auto insert = pc::insert(Manager{.name = "kept"});
      co_await tx.async_run(insert, asio::use_awaitable);
      co_await tx.async_commit(asio::use_awaitable);
    }
    {
      auto tx = co_await db.async_begin(asio::use_awaitable);
      auto insert = pc::insert(Manager{.name = "dropped"});
      co_await tx.async_run(insert, asio::use_awaitable);
    }  // destroyed: ROLLBACK queued before anything sent later
    auto count = pc::count<Manager>();
    EXPECT_EQ(co_await db.async_run(count, asio::use_awaitable), 2);
    // a new transaction after the abandoned one begins with BEGIN, not a savepoint
    auto tx = co_await db.async_begin(asio::use_awaitable);
    EXPECT_EQ(db.transaction_depth(), 1);
    co_await tx.async_rollback(asio::use_awaitable);
  });
  EXPECT_EQ(committed("kept"), 1);
  EXPECT_EQ(committed("dropped"), 0);
  EXPECT_TRUE(db.reusable());
}

TEST_F(postgres_async_fault_test, a_killed_backend_inside_an_async_transaction_commits_nothing) {
  pc::postgres::database db{io.get_executor(), schema.conninfo()};
  pc::errc later = pc::errc::ok;
  pc::errc code = code_of([&] {
    run_coroutine(io, [&]() -> asio::awaitable<void> {
      co_await db.async_transaction(
          [&](pc::postgres::database& tx) -> asio::awaitable<void> {
            auto first = pc::insert(Manager{.name = "first"});
            co_await tx.async_run(first, asio::use_awaitable);
            kill_backend(schema.conninfo(), tx.backend_pid());
            auto second = pc::insert(Manager{.name = "second"});
            try {
              co_await tx.async_run(second, asio::use_awaitable);
            } catch (const boost::system::system_error&) {
            }
            auto third = pc::insert(Manager{.name = "third"});
            try {
              co_await tx.async_run(third, asio::use_awaitable);
            } catch (const boost::system::system_error& e) {
              std::error_code ec = e.code();
              later = static_cast<pc::errc>(ec.value());
            }
          },
          asio::use_awaitable);
    });
  });
  EXPECT_EQ(code, pc::errc::connection_lost);
  EXPECT_EQ(later, pc::errc::connection_lost);
  EXPECT_EQ(committed("first") + committed("second") + committed("third"), 0);
  EXPECT_EQ(db.run(pc::count<Manager>()), 1);  // reconnected once the scope ended
}

// ---- SQLite ---------------------------------------------------------------------------------

TEST(sqlite_fault_test, an_interrupt_that_ends_the_transaction_kills_the_scope) {
  pc::sqlite::database db{":memory:"};
  db.run(pc::create_tables<Manager, Band>());
  db.run(pc::insert(Manager{.name = "Guido"}));
  pc::errc later = pc::errc::ok;
  pc::errc code = code_of([&] {
    db.transaction([&](pc::sqlite::database& tx) {
      tx.run(pc::insert(Manager{.name = "first"}));
      // interrupts the next statement: SQLite rolls back the whole transaction
      sqlite3_progress_handler(tx.native_handle(), 1, [](void*) { return 1; }, nullptr);
      try {
        tx.run(pc::raw<"INSERT INTO manager (name) SELECT name || 'x' FROM manager">());
      } catch (const pc::error&) {
      }
      sqlite3_progress_handler(tx.native_handle(), 0, nullptr, nullptr);
      later = code_of([&] { tx.run(pc::insert(Manager{.name = "after"})); });
    });
  });
  EXPECT_EQ(code, pc::errc::transaction_aborted);
  EXPECT_EQ(later, pc::errc::transaction_aborted);
  EXPECT_EQ(db.transaction_depth(), 0);
  EXPECT_EQ(db.run(pc::count<Manager>()), 1);  // neither "first" nor "after" autocommitted
}

TEST(sqlite_fault_test, a_cached_raw_select_star_notices_a_dropped_column) {
  temp_dir dir;
  std::string path = (dir.path() / "width.sqlite").string();
  pc::sqlite::database db{path};
  db.run(pc::raw<"CREATE TABLE item (a INTEGER, b INTEGER, c INTEGER)">());
  db.run(pc::raw<"INSERT INTO item VALUES (1, 2, 3)">());
  auto star = pc::raw<"SELECT * FROM item", std::tuple<int, int, int>>();
  EXPECT_EQ(db.run(star).size(), 1u);
  {
    pc::sqlite::database other{path};
    other.run(pc::raw<"ALTER TABLE item DROP COLUMN b">());
  }
  PICCOLO_EXPECT_ERROR(db.run(star), pc::errc::misuse);
}

class sqlite_async_fault_test : public ::testing::Test {
 protected:
  temp_dir dir;
  std::string path = (dir.path() / "async.sqlite").string();
  asio::io_context io;
};

TEST_F(sqlite_async_fault_test, concurrent_async_transactions_queue_and_a_plain_write_never_joins_one) {
  pc::sqlite::database db{io.get_executor(), path};
  db.run(pc::create_tables<Manager, Band>());
  int committed = 0, failed = 0;
  for (int i = 0; i < 5; ++i) {
    db.async_transaction(
        [i](auto& tx) -> asio::awaitable<void> {
          auto q = pc::insert(Manager{.name = "tx" + std::to_string(i)});
          co_await tx.async_run(q, asio::use_awaitable);
          if (i == 0) throw std::runtime_error("first one rolls back");
        },
        asio::bind_executor(io, [&](std::exception_ptr e) { (e ? failed : committed) += 1; }));
  }
  // issued while the first transaction is open: must not be rolled back with it
  pc::error_code plain = asio::error::eof;
  db.async_run(pc::insert(Manager{.name = "plain"}), [&](pc::error_code ec, std::int64_t) { plain = ec; });
  io.run();
  EXPECT_EQ(committed, 4);
  EXPECT_EQ(failed, 1);
  EXPECT_FALSE(plain) << plain.message();
  EXPECT_EQ(db.run(pc::count<Manager>().where(c<&Manager::name> == "plain")), 1);
  EXPECT_EQ(db.run(pc::count<Manager>()), 5);
}

TEST_F(sqlite_async_fault_test, async_transaction_object_holds_the_writer) {
  pc::sqlite::database db{io.get_executor(), path};
  db.run(pc::create_tables<Manager, Band>());
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    {
      auto tx = co_await db.async_begin(asio::use_awaitable);
      auto q = pc::insert(Manager{.name = "kept"});
      co_await tx.async_run(q, asio::use_awaitable);
      co_await tx.async_commit(asio::use_awaitable);
    }
    {
      auto tx = co_await db.async_begin(asio::use_awaitable);
      auto q = pc::insert(Manager{.name = "dropped"});
      co_await tx.async_run(q, asio::use_awaitable);
    }
    auto count = pc::count<Manager>();
    EXPECT_EQ(co_await db.async_run(count, asio::use_awaitable), 1);
  });
  EXPECT_EQ(db.run(pc::select(c<&Manager::name>)), strings{"kept"});
}

// db.hold_writer(): what a migration holds while SQLite's foreign keys are off. The
// executor's writes wait until it is released; the holding thread still runs its own.
TEST_F(sqlite_async_fault_test, hold_writer_keeps_the_executor_writes_waiting_until_released) {
  pc::sqlite::database db{io.get_executor(), path};
  db.run(pc::create_tables<Manager, Band>());
  auto work = asio::make_work_guard(io);
  bool done = false;
  {
    const auto held = db.hold_writer();
    db.async_run(pc::insert(Manager{.name = "waited"}), [&](pc::error_code ec, std::int64_t) {
      EXPECT_FALSE(ec) << ec.message();
      done = true;
    });
    io.run_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(done);
    db.run(pc::insert(Manager{.name = "holder"}));
    EXPECT_EQ(db.run(pc::select(c<&Manager::name>)), strings{"holder"});
  }
  while (!done && io.run_one_for(std::chrono::seconds(5)) > 0) {
  }
  EXPECT_TRUE(done);
  EXPECT_EQ(db.run(pc::select(c<&Manager::name>).order_by(c<&Manager::id>)), (strings{"holder", "waited"}));
}

TEST_F(sqlite_async_fault_test, in_memory_uris_read_on_the_writer) {
  for (std::string uri : {"file::memory:", "file::memory:?cache=shared", ":memory:"}) {
    pc::sqlite::database db{io.get_executor(), uri};
    db.run(pc::create_tables<Manager, Band>());
    db.run(pc::insert(Manager{.name = "Guido"}));
    pc::error_code ec = asio::error::eof;
    std::int64_t n = -1;
    db.async_run(pc::count<Manager>(), [&](pc::error_code e, std::int64_t count) {
      ec = e;
      n = count;
    });
    io.run();
    io.restart();
    EXPECT_FALSE(ec) << uri << ": " << ec.message();
    EXPECT_EQ(n, 1) << uri;
  }
}

}  // namespace
