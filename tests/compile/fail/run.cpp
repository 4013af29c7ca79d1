// db.run() of an UPDATE or DELETE that names no rows: neither where() nor force().

// piccolo-expect: DELETE_WITHOUT_WHERE_OR_FORCE | piccolo: run..: UPDATE and DELETE need .where..... or .force..
// piccolo-expect: UPDATE_WITHOUT_WHERE_OR_FORCE | piccolo: run..: UPDATE and DELETE need .where..... or .force..
// piccolo-expect: UPDATE_WITHOUT_SET | piccolo: run..: UPDATE and DELETE need .where..... or .force.. .and an UPDATE needs .set
// piccolo-expect: UPDATE_SET_COMPARISON | piccolo: set..: assign columns of the updated table, written c<&T::member> = value

#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

using namespace music;

void run(pc::sqlite::database& db) {
  db.run(pc::delete_from<Band>().where(c<&Band::id> == 1));
  db.run(pc::delete_from<Band>().force());
  db.run(pc::update<Band>().set(c<&Band::popularity> = 0).where(c<&Band::id> == 1));
  db.run(pc::update<Band>().set(c<&Band::popularity> = 0).force());
#ifdef DELETE_WITHOUT_WHERE_OR_FORCE
  db.run(pc::delete_from<Band>());
#endif
#ifdef UPDATE_WITHOUT_WHERE_OR_FORCE
  db.run(pc::update<Band>().set(c<&Band::popularity> = 0));
#endif
#ifdef UPDATE_WITHOUT_SET
  db.run(pc::update<Band>().where(c<&Band::id> == 1));
#endif
#ifdef UPDATE_SET_COMPARISON
  db.run(pc::update<Band>().set(c<&Band::popularity> == 0).where(c<&Band::id> == 1));
#endif
}
