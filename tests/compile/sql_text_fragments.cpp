// The exact SQL text of raw fragments (where_raw, select_raw, order_by_raw) and of each
// variant of a query with optional conditions and a chosen ordering, for SQLite and
// PostgreSQL. Building this file is the test.

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "schema.hpp"

namespace music {

using where_fragment = decltype(pc::select(c<&Band::name>)
                                    .where(pc::where_raw<"lower(name) = {}">("x") && c<&Band::popularity> > 3));
static_assert(sqlite_text<where_fragment> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ((lower(name) = ?) AND "band"."popularity" > ?))sql");
static_assert(postgres_text<where_fragment> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ((lower(name) = $1) AND "band"."popularity" > $2))sql");

// the text's OR stays inside its parentheses; {{ and }} are literal braces
using negated_fragment =
    decltype(pc::select(c<&Band::name>).where(!pc::where_raw<"a = {} OR b = '{{}}'">(1) || c<&Band::id> == 2));
static_assert(postgres_text<negated_fragment> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (NOT (a = $1 OR b = '{}') OR "band"."id" = $2))sql");

using select_fragment = decltype(pc::select(c<&Concert::id>, pc::select_raw<"extract(year from starts)", int>())
                                     .order_by(pc::order_by_raw<"random()">())
                                     .limit(3));
static_assert(sqlite_text<select_fragment> ==
              R"sql(SELECT "concert"."id", extract(year from starts) FROM "concert" ORDER BY random() LIMIT ?)sql");
static_assert(postgres_text<select_fragment> ==
              R"sql(SELECT "concert"."id", extract(year from starts) FROM "concert" ORDER BY random() LIMIT $1)sql");
static_assert(std::is_same_v<select_fragment::row_type, std::tuple<std::int64_t, int>>);

using having_fragment = decltype(pc::select(c<&Band::manager>, pc::count())
                                     .group_by(c<&Band::manager>)
                                     .having(pc::where_raw<"sum(popularity) > {}">(10)));
static_assert(postgres_text<having_fragment> ==
              R"sql(SELECT "band"."manager", COUNT(*) FROM "band" GROUP BY "band"."manager" HAVING (sum(popularity) > $1))sql");

using delete_fragment = decltype(pc::delete_from<Band>().where(pc::where_raw<"lower(name) = {}">("x")));
static_assert(sqlite_text<delete_fragment> == R"sql(DELETE FROM "band" WHERE (lower(name) = ?))sql");

// ---- optional conditions: one text per combination and ordering -------------------------

inline auto search(std::optional<int> min_popularity, std::optional<std::string> name, std::size_t sort) {
  return pc::select(c<&Band::name>)
      .where(c<&Band::id> > 0)
      .where(pc::when(min_popularity, [](auto v) { return c<&Band::popularity> >= v; }))
      .where(pc::when(name, [](auto v) { return c<&Band::name> == v; }))
      .order_by(pc::order_by_one_of(sort, c<&Band::name>, c<&Band::popularity>.desc()))
      .limit(10);
}
using band_search = decltype(search({}, {}, 0));
static_assert(band_search::variants == 8);
static_assert(band_search::sql<pc::postgres_dialect, 0b00, 0>() ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" > $1 ORDER BY "band"."name" LIMIT $2)sql");
static_assert(band_search::sql<pc::postgres_dialect, 0b01, 0>() ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."id" > $1 AND "band"."popularity" >= $2) ORDER BY "band"."name" LIMIT $3)sql");
static_assert(band_search::sql<pc::postgres_dialect, 0b10, 1>() ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."id" > $1 AND "band"."name" = $2) ORDER BY "band"."popularity" DESC LIMIT $3)sql");
static_assert(band_search::sql<pc::sqlite_dialect, 0b11, 1>() ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."id" > ? AND "band"."popularity" >= ?) AND "band"."name" = ?) ORDER BY "band"."popularity" DESC LIMIT ?)sql");

}  // namespace music
