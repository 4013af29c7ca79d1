// Subqueries (is_in, not_in, exists, scalar, pc::outer()) written so that SQL would refuse
// them or answer something else than they seem to ask.

// piccolo-expect: IS_IN_TWO_COLUMNS | piccolo: is_in..: the subquery must select exactly one column
// piccolo-expect: NOT_IN_OBJECTS | piccolo: not_in..: the subquery must select exactly one column
// piccolo-expect: IS_IN_OTHER_TYPE | piccolo: is_in..: the subquery's column does not match the column's type
// piccolo-expect: NOT_IN_OTHER_TYPE | piccolo: not_in..: the subquery's column does not match the column's type
// piccolo-expect: EXISTS_OF_VALUE | piccolo: exists..: takes a query
// piccolo-expect: EXISTS_OF_COUNT | piccolo: exists..: the subquery must return rows
// piccolo-expect: SCALAR_OF_VALUE | piccolo: scalar..: takes a query
// piccolo-expect: SCALAR_TWO_COLUMNS | piccolo: scalar..: the subquery must select exactly one column
// piccolo-expect: SCALAR_OF_OBJECTS | piccolo: scalar..: the subquery must select exactly one column
// piccolo-expect: SCALAR_COMPARED_WITH_OTHER_TYPE | piccolo: operator>: the two sides have unrelated types
// piccolo-expect: OUTER_OF_VALUE | piccolo: outer..: takes a column of the outer query
// piccolo-expect: OUTER_COLUMN_NOT_REACHABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: INNER_COLUMN_NOT_REACHABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: SCALAR_AS_WHERE | piccolo: where..: the argument must be a condition
// piccolo-expect: EXISTS_JOINS_OUTER_TABLE | piccolo: exists..: the subquery joins .join_on. the table of a pc::outer.. column
// piccolo-expect: IS_IN_JOINS_OUTER_TABLE | piccolo: is_in..: the subquery joins .join_on. the table of a pc::outer.. column

#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

using namespace music;

void subqueries(pc::sqlite::database& db) {
  auto managed_by_g = pc::select(c<&Manager::id>).where(c<&Manager::name>.like("G%"));
  (void)db.run(pc::objects<Band>().where(c<&Band::manager>.is_in(managed_by_g)));
  (void)db.run(pc::select(c<&Band::name>)
                   .where(!pc::exists(pc::select(c<&Concert::id>).where(c<&Concert::headliner> == pc::outer(c<&Band::id>))))
                   .where(c<&Band::popularity> > pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>)))));
#ifdef IS_IN_TWO_COLUMNS
  (void)c<&Band::manager>.is_in(pc::select(c<&Manager::id>, c<&Manager::name>));
#endif
#ifdef NOT_IN_OBJECTS
  (void)c<&Band::manager>.not_in(pc::objects<Manager>());
#endif
#ifdef IS_IN_OTHER_TYPE
  (void)c<&Band::manager>.is_in(pc::select(c<&Manager::name>));
#endif
#ifdef NOT_IN_OTHER_TYPE
  (void)c<&Band::name>.not_in(pc::select(c<&Manager::id>));
#endif
#ifdef EXISTS_OF_VALUE
  (void)pc::exists(42);
#endif
#ifdef EXISTS_OF_COUNT
  (void)pc::exists(pc::count<Concert>());
#endif
#ifdef SCALAR_OF_VALUE
  (void)pc::scalar(c<&Band::name>);
#endif
#ifdef SCALAR_TWO_COLUMNS
  (void)pc::scalar(pc::select<Band>(pc::min(c<&Band::popularity>), pc::max(c<&Band::popularity>)));
#endif
#ifdef SCALAR_OF_OBJECTS
  (void)pc::scalar(pc::objects<Band>().first());
#endif
#ifdef SCALAR_COMPARED_WITH_OTHER_TYPE
  (void)(c<&Band::name> > pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>))));
#endif
#ifdef OUTER_OF_VALUE
  (void)pc::outer(3);
#endif
#ifdef OUTER_COLUMN_NOT_REACHABLE
  (void)pc::select(c<&Manager::name>)
      .where(pc::exists(pc::select(c<&Concert::id>).where(c<&Concert::headliner> == pc::outer(c<&Band::id>))));
#endif
#ifdef INNER_COLUMN_NOT_REACHABLE
  (void)c<&Band::manager>.is_in(pc::select(c<&Manager::id>).where(c<&Band::name> == "x"));
#endif
#ifdef EXISTS_JOINS_OUTER_TABLE
  (void)pc::exists(pc::select(c<&Concert::id>)
                       .join_on(c<&Concert::id> == c<&Band::popularity>)
                       .where(c<&Band::name> == pc::outer(c<&Band::name>)));
#endif
#ifdef IS_IN_JOINS_OUTER_TABLE
  (void)c<&Band::id>.is_in(pc::select(c<&Concert::headliner>)
                               .join_on(c<&Concert::id> == c<&Band::popularity>)
                               .where(c<&Band::name> == pc::outer(c<&Band::name>)));
#endif
#ifdef SCALAR_AS_WHERE
  (void)pc::objects<Band>().where(pc::scalar(pc::select<Band>(pc::max(c<&Band::popularity>))));
#endif
}
