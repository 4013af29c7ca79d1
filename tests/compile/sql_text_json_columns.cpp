// pc::json / pc::jsonb columns: their DDL types, and -> / ->> in where() and select() on
// both dialects. Keys and indexes are parameters (an index is cast to INTEGER on
// PostgreSQL, whose -> takes int4); as<T>() casts ->>'s text on PostgreSQL, and on SQLite
// only as<std::string>() (its ->> gives the SQL value already). Building this file is the test.

#include <piccolo/json.hpp>

#include "schema.hpp"

namespace music {

struct Document {
  pc::serial id;
  pc::jsonb body;
  std::optional<pc::json> note;
};

static_assert(sqlite_text<decltype(pc::create_table<Document>())> ==
              R"sql(CREATE TABLE "document" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL, "note" TEXT))sql");
static_assert(postgres_text<decltype(pc::create_table<Document>())> ==
              R"sql(CREATE TABLE "document" ("id" SERIAL PRIMARY KEY, "body" JSONB NOT NULL, "note" JSON))sql");

using by_name = decltype(pc::select(c<&Document::id>).where(c<&Document::body>["name"].as<std::string>() == "x"));
static_assert(sqlite_text<by_name> ==
              R"sql(SELECT "document"."id" FROM "document" WHERE CAST("document"."body" ->> ? AS TEXT) = ?)sql");
static_assert(postgres_text<by_name> ==
              R"sql(SELECT "document"."id" FROM "document" WHERE "document"."body" ->> $1 = $2)sql");
static_assert(by_name::parameters == 2);

using typed_members = decltype(pc::select(c<&Document::body>["n"].as<std::int64_t>(),
                                          c<&Document::body>["r"].as<double>())
                                   .where(c<&Document::body>["ok"].as<bool>() == true));
static_assert(sqlite_text<typed_members> ==
              R"sql(SELECT "document"."body" ->> ?, "document"."body" ->> ? FROM "document" WHERE "document"."body" ->> ? = ?)sql");
static_assert(postgres_text<typed_members> ==
              R"sql(SELECT CAST("document"."body" ->> $1 AS BIGINT), CAST("document"."body" ->> $2 AS DOUBLE PRECISION) FROM "document" WHERE CAST("document"."body" ->> $3 AS BOOLEAN) = $4)sql");
static_assert(std::is_same_v<typed_members::row_type, std::tuple<std::optional<std::int64_t>, std::optional<double>>>);

// a path of members and array elements: -> until the last step, which as<T>() makes ->>
using path = decltype(pc::select(c<&Document::body>["tags"][0], c<&Document::note>["a"][1]["b"].as<std::string>()));
static_assert(sqlite_text<path> ==
              R"sql(SELECT "document"."body" -> ? -> ?, CAST("document"."note" -> ? -> ? ->> ? AS TEXT) FROM "document")sql");
static_assert(postgres_text<path> ==
              R"sql(SELECT "document"."body" -> $1 -> CAST($2 AS INTEGER), "document"."note" -> $3 -> CAST($4 AS INTEGER) ->> $5 FROM "document")sql");
static_assert(std::is_same_v<path::row_type, std::tuple<std::optional<pc::jsonb>, std::optional<std::string>>>);

// a whole JSONB value compares with =; a member is NULL-tested with IS NULL
using equal_body = decltype(pc::select(c<&Document::id>)
                                .where(c<&Document::body> == pc::jsonb{1} || c<&Document::body>["k"].is_null()));
static_assert(sqlite_text<equal_body> ==
              R"sql(SELECT "document"."id" FROM "document" WHERE ("document"."body" = ? OR "document"."body" -> ? IS NULL))sql");
static_assert(postgres_text<equal_body> ==
              R"sql(SELECT "document"."id" FROM "document" WHERE ("document"."body" = $1 OR "document"."body" -> $2 IS NULL))sql");

static_assert(std::is_same_v<decltype(pc::select(c<&Document::body>))::row_type, pc::jsonb>);

// jsonb containment: @> and <@ with the value a JSONB parameter, PostgreSQL only (SQLite
// has no faithful test: the query has no SQLite text, and SQLite's run() refuses it)
using containment = decltype(pc::select(c<&Document::id>)
                                 .where(c<&Document::body>.contains(boost::json::object{{"a", 1}}) &&
                                        !c<&Document::body>.contained_in(boost::json::parse(R"({"a":1,"b":2})")))
                                 .order_by(c<&Document::id>));
static_assert(postgres_text<containment> ==
              R"sql(SELECT "document"."id" FROM "document" WHERE ("document"."body" @> $1 AND NOT "document"."body" <@ $2) ORDER BY "document"."id")sql");
static_assert(containment::parameters == 2);
static_assert(pc::renders_on<containment, pc::postgres_dialect>);
static_assert(!pc::renders_on<containment, pc::sqlite_dialect>);
static_assert(pc::renders_on<equal_body, pc::sqlite_dialect> && pc::renders_on<equal_body, pc::postgres_dialect>);
// in update().where() and delete_from().where() too
using delete_contained = decltype(pc::delete_from<Document>().where(c<&Document::body>.contained_in(pc::jsonb{1})));
static_assert(postgres_text<delete_contained> == R"sql(DELETE FROM "document" WHERE "document"."body" <@ $1)sql");
static_assert(!pc::renders_on<delete_contained, pc::sqlite_dialect>);
// on a member: its key binds first
using member_contains = decltype(pc::select(c<&Document::id>)
                                     .where(c<&Document::body>["tags"].contains(boost::json::array{"x"}) ||
                                            c<&Document::body>["a"][0].contained_in(pc::jsonb{1})));
static_assert(postgres_text<member_contains> ==
              R"sql(SELECT "document"."id" FROM "document" WHERE (("document"."body" -> $1) @> $2 OR ("document"."body" -> $3 -> CAST($4 AS INTEGER)) <@ $5))sql");
static_assert(member_contains::parameters == 5);
static_assert(!pc::renders_on<member_contains, pc::sqlite_dialect>);

}  // namespace music
