// The exact SQL text of the objects API (db.save, remove, refresh, get_related,
// get_or_create) and of columns named by position, for SQLite and PostgreSQL. Building
// this file is the test.

#include <cstdint>
#include <utility>

#include "schema.hpp"

namespace music {

// ---- columns by position: the same node text as a member pointer -------------------

using by_member = decltype(pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>)
                               .where(c<&Band::popularity> > 1)
                               .order_by(c<&Band::name>.desc()));
using by_position = decltype(pc::select(pc::column_at<Band, 1>, c<&Band::manager, pc::field<Manager, 1>>)
                                 .where(pc::column_at<Band, 3> > 1)
                                 .order_by(pc::column_at<Band, 1>.desc()));
static_assert(sqlite_text<by_position> == sqlite_text<by_member>);
static_assert(postgres_text<by_position> == postgres_text<by_member>);
static_assert(sqlite_text<by_position> ==
              R"sql(SELECT "band"."name", "band$manager"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band"."popularity" > ? ORDER BY "band"."name" DESC)sql");
// a column renamed by column_name<> keeps its database name
static_assert(pc::column_at<Band, 4>.name == "site");
using update_by_position = decltype(pc::update<Band>().set(pc::column_at<Band, 4> = "x").where(pc::column_at<Band, 0> == 1));
static_assert(postgres_text<update_by_position> == R"sql(UPDATE "band" SET "site" = $1 WHERE "band"."id" = $2)sql");
static_assert(std::is_same_v<decltype(pc::column_at<Band, 2>)::value_type, pc::foreign_key<Manager>>);

// save(band) of a new row (serial key unset): INSERT, RETURNING the key to write back
using save_of_a_new_row = decltype(pc::detail::insert_returning_key(std::declval<const Band&>()));
static_assert(sqlite_text<save_of_a_new_row> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) RETURNING "id")sql");
static_assert(postgres_text<save_of_a_new_row> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"band"', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"band"', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), 1))) END, $2, $3, $4, $5) RETURNING "id")sql");

// save(band) of a row whose key is set: UPDATE of every other column, by key
using save_of_a_stored_row = decltype(pc::detail::update_by_key(std::declval<const Band&>()));
static_assert(sqlite_text<save_of_a_stored_row> ==
              R"sql(UPDATE "band" SET "name" = ?, "manager" = ?, "popularity" = ?, "site" = ? WHERE "band"."id" = ?)sql");
static_assert(postgres_text<save_of_a_stored_row> ==
              R"sql(UPDATE "band" SET "name" = $1, "manager" = $2, "popularity" = $3, "site" = $4 WHERE "band"."id" = $5)sql");

// save(band, c<&Band::popularity>, c<&Band::website>): those columns only
using save_of_named_columns = decltype(pc::detail::update_columns_by_key(std::declval<const Band&>(), c<&Band::popularity>, c<&Band::website>));
static_assert(sqlite_text<save_of_named_columns> ==
              R"sql(UPDATE "band" SET "popularity" = ?, "site" = ? WHERE "band"."id" = ?)sql");
static_assert(postgres_text<save_of_named_columns> ==
              R"sql(UPDATE "band" SET "popularity" = $1, "site" = $2 WHERE "band"."id" = $3)sql");

// save(country), a natural key: an upsert on the key
using save_by_natural_key = decltype(pc::detail::upsert_by_key(std::declval<const Country&>()));
static_assert(sqlite_text<save_by_natural_key> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES (?, ?) ON CONFLICT ("code") DO UPDATE SET "name" = excluded."name")sql");
static_assert(postgres_text<save_by_natural_key> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES ($1, $2) ON CONFLICT ("code") DO UPDATE SET "name" = excluded."name")sql");

// save(membership), a composite key and no other column: nothing to update
using save_by_composite_key = decltype(pc::detail::upsert_by_key(std::declval<const Membership&>()));
static_assert(sqlite_text<save_by_composite_key> ==
              R"sql(INSERT INTO "membership" ("band", "manager") VALUES (?, ?) ON CONFLICT ("band", "manager") DO NOTHING)sql");
static_assert(postgres_text<save_by_composite_key> ==
              R"sql(INSERT INTO "membership" ("band", "manager") VALUES ($1, $2) ON CONFLICT ("band", "manager") DO NOTHING)sql");

// remove(band)
using remove_by_serial_key = decltype(pc::detail::delete_by_key(std::declval<const Band&>()));
static_assert(sqlite_text<remove_by_serial_key> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" = ?)sql");
static_assert(postgres_text<remove_by_serial_key> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" = $1)sql");

// remove(membership): every column of a composite key
using remove_by_composite_key = decltype(pc::detail::delete_by_key(std::declval<const Membership&>()));
static_assert(sqlite_text<remove_by_composite_key> ==
              R"sql(DELETE FROM "membership" WHERE ("membership"."band" = ? AND "membership"."manager" = ?))sql");
static_assert(postgres_text<remove_by_composite_key> ==
              R"sql(DELETE FROM "membership" WHERE ("membership"."band" = $1 AND "membership"."manager" = $2))sql");

// refresh(band): every column, by key
using refresh_by_serial_key = decltype(pc::detail::select_by_key(std::declval<const Band&>()));
static_assert(sqlite_text<refresh_by_serial_key> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."id" = ? LIMIT 1)sql");
static_assert(postgres_text<refresh_by_serial_key> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."id" = $1 LIMIT 1)sql");

// refresh(membership)
using refresh_by_composite_key = decltype(pc::detail::select_by_key(std::declval<const Membership&>()));
static_assert(sqlite_text<refresh_by_composite_key> ==
              R"sql(SELECT "membership"."band", "membership"."manager" FROM "membership" WHERE ("membership"."band" = ? AND "membership"."manager" = ?) LIMIT 1)sql");
static_assert(postgres_text<refresh_by_composite_key> ==
              R"sql(SELECT "membership"."band", "membership"."manager" FROM "membership" WHERE ("membership"."band" = $1 AND "membership"."manager" = $2) LIMIT 1)sql");

// get_related(band, c<&Band::manager>): the referenced row by its key
using get_related_manager = decltype(pc::detail::select_referenced<Manager>(std::int64_t{}));
static_assert(sqlite_text<get_related_manager> ==
              R"sql(SELECT "manager"."id", "manager"."name" FROM "manager" WHERE "manager"."id" = ? LIMIT 1)sql");
static_assert(postgres_text<get_related_manager> ==
              R"sql(SELECT "manager"."id", "manager"."name" FROM "manager" WHERE "manager"."id" = $1 LIMIT 1)sql");

// get_or_create(query, band) when the query finds nothing: the row unless it conflicts,
// read back as stored (on PostgreSQL the sequence moves only past keys of rows written)
using get_or_create_insert = decltype(pc::detail::insert_unless_conflict(std::declval<Band>()));
static_assert(sqlite_text<get_or_create_insert> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING "id", "name", "manager", "popularity", "site")sql");
static_assert(postgres_text<get_or_create_insert> ==
              R"sql(WITH "piccolo$upserted" AS (INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (CASE WHEN $1 IS NULL THEN nextval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))) ELSE $1 END, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING "id" AS "piccolo$key", "id", "name", "manager", "popularity", "site") SELECT "id", "name", "manager", "popularity", "site" FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > COALESCE(pg_sequence_last_value((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass))), 0) THEN setval((SELECT CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), "piccolo$key") > 0 ELSE true END)sql");

// the same for a table with a natural key
using get_or_create_insert_natural_key = decltype(pc::detail::insert_unless_conflict(std::declval<Country>()));
static_assert(sqlite_text<get_or_create_insert_natural_key> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING "code", "name")sql");
static_assert(postgres_text<get_or_create_insert_natural_key> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING "code", "name")sql");

}  // namespace music
