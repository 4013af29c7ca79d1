// The exact DDL text of create_table / drop_table / create_tables / drop_tables, for
// SQLite and PostgreSQL: every column kind, key, constraint, option and default.
// Building this file is the test.

#include "schema.hpp"

namespace music {

// ---- create_table: column kinds ---------------------------------------------

// serial key, varchar<N>
using create_manager = decltype(pc::create_table<Manager>());
static_assert(sqlite_text<create_manager> ==
              R"sql(CREATE TABLE "manager" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(100) NOT NULL))sql");
static_assert(postgres_text<create_manager> ==
              R"sql(CREATE TABLE "manager" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(100) NOT NULL))sql");

// bigserial, int16/32/64, bool, float, double, std::string, varchar<N>, bytes, sys_time, year_month_day, described enum, optional
using create_all_types = decltype(pc::create_table<AllTypes>());
static_assert(sqlite_text<create_all_types> ==
              R"sql(CREATE TABLE "all_types" ("id" INTEGER PRIMARY KEY, "small" SMALLINT NOT NULL, "medium" INTEGER NOT NULL, "big" BIGINT NOT NULL, "flag" BOOLEAN NOT NULL, "ratio" REAL NOT NULL, "amount" DOUBLE PRECISION NOT NULL, "text" TEXT NOT NULL, "code" VARCHAR(20) NOT NULL, "data" BLOB NOT NULL, "at" TIMESTAMP NOT NULL, "on" DATE NOT NULL, "genre" TEXT NOT NULL, "maybe_int" INTEGER, "maybe_text" TEXT))sql");
static_assert(postgres_text<create_all_types> ==
              R"sql(CREATE TABLE "all_types" ("id" BIGSERIAL PRIMARY KEY, "small" SMALLINT NOT NULL, "medium" INTEGER NOT NULL, "big" BIGINT NOT NULL, "flag" BOOLEAN NOT NULL, "ratio" REAL NOT NULL, "amount" DOUBLE PRECISION NOT NULL, "text" TEXT NOT NULL, "code" VARCHAR(20) NOT NULL, "data" BYTEA NOT NULL, "at" TIMESTAMP NOT NULL, "on" DATE NOT NULL, "genre" TEXT NOT NULL, "maybe_int" INTEGER, "maybe_text" TEXT))sql");

// member initializers become DEFAULTs: double, text with a quote, varchar, bool, enum (its name), float, negative int, date; an optional without one has none
using create_ticket = decltype(pc::create_table<Ticket>());
static_assert(sqlite_text<create_ticket> ==
              R"sql(CREATE TABLE "ticket" ("id" INTEGER PRIMARY KEY, "concert" INTEGER NOT NULL REFERENCES "concert" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "price" DOUBLE PRECISION NOT NULL DEFAULT 19.99, "note" TEXT NOT NULL DEFAULT 'it''s', "label" VARCHAR(10) NOT NULL DEFAULT 'VIP', "sold" BOOLEAN NOT NULL DEFAULT FALSE, "genre" TEXT NOT NULL DEFAULT 'jazz', "discount" REAL NOT NULL DEFAULT 0.5, "row" SMALLINT NOT NULL DEFAULT -3, "seat" BIGINT NOT NULL DEFAULT 7, "printed" DATE NOT NULL DEFAULT '2024-01-31', "gate" INTEGER, "level" INTEGER DEFAULT 2))sql");
static_assert(postgres_text<create_ticket> ==
              R"sql(CREATE TABLE "ticket" ("id" SERIAL PRIMARY KEY, "concert" INTEGER NOT NULL REFERENCES "concert" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "price" DOUBLE PRECISION NOT NULL DEFAULT 19.99, "note" TEXT NOT NULL DEFAULT 'it''s', "label" VARCHAR(10) NOT NULL DEFAULT 'VIP', "sold" BOOLEAN NOT NULL DEFAULT FALSE, "genre" TEXT NOT NULL DEFAULT 'jazz', "discount" REAL NOT NULL DEFAULT 0.5, "row" SMALLINT NOT NULL DEFAULT -3, "seat" BIGINT NOT NULL DEFAULT 7, "printed" DATE NOT NULL DEFAULT '2024-01-31', "gate" INTEGER, "level" INTEGER DEFAULT 2))sql");

// ---- create_table: keys, constraints, names ---------------------------------

// foreign_key, unique, index (a second statement), column_name
using create_band = decltype(pc::create_table<Band>());
static_assert(sqlite_text<create_band> ==
              R"sql(CREATE TABLE "band" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX "ix$band$popularity" ON "band" ("popularity"))sql");
static_assert(postgres_text<create_band> ==
              R"sql(CREATE TABLE "band" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX "ix$band$popularity" ON "band" ("popularity"))sql");

// optional foreign keys (nullable), on_delete / on_update, a foreign key to a bigserial key is BIGINT
using create_concert = decltype(pc::create_table<Concert>());
static_assert(sqlite_text<create_concert> ==
              R"sql(CREATE TABLE "concert" ("id" INTEGER PRIMARY KEY, "headliner" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "support" INTEGER REFERENCES "band" ("id") ON DELETE SET NULL ON UPDATE RESTRICT, "studio" BIGINT REFERENCES "recording_studio" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, "starts" TIMESTAMP NOT NULL, "day" DATE NOT NULL))sql");
static_assert(postgres_text<create_concert> ==
              R"sql(CREATE TABLE "concert" ("id" SERIAL PRIMARY KEY, "headliner" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "support" INTEGER REFERENCES "band" ("id") ON DELETE SET NULL ON UPDATE RESTRICT, "studio" BIGINT REFERENCES "recording_studio" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, "starts" TIMESTAMP NOT NULL, "day" DATE NOT NULL))sql");

// a non-serial primary key is a table constraint
using create_country = decltype(pc::create_table<Country>());
static_assert(sqlite_text<create_country> == postgres_text<create_country>);
static_assert(sqlite_text<create_country> ==
              R"sql(CREATE TABLE "country" ("code" TEXT NOT NULL, "name" TEXT NOT NULL, PRIMARY KEY ("code")))sql");

// a foreign key to a TEXT key
using create_city = decltype(pc::create_table<City>());
static_assert(sqlite_text<create_city> ==
              R"sql(CREATE TABLE "city" ("id" INTEGER PRIMARY KEY, "country" TEXT NOT NULL REFERENCES "country" ("code") ON DELETE CASCADE ON UPDATE CASCADE, "name" TEXT NOT NULL))sql");
static_assert(postgres_text<create_city> ==
              R"sql(CREATE TABLE "city" ("id" SERIAL PRIMARY KEY, "country" TEXT NOT NULL REFERENCES "country" ("code") ON DELETE CASCADE ON UPDATE CASCADE, "name" TEXT NOT NULL))sql");

// a composite primary key
using create_membership = decltype(pc::create_table<Membership>());
static_assert(sqlite_text<create_membership> == postgres_text<create_membership>);
static_assert(sqlite_text<create_membership> ==
              R"sql(CREATE TABLE "membership" ("band" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("band", "manager")))sql");

// table_name overrides the snake_case name
using create_venue = decltype(pc::create_table<Venue>());
static_assert(sqlite_text<create_venue> ==
              R"sql(CREATE TABLE "venues" ("id" INTEGER PRIMARY KEY, "city" TEXT NOT NULL))sql");
static_assert(postgres_text<create_venue> ==
              R"sql(CREATE TABLE "venues" ("id" SERIAL PRIMARY KEY, "city" TEXT NOT NULL))sql");

// the default table name is the snake_case struct name
using create_recording_studio = decltype(pc::create_table<RecordingStudio>());
static_assert(sqlite_text<create_recording_studio> ==
              R"sql(CREATE TABLE "recording_studio" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL))sql");
static_assert(postgres_text<create_recording_studio> ==
              R"sql(CREATE TABLE "recording_studio" ("id" BIGSERIAL PRIMARY KEY, "name" TEXT NOT NULL))sql");

// a described class with private members
using create_secret = decltype(pc::create_table<Secret>());
static_assert(sqlite_text<create_secret> ==
              R"sql(CREATE TABLE "secret" ("id" INTEGER PRIMARY KEY, "value_" TEXT NOT NULL))sql");
static_assert(postgres_text<create_secret> ==
              R"sql(CREATE TABLE "secret" ("id" SERIAL PRIMARY KEY, "value_" TEXT NOT NULL))sql");

// if_not_exists() applies to the index too
using create_band_if_not_exists = decltype(pc::create_table<Band>().if_not_exists());
static_assert(sqlite_text<create_band_if_not_exists> ==
              R"sql(CREATE TABLE IF NOT EXISTS "band" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX IF NOT EXISTS "ix$band$popularity" ON "band" ("popularity"))sql");
static_assert(postgres_text<create_band_if_not_exists> ==
              R"sql(CREATE TABLE IF NOT EXISTS "band" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX IF NOT EXISTS "ix$band$popularity" ON "band" ("popularity"))sql");

using drop_band = decltype(pc::drop_table<Band>());
static_assert(sqlite_text<drop_band> == postgres_text<drop_band>);
static_assert(sqlite_text<drop_band> ==
              R"sql(DROP TABLE "band")sql");

using drop_band_if_exists = decltype(pc::drop_table<Band>().if_exists());
static_assert(sqlite_text<drop_band_if_exists> == postgres_text<drop_band_if_exists>);
static_assert(sqlite_text<drop_band_if_exists> ==
              R"sql(DROP TABLE IF EXISTS "band")sql");

// ---- create_tables / drop_tables: foreign-key order -------------------------

// referenced tables first, whatever the order given
using create_four_tables = decltype(pc::create_tables<Concert, Band, Manager, RecordingStudio>());
static_assert(sqlite_text<create_four_tables> ==
              R"sql(CREATE TABLE "manager" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(100) NOT NULL);
CREATE TABLE "band" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX "ix$band$popularity" ON "band" ("popularity");
CREATE TABLE "recording_studio" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE "concert" ("id" INTEGER PRIMARY KEY, "headliner" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "support" INTEGER REFERENCES "band" ("id") ON DELETE SET NULL ON UPDATE RESTRICT, "studio" BIGINT REFERENCES "recording_studio" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, "starts" TIMESTAMP NOT NULL, "day" DATE NOT NULL))sql");
static_assert(postgres_text<create_four_tables> ==
              R"sql(CREATE TABLE "manager" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(100) NOT NULL);
CREATE TABLE "band" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX "ix$band$popularity" ON "band" ("popularity");
CREATE TABLE "recording_studio" ("id" BIGSERIAL PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE "concert" ("id" SERIAL PRIMARY KEY, "headliner" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "support" INTEGER REFERENCES "band" ("id") ON DELETE SET NULL ON UPDATE RESTRICT, "studio" BIGINT REFERENCES "recording_studio" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, "starts" TIMESTAMP NOT NULL, "day" DATE NOT NULL))sql");

using create_two_tables_if_not_exists = decltype(pc::create_tables<Band, Manager>().if_not_exists());
static_assert(sqlite_text<create_two_tables_if_not_exists> ==
              R"sql(CREATE TABLE IF NOT EXISTS "manager" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(100) NOT NULL);
CREATE TABLE IF NOT EXISTS "band" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX IF NOT EXISTS "ix$band$popularity" ON "band" ("popularity"))sql");
static_assert(postgres_text<create_two_tables_if_not_exists> ==
              R"sql(CREATE TABLE IF NOT EXISTS "manager" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(100) NOT NULL);
CREATE TABLE IF NOT EXISTS "band" ("id" SERIAL PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
CREATE INDEX IF NOT EXISTS "ix$band$popularity" ON "band" ("popularity"))sql");

// referencing tables first
using drop_four_tables = decltype(pc::drop_tables<Manager, RecordingStudio, Band, Concert>());
static_assert(sqlite_text<drop_four_tables> == postgres_text<drop_four_tables>);
static_assert(sqlite_text<drop_four_tables> ==
              R"sql(DROP TABLE "concert";
DROP TABLE "band";
DROP TABLE "recording_studio";
DROP TABLE "manager")sql");

using drop_two_tables_if_exists = decltype(pc::drop_tables<Manager, Band>().if_exists());
static_assert(sqlite_text<drop_two_tables_if_exists> == postgres_text<drop_two_tables_if_exists>);
static_assert(sqlite_text<drop_two_tables_if_exists> ==
              R"sql(DROP TABLE IF EXISTS "band";
DROP TABLE IF EXISTS "manager")sql");

// pc::uuid, a type of its own described by value_traits alone: UUID / a BLOB, its DEFAULT
// in each dialect's literal form.
struct Device {
  pc::uuid id;
  std::optional<pc::uuid> parent;
  pc::uuid token = *pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f");
  static constexpr auto column_options() { return pc::options(pc::primary_key<&Device::id>); }
};
using create_device = decltype(pc::create_table<Device>());
static_assert(sqlite_text<create_device> ==
              R"sql(CREATE TABLE "device" ("id" BLOB NOT NULL, "parent" BLOB, "token" BLOB NOT NULL DEFAULT X'0190b2a45c1e7d3a9f001a2b3c4d5e6f', PRIMARY KEY ("id")))sql");
static_assert(postgres_text<create_device> ==
              R"sql(CREATE TABLE "device" ("id" UUID NOT NULL, "parent" UUID, "token" UUID NOT NULL DEFAULT '0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f', PRIMARY KEY ("id")))sql");
using devices_below = decltype(pc::objects<Device>().where(c<&Device::parent> < pc::uuid{}));
static_assert(postgres_text<devices_below> ==
              R"sql(SELECT "device"."id", "device"."parent", "device"."token" FROM "device" WHERE "device"."parent" < $1)sql");

// is_in() on a uuid: an array of UUID on PostgreSQL; SQLite compares the BLOB's hex() text
// with JSON text (which cannot hold a BLOB), nullif keeping a NULL NULL.
using devices_listed = decltype(pc::select(c<&Device::id>).where(c<&Device::parent>.is_in({pc::uuid{}})));
static_assert(sqlite_text<devices_listed> ==
              R"sql(SELECT "device"."id" FROM "device" WHERE nullif(hex("device"."parent"), '') IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<devices_listed> ==
              R"sql(SELECT "device"."id" FROM "device" WHERE "device"."parent" = ANY($1))sql");
using devices_not_listed = decltype(pc::select(c<&Device::id>).where(c<&Device::id>.not_in({pc::uuid{}})));
static_assert(sqlite_text<devices_not_listed> ==
              R"sql(SELECT "device"."id" FROM "device" WHERE nullif(hex("device"."id"), '') NOT IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<devices_not_listed> ==
              R"sql(SELECT "device"."id" FROM "device" WHERE NOT ("device"."id" = ANY($1)))sql");

// Times of day (pc::time_of_day, hh_mm_ss): TIME on both (SQLite text "HH:MM:SS.ffffff",
// which sorts); durations: INTERVAL / an INTEGER of microseconds. DEFAULTs in each form.
struct Shift {
  pc::serial id;
  pc::time_of_day starts;
  std::chrono::hh_mm_ss<std::chrono::seconds> ends{std::chrono::hours{17}};
  std::optional<pc::time_of_day> pause;
  std::chrono::minutes length = std::chrono::minutes{90};
  std::optional<std::chrono::microseconds> overtime;
  pc::time_of_day opens = pc::time_of_day{std::chrono::hours{8}, std::chrono::minutes{30}};
};
using create_shift = decltype(pc::create_table<Shift>());
static_assert(sqlite_text<create_shift> ==
              R"sql(CREATE TABLE "shift" ("id" INTEGER PRIMARY KEY, "starts" TIME NOT NULL, "ends" TIME NOT NULL DEFAULT '17:00:00.000000', "pause" TIME, "length" INTEGER NOT NULL DEFAULT 5400000000, "overtime" INTEGER, "opens" TIME NOT NULL DEFAULT '08:30:00.000000'))sql");
static_assert(postgres_text<create_shift> ==
              R"sql(CREATE TABLE "shift" ("id" SERIAL PRIMARY KEY, "starts" TIME NOT NULL, "ends" TIME NOT NULL DEFAULT '17:00:00.000000', "pause" TIME, "length" INTERVAL NOT NULL DEFAULT '5400000000 microseconds', "overtime" INTERVAL, "opens" TIME NOT NULL DEFAULT '08:30:00.000000'))sql");
using early_long_shifts = decltype(pc::count<Shift>().where(c<&Shift::starts> < pc::time_of_day{} &&
                                                            c<&Shift::length> >= std::chrono::hours{1}));
static_assert(sqlite_text<early_long_shifts> ==
              R"sql(SELECT COUNT(*) FROM "shift" WHERE ("shift"."starts" < ? AND "shift"."length" >= ?))sql");
static_assert(postgres_text<early_long_shifts> ==
              R"sql(SELECT COUNT(*) FROM "shift" WHERE ("shift"."starts" < $1 AND "shift"."length" >= $2))sql");
// COPY widths from value_traits: TIME 8 bytes, INTERVAL 16
static_assert(pc::detail::postgres_binary_width<Shift, 1>() == 8);
static_assert(pc::detail::postgres_binary_width<Shift, 4>() == 16);

// pc::numeric<P, S>: NUMERIC(P, S); SQLite TEXT (sortable text; NUMERIC affinity would
// turn it into a double). Compared with its own type only.
struct Price {
  pc::serial id;
  pc::numeric<10, 2> value;
  std::optional<pc::numeric<30, 12>> ratio;
  pc::numeric<4> units;
};
using create_price = decltype(pc::create_table<Price>());
static_assert(sqlite_text<create_price> ==
              R"sql(CREATE TABLE "price" ("id" INTEGER PRIMARY KEY, "value" TEXT NOT NULL, "ratio" TEXT, "units" TEXT NOT NULL))sql");
static_assert(postgres_text<create_price> ==
              R"sql(CREATE TABLE "price" ("id" SERIAL PRIMARY KEY, "value" NUMERIC(10, 2) NOT NULL, "ratio" NUMERIC(30, 12), "units" NUMERIC(4, 0) NOT NULL))sql");
using prices_above = decltype(pc::select(c<&Price::value>).where(c<&Price::value> > pc::numeric<10, 2>{}));
static_assert(sqlite_text<prices_above> == R"sql(SELECT "price"."value" FROM "price" WHERE "price"."value" > ?)sql");
static_assert(postgres_text<prices_above> == R"sql(SELECT "price"."value" FROM "price" WHERE "price"."value" > $1)sql");

// ---- database-side defaults and indexes over several columns / with a method ---------

// default_now per column type (UTC on PostgreSQL's TIMESTAMP; on SQLite the text piccolo
// writes), default_uuid4 / uuid7 (SQLite: piccolo's functions), default_sql (one text, or
// one per dialect). An unset value is bound as NULL and COALESCE()d into the default.
struct Event {
  pc::uuid id;
  pc::varchar<40> name;
  std::chrono::sys_time<std::chrono::microseconds> created;
  pc::timestamptz seen;
  std::chrono::sys_seconds second;
  std::chrono::year_month_day day;
  std::optional<pc::uuid> token;
  int priority = 3;
  std::int64_t rank;
  std::string tags;
  static constexpr auto column_options() {
    return pc::options(pc::primary_key<&Event::id>, pc::default_uuid7<&Event::id>, pc::default_now<&Event::created>,
                       pc::default_now<&Event::seen>, pc::default_now<&Event::second>, pc::default_now<&Event::day>,
                       pc::default_uuid4<&Event::token>, pc::default_sql<&Event::priority, "6 * 7">,
                       pc::default_sql<&Event::rank, "abs(random()) % 100", "floor(random() * 100)">,
                       pc::index_on<&Event::name, &Event::created>, pc::index_on<&Event::rank>,
                       pc::index_using<pc::index_method::hash, &Event::name>,
                       pc::index_using<pc::index_method::brin, &Event::created>,
                       pc::index_using<pc::index_method::gin, &Event::tags, &Event::name>);
  }
};
using create_event = decltype(pc::create_table<Event>());
static_assert(sqlite_text<create_event> ==
              R"sql(CREATE TABLE "event" ("id" BLOB NOT NULL DEFAULT (piccolo_uuid7()), "name" VARCHAR(40) NOT NULL, "created" TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now') || CASE WHEN substr(strftime('%f', 'now'), 4) = '000' THEN '' ELSE substr(strftime('%f', 'now'), 3) || '000' END), "seen" TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now') || CASE WHEN substr(strftime('%f', 'now'), 4) = '000' THEN '' ELSE substr(strftime('%f', 'now'), 3) || '000' END || '+00:00'), "second" TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')), "day" DATE NOT NULL DEFAULT (date('now')), "token" BLOB DEFAULT (piccolo_uuid4()), "priority" INTEGER NOT NULL DEFAULT (6 * 7), "rank" BIGINT NOT NULL DEFAULT (abs(random()) % 100), "tags" TEXT NOT NULL, PRIMARY KEY ("id"));
CREATE INDEX "ix$event$name$created" ON "event" ("name", "created");
CREATE INDEX "ix$event$rank" ON "event" ("rank");
CREATE INDEX "ix_hash$event$name" ON "event" ("name"))sql");
static_assert(postgres_text<create_event> ==
              R"sql(CREATE TABLE "event" ("id" UUID NOT NULL DEFAULT CAST(encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS bigint)) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex') AS uuid), "name" VARCHAR(40) NOT NULL, "created" TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'), "seen" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP, "second" TIMESTAMP NOT NULL DEFAULT date_trunc('second', now() AT TIME ZONE 'UTC'), "day" DATE NOT NULL DEFAULT CAST(now() AT TIME ZONE 'UTC' AS date), "token" UUID DEFAULT gen_random_uuid(), "priority" INTEGER NOT NULL DEFAULT (6 * 7), "rank" BIGINT NOT NULL DEFAULT (floor(random() * 100)), "tags" TEXT NOT NULL, PRIMARY KEY ("id"));
CREATE INDEX "ix$event$name$created" ON "event" ("name", "created");
CREATE INDEX "ix$event$rank" ON "event" ("rank");
CREATE INDEX "ix_hash$event$name" ON "event" USING hash ("name");
CREATE INDEX "ix_brin$event$created" ON "event" USING brin ("created");
CREATE INDEX "ix_gin$event$tags$name" ON "event" USING gin ("tags", "name"))sql");

// A smaller table for the insert texts: defaulted columns go through COALESCE.
struct Stamp {
  pc::serial id;
  std::chrono::sys_time<std::chrono::microseconds> at;
  std::optional<pc::uuid> ref;
  std::string note;
  static constexpr auto column_options() {
    return pc::options(pc::default_now<&Stamp::at>, pc::default_uuid4<&Stamp::ref>);
  }
};
using insert_stamp = decltype(pc::insert(Stamp{}));
static_assert(sqlite_text<insert_stamp> ==
              R"sql(INSERT INTO "stamp" ("id", "at", "ref", "note") VALUES (?, COALESCE(?, (strftime('%Y-%m-%d %H:%M:%S', 'now') || CASE WHEN substr(strftime('%f', 'now'), 4) = '000' THEN '' ELSE substr(strftime('%f', 'now'), 3) || '000' END)), COALESCE(?, (piccolo_uuid4())), ?))sql");
static_assert(postgres_text<insert_stamp> ==
              R"sql(INSERT INTO "stamp" ("id", "at", "ref", "note") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"stamp"', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"stamp"', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"stamp"', 'id') AS regclass)), 1))) END, COALESCE($2, (now() AT TIME ZONE 'UTC')), COALESCE($3, gen_random_uuid()), $4))sql");
// a PostgreSQL batch: unnest(), the default applied per row; never COPY (no expressions)
using insert_stamps = decltype(pc::insert(std::vector<Stamp>{}));
static_assert(postgres_text<insert_stamps> ==
              R"sql(INSERT INTO "stamp" ("id", "at", "ref", "note") SELECT CASE WHEN u."id" IS NULL THEN nextval(pg_get_serial_sequence('"stamp"', 'id')) ELSE u."id" + 0 * setval(pg_get_serial_sequence('"stamp"', 'id'), GREATEST(u."id", COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"stamp"', 'id') AS regclass)), 1))) END, COALESCE(u."at", (now() AT TIME ZONE 'UTC')), COALESCE(u."ref", gen_random_uuid()), u."note" FROM unnest($1, $2, $3, $4) AS u ("id", "at", "ref", "note"))sql");
static_assert(!insert_stamps::copyable);
static_assert(decltype(pc::insert(std::vector<Manager>{}))::copyable);

}  // namespace music
