// The migration runner on both engines: the issue's sequence of schema versions applied
// forwards with rows present and reversed, and first its unhappy paths: a failing
// migration, a killed backend, two migrators at once, irreversible, unknown target or
// applied migrations, a NOT NULL column on a table with rows, preview and fake.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include <piccolo/migrate.hpp>
#include <piccolo/sqlite_async.hpp>

#include "fixture.hpp"

// The playground-like schema, version by version (tables named explicitly: every version
// is the same table).
namespace mr_v1 {
struct Manager {
  pc::serial id;
  pc::varchar<50> name;
  static constexpr std::string_view table_name = "manager";
};
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  static constexpr std::string_view table_name = "band";
};
}  // namespace mr_v1

// v2: a table added; v3: a nullable column; v4: a column with a default
namespace mr_v2 {
using mr_v1::Band;
using mr_v1::Manager;
struct Venue {
  pc::serial id;
  std::string name;
  std::string capacity;
  static constexpr std::string_view table_name = "venue";
};
}  // namespace mr_v2
namespace mr_v3 {
using mr_v2::Manager;
using mr_v2::Venue;
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  std::optional<std::string> website;
  static constexpr std::string_view table_name = "band";
};
}  // namespace mr_v3
namespace mr_v4 {
using mr_v2::Manager;
using mr_v2::Venue;
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  std::optional<std::string> website;
  int rating = 5;
  static constexpr std::string_view table_name = "band";
};
}  // namespace mr_v4
// v5: website renamed to url
namespace mr_v5 {
using mr_v2::Manager;
using mr_v2::Venue;
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  std::optional<std::string> url;
  int rating = 5;
  static constexpr std::string_view table_name = "band";
};
}  // namespace mr_v5
// v6: venue.capacity TEXT -> INTEGER (USING)
namespace mr_v6 {
using mr_v2::Manager;
using mr_v5::Band;
struct Venue {
  pc::serial id;
  std::string name;
  std::int32_t capacity;
  static constexpr std::string_view table_name = "venue";
};
}  // namespace mr_v6
// v7: an index and a multi-column unique
namespace mr_v7 {
using mr_v2::Manager;
using mr_v6::Venue;
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  std::optional<std::string> url;
  int rating = 5;
  static constexpr std::string_view table_name = "band";
  static constexpr auto column_options() {
    return pc::options(pc::index<&Band::popularity>, pc::unique<&Band::name, &Band::manager>);
  }
};
}  // namespace mr_v7
// v8: band.manager a foreign key
namespace mr_v8 {
using mr_v2::Manager;
using mr_v6::Venue;
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<pc::foreign_key<Manager>> manager;
  int popularity = 0;
  std::optional<std::string> url;
  int rating = 5;
  static constexpr std::string_view table_name = "band";
  static constexpr auto column_options() {
    return pc::options(pc::index<&Band::popularity>, pc::unique<&Band::name, &Band::manager>,
                       pc::on_delete<&Band::manager, pc::action::set_null>);
  }
};
}  // namespace mr_v8
// v9: url dropped
namespace mr_v9 {
using mr_v2::Manager;
using mr_v6::Venue;
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<pc::foreign_key<Manager>> manager;
  int popularity = 0;
  int rating = 5;
  static constexpr std::string_view table_name = "band";
  static constexpr auto column_options() {
    return pc::options(pc::index<&Band::popularity>, pc::unique<&Band::name, &Band::manager>,
                       pc::on_delete<&Band::manager, pc::action::set_null>);
  }
};
}  // namespace mr_v9

// Unhappy-path shapes: band.name unique; a NOT NULL column without a default.
namespace mr_bad {
struct UniqueBand {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  static constexpr std::string_view table_name = "band";
  static constexpr auto column_options() { return pc::options(pc::unique<&UniqueBand::name>); }
};
struct CodedBand {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<int> manager;
  int popularity = 0;
  std::string code;
  static constexpr std::string_view table_name = "band";
};
// band.manager a foreign key; manager.name widened to TEXT (a rebuild of a referenced
// table on SQLite)
struct FkBand {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<pc::foreign_key<mr_v1::Manager>> manager;
  int popularity = 0;
  static constexpr std::string_view table_name = "band";
  static constexpr auto column_options() { return pc::options(pc::on_delete<&FkBand::manager, pc::action::set_null>); }
};
struct WideManager {
  pc::serial id;
  std::string name;
  static constexpr std::string_view table_name = "manager";
};
}  // namespace mr_bad

namespace piccolo_test {
namespace {

const pc::schema_snapshot s1 = pc::snapshot_of(pc::schema<mr_v1::Manager, mr_v1::Band>{});
const pc::schema_snapshot s2 = pc::snapshot_of(pc::schema<mr_v2::Manager, mr_v2::Band, mr_v2::Venue>{});
const pc::schema_snapshot s3 = pc::snapshot_of(pc::schema<mr_v3::Manager, mr_v3::Band, mr_v3::Venue>{});
const pc::schema_snapshot s4 = pc::snapshot_of(pc::schema<mr_v4::Manager, mr_v4::Band, mr_v4::Venue>{});
const pc::schema_snapshot s5 = pc::snapshot_of(pc::schema<mr_v5::Manager, mr_v5::Band, mr_v5::Venue>{});
const pc::schema_snapshot s6 = pc::snapshot_of(pc::schema<mr_v6::Manager, mr_v6::Band, mr_v6::Venue>{});
const pc::schema_snapshot s7 = pc::snapshot_of(pc::schema<mr_v7::Manager, mr_v7::Band, mr_v7::Venue>{});
const pc::schema_snapshot s8 = pc::snapshot_of(pc::schema<mr_v8::Manager, mr_v8::Band, mr_v8::Venue>{});
const pc::schema_snapshot s9 = pc::snapshot_of(pc::schema<mr_v9::Manager, mr_v9::Band, mr_v9::Venue>{});

// Appends the automatic migration from the last one's snapshot to `to`.
void add_auto(std::vector<pc::migration>& all, const pc::schema_snapshot& to, const pc::diff_options& options,
              std::string description) {
  std::optional<pc::migration> m = pc::make_auto_migration(all, to, options, std::move(description));
  ASSERT_TRUE(m.has_value());
  all.push_back(std::move(*m));
}

pc::migration sql_migration(std::string id, std::string up, std::string down) {
  pc::migration m;
  m.id = std::move(id);
  m.kind = pc::migration_kind::sql;
  m.description = "manual " + m.id;
  m.forwards = {up, up};
  m.backwards = {down, down};
  return m;
}

pc::migration cpp_migration(std::string id, std::function<void(pc::migration_context&)> forwards) {
  pc::migration m;
  m.id = std::move(id);
  m.kind = pc::migration_kind::cpp;
  m.description = "code " + m.id;
  m.cpp_forwards = std::move(forwards);
  return m;
}

template <class F>
pc::migration_error migration_error_of(F run) {
  try {
    run();
  } catch (const pc::migration_error& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a migration_error: " << e.what();
    return pc::migration_error(pc::migration_refusal::failed, "other");
  }
  ADD_FAILURE() << "no migration_error";
  return pc::migration_error(pc::migration_refusal::failed, "none");
}

std::vector<std::string> ids_of(const std::vector<pc::migration_step>& steps) {
  std::vector<std::string> ids;
  for (const pc::migration_step& s : steps) ids.push_back(s.id);
  return ids;
}

template <class Engine>
class migration_runner_test : public database_test<Engine> {
 protected:
  static constexpr pc::dialect_id dialect = Engine::is_sqlite ? pc::dialect_id::sqlite : pc::dialect_id::postgres;

  // The ids the history table holds, in order.
  std::vector<std::string> applied() {
    std::vector<std::string> ids;
    for (const pc::migration_status& s : pc::migration_statuses(this->db, all))
      if (s.applied) ids.push_back(s.id);
    return ids;
  }
  // The live schema without the history table.
  pc::schema_snapshot live() {
    pc::schema_snapshot s = pc::introspect(this->db, dialect);
    std::erase_if(s.tables, [](const pc::table_snapshot& t) { return t.name == pc::migration_table_name; });
    return s;
  }
  std::string drift(const pc::schema_snapshot& expected) {
    std::string listed;
    for (const pc::schema_difference& d : pc::check_migrations(this->db, {}, expected).drift) listed += d.to_string() + "\n";
    return listed;
  }
  void create_base_with_rows() {
    add_auto(all, s1, {}, "create manager and band");
    pc::migrate_forwards(this->db, all);
    this->db.run(pc::raw<"INSERT INTO manager (name) VALUES ('Guido'), ('Graydon')">());
    this->db.run(pc::raw<"INSERT INTO band (name, manager, popularity) VALUES ('Pythonistas', 1, 1000), "
                         "('Rustaceans', 2, 500), ('C-Sharps', NULL, 10)">());
  }

  std::vector<pc::migration> all;
};
TYPED_TEST_SUITE(migration_runner_test, engines, engine_names);

// ---- runtime SQL text on the engines -------------------------------------------------------

TYPED_TEST(migration_runner_test, execute_and_text_rows_map_errors_report_to_the_hook_and_read_nulls) {
  struct seen {
    std::string sql;
    bool failed;
    std::int64_t rows;
  };
  std::vector<seen> events;
  this->db.on_query([&](const pc::query_event& e) {
    if (e.kind == pc::query_event_kind::statement) events.push_back({std::string(e.sql), static_cast<bool>(e.error), e.rows});
  });
  PICCOLO_EXPECT_ERROR(this->db.execute("CREATE TABLEX t (id INTEGER)"), pc::errc::syntax_error);
  PICCOLO_EXPECT_ERROR(this->db.text_rows("SELECT * FROM missing_table"), pc::errc::undefined_object);
  this->db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, NULL)");
  PICCOLO_EXPECT_ERROR(this->db.execute("INSERT INTO t VALUES (1, 'again')"), pc::errc::unique_violation);
  using text_rows = std::vector<std::vector<std::optional<std::string>>>;
  EXPECT_EQ(this->db.text_rows("SELECT id, name, id * 1.5 FROM t ORDER BY id"),
            (text_rows{{"1", "a", "1.5"}, {"2", std::nullopt, "3.0"}}));
  EXPECT_EQ(this->db.text_rows("SELECT id FROM t WHERE id > 5"), text_rows{});
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].sql, "CREATE TABLEX t (id INTEGER)");
  EXPECT_TRUE(events[0].failed);
  EXPECT_TRUE(events[1].failed);
  EXPECT_FALSE(events[2].failed);
  EXPECT_TRUE(events[3].failed);
  EXPECT_EQ(events[4].sql, "SELECT id, name, id * 1.5 FROM t ORDER BY id");
  EXPECT_EQ(events[4].rows, 2);
  // inside a transaction: rolled back with it
  try {
    this->db.transaction([&](auto& tx) {
      tx.execute("INSERT INTO t VALUES (3, 'c')");
      tx.execute("INSERT INTO t VALUES (3, 'c')");
    });
    ADD_FAILURE() << "no error";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::unique_violation);
  }
  EXPECT_EQ(this->db.text_rows("SELECT count(*) FROM t"), (text_rows{{"2"}}));
}

// ---- unhappy paths ----------------------------------------------------------------------

TYPED_TEST(migration_runner_test, a_failing_migration_changes_neither_the_schema_nor_the_history) {
  this->create_base_with_rows();
  this->db.run(pc::raw<"INSERT INTO band (name, popularity) VALUES ('Pythonistas', 1)">());  // a duplicate name
  add_auto(this->all, pc::snapshot_of(pc::schema<mr_v1::Manager, mr_bad::UniqueBand>{}), {}, "band names unique");
  const pc::schema_snapshot before = this->live();
  const pc::migration_error e = migration_error_of([&] { pc::migrate_forwards(this->db, this->all); });
  EXPECT_EQ(e.refusal(), pc::migration_refusal::failed);
  EXPECT_EQ(e.value(), pc::errc::unique_violation) << e.what();
  EXPECT_NE(std::string(e.what()).find("migration " + this->all[1].id + " failed, nothing of it was applied"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(this->live(), before);
  EXPECT_EQ(this->applied(), std::vector<std::string>{this->all[0].id});  // the earlier one stays applied
  EXPECT_EQ(this->db.run(pc::count<mr_v1::Band>()), 4);
  // the connection is usable, and the migration applies once the data allows it
  this->db.run(pc::raw<"DELETE FROM band WHERE popularity = 1">());
  EXPECT_EQ(ids_of(pc::migrate_forwards(this->db, this->all)), std::vector<std::string>{this->all[1].id});
  EXPECT_EQ(this->drift(pc::snapshot_of(pc::schema<mr_v1::Manager, mr_bad::UniqueBand>{})), "");
}

TYPED_TEST(migration_runner_test, a_backend_killed_inside_a_migration_records_nothing_and_a_rerun_applies_it) {
  if constexpr (TypeParam::is_sqlite) {
    GTEST_SKIP() << "a PostgreSQL backend";
  } else {
    bool kill = true;
    const std::string conninfo = this->engine.schema.conninfo();
    this->all.push_back(cpp_migration("0001", [&](pc::migration_context& context) {
      context.execute("CREATE TABLE lost (id INTEGER)");
      if (kill) kill_backend(conninfo, this->db.backend_pid());
      context.execute("INSERT INTO lost VALUES (1)");
    }));
    const pc::migration_error e = migration_error_of([&] { pc::migrate_forwards(this->db, this->all); });
    EXPECT_EQ(e.refusal(), pc::migration_refusal::failed);
    EXPECT_EQ(e.value(), pc::errc::connection_lost) << e.what();

    pc::postgres::database other = this->engine.connect();
    EXPECT_EQ(pc::migration_statuses(other, this->all)[0].applied, false);
    EXPECT_TRUE(pc::introspect(other).tables.size() == 1);  // the history table only
    kill = false;
    const auto steps = pc::migrate_forwards(other, this->all);
    EXPECT_EQ(ids_of(steps), std::vector<std::string>{"0001"});
    EXPECT_EQ(other.run(pc::raw<"SELECT id FROM lost", int>()), std::vector<int>{1});
    // the first connection reconnects on next use and sees it applied
    EXPECT_EQ(pc::migrate_forwards(this->db, this->all).size(), 0u);
  }
}

TYPED_TEST(migration_runner_test, two_migrators_at_once_apply_each_migration_exactly_once) {
  if constexpr (!TypeParam::shared_storage) {
    GTEST_SKIP() << "a second connection sees another in-memory database";
  } else {
    this->all.push_back(sql_migration("0001", "CREATE TABLE applied_log (id TEXT NOT NULL)", "DROP TABLE applied_log"));
    for (std::string id : {"0002", "0003", "0004"})
      this->all.push_back(cpp_migration(id, [id](pc::migration_context& context) {
        context.execute("INSERT INTO applied_log (id) VALUES ('" + id + "')");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the other migrator arrives meanwhile
      }));
    std::vector<pc::migration_step> first, second;
    std::atomic<int> failures{0};
    auto migrate = [&](std::vector<pc::migration_step>& steps) {
      try {
        auto db = this->engine.connect();
        steps = pc::migrate_forwards(db, this->all);
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    };
    std::thread a(migrate, std::ref(first)), b(migrate, std::ref(second));
    a.join();
    b.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(first.size() + second.size(), 4u);
    EXPECT_EQ(this->db.run(pc::raw<"SELECT id FROM applied_log ORDER BY id", std::string>()),
              (std::vector<std::string>{"0002", "0003", "0004"}));
    EXPECT_EQ(this->applied(), (std::vector<std::string>{"0001", "0002", "0003", "0004"}));
  }
}

TYPED_TEST(migration_runner_test, an_irreversible_migration_refuses_backwards_before_anything_runs) {
  this->all.push_back(sql_migration("0001", "CREATE TABLE a (id INTEGER)", ""));  // no .down.sql
  this->all.push_back(sql_migration("0002", "CREATE TABLE b (id INTEGER)", "DROP TABLE b"));
  this->all.push_back(cpp_migration("0003", [](pc::migration_context&) {}));  // no backwards
  pc::migrate_forwards(this->db, this->all, {.target = "0002"});
  EXPECT_FALSE(this->all[0].reversible());
  EXPECT_TRUE(this->all[1].reversible());
  EXPECT_FALSE(this->all[2].reversible());
  const pc::migration_error e = migration_error_of([&] { pc::migrate_backwards(this->db, this->all, {.target = "all"}); });
  EXPECT_EQ(e.refusal(), pc::migration_refusal::irreversible);
  EXPECT_NE(std::string(e.what()).find("migration 0001 cannot go backwards"), std::string::npos) << e.what();
  EXPECT_EQ(this->applied(), (std::vector<std::string>{"0001", "0002"}));  // 0002 was not reversed either
  EXPECT_EQ(this->live().tables.size(), 2u);
  // the last one alone goes back
  EXPECT_EQ(ids_of(pc::migrate_backwards(this->db, this->all)), std::vector<std::string>{"0002"});
  EXPECT_EQ(this->applied(), std::vector<std::string>{"0001"});
}

TYPED_TEST(migration_runner_test, an_unknown_target_or_applied_migration_is_refused) {
  this->all.push_back(sql_migration("0001", "CREATE TABLE a (id INTEGER)", "DROP TABLE a"));
  this->all.push_back(sql_migration("0002", "CREATE TABLE b (id INTEGER)", "DROP TABLE b"));
  EXPECT_EQ(migration_error_of([&] { pc::migrate_forwards(this->db, this->all, {.target = "0009"}); }).refusal(),
            pc::migration_refusal::unknown_target);
  EXPECT_EQ(this->live().tables.size(), 0u);
  pc::migrate_forwards(this->db, this->all);
  EXPECT_EQ(migration_error_of([&] { pc::migrate_backwards(this->db, this->all, {.target = "0009x"}); }).refusal(),
            pc::migration_refusal::unknown_target);

  const std::vector<pc::migration> fewer{this->all[0]};
  const pc::migration_error e = migration_error_of([&] { pc::migrate_forwards(this->db, fewer); });
  EXPECT_EQ(e.refusal(), pc::migration_refusal::unknown_applied);
  EXPECT_NE(std::string(e.what()).find("(0002)"), std::string::npos) << e.what();
  EXPECT_EQ(migration_error_of([&] { pc::migrate_backwards(this->db, fewer); }).refusal(),
            pc::migration_refusal::unknown_applied);
  const auto statuses = pc::migration_statuses(this->db, fewer);
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[1].id, "0002");
  EXPECT_EQ(statuses[1].description, "manual 0002");
  EXPECT_TRUE(statuses[1].applied);
  EXPECT_EQ(statuses[1].applied_at.size(), 20u) << statuses[1].applied_at;  // 2026-11-30T22:50:00Z
  const pc::migration_check check = pc::check_migrations(this->db, fewer, pc::schema_snapshot{});
  EXPECT_EQ(check.unknown_applied, std::vector<std::string>{"0002"});
  EXPECT_FALSE(check.ok());
}

TYPED_TEST(migration_runner_test, a_not_null_column_without_default_on_a_table_with_rows_is_refused) {
  this->create_base_with_rows();
  add_auto(this->all, pc::snapshot_of(pc::schema<mr_v1::Manager, mr_bad::CodedBand>{}), {}, "band code");
  ASSERT_TRUE(this->all[1].operations[0].needs_empty_table);
  const pc::schema_snapshot before = this->live();
  const pc::migration_error e = migration_error_of([&] { pc::migrate_forwards(this->db, this->all); });
  EXPECT_EQ(e.refusal(), pc::migration_refusal::not_empty);
  EXPECT_NE(std::string(e.what()).find("column band.code is NOT NULL without a default and table band has rows: give "
                                       "the column a default"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(this->live(), before);
  EXPECT_EQ(this->applied(), std::vector<std::string>{this->all[0].id});
  // on an empty table it applies
  this->db.run(pc::raw<"DELETE FROM band">());
  EXPECT_EQ(pc::migrate_forwards(this->db, this->all).size(), 1u);
}

TYPED_TEST(migration_runner_test, preview_runs_nothing_and_fake_records_only) {
  add_auto(this->all, s1, {}, "create manager and band");
  this->all.push_back(sql_migration("99990101T000000", "CREATE TABLE a (id INTEGER)", "DROP TABLE a"));
  const auto preview = pc::migrate_forwards(this->db, this->all, {.preview = true});
  ASSERT_EQ(preview.size(), 2u);
  ASSERT_EQ(preview[0].sql.size(), 2u);
  const char* create_manager = TypeParam::is_sqlite
                                   ? R"(CREATE TABLE "manager" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(50) NOT NULL))"
                                   : R"(CREATE TABLE "manager" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(50) NOT NULL))";
  EXPECT_EQ(preview[0].sql[0], create_manager);
  EXPECT_EQ(preview[1].sql, std::vector<std::string>{"CREATE TABLE a (id INTEGER)"});
  EXPECT_FALSE(preview[0].faked);
  EXPECT_EQ(pc::introspect(this->db, this->dialect).tables.size(), 0u);  // not even the history table

  std::vector<std::string> started, done;
  const auto faked = pc::migrate_forwards(
      this->db, this->all,
      {.target = this->all[0].id,
       .fake = true,
       .on_start = [&](const pc::migration& m, bool forwards) { started.push_back(m.id + (forwards ? " up" : " down")); },
       .on_done = [&](const pc::migration_step& s) { done.push_back(s.id); }});
  ASSERT_EQ(faked.size(), 1u);
  EXPECT_TRUE(faked[0].faked);
  EXPECT_TRUE(faked[0].sql.empty());
  EXPECT_EQ(started, std::vector<std::string>{this->all[0].id + " up"});
  EXPECT_EQ(done, std::vector<std::string>{this->all[0].id});
  EXPECT_EQ(this->applied(), std::vector<std::string>{this->all[0].id});
  EXPECT_EQ(this->live().tables.size(), 0u);  // recorded, nothing created
  const pc::migration_check check = pc::check_migrations(this->db, this->all, s1);
  EXPECT_EQ(check.pending, std::vector<std::string>{"99990101T000000"});
  EXPECT_EQ(check.drift.size(), 2u);  // both tables missing
}

TYPED_TEST(migration_runner_test, foreign_keys_hold_through_migrations_on_both_engines) {
  this->create_base_with_rows();
  this->db.run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Dangling', 7)">());
  add_auto(this->all, pc::snapshot_of(pc::schema<mr_v1::Manager, mr_bad::FkBand>{}), {}, "band.manager a foreign key");
  const pc::schema_snapshot before = this->live();
  const pc::migration_error e = migration_error_of([&] { pc::migrate_forwards(this->db, this->all); });
  EXPECT_EQ(e.refusal(), pc::migration_refusal::failed);
  EXPECT_EQ(e.value(), pc::errc::foreign_key_violation) << e.what();
  EXPECT_EQ(this->live(), before);
  EXPECT_EQ(this->applied(), std::vector<std::string>{this->all[0].id});
  using text_rows = std::vector<std::vector<std::optional<std::string>>>;
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(this->db.text_rows("PRAGMA foreign_keys"), (text_rows{{"1"}}));  // on again
  }

  this->db.run(pc::raw<"DELETE FROM band WHERE manager = 7">());
  EXPECT_EQ(pc::migrate_forwards(this->db, this->all).size(), 1u);
  // the referenced table rebuilt (SQLite) or altered: its rows and the references stay
  add_auto(this->all, pc::snapshot_of(pc::schema<mr_bad::WideManager, mr_bad::FkBand>{}), {}, "manager.name TEXT");
  EXPECT_EQ(pc::migrate_forwards(this->db, this->all).size(), 1u);
  EXPECT_EQ(this->drift(pc::snapshot_of(pc::schema<mr_bad::WideManager, mr_bad::FkBand>{})), "");
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(this->db.text_rows("PRAGMA foreign_keys"), (text_rows{{"1"}}));  // on again
  }
  using row = std::tuple<std::string, std::optional<std::string>>;
  const std::vector<row> bands{{"Pythonistas", "Guido"}, {"Rustaceans", "Graydon"}, {"C-Sharps", std::nullopt}};
  EXPECT_EQ(this->db.run(pc::raw<"SELECT b.name, m.name FROM band AS b LEFT JOIN manager AS m ON m.id = b.manager "
                                 "ORDER BY b.id", row>()),
            bands);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Nobody', 99)">()),
                       pc::errc::foreign_key_violation);
  // backwards over the rebuild, and forwards again
  EXPECT_EQ(pc::migrate_backwards(this->db, this->all).size(), 1u);
  EXPECT_EQ(this->drift(pc::snapshot_of(pc::schema<mr_v1::Manager, mr_bad::FkBand>{})), "");
  EXPECT_EQ(this->db.run(pc::raw<"SELECT b.name, m.name FROM band AS b LEFT JOIN manager AS m ON m.id = b.manager "
                                 "ORDER BY b.id", row>()),
            bands);
  EXPECT_EQ(pc::migrate_forwards(this->db, this->all).size(), 1u);
  // a manual migration's DELETE runs the foreign key's action, as on PostgreSQL
  this->all.push_back(sql_migration("99990101T000000", "DELETE FROM manager WHERE id = 2", ""));
  EXPECT_EQ(pc::migrate_forwards(this->db, this->all).size(), 1u);
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name FROM band WHERE manager IS NULL ORDER BY id", std::string>()),
            (std::vector<std::string>{"Rustaceans", "C-Sharps"}));
}

// ---- the issue's sequence ------------------------------------------------------------------

TYPED_TEST(migration_runner_test, the_playground_sequence_applies_forwards_with_rows_and_reverses) {
  auto& db = this->db;
  add_auto(this->all, s1, {}, "create manager and band");
  add_auto(this->all, s2, {}, "add venue");
  add_auto(this->all, s3, {}, "add band.website");
  add_auto(this->all, s4, {}, "add band.rating");
  add_auto(this->all, s5, {.renames = {{"band.website", "url"}}}, "rename website to url");
  add_auto(this->all, s6,
           {.using_sql = {{"venue.capacity", R"(CAST("capacity" AS INTEGER))"}},
            .reverse_using_sql = {{"venue.capacity", R"(CAST("capacity" AS TEXT))"}}},
           "venue capacity a number");
  add_auto(this->all, s7, {}, "index and unique");
  add_auto(this->all, s8, {}, "band.manager a foreign key");
  add_auto(this->all, s9, {.allow_drop = true}, "drop band.url");
  ASSERT_EQ(this->all.size(), 9u);
  const std::vector<pc::schema_snapshot> versions{s1, s2, s3, s4, s5, s6, s7, s8, s9};
  for (std::size_t i = 1; i < this->all.size(); ++i) ASSERT_LT(this->all[i - 1].id, this->all[i].id);

  std::vector<std::string> progress;
  std::vector<std::string> last_sql;
  auto forwards_to = [&](std::size_t i) {
    progress.clear();
    const auto steps = pc::migrate_forwards(
        db, this->all, {.target = this->all[i].id, .on_progress = [&](std::string_view line) { progress.emplace_back(line); }});
    EXPECT_EQ(ids_of(steps), std::vector<std::string>{this->all[i].id});
    if (!steps.empty()) last_sql = steps[0].sql;
    EXPECT_EQ(this->drift(versions[i]), "") << "after " << this->all[i].description;
  };
  using band_row = std::tuple<std::string, std::optional<int>, int>;
  const std::vector<band_row> bands{{"Pythonistas", 1, 1000}, {"Rustaceans", 2, 500}, {"C-Sharps", std::nullopt, 10}};

  forwards_to(0);
  db.run(pc::raw<"INSERT INTO manager (name) VALUES ('Guido'), ('Graydon')">());
  db.run(pc::raw<"INSERT INTO band (name, manager, popularity) VALUES ('Pythonistas', 1, 1000), ('Rustaceans', 2, "
                 "500), ('C-Sharps', NULL, 10)">());
  forwards_to(1);  // a table
  db.run(pc::raw<"INSERT INTO venue (name, capacity) VALUES ('Amazing Venue', '5000'), ('Smallish Venue', '200')">());
  forwards_to(2);  // a nullable column
  EXPECT_EQ(db.run(pc::raw<"SELECT count(*) FROM band WHERE website IS NULL", std::int64_t>()), std::vector<std::int64_t>{3});
  db.run(pc::raw<"UPDATE band SET website = 'https://python.org' WHERE id = 1">());
  forwards_to(3);  // a column with a default
  EXPECT_EQ(db.run(pc::raw<"SELECT rating FROM band ORDER BY id", int>()), (std::vector<int>{5, 5, 5}));
  forwards_to(4);  // a rename
  using url_row = std::tuple<std::string, std::optional<std::string>>;
  EXPECT_EQ(db.run(pc::raw<"SELECT name, url FROM band ORDER BY id", url_row>()),
            (std::vector<url_row>{{"Pythonistas", "https://python.org"}, {"Rustaceans", std::nullopt}, {"C-Sharps", std::nullopt}}));
  forwards_to(5);  // a type, with USING
  EXPECT_EQ(db.run(pc::raw<"SELECT capacity + 1 FROM venue ORDER BY id", int>()), (std::vector<int>{5001, 201}));
  forwards_to(6);  // an index and a multi-column unique
  PICCOLO_EXPECT_ERROR(db.run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Pythonistas', 1)">()),
                       pc::errc::unique_violation);
  EXPECT_EQ(db.run(pc::raw<"SELECT name, manager, popularity FROM band ORDER BY id", band_row>()), bands);
  forwards_to(7);  // a foreign key: SQLite rebuilds the table, PostgreSQL alters it
  ASSERT_FALSE(last_sql.empty());
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(progress, (std::vector<std::string>{"band: rebuilding the table, 3 rows", "band: 3 rows copied"}));
    EXPECT_TRUE(std::any_of(last_sql.begin(), last_sql.end(),
                            [](const std::string& s) { return s.starts_with("CREATE TABLE \"band$new\""); }));
  } else {
    EXPECT_EQ(progress, std::vector<std::string>{});
    EXPECT_TRUE(last_sql[0].starts_with("ALTER TABLE \"band\" ADD")) << last_sql[0];
  }
  PICCOLO_EXPECT_ERROR(db.run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Nobody', 99)">()),
                       pc::errc::foreign_key_violation);
  EXPECT_EQ(db.run(pc::raw<"SELECT name, manager, popularity FROM band ORDER BY id", band_row>()), bands);
  forwards_to(8);  // a column dropped
  using rated_row = std::tuple<std::string, std::optional<int>, int, int>;
  EXPECT_EQ(db.run(pc::raw<"SELECT name, manager, popularity, rating FROM band ORDER BY id", rated_row>()),
            (std::vector<rated_row>{{"Pythonistas", 1, 1000, 5}, {"Rustaceans", 2, 500, 5}, {"C-Sharps", std::nullopt, 10, 5}}));
  EXPECT_EQ(pc::check_migrations(db, this->all, s9).ok(), true);

  // backwards, one step with "1", two with "2", then down to and including the venue table
  EXPECT_EQ(ids_of(pc::migrate_backwards(db, this->all, {.target = "1"})), std::vector<std::string>{this->all[8].id});
  EXPECT_EQ(this->drift(s8), "");
  EXPECT_EQ(db.run(pc::raw<"SELECT count(*) FROM band WHERE url IS NULL", std::int64_t>()), std::vector<std::int64_t>{3});
  EXPECT_EQ(ids_of(pc::migrate_backwards(db, this->all, {.target = "2"})),
            (std::vector<std::string>{this->all[7].id, this->all[6].id}));
  EXPECT_EQ(this->drift(s6), "");
  db.run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Pythonistas', 99)">());  // neither unique nor a foreign key now
  db.run(pc::raw<"DELETE FROM band WHERE manager = 99">());
  const auto back = pc::migrate_backwards(db, this->all, {.target = this->all[1].id});
  EXPECT_EQ(ids_of(back), (std::vector<std::string>{this->all[5].id, this->all[4].id, this->all[3].id, this->all[2].id,
                                                    this->all[1].id}));
  for (const pc::migration_step& s : back) EXPECT_FALSE(s.forwards);
  EXPECT_EQ(this->drift(s1), "");
  EXPECT_EQ(db.run(pc::raw<"SELECT name, manager, popularity FROM band ORDER BY id", band_row>()), bands);
  EXPECT_EQ(db.run(pc::raw<"SELECT name FROM manager ORDER BY id", std::string>()),
            (std::vector<std::string>{"Guido", "Graydon"}));
  EXPECT_EQ(this->applied(), std::vector<std::string>{this->all[0].id});

  // all the way: forwards again (the rows stay), then every migration reversed
  EXPECT_EQ(pc::migrate_forwards(db, this->all).size(), 8u);
  EXPECT_EQ(this->drift(s9), "");
  EXPECT_EQ(db.run(pc::raw<"SELECT name, manager, popularity FROM band ORDER BY id", band_row>()), bands);
  EXPECT_EQ(db.run(pc::raw<"SELECT count(*) FROM venue", std::int64_t>()), std::vector<std::int64_t>{0});  // dropped and made again
  EXPECT_EQ(pc::migrate_backwards(db, this->all, {.target = "all"}).size(), 9u);
  EXPECT_EQ(this->live().tables.size(), 0u);
  EXPECT_EQ(this->applied(), std::vector<std::string>{});
}

// ---- SQLite: the writer is held while foreign keys are off ---------------------------------

// A migration that rebuilds a table on SQLite switches foreign keys off around its
// transaction. A write of the database's executor that ran in that gap (before BEGIN or
// after COMMIT) would skip the foreign-key check and commit a dangling reference: the
// runner holds the writer throughout, so the write posted the moment the pragma has run
// waits, then runs with the checks on again and is refused.
TEST(migration_runner_sqlite, an_executor_write_posted_while_foreign_keys_are_off_runs_after_them) {
  temp_dir dir;
  // completions run on their own thread: the migration thread waits on one
  struct completion_thread {
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
    std::thread thread{[this] { io.run(); }};
    ~completion_thread() {
      work.reset();
      thread.join();
    }
  } completions;
  boost::asio::io_context& io = completions.io;
  {
    pc::sqlite::database db{io.get_executor(), (dir.path() / "gap.sqlite").string()};
    std::vector<pc::migration> all;
    add_auto(all, pc::snapshot_of(pc::schema<mr_v1::Manager, mr_bad::FkBand>{}), {}, "manager and band");
    pc::migrate_forwards(db, all);
    db.run(pc::raw<"INSERT INTO manager (name) VALUES ('Guido')">());
    add_auto(all, pc::snapshot_of(pc::schema<mr_bad::WideManager, mr_bad::FkBand>{}), {}, "manager.name TEXT");

    std::future<std::int64_t> sneaky;
    bool finished_while_off = false;
    db.on_query([&](const pc::query_event& e) {
      if (e.sql != "PRAGMA foreign_keys = OFF" || sneaky.valid()) return;
      sneaky = db.async_run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Sneaky', 99)">(), boost::asio::use_future);
      finished_while_off = sneaky.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready;
    });
    EXPECT_EQ(pc::migrate_forwards(db, all).size(), 1u);  // the rebuild's foreign_key_check found nothing
    ASSERT_TRUE(sneaky.valid()) << "the rebuild did not switch foreign keys off";
    sneaky.wait();
    db.on_query(pc::query_hook{});
    EXPECT_FALSE(finished_while_off);
    try {
      sneaky.get();
      ADD_FAILURE() << "the write of a dangling reference was committed";
    } catch (const boost::system::system_error& e) {
      EXPECT_EQ(std::error_code(e.code()), pc::errc::foreign_key_violation) << e.what();
    }
    EXPECT_EQ(db.text_rows("PRAGMA foreign_key_check"), (std::vector<std::vector<std::optional<std::string>>>{}));
    EXPECT_EQ(db.run(pc::raw<"SELECT count(*) FROM band", std::int64_t>()), std::vector<std::int64_t>{0});
  }
}

}  // namespace
}  // namespace piccolo_test
