// pc::describe<T>() and pc::schema<Ts...> at compile time: names, types per dialect,
// nullability, defaults, keys, uniques, indexes, foreign keys and the dependency order.
// Building this file is the test.

#include "schema.hpp"

namespace music {

// A unique constraint over two columns and an index on a nullable foreign key.
struct Booking {
  pc::serial id;
  std::optional<pc::foreign_key<Band>> band;
  std::chrono::year_month_day day;
  static constexpr auto column_options() {
    return pc::options(pc::unique<&Booking::band, &Booking::day>, pc::index<&Booking::band>,
                       pc::on_delete<&Booking::band, pc::action::set_null>);
  }
};

// ---- one table -----------------------------------------------------------------

constexpr const pc::table_description& band = pc::describe<Band>();
static_assert(band.name == "band");
static_assert(band.columns.size() == 5);
static_assert(band.primary_key.size() == 1 && band.primary_key[0] == "id");

// a serial key: its type per dialect, a key, generated
static_assert(band.columns[0].name == "id");
static_assert(band.columns[0].sqlite_type == "INTEGER" && band.columns[0].postgres_type == "SERIAL");
static_assert(band.columns[0].primary_key && band.columns[0].serial && !band.columns[0].nullable);

// a unique varchar
static_assert(band.columns[1].type(pc::dialect_id::postgres) == "VARCHAR(50)");
static_assert(band.columns[1].unique && !band.columns[1].primary_key && !band.columns[1].serial);

// a foreign key takes the referenced key's type, with its actions
static_assert(band.columns[2].postgres_type == "INTEGER" && band.columns[2].has_foreign_key);
static_assert(band.columns[2].foreign_key.table == "manager" && band.columns[2].foreign_key.column == "id");
static_assert(band.columns[2].foreign_key.on_delete == pc::action::cascade);
static_assert(band.columns[2].foreign_key.on_update == pc::action::cascade);
static_assert(!band.columns[2].has_default());

// a member initializer is the default; column_name renames
static_assert(band.columns[3].has_default() && band.columns[3].sqlite_default == "0" &&
              band.columns[3].postgres_default == "0");
static_assert(band.column("site") != nullptr && band.column("site")->nullable && band.column("website") == nullptr);

// the index, with its name and method
static_assert(band.indexes.size() == 1);
static_assert(band.indexes[0].name == "ix$band$popularity" && band.indexes[0].method == "btree");
static_assert(band.indexes[0].columns.size() == 1 && band.indexes[0].columns[0] == "popularity");
static_assert(band.unique_constraints.empty());

// defaults as rendered literals, per dialect
constexpr const pc::table_description& ticket = pc::describe<Ticket>();
static_assert(ticket.column("note")->default_value(pc::dialect_id::sqlite) == "'it''s'");
static_assert(ticket.column("sold")->postgres_default == "FALSE");
static_assert(ticket.column("printed")->postgres_default == "'2024-01-31'");
static_assert(!ticket.column("gate")->has_default() && ticket.column("level")->postgres_default == "2");

// nullable foreign keys with actions; a foreign key to a BIGSERIAL is BIGINT
constexpr const pc::table_description& concert = pc::describe<Concert>();
static_assert(concert.column("support")->nullable && concert.column("support")->foreign_key.on_delete == pc::action::set_null);
static_assert(concert.column("support")->foreign_key.on_update == pc::action::restrict);
static_assert(concert.column("studio")->postgres_type == "BIGINT" && concert.column("studio")->sqlite_type == "BIGINT");
static_assert(concert.column("studio")->foreign_key.on_update == pc::action::no_action);

// a natural key and a composite key
static_assert(pc::describe<Country>().primary_key.size() == 1 && pc::describe<Country>().primary_key[0] == "code");
static_assert(!pc::describe<Country>().columns[0].serial && pc::describe<Country>().columns[0].primary_key);
constexpr const pc::table_description& membership = pc::describe<Membership>();
static_assert(membership.primary_key.size() == 2 && membership.primary_key[0] == "band" &&
              membership.primary_key[1] == "manager");

// a multi-column unique constraint
constexpr const pc::table_description& booking = pc::describe<Booking>();
static_assert(booking.unique_constraints.size() == 1);
static_assert(booking.unique_constraints[0].columns.size() == 2);
static_assert(booking.unique_constraints[0].columns[0] == "band" && booking.unique_constraints[0].columns[1] == "day");
static_assert(booking.indexes.size() == 1 && booking.indexes[0].name == "ix$booking$band");

// table_name
static_assert(pc::describe<Venue>().name == "venues");

// ---- CREATE TABLE is rendered from the description ------------------------------

using create_booking = decltype(pc::create_table<Booking>());
static_assert(sqlite_text<create_booking> ==
              R"sql(CREATE TABLE "booking" ("id" INTEGER PRIMARY KEY, "band" INTEGER REFERENCES "band" ("id") ON DELETE SET NULL ON UPDATE CASCADE, "day" DATE NOT NULL, UNIQUE ("band", "day"));
CREATE INDEX "ix$booking$band" ON "booking" ("band"))sql");
static_assert(postgres_text<create_booking> ==
              R"sql(CREATE TABLE "booking" ("id" SERIAL PRIMARY KEY, "band" INTEGER REFERENCES "band" ("id") ON DELETE SET NULL ON UPDATE CASCADE, "day" DATE NOT NULL, UNIQUE ("band", "day"));
CREATE INDEX "ix$booking$band" ON "booking" ("band"))sql");

// ---- a schema: tables in dependency order ---------------------------------------

using music_schema = pc::schema<Concert, Booking, Band, Manager, RecordingStudio>;
static_assert(music_schema::tables.size() == 5);
static_assert(music_schema::tables[0].name == "manager");
static_assert(music_schema::tables[1].name == "band");
static_assert(music_schema::tables[2].name == "booking");
static_assert(music_schema::tables[3].name == "recording_studio");
static_assert(music_schema::tables[4].name == "concert");
static_assert(music_schema::table("booking")->column("day")->postgres_type == "DATE");
static_assert(music_schema::table("ticket") == nullptr);

// ---- database-side defaults and indexes with a method ------------------------------

struct Visit {
  pc::uuid id;
  std::chrono::sys_time<std::chrono::microseconds> at;
  int weight = 1;
  std::string path;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&Visit::id>, pc::default_uuid7<&Visit::id>, pc::default_now<&Visit::at>,
                       pc::default_sql<&Visit::path, "'/'">, pc::index_on<&Visit::path, &Visit::at>,
                       pc::index_using<pc::index_method::brin, &Visit::at>);
  }
};
constexpr const pc::table_description& visit = pc::describe<Visit>();
static_assert(visit.columns[0].default_kind == pc::default_kind::uuid7);
static_assert(visit.columns[0].sqlite_default == "(piccolo_uuid7())");
static_assert(visit.columns[1].default_kind == pc::default_kind::now);
static_assert(visit.columns[1].postgres_default == "(now() AT TIME ZONE 'UTC')");
static_assert(visit.columns[2].default_kind == pc::default_kind::literal && visit.columns[2].postgres_default == "1");
static_assert(visit.columns[3].default_kind == pc::default_kind::sql && visit.columns[3].sqlite_default == "('/')");
static_assert(pc::describe<Band>().columns[1].default_kind == pc::default_kind::none);
static_assert(visit.indexes.size() == 2);
static_assert(visit.indexes[0].name == "ix$visit$path$at" && visit.indexes[0].method == "btree");
static_assert(visit.indexes[0].columns.size() == 2 && visit.indexes[0].columns[1] == "at");
static_assert(visit.indexes[1].name == "ix_brin$visit$at" && visit.indexes[1].method == "brin");
static_assert(visit.indexes[1].exists_on(pc::dialect_id::postgres) && !visit.indexes[1].exists_on(pc::dialect_id::sqlite));

}  // namespace music
