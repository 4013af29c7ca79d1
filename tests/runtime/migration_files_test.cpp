// Migration files: an automatic migration written and read back equal, manual SQL files
// (shared and per dialect), the refusals of a bad directory, new ids from the clock, and
// make_auto_migration diffing from the last snapshot.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <piccolo/migrate.hpp>

#include "fixture.hpp"

namespace mf_v1 {
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  static constexpr std::string_view table_name = "band";
};
}  // namespace mf_v1
namespace mf_v2 {
struct Band {
  pc::serial id;
  pc::varchar<50> name;
  std::optional<std::string> website;
  int popularity = 0;
  static constexpr std::string_view table_name = "band";
  static constexpr auto column_options() { return pc::options(pc::index<&Band::popularity>); }
};
}  // namespace mf_v2

namespace piccolo_test {
namespace {

const pc::schema_snapshot v1 = pc::snapshot_of(pc::schema<mf_v1::Band>{});
const pc::schema_snapshot v2 = pc::snapshot_of(pc::schema<mf_v2::Band>{});

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

template <class F>
pc::migration_refusal refusal_of(F f, std::string* message = nullptr) {
  try {
    f();
  } catch (const pc::migration_error& e) {
    if (message) *message = e.what();
    return e.refusal();
  }
  ADD_FAILURE() << "no migration_error";
  return pc::migration_refusal::failed;
}

std::chrono::system_clock::time_point at_time(int y, unsigned m, unsigned d, int hour, int minute, int second) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
}

TEST(migration_files_test, a_bad_file_or_two_files_with_one_id_are_refused) {
  temp_dir dir;
  write_text(dir.path() / "0001.json", "{ not json");
  std::string message;
  EXPECT_EQ(refusal_of([&] { pc::read_migrations(dir.path()); }, &message), pc::migration_refusal::bad_file);
  EXPECT_NE(message.find("0001.json: "), std::string::npos) << message;
  EXPECT_EQ(refusal_of([] { pc::migration_from_file_text(R"({"format": 1, "id": "x"})"); }, &message),
            pc::migration_refusal::bad_file);
  EXPECT_NE(message.find("missing \"description\""), std::string::npos) << message;
  EXPECT_EQ(refusal_of([] { pc::migration_from_file_text(R"({"format": 7})"); }), pc::migration_refusal::bad_file);

  std::filesystem::remove(dir.path() / "0001.json");
  pc::migration m = *pc::make_auto_migration({}, v1, {}, "create band");
  m.id = "0001";
  pc::write_migration(dir.path(), m);
  write_text(dir.path() / "0001.up.sql", "CREATE TABLE x (id INTEGER);\n");
  EXPECT_EQ(refusal_of([&] { pc::read_migrations(dir.path()); }, &message), pc::migration_refusal::bad_file);
  EXPECT_NE(message.find("two migrations have the id 0001"), std::string::npos) << message;

  std::filesystem::remove(dir.path() / "0001.up.sql");
  write_text(dir.path() / "0002.down.sql", "DROP TABLE x;\n");  // no up
  EXPECT_EQ(refusal_of([&] { pc::read_migrations(dir.path()); }, &message), pc::migration_refusal::bad_file);
  EXPECT_NE(message.find("0002.down.sql has no 0002.up.sql"), std::string::npos) << message;

  std::filesystem::remove(dir.path() / "0002.down.sql");
  write_text(dir.path() / "0003.sqlite.up.sql", "SELECT 1;\n");  // no postgres file
  EXPECT_EQ(refusal_of([&] { pc::read_migrations(dir.path()); }), pc::migration_refusal::bad_file);

  std::filesystem::remove(dir.path() / "0003.sqlite.up.sql");
  write_text(dir.path() / "0004.json", pc::migration_file_text(m));  // its id says 0001
  EXPECT_EQ(refusal_of([&] { pc::read_migrations(dir.path()); }, &message), pc::migration_refusal::bad_file);
  EXPECT_NE(message.find("its \"id\" is 0001, not 0004"), std::string::npos) << message;
}

TEST(migration_files_test, an_automatic_migration_reads_back_equal) {
  temp_dir dir;
  std::vector<pc::migration> all;
  all.push_back(*pc::make_auto_migration(all, v1, {}, "create band"));
  all.push_back(*pc::make_auto_migration(all, v2, {}, "website, popularity"));
  for (const pc::migration& m : all) {
    const std::filesystem::path path = pc::write_migration(dir.path(), m);
    EXPECT_EQ(path, dir.path() / (m.id + ".json"));
  }
  write_text(dir.path() / "README.md", "not a migration");
  const std::vector<pc::migration> read = pc::read_migrations(dir.path());
  ASSERT_EQ(read.size(), 2u);
  for (std::size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].id, all[i].id);
    EXPECT_EQ(read[i].description, all[i].description);
    EXPECT_EQ(read[i].kind, pc::migration_kind::automatic);
    EXPECT_EQ(read[i].operations, all[i].operations);
    EXPECT_EQ(read[i].forwards, all[i].forwards);
    EXPECT_EQ(read[i].backwards, all[i].backwards);
    EXPECT_EQ(read[i].snapshot, all[i].snapshot);
    EXPECT_EQ(pc::migration_file_text(read[i]), pc::migration_file_text(all[i]));
  }
  EXPECT_EQ(read[1].forwards.postgres,
            "-- add column band.website\nALTER TABLE \"band\" ADD COLUMN \"website\" TEXT;\n"
            "-- add column band.popularity\nALTER TABLE \"band\" ADD COLUMN \"popularity\" INTEGER NOT NULL DEFAULT 0;\n"
            "-- create index ix$band$popularity\nCREATE INDEX \"ix$band$popularity\" ON \"band\" (\"popularity\");\n");
  EXPECT_TRUE(read[1].reversible());
  EXPECT_TRUE(pc::read_migrations(dir.path() / "missing").empty());
}

TEST(migration_files_test, manual_sql_files_shared_and_per_dialect) {
  temp_dir dir;
  write_text(dir.path() / "0001_init.up.sql", "-- the first table\nCREATE TABLE a (id INTEGER);\n");
  write_text(dir.path() / "0001_init.down.sql", "DROP TABLE a;\n");
  write_text(dir.path() / "0002_json.sqlite.up.sql", "-- a json column\nALTER TABLE a ADD COLUMN j TEXT;\n");
  write_text(dir.path() / "0002_json.postgres.up.sql", "ALTER TABLE a ADD COLUMN j JSONB;\n");
  write_text(dir.path() / "0003_once.up.sql", "INSERT INTO a (id) VALUES (1);\n");
  const std::vector<pc::migration> read = pc::read_migrations(dir.path());
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].id, "0001_init");
  EXPECT_EQ(read[0].kind, pc::migration_kind::sql);
  EXPECT_EQ(read[0].description, "the first table");
  EXPECT_EQ(read[0].forwards.of(pc::dialect_id::postgres), "-- the first table\nCREATE TABLE a (id INTEGER);\n");
  EXPECT_EQ(read[0].backwards.of(pc::dialect_id::sqlite), "DROP TABLE a;\n");
  EXPECT_TRUE(read[0].reversible());
  EXPECT_EQ(read[1].description, "a json column");
  EXPECT_EQ(read[1].forwards.sqlite, "-- a json column\nALTER TABLE a ADD COLUMN j TEXT;\n");
  EXPECT_EQ(read[1].forwards.postgres, "ALTER TABLE a ADD COLUMN j JSONB;\n");
  EXPECT_FALSE(read[1].reversible());
  EXPECT_EQ(read[2].description, "");
  EXPECT_FALSE(read[2].reversible());

  // written back: the same files, read back the same
  temp_dir copy;
  for (const pc::migration& m : read) pc::write_migration(copy.path(), m);
  EXPECT_TRUE(std::filesystem::exists(copy.path() / "0002_json.postgres.up.sql"));
  EXPECT_FALSE(std::filesystem::exists(copy.path() / "0003_once.down.sql"));
  const std::vector<pc::migration> again = pc::read_migrations(copy.path());
  ASSERT_EQ(again.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(again[i].forwards, read[i].forwards);
    EXPECT_EQ(again[i].backwards, read[i].backwards);
    EXPECT_EQ(again[i].description, read[i].description);
  }
}

TEST(migration_files_test, new_ids_come_from_the_clock_and_after_every_existing_one) {
  const auto now = at_time(2026, 11, 30, 22, 50, 0);
  EXPECT_EQ(pc::new_migration_id({}, now), "20261130T225000");
  std::vector<pc::migration> existing(2);
  existing[0].id = "0001_init";
  existing[1].id = "20261130T225000";
  EXPECT_EQ(pc::new_migration_id(existing, now), "20261130T225001");
  existing[1].id = "20261231T235959";
  EXPECT_EQ(pc::new_migration_id(existing, now), "20270101T000000");
  existing[1].id = "zzz";
  EXPECT_EQ(refusal_of([&] { pc::new_migration_id(existing, now); }), pc::migration_refusal::bad_file);
}

TEST(migration_files_test, make_auto_migration_diffs_from_the_last_snapshot_and_gives_nothing_unchanged) {
  std::vector<pc::migration> all;
  EXPECT_FALSE(pc::make_auto_migration(all, pc::schema_snapshot{}, {}, "nothing").has_value());
  std::optional<pc::migration> first = pc::make_auto_migration(all, v1, {}, "create band");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->operations.size(), 1u);
  EXPECT_EQ(pc::to_string(first->operations[0]), "create table band");
  EXPECT_EQ(first->snapshot, v1);
  all.push_back(*first);
  all.push_back(pc::migration{.id = "99990101T000000", .kind = pc::migration_kind::sql});  // manual ones do not count
  EXPECT_FALSE(pc::make_auto_migration(all, v1, {}, "unchanged").has_value());
  std::optional<pc::migration> second = pc::make_auto_migration(all, v2, {}, "more");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->operations, pc::diff_schemas(v1, v2));
  EXPECT_GT(second->id, "99990101T000000");
  // a refusal of the diff passes through
  EXPECT_THROW(pc::make_auto_migration({*second}, v1, {}, "drop"), pc::diff_error);
}

}  // namespace
}  // namespace piccolo_test
