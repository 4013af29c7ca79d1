// Reading a live database into the schema's runtime form: tables piccolo created read back
// as their describe<T>() on both engines (every column kind, defaults, keys, uniques,
// indexes, foreign keys with actions), verify_schema finds nothing, and each kind of drift
// made by hand is reported exactly once with its kind; table_exists.

#include <string>
#include <vector>

#include <piccolo/arrays.hpp>
#include <piccolo/json.hpp>
#include <piccolo/migrate.hpp>

#include "fixture.hpp"

namespace introspection_types {
// Stored by value (SMALLINT), as opposed to TicketType's names.
enum class Size : std::int16_t { small = 1, medium = 2, large = 5 };
}  // namespace introspection_types
template <>
inline constexpr pc::enum_stored_as pc::enum_storage<introspection_types::Size> = pc::enum_stored_as::value;

namespace piccolo_test {
namespace {

using namespace std::chrono_literals;
using introspection_types::Size;

// One column of every kind, with a default where the kind has a literal, and nullable.
struct Gear {
  pc::bigserial id;
  std::string label = "it's";
  pc::varchar<20> code = "A1";
  std::int16_t small = -3;
  std::int32_t medium = 7;
  std::int64_t big = -9'000'000'000;
  bool flag = true;
  float ratio = 0.1f;
  double price = 19.99;
  std::chrono::year_month_day day = std::chrono::year{2024} / 1 / 31;
  std::chrono::sys_time<std::chrono::microseconds> at = std::chrono::sys_days{std::chrono::year{2024} / 1 / 31} + 10h + 500ms;
  pc::timestamptz at_zone = std::chrono::sys_days{std::chrono::year{2024} / 2 / 29} + 23h;
  std::vector<std::byte> bytes;
  TicketType kind = TicketType::premium;
  Size size = Size::large;
  pc::uuid key = *pc::uuid::parse("00112233-4455-6677-8899-aabbccddeeff");
  pc::numeric<10, 2> amount;
  pc::time_of_day starts = pc::time_of_day{9h, 30min};
  std::chrono::minutes length = 90min;
  std::chrono::microseconds pause = -25h;
  std::optional<std::string> note;
  std::optional<int> level = 2;
  std::optional<pc::uuid> invoice;
  std::optional<pc::numeric<30, 12>> rate;
  std::optional<pc::time_of_day> ends;
  std::optional<std::chrono::sys_seconds> checked;
  std::optional<pc::foreign_key<Band>> band;
  static constexpr auto column_options() {
    return pc::options(pc::index<&Gear::code>, pc::unique<&Gear::key>,
                       pc::on_delete<&Gear::band, pc::action::set_null>, pc::on_update<&Gear::band, pc::action::restrict>);
  }
};

// A multi-column unique constraint, a foreign key with NO ACTION, one to a natural key.
struct Booking {
  pc::serial id;
  pc::foreign_key<Venue> venue;
  std::chrono::year_month_day day;
  pc::foreign_key<Country, std::string> country;
  static constexpr auto column_options() {
    return pc::options(pc::unique<&Booking::venue, &Booking::day>,
                       pc::on_delete<&Booking::venue, pc::action::no_action>,
                       pc::index_on<&Booking::day, &Booking::venue>,
                       pc::index_using<pc::index_method::hash, &Booking::country>,
                       pc::index_using<pc::index_method::brin, &Booking::day>);  // PostgreSQL only
  }
};

// Defaults the database computes.
struct Stamp {
  pc::serial id;
  pc::timestamptz created;
  std::chrono::sys_time<std::chrono::microseconds> at;
  std::chrono::year_month_day day;
  pc::uuid random_key;
  pc::uuid ordered_key;
  int dice = 0;
  static constexpr auto column_options() {
    return pc::options(pc::default_now<&Stamp::created>, pc::default_now<&Stamp::at>, pc::default_now<&Stamp::day>,
                       pc::default_uuid4<&Stamp::random_key>, pc::default_uuid7<&Stamp::ordered_key>,
                       pc::default_sql<&Stamp::dice, "abs(random()) % 6 + 1", "floor(random() * 6)::int + 1">);
  }
};

// Array and JSON columns (PostgreSQL INTEGER[], VARCHAR(20)[], JSON, JSONB; text on SQLite).
struct Document {
  pc::serial id;
  std::vector<int> scores;
  std::optional<std::vector<pc::varchar<20>>> tags;
  pc::json body;
  std::optional<pc::jsonb> extra;
};

// The example schema, composite and natural keys, renamed tables and columns, RESTRICT.
using tested_schema = pc::schema<Manager, Band, Venue, Concert, Ticket, Country, RecordingStudio, Membership, Label,
                                 Album, Setting, Gear, Booking, Document>;

template <class Engine>
class introspection_test : public database_test<Engine> {
 protected:
  static constexpr pc::dialect_id dialect = Engine::is_sqlite ? pc::dialect_id::sqlite : pc::dialect_id::postgres;

  void create_tested_schema() {
    this->db.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket, Country, RecordingStudio, Membership, Label,
                                   Album, Setting, Gear, Booking, Document>());
  }
  std::vector<pc::schema_difference> differences() { return pc::verify_schema(this->db, tested_schema{}); }

  // Changes band by hand: on PostgreSQL with the ALTER statement given, on SQLite (whose
  // ALTER TABLE cannot) by re-creating the table from piccolo's DDL with one text replaced.
  template <class Alter>
  void change_band(std::string_view sqlite_from, std::string_view sqlite_to, Alter postgres_alter) {
    if constexpr (Engine::is_sqlite) {
      std::string ddl{pc::sql_of<decltype(pc::create_table<Band>()), pc::sqlite_dialect>};
      const std::size_t at = ddl.find(sqlite_from);
      ASSERT_NE(at, std::string::npos) << sqlite_from;
      ddl.replace(at, sqlite_from.size(), sqlite_to);
      const std::string script = "DROP TABLE band;\n" + ddl;
      char* message = nullptr;
      ASSERT_EQ(sqlite3_exec(this->db.native_handle(), script.c_str(), nullptr, nullptr, &message), SQLITE_OK)
          << (message ? message : "");
    } else {
      this->db.run(postgres_alter);
    }
  }

  // The one difference there is, or a failure listing them all.
  pc::schema_difference only_difference() {
    std::vector<pc::schema_difference> found = differences();
    std::string listed;
    for (const pc::schema_difference& d : found) listed += d.to_string() + "\n";
    EXPECT_EQ(found.size(), 1u) << listed;
    return found.empty() ? pc::schema_difference{} : found[0];
  }
};
TYPED_TEST_SUITE(introspection_test, engines, engine_names);

TYPED_TEST(introspection_test, tables_created_by_piccolo_introspect_as_their_description) {
  this->create_tested_schema();
  const pc::schema_snapshot live = pc::introspect(this->db);
  const pc::schema_snapshot compiled = pc::snapshot_for_dialect(pc::snapshot_of(tested_schema{}), this->dialect);
  ASSERT_EQ(live.tables.size(), compiled.tables.size());
  for (const pc::table_snapshot& expected : compiled.tables) {
    const pc::table_snapshot* actual = nullptr;
    for (const pc::table_snapshot& t : live.tables)
      if (t.name == expected.name) actual = &t;
    ASSERT_NE(actual, nullptr) << expected.name;
    EXPECT_EQ(pc::snapshot_text(pc::schema_snapshot{{*actual}}), pc::snapshot_text(pc::schema_snapshot{{expected}}));
  }
  // created in dependency order, read back in creation order
  EXPECT_EQ(live, compiled);
}

TYPED_TEST(introspection_test, database_computed_defaults_read_back_by_kind) {
  this->db.run(pc::create_table<Stamp>());
  const pc::schema_snapshot live = pc::introspect(this->db);
  ASSERT_EQ(live.tables.size(), 1u);
  std::vector<pc::default_kind> kinds;
  for (const pc::column_snapshot& column : live.tables[0].columns) kinds.push_back(column.default_kind);
  using k = pc::default_kind;
  EXPECT_EQ(kinds, (std::vector<k>{k::none, k::now, k::now, k::now, k::uuid4, k::uuid7, k::sql}));
  EXPECT_TRUE(pc::verify_schema(this->db, pc::schema<Stamp>{}).empty());
  if constexpr (TypeParam::is_sqlite) {  // SQLite keeps the text as written
    EXPECT_EQ(live.tables[0].columns[6].sqlite_default, "(abs(random()) % 6 + 1)");
  }
}

TYPED_TEST(introspection_test, schema_created_by_piccolo_verifies_clean) {
  this->create_tested_schema();
  std::vector<pc::schema_difference> found = this->differences();
  std::string listed;
  for (const pc::schema_difference& d : found) listed += d.to_string() + "\n";
  EXPECT_TRUE(found.empty()) << listed;
}

TYPED_TEST(introspection_test, rows_in_the_tables_change_nothing) {
  // rows change nothing in the description
  this->create_tested_schema();
  this->insert_example_data();
  EXPECT_TRUE(this->differences().empty());
}

TYPED_TEST(introspection_test, table_exists_asks_the_catalog) {
  EXPECT_FALSE(this->db.run(pc::table_exists<Band>()));
  this->db.run(pc::create_tables<Manager, Band, Country>());
  EXPECT_TRUE(this->db.run(pc::table_exists<Band>()));
  EXPECT_TRUE(pc::table_exists<Country>(this->db));  // "countries"
  EXPECT_FALSE(pc::table_exists<Venue>(this->db));
}

TYPED_TEST(introspection_test, missing_table_is_reported) {
  this->create_tested_schema();
  this->db.run(pc::raw<"DROP TABLE ticket">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::missing_table);
  EXPECT_EQ(d.table, "ticket");
  EXPECT_EQ(d.to_string(), "ticket: table is missing");
}

TYPED_TEST(introspection_test, dropped_column_is_reported_missing) {
  this->create_tested_schema();
  this->db.run(pc::raw<"ALTER TABLE band DROP COLUMN website">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::missing_column);
  EXPECT_EQ(d.table + "." + d.column, "band.website");
  EXPECT_EQ(d.to_string(), "band.website: column is missing (expected TEXT)");
}

TYPED_TEST(introspection_test, added_column_is_reported_extra) {
  this->create_tested_schema();
  this->db.run(pc::raw<"ALTER TABLE band ADD COLUMN founded INTEGER">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::extra_column);
  EXPECT_EQ(d.column, "founded");
  EXPECT_EQ(d.actual, "INTEGER");
}

TYPED_TEST(introspection_test, changed_type_is_reported) {
  this->create_tested_schema();
  this->change_band(R"("website" TEXT)", R"("website" VARCHAR(10))",
                    pc::raw<"ALTER TABLE band ALTER COLUMN website TYPE VARCHAR(10)">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::type);
  EXPECT_EQ(d.column, "website");
  EXPECT_EQ(d.expected, "TEXT");
  EXPECT_EQ(d.actual, "VARCHAR(10)");
  EXPECT_EQ(d.to_string(), "band.website: type differs: expected TEXT, found VARCHAR(10)");
}

TYPED_TEST(introspection_test, dropped_not_null_is_reported_as_nullability) {
  this->create_tested_schema();
  this->change_band(R"("popularity" INTEGER NOT NULL)", R"("popularity" INTEGER)",
                    pc::raw<"ALTER TABLE band ALTER COLUMN popularity DROP NOT NULL">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::nullability);
  EXPECT_EQ(d.column, "popularity");
  EXPECT_EQ(d.expected, "NOT NULL");
  EXPECT_EQ(d.actual, "NULL");
}

TYPED_TEST(introspection_test, changed_default_is_reported) {
  this->create_tested_schema();
  this->change_band(R"(DEFAULT 0)", R"(DEFAULT 1)", pc::raw<"ALTER TABLE band ALTER COLUMN popularity SET DEFAULT 1">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::default_value);
  EXPECT_EQ(d.to_string(), "band.popularity: default differs: expected 0, found 1");
}

TYPED_TEST(introspection_test, dropped_index_is_reported) {
  this->create_tested_schema();
  this->db.run(pc::raw<R"(DROP INDEX "ix$band$popularity")">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::index);
  EXPECT_EQ(d.table, "band");
  EXPECT_EQ(d.expected, "ix$band$popularity (popularity)");
  EXPECT_EQ(d.actual, "");
}

TYPED_TEST(introspection_test, dropped_unique_is_reported) {
  this->create_tested_schema();
  this->change_band(R"( UNIQUE)", "", pc::raw<"ALTER TABLE band DROP CONSTRAINT band_name_key">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::unique);
  EXPECT_EQ(d.column, "name");
  EXPECT_EQ(d.expected, "(name)");
}

TYPED_TEST(introspection_test, dropped_foreign_key_is_reported) {
  this->create_tested_schema();
  this->change_band(R"( REFERENCES "manager" ("id") ON DELETE SET NULL ON UPDATE CASCADE)", "",
                    pc::raw<"ALTER TABLE band DROP CONSTRAINT band_manager_fkey">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::foreign_key);
  EXPECT_EQ(d.to_string(),
            "band.manager: foreign key differs: expected REFERENCES manager (id) ON DELETE SET NULL ON UPDATE CASCADE, "
            "found none");
}

TYPED_TEST(introspection_test, index_created_by_hand_is_reported_extra) {
  this->create_tested_schema();
  this->db.run(pc::raw<"CREATE UNIQUE INDEX band_website ON band (website)">());
  const pc::schema_difference d = this->only_difference();
  EXPECT_EQ(d.kind, pc::schema_difference_kind::index);
  EXPECT_EQ(d.expected, "");
  EXPECT_EQ(d.to_string(), "band: index differs: expected none, found UNIQUE band_website (website)");
}

TYPED_TEST(introspection_test, tables_outside_the_schema_are_not_differences) {
  this->create_tested_schema();
  this->db.run(pc::raw<"CREATE TABLE audit_log (line TEXT)">());
  EXPECT_TRUE(pc::verify_schema(this->db, pc::schema<Manager, Band>{}).empty());
  EXPECT_TRUE(this->differences().empty());
}

TEST(introspection, postgres_type_and_default_texts_normalise_to_piccolo_s) {
  using pc::detail::postgres_default_text;
  using pc::detail::postgres_type_name;
  EXPECT_EQ(postgres_type_name("character varying(50)"), "VARCHAR(50)");
  EXPECT_EQ(postgres_type_name("numeric(10,2)"), "NUMERIC(10, 2)");
  EXPECT_EQ(postgres_type_name("timestamp with time zone"), "TIMESTAMPTZ");
  EXPECT_EQ(postgres_type_name("double precision"), "DOUBLE PRECISION");
  EXPECT_EQ(postgres_type_name("integer[]"), "INTEGER[]");
  EXPECT_EQ(postgres_default_text("'-1'::integer", "INTEGER"), "-1");
  EXPECT_EQ(postgres_default_text("'-2.5'::numeric", "DOUBLE PRECISION"), "-2.5");
  EXPECT_EQ(postgres_default_text("0.0000000001", "DOUBLE PRECISION"), "1e-10");
  EXPECT_EQ(postgres_default_text("'it''s'::text", "TEXT"), "'it''s'");
  EXPECT_EQ(postgres_default_text("'-25:00:00'::interval", "INTERVAL"), "'-90000000000 microseconds'");
  EXPECT_EQ(postgres_default_text("'2024-01-31 10:00:00.5'::timestamp without time zone", "TIMESTAMP"),
            "'2024-01-31 10:00:00.500000'");
  EXPECT_EQ(postgres_default_text("'2024-02-29 23:00:00+01'::timestamp with time zone", "TIMESTAMPTZ"),
            "'2024-02-29 22:00:00+00:00'");
  EXPECT_EQ(postgres_default_text("true", "BOOLEAN"), "TRUE");
  EXPECT_EQ(postgres_default_text("gen_random_uuid()", "UUID"), "gen_random_uuid()");
}

}  // namespace
}  // namespace piccolo_test
