// Aggregates, grouping, having, distinct and aliases used where SQL (or one of the two
// engines) would refuse them, or answer with an arbitrary row.

// piccolo-expect: SELECT_COLUMN_BESIDE_AGGREGATE | piccolo: select..: a column beside an aggregate is not grouped
// piccolo-expect: SELECT_COLUMN_BESIDE_AGGREGATE_RUN | piccolo: select..: a column beside an aggregate is not grouped
// piccolo-expect: SELECT_WITHOUT_TABLE | piccolo: select..: no column names the table. write select<Band>
// piccolo-expect: SELECT_NON_EXPRESSION | piccolo: select..: takes columns, expressions and whole rows
// piccolo-expect: GROUP_BY_MISSES_A_COLUMN | piccolo: group_by..: a column of select.. or order_by.. is neither grouped nor inside an aggregate
// piccolo-expect: GROUP_BY_MISSES_AN_ORDER_COLUMN | piccolo: group_by..: a column of select.. or order_by.. is neither grouped nor inside an aggregate
// piccolo-expect: GROUP_BY_AGGREGATE | piccolo: group_by..: takes columns
// piccolo-expect: GROUP_BY_TWICE | piccolo: group_by..: the query is grouped already
// piccolo-expect: GROUP_BY_OBJECTS | piccolo: group_by..: groups the rows of select..
// piccolo-expect: GROUP_BY_UNREACHABLE_TABLE | piccolo: group_by..: a column is not reachable from the query's table
// piccolo-expect: HAVING_WITHOUT_GROUP_BY | piccolo: having..: filters groups. call group_by.. first
// piccolo-expect: HAVING_WITHOUT_AGGREGATE | piccolo: having..: the condition has no aggregate
// piccolo-expect: HAVING_NON_CONDITION | piccolo: having..: the argument must be a condition
// piccolo-expect: HAVING_UNGROUPED_COLUMN | piccolo: having..: a column is neither in group_by.. nor inside an aggregate
// piccolo-expect: WHERE_AGGREGATE | piccolo: where..: an aggregate .count, sum, avg, min, max. cannot filter rows
// piccolo-expect: UPDATE_WHERE_AGGREGATE | piccolo: where..: an aggregate .count, sum, avg, min, max. cannot filter rows
// piccolo-expect: ORDER_BY_UNGROUPED_COLUMN | piccolo: order_by..: a column is neither in group_by.. nor inside an aggregate
// piccolo-expect: ORDER_BY_UNKNOWN_ALIAS | piccolo: order_by..: no item of select.. has that alias
// piccolo-expect: ORDER_BY_ALIAS_OF_OBJECTS | piccolo: order_by..: no item of select.. has that alias
// piccolo-expect: SUM_OF_TEXT | piccolo: sum..: the argument is not a number
// piccolo-expect: AVG_OF_ENUM | piccolo: avg..: the argument is not a number
// piccolo-expect: MIN_OF_BOOLEAN | piccolo: min..: the argument has no order
// piccolo-expect: MAX_OF_BYTES | piccolo: max..: the argument has no order
// piccolo-expect: SUM_OF_AGGREGATE | piccolo: sum..: the argument already holds an aggregate
// piccolo-expect: COUNT_OF_VALUE | piccolo: count..: takes a column or expression
// piccolo-expect: DISTINCT_TWICE | piccolo: distinct..: the query is distinct already
// piccolo-expect: DISTINCT_THEN_DISTINCT_ON | piccolo: distinct_on..: the query is distinct already
// piccolo-expect: DISTINCT_OF_COUNT | piccolo: distinct..: applies to select.. and objects..
// piccolo-expect: DISTINCT_ON_THEN_OTHER_ORDER | piccolo: order_by..: with distinct_on.., order_by.. must start with the distinct_on.. columns
// piccolo-expect: ORDER_THEN_DISTINCT_ON_OTHER_COLUMN | piccolo: distinct_on..: order_by.. must start with the distinct_on.. columns
// piccolo-expect: DISTINCT_ON_EXPRESSION | piccolo: distinct_on..: takes columns
// piccolo-expect: DISTINCT_ON_RUN_ON_SQLITE | piccolo: run..: the query uses a clause SQLite does not have .distinct_on.. is PostgreSQL's.

#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

using namespace music;

void aggregates(pc::sqlite::database& db) {
  auto grouped = pc::select(c<&Band::manager>, pc::count(), pc::sum(c<&Band::popularity>).as<"total">())
                     .group_by(c<&Band::manager>)
                     .having(pc::count() > 1)
                     .order_by(pc::alias<"total">.desc(), c<&Band::manager>);
  (void)grouped.sql<pc::sqlite_dialect>();
  (void)db.run(grouped);
  (void)db.run(pc::select<Band>(pc::count(), pc::max(c<&Band::popularity>)));
#ifdef SELECT_COLUMN_BESIDE_AGGREGATE
  (void)pc::select(c<&Band::name>, pc::count()).sql<pc::postgres_dialect>();
#endif
#ifdef SELECT_COLUMN_BESIDE_AGGREGATE_RUN
  (void)db.run(pc::select(c<&Band::name>, pc::max(c<&Band::popularity>)));
#endif
#ifdef SELECT_WITHOUT_TABLE
  (void)pc::select(pc::count());
#endif
#ifdef SELECT_NON_EXPRESSION
  (void)pc::select(c<&Band::name>, 1);
#endif
#ifdef GROUP_BY_MISSES_A_COLUMN
  (void)pc::select(c<&Band::manager>, c<&Band::name>, pc::count()).group_by(c<&Band::manager>);
#endif
#ifdef GROUP_BY_MISSES_AN_ORDER_COLUMN
  (void)pc::select(c<&Band::manager>, pc::count()).order_by(c<&Band::name>).group_by(c<&Band::manager>);
#endif
#ifdef GROUP_BY_AGGREGATE
  (void)pc::select(c<&Band::manager>, pc::count()).group_by(pc::count());
#endif
#ifdef GROUP_BY_TWICE
  (void)pc::select(c<&Band::manager>, c<&Band::name>).group_by(c<&Band::manager>, c<&Band::name>).group_by(c<&Band::name>);
#endif
#ifdef GROUP_BY_OBJECTS
  (void)pc::objects<Band>().group_by(c<&Band::manager>);
#endif
#ifdef GROUP_BY_UNREACHABLE_TABLE
  (void)pc::select<Band>(pc::count()).group_by(c<&Manager::name>);
#endif
#ifdef HAVING_WITHOUT_GROUP_BY
  (void)pc::select<Band>(pc::count()).having(pc::count() > 1);
#endif
#ifdef HAVING_WITHOUT_AGGREGATE
  (void)pc::select(c<&Band::manager>, pc::count()).group_by(c<&Band::manager>).having(c<&Band::manager> == 1);
#endif
#ifdef HAVING_NON_CONDITION
  (void)pc::select(c<&Band::manager>, pc::count()).group_by(c<&Band::manager>).having(pc::count());
#endif
#ifdef HAVING_UNGROUPED_COLUMN
  (void)pc::select(c<&Band::manager>, pc::count()).group_by(c<&Band::manager>).having(pc::count() > c<&Band::popularity>);
#endif
#ifdef WHERE_AGGREGATE
  (void)pc::select(c<&Band::manager>, pc::count()).group_by(c<&Band::manager>).where(pc::count() > 1);
#endif
#ifdef UPDATE_WHERE_AGGREGATE
  (void)pc::update<Band>().set(c<&Band::popularity> = 1).where(pc::max(c<&Band::popularity>) > 1);
#endif
#ifdef ORDER_BY_UNGROUPED_COLUMN
  (void)pc::select(c<&Band::manager>, pc::count()).group_by(c<&Band::manager>).order_by(c<&Band::popularity>.desc());
#endif
#ifdef ORDER_BY_UNKNOWN_ALIAS
  (void)pc::select(c<&Band::name>.as<"band">()).order_by(pc::alias<"name">);
#endif
#ifdef ORDER_BY_ALIAS_OF_OBJECTS
  (void)pc::objects<Band>().order_by(pc::alias<"name">.desc());
#endif
#ifdef SUM_OF_TEXT
  (void)pc::sum(c<&Band::name>);
#endif
#ifdef AVG_OF_ENUM
  (void)pc::avg(c<&Ticket::genre>);
#endif
#ifdef MIN_OF_BOOLEAN
  (void)pc::min(c<&Ticket::sold>);
#endif
#ifdef MAX_OF_BYTES
  (void)pc::max(c<&AllTypes::data>);
#endif
#ifdef SUM_OF_AGGREGATE
  (void)pc::sum(pc::count());
#endif
#ifdef COUNT_OF_VALUE
  (void)pc::count(3);
#endif
}

void distinct(pc::sqlite::database& db) {
  (void)db.run(pc::select(c<&Band::manager>).distinct());
  (void)db.run(pc::objects<Band>().distinct().first());
  auto on = pc::select(c<&Band::manager>, c<&Band::name>)
                .distinct_on(c<&Band::manager>)
                .order_by(c<&Band::manager>, c<&Band::popularity>.desc());
  (void)on.sql<pc::postgres_dialect>();
  auto on_after_order = pc::select(c<&Band::name>)
                            .order_by(c<&Band::popularity>, c<&Band::manager>.desc(), c<&Band::name>)
                            .distinct_on(c<&Band::manager>, c<&Band::popularity>);
  (void)on_after_order.sql<pc::postgres_dialect>();
#ifdef DISTINCT_TWICE
  (void)pc::select(c<&Band::manager>).distinct().distinct();
#endif
#ifdef DISTINCT_THEN_DISTINCT_ON
  (void)pc::select(c<&Band::manager>).distinct().distinct_on(c<&Band::manager>);
#endif
#ifdef DISTINCT_OF_COUNT
  (void)pc::count<Band>().distinct();
#endif
#ifdef DISTINCT_ON_THEN_OTHER_ORDER
  (void)pc::select(c<&Band::name>).distinct_on(c<&Band::manager>).order_by(c<&Band::name>);
#endif
#ifdef ORDER_THEN_DISTINCT_ON_OTHER_COLUMN
  (void)pc::select(c<&Band::name>).order_by(c<&Band::popularity>).distinct_on(c<&Band::manager>);
#endif
#ifdef DISTINCT_ON_EXPRESSION
  (void)pc::select(c<&Band::name>).distinct_on(c<&Band::popularity> + 1);
#endif
#ifdef DISTINCT_ON_RUN_ON_SQLITE
  (void)db.run(on);
#endif
}
