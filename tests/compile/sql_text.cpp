// The exact SQL text of every query type and clause, for SQLite and PostgreSQL:
// select (columns, join paths, every where operator, order_by, limit, offset, first),
// objects / get / first, count, exists, insert, update, delete_from and raw.
// Building this file is the test.

#include <tuple>

#include "schema.hpp"

namespace music {

// ---- select: columns --------------------------------------------------------

using select_one_column = decltype(pc::select(c<&Band::name>));
static_assert(sqlite_text<select_one_column> == postgres_text<select_one_column>);
static_assert(sqlite_text<select_one_column> ==
              R"sql(SELECT "band"."name" FROM "band")sql");

// column_name<&Band::website, "site">
using select_several_columns = decltype(pc::select(c<&Band::name>, c<&Band::popularity>, c<&Band::website>));
static_assert(sqlite_text<select_several_columns> == postgres_text<select_several_columns>);
static_assert(sqlite_text<select_several_columns> ==
              R"sql(SELECT "band"."name", "band"."popularity", "band"."site" FROM "band")sql");

using select_described_class = decltype(pc::select(c<&Secret::id>));
static_assert(sqlite_text<select_described_class> == postgres_text<select_described_class>);
static_assert(sqlite_text<select_described_class> ==
              R"sql(SELECT "secret"."id" FROM "secret")sql");

// ---- select: join paths -----------------------------------------------------

// a LEFT JOIN aliased by its path
using select_follows_one_foreign_key = decltype(pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>));
static_assert(sqlite_text<select_follows_one_foreign_key> == postgres_text<select_follows_one_foreign_key>);
static_assert(sqlite_text<select_follows_one_foreign_key> ==
              R"sql(SELECT "band"."name", "band$manager"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager")sql");

// depth 2: both joins, the second from the first one's alias
using select_follows_two_foreign_keys = decltype(pc::select(c<&Concert::id>, c<&Concert::headliner, &Band::manager, &Manager::name>));
static_assert(sqlite_text<select_follows_two_foreign_keys> == postgres_text<select_follows_two_foreign_keys>);
static_assert(sqlite_text<select_follows_two_foreign_keys> ==
              R"sql(SELECT "concert"."id", "concert$headliner$manager"."name" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "manager" AS "concert$headliner$manager" ON "concert$headliner$manager"."id" = "concert$headliner"."manager")sql");

// a path used by several columns, where() and order_by() is joined once
using select_joins_each_path_once = decltype(pc::select(c<&Concert::headliner, &Band::name>, c<&Concert::headliner, &Band::manager, &Manager::name>, c<&Concert::headliner, &Band::popularity>).where(c<&Concert::headliner, &Band::manager, &Manager::id> == 3).order_by(c<&Concert::headliner, &Band::name>));
static_assert(sqlite_text<select_joins_each_path_once> ==
              R"sql(SELECT "concert$headliner"."name", "concert$headliner$manager"."name", "concert$headliner"."popularity" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "manager" AS "concert$headliner$manager" ON "concert$headliner$manager"."id" = "concert$headliner"."manager" WHERE "concert$headliner$manager"."id" = ? ORDER BY "concert$headliner"."name")sql");
static_assert(postgres_text<select_joins_each_path_once> ==
              R"sql(SELECT "concert$headliner"."name", "concert$headliner$manager"."name", "concert$headliner"."popularity" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "manager" AS "concert$headliner$manager" ON "concert$headliner$manager"."id" = "concert$headliner"."manager" WHERE "concert$headliner$manager"."id" = $1 ORDER BY "concert$headliner"."name")sql");

// two foreign keys to one table: two joins, two aliases
using select_two_paths_to_one_table = decltype(pc::select(c<&Concert::headliner, &Band::name>, c<&Concert::support, &Band::name>));
static_assert(sqlite_text<select_two_paths_to_one_table> == postgres_text<select_two_paths_to_one_table>);
static_assert(sqlite_text<select_two_paths_to_one_table> ==
              R"sql(SELECT "concert$headliner"."name", "concert$support"."name" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "band" AS "concert$support" ON "concert$support"."id" = "concert"."support")sql");

using select_joins_for_where_only = decltype(pc::select(c<&Band::name>).where(c<&Band::manager, &Manager::name> == "Guido"));
static_assert(sqlite_text<select_joins_for_where_only> ==
              R"sql(SELECT "band"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = ?)sql");
static_assert(postgres_text<select_joins_for_where_only> ==
              R"sql(SELECT "band"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = $1)sql");

using select_joins_for_order_by_only = decltype(pc::select(c<&Band::name>).order_by(c<&Band::manager, &Manager::name>.desc()));
static_assert(sqlite_text<select_joins_for_order_by_only> == postgres_text<select_joins_for_order_by_only>);
static_assert(sqlite_text<select_joins_for_order_by_only> ==
              R"sql(SELECT "band"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" ORDER BY "band$manager"."name" DESC)sql");

// a join on a non-serial key
using select_follows_text_key = decltype(pc::select(c<&City::name>, c<&City::country, &Country::name>));
static_assert(sqlite_text<select_follows_text_key> == postgres_text<select_follows_text_key>);
static_assert(sqlite_text<select_follows_text_key> ==
              R"sql(SELECT "city"."name", "city$country"."name" FROM "city" LEFT JOIN "country" AS "city$country" ON "city$country"."code" = "city"."country")sql");

// ---- where: comparisons -----------------------------------------------------

using where_equal = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> == 1));
static_assert(sqlite_text<where_equal> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" = ?)sql");
static_assert(postgres_text<where_equal> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" = $1)sql");

using where_not_equal = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> != 1));
static_assert(sqlite_text<where_not_equal> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" <> ?)sql");
static_assert(postgres_text<where_not_equal> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."popularity" <> $1)sql");

// < <= > >=, and && nests to the left
using where_orderings = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> < 1 && c<&Band::popularity> <= 2 && c<&Band::popularity> > 3 && c<&Band::popularity> >= 4));
static_assert(sqlite_text<where_orderings> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ((("band"."popularity" < ? AND "band"."popularity" <= ?) AND "band"."popularity" > ?) AND "band"."popularity" >= ?))sql");
static_assert(postgres_text<where_orderings> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ((("band"."popularity" < $1 AND "band"."popularity" <= $2) AND "band"."popularity" > $3) AND "band"."popularity" >= $4))sql");

using where_column_with_column = decltype(pc::select(c<&Band::name>).where(c<&Band::name> == c<&Band::manager, &Manager::name>));
static_assert(sqlite_text<where_column_with_column> == postgres_text<where_column_with_column>);
static_assert(sqlite_text<where_column_with_column> ==
              R"sql(SELECT "band"."name" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band"."name" = "band$manager"."name")sql");

// two expressions compare in the order written (C++20 also tries the reversed y == x)
using where_expression_with_expression = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> + 1 == c<&Band::id> * 2 && c<&Band::name> + "!" != c<&Band::name>));
static_assert(sqlite_text<where_expression_with_expression> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."popularity" + ?) = ("band"."id" * ?) AND ("band"."name" || ?) <> "band"."name"))sql");
static_assert(postgres_text<where_expression_with_expression> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."popularity" + $1) = ("band"."id" * $2) AND ("band"."name" || $3) <> "band"."name"))sql");

using where_foreign_key_with_value = decltype(pc::select(c<&Band::name>).where(c<&Band::manager> == 3));
static_assert(sqlite_text<where_foreign_key_with_value> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."manager" = ?)sql");
static_assert(postgres_text<where_foreign_key_with_value> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."manager" = $1)sql");

using where_enum_and_bool = decltype(pc::select(c<&Ticket::id>).where(c<&Ticket::genre> == Genre::rock && c<&Ticket::sold> == true));
static_assert(sqlite_text<where_enum_and_bool> ==
              R"sql(SELECT "ticket"."id" FROM "ticket" WHERE ("ticket"."genre" = ? AND "ticket"."sold" = ?))sql");
static_assert(postgres_text<where_enum_and_bool> ==
              R"sql(SELECT "ticket"."id" FROM "ticket" WHERE ("ticket"."genre" = $1 AND "ticket"."sold" = $2))sql");

using where_time = decltype(pc::select(c<&Concert::id>).where(c<&Concert::starts> > std::chrono::sys_time<std::chrono::microseconds>{} && c<&Concert::day> == std::chrono::year_month_day{}));
static_assert(sqlite_text<where_time> ==
              R"sql(SELECT "concert"."id" FROM "concert" WHERE ("concert"."starts" > ? AND "concert"."day" = ?))sql");
static_assert(postgres_text<where_time> ==
              R"sql(SELECT "concert"."id" FROM "concert" WHERE ("concert"."starts" > $1 AND "concert"."day" = $2))sql");

// ---- where: logic -----------------------------------------------------------

using where_or_not = decltype(pc::select(c<&Band::name>).where(!(c<&Band::popularity> == 1 || c<&Band::name> == "x")));
static_assert(sqlite_text<where_or_not> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE NOT ("band"."popularity" = ? OR "band"."name" = ?))sql");
static_assert(postgres_text<where_or_not> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE NOT ("band"."popularity" = $1 OR "band"."name" = $2))sql");

using where_and_or_grouping = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> > 1 && (c<&Band::id> < 5 || c<&Band::id> > 9)));
static_assert(sqlite_text<where_and_or_grouping> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" > ? AND ("band"."id" < ? OR "band"."id" > ?)))sql");
static_assert(postgres_text<where_and_or_grouping> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" > $1 AND ("band"."id" < $2 OR "band"."id" > $3)))sql");

// several where() calls AND together
using where_several_calls = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> > 1).where(c<&Band::id> < 5 || c<&Band::id> > 9).where(c<&Band::name> != "x"));
static_assert(sqlite_text<where_several_calls> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."popularity" > ? AND ("band"."id" < ? OR "band"."id" > ?)) AND "band"."name" <> ?))sql");
static_assert(postgres_text<where_several_calls> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."popularity" > $1 AND ("band"."id" < $2 OR "band"."id" > $3)) AND "band"."name" <> $4))sql");

// ---- where: text, lists, NULL -----------------------------------------------

using where_like = decltype(pc::select(c<&Band::name>).where(c<&Band::name>.like("P%")));
static_assert(sqlite_text<where_like> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" LIKE ?)sql");
static_assert(postgres_text<where_like> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" LIKE $1)sql");

// SQLite has no ILIKE: lower() on both sides
using where_ilike = decltype(pc::select(c<&Band::name>).where(c<&Band::name>.ilike("p%")));
static_assert(sqlite_text<where_ilike> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE lower("band"."name") LIKE lower(?))sql");
static_assert(postgres_text<where_ilike> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" ILIKE $1)sql");

using where_not_like = decltype(pc::select(c<&Band::name>).where(c<&Band::name>.not_like("P%")));
static_assert(sqlite_text<where_not_like> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" NOT LIKE ?)sql");
static_assert(postgres_text<where_not_like> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" NOT LIKE $1)sql");

using where_like_optional_text = decltype(pc::select(c<&Band::name>).where(c<&Band::website>.like("https:%")));
static_assert(sqlite_text<where_like_optional_text> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."site" LIKE ?)sql");
static_assert(postgres_text<where_like_optional_text> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."site" LIKE $1)sql");

// one parameter whatever the list length
using where_is_in = decltype(pc::select(c<&Band::name>).where(c<&Band::id>.is_in({1, 2, 3})));
static_assert(sqlite_text<where_is_in> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<where_is_in> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" = ANY($1))sql");

using where_not_in = decltype(pc::select(c<&Band::name>).where(c<&Band::name>.not_in(std::vector<std::string>{"a", "b"})));
static_assert(sqlite_text<where_not_in> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."name" NOT IN (SELECT value FROM json_each(?)))sql");
static_assert(postgres_text<where_not_in> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE NOT ("band"."name" = ANY($1)))sql");

using where_is_null = decltype(pc::select(c<&Band::name>).where(c<&Band::website>.is_null() || c<&Band::website>.is_not_null()));
static_assert(sqlite_text<where_is_null> == postgres_text<where_is_null>);
static_assert(sqlite_text<where_is_null> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."site" IS NULL OR "band"."site" IS NOT NULL))sql");

using where_null_through_path = decltype(pc::select(c<&Concert::id>).where(c<&Concert::support, &Band::website>.is_null()));
static_assert(sqlite_text<where_null_through_path> == postgres_text<where_null_through_path>);
static_assert(sqlite_text<where_null_through_path> ==
              R"sql(SELECT "concert"."id" FROM "concert" LEFT JOIN "band" AS "concert$support" ON "concert$support"."id" = "concert"."support" WHERE "concert$support"."site" IS NULL)sql");

// ---- where: arithmetic and concatenation ------------------------------------

// arithmetic is parenthesised; comparisons are not
using where_arithmetic = decltype(pc::select(c<&Band::name>).where(c<&Band::popularity> + 1 > c<&Band::id> * 2 - c<&Band::popularity> / 3));
static_assert(sqlite_text<where_arithmetic> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" + ?) > (("band"."id" * ?) - ("band"."popularity" / ?)))sql");
static_assert(postgres_text<where_arithmetic> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" + $1) > (("band"."id" * $2) - ("band"."popularity" / $3)))sql");

using where_arithmetic_nested = decltype(pc::select(c<&Band::name>).where((c<&Band::popularity> - 1) * 2.5 == 10));
static_assert(sqlite_text<where_arithmetic_nested> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."popularity" - ?) * ?) = ?)sql");
static_assert(postgres_text<where_arithmetic_nested> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE (("band"."popularity" - $1) * $2) = $3)sql");

// + on text is ||
using where_concatenation = decltype(pc::select(c<&Band::name>).where(c<&Band::name> + "!" == "x!"));
static_assert(sqlite_text<where_concatenation> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."name" || ?) = ?)sql");
static_assert(postgres_text<where_concatenation> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."name" || $1) = $2)sql");

// ---- order_by, limit, offset, first -----------------------------------------

using order_by_several = decltype(pc::select(c<&Band::name>).order_by(c<&Band::name>, c<&Band::popularity>.desc(), c<&Band::id>.asc()));
static_assert(sqlite_text<order_by_several> == postgres_text<order_by_several>);
static_assert(sqlite_text<order_by_several> ==
              R"sql(SELECT "band"."name" FROM "band" ORDER BY "band"."name", "band"."popularity" DESC, "band"."id")sql");

// a second order_by() appends
using order_by_twice = decltype(pc::select(c<&Band::name>).order_by(c<&Band::name>).order_by(c<&Band::id>.desc()));
static_assert(sqlite_text<order_by_twice> == postgres_text<order_by_twice>);
static_assert(sqlite_text<order_by_twice> ==
              R"sql(SELECT "band"."name" FROM "band" ORDER BY "band"."name", "band"."id" DESC)sql");

using select_limit = decltype(pc::select(c<&Band::name>).limit(10));
static_assert(sqlite_text<select_limit> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT ?)sql");
static_assert(postgres_text<select_limit> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT $1)sql");

// SQLite needs a LIMIT before OFFSET
using select_offset = decltype(pc::select(c<&Band::name>).offset(5));
static_assert(sqlite_text<select_offset> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT -1 OFFSET ?)sql");
static_assert(postgres_text<select_offset> ==
              R"sql(SELECT "band"."name" FROM "band" OFFSET $1)sql");

using select_every_clause = decltype(pc::select(c<&Band::name>).where(c<&Band::id> > 1).order_by(c<&Band::name>).limit(10).offset(5));
static_assert(sqlite_text<select_every_clause> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" > ? ORDER BY "band"."name" LIMIT ? OFFSET ?)sql");
static_assert(postgres_text<select_every_clause> ==
              R"sql(SELECT "band"."name" FROM "band" WHERE "band"."id" > $1 ORDER BY "band"."name" LIMIT $2 OFFSET $3)sql");

// clause order in C++ does not matter
using select_offset_then_limit = decltype(pc::select(c<&Band::name>).offset(5).limit(10));
static_assert(sqlite_text<select_offset_then_limit> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT ? OFFSET ?)sql");
static_assert(postgres_text<select_offset_then_limit> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT $1 OFFSET $2)sql");

using select_first = decltype(pc::select(c<&Band::name>).order_by(c<&Band::name>).first());
static_assert(sqlite_text<select_first> == postgres_text<select_first>);
static_assert(sqlite_text<select_first> ==
              R"sql(SELECT "band"."name" FROM "band" ORDER BY "band"."name" LIMIT 1)sql");

using select_first_replaces_limit = decltype(pc::select(c<&Band::name>).limit(3).first());
static_assert(sqlite_text<select_first_replaces_limit> == postgres_text<select_first_replaces_limit>);
static_assert(sqlite_text<select_first_replaces_limit> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT 1)sql");

using select_first_keeps_offset = decltype(pc::select(c<&Band::name>).offset(2).first());
static_assert(sqlite_text<select_first_keeps_offset> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT 1 OFFSET ?)sql");
static_assert(postgres_text<select_first_keeps_offset> ==
              R"sql(SELECT "band"."name" FROM "band" LIMIT 1 OFFSET $1)sql");

// ---- objects, get, first ----------------------------------------------------

using objects_all = decltype(pc::objects<Band>());
static_assert(sqlite_text<objects_all> == postgres_text<objects_all>);
static_assert(sqlite_text<objects_all> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band")sql");

using objects_where = decltype(pc::objects<Band>().where(c<&Band::popularity> > 10));
static_assert(sqlite_text<objects_where> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."popularity" > ?)sql");
static_assert(postgres_text<objects_where> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."popularity" > $1)sql");

using objects_where_through_join = decltype(pc::objects<Band>().where(c<&Band::manager, &Manager::name> == "Guido"));
static_assert(sqlite_text<objects_where_through_join> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = ?)sql");
static_assert(postgres_text<objects_where_through_join> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = $1)sql");

using objects_get = decltype(pc::objects<Band>().get(c<&Band::id> == 1));
static_assert(sqlite_text<objects_get> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."id" = ? LIMIT 1)sql");
static_assert(postgres_text<objects_get> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" WHERE "band"."id" = $1 LIMIT 1)sql");

using objects_first = decltype(pc::objects<Band>().order_by(c<&Band::popularity>.desc()).first());
static_assert(sqlite_text<objects_first> == postgres_text<objects_first>);
static_assert(sqlite_text<objects_first> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" ORDER BY "band"."popularity" DESC LIMIT 1)sql");

using objects_described_class = decltype(pc::objects<Secret>());
static_assert(sqlite_text<objects_described_class> == postgres_text<objects_described_class>);
static_assert(sqlite_text<objects_described_class> ==
              R"sql(SELECT "secret"."id", "secret"."value_" FROM "secret")sql");

// ---- count, exists ----------------------------------------------------------

using count_all = decltype(pc::count<Band>());
static_assert(sqlite_text<count_all> == postgres_text<count_all>);
static_assert(sqlite_text<count_all> ==
              R"sql(SELECT COUNT(*) FROM "band")sql");

using count_where = decltype(pc::count<Band>().where(c<&Band::popularity> > 10));
static_assert(sqlite_text<count_where> ==
              R"sql(SELECT COUNT(*) FROM "band" WHERE "band"."popularity" > ?)sql");
static_assert(postgres_text<count_where> ==
              R"sql(SELECT COUNT(*) FROM "band" WHERE "band"."popularity" > $1)sql");

using count_where_through_join = decltype(pc::count<Band>().where(c<&Band::manager, &Manager::name> == "Guido"));
static_assert(sqlite_text<count_where_through_join> ==
              R"sql(SELECT COUNT(*) FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = ?)sql");
static_assert(postgres_text<count_where_through_join> ==
              R"sql(SELECT COUNT(*) FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = $1)sql");

using exists_any = decltype(pc::exists<Band>());
static_assert(sqlite_text<exists_any> == postgres_text<exists_any>);
static_assert(sqlite_text<exists_any> ==
              R"sql(SELECT EXISTS(SELECT 1 FROM "band"))sql");

using exists_where = decltype(pc::exists<Band>().where(c<&Band::name> == "x"));
static_assert(sqlite_text<exists_where> ==
              R"sql(SELECT EXISTS(SELECT 1 FROM "band" WHERE "band"."name" = ?))sql");
static_assert(postgres_text<exists_where> ==
              R"sql(SELECT EXISTS(SELECT 1 FROM "band" WHERE "band"."name" = $1))sql");

// ---- insert -----------------------------------------------------------------

// an unset serial key lets the database choose: NULL on SQLite, the sequence on PostgreSQL
using insert_one = decltype(pc::insert(Manager{.name = "Guido"}));
static_assert(sqlite_text<insert_one> ==
              R"sql(INSERT INTO "manager" ("id", "name") VALUES (?, ?))sql");
static_assert(postgres_text<insert_one> ==
              R"sql(INSERT INTO "manager" ("id", "name") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"manager"', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"manager"', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"manager"', 'id') AS regclass)), 1))) END, $2))sql");

using insert_returning_key = decltype(pc::insert(Manager{.name = "Guido"}).returning(c<&Manager::id>));
static_assert(sqlite_text<insert_returning_key> ==
              R"sql(INSERT INTO "manager" ("id", "name") VALUES (?, ?) RETURNING "id")sql");
static_assert(postgres_text<insert_returning_key> ==
              R"sql(INSERT INTO "manager" ("id", "name") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"manager"', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"manager"', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"manager"', 'id') AS regclass)), 1))) END, $2) RETURNING "id")sql");

// one single-row statement, run once per row
using insert_several_returning = decltype(pc::insert(Band{}, Band{}).returning(c<&Band::id>, c<&Band::name>));
static_assert(sqlite_text<insert_several_returning> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?) RETURNING "id", "name")sql");
static_assert(postgres_text<insert_several_returning> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") SELECT CASE WHEN u."id" IS NULL THEN nextval(pg_get_serial_sequence('"band"', 'id')) ELSE u."id" + 0 * setval(pg_get_serial_sequence('"band"', 'id'), GREATEST(u."id", COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), 1))) END, u."name", u."manager", u."popularity", u."site" FROM unnest($1, $2, $3, $4, $5) AS u ("id", "name", "manager", "popularity", "site") RETURNING "id", "name")sql");

using insert_range = decltype(pc::insert(std::vector<Band>{}));
static_assert(sqlite_text<insert_range> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") VALUES (?, ?, ?, ?, ?))sql");
static_assert(postgres_text<insert_range> ==
              R"sql(INSERT INTO "band" ("id", "name", "manager", "popularity", "site") SELECT CASE WHEN u."id" IS NULL THEN nextval(pg_get_serial_sequence('"band"', 'id')) ELSE u."id" + 0 * setval(pg_get_serial_sequence('"band"', 'id'), GREATEST(u."id", COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"band"', 'id') AS regclass)), 1))) END, u."name", u."manager", u."popularity", u."site" FROM unnest($1, $2, $3, $4, $5) AS u ("id", "name", "manager", "popularity", "site"))sql");
// ... and, when every key of the batch is unset, the COPY that PostgreSQL runs instead
static_assert(postgres_text<insert_range::copy_statement> ==
              R"sql(COPY "band" ("name", "manager", "popularity", "site") FROM STDIN (FORMAT binary))sql");
static_assert(insert_range::copy_widths == std::array<int, 5>{-2, -1, 4, 4, -1});

// no serial key: plain parameters on both engines
using insert_natural_key = decltype(pc::insert(Country{"NL", "Netherlands"}));
static_assert(sqlite_text<insert_natural_key> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES (?, ?))sql");
static_assert(postgres_text<insert_natural_key> ==
              R"sql(INSERT INTO "country" ("code", "name") VALUES ($1, $2))sql");

using insert_bigserial = decltype(pc::insert(RecordingStudio{}));
static_assert(sqlite_text<insert_bigserial> ==
              R"sql(INSERT INTO "recording_studio" ("id", "name") VALUES (?, ?))sql");
static_assert(postgres_text<insert_bigserial> ==
              R"sql(INSERT INTO "recording_studio" ("id", "name") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"recording_studio"', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"recording_studio"', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"recording_studio"', 'id') AS regclass)), 1))) END, $2))sql");

using insert_described_class = decltype(pc::insert(Secret{"x"}));
static_assert(sqlite_text<insert_described_class> ==
              R"sql(INSERT INTO "secret" ("id", "value_") VALUES (?, ?))sql");
static_assert(postgres_text<insert_described_class> ==
              R"sql(INSERT INTO "secret" ("id", "value_") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"secret"', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"secret"', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"secret"', 'id') AS regclass)), 1))) END, $2))sql");

// ---- update -----------------------------------------------------------------

using update_set_value = decltype(pc::update<Band>().set(c<&Band::popularity> = 1).where(c<&Band::id> == 2));
static_assert(sqlite_text<update_set_value> ==
              R"sql(UPDATE "band" SET "popularity" = ? WHERE "band"."id" = ?)sql");
static_assert(postgres_text<update_set_value> ==
              R"sql(UPDATE "band" SET "popularity" = $1 WHERE "band"."id" = $2)sql");

// SET parameters come before WHERE parameters
using update_set_expression = decltype(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> + 1, c<&Band::name> = "x").where(c<&Band::name> == "y"));
static_assert(sqlite_text<update_set_expression> ==
              R"sql(UPDATE "band" SET "popularity" = ("band"."popularity" + ?), "name" = ? WHERE "band"."name" = ?)sql");
static_assert(postgres_text<update_set_expression> ==
              R"sql(UPDATE "band" SET "popularity" = ("band"."popularity" + $1), "name" = $2 WHERE "band"."name" = $3)sql");

using update_set_concatenation = decltype(pc::update<Band>().set(c<&Band::name> = c<&Band::name> + "!").force());
static_assert(sqlite_text<update_set_concatenation> ==
              R"sql(UPDATE "band" SET "name" = ("band"."name" || ?))sql");
static_assert(postgres_text<update_set_concatenation> ==
              R"sql(UPDATE "band" SET "name" = ("band"."name" || $1))sql");

// NULL is a bound parameter
using update_set_null = decltype(pc::update<Band>().set(c<&Band::website> = std::nullopt).force());
static_assert(sqlite_text<update_set_null> ==
              R"sql(UPDATE "band" SET "site" = ?)sql");
static_assert(postgres_text<update_set_null> ==
              R"sql(UPDATE "band" SET "site" = $1)sql");

// a second set() appends
using update_set_twice = decltype(pc::update<Band>().set(c<&Band::website> = "a").set(c<&Band::popularity> = 3).force());
static_assert(sqlite_text<update_set_twice> ==
              R"sql(UPDATE "band" SET "site" = ?, "popularity" = ?)sql");
static_assert(postgres_text<update_set_twice> ==
              R"sql(UPDATE "band" SET "site" = $1, "popularity" = $2)sql");

using update_set_foreign_key = decltype(pc::update<Band>().set(c<&Band::manager> = 2).where(c<&Band::id> == 1));
static_assert(sqlite_text<update_set_foreign_key> ==
              R"sql(UPDATE "band" SET "manager" = ? WHERE "band"."id" = ?)sql");
static_assert(postgres_text<update_set_foreign_key> ==
              R"sql(UPDATE "band" SET "manager" = $1 WHERE "band"."id" = $2)sql");

using update_force = decltype(pc::update<Band>().set(c<&Band::popularity> = 0).force());
static_assert(sqlite_text<update_force> ==
              R"sql(UPDATE "band" SET "popularity" = ?)sql");
static_assert(postgres_text<update_force> ==
              R"sql(UPDATE "band" SET "popularity" = $1)sql");

// a condition through a foreign key filters the key through a joined subquery
using update_where_through_join = decltype(pc::update<Band>().set(c<&Band::popularity> = 0).where(c<&Band::manager, &Manager::name> == "Guido"));
static_assert(sqlite_text<update_where_through_join> ==
              R"sql(UPDATE "band" SET "popularity" = ? WHERE "band"."id" IN (SELECT "band"."id" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = ?))sql");
static_assert(postgres_text<update_where_through_join> ==
              R"sql(UPDATE "band" SET "popularity" = $1 WHERE "band"."id" IN (SELECT "band"."id" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = $2))sql");

using update_where_through_two_joins = decltype(pc::update<Concert>().set(c<&Concert::support> = std::nullopt).where(c<&Concert::headliner, &Band::manager, &Manager::name> == "Guido" && c<&Concert::id> > 3));
static_assert(sqlite_text<update_where_through_two_joins> ==
              R"sql(UPDATE "concert" SET "support" = ? WHERE "concert"."id" IN (SELECT "concert"."id" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "manager" AS "concert$headliner$manager" ON "concert$headliner$manager"."id" = "concert$headliner"."manager" WHERE ("concert$headliner$manager"."name" = ? AND "concert"."id" > ?)))sql");
static_assert(postgres_text<update_where_through_two_joins> ==
              R"sql(UPDATE "concert" SET "support" = $1 WHERE "concert"."id" IN (SELECT "concert"."id" FROM "concert" LEFT JOIN "band" AS "concert$headliner" ON "concert$headliner"."id" = "concert"."headliner" LEFT JOIN "manager" AS "concert$headliner$manager" ON "concert$headliner$manager"."id" = "concert$headliner"."manager" WHERE ("concert$headliner$manager"."name" = $2 AND "concert"."id" > $3)))sql");

// a composite key filters on the row value
using update_where_through_join_composite_key = decltype(pc::update<Membership>().set(c<&Membership::manager> = 1).where(c<&Membership::band, &Band::name> == "x"));
static_assert(sqlite_text<update_where_through_join_composite_key> ==
              R"sql(UPDATE "membership" SET "manager" = ? WHERE ("membership"."band", "membership"."manager") IN (SELECT "membership"."band", "membership"."manager" FROM "membership" LEFT JOIN "band" AS "membership$band" ON "membership$band"."id" = "membership"."band" WHERE "membership$band"."name" = ?))sql");
static_assert(postgres_text<update_where_through_join_composite_key> ==
              R"sql(UPDATE "membership" SET "manager" = $1 WHERE ("membership"."band", "membership"."manager") IN (SELECT "membership"."band", "membership"."manager" FROM "membership" LEFT JOIN "band" AS "membership$band" ON "membership$band"."id" = "membership"."band" WHERE "membership$band"."name" = $2))sql");

using update_returning = decltype(pc::update<Band>().set(c<&Band::popularity> = 0).where(c<&Band::id> == 1).returning(c<&Band::id>, c<&Band::popularity>));
static_assert(sqlite_text<update_returning> ==
              R"sql(UPDATE "band" SET "popularity" = ? WHERE "band"."id" = ? RETURNING "id", "popularity")sql");
static_assert(postgres_text<update_returning> ==
              R"sql(UPDATE "band" SET "popularity" = $1 WHERE "band"."id" = $2 RETURNING "id", "popularity")sql");

// ---- delete_from ------------------------------------------------------------

using delete_where = decltype(pc::delete_from<Band>().where(c<&Band::id> == 3));
static_assert(sqlite_text<delete_where> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" = ?)sql");
static_assert(postgres_text<delete_where> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" = $1)sql");

using delete_force = decltype(pc::delete_from<Band>().force());
static_assert(sqlite_text<delete_force> == postgres_text<delete_force>);
static_assert(sqlite_text<delete_force> ==
              R"sql(DELETE FROM "band")sql");

using delete_where_through_join = decltype(pc::delete_from<Band>().where(c<&Band::manager, &Manager::name> == "Guido"));
static_assert(sqlite_text<delete_where_through_join> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" IN (SELECT "band"."id" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = ?))sql");
static_assert(postgres_text<delete_where_through_join> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" IN (SELECT "band"."id" FROM "band" LEFT JOIN "manager" AS "band$manager" ON "band$manager"."id" = "band"."manager" WHERE "band$manager"."name" = $1))sql");

using delete_where_through_join_composite_key = decltype(pc::delete_from<Membership>().where(c<&Membership::manager, &Manager::name> == "Guido"));
static_assert(sqlite_text<delete_where_through_join_composite_key> ==
              R"sql(DELETE FROM "membership" WHERE ("membership"."band", "membership"."manager") IN (SELECT "membership"."band", "membership"."manager" FROM "membership" LEFT JOIN "manager" AS "membership$manager" ON "membership$manager"."id" = "membership"."manager" WHERE "membership$manager"."name" = ?))sql");
static_assert(postgres_text<delete_where_through_join_composite_key> ==
              R"sql(DELETE FROM "membership" WHERE ("membership"."band", "membership"."manager") IN (SELECT "membership"."band", "membership"."manager" FROM "membership" LEFT JOIN "manager" AS "membership$manager" ON "membership$manager"."id" = "membership"."manager" WHERE "membership$manager"."name" = $1))sql");

using delete_returning = decltype(pc::delete_from<Band>().where(c<&Band::id> == 3).returning(c<&Band::name>));
static_assert(sqlite_text<delete_returning> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" = ? RETURNING "name")sql");
static_assert(postgres_text<delete_returning> ==
              R"sql(DELETE FROM "band" WHERE "band"."id" = $1 RETURNING "name")sql");

// ---- raw --------------------------------------------------------------------

// {} becomes the dialect's placeholder
using raw_rows = decltype(pc::raw<"SELECT name, popularity FROM band WHERE popularity > {} AND id < {}", std::tuple<std::string, int>>(600, 3));
static_assert(sqlite_text<raw_rows> ==
              R"sql(SELECT name, popularity FROM band WHERE popularity > ? AND id < ?)sql");
static_assert(postgres_text<raw_rows> ==
              R"sql(SELECT name, popularity FROM band WHERE popularity > $1 AND id < $2)sql");

// {{ and }} are literal braces
using raw_brace_escapes = decltype(pc::raw<"SELECT '{{}}', '}}{{' FROM band WHERE id = {}", std::string>(1));
static_assert(sqlite_text<raw_brace_escapes> ==
              R"sql(SELECT '{}', '}{' FROM band WHERE id = ?)sql");
static_assert(postgres_text<raw_brace_escapes> ==
              R"sql(SELECT '{}', '}{' FROM band WHERE id = $1)sql");

using raw_statement = decltype(pc::raw<"DELETE FROM band WHERE id = {}">(3));
static_assert(sqlite_text<raw_statement> ==
              R"sql(DELETE FROM band WHERE id = ?)sql");
static_assert(postgres_text<raw_statement> ==
              R"sql(DELETE FROM band WHERE id = $1)sql");

using raw_without_placeholders = decltype(pc::raw<"SELECT 1", int>());
static_assert(sqlite_text<raw_without_placeholders> == postgres_text<raw_without_placeholders>);
static_assert(sqlite_text<raw_without_placeholders> ==
              R"sql(SELECT 1)sql");

// ---- a query object that is not a constant ------------------------------------
// The text is a property of the query's type, so it is a constant even when the
// query holds run-time values.

// A condition compared as a value is parenthesised (PostgreSQL rejects "a" = "b" > $1).
using where_condition_compared = decltype(pc::select(c<&Ticket::id>).where(c<&Ticket::sold> == (c<&Ticket::id> > 3)));
static_assert(sqlite_text<where_condition_compared> ==
              R"sql(SELECT "ticket"."id" FROM "ticket" WHERE "ticket"."sold" = ("ticket"."id" > ?))sql");
static_assert(postgres_text<where_condition_compared> ==
              R"sql(SELECT "ticket"."id" FROM "ticket" WHERE "ticket"."sold" = ("ticket"."id" > $1))sql");

inline void text_of_a_runtime_query(int popularity, const std::string& name) {
  auto q = pc::select(c<&Band::name>)
               .where(c<&Band::popularity> == popularity && c<&Band::name> != name)
               .limit(popularity);
  static_assert(decltype(q)::sql<pc::sqlite_dialect>() ==
                R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" = ? AND "band"."name" <> ?) LIMIT ?)sql");
  static_assert(pc::sql_of<decltype(q), pc::postgres_dialect> ==
                R"sql(SELECT "band"."name" FROM "band" WHERE ("band"."popularity" = $1 AND "band"."name" <> $2) LIMIT $3)sql");
  // through the object, too
  static_assert(q.sql<pc::postgres_dialect>() == pc::sql_of<decltype(q), pc::postgres_dialect>);

  auto u = pc::update<Band>().set(c<&Band::name> = name).where(c<&Band::popularity> > popularity);
  static_assert(decltype(u)::sql<pc::sqlite_dialect>() ==
                R"sql(UPDATE "band" SET "name" = ? WHERE "band"."popularity" > ?)sql");
  static_assert(pc::sql_of<decltype(u), pc::postgres_dialect> ==
                R"sql(UPDATE "band" SET "name" = $1 WHERE "band"."popularity" > $2)sql");
}

}  // namespace music
