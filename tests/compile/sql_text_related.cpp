// The exact SQL text of whole rows in one query: pc::all_columns<T>(),
// c<&T::fk>.all_columns(), objects<T>().with(...), and select(...).into<Row>(), for
// SQLite and PostgreSQL, with the rows they read. Building this file is the test.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "schema.hpp"

namespace music {

// ---- all_columns: every column of the table, read as its struct ---------------------

using band_and_manager = decltype(pc::select(pc::all_columns<Band>(), c<&Band::manager>.all_columns()));
static_assert(std::is_same_v<band_and_manager::row_type, std::tuple<Band, Manager>>);
static_assert(sqlite_text<band_and_manager> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site", "band$manager"."id", "band$manager"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager")sql");
static_assert(postgres_text<band_and_manager> == sqlite_text<band_and_manager>);

// the text of objects<Band>(), and one item reads as Band
using all_band_columns = decltype(pc::select(pc::all_columns<Band>()).where(c<&Band::popularity> > 1));
static_assert(std::is_same_v<all_band_columns::row_type, Band>);
static_assert(sqlite_text<all_band_columns> ==
              sqlite_text<decltype(pc::objects<Band>().where(c<&Band::popularity> > 1))>);

// through a nullable key: std::optional; a path joins once, whatever else uses it
using support_studio = decltype(pc::select(c<&Concert::id>, c<&Concert::support>.all_columns())
                                    .where(c<&Concert::support, &Band::popularity> > 10));
static_assert(std::is_same_v<support_studio::row_type, std::tuple<std::int64_t, std::optional<Band>>>);
static_assert(postgres_text<support_studio> ==
              R"sql(SELECT "concert"."id", "concert$support"."id", "concert$support"."name", "concert$support"."manager", "concert$support"."popularity", "concert$support"."site" FROM "concert" LEFT JOIN "band" AS "concert$support" ON "concert$support"."id" = "concert"."support" WHERE "concert$support"."popularity" > $1)sql");

// ---- objects<T>().with(...): the row and the rows its keys reference ----------------

using band_with_manager = decltype(pc::objects<Band>().with(c<&Band::manager>).where(c<&Band::name> == "x").first());
static_assert(std::is_same_v<band_with_manager::result_type, std::optional<std::tuple<Band, Manager>>>);
static_assert(sqlite_text<band_with_manager> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site", "band$manager"."id", "band$manager"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band"."name" = ? LIMIT 1)sql");

// any depth, several keys, a nullable one on the path
using concert_with = decltype(pc::objects<Concert>()
                                  .with(c<&Concert::headliner>, c<&Concert::support, &Band::manager>)
                                  .with(c<&Concert::studio>)
                                  .order_by(c<&Concert::id>)
                                  .limit(10));
static_assert(std::is_same_v<concert_with::row_type,
                             std::tuple<Concert, Band, std::optional<Manager>, std::optional<RecordingStudio>>>);
static_assert(postgres_text<concert_with> ==
              R"sql(SELECT "concert"."id", "concert"."headliner", "concert"."support", "concert"."studio", "concert"."starts", "concert"."day", "concert$headliner"."id", "concert$headliner"."name", "concert$headliner"."manager", "concert$headliner"."popularity", "concert$headliner"."site", "concert$support$manager"."id", "concert$support$manager"."name", "concert$studio"."id", "concert$studio"."name" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "band" AS "concert$support" ON "concert$support"."id" = "concert"."support" LEFT JOIN "manager" AS "concert$support$manager" ON "concert$support$manager"."id" = "concert$support"."manager" LEFT JOIN "recording_studio" AS "concert$studio" ON "concert$studio"."id" = "concert"."studio" ORDER BY "concert"."id" LIMIT $1)sql");

// ---- into<Row>(): items onto fields by name, in any order ---------------------------

struct BandLine {
  int popularity;
  std::string name;
  std::optional<std::string> site;  // the column's database name
  std::optional<std::string> manager_name;
};
using band_lines = decltype(pc::select(c<&Band::name>, c<&Band::website>, c<&Band::popularity>,
                                       c<&Band::manager, &Manager::name>.as<"manager_name">())
                                .where(c<&Band::popularity> > 1)
                                .into<BandLine>()
                                .order_by(c<&Band::name>));
static_assert(std::is_same_v<band_lines::row_type, BandLine>);
static_assert(sqlite_text<band_lines> ==
              R"sql(SELECT "band"."name", "band"."site", "band"."popularity", "band$manager"."name" AS "manager_name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band"."popularity" > ? ORDER BY "band"."name")sql");

struct ManagerCount {
  std::string name;
  std::int64_t bands;
};
using manager_counts = decltype(pc::select(c<&Band::manager, &Manager::name>.as<"name">(), pc::count().as<"bands">())
                                    .group_by(c<&Band::manager, &Manager::name>)
                                    .into<ManagerCount>());
static_assert(postgres_text<manager_counts> ==
              R"sql(SELECT "band$manager"."name" AS "name", COUNT(*) AS "bands" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" GROUP BY "band$manager"."name")sql");

}  // namespace music
