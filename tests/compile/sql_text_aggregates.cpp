// The exact SQL text of aggregates, group_by, having, aliases, distinct, distinct_on and
// expressions in the select list and order_by, for SQLite and PostgreSQL; the result
// types of aggregates. Building this file is the test.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "schema.hpp"

namespace music {

// ---- aggregates and their types --------------------------------------------------------

using count_rows = decltype(pc::select<Band>(pc::count()));
static_assert(sqlite_text<count_rows> == postgres_text<count_rows>);
static_assert(sqlite_text<count_rows> == R"sql(SELECT COUNT(*) FROM "band")sql");
static_assert(std::is_same_v<count_rows::row_type, std::int64_t>);

// PostgreSQL's AVG(integer) is numeric: cast to the double it is read as
using whole_table = decltype(pc::select<Band>(pc::count(), pc::count(c<&Band::website>),
                                              pc::count_distinct(c<&Band::manager>), pc::sum(c<&Band::popularity>),
                                              pc::avg(c<&Band::popularity>), pc::min(c<&Band::name>),
                                              pc::max(c<&Band::popularity>)));
static_assert(sqlite_text<whole_table> ==
              R"sql(SELECT COUNT(*), COUNT("band"."site"), COUNT(DISTINCT "band"."manager"), SUM("band"."popularity"), AVG("band"."popularity"), MIN("band"."name"), MAX("band"."popularity") FROM "band")sql");
static_assert(postgres_text<whole_table> ==
              R"sql(SELECT COUNT(*), COUNT("band"."site"), COUNT(DISTINCT "band"."manager"), SUM("band"."popularity"), CAST(AVG("band"."popularity") AS DOUBLE PRECISION), MIN("band"."name"), MAX("band"."popularity") FROM "band")sql");
static_assert(std::is_same_v<whole_table::row_type,
                             std::tuple<std::int64_t, std::int64_t, std::int64_t, std::optional<std::int64_t>,
                                        std::optional<double>, std::optional<std::string>, std::optional<int>>>);

// SUM(bigint) is numeric on PostgreSQL (cast), SUM(smallint) bigint, SUM(real) real
using sums_by_width = decltype(pc::select<Ticket>(pc::sum(c<&Ticket::seat>), pc::sum(c<&Ticket::row>),
                                                  pc::sum(c<&Ticket::price>), pc::avg(c<&Ticket::price>)));
static_assert(sqlite_text<sums_by_width> ==
              R"sql(SELECT SUM("ticket"."seat"), SUM("ticket"."row"), SUM("ticket"."price"), AVG("ticket"."price") FROM "ticket")sql");
static_assert(postgres_text<sums_by_width> ==
              R"sql(SELECT CAST(SUM("ticket"."seat") AS BIGINT), SUM("ticket"."row"), SUM("ticket"."price"), AVG("ticket"."price") FROM "ticket")sql");
static_assert(std::is_same_v<sums_by_width::row_type,
                             std::tuple<std::optional<std::int64_t>, std::optional<std::int64_t>,
                                        std::optional<double>, std::optional<double>>>);

// min and max: the column's type, optional; an optional column stays one optional
using min_max_types = decltype(pc::select<Ticket>(pc::min(c<&Ticket::gate>), pc::max(c<&Ticket::genre>),
                                                  pc::max(c<&Ticket::label>), pc::min(c<&Ticket::concert>)));
static_assert(std::is_same_v<min_max_types::row_type,
                             std::tuple<std::optional<int>, std::optional<Genre>, std::optional<std::string>,
                                        std::optional<std::int64_t>>>);

// an aggregate of an expression binds its values; a bigserial key sums with a cast
using aggregate_of_expression = decltype(pc::select<RecordingStudio>(pc::sum(c<&RecordingStudio::id> * 2)));
static_assert(sqlite_text<aggregate_of_expression> ==
              R"sql(SELECT SUM(("recording_studio"."id" * ?)) FROM "recording_studio")sql");
static_assert(postgres_text<aggregate_of_expression> ==
              R"sql(SELECT CAST(SUM(("recording_studio"."id" * $1)) AS BIGINT) FROM "recording_studio")sql");

// ---- group_by, having ----------------------------------------------------------------

using group_by_column = decltype(pc::select(c<&Band::name>, pc::count()).group_by(c<&Band::name>));
static_assert(sqlite_text<group_by_column> == postgres_text<group_by_column>);
static_assert(sqlite_text<group_by_column> ==
              R"sql(SELECT "band"."name", COUNT(*) FROM "band" GROUP BY "band"."name")sql");
static_assert(std::is_same_v<group_by_column::row_type, std::tuple<std::string, std::int64_t>>);

// a grouped join path is joined once, as for any other clause
using group_by_join_path = decltype(pc::select(c<&Concert::headliner, &Band::manager, &Manager::name>, pc::count(),
                                               pc::max(c<&Concert::starts>))
                                        .group_by(c<&Concert::headliner, &Band::manager, &Manager::name>));
static_assert(sqlite_text<group_by_join_path> == postgres_text<group_by_join_path>);
static_assert(sqlite_text<group_by_join_path> ==
              R"sql(SELECT "concert$headliner$manager"."name", COUNT(*), MAX("concert"."starts") FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "manager" AS "concert$headliner$manager" ON "concert$headliner$manager"."id" = "concert$headliner"."manager" GROUP BY "concert$headliner$manager"."name")sql");

// a column used only in group_by still gets its join
using group_by_joins_for_group_only = decltype(pc::select<Band>(pc::count()).group_by(c<&Band::manager, &Manager::name>));
static_assert(sqlite_text<group_by_joins_for_group_only> ==
              R"sql(SELECT COUNT(*) FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" GROUP BY "band$manager"."name")sql");

// the clauses in SQL's order whatever the calls' order; values bound in text order
using every_clause = decltype(pc::select(c<&Band::name>, pc::max(c<&Band::popularity> + 1))
                                  .group_by(c<&Band::name>)
                                  .order_by(pc::count().desc(), c<&Band::name>)
                                  .having(pc::count() >= 2)
                                  .where(c<&Band::id> > 2)
                                  .limit(5)
                                  .offset(1));
static_assert(every_clause::parameters == 5);
static_assert(sqlite_text<every_clause> ==
              R"sql(SELECT "band"."name", MAX(("band"."popularity" + ?)) FROM "band" WHERE "band"."id" > ? GROUP BY "band"."name" HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, "band"."name" LIMIT ? OFFSET ?)sql");
static_assert(postgres_text<every_clause> ==
              R"sql(SELECT "band"."name", MAX(("band"."popularity" + $1)) FROM "band" WHERE "band"."id" > $2 GROUP BY "band"."name" HAVING COUNT(*) >= $3 ORDER BY COUNT(*) DESC, "band"."name" LIMIT $4 OFFSET $5)sql");

using having_and = decltype(pc::select(c<&Band::manager>, pc::count())
                                .group_by(c<&Band::manager>)
                                .having(pc::count() > 1)
                                .having(pc::sum(c<&Band::popularity>) < 100));
static_assert(postgres_text<having_and> ==
              R"sql(SELECT "band"."manager", COUNT(*) FROM "band" GROUP BY "band"."manager" HAVING (COUNT(*) > $1 AND SUM("band"."popularity") < $2))sql");

// ---- aliases ---------------------------------------------------------------------------

// AS in the select list; the expression itself in having (PostgreSQL does not take an
// alias there); the name in order_by
constexpr auto total = pc::sum(c<&Band::popularity>).as<"total">();
using alias_everywhere = decltype(pc::select(c<&Band::manager>, total)
                                      .group_by(c<&Band::manager>)
                                      .having(total > 100)
                                      .order_by(total.desc(), pc::alias<"total">));
static_assert(sqlite_text<alias_everywhere> ==
              R"sql(SELECT "band"."manager", SUM("band"."popularity") AS "total" FROM "band" GROUP BY "band"."manager" HAVING SUM("band"."popularity") > ? ORDER BY "total" DESC, "total")sql");
static_assert(postgres_text<alias_everywhere> ==
              R"sql(SELECT "band"."manager", SUM("band"."popularity") AS "total" FROM "band" GROUP BY "band"."manager" HAVING SUM("band"."popularity") > $1 ORDER BY "total" DESC, "total")sql");

using alias_of_column = decltype(pc::select(c<&Band::name>.as<"band">(), pc::as<"fame">(c<&Band::popularity>))
                                     .order_by(pc::alias<"fame">.desc(), pc::alias<"band">.asc()));
static_assert(sqlite_text<alias_of_column> == postgres_text<alias_of_column>);
static_assert(sqlite_text<alias_of_column> ==
              R"sql(SELECT "band"."name" AS "band", "band"."popularity" AS "fame" FROM "band" ORDER BY "fame" DESC, "band")sql");
static_assert(std::is_same_v<alias_of_column::row_type, std::tuple<std::string, int>>);

// ---- expressions in the select list and order_by ---------------------------------------

using expressions = decltype(pc::select(c<&Band::name>, c<&Band::popularity> * 2)
                                 .where(c<&Band::popularity> > 1)
                                 .order_by((c<&Band::popularity> + 7).desc(), c<&Band::id> - 1));
static_assert(expressions::parameters == 4);
static_assert(sqlite_text<expressions> ==
              R"sql(SELECT "band"."name", ("band"."popularity" * ?) FROM "band" WHERE "band"."popularity" > ? ORDER BY ("band"."popularity" + ?) DESC, ("band"."id" - ?))sql");
static_assert(postgres_text<expressions> ==
              R"sql(SELECT "band"."name", ("band"."popularity" * $1) FROM "band" WHERE "band"."popularity" > $2 ORDER BY ("band"."popularity" + $3) DESC, ("band"."id" - $4))sql");
static_assert(std::is_same_v<expressions::row_type, std::tuple<std::string, std::int64_t>>);

// ---- distinct, distinct_on -----------------------------------------------------------

using distinct_column = decltype(pc::select(c<&Band::manager>).distinct());
static_assert(sqlite_text<distinct_column> == postgres_text<distinct_column>);
static_assert(sqlite_text<distinct_column> == R"sql(SELECT DISTINCT "band"."manager" FROM "band")sql");

using distinct_objects = decltype(pc::objects<Manager>().distinct().where(c<&Manager::id> > 3).first());
static_assert(sqlite_text<distinct_objects> ==
              R"sql(SELECT DISTINCT "manager"."id", "manager"."name" FROM "manager" WHERE "manager"."id" > ? LIMIT 1)sql");

using distinct_on = decltype(pc::select(c<&Band::manager>, c<&Band::name>)
                                 .distinct_on(c<&Band::manager>)
                                 .order_by(c<&Band::manager>, c<&Band::popularity>.desc()));
static_assert(postgres_text<distinct_on> ==
              R"sql(SELECT DISTINCT ON ("band"."manager") "band"."manager", "band"."name" FROM "band" ORDER BY "band"."manager", "band"."popularity" DESC)sql");
static_assert(pc::runs_on<distinct_on, pc::postgres_dialect> && !pc::runs_on<distinct_on, pc::sqlite_dialect>);
static_assert(pc::runs_on<distinct_column, pc::sqlite_dialect>);

// order_by first, then distinct_on with the same columns in another order; a join path
using distinct_on_after_order = decltype(pc::select(c<&Concert::id>)
                                             .order_by(c<&Concert::headliner, &Band::name>, c<&Concert::day>.desc())
                                             .distinct_on(c<&Concert::day>, c<&Concert::headliner, &Band::name>));
static_assert(postgres_text<distinct_on_after_order> ==
              R"sql(SELECT DISTINCT ON ("concert"."day", "concert$headliner"."name") "concert"."id" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" ORDER BY "concert$headliner"."name", "concert"."day" DESC)sql");

}  // namespace music
