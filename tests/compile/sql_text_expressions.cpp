// The exact SQL text of expressions, for SQLite and PostgreSQL: values on the left of
// operators, text and number functions, now(), timestamps moved by durations, comparisons
// with std::optional values (NULL-safe), update operators; and the C++ types they yield.
// Building this file is the test.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "schema.hpp"

namespace music {

// Time columns of each kind: TIMESTAMP, TIMESTAMPTZ (text ending "+00:00" on SQLite), and
// a nullable TIMESTAMP.
struct Event {
  pc::serial id;
  pc::varchar<50> title;
  std::chrono::sys_time<std::chrono::microseconds> starts;
  pc::timestamptz logged;
  std::optional<std::chrono::sys_time<std::chrono::microseconds>> ends;
};

// ---- the C++ type of each expression ---------------------------------------------------

template <class E>
using value_of = typename E::value_type;
using micros_time = std::chrono::sys_time<std::chrono::microseconds>;

// numbers: int64 or double, optional when an operand may be NULL
static_assert(std::is_same_v<value_of<decltype(c<&Band::popularity> + 1)>, std::int64_t>);
static_assert(std::is_same_v<value_of<decltype(10 * c<&Band::popularity>)>, std::int64_t>);
static_assert(std::is_same_v<value_of<decltype(c<&Band::popularity> / 2.0)>, double>);
static_assert(std::is_same_v<value_of<decltype(c<&Ticket::gate> + 1)>, std::optional<std::int64_t>>);
static_assert(std::is_same_v<value_of<decltype(1 - c<&Ticket::gate>)>, std::optional<std::int64_t>>);
// through a nullable foreign key a column may be NULL too
static_assert(std::is_same_v<value_of<decltype(c<&Concert::support, &Band::popularity> + 1)>,
                             std::optional<std::int64_t>>);
// text
static_assert(std::is_same_v<value_of<decltype(c<&Band::name> + "!")>, std::string>);
static_assert(std::is_same_v<value_of<decltype("!" + c<&Band::name>)>, std::string>);
static_assert(std::is_same_v<value_of<decltype(c<&Band::website> + "/")>, std::optional<std::string>>);
static_assert(std::is_same_v<value_of<decltype(pc::lower(c<&Band::name>))>, std::string>);
static_assert(std::is_same_v<value_of<decltype(pc::upper(c<&Band::website>))>, std::optional<std::string>>);
static_assert(std::is_same_v<value_of<decltype(pc::trim(c<&Band::name>))>, std::string>);
static_assert(std::is_same_v<value_of<decltype(pc::length(c<&Band::name>))>, std::int64_t>);
static_assert(std::is_same_v<value_of<decltype(pc::length(c<&Band::website>))>, std::optional<std::int64_t>>);
// abs keeps the type, round gives a double
static_assert(std::is_same_v<value_of<decltype(pc::abs(c<&Ticket::row>))>, std::int16_t>);
static_assert(std::is_same_v<value_of<decltype(pc::abs(c<&Ticket::gate>))>, std::optional<int>>);
static_assert(std::is_same_v<value_of<decltype(pc::round(c<&Ticket::price>))>, double>);
static_assert(std::is_same_v<value_of<decltype(pc::round(c<&Ticket::gate>, 2))>, std::optional<double>>);
// coalesce: the first value's type, optional only when every value may be NULL
static_assert(std::is_same_v<value_of<decltype(pc::coalesce(c<&Ticket::gate>, 0))>, int>);
static_assert(std::is_same_v<value_of<decltype(pc::coalesce(c<&Ticket::gate>, c<&Ticket::level>))>, std::optional<int>>);
static_assert(std::is_same_v<value_of<decltype(pc::coalesce(c<&Ticket::gate>, 0.5))>, double>);
static_assert(std::is_same_v<value_of<decltype(pc::coalesce(c<&Band::website>, "none"))>, std::string>);
// time
static_assert(std::is_same_v<value_of<decltype(pc::now())>, micros_time>);
static_assert(std::is_same_v<value_of<decltype(c<&Event::starts> + std::chrono::hours{1})>, micros_time>);
static_assert(std::is_same_v<value_of<decltype(std::chrono::hours{1} + c<&Event::starts>)>, micros_time>);
static_assert(std::is_same_v<value_of<decltype(c<&Event::logged> - std::chrono::hours{1})>, pc::timestamptz>);
static_assert(std::is_same_v<value_of<decltype(c<&Event::ends> + std::chrono::hours{1})>, std::optional<micros_time>>);

// a select of expressions reads those types
static_assert(std::is_same_v<decltype(pc::select(pc::length(c<&Band::website>), pc::abs(c<&Band::popularity>)))::row_type,
                             std::tuple<std::optional<std::int64_t>, int>>);
static_assert(std::is_same_v<decltype(pc::select(c<&Band::website> + "/"))::row_type, std::optional<std::string>>);

// ---- values on the left --------------------------------------------------------------
using value_plus_column = decltype(pc::select(c<&Band::name>).where(10 + c<&Band::popularity> > 100));
static_assert(sqlite_text<value_plus_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (? + "band"."popularity") > ?)sql");
static_assert(postgres_text<value_plus_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ($1 + "band"."popularity") > $2)sql");

using value_less_equal_column = decltype(pc::select(c<&Band::name>).where(1000 <= c<&Band::popularity>));
static_assert(sqlite_text<value_less_equal_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ? <= "band"."popularity")sql");
static_assert(postgres_text<value_less_equal_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE $1 <= "band"."popularity")sql");

using value_equals_column = decltype(pc::select(c<&Band::name>).where(3 == c<&Band::id>));
static_assert(sqlite_text<value_equals_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" = ?)sql");
static_assert(postgres_text<value_equals_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" = $1)sql");

using value_minus_times_divide = decltype(pc::select(c<&Band::name>).where(100 - c<&Band::popularity> * 2 / 3 < 0));
static_assert(sqlite_text<value_minus_times_divide> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (? - (("band"."popularity" * ?) / ?)) < ?)sql");
static_assert(postgres_text<value_minus_times_divide> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ($1 - (("band"."popularity" * $2) / $3)) < $4)sql");

// ---- text ------------------------------------------------------------------------------
using concatenate_in_select_list = decltype(pc::select(c<&Band::name> + " (" + c<&Band::manager, &Manager::name> + ")"));
static_assert(sqlite_text<concatenate_in_select_list> ==
              R"sql(SELECT ((("band"."name" || ?) || "band$manager"."name") || ?) FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager")sql");
static_assert(postgres_text<concatenate_in_select_list> ==
              R"sql(SELECT ((("band"."name" || $1) || "band$manager"."name") || $2) FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager")sql");

using concatenate_optional_text = decltype(pc::select(c<&Band::website> + "/about"));
static_assert(sqlite_text<concatenate_optional_text> ==
              R"sql(SELECT ("band"."site" || ?) FROM "band")sql");
static_assert(postgres_text<concatenate_optional_text> ==
              R"sql(SELECT ("band"."site" || $1) FROM "band")sql");

using text_functions = decltype(pc::select(pc::upper(c<&Band::name>)).where(pc::lower(pc::trim(c<&Band::name>)) == "pythonistas" && pc::length(c<&Band::name>) > 3));
static_assert(sqlite_text<text_functions> ==
              R"sql(SELECT upper("band"."name") FROM "band" WHERE (lower(trim("band"."name")) = ? AND length("band"."name") > ?))sql");
static_assert(postgres_text<text_functions> ==
              R"sql(SELECT upper("band"."name") FROM "band" WHERE (lower(trim("band"."name")) = $1 AND length("band"."name") > $2))sql");

using order_by_function = decltype(pc::select(c<&Band::name>).order_by(pc::length(c<&Band::name>).desc(), pc::lower(c<&Band::name>)));
static_assert(sqlite_text<order_by_function> == postgres_text<order_by_function>);
static_assert(sqlite_text<order_by_function> ==
              R"sql(SELECT "band"."name" FROM "band" ORDER BY length("band"."name") DESC, lower("band"."name"))sql");

// ---- numbers ---------------------------------------------------------------------------
using abs_and_round = decltype(pc::select(pc::abs(c<&Ticket::row>), pc::round(c<&Ticket::price>), pc::round(c<&Ticket::price>, 1)).where(pc::abs(c<&Ticket::row>) < 5));
static_assert(sqlite_text<abs_and_round> ==
              R"sql(SELECT abs("ticket"."row"), round("ticket"."price"), round("ticket"."price", ?) FROM "ticket" WHERE abs("ticket"."row") < ?)sql");
static_assert(postgres_text<abs_and_round> ==
              R"sql(SELECT abs("ticket"."row"), CAST(round(CAST("ticket"."price" AS NUMERIC)) AS DOUBLE PRECISION), CAST(round(CAST("ticket"."price" AS NUMERIC), CAST($1 AS INTEGER)) AS DOUBLE PRECISION) FROM "ticket" WHERE abs("ticket"."row") < $2)sql");

using coalesce_with_value = decltype(pc::select(pc::coalesce(c<&Ticket::gate>, 0)).where(pc::coalesce(c<&Ticket::gate>, c<&Ticket::level>, 1) > 2));
static_assert(sqlite_text<coalesce_with_value> ==
              R"sql(SELECT coalesce("ticket"."gate", ?) FROM "ticket" WHERE coalesce("ticket"."gate", "ticket"."level", ?) > ?)sql");
static_assert(postgres_text<coalesce_with_value> ==
              R"sql(SELECT coalesce("ticket"."gate", $1) FROM "ticket" WHERE coalesce("ticket"."gate", "ticket"."level", $2) > $3)sql");

// ---- time ------------------------------------------------------------------------------
using now_in_where = decltype(pc::select(c<&Event::title>).where(c<&Event::starts> < pc::now()));
static_assert(sqlite_text<now_in_where> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE "event"."starts" < replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', ''))sql");
static_assert(postgres_text<now_in_where> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE "event"."starts" < (now() AT TIME ZONE 'UTC'))sql");

// now() beside a TIMESTAMPTZ (compared, either side, or shifted) is a TIMESTAMPTZ: on
// SQLite its text ends "+00:00" as the column's does; on PostgreSQL no conversion through
// the session's TimeZone. pc::now_tz() beside a TIMESTAMP is a TIMESTAMP.
using now_beside_timestamptz = decltype(pc::select(c<&Event::title>)
                                            .where(c<&Event::logged> <= pc::now() && pc::now() < c<&Event::logged> + std::chrono::hours{1} &&
                                                   c<&Event::starts> == pc::now_tz()));
static_assert(sqlite_text<now_beside_timestamptz> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE (("event"."logged" <= (replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '') || '+00:00') AND (replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '') || '+00:00') < (SELECT strftime('%Y-%m-%d %H:%M:%S', substr(t, 1, 19), ((x - (x % 1000000 + 1000000) % 1000000) / 1000000) || ' seconds') || CASE (x % 1000000 + 1000000) % 1000000 WHEN 0 THEN '' ELSE printf('.%06d', (x % 1000000 + 1000000) % 1000000) END || '+00:00' FROM (SELECT t, CASE WHEN substr(t, 20, 1) = '.' THEN CAST(substr(t, 21, 6) AS INTEGER) ELSE 0 END + d AS x FROM (SELECT "event"."logged" AS t, ? AS d)))) AND "event"."starts" = replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '')))sql");
static_assert(postgres_text<now_beside_timestamptz> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE (("event"."logged" <= now() AND now() < ("event"."logged" + $1 * INTERVAL '1 microsecond')) AND "event"."starts" = (now() AT TIME ZONE 'UTC')))sql");
using shifted_now_beside_timestamptz = decltype(pc::select(c<&Event::title>).where(c<&Event::logged> > pc::now() - std::chrono::hours{1}));
static_assert(postgres_text<shifted_now_beside_timestamptz> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE "event"."logged" > (now() - $1 * INTERVAL '1 microsecond'))sql");
static_assert(std::is_same_v<value_of<decltype(pc::now_tz())>, pc::timestamptz>);
using update_timestamptz_to_now = decltype(pc::update<Event>().set(c<&Event::logged> = pc::now()).where(c<&Event::id> == 1));
static_assert(sqlite_text<update_timestamptz_to_now> ==
              R"sql(UPDATE "event" SET "logged" = (replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '') || '+00:00') WHERE "event"."id" = ?)sql");
static_assert(postgres_text<update_timestamptz_to_now> ==
              R"sql(UPDATE "event" SET "logged" = now() WHERE "event"."id" = $1)sql");

using timestamp_plus_duration_in_where = decltype(pc::select(c<&Event::title>).where(c<&Event::starts> + std::chrono::hours{2} < c<&Event::ends>));
static_assert(sqlite_text<timestamp_plus_duration_in_where> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE (SELECT strftime('%Y-%m-%d %H:%M:%S', substr(t, 1, 19), ((x - (x % 1000000 + 1000000) % 1000000) / 1000000) || ' seconds') || CASE (x % 1000000 + 1000000) % 1000000 WHEN 0 THEN '' ELSE printf('.%06d', (x % 1000000 + 1000000) % 1000000) END FROM (SELECT t, CASE WHEN substr(t, 20, 1) = '.' THEN CAST(substr(t, 21, 6) AS INTEGER) ELSE 0 END + d AS x FROM (SELECT "event"."starts" AS t, ? AS d))) < "event"."ends")sql");
static_assert(postgres_text<timestamp_plus_duration_in_where> ==
              R"sql(SELECT "event"."title" FROM "event" WHERE ("event"."starts" + $1 * INTERVAL '1 microsecond') < "event"."ends")sql");

// ---- NULL and optional values ----------------------------------------------------------
using optional_equals_nullable_column = decltype(pc::select(c<&Band::name>).where(c<&Band::website> == std::optional<std::string>{}));
static_assert(sqlite_text<optional_equals_nullable_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."site" IS ?)sql");
static_assert(postgres_text<optional_equals_nullable_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."site" = $1 OR ("band"."site" IS NULL AND $1 IS NULL)))sql");

using optional_not_equal_nullable_column = decltype(pc::select(c<&Band::name>).where(c<&Band::website> != std::optional<std::string>{}));
static_assert(sqlite_text<optional_not_equal_nullable_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."site" IS NOT ?)sql");
static_assert(postgres_text<optional_not_equal_nullable_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."site" IS DISTINCT FROM $1)sql");

using optional_equals_not_null_column = decltype(pc::select(c<&Band::name>).where(c<&Band::name> == std::optional<std::string>{}));
static_assert(sqlite_text<optional_equals_not_null_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" = ?)sql");
static_assert(postgres_text<optional_equals_not_null_column> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" = $1)sql");

using optional_equals_nullable_path = decltype(pc::select(c<&Concert::id>).where(c<&Concert::support, &Band::name> == std::optional<std::string>{"x"}));
static_assert(sqlite_text<optional_equals_nullable_path> ==
              R"sql(SELECT "concert"."id" FROM "concert" LEFT JOIN "band" AS "concert$support" ON "concert$support"."id" = "concert"."support" WHERE "concert$support"."name" IS ?)sql");
static_assert(postgres_text<optional_equals_nullable_path> ==
              R"sql(SELECT "concert"."id" FROM "concert" LEFT JOIN "band" AS "concert$support" ON "concert$support"."id" = "concert"."support" WHERE ("concert$support"."name" = $1 OR ("concert$support"."name" IS NULL AND $1 IS NULL)))sql");

using optional_equals_expression = decltype(pc::select(c<&Ticket::id>).where(c<&Ticket::gate> + 1 == std::optional<int>{}));
static_assert(sqlite_text<optional_equals_expression> ==
              R"sql(SELECT "ticket"."id" FROM "ticket" WHERE ("ticket"."gate" + ?) IS ?)sql");
static_assert(postgres_text<optional_equals_expression> ==
              R"sql(SELECT "ticket"."id" FROM "ticket" WHERE ("ticket"."gate" + $1) IS NOT DISTINCT FROM $2)sql");

// ---- update operators ------------------------------------------------------------------
using update_add = decltype(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> + 10).force());
static_assert(sqlite_text<update_add> ==
              R"sql(UPDATE "band" SET "popularity" = ("band"."popularity" + ?))sql");
static_assert(postgres_text<update_add> ==
              R"sql(UPDATE "band" SET "popularity" = ("band"."popularity" + $1))sql");

using update_subtract_multiply_divide = decltype(pc::update<Ticket>().set(c<&Ticket::seat> = c<&Ticket::seat> - 1, c<&Ticket::price> = c<&Ticket::price> * 1.1, c<&Ticket::row> = c<&Ticket::row> / 2).force());
static_assert(sqlite_text<update_subtract_multiply_divide> ==
              R"sql(UPDATE "ticket" SET "seat" = ("ticket"."seat" - ?), "price" = ("ticket"."price" * ?), "row" = ("ticket"."row" / ?))sql");
static_assert(postgres_text<update_subtract_multiply_divide> ==
              R"sql(UPDATE "ticket" SET "seat" = ("ticket"."seat" - $1), "price" = ("ticket"."price" * $2), "row" = ("ticket"."row" / $3))sql");

using update_append_and_prepend = decltype(pc::update<Band>().set(c<&Band::name> = "The " + c<&Band::name>, c<&Band::website> = c<&Band::website> + "/").force());
static_assert(sqlite_text<update_append_and_prepend> ==
              R"sql(UPDATE "band" SET "name" = (? || "band"."name"), "site" = ("band"."site" || ?))sql");
static_assert(postgres_text<update_append_and_prepend> ==
              R"sql(UPDATE "band" SET "name" = ($1 || "band"."name"), "site" = ("band"."site" || $2))sql");

using update_nullable_number = decltype(pc::update<Ticket>().set(c<&Ticket::gate> = c<&Ticket::gate> + 1).force());
static_assert(sqlite_text<update_nullable_number> ==
              R"sql(UPDATE "ticket" SET "gate" = ("ticket"."gate" + ?))sql");
static_assert(postgres_text<update_nullable_number> ==
              R"sql(UPDATE "ticket" SET "gate" = ("ticket"."gate" + $1))sql");

using update_timestamp_plus_duration = decltype(pc::update<Event>().set(c<&Event::starts> = c<&Event::starts> + std::chrono::minutes{90}).force());
static_assert(sqlite_text<update_timestamp_plus_duration> ==
              R"sql(UPDATE "event" SET "starts" = (SELECT strftime('%Y-%m-%d %H:%M:%S', substr(t, 1, 19), ((x - (x % 1000000 + 1000000) % 1000000) / 1000000) || ' seconds') || CASE (x % 1000000 + 1000000) % 1000000 WHEN 0 THEN '' ELSE printf('.%06d', (x % 1000000 + 1000000) % 1000000) END FROM (SELECT t, CASE WHEN substr(t, 20, 1) = '.' THEN CAST(substr(t, 21, 6) AS INTEGER) ELSE 0 END + d AS x FROM (SELECT "event"."starts" AS t, ? AS d))))sql");
static_assert(postgres_text<update_timestamp_plus_duration> ==
              R"sql(UPDATE "event" SET "starts" = ("event"."starts" + $1 * INTERVAL '1 microsecond'))sql");

using update_timestamptz_minus_duration = decltype(pc::update<Event>().set(c<&Event::logged> = c<&Event::logged> - std::chrono::seconds{1}).force());
static_assert(sqlite_text<update_timestamptz_minus_duration> ==
              R"sql(UPDATE "event" SET "logged" = (SELECT strftime('%Y-%m-%d %H:%M:%S', substr(t, 1, 19), ((x - (x % 1000000 + 1000000) % 1000000) / 1000000) || ' seconds') || CASE (x % 1000000 + 1000000) % 1000000 WHEN 0 THEN '' ELSE printf('.%06d', (x % 1000000 + 1000000) % 1000000) END || '+00:00' FROM (SELECT t, CASE WHEN substr(t, 20, 1) = '.' THEN CAST(substr(t, 21, 6) AS INTEGER) ELSE 0 END - d AS x FROM (SELECT "event"."logged" AS t, ? AS d))))sql");
static_assert(postgres_text<update_timestamptz_minus_duration> ==
              R"sql(UPDATE "event" SET "logged" = ("event"."logged" - $1 * INTERVAL '1 microsecond'))sql");

using update_optional_timestamp_plus_duration = decltype(pc::update<Event>().set(c<&Event::ends> = c<&Event::ends> + std::chrono::days{1}).where(c<&Event::id> == 1));
static_assert(sqlite_text<update_optional_timestamp_plus_duration> ==
              R"sql(UPDATE "event" SET "ends" = (SELECT strftime('%Y-%m-%d %H:%M:%S', substr(t, 1, 19), ((x - (x % 1000000 + 1000000) % 1000000) / 1000000) || ' seconds') || CASE (x % 1000000 + 1000000) % 1000000 WHEN 0 THEN '' ELSE printf('.%06d', (x % 1000000 + 1000000) % 1000000) END FROM (SELECT t, CASE WHEN substr(t, 20, 1) = '.' THEN CAST(substr(t, 21, 6) AS INTEGER) ELSE 0 END + d AS x FROM (SELECT "event"."ends" AS t, ? AS d))) WHERE "event"."id" = ?)sql");
static_assert(postgres_text<update_optional_timestamp_plus_duration> ==
              R"sql(UPDATE "event" SET "ends" = ("event"."ends" + $1 * INTERVAL '1 microsecond') WHERE "event"."id" = $2)sql");

using update_coalesce = decltype(pc::update<Ticket>().set(c<&Ticket::seat> = pc::coalesce(c<&Ticket::gate>, 0) + 1).force());
static_assert(sqlite_text<update_coalesce> ==
              R"sql(UPDATE "ticket" SET "seat" = (coalesce("ticket"."gate", ?) + ?))sql");
static_assert(postgres_text<update_coalesce> ==
              R"sql(UPDATE "ticket" SET "seat" = (coalesce("ticket"."gate", $1) + $2))sql");

using update_to_now = decltype(pc::update<Event>().set(c<&Event::starts> = pc::now()).where(c<&Event::id> == 1));
static_assert(sqlite_text<update_to_now> ==
              R"sql(UPDATE "event" SET "starts" = replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '') WHERE "event"."id" = ?)sql");
static_assert(postgres_text<update_to_now> ==
              R"sql(UPDATE "event" SET "starts" = (now() AT TIME ZONE 'UTC') WHERE "event"."id" = $1)sql");

}  // namespace music
