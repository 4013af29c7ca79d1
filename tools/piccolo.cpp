// The installed `piccolo` command:
//   piccolo schema generate --db <sqlite path | postgres conninfo/URI> [-o file.hpp] [--namespace ns]
//   piccolo schema graph    --db ...      (Graphviz dot on stdout)
//   piccolo sql-shell       --db ...      (psql / sqlite3 on the database)
//   piccolo playground      [--db ...] [--replace] [--migrations]
//                           (the example schema with data: a new SQLite file in the temp
//                           directory by default; --migrations: the migration tour)
// --db may also come from PICCOLO_DB (not for playground, which never touches a database
// it was not named). Exit codes: 0 done, 1 the database or the schema refused, 2 usage (a
// missing or unknown option), 127 sql-shell's program not found.

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <piccolo/cli/database_option.hpp>
#include <piccolo/cli/generate.hpp>
#include <piccolo/cli/graph.hpp>
#include <piccolo/migrate.hpp>
#include <piccolo/sqlite.hpp>

#include "playground_schema.hpp"
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
#include <piccolo/postgres.hpp>
#endif

namespace pc = piccolo;

// ---- the playground: examples/playground_schema.hpp's tables with the example's rows ----
namespace playground {

// The example's rows (docs/playground.md), inside the caller's transaction.
template <class Transaction>
void insert_rows(Transaction& tx) {
  using namespace std::chrono;
  tx.run(pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}, Manager{.name = "Anders"}));
  tx.run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = 1000},
                    Band{.name = "Rustaceans", .manager = 2, .popularity = 500},
                    Band{.name = "C-Sharps", .manager = 3, .popularity = 700}));
  tx.run(pc::insert(Venue{.name = "Amazing Venue", .capacity = 5000}, Venue{.name = "Small Venue", .capacity = 200}));
  tx.run(pc::insert(Concert{.band_1 = 1, .band_2 = 2, .venue = 1, .starts = sys_days{2025y / June / 21} + 20h,
                            .duration_minutes = 120},
                    Concert{.band_1 = 3, .band_2 = 1, .venue = 2, .starts = sys_days{2025y / June / 28} + 19h + 30min,
                            .duration_minutes = 90}));
  tx.run(pc::insert(Ticket{.concert = 1, .price = 50.0},
                    Ticket{.concert = 1, .price = 75.0, .ticket_type = TicketType::sitting},
                    Ticket{.concert = 1, .price = 150.0, .ticket_type = TicketType::premium},
                    Ticket{.concert = 2, .price = 20.0},
                    Ticket{.concert = 2, .price = 35.0, .ticket_type = TicketType::sitting}));
}

template <class Database>
bool has_example_tables(Database& db) {
  return pc::table_exists<Manager>(db) || pc::table_exists<Band>(db) || pc::table_exists<Venue>(db) ||
         pc::table_exists<Concert>(db) || pc::table_exists<Ticket>(db);
}

template <class Database>
std::string row_counts(Database& db) {
  return "manager " + std::to_string(db.run(pc::count<Manager>())) + ", band " + std::to_string(db.run(pc::count<Band>())) +
         ", venue " + std::to_string(db.run(pc::count<Venue>())) + ", concert " +
         std::to_string(db.run(pc::count<Concert>())) + ", ticket " + std::to_string(db.run(pc::count<Ticket>())) +
         " rows";
}

// The tables in foreign-key order and the example's rows, in one transaction; the row
// counts. Nothing when the tables exist and replace is not given.
template <class Database>
std::optional<std::string> fill(Database& db, bool replace) {
  if (has_example_tables(db) && !replace) return std::nullopt;
  auto tx = db.begin();
  tx.run(pc::drop_tables<Manager, Band, Venue, Concert, Ticket>().if_exists());
  tx.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket>());
  insert_rows(tx);
  tx.commit();
  return row_counts(db);
}

// ---- the migration tour: the example schema as its first migration, then two changes of Band

// Band, a year later: when each band was founded.
struct BandFounded {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  pc::foreign_key<Manager> manager;
  int popularity = 0;
  std::optional<std::string> website;
  std::optional<std::int32_t> founded;
  static constexpr auto column_options() { return pc::options(pc::unique<&BandFounded::name>); }
};

// ... and then "founded" is called "formed".
struct BandFormed {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  pc::foreign_key<Manager> manager;
  int popularity = 0;
  std::optional<std::string> website;
  std::optional<std::int32_t> formed;
  static constexpr auto column_options() { return pc::options(pc::unique<&BandFormed::name>); }
};

using schema_v1 = pc::schema<Manager, Band, Venue, Concert, Ticket>;
using schema_v2 = pc::schema<Manager, BandFounded, Venue, Concert, Ticket>;
using schema_v3 = pc::schema<Manager, BandFormed, Venue, Concert, Ticket>;

// Each step as the user's own program (pc::cli::main) would print it, with the library
// calls that do it, so that the tour shows both.
template <class Database>
void migration_tour(Database& db, const std::filesystem::path& directory, std::ostream& out) {
  const pc::migrate_options show{
      .on_done = [&](const pc::migration_step& step) {
        out << "   " << (step.forwards ? "forwards " : "backwards ") << step.id << ' ' << step.description << " ... "
            << step.duration.count() / 1000 << " ms\n";
        for (const std::string& sql : step.sql) {
          std::string indented = "     " + sql;  // a rebuild's text holds several lines
          for (std::size_t at = indented.find('\n'); at != std::string::npos; at = indented.find('\n', at + 1))
            indented.insert(at + 1, "     ");
          out << indented << '\n';
        }
      }};
  auto make = [&](const pc::schema_snapshot& compiled, const pc::diff_options& options, const std::string& description) {
    std::vector<pc::migration> all = pc::read_migrations(directory);
    std::optional<pc::migration> next = pc::make_auto_migration(all, compiled, options, description);
    const std::filesystem::path file = pc::write_migration(directory, *next);
    out << "   created " << file.filename().string() << " (" << description << ")\n";
    for (const pc::migration_operation& op : next->operations) out << "     " << pc::to_string(op) << '\n';
    return pc::read_migrations(directory);
  };
  const pc::schema_snapshot v1 = pc::snapshot_of(schema_v1{});
  const pc::schema_snapshot v2 = pc::snapshot_of(schema_v2{});
  const pc::schema_snapshot v3 = pc::snapshot_of(schema_v3{});

  out << "\n1. The example schema becomes the first migration (app migrations new --auto;\n"
         "   pc::make_auto_migration + pc::write_migration)\n";
  std::vector<pc::migration> all = make(v1, {}, "the example schema");

  out << "\n2. Applied, then the example's rows inserted (app migrations forwards; pc::migrate_forwards)\n";
  pc::migrate_forwards(db, all, show);
  db.transaction([](auto& tx) { insert_rows(tx); });
  out << "   " << row_counts(db) << '\n';
  out << "   check: " << (pc::check_migrations(db, all, v1).ok() ? "up to date" : "NOT up to date") << '\n';

  out << "\n3. Band gets a member std::optional<std::int32_t> founded: the database no longer\n"
         "   matches (app migrations check; pc::check_migrations)\n";
  for (const pc::schema_difference& d : pc::check_migrations(db, all, v2).drift) out << "   drift: " << d.to_string() << '\n';
  all = make(v2, {}, "band founded");
  pc::migrate_forwards(db, all, show);

  out << "\n4. \"founded\" is renamed \"formed\": a rename is never guessed\n";
  try {
    make(v3, {}, "band formed");
  } catch (const pc::diff_error& e) {
    out << "   refused: " << e.engine_message() << '\n';
  }
  all = make(v3, {.renames = {{"band.founded", "formed"}}}, "band formed");
  pc::migrate_forwards(db, all, show);
  out << "   band: " << db.run(pc::count<Band>()) << " rows kept\n";

  out << "\n5. Back two steps (app migrations backwards 2; pc::migrate_backwards)\n";
  pc::migrate_backwards(db, all, {.target = "2", .on_done = show.on_done});
  for (const pc::migration_status& s : pc::migration_statuses(db, all))
    out << "   " << (s.applied ? "applied  " : "pending  ") << s.id << "  " << s.description << '\n';
  out << "   band: " << db.run(pc::count<Band>()) << " rows kept; the schema is the example's again: "
      << (pc::verify_schema(db, schema_v1{}).empty() ? "verified" : "NOT verified") << '\n';
}

}  // namespace playground

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr int exit_program_missing = 127;

struct failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A plain path must name an existing file: SQLite would create an empty database, and
// "generate" would then write a header of nothing.
bool is_plain_sqlite_path(const std::string& db) { return db != ":memory:" && !db.starts_with("file:"); }

struct live_schema {
  pc::schema_snapshot snapshot;
  pc::dialect_id dialect;
};

live_schema read_schema(const std::string& db) {
  if (pc::cli::engine_of(db) == pc::cli::engine::sqlite) {
    if (is_plain_sqlite_path(db) && !std::filesystem::is_regular_file(db))
      throw failure("no SQLite database at \"" + db + "\"; give the path of an existing file, or a PostgreSQL "
                    "conninfo (host=... dbname=...) or URI (postgresql://...)");
    pc::sqlite::database connection{db, {.write_ahead_log = false}};  // leave the file's journal mode alone
    return {pc::introspect(connection, pc::dialect_id::sqlite), pc::dialect_id::sqlite};
  }
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
  pc::postgres::database connection{db};
  return {pc::introspect(connection, pc::dialect_id::postgres), pc::dialect_id::postgres};
#else
  throw failure("this piccolo was built without PostgreSQL (libpq); rebuild it with libpq-dev installed");
#endif
}

void write_file_or_stdout(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") return void(std::cout << text);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!(file << text) || !(file.flush()))
    throw failure("cannot write \"" + path + "\": " + std::strerror(errno));
}

[[noreturn]] void exec_shell(const std::string& db) {
  const bool sqlite = pc::cli::engine_of(db) == pc::cli::engine::sqlite;
  const std::string program = sqlite ? "sqlite3" : "psql";
  std::vector<std::string> arguments{program, db};
  std::vector<char*> argv;
  for (std::string& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execvp(program.c_str(), argv.data());
  const int error = errno;
  std::cerr << "piccolo sql-shell: cannot start " << program << ": " << std::strerror(error) << "; "
            << (sqlite ? "install the sqlite3 shell (Debian: apt-get install sqlite3)"
                       : "install psql (Debian: apt-get install postgresql-client)")
            << " and make sure it is on PATH\n";
  std::exit(error == ENOENT ? exit_program_missing : exit_failure);
}

// A new file in the temp directory: a playground never overwrites anything by default.
std::string new_playground_file() {
  std::string path = (std::filesystem::temp_directory_path() / "piccolo-playground-XXXXXX.sqlite").string();
  const int fd = ::mkstemps(path.data(), 7);
  if (fd < 0) throw failure("cannot create a file in " + std::filesystem::temp_directory_path().string() + ": " +
                            std::strerror(errno) + "; pass --db <path> to put the playground elsewhere");
  ::close(fd);
  return path;
}

// The text as one word of a POSIX shell command line, for the commands it prints to copy.
std::string shell_quoted(const std::string& text) {
  if (text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:@") == std::string::npos)
    return text;
  std::string quoted = "'";
  for (char ch : text) quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return quoted + "'";
}

// A new directory in the temp directory, for the migration tour's files.
std::filesystem::path new_migrations_directory() {
  std::string path = (std::filesystem::temp_directory_path() / "piccolo-playground-migrations-XXXXXX").string();
  if (!::mkdtemp(path.data()))
    throw failure("cannot create a directory in " + std::filesystem::temp_directory_path().string() + ": " +
                  std::strerror(errno));
  return path;
}

// The migration tour on db: the example's tables (and the history table) are dropped
// first, so it needs a new file or --replace.
template <class Database>
std::optional<std::string> tour(Database& db, bool replace) {
  if ((playground::has_example_tables(db) || pc::detail::history_exists(db)) && !replace) return std::nullopt;
  db.run(pc::drop_tables<playground::Manager, playground::Band, playground::Venue, playground::Concert,
                         playground::Ticket>().if_exists());
  db.execute("DROP TABLE IF EXISTS " + std::string(pc::migration_table_name));
  const std::filesystem::path directory = new_migrations_directory();
  std::cout << "piccolo playground: the migration tour, its files in " << directory.string() << '\n';
  playground::migration_tour(db, directory, std::cout);
  return playground::row_counts(db);
}

// piccolo playground: the example schema with data, then where to go from there.
int run_playground(std::string db, bool replace, bool migrations) {
  const bool temporary = db.empty();
  if (temporary) db = new_playground_file();
  std::optional<std::string> filled;
  if (pc::cli::engine_of(db) == pc::cli::engine::sqlite) {
    pc::sqlite::database connection{db};
    filled = migrations ? tour(connection, replace) : playground::fill(connection, replace);
  } else {
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
    pc::postgres::database connection{db};
    filled = migrations ? tour(connection, replace) : playground::fill(connection, replace);
#else
    throw failure("this piccolo was built without PostgreSQL (libpq); rebuild it with libpq-dev installed");
#endif
  }
  if (!filled)
    throw failure("the database \"" + db + "\" already has tables of the example (manager, band, venue, concert, "
                  "ticket); pass --replace to drop and re-create them (their rows are lost), or leave out --db for a "
                  "new SQLite file");
  const std::string quoted = shell_quoted(db);
  if (migrations) std::cout << '\n';
  std::cout << "piccolo playground: the example schema with data in " << pc::cli::engine_name(pc::cli::engine_of(db))
            << " database " << db << "\n  " << *filled << "\n\n"
            << "Try:\n"
            << "  piccolo sql-shell --db " << quoted << "          SQL on it: SELECT name, popularity FROM band;\n"
            << "  piccolo schema graph --db " << quoted << " | dot -Tsvg > schema.svg\n"
            << "  piccolo schema generate --db " << quoted << "    the C++ structs of its tables\n"
            << "  the migration cycle with your own program: docs/migrations.md, \"The migration tool in your program\"\n";
  if (temporary) std::cout << "It is a scratch file: remove " << db << " when done.\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"piccolo: C++ structs from a live database, its schema as a graph, a SQL shell on it, a playground"};
  app.require_subcommand(1);

  std::string db_given;
  auto add_db_option = [&](CLI::App* command) {
    command->add_option("--db", db_given,
                        "the database: a SQLite path (or file: URI, :memory:), or a PostgreSQL conninfo "
                        "(host=... dbname=...) or URI (postgresql://...); default: $PICCOLO_DB");
  };

  CLI::App* schema = app.add_subcommand("schema", "the schema of a live database");
  schema->require_subcommand(1);

  std::string output, name_space = "generated";
  CLI::App* generate = schema->add_subcommand("generate", "write a C++ header of table structs for the database");
  add_db_option(generate);
  generate->add_option("-o,--output", output, "the header to write (default: stdout)");
  generate->add_option("--namespace", name_space, "the namespace of the structs (\"\": none)")->capture_default_str();

  CLI::App* graph = schema->add_subcommand("graph", "print the tables and foreign keys as Graphviz dot");
  add_db_option(graph);

  CLI::App* shell = app.add_subcommand("sql-shell", "start psql or sqlite3 on the database");
  add_db_option(shell);

  std::string playground_db;
  bool replace = false;
  CLI::App* playground_command =
      app.add_subcommand("playground", "the example schema with data, in a new SQLite file (or --db)");
  playground_command->add_option("--db", playground_db,
                                 "where instead of a new SQLite file in the temp directory: a SQLite path or a "
                                 "PostgreSQL conninfo or URI");
  playground_command->add_flag("--replace", replace,
                               "drop and re-create the example's tables when the database has them");
  bool migrations = false;
  playground_command->add_flag("--migrations", migrations,
                               "the migration tour: the example schema as migrations, forwards, a change, a "
                               "rename, backwards");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_usage;
  }

  if (playground_command->parsed()) {
    try {
      return run_playground(playground_db, replace, migrations);
    } catch (const failure& e) {
      std::cerr << "piccolo playground: " << e.what() << '\n';
    } catch (const std::exception& e) {
      std::string_view what = e.what();
      if (what.starts_with("piccolo: ")) what.remove_prefix(9);
      std::cerr << "piccolo playground: " << (playground_db.empty() ? std::string("the new file") : "\"" + playground_db + "\"")
                << ": " << what << '\n';
    }
    return exit_failure;
  }

  const std::optional<std::string> db = pc::cli::database_text(db_given);
  if (!db) {
    std::cerr << "piccolo: no database given; pass --db <sqlite path | postgres conninfo or URI>, or set PICCOLO_DB\n";
    return exit_usage;
  }

  try {
    if (shell->parsed()) exec_shell(*db);
    const live_schema live = read_schema(*db);
    if (graph->parsed()) {
      std::cout << pc::cli::schema_graph(live.snapshot, live.dialect);
      return 0;
    }
    pc::cli::generated_header header;
    try {
      header = pc::cli::generate_header(live.snapshot, live.dialect, {.name_space = name_space});
    } catch (const pc::error& e) {  // the schema's fault, not the database's
      throw failure(e.engine_message());
    }
    for (const std::string& warning : header.warnings) std::cerr << "piccolo schema generate: warning: " << warning << '\n';
    write_file_or_stdout(output, header.text);
    if (!output.empty() && output != "-")
      std::cerr << "piccolo schema generate: wrote " << live.snapshot.tables.size() << " table(s) to " << output << '\n';
    return 0;
  } catch (const failure& e) {
    std::cerr << "piccolo: " << e.what() << '\n';
  } catch (const pc::error& e) {
    std::string_view what = e.what();
    if (what.starts_with("piccolo: ")) what.remove_prefix(9);
    std::cerr << "piccolo: " << pc::cli::engine_name(pc::cli::engine_of(*db)) << " database \"" << *db
              << "\": " << what << '\n';
  } catch (const std::exception& e) {
    std::cerr << "piccolo: " << e.what() << '\n';
  }
  return exit_failure;
}
