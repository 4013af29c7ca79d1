// Introspection and schema verification named with something that is not a table or a
// schema.

// piccolo-expect: TABLE_EXISTS_OF_NOT_A_TABLE | piccolo: table_exists..: T is not a table
// piccolo-expect: TABLE_EXISTS_NOW_OF_NOT_A_TABLE | piccolo: table_exists..: T is not a table
// piccolo-expect: VERIFY_WITHOUT_A_SCHEMA | piccolo: verify_schema..: the second argument is not a schema

#include <piccolo/migrate.hpp>
#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

namespace broken {
using namespace music;

[[maybe_unused]] void check(pc::sqlite::database& db) {
  (void)db.run(pc::table_exists<Band>());
  (void)pc::table_exists<Band>(db);
  (void)pc::verify_schema(db, pc::schema<Manager, Band>{});
#ifdef TABLE_EXISTS_OF_NOT_A_TABLE
  (void)pc::table_exists<int>();
#endif
#ifdef TABLE_EXISTS_NOW_OF_NOT_A_TABLE
  (void)pc::table_exists<int>(db);
#endif
#ifdef VERIFY_WITHOUT_A_SCHEMA
  (void)pc::verify_schema(db, Band{});
#endif
}

}  // namespace broken
