// A user's program whose binary is its migration tool (pc::cli::main), at three versions
// of its schema, chosen by -DAPP_VERSION (tools/CMakeLists.txt builds each one):
//   1: Manager, Band
//   2: Band gets a nullable column (website), and a table Venue is added
//   3: Band.website is renamed to homepage (a rename the tool must be told about)
// migrate_test.cmake runs the migration cycle through them as processes.
//
// Besides pc::cli::main's commands, for the test only:
//   migrate_app_vN reset --db DB          drops the tables and the history
//   migrate_app_vN insert-band NAME --db DB   a manager and a band (data the migrations keep)
//   migrate_app_vN count-bands --db DB    prints the number of bands
// and MIGRATE_APP_INTERACTIVE=1 makes it ask about renames as on a terminal.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <piccolo/cli/main.hpp>

#ifndef APP_VERSION
#error "build with -DAPP_VERSION=1, 2 or 3"
#endif

namespace pc = piccolo;

struct Manager {
  pc::serial id;
  pc::varchar<50> name;
};

struct Band {
  pc::serial id;
  pc::varchar<50> name;
  pc::foreign_key<Manager> manager;
  int popularity = 0;
#if APP_VERSION == 2
  std::optional<std::string> website;
#elif APP_VERSION == 3
  std::optional<std::string> homepage;
#endif
  static constexpr auto column_options() { return pc::options(pc::unique<&Band::name>); }
};

#if APP_VERSION >= 2
struct Venue {
  pc::serial id;
  pc::varchar<100> name;
};
using app_schema = pc::schema<Manager, Band, Venue>;
#else
using app_schema = pc::schema<Manager, Band>;
#endif

namespace {

template <class Database>
int test_helper(Database& db, const std::string& command, const std::string& argument) {
  if (command == "reset") {
    if constexpr (std::is_same_v<Database, pc::postgres::database>) {
      // other tests' tables in the same database may reference these (the playground's ticket, ...)
      db.run(pc::raw<"DROP TABLE IF EXISTS band, venue, manager, slow_step, piccolo_migration CASCADE">());
    } else {
      db.run(pc::raw<"DROP TABLE IF EXISTS band">());
      db.run(pc::raw<"DROP TABLE IF EXISTS venue">());
      db.run(pc::raw<"DROP TABLE IF EXISTS manager">());
      db.run(pc::raw<"DROP TABLE IF EXISTS slow_step">());  // a migration of the kill test
      db.run(pc::raw<"DROP TABLE IF EXISTS piccolo_migration">());
    }
    return 0;
  }
  if (command == "insert-band") {
    std::vector<std::int64_t> ids = db.run(pc::insert(Manager{.name = "Guido"}).returning(pc::c<&Manager::id>));
    db.run(pc::insert(Band{.name = argument, .manager = ids[0], .popularity = 1000}));
    return 0;
  }
  std::cout << db.run(pc::count<Band>()) << '\n';
  return 0;
}

// `helper [ARG] --db DB`, or nothing when argv is a pc::cli::main command line.
std::optional<int> run_test_helper(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string command = argv[1];
  if (command != "reset" && command != "insert-band" && command != "count-bands") return std::nullopt;
  std::string db, argument;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else argument = argv[i];
  }
  if (pc::cli::engine_of(db) == pc::cli::engine::sqlite) {
    pc::sqlite::database database{db};
    return test_helper(database, command, argument);
  }
  pc::postgres::database database{db};
  return test_helper(database, command, argument);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (std::optional<int> code = run_test_helper(argc, argv)) return *code;
  } catch (const std::exception& e) {
    std::cerr << "migrate_app: " << e.what() << '\n';
    return 1;
  }
  // MIGRATE_APP_INTERACTIVE=1: ask about renames as on a terminal (answers from stdin)
  pc::cli::main_options options;
  if (const char* interactive = std::getenv("MIGRATE_APP_INTERACTIVE")) options.interactive = std::string_view(interactive) == "1";
  return pc::cli::main(argc, argv, app_schema{}, options);
}
