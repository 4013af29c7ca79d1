// pc::alter<T>() under faults: a SQLite table rebuild blocked by another writer, two
// connections rebuilding one table at once, a PostgreSQL connection killed inside the
// transaction that altered a table. Each must end with every row kept and the schema
// either changed whole or not at all.

#include <thread>

#include <piccolo/alter.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

namespace before {
struct Band {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  std::optional<std::string> website;
};
}  // namespace before

namespace after {
// website NOT NULL: SQLite can only do that by rebuilding the table
struct Band {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  std::string website = "none";
};
}  // namespace after

constexpr auto website_not_null() { return pc::alter<after::Band>().set_not_null(c<&after::Band::website>); }

template <class Db>
void create_bands(Db& db) {
  db.run(pc::create_table<before::Band>());
  db.run(pc::insert(before::Band{.name = "Pythonistas", .website = "https://python.org"},
                    before::Band{.name = "Rustaceans", .website = "https://rust-lang.org"}));
}

template <class Db>
std::vector<std::tuple<std::string, std::optional<std::string>>> bands(Db& db) {
  return db.run(pc::select(c<&before::Band::name>, c<&before::Band::website>).order_by(c<&before::Band::id>));
}

const std::vector<std::tuple<std::string, std::optional<std::string>>> two_bands{
    {"Pythonistas", "https://python.org"}, {"Rustaceans", "https://rust-lang.org"}};

// Whether website still takes NULL (the change was not applied): tried in a transaction
// that is rolled back, so the rows stay as they were.
template <class Db>
bool website_takes_null(Db& db) {
  auto tx = db.begin();
  try {
    tx.run(pc::insert(before::Band{.name = "probe", .website = std::nullopt}));
  } catch (const pc::error& e) {
    if (e.value() != pc::errc::not_null_violation) throw;
    return false;
  }
  tx.rollback();
  return true;
}

// ---- SQLite: the rebuild against other writers -------------------------------------------

TEST(alter_sqlite_faults, a_rebuild_blocked_by_another_writer_is_busy_and_changes_nothing) {
  temp_dir dir;
  std::string path = (dir.path() / "alter.sqlite").string();
  pc::sqlite::database db{path, pc::sqlite::options{.busy_timeout = std::chrono::milliseconds{50}}};
  create_bands(db);
  pc::sqlite::database other{path};
  {
    auto holding_the_write_lock = other.begin();
    holding_the_write_lock.run(pc::insert(before::Band{.name = "C-Sharps", .website = "https://learn.microsoft.com"}));
    PICCOLO_EXPECT_ERROR(db.run(website_not_null()), pc::errc::busy);
    // foreign keys are back on for this connection, the table is as it was
    EXPECT_EQ(db.run(pc::raw<"PRAGMA foreign_keys", int>()), std::vector<int>{1});
    EXPECT_EQ(bands(db), two_bands);
    holding_the_write_lock.rollback();
  }
  EXPECT_TRUE(website_takes_null(db));
  // once the other writer is gone the same change applies, every row kept
  db.run(website_not_null());
  EXPECT_FALSE(website_takes_null(db));
  EXPECT_EQ(bands(db), two_bands);
  EXPECT_EQ(db.run(pc::raw<"PRAGMA foreign_keys", int>()), std::vector<int>{1});
}

TEST(alter_sqlite_faults, two_connections_rebuilding_one_table_at_once_keep_every_row_once) {
  temp_dir dir;
  std::string path = (dir.path() / "alter.sqlite").string();
  {
    pc::sqlite::database setup{path};
    create_bands(setup);
  }
  pc::sqlite::options patient{.busy_timeout = std::chrono::milliseconds{10'000}};
  pc::sqlite::database first{path, patient};
  pc::sqlite::database second{path, patient};
  std::exception_ptr failed[2];
  auto rebuild = [&](pc::sqlite::database& db, std::exception_ptr& failure) {
    try {
      db.run(website_not_null());
    } catch (...) {
      failure = std::current_exception();
    }
  };
  std::thread one{rebuild, std::ref(first), std::ref(failed[0])};
  std::thread two{rebuild, std::ref(second), std::ref(failed[1])};
  one.join();
  two.join();
  // the second rebuild runs after the first (the write lock) and finds the shape it makes
  for (auto& failure : failed) {
    if (failure) std::rethrow_exception(failure);
  }
  pc::sqlite::database check{path};
  EXPECT_EQ(bands(check), two_bands);
  EXPECT_FALSE(website_takes_null(check));
  EXPECT_EQ(check.run(pc::raw<"SELECT count(*) FROM sqlite_master WHERE name LIKE 'band%'", int>()), std::vector<int>{1});
}

// ---- PostgreSQL: a connection lost inside the altering transaction --------------------------

class alter_postgres_faults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!schema.available()) GTEST_SKIP() << "PICCOLO_PG_CONNINFO is not set";
  }
  pg_schema schema;
};

TEST_F(alter_postgres_faults, a_killed_connection_inside_the_transaction_applies_no_change) {
  pc::postgres::database db{schema.conninfo()};
  create_bands(db);
  {
    auto tx = db.begin();
    tx.run(website_not_null());
    kill_backend(schema.conninfo(), db.backend_pid());
    PICCOLO_EXPECT_ERROR(tx.commit(), pc::errc::connection_lost);
  }
  pc::postgres::database other{schema.conninfo()};
  EXPECT_EQ(bands(other), two_bands);
  EXPECT_TRUE(website_takes_null(other));
  // the next use reconnects, and the same change applies whole
  db.run(website_not_null());
  EXPECT_FALSE(website_takes_null(other));
  EXPECT_EQ(bands(other), two_bands);
}

}  // namespace
}  // namespace piccolo_test
