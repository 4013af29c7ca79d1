// The installed `piccolo` command:
//   piccolo schema generate --db <sqlite path | postgres conninfo/URI> [-o file.hpp] [--namespace ns]
//   piccolo schema graph    --db ...      (Graphviz dot on stdout)
//   piccolo sql-shell       --db ...      (psql / sqlite3 on the database)
// --db may also come from PICCOLO_DB. Exit codes: 0 done, 1 the database or the schema
// refused, 2 usage (a missing or unknown option), 127 sql-shell's program not found.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <piccolo/cli/database_option.hpp>
#include <piccolo/cli/generate.hpp>
#include <piccolo/cli/graph.hpp>
#include <piccolo/migrate/introspect.hpp>
#include <piccolo/sqlite.hpp>
#ifdef PICCOLO_TOOLS_WITH_POSTGRES
#include <piccolo/postgres.hpp>
#endif

namespace pc = piccolo;

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"piccolo: C++ structs from a live database, its schema as a graph, a SQL shell on it"};
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_usage;
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
