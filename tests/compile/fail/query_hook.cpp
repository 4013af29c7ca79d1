// db.on_query(hook) with a hook that cannot take the event.

// piccolo-expect: HOOK_TAKES_NOTHING | piccolo: on_query..: the hook is not callable as hook.const pc::query_event&.
// piccolo-expect: HOOK_TAKES_A_STRING | piccolo: on_query..: the hook is not callable as hook.const pc::query_event&.
// piccolo-expect: HOOK_TAKES_A_MUTABLE_EVENT_ON_POSTGRES | piccolo: on_query..: the hook is not callable as hook.const pc::query_event&.

#include <string>

#include <piccolo/postgres.hpp>
#include <piccolo/sqlite.hpp>


void hooks(piccolo::sqlite::database& db, piccolo::postgres::database& pg) {
  db.on_query([](const piccolo::query_event& e) { (void)e.sql; });
  db.on_query({});
  pg.on_query([](auto&&) {});
#ifdef HOOK_TAKES_NOTHING
  db.on_query([] {});
#endif
#ifdef HOOK_TAKES_A_STRING
  db.on_query([](const std::string&) {});
#endif
#ifdef HOOK_TAKES_A_MUTABLE_EVENT_ON_POSTGRES
  pg.on_query([](piccolo::query_event&) {});
#endif
}
