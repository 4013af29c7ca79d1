// The names a database derives from a table's: after a table rename (a migration with a
// rename, or alter<T>().rename_from()) the primary key, UNIQUE and foreign key
// constraints, the serial's sequence and piccolo's indexes carry the new table's name, as
// in a table created fresh under it, so that verify_schema is clean and a later migration
// drops them by name; and names near PostgreSQL's 63 bytes, where PostgreSQL and piccolo
// shorten the derived names alike. On both engines, with rows.

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <piccolo/alter.hpp>
#include <piccolo/migrate.hpp>

#include "fixture.hpp"

namespace names_v1 {
struct Owner {
  pc::serial id;
  std::string name;
  static constexpr std::string_view table_name = "names_owner";
};
struct Studio {
  pc::serial id;
  std::string name;
  int size = 0;
  std::optional<pc::foreign_key<Owner>> owner;
  static constexpr std::string_view table_name = "names_studio";
  static constexpr auto column_options() { return pc::options(pc::unique<&Studio::name>, pc::index<&Studio::size>); }
};
}  // namespace names_v1

// v1 -> v2: the table renamed
namespace names_v2 {
using names_v1::Owner;
struct Room {
  pc::serial id;
  std::string name;
  int size = 0;
  std::optional<pc::foreign_key<Owner>> owner;
  static constexpr std::string_view table_name = "names_room";
  static constexpr auto column_options() { return pc::options(pc::unique<&Room::name>, pc::index<&Room::size>); }
};
}  // namespace names_v2

// v2 -> v3: its unique, index and foreign key dropped
namespace names_v3 {
using names_v1::Owner;
struct Room {
  pc::serial id;
  std::string name;
  int size = 0;
  std::optional<int> owner;
  static constexpr std::string_view table_name = "names_room";
};
}  // namespace names_v3

// Names of 40 and 31 bytes: legal, but the index name (79 bytes) and the UNIQUE
// constraint's (76) pass 63 and are shortened.
namespace names_long {
struct Long {
  pc::serial id;
  int first = 0;
  int second = 0;
  static constexpr std::string_view table_name = "a_table_name_of_forty_bytes_for_testing_";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&Long::first, "a_column_name_of_thirty_bytes_1">,
                       pc::column_name<&Long::second, "a_column_name_of_thirty_bytes_2">, pc::index<&Long::first>,
                       pc::unique<&Long::second>);
  }
};
struct Plain {
  pc::serial id;
  int first = 0;
  int second = 0;
  static constexpr std::string_view table_name = "a_table_name_of_forty_bytes_for_testing_";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&Plain::first, "a_column_name_of_thirty_bytes_1">,
                       pc::column_name<&Plain::second, "a_column_name_of_thirty_bytes_2">);
  }
};
}  // namespace names_long

namespace piccolo_test {
namespace {

std::vector<std::string> texts(const std::vector<pc::migration_operation>& ops) {
  std::vector<std::string> result;
  for (const pc::migration_operation& op : ops) result.push_back(pc::to_string(op));
  return result;
}

template <class Engine>
class migrate_names_test : public database_test<Engine> {
 protected:
  // Every name the database holds for `table`'s constraints, indexes and sequences
  // (SQLite: its indexes, its own autoindexes included).
  std::vector<std::string> derived_names(const std::string& table) {
    if constexpr (Engine::is_sqlite) {
      return this->db.run(pc::raw<"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = {} ORDER BY name",
                                  std::string>(table));
    } else {
      return this->db.run(
          pc::raw<"WITH t AS (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                  "n.nspname = current_schema() AND c.relname = {}) "
                  "SELECT k.conname::text FROM pg_constraint k, t WHERE k.conrelid = t.oid AND k.contype IN ('p', 'u', 'f') "
                  "UNION SELECT i.relname::text FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid, t WHERE x.indrelid = t.oid "
                  "UNION SELECT s.relname::text FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S', t "
                  "WHERE d.refobjid = t.oid ORDER BY 1",
                  std::string>(table));
    }
  }
  template <class... Ts>
  std::string differences(pc::schema<Ts...> compiled) {
    std::string listed;
    for (const pc::schema_difference& d : pc::verify_schema(this->db, compiled)) listed += d.to_string() + "\n";
    return listed;
  }
  std::vector<pc::migration> all;
};
TYPED_TEST_SUITE(migrate_names_test, engines, engine_names);

TYPED_TEST(migrate_names_test, a_renamed_table_names_its_key_uniques_sequence_and_indexes_as_a_fresh_one) {
  using v1_schema = pc::schema<names_v1::Owner, names_v1::Studio>;
  using v2_schema = pc::schema<names_v2::Owner, names_v2::Room>;
  using v3_schema = pc::schema<names_v3::Owner, names_v3::Room>;
  // the names of tables created fresh under each name
  this->db.run(pc::create_tables<names_v1::Owner, names_v1::Studio>());
  const std::vector<std::string> fresh_studio = this->derived_names("names_studio");
  this->db.run(pc::drop_table<names_v1::Studio>());
  this->db.run(pc::create_table<names_v2::Room>());
  const std::vector<std::string> fresh_room = this->derived_names("names_room");
  this->db.run(pc::drop_tables<names_v1::Owner, names_v2::Room>());
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(fresh_room, (std::vector<std::string>{"ix$names_room$size", "sqlite_autoindex_names_room_1"}));
  } else {
    EXPECT_EQ(fresh_room, (std::vector<std::string>{"ix$names_room$size", "names_room_id_seq", "names_room_name_key",
                                                    "names_room_owner_fkey", "names_room_pkey"}));
  }

  this->all.push_back(*pc::make_auto_migration(this->all, pc::snapshot_of(v1_schema{}), {}, "v1"));
  pc::migrate_forwards(this->db, this->all);
  this->db.run(pc::raw<"INSERT INTO names_owner (name) VALUES ('Ann')">());
  this->db.run(pc::raw<"INSERT INTO names_studio (name, size, owner) VALUES ('A', 1, 1), ('B', 2, NULL)">());

  const std::optional<pc::migration> renamed =
      pc::make_auto_migration(this->all, pc::snapshot_of(v2_schema{}), {.renames = {{"names_studio", "names_room"}}}, "v2");
  ASSERT_TRUE(renamed.has_value());
  // one operation: the index is renamed with its table, not dropped and made again
  EXPECT_EQ(texts(renamed->operations), std::vector<std::string>{"rename table names_studio to names_room"});
  this->all.push_back(*renamed);
  pc::migrate_forwards(this->db, this->all);
  EXPECT_EQ(this->derived_names("names_room"), fresh_room);
  EXPECT_EQ(this->differences(v2_schema{}), "");
  // the renamed sequence goes on
  EXPECT_EQ(this->db.run(pc::insert(names_v2::Room{.name = "C"}).returning(c<&names_v2::Room::id>)),
            std::vector<std::int64_t>{3});
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO names_room (name) VALUES ('A')">()), pc::errc::unique_violation);

  // a later migration drops the foreign key, the unique and the index by their names
  const std::optional<pc::migration> dropped = pc::make_auto_migration(this->all, pc::snapshot_of(v3_schema{}), {}, "v3");
  ASSERT_TRUE(dropped.has_value());
  EXPECT_EQ(texts(dropped->operations),
            (std::vector<std::string>{"drop foreign key names_room.owner", "drop unique names_room (name)",
                                      "drop index ix$names_room$size"}));
  this->all.push_back(*dropped);
  pc::migrate_forwards(this->db, this->all);
  EXPECT_EQ(this->differences(v3_schema{}), "");
  this->db.run(pc::raw<"INSERT INTO names_room (name, owner) VALUES ('A', 99)">());  // no unique, no foreign key
  this->db.run(pc::raw<"DELETE FROM names_room WHERE owner = 99">());

  // and all the way back: the old names again, every row kept
  EXPECT_EQ(pc::migrate_backwards(this->db, this->all, {.target = "2"}).size(), 2u);
  EXPECT_EQ(this->derived_names("names_studio"), fresh_studio);
  EXPECT_EQ(this->differences(v1_schema{}), "");
  using row = std::tuple<std::string, int, std::optional<int>>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name, size, owner FROM names_studio ORDER BY id", row>()),
            (std::vector<row>{{"A", 1, 1}, {"B", 2, std::nullopt}, {"C", 0, std::nullopt}}));
}

TYPED_TEST(migrate_names_test, alter_rename_from_renames_what_is_named_after_the_table) {
  this->db.run(pc::create_table<names_v1::Owner>());
  this->db.run(pc::create_table<names_v2::Room>());
  const std::vector<std::string> fresh_room = this->derived_names("names_room");
  this->db.run(pc::drop_table<names_v2::Room>());
  this->db.run(pc::create_table<names_v1::Studio>());
  this->db.run(pc::raw<"INSERT INTO names_studio (name, size) VALUES ('A', 1)">());

  this->db.run(pc::alter<names_v2::Room>().rename_from<"names_studio">());
  EXPECT_EQ(this->derived_names("names_room"), fresh_room);
  EXPECT_EQ(this->differences(pc::schema<names_v2::Owner, names_v2::Room>{}), "");
  // the unique and the index go by their names
  this->db.run(pc::alter<names_v3::Room>().drop_unique(c<&names_v3::Room::name>));
  this->db.run(pc::alter<names_v3::Room>().drop_index(c<&names_v3::Room::size>));
  this->db.run(pc::alter<names_v3::Room>().drop_foreign_key(c<&names_v3::Room::owner>));
  EXPECT_EQ(this->differences(pc::schema<names_v3::Owner, names_v3::Room>{}), "");
  using row = std::tuple<std::int64_t, std::string, int>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT id, name, size FROM names_room", row>()), (std::vector<row>{{1, "A", 1}}));
}

// A rename that meets a table whose names are not the derived ones (made by hand) fails as
// a whole, on PostgreSQL inside the migration's transaction: nothing renamed, nothing recorded.
TYPED_TEST(migrate_names_test, a_rename_whose_derived_names_are_missing_fails_and_changes_nothing) {
  using v1_schema = pc::schema<names_v1::Owner, names_v1::Studio>;
  using v2_schema = pc::schema<names_v2::Owner, names_v2::Room>;
  this->all.push_back(*pc::make_auto_migration(this->all, pc::snapshot_of(v1_schema{}), {}, "v1"));
  pc::migrate_forwards(this->db, this->all);
  this->db.run(pc::raw<"DROP INDEX \"ix$names_studio$size\"">());
  this->db.run(pc::raw<"CREATE INDEX by_hand ON names_studio (size)">());
  this->all.push_back(
      *pc::make_auto_migration(this->all, pc::snapshot_of(v2_schema{}), {.renames = {{"names_studio", "names_room"}}}, "v2"));
  EXPECT_THROW(pc::migrate_forwards(this->db, this->all), pc::migration_error);
  EXPECT_TRUE(pc::table_exists<names_v1::Studio>(this->db));
  EXPECT_FALSE(pc::table_exists<names_v2::Room>(this->db));
  EXPECT_EQ(this->derived_names("names_room"), std::vector<std::string>{});
  EXPECT_EQ(pc::migration_statuses(this->db, this->all)[1].applied, false);
}

// ---- names near PostgreSQL's 63 bytes ------------------------------------------------------

TYPED_TEST(migrate_names_test, a_long_index_and_unique_name_verify_clean_and_drop_through_a_migration) {
  using long_schema = pc::schema<names_long::Long>;
  using plain_schema = pc::schema<names_long::Plain>;
  this->all.push_back(*pc::make_auto_migration(this->all, pc::snapshot_of(long_schema{}), {}, "long"));
  pc::migrate_forwards(this->db, this->all);
  this->db.run(pc::raw<"INSERT INTO a_table_name_of_forty_bytes_for_testing_ (a_column_name_of_thirty_bytes_1, "
                       "a_column_name_of_thirty_bytes_2) VALUES (1, 1), (1, 2)">());
  EXPECT_EQ(this->differences(long_schema{}), "");
  if constexpr (TypeParam::is_sqlite) {
    EXPECT_EQ(this->derived_names("a_table_name_of_forty_bytes_for_testing_"),
              (std::vector<std::string>{"ix$a_table_name_of_forty_bytes_for_testing_$a_column_n$0b089302",
                                        "sqlite_autoindex_a_table_name_of_forty_bytes_for_testing__1"}));
  } else {
    // the index: piccolo's 54 bytes and hash; the constraints: PostgreSQL's shortening
    EXPECT_EQ(this->derived_names("a_table_name_of_forty_bytes_for_testing_"),
              (std::vector<std::string>{"a_table_name_of_forty_bytes_f_a_column_name_of_thirty_bytes_key",
                                        "a_table_name_of_forty_bytes_for_testing__id_seq",
                                        "a_table_name_of_forty_bytes_for_testing__pkey",
                                        "ix$a_table_name_of_forty_bytes_for_testing_$a_column_n$0b089302"}));
  }
  const std::optional<pc::migration> plain = pc::make_auto_migration(this->all, pc::snapshot_of(plain_schema{}), {}, "plain");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(texts(plain->operations),
            (std::vector<std::string>{"drop unique a_table_name_of_forty_bytes_for_testing_ (a_column_name_of_thirty_bytes_2)",
                                      "drop index ix$a_table_name_of_forty_bytes_for_testing_$a_column_n$0b089302"}));
  this->all.push_back(*plain);
  pc::migrate_forwards(this->db, this->all);
  EXPECT_EQ(this->differences(plain_schema{}), "");
  const std::vector<std::string> left =
      TypeParam::is_sqlite ? std::vector<std::string>{}
                           : std::vector<std::string>{"a_table_name_of_forty_bytes_for_testing__id_seq",
                                                      "a_table_name_of_forty_bytes_for_testing__pkey"};
  EXPECT_EQ(this->derived_names("a_table_name_of_forty_bytes_for_testing_"), left);
  // and back: both made again under the same names
  pc::migrate_backwards(this->db, this->all);
  EXPECT_EQ(this->differences(long_schema{}), "");
  EXPECT_EQ(this->db.run(pc::count<names_long::Long>()), 2);
}

}  // namespace
}  // namespace piccolo_test
