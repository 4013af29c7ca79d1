// The exact SQL text of std::vector<T> columns (<piccolo/arrays.hpp>) and their operators,
// for SQLite (JSON text, json_each) and PostgreSQL (native arrays). Building this file is
// the test.

#include <optional>
#include <string>
#include <vector>

#include <piccolo/arrays.hpp>

#include "schema.hpp"

namespace music {

struct Post {
  pc::serial id;
  std::vector<std::string> tags;
  std::vector<int> scores;
  std::optional<std::vector<double>> weights;
  std::vector<pc::varchar<10>> labels;
  std::vector<std::optional<std::int16_t>> sparse;
};

// ---- DDL: TYPE[] on PostgreSQL, JSON TEXT on SQLite -------------------------------------

using create_post = decltype(pc::create_table<Post>());
static_assert(sqlite_text<create_post> ==
              R"sql(CREATE TABLE "post" ("id" INTEGER PRIMARY KEY, "tags" TEXT NOT NULL, "scores" TEXT NOT NULL, "weights" TEXT, "labels" TEXT NOT NULL, "sparse" TEXT NOT NULL))sql");
static_assert(postgres_text<create_post> ==
              R"sql(CREATE TABLE "post" ("id" SERIAL PRIMARY KEY, "tags" TEXT[] NOT NULL, "scores" INTEGER[] NOT NULL, "weights" DOUBLE PRECISION[], "labels" VARCHAR(10)[] NOT NULL, "sparse" SMALLINT[] NOT NULL))sql");

// ---- any / all: one parameter of the element type ----------------------------------------

using any_tag = decltype(pc::select(c<&Post::id>).where(c<&Post::tags>.any("x")));
static_assert(sqlite_text<any_tag> ==
              R"sql(SELECT "post"."id" FROM "post" WHERE EXISTS (SELECT 1 FROM json_each("post"."tags") WHERE value = ?))sql");
static_assert(postgres_text<any_tag> == R"sql(SELECT "post"."id" FROM "post" WHERE $1 = ANY("post"."tags"))sql");

// a NULL array is not true on SQLite either (json_each(NULL) has no rows)
using all_scores = decltype(pc::select(c<&Post::id>).where(c<&Post::scores>.all(3)));
static_assert(sqlite_text<all_scores> ==
              R"sql(SELECT "post"."id" FROM "post" WHERE ("post"."scores" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each("post"."scores") WHERE value IS NOT ?)))sql");
static_assert(postgres_text<all_scores> == R"sql(SELECT "post"."id" FROM "post" WHERE $1 = ALL("post"."scores"))sql");

// ---- contains: an array parameter of the column's array type --------------------------

using contains_tags = decltype(pc::select(c<&Post::id>).where(c<&Post::tags>.contains({"a", "b"})));
static_assert(sqlite_text<contains_tags> ==
              R"sql(SELECT "post"."id" FROM "post" WHERE ("post"."tags" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(?) AS "needle" WHERE NOT EXISTS (SELECT 1 FROM json_each("post"."tags") AS "hay" WHERE "hay".value = "needle".value))))sql");
static_assert(postgres_text<contains_tags> ==
              R"sql(SELECT "post"."id" FROM "post" WHERE "post"."tags" @> CAST($1 AS TEXT[]))sql");

// ---- cat: a value or a list, appended; in select and in update set ---------------------

using cat_in_select = decltype(pc::select(c<&Post::scores>.cat(4), c<&Post::labels>.cat({"y", "z"})));
static_assert(sqlite_text<cat_in_select> ==
              R"sql(SELECT (SELECT json_group_array(value) FROM (SELECT 0 AS part, key, value FROM json_each("post"."scores") UNION ALL SELECT 1, key, value FROM json_each(?) ORDER BY part, key)), (SELECT json_group_array(value) FROM (SELECT 0 AS part, key, value FROM json_each("post"."labels") UNION ALL SELECT 1, key, value FROM json_each(?) ORDER BY part, key)) FROM "post")sql");
static_assert(postgres_text<cat_in_select> ==
              R"sql(SELECT ("post"."scores" || CAST($1 AS INTEGER[])), ("post"."labels" || CAST($2 AS VARCHAR(10)[])) FROM "post")sql");

using cat_in_update =
    decltype(pc::update<Post>().set(c<&Post::scores> = c<&Post::scores>.cat(7)).where(c<&Post::id> == 1));
static_assert(sqlite_text<cat_in_update> ==
              R"sql(UPDATE "post" SET "scores" = (SELECT json_group_array(value) FROM (SELECT 0 AS part, key, value FROM json_each("post"."scores") UNION ALL SELECT 1, key, value FROM json_each(?) ORDER BY part, key)) WHERE "post"."id" = ?)sql");
static_assert(postgres_text<cat_in_update> ==
              R"sql(UPDATE "post" SET "scores" = ("post"."scores" || CAST($1 AS INTEGER[])) WHERE "post"."id" = $2)sql");

// a whole array: one parameter
using set_whole_array =
    decltype(pc::update<Post>().set(c<&Post::scores> = std::vector<int>{1, 2}).where(c<&Post::id> == 1));
static_assert(sqlite_text<set_whole_array> == R"sql(UPDATE "post" SET "scores" = ? WHERE "post"."id" = ?)sql");
static_assert(postgres_text<set_whole_array> == R"sql(UPDATE "post" SET "scores" = $1 WHERE "post"."id" = $2)sql");

// ---- length and [i] (from 0; PostgreSQL counts from 1) --------------------------------

using length_and_element = decltype(pc::select(c<&Post::tags>.length(), c<&Post::weights>.length(), c<&Post::tags>[0]));
static_assert(sqlite_text<length_and_element> ==
              R"sql(SELECT json_array_length("post"."tags"), json_array_length("post"."weights"), (SELECT value FROM json_each("post"."tags") WHERE key = ?) FROM "post")sql");
static_assert(postgres_text<length_and_element> ==
              R"sql(SELECT cardinality("post"."tags"), cardinality("post"."weights"), "post"."tags"[$1 + 1] FROM "post")sql");

// ---- the types a select yields --------------------------------------------------------

static_assert(std::is_same_v<length_and_element::row_type,
                             std::tuple<std::int64_t, std::optional<std::int64_t>, std::optional<std::string>>>);
static_assert(std::is_same_v<decltype(pc::select(c<&Post::labels>))::row_type, std::vector<pc::varchar<10>>>);
static_assert(std::is_same_v<decltype(pc::select(c<&Post::weights>.cat(1.0)))::row_type, std::vector<double>>);

}  // namespace music
