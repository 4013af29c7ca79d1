// piccolo_tools_create_schema <db>: creates the round-trip schema (roundtrip_schema.hpp)
// with piccolo, dropping it first, on a SQLite path or a PostgreSQL conninfo.

#include <iostream>

#include <piccolo/cli/database_option.hpp>
#include <piccolo/sqlite.hpp>
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
#include <piccolo/postgres.hpp>
#endif

#include "roundtrip_schema.hpp"

namespace {
template <class Database>
void create(Database& db) {
  using namespace original;
  db.run(pc::drop_tables<Manager, Band, Venue, Concert, Ticket, RecordingStudio>().if_exists());
  db.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket, RecordingStudio>());
}
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
void create(piccolo::postgres::database& db) {
  using namespace original;
  db.run(pc::drop_table<PostgresTypes>().if_exists());
  db.run(pc::drop_tables<Manager, Band, Venue, Concert, Ticket, RecordingStudio>().if_exists());
  db.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket, RecordingStudio, PostgresTypes>());
}
#endif
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: piccolo_tools_create_schema <sqlite path | postgres conninfo>\n";
    return 2;
  }
  try {
    if (piccolo::cli::engine_of(argv[1]) == piccolo::cli::engine::sqlite) {
      piccolo::sqlite::database db{argv[1]};
      create(db);
    } else {
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
      piccolo::postgres::database db{argv[1]};
      create(db);
#else
      std::cerr << "built without PostgreSQL\n";
      return 1;
#endif
    }
  } catch (const std::exception& e) {
    std::cerr << "piccolo_tools_create_schema: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
