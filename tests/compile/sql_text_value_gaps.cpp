// The SQL text of what issue 10 added to value types late, for SQLite and PostgreSQL:
// is_in() / not_in() on time-of-day and interval columns; pc::numeric compared with
// integers, its arithmetic and sum(); sum/min/max of intervals and times of day; the key
// tests of jsonb objects. Building this file is the test.

#include <chrono>
#include <optional>
#include <type_traits>

#include <piccolo/json.hpp>

#include "schema.hpp"

namespace music {

struct Slot {
  pc::serial id;
  pc::time_of_day starts;
  std::optional<pc::time_of_day> pause;
  std::chrono::minutes length{};
  std::optional<std::chrono::microseconds> overtime;
};

// A time of day: a list of "HH:MM:SS.ffffff" texts (SQLite's stored form), cast to
// time[] on PostgreSQL.
using slots_at = decltype(pc::select(c<&Slot::id>).where(c<&Slot::starts>.is_in({pc::time_of_day{}})));
static_assert(sqlite_text<slots_at> ==
              R"sql(SELECT "slot"."id" FROM "slot" WHERE "slot"."starts" IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<slots_at> ==
              R"sql(SELECT "slot"."id" FROM "slot" WHERE "slot"."starts" = ANY(CAST($1 AS TIME[])))sql");
using pauses_not_at = decltype(pc::select(c<&Slot::id>).where(c<&Slot::pause>.not_in({pc::time_of_day{}})));
static_assert(sqlite_text<pauses_not_at> ==
              R"sql(SELECT "slot"."id" FROM "slot" WHERE "slot"."pause" NOT IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<pauses_not_at> ==
              R"sql(SELECT "slot"."id" FROM "slot" WHERE NOT ("slot"."pause" = ANY(CAST($1 AS TIME[]))))sql");
static_assert(pauses_not_at::parameters == 1);

// An interval: a list of microseconds (what SQLite stores), each made an INTERVAL through
// its exact text form on PostgreSQL.
using lengths_in = decltype(pc::select(c<&Slot::id>).where(c<&Slot::length>.is_in({std::chrono::hours{1}})));
static_assert(sqlite_text<lengths_in> ==
              R"sql(SELECT "slot"."id" FROM "slot" WHERE "slot"."length" IN (SELECT value FROM json_each(?)))sql");
static_assert(
    postgres_text<lengths_in> ==
    R"sql(SELECT "slot"."id" FROM "slot" WHERE "slot"."length" = ANY(ARRAY(SELECT CAST(micros || ' microseconds' AS INTERVAL) FROM unnest($1) AS micros)))sql");
using overtime_not_in = decltype(pc::select(c<&Slot::id>).where(c<&Slot::overtime>.not_in({std::chrono::seconds{1}})));
static_assert(
    postgres_text<overtime_not_in> ==
    R"sql(SELECT "slot"."id" FROM "slot" WHERE NOT ("slot"."overtime" = ANY(ARRAY(SELECT CAST(micros || ' microseconds' AS INTERVAL) FROM unnest($1) AS micros))))sql");

// pc::numeric compared with an integer value: the value binds as the numeric (SQLite's
// sortable text compares within one type). Arithmetic with integers and numerics:
// NUMERIC on PostgreSQL as written; on SQLite exact 64-bit integers of units decoded from
// the sortable text and written back as the result type's sortable text.
struct Item {
  pc::serial id;
  pc::numeric<10, 2> price;
  int qty = 0;
  std::optional<pc::numeric<6, 3>> discount;
};
using items_above = decltype(pc::select(c<&Item::id>).where(c<&Item::price> > 10 && 100 >= c<&Item::price>));
static_assert(sqlite_text<items_above> ==
              R"sql(SELECT "item"."id" FROM "item" WHERE ("item"."price" > ? AND ? >= "item"."price"))sql");
static_assert(postgres_text<items_above> ==
              R"sql(SELECT "item"."id" FROM "item" WHERE ("item"."price" > $1 AND $2 >= "item"."price"))sql");

// is_in() on a numeric: SQLite compares its stored sortable texts; PostgreSQL decodes
// them into NUMERICs ('!' and nines' complement: a negative)
using prices_in = decltype(pc::select(c<&Item::id>).where(c<&Item::price>.is_in({pc::numeric<10, 2>{"1.50"}})));
static_assert(sqlite_text<prices_in> ==
              R"sql(SELECT "item"."id" FROM "item" WHERE "item"."price" IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<prices_in> ==
              R"sql(SELECT "item"."id" FROM "item" WHERE "item"."price" = ANY(ARRAY(SELECT CASE WHEN left(t, 1) = '!' THEN -CAST(translate(substr(t, 2), '0123456789', '9876543210') AS NUMERIC) ELSE CAST(t AS NUMERIC) END FROM unnest(CAST($1 AS TEXT[])) AS t)))sql");

using price_plus_one = decltype(pc::select(c<&Item::price> + 1));
static_assert(postgres_text<price_plus_one> == R"sql(SELECT ("item"."price" + $1) FROM "item")sql");
static_assert(sqlite_text<price_plus_one> ==
              R"sql(SELECT (SELECT CASE WHEN u IS NULL THEN NULL WHEN typeof(u) <> 'integer' OR u >= 10000000000 OR u <= -10000000000 THEN zeroblob(9223372036854775807 + 0 * u) WHEN u < 0 THEN printf('!%08d.%02d', (u + 9999999999) / 100, (u + 9999999999) % 100) ELSE printf('%08d.%02d', (u) / 100, (u) % 100) END FROM (SELECT (SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v)) + (? * 100) AS u)) FROM "item")sql");
using line_totals = decltype(pc::select(c<&Item::price> * c<&Item::qty>, c<&Item::price> - c<&Item::discount>,
                                        2 - c<&Item::price>));
static_assert(postgres_text<line_totals> ==
              R"sql(SELECT ("item"."price" * "item"."qty"), ("item"."price" - "item"."discount"), ($1 - "item"."price") FROM "item")sql");
// result types: with an integer the numeric's own; two numerics + and - the larger
// scale and integer part, * the sums; NULL when a side may be
static_assert(std::is_same_v<decltype(c<&Item::price> * c<&Item::qty>)::value_type, pc::numeric<10, 2>>);
static_assert(std::is_same_v<decltype(c<&Item::price> - c<&Item::discount>)::value_type, std::optional<pc::numeric<11, 3>>>);
static_assert(std::is_same_v<decltype(c<&Item::price> * c<&Item::discount>)::value_type, std::optional<pc::numeric<16, 5>>>);

// sum(): exact, a numeric of 18 digits at the column's scale; SQLite sums the integers of
// units (SQLite computes the repeated SUM once). min() and max() as they are.
using price_stats = decltype(pc::select(pc::sum(c<&Item::price>)));
static_assert(postgres_text<price_stats> == R"sql(SELECT SUM("item"."price") FROM "item")sql");
static_assert(sqlite_text<price_stats> ==
              R"sql(SELECT CASE WHEN SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v))) IS NULL THEN NULL WHEN typeof(SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v)))) <> 'integer' OR SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v))) >= 1000000000000000000 OR SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v))) <= -1000000000000000000 THEN zeroblob(9223372036854775807 + 0 * SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v)))) WHEN SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v))) < 0 THEN printf('!%016d.%02d', (SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v))) + 999999999999999999) / 100, (SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v))) + 999999999999999999) % 100) ELSE printf('%016d.%02d', (SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v)))) / 100, (SUM((SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - 9999999999 ELSE CAST(replace(v, '.', '') AS INTEGER) END FROM (SELECT "item"."price" AS v)))) % 100) END FROM "item")sql");
static_assert(std::is_same_v<decltype(pc::sum(c<&Item::price>))::value_type, std::optional<pc::numeric<18, 2>>>);
static_assert(std::is_same_v<decltype(pc::max(c<&Item::discount>))::value_type, std::optional<pc::numeric<6, 3>>>);
static_assert(postgres_text<decltype(pc::select(pc::min(c<&Item::price>), pc::max(c<&Item::discount>)))> ==
              R"sql(SELECT MIN("item"."price"), MAX("item"."discount") FROM "item")sql");

// Intervals and times of day in aggregates: sum() of an interval is its duration (no
// cast: SUM(interval) is an interval, SUM(integer) of SQLite's microseconds exact).
using shift_totals = decltype(pc::select(pc::sum(c<&Slot::length>), pc::max(c<&Slot::overtime>), pc::min(c<&Slot::starts>)));
static_assert(sqlite_text<shift_totals> ==
              R"sql(SELECT SUM("slot"."length"), MAX("slot"."overtime"), MIN("slot"."starts") FROM "slot")sql");
static_assert(postgres_text<shift_totals> ==
              R"sql(SELECT SUM("slot"."length"), MAX("slot"."overtime"), MIN("slot"."starts") FROM "slot")sql");
static_assert(std::is_same_v<decltype(pc::sum(c<&Slot::length>))::value_type, std::optional<std::chrono::minutes>>);
static_assert(std::is_same_v<decltype(pc::sum(c<&Slot::overtime>))::value_type, std::optional<std::chrono::microseconds>>);
static_assert(std::is_same_v<decltype(pc::min(c<&Slot::pause>))::value_type, std::optional<pc::time_of_day>>);

// The keys of a jsonb object: ?, ?| and ?& on PostgreSQL (the keys bound, a list as a
// text[]), json_each() on SQLite; objects only on both, NULL for a NULL column.
struct Tagged {
  pc::serial id;
  std::optional<pc::jsonb> data;
};
using with_key = decltype(pc::select(c<&Tagged::id>).where(c<&Tagged::data>.has_key("a")));
static_assert(sqlite_text<with_key> == R"sql(SELECT "tagged"."id" FROM "tagged" WHERE CASE WHEN json_type("tagged"."data") = 'object' THEN EXISTS (SELECT 1 FROM json_each("tagged"."data") WHERE key = ?) ELSE json_type("tagged"."data") = 'object' END)sql");
static_assert(postgres_text<with_key> == R"sql(SELECT "tagged"."id" FROM "tagged" WHERE (jsonb_typeof("tagged"."data") = 'object' AND "tagged"."data" ? $1))sql");
static_assert(with_key::parameters == 1);
using with_any_key = decltype(pc::select(c<&Tagged::id>).where(c<&Tagged::data>.has_any_keys({"a", "b"})));
static_assert(sqlite_text<with_any_key> == R"sql(SELECT "tagged"."id" FROM "tagged" WHERE CASE WHEN json_type("tagged"."data") = 'object' THEN EXISTS (SELECT 1 FROM json_each("tagged"."data") WHERE key IN (SELECT value FROM json_each(?))) ELSE json_type("tagged"."data") = 'object' END)sql");
static_assert(postgres_text<with_any_key> == R"sql(SELECT "tagged"."id" FROM "tagged" WHERE (jsonb_typeof("tagged"."data") = 'object' AND "tagged"."data" ?| $1))sql");
using with_all_keys = decltype(pc::select(c<&Tagged::id>).where(c<&Tagged::data>.has_all_keys({"a", "b"})));
static_assert(sqlite_text<with_all_keys> == R"sql(SELECT "tagged"."id" FROM "tagged" WHERE CASE WHEN json_type("tagged"."data") = 'object' THEN NOT EXISTS (SELECT 1 FROM json_each(?) AS wanted WHERE wanted.value NOT IN (SELECT key FROM json_each("tagged"."data"))) ELSE json_type("tagged"."data") = 'object' END)sql");
static_assert(postgres_text<with_all_keys> == R"sql(SELECT "tagged"."id" FROM "tagged" WHERE (jsonb_typeof("tagged"."data") = 'object' AND "tagged"."data" ?& $1))sql");

}  // namespace music
