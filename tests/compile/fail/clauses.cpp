// Columns that do not belong where they are used: join paths that do not follow
// foreign keys, columns of tables a query cannot reach, where() arguments that are not
// conditions, returning() columns of another table.

// piccolo-expect: PATH_THROUGH_NON_FOREIGN_KEY | piccolo: c<>: join path: every member before the last must be a pc::foreign_key
// piccolo-expect: PATH_ONTO_WRONG_TABLE | piccolo: c<>: join path: a member after a foreign key must belong to the table that foreign key references
// piccolo-expect: SELECT_TWO_ROOT_TABLES | piccolo: select..: every column must start at the same table
// piccolo-expect: SELECT_NON_COLUMN | piccolo: select..: takes columns
// piccolo-expect: WHERE_UNREACHABLE_TABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: WHERE_PATH_FROM_OTHER_ROOT | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: WHERE_BARE_COLUMN | piccolo: where..: the argument must be a condition
// piccolo-expect: WHERE_ARITHMETIC | piccolo: where..: the argument must be a condition
// piccolo-expect: WHERE_VALUE | piccolo: where..: the argument must be a condition
// piccolo-expect: ORDER_BY_UNREACHABLE_TABLE | piccolo: order_by..: a column is not reachable from the query's table
// piccolo-expect: ORDER_BY_CONDITION | piccolo: order_by..: takes columns
// piccolo-expect: OBJECTS_WHERE_UNREACHABLE_TABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: COUNT_WHERE_NON_CONDITION | piccolo: where..: the argument must be a condition
// piccolo-expect: UPDATE_WHERE_UNREACHABLE_TABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: DELETE_WHERE_UNREACHABLE_TABLE | piccolo: where..: a column is not reachable from the query's table
// piccolo-expect: DELETE_WHERE_NON_CONDITION | piccolo: where..: the argument must be a condition
// piccolo-expect: INSERT_RETURNING_OTHER_TABLE | piccolo: returning..: names a column of another table
// piccolo-expect: INSERT_RETURNING_THROUGH_PATH | piccolo: returning..: names a column of another table
// piccolo-expect: UPDATE_RETURNING_OTHER_TABLE | piccolo: returning..: names a column of another table
// piccolo-expect: DELETE_RETURNING_OTHER_TABLE | piccolo: returning..: names a column of another table

#include "../schema.hpp"

using namespace music;

void join_paths() {
  (void)c<&Concert::headliner, &Band::manager, &Manager::name>;
#ifdef PATH_THROUGH_NON_FOREIGN_KEY
  (void)c<&Band::name, &Manager::name>;
#endif
#ifdef PATH_ONTO_WRONG_TABLE
  (void)c<&Band::manager, &Band::name>;
#endif
}

void select_clauses() {
  auto ok = pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>)
                .where(c<&Band::manager, &Manager::name> == "Guido")
                .order_by(c<&Band::manager, &Manager::name>.desc());
  (void)ok;
#ifdef SELECT_TWO_ROOT_TABLES
  // checked where the text is made: a join_on() may still join the other table
  (void)pc::select(c<&Band::name>, c<&Manager::name>).sql<pc::sqlite_dialect>();
#endif
#ifdef SELECT_NON_COLUMN
  (void)pc::select(c<&Band::name>, "popularity");
#endif
#ifdef WHERE_UNREACHABLE_TABLE
  (void)pc::select(c<&Band::name>).where(c<&Manager::name> == "Guido");
#endif
#ifdef WHERE_PATH_FROM_OTHER_ROOT
  (void)pc::select(c<&Band::name>).where(c<&Concert::headliner, &Band::name> == "x");
#endif
#ifdef WHERE_BARE_COLUMN
  (void)pc::select(c<&Band::name>).where(c<&Band::popularity>);
#endif
#ifdef WHERE_ARITHMETIC
  (void)pc::select(c<&Band::name>).where(c<&Band::popularity> + 1);
#endif
#ifdef WHERE_VALUE
  (void)pc::select(c<&Band::name>).where(true);
#endif
#ifdef ORDER_BY_UNREACHABLE_TABLE
  (void)pc::select(c<&Band::name>).order_by(c<&Manager::name>.desc());
#endif
#ifdef ORDER_BY_CONDITION
  (void)pc::select(c<&Band::name>).order_by(c<&Band::popularity> > 1);
#endif
#ifdef OBJECTS_WHERE_UNREACHABLE_TABLE
  (void)pc::objects<Band>().get(c<&Manager::id> == 1);
#endif
#ifdef COUNT_WHERE_NON_CONDITION
  (void)pc::count<Band>().where(c<&Band::name>);
#endif
}

void write_clauses() {
  (void)pc::update<Band>().set(c<&Band::popularity> = 1).where(c<&Band::manager, &Manager::name> == "x");
  (void)pc::delete_from<Band>().where(c<&Band::manager, &Manager::name> == "x").returning(c<&Band::id>);
  (void)pc::insert(Band{}).returning(c<&Band::id>, c<&Band::name>);
#ifdef UPDATE_WHERE_UNREACHABLE_TABLE
  (void)pc::update<Band>().set(c<&Band::popularity> = 1).where(c<&Manager::name> == "x");
#endif
#ifdef DELETE_WHERE_UNREACHABLE_TABLE
  (void)pc::delete_from<Band>().where(c<&Manager::name> == "x");
#endif
#ifdef DELETE_WHERE_NON_CONDITION
  (void)pc::delete_from<Band>().where(c<&Band::id> * 2);
#endif
#ifdef INSERT_RETURNING_OTHER_TABLE
  (void)pc::insert(Band{}).returning(c<&Manager::id>);
#endif
#ifdef INSERT_RETURNING_THROUGH_PATH
  (void)pc::insert(Band{}).returning(c<&Band::id>, c<&Band::manager, &Manager::name>);
#endif
#ifdef UPDATE_RETURNING_OTHER_TABLE
  (void)pc::update<Band>().set(c<&Band::popularity> = 1).force().returning(c<&Manager::id>);
#endif
#ifdef DELETE_RETURNING_OTHER_TABLE
  (void)pc::delete_from<Band>().force().returning(c<&Manager::name>);
#endif
}
