// The exact SQL text of join_on() (joins that follow no foreign key) for SQLite and
// PostgreSQL, the order of its joins and parameters, and the optional types its columns
// read as. Building this file is the test.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "schema.hpp"

namespace music {

// ---- join_on: joins that follow no foreign key -------------------------------------------

// the joined table's columns in select, where and order_by; optional in the row; paths
// from the joined table join after it
using joined_city = decltype(pc::select(c<&Venue::city>, c<&City::name>, c<&City::country, &Country::name>)
                                 .join_on(c<&Venue::city> == c<&City::name>)
                                 .where(c<&City::id> > 3)
                                 .order_by(c<&City::name>));
static_assert(sqlite_text<joined_city> ==
              R"sql(SELECT "venues"."city", "city"."name", "city$country"."name" FROM "venues" LEFT JOIN "city" ON "venues"."city" = "city"."name" LEFT JOIN "country" AS "city$country" ON "city$country"."code" = "city"."country" WHERE "city"."id" > ? ORDER BY "city"."name")sql");
static_assert(postgres_text<joined_city> ==
              R"sql(SELECT "venues"."city", "city"."name", "city$country"."name" FROM "venues" LEFT JOIN "city" ON "venues"."city" = "city"."name" LEFT JOIN "country" AS "city$country" ON "city$country"."code" = "city"."country" WHERE "city"."id" > $1 ORDER BY "city"."name")sql");
static_assert(std::is_same_v<joined_city::row_type,
                             std::tuple<std::string, std::optional<std::string>, std::optional<std::string>>>);

// the condition's values bind between the select list's and the where's; an objects<T>()
// query filters through the joined table (here: bands no venue is named after)
using joined_filter = decltype(pc::objects<Band>()
                                   .join_on(c<&Band::name> == c<&Venue::city> && c<&Venue::id> > 2)
                                   .where(c<&Venue::id>.is_null()));
static_assert(postgres_text<joined_filter> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" LEFT JOIN "venues" ON ("band"."name" = "venues"."city" AND "venues"."id" > $1) WHERE "venues"."id" IS NULL)sql");
static_assert(std::is_same_v<joined_filter::row_type, Band>);
using joined_binding_order = decltype(pc::select(c<&Band::name>, c<&Band::popularity> + 1)
                                          .join_on(c<&Band::name> == c<&Venue::city> && c<&Venue::id> > 2)
                                          .where(c<&Venue::id> < 9));
static_assert(postgres_text<joined_binding_order> ==
              R"sql(SELECT "band"."name", ("band"."popularity" + $1) FROM "band" LEFT JOIN "venues" ON ("band"."name" = "venues"."city" AND "venues"."id" > $2) WHERE "venues"."id" < $3)sql");
static_assert(joined_binding_order::parameters == 3);

// a condition through a foreign-key path of the query's table: that join comes first;
// an aggregate of the joined table is not made optional (COUNT is never NULL)
using joined_through_path = decltype(pc::select(c<&Band::manager, &Manager::name>, pc::count(c<&Venue::id>))
                                         .join_on(c<&Band::manager, &Manager::name> == c<&Venue::city>)
                                         .group_by(c<&Band::manager, &Manager::name>));
static_assert(sqlite_text<joined_through_path> ==
              R"sql(SELECT "band$manager"."name", COUNT("venues"."id") FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" LEFT JOIN "venues" ON "band$manager"."name" = "venues"."city" GROUP BY "band$manager"."name")sql");
static_assert(std::is_same_v<joined_through_path::row_type, std::tuple<std::string, std::int64_t>>);

// two join_on() tables, count<T>() and a one-column select of the joined table
using two_joins = decltype(pc::count<Band>()
                               .join_on(c<&Band::name> == c<&Venue::city>)
                               .join_on(c<&City::name> == c<&Venue::city>)
                               .where(c<&City::id>.is_not_null()));
static_assert(sqlite_text<two_joins> ==
              R"sql(SELECT COUNT(*) FROM "band" LEFT JOIN "venues" ON "band"."name" = "venues"."city" LEFT JOIN "city" ON "city"."name" = "venues"."city" WHERE "city"."id" IS NOT NULL)sql");
using joined_one_column = decltype(pc::select(c<&Band::name>, c<&City::id>).join_on(c<&City::name> == c<&Band::name>));
static_assert(std::is_same_v<joined_one_column::row_type, std::tuple<std::string, std::optional<std::int64_t>>>);

// inner_join_on(): INNER JOIN, the joined columns keep their own types (a path from
// the joined table keeps its own nullability); LEFT and INNER joins mix in call order
using inner_joined = decltype(pc::select(c<&Venue::city>, c<&City::id>, c<&City::country, &Country::name>)
                                  .inner_join_on(c<&Venue::city> == c<&City::name>)
                                  .where(c<&City::id> > 3));
static_assert(sqlite_text<inner_joined> ==
              R"sql(SELECT "venues"."city", "city"."id", "city$country"."name" FROM "venues" INNER JOIN "city" ON "venues"."city" = "city"."name" LEFT JOIN "country" AS "city$country" ON "city$country"."code" = "city"."country" WHERE "city"."id" > ?)sql");
static_assert(postgres_text<inner_joined> ==
              R"sql(SELECT "venues"."city", "city"."id", "city$country"."name" FROM "venues" INNER JOIN "city" ON "venues"."city" = "city"."name" LEFT JOIN "country" AS "city$country" ON "city$country"."code" = "city"."country" WHERE "city"."id" > $1)sql");
static_assert(std::is_same_v<inner_joined::row_type, std::tuple<std::string, std::int64_t, std::string>>);
using inner_and_left = decltype(pc::select(c<&Band::name>, c<&Venue::id>, c<&City::id>)
                                    .inner_join_on(c<&Band::name> == c<&Venue::city> && c<&Venue::id> > 2)
                                    .join_on(c<&City::name> == c<&Venue::city>));
static_assert(postgres_text<inner_and_left> ==
              R"sql(SELECT "band"."name", "venues"."id", "city"."id" FROM "band" INNER JOIN "venues" ON ("band"."name" = "venues"."city" AND "venues"."id" > $1) LEFT JOIN "city" ON "city"."name" = "venues"."city")sql");
static_assert(std::is_same_v<inner_and_left::row_type, std::tuple<std::string, std::int64_t, std::optional<std::int64_t>>>);
static_assert(inner_and_left::parameters == 1);

}  // namespace music
