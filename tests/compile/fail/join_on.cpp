// join_on() (joins that follow no foreign key) with a condition that joins nothing, or
// more than one table, and the joined table's columns used where it is not joined.

// piccolo-expect: JOIN_ON_NON_CONDITION | piccolo: join_on..: the argument must be a condition
// piccolo-expect: JOIN_ON_AGGREGATE | piccolo: join_on..: an aggregate cannot join rows
// piccolo-expect: JOIN_ON_NO_NEW_TABLE | piccolo: join_on..: the condition names no table the query does not have yet
// piccolo-expect: JOIN_ON_SAME_TABLE_TWICE | piccolo: join_on..: the condition's table is joined by join_on.. already
// piccolo-expect: JOIN_ON_INNER_SAME_TABLE_TWICE | piccolo: join_on..: the condition's table is joined by join_on.. already
// piccolo-expect: JOIN_ON_OWN_TABLE | piccolo: join_on..: the condition names no table the query does not have yet
// piccolo-expect: JOIN_ON_INNER_UNRELATED | piccolo: join_on..: the condition names no column of the query's tables
// piccolo-expect: JOIN_ON_INNER_NON_CONDITION | piccolo: join_on..: the argument must be a condition
// piccolo-expect: JOIN_ON_TWO_NEW_TABLES | piccolo: join_on..: the condition names two tables the query does not have
// piccolo-expect: JOIN_ON_PATH_OF_JOINED_TABLE | piccolo: join_on..: a column of the joined table follows a foreign key
// piccolo-expect: JOIN_ON_UNRELATED | piccolo: join_on..: the condition names no column of the query's tables
// piccolo-expect: SELECT_OTHER_TABLE_WITHOUT_JOIN_RUN | piccolo: select..: every column must start at the same table, or at one joined with join_on
// piccolo-expect: WHERE_BEFORE_JOIN_ON | piccolo: where..: a column is not reachable from the query's table

#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

using namespace music;

void join_on(pc::sqlite::database& db) {
  auto ok = pc::select(c<&Band::name>, c<&Venue::id>)
                .join_on(c<&Band::name> == c<&Venue::city>)
                .where(c<&Venue::id> > 1)
                .order_by(c<&Venue::id>.desc());
  (void)db.run(ok);
  auto inner = pc::select(c<&Band::name>, c<&Venue::id>)
                   .inner_join_on(c<&Band::name> == c<&Venue::city>)
                   .join_on(c<&City::name> == c<&Venue::city>);
  (void)db.run(inner);
#ifdef JOIN_ON_NON_CONDITION
  (void)pc::select(c<&Band::name>).join_on(c<&Venue::city>);
#endif
#ifdef JOIN_ON_AGGREGATE
  (void)pc::select(c<&Band::name>).join_on(pc::max(c<&Venue::id>) == c<&Band::id>);
#endif
#ifdef JOIN_ON_NO_NEW_TABLE
  (void)pc::select(c<&Band::name>).join_on(c<&Band::name> == "x");
#endif
#ifdef JOIN_ON_SAME_TABLE_TWICE
  (void)pc::select(c<&Band::name>).join_on(c<&Band::name> == c<&Venue::city>).join_on(c<&Venue::id> == c<&Band::id>);
#endif
#ifdef JOIN_ON_INNER_SAME_TABLE_TWICE
  (void)pc::select(c<&Band::name>)
      .inner_join_on(c<&Band::name> == c<&Venue::city>)
      .inner_join_on(c<&Venue::id> == c<&Band::id>);
#endif
#ifdef JOIN_ON_OWN_TABLE
  (void)pc::select(c<&Band::name>).join_on(c<&Band::id> == c<&Band::popularity>);
#endif
#ifdef JOIN_ON_INNER_UNRELATED
  (void)pc::select(c<&Band::name>).inner_join_on(c<&Venue::city> == "x");
#endif
#ifdef JOIN_ON_INNER_NON_CONDITION
  (void)pc::select(c<&Band::name>).inner_join_on(c<&Venue::city>);
#endif
#ifdef JOIN_ON_TWO_NEW_TABLES
  (void)pc::select(c<&Band::name>).join_on(c<&Venue::city> == c<&City::name>);
#endif
#ifdef JOIN_ON_PATH_OF_JOINED_TABLE
  (void)pc::select(c<&Venue::city>).join_on(c<&City::country, &Country::name> == c<&Venue::city>);
#endif
#ifdef JOIN_ON_UNRELATED
  (void)pc::select(c<&Band::name>).join_on(c<&Venue::city> == "x");
#endif
#ifdef SELECT_OTHER_TABLE_WITHOUT_JOIN_RUN
  (void)db.run(pc::select(c<&Band::name>, c<&Venue::city>));
#endif
#ifdef WHERE_BEFORE_JOIN_ON
  (void)pc::select(c<&Band::name>).where(c<&Venue::id> > 1).join_on(c<&Band::name> == c<&Venue::city>);
#endif
}
