// The exact SQL text of subqueries (is_in, not_in, exists, scalar, pc::outer()) for
// SQLite and PostgreSQL, their parameter numbering and their value types. Building this
// file is the test.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "schema.hpp"

namespace music {

// ---- is_in, not_in ---------------------------------------------------------------------

using in_subquery = decltype(pc::objects<Band>().where(
    c<&Band::manager>.is_in(pc::select(c<&Manager::id>).where(c<&Manager::name>.like("G%")))));
static_assert(sqlite_text<in_subquery> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."manager" IN (SELECT "manager"."id" FROM "manager" WHERE "manager"."name" LIKE ?))sql");
static_assert(postgres_text<in_subquery> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."manager" IN (SELECT "manager"."id" FROM "manager" WHERE "manager"."name" LIKE $1))sql");
static_assert(in_subquery::parameters == 1);

// the subquery's parameters number in text order with the outer query's, before and after
using not_in_subquery = decltype(pc::select(c<&Band::name>)
                                     .where(c<&Band::popularity> > 3 &&
                                            c<&Band::manager>.not_in(
                                                pc::select(c<&Manager::id>).where(c<&Manager::name> == "x").limit(2)))
                                     .limit(5));
static_assert(sqlite_text<not_in_subquery> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" > ? AND "band"."manager" NOT IN (SELECT "manager"."id" FROM "manager" WHERE "manager"."name" = ? LIMIT ?)) LIMIT ?)sql");
static_assert(postgres_text<not_in_subquery> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" > $1 AND "band"."manager" NOT IN (SELECT "manager"."id" FROM "manager" WHERE "manager"."name" = $2 LIMIT $3)) LIMIT $4)sql");
static_assert(not_in_subquery::parameters == 4);

// the subquery's joins stay inside it
using in_subquery_with_join = decltype(pc::select(c<&Manager::name>)
                                           .where(c<&Manager::id>.is_in(pc::select(c<&Concert::headliner, &Band::manager>)
                                                                            .where(c<&Concert::headliner, &Band::popularity> > 100))));
static_assert(sqlite_text<in_subquery_with_join> ==
              R"sql(SELECT "manager"."name" FROM "manager" WHERE "manager"."id" IN (SELECT "concert$headliner"."manager" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" WHERE "concert$headliner"."popularity" > ?))sql");

// an aggregate subquery of the same table: its "band" is its own
using in_grouped_subquery = decltype(pc::select(c<&Band::name>).where(
    c<&Band::popularity>.is_in(pc::select<Band>(pc::max(c<&Band::popularity>)).group_by(c<&Band::manager>))));
static_assert(sqlite_text<in_grouped_subquery> == postgres_text<in_grouped_subquery>);
static_assert(sqlite_text<in_grouped_subquery> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" IN (SELECT MAX("band"."popularity") FROM "band" GROUP BY "band"."manager"))sql");

// ---- exists, not exists, correlated ------------------------------------------------------

using exists_correlated = decltype(pc::select(c<&Band::name>).where(
    pc::exists(pc::select(c<&Concert::id>).where(c<&Concert::headliner> == pc::outer(c<&Band::id>)))));
static_assert(sqlite_text<exists_correlated> == postgres_text<exists_correlated>);
static_assert(sqlite_text<exists_correlated> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE EXISTS (SELECT "concert"."id" FROM "concert" WHERE "concert"."headliner" = "band"."id"))sql");

using not_exists = decltype(pc::select(c<&Band::name>).where(
    !pc::exists(pc::objects<Concert>().where(c<&Concert::headliner> == pc::outer(c<&Band::id>) &&
                                             c<&Concert::day> > std::chrono::year{2024} / 1 / 1))));
static_assert(postgres_text<not_exists> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE NOT EXISTS (SELECT "concert"."id", "concert"."headliner", "concert"."support", "concert"."studio", "concert"."starts", "concert"."day" FROM "concert" WHERE ("concert"."headliner" = "band"."id" AND "concert"."day" > $1)))sql");

// an outer column through a join path: the outer query joins it
using outer_path = decltype(pc::select(c<&Band::name>).where(
    pc::exists(pc::select(c<&Membership::band>).where(c<&Membership::manager> == pc::outer(c<&Band::manager, &Manager::id>)))));
static_assert(sqlite_text<outer_path> ==
              R"sql(SELECT "band"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE EXISTS (SELECT "membership"."band" FROM "membership" WHERE "membership"."manager" = "band$manager"."id"))sql");

// ---- scalar subqueries ---------------------------------------------------------------------

// in a comparison and in the select list, with its parameters in text order
using scalar_compared = decltype(pc::select(c<&Band::name>,
                                            pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>))
                                                           .where(c<&Band::name> != "a"))
                                                .as<"average">())
                                     .where(c<&Band::popularity> >
                                            pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>))
                                                           .where(c<&Band::name> != "b"))));
static_assert(sqlite_text<scalar_compared> ==
              R"sql(SELECT "band"."name", (SELECT AVG("band"."popularity") FROM "band" WHERE "band"."name" <> ?) AS "average" FROM "band" WHERE "band"."popularity" > (SELECT AVG("band"."popularity") FROM "band" WHERE "band"."name" <> ?))sql");
static_assert(postgres_text<scalar_compared> ==
              R"sql(SELECT "band"."name", (SELECT CAST(AVG("band"."popularity") AS DOUBLE PRECISION) FROM "band" WHERE "band"."name" <> $1) AS "average" FROM "band" WHERE "band"."popularity" > (SELECT CAST(AVG("band"."popularity") AS DOUBLE PRECISION) FROM "band" WHERE "band"."name" <> $2))sql");
static_assert(std::is_same_v<scalar_compared::row_type, std::tuple<std::string, std::optional<double>>>);

// count<T>() is a scalar that is never NULL; a column's scalar is optional
using scalar_count = decltype(pc::select(
    c<&Band::name>, pc::scalar(pc::count<Concert>().where(c<&Concert::headliner> == pc::outer(c<&Band::id>))),
    pc::scalar(pc::select(c<&Manager::name>).where(c<&Manager::id> == pc::outer(c<&Band::manager>)))));
static_assert(sqlite_text<scalar_count> == postgres_text<scalar_count>);
static_assert(sqlite_text<scalar_count> ==
              R"sql(SELECT "band"."name", (SELECT COUNT(*) FROM "concert" WHERE "concert"."headliner" = "band"."id"), (SELECT "manager"."name" FROM "manager" WHERE "manager"."id" = "band"."manager") FROM "band")sql");
static_assert(std::is_same_v<scalar_count::row_type,
                             std::tuple<std::string, std::int64_t, std::optional<std::string>>>);

// a scalar in arithmetic and in order_by
using scalar_in_arithmetic = decltype(pc::select(c<&Band::name>)
                                          .order_by((c<&Band::popularity> -
                                                     pc::scalar(pc::select<Band>(pc::min(c<&Band::popularity>))))
                                                        .desc()));
static_assert(sqlite_text<scalar_in_arithmetic> ==
              R"sql(SELECT "band"."name" FROM "band" ORDER BY ("band"."popularity" - (SELECT MIN("band"."popularity") FROM "band")) DESC)sql");

// a subquery inside a subquery: pc::outer() names the query right around it
using nested = decltype(pc::select(c<&Manager::name>).where(c<&Manager::id>.is_in(
    pc::select(c<&Band::manager>)
        .where(pc::exists(pc::select(c<&Concert::id>).where(c<&Concert::headliner> == pc::outer(c<&Band::id>)))))));
static_assert(sqlite_text<nested> ==
              R"sql(SELECT "manager"."name" FROM "manager" WHERE "manager"."id" IN (SELECT "band"."manager" FROM "band" WHERE EXISTS (SELECT "concert"."id" FROM "concert" WHERE "concert"."headliner" = "band"."id")))sql");

// update and delete take subqueries in where() as select does
using delete_not_in = decltype(pc::delete_from<Manager>().where(c<&Manager::id>.not_in(pc::select(c<&Band::manager>))));
static_assert(sqlite_text<delete_not_in> ==
              R"sql(DELETE FROM "manager" WHERE "manager"."id" NOT IN (SELECT "band"."manager" FROM "band"))sql");

}  // namespace music

namespace music {

// ---- a subquery correlated with its own table ----------------------------------------------

// the inner "band" is renamed "band$1" so that pc::outer() reaches the outer "band"
using above_manager_average = decltype(pc::select(c<&Band::name>).where(
    c<&Band::popularity> > pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>))
                                          .where(c<&Band::manager> == pc::outer(c<&Band::manager>)))));
static_assert(sqlite_text<above_manager_average> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" > (SELECT AVG("band$1"."popularity") FROM "band" AS "band$1" WHERE "band$1"."manager" = "band"."manager"))sql");
static_assert(postgres_text<above_manager_average> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" > (SELECT CAST(AVG("band$1"."popularity") AS DOUBLE PRECISION) FROM "band" AS "band$1" WHERE "band$1"."manager" = "band"."manager"))sql");

// the renamed table's joins and objects<T>() columns follow the new name; an outer column
// through a path keeps the outer join's name
using renamed_with_joins = decltype(pc::objects<Band>().where(pc::exists(
    pc::objects<Band>().where(c<&Band::manager, &Manager::name> == pc::outer(c<&Band::manager, &Manager::name>) &&
                              c<&Band::id> != pc::outer(c<&Band::id>)))));
static_assert(sqlite_text<renamed_with_joins> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE EXISTS (SELECT "band$1"."id", "band$1"."name", "band$1"."manager", "band$1"."popularity", "band$1"."site" FROM "band" AS "band$1" LEFT JOIN "manager" AS "band$1$manager" ON "band$1$manager"."id" = "band$1"."manager" WHERE ("band$1$manager"."name" = "band$manager"."name" AND "band$1"."id" <> "band"."id")))sql");

// nested: a subquery inside the renamed one keeps its names; a second level renames again
using nested_renames = decltype(pc::select(c<&Band::name>).where(pc::exists(
    pc::select(c<&Band::id>)
        .where(c<&Band::manager> == pc::outer(c<&Band::manager>) &&
               c<&Band::id>.is_in(pc::select(c<&Concert::headliner>).where(c<&Concert::support> == pc::outer(c<&Band::id>))) &&
               pc::exists(pc::select(c<&Band::id>).where(c<&Band::popularity> > pc::outer(c<&Band::popularity>)))))));
static_assert(sqlite_text<nested_renames> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE EXISTS (SELECT "band$1"."id" FROM "band" AS "band$1" WHERE (("band$1"."manager" = "band"."manager" AND "band$1"."id" IN (SELECT "concert"."headliner" FROM "concert" WHERE "concert"."support" = "band$1"."id")) AND EXISTS (SELECT "band$2"."id" FROM "band" AS "band$2" WHERE "band$2"."popularity" > "band$1"."popularity"))))sql");

// a subquery over the same table that names no outer column keeps the plain name
static_assert(sqlite_text<in_grouped_subquery>.find("$1") == std::string_view::npos);

}  // namespace music

namespace music {
// a subquery with a join_on() of its own: the join stays inside it
using subquery_with_join_on = decltype(pc::select(c<&Band::name>).where(
    c<&Band::name>.is_in(pc::select(c<&Venue::city>).join_on(c<&City::name> == c<&Venue::city>).where(c<&City::id> > 1))));
static_assert(postgres_text<subquery_with_join_on> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" IN (SELECT "venues"."city" FROM "venues" LEFT JOIN "city" ON "city"."name" = "venues"."city" WHERE "city"."id" > $1))sql");
}  // namespace music
