// The exact SQL text of insert(...).on_conflict(...) (upsert) and of multi-column unique
// constraints, for SQLite and PostgreSQL. Building this file is the test.

#include <chrono>
#include <string>
#include <vector>

#include "schema.hpp"

namespace music {

// A unique constraint over two columns: pc::unique<&Gig::band, &Gig::day>.
struct Gig {
  pc::serial id;
  pc::foreign_key<Band> band;
  std::chrono::year_month_day day;
  std::string note;
  static constexpr auto column_options() { return pc::options(pc::unique<&Gig::band, &Gig::day>); }
};

// ---- multi-column unique constraints ---------------------------------------------

// a table constraint after the columns, on both dialects
using create_table_with_unique_pair = decltype(pc::create_table<Gig>());
static_assert(sqlite_text<create_table_with_unique_pair> ==
              R"sql(CREATE TABLE "gig" ("id" INTEGER PRIMARY KEY, "band" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "day" DATE NOT NULL, "note" TEXT NOT NULL, UNIQUE ("band", "day")))sql");
static_assert(postgres_text<create_table_with_unique_pair> ==
              R"sql(CREATE TABLE "gig" ("id" SERIAL PRIMARY KEY, "band" INTEGER NOT NULL REFERENCES "band" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "day" DATE NOT NULL, "note" TEXT NOT NULL, UNIQUE ("band", "day")))sql");

// ---- DO NOTHING ------------------------------------------------------------------

// Without a target: any constraint. On PostgreSQL a table with a serial key gets the
// statement around the INSERT that moves the sequence only past keys of written rows
// (an explicit key of a row that conflicted leaves it where it is).
using upsert_without_target = decltype(pc::insert(Band{}).on_conflict(pc::do_nothing));
static_assert(sqlite_text<upsert_without_target> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
static_assert(postgres_text<upsert_without_target> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (CASE WHEN $1 IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))) ELSE $1 END, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING "id" AS "piccolo$key") SELECT FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

// a target alone is DO NOTHING (Piccolo's default action)
using upsert_target_does_nothing = decltype(pc::insert(Band{}).on_conflict(c<&Band::name>));
static_assert(sqlite_text<upsert_target_does_nothing> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("name") DO NOTHING)sql");
static_assert(postgres_text<upsert_target_does_nothing> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (CASE WHEN $1 IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))) ELSE $1 END, $2, $3, $4, $5) ON CONFLICT ("name") DO NOTHING RETURNING "id" AS "piccolo$key") SELECT FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

// a composite primary key, its columns in any order; no serial key: no statement around it
using upsert_composite_key_target = decltype(pc::insert(Membership{}).on_conflict(c<&Membership::manager>, c<&Membership::band>));
static_assert(sqlite_text<upsert_composite_key_target> ==
              R"sql(INSERT INTO "membership" ("band", "manager") VALUES (?, ?) ON CONFLICT ("manager", "band") DO NOTHING)sql");
static_assert(postgres_text<upsert_composite_key_target> ==
              R"sql(INSERT INTO "membership" ("band", "manager") VALUES ($1, $2) ON CONFLICT ("manager", "band") DO NOTHING)sql");

// ---- DO UPDATE ---------------------------------------------------------------------

// excluded."column" is the proposed row, "table"."column" the existing one; RETURNING
// goes through the statement around it on PostgreSQL
using upsert_update_where_returning = decltype(pc::insert(Band{}).on_conflict(c<&Band::name>).do_update(c<&Band::popularity> = pc::excluded(c<&Band::popularity>)).where(c<&Band::popularity> < pc::excluded(c<&Band::popularity>)).returning(c<&Band::id>, c<&Band::popularity>));
static_assert(sqlite_text<upsert_update_where_returning> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("name") DO UPDATE SET "popularity" = excluded."popularity" WHERE "band"."popularity" < excluded."popularity" RETURNING "id", "popularity")sql");
static_assert(postgres_text<upsert_update_where_returning> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (CASE WHEN $1 IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))) ELSE $1 END, $2, $3, $4, $5) ON CONFLICT ("name") DO UPDATE SET "popularity" = excluded."popularity" WHERE "band"."popularity" < excluded."popularity" RETURNING "id" AS "piccolo$key", "id", "popularity") SELECT "id", "popularity" FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

// a column alone: = excluded."column" (Piccolo's values=[Country.name])
using upsert_column_alone_takes_excluded = decltype(pc::insert(Country{}).on_conflict(c<&Country::code>).do_update(c<&Country::name>));
static_assert(sqlite_text<upsert_column_alone_takes_excluded> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES (?, ?) ON CONFLICT ("code") DO UPDATE SET "name" = excluded."name")sql");
static_assert(postgres_text<upsert_column_alone_takes_excluded> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES ($1, $2) ON CONFLICT ("code") DO UPDATE SET "name" = excluded."name")sql");

// values of DO UPDATE and its WHERE are bound after the row's
using upsert_binds_after_the_row = decltype(pc::insert(Country{}).on_conflict(c<&Country::code>).do_update(c<&Country::name> = "x").where(c<&Country::name> != "keep"));
static_assert(sqlite_text<upsert_binds_after_the_row> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES (?, ?) ON CONFLICT ("code") DO UPDATE SET "name" = ? WHERE "country"."name" <> ?)sql");
static_assert(postgres_text<upsert_binds_after_the_row> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES ($1, $2) ON CONFLICT ("code") DO UPDATE SET "name" = $3 WHERE "country"."name" <> $4)sql");

static_assert(upsert_binds_after_the_row::parameters == 4);

// an expression of the existing and the proposed row
using upsert_expression_of_both_rows = decltype(pc::insert(Country{}).on_conflict(c<&Country::code>).do_update(c<&Country::name> = c<&Country::name> + pc::excluded(c<&Country::name>)));
static_assert(sqlite_text<upsert_expression_of_both_rows> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES (?, ?) ON CONFLICT ("code") DO UPDATE SET "name" = ("country"."name" || excluded."name"))sql");
static_assert(postgres_text<upsert_expression_of_both_rows> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES ($1, $2) ON CONFLICT ("code") DO UPDATE SET "name" = ("country"."name" || excluded."name"))sql");

// a multi-column unique constraint as the target, in any order
using upsert_unique_pair_target = decltype(pc::insert(Gig{}).on_conflict(c<&Gig::day>, c<&Gig::band>).do_update(c<&Gig::note>).returning(c<&Gig::id>));
static_assert(sqlite_text<upsert_unique_pair_target> ==
              R"sql(INSERT INTO "gig" ("id", "band", "day", "note") VALUES (?, ?, ?, ?) ON CONFLICT ("day", "band") DO UPDATE SET "note" = excluded."note" RETURNING "id")sql");
static_assert(postgres_text<upsert_unique_pair_target> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "gig" ("id", "band", "day", "note") VALUES (CASE WHEN $1 IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"gig"', 'id') AS regclass))) ELSE $1 END, $2, $3, $4) ON CONFLICT ("day", "band") DO UPDATE SET "note" = excluded."note" RETURNING "id" AS "piccolo$key", "id") SELECT "id" FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"gig"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"gig"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

// ---- batches -------------------------------------------------------------------------

// one statement on PostgreSQL (unnest), never COPY (it has no ON CONFLICT)
using upsert_batch = decltype(pc::insert(std::vector<Band>{}).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>));
static_assert(sqlite_text<upsert_batch> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("name") DO UPDATE SET "popularity" = excluded."popularity")sql");
static_assert(postgres_text<upsert_batch> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "band" ("id", "name", "manager", "popularity", "site") SELECT CASE WHEN u."id" IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))) ELSE u."id" END, u."name", u."manager", u."popularity", u."site" FROM unnest($1, $2, $3, $4, $5) AS u ("id", "name", "manager", "popularity", "site") ON CONFLICT ("name") DO UPDATE SET "popularity" = excluded."popularity" RETURNING "id" AS "piccolo$key") SELECT FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

static_assert(upsert_batch::columnar_on_postgres && !upsert_batch::copyable);
static_assert(decltype(pc::insert(std::vector<Band>{}).on_conflict(pc::do_nothing))::columnar_on_postgres);
static_assert(!decltype(pc::insert(std::vector<Band>{}).on_conflict(pc::do_nothing))::copyable);

// DO UPDATE binds a value of its own: one value, not a column of the batch, so PostgreSQL
// runs the single-row statement once per row (in a savepoint), as SQLite does
using upsert_batch_binding_values = decltype(pc::insert(std::vector<Band>{}).on_conflict(c<&Band::name>).do_update(c<&Band::popularity> = 0));
static_assert(sqlite_text<upsert_batch_binding_values> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("name") DO UPDATE SET "popularity" = ?)sql");
static_assert(postgres_text<upsert_batch_binding_values> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (CASE WHEN $1 IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))) ELSE $1 END, $2, $3, $4, $5) ON CONFLICT ("name") DO UPDATE SET "popularity" = $6 RETURNING "id" AS "piccolo$key") SELECT FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

static_assert(!upsert_batch_binding_values::columnar_on_postgres && !upsert_batch_binding_values::copyable);

}  // namespace music
