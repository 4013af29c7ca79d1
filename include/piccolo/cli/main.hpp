#pragma once
// pc::cli::main: a program's own binary becomes its migration tool, in one line:
//
//   int main(int argc, char** argv) { return pc::cli::main(argc, argv, pc::schema<Manager, Band>{}); }
//
//   app migrations new [--auto] [--desc TEXT] [--rename band.title=name]... [--allow-drop]
//                      [--using band.popularity=EXPR]... [--reverse-using band.popularity=EXPR]...
//   app migrations forwards [ID|all] [--fake] [--preview]
//   app migrations backwards [ID|N|all] [--preview]     (default: the last one applied)
//   app migrations check                                 (pending, unknown or drift: exit 1)
//   app migrations list
//   app schema verify                                    (differences: exit 1)
//
// --db (a SQLite path, or a PostgreSQL conninfo or URI; default $PICCOLO_DB) and
// --migrations DIR (default "migrations") go before or after the subcommand.
// Exit codes: 0 done, 1 refused / failed / pending / drift, 2 usage.
//
// Both engines are compiled in: a program using it links piccolo::sqlite,
// piccolo::postgres (libpq) and piccolo::json (Boost.JSON), and needs CLI11 (Debian:
// libcli11-dev, header-only).

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include <piccolo/cli/database_option.hpp>
#include <piccolo/migrate/diff.hpp>
#include <piccolo/migrate/introspect.hpp>
#include <piccolo/migrate/migration.hpp>
#include <piccolo/migrate/runner.hpp>
#include <piccolo/migrate/snapshot.hpp>
#include <piccolo/migrate/verify.hpp>
#include <piccolo/postgres.hpp>
#include <piccolo/sqlite.hpp>

namespace piccolo::cli {

inline constexpr int exit_done = 0;
inline constexpr int exit_refused = 1;  // refused, failed, pending migrations or drift
inline constexpr int exit_usage = 2;

struct main_options {
  // Where the migration files are; --migrations overrides it.
  std::filesystem::path migrations_directory = "migrations";
  // The name in help and in the hints of messages; empty: argv[0]'s file name.
  std::string program_name;
  // Where output, errors and answers go (nullptr: std::cout, std::cerr, std::cin).
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  std::istream* in = nullptr;
  // Whether to ask about a possible rename; nothing: ask when stdin is a terminal.
  std::optional<bool> interactive;
};

namespace detail {

// Exit 2: the command line is wrong.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Exit 1: what the message says, already complete (what went wrong, what to do).
struct refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct console {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool interactive;
  std::string program;
  std::filesystem::path directory;
};

// "band.title=name" -> {"band.title", "name"}; EXPR of --using may hold '=' itself.
inline std::pair<std::string, std::string> split_assignment(const std::string& text, std::string_view flag) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    throw usage_error(std::string(flag) + " takes NAME=VALUE (e.g. band.title=name), not \"" + text + "\"");
  return {text.substr(0, equals), text.substr(equals + 1)};
}

// --rename band.title=name, also written band.title=band.name.
inline std::pair<std::string, std::string> rename_of(const std::string& text) {
  auto [from, to] = split_assignment(text, "--rename");
  if (const std::size_t dot = from.find('.'); dot != std::string::npos && to.starts_with(from.substr(0, dot + 1)))
    to.erase(0, dot + 1);
  return {from, to};
}

// "is band.title renamed to band.name? [y/N] ": key as in --rename (band.title, or a table).
inline std::string rename_question(const std::string& key, const std::string& candidate) {
  const std::size_t dot = key.find('.');
  if (dot == std::string::npos) return "is table " + key + " renamed to " + candidate + "? [y/N] ";
  return "is " + key + " renamed to " + key.substr(0, dot + 1) + candidate + "? [y/N] ";
}

// "create table manager, create table band": the description of an auto migration the
// user gave none.
inline std::string summary_of(const std::vector<migration_operation>& operations) {
  constexpr std::size_t shown = 3;
  std::string text;
  for (std::size_t i = 0; i < operations.size() && i < shown; ++i) text += (i ? ", " : "") + to_string(operations[i]);
  if (operations.size() > shown) text += " and " + std::to_string(operations.size() - shown) + " more";
  return text;
}

inline std::string duration_text(std::chrono::microseconds duration) {
  if (duration < std::chrono::milliseconds(1)) return "<1 ms";
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) + " ms";
}

// A SQLite path that names no file yet (SQLite would create it on opening).
inline bool is_missing_sqlite_file(const std::string& db) {
  return engine_of(db) == engine::sqlite && db != ":memory:" && !db.starts_with("file:") &&
         !std::filesystem::exists(db);
}

// What to do when the database is a SQLite file that does not exist yet.
enum class when_missing {
  create,         // forwards: the first migration creates it
  read_as_empty,  // check, list, verify, a preview: report on an empty database, create no file
  refuse,         // backwards: nothing to reverse
};

// Runs action(db) on the database `text` names (either engine).
template <class Action>
int with_database(const console& io, const std::string& text, when_missing missing, Action&& action) {
  if (is_missing_sqlite_file(text)) {
    if (missing == when_missing::refuse)
      throw refused("no SQLite database at \"" + text + "\": nothing has been applied there; check the path (--db or PICCOLO_DB)");
    if (missing == when_missing::read_as_empty) {
      io.err << io.program << ": note: no SQLite database at \"" << text << "\" yet (`" << io.program
             << " migrations forwards` creates it); reporting on an empty database\n";
      sqlite::database empty{":memory:"};
      return action(empty);
    }
  }
  if (engine_of(text) == engine::sqlite) {
    sqlite::database db{text};
    return action(db);
  }
  postgres::database db{text};
  return action(db);
}

// Prints each migration as it starts and its duration when it ends, with the progress
// lines of a long step between; steps the runner did not announce are printed after. A
// step announced but never done was skipped: another process, holding the lock first,
// ran it.
class step_printer {
 public:
  explicit step_printer(std::ostream& out) : out_(out) {}

  void attach(migrate_options& options) {
    options.on_start = [this](const migration& m, bool forwards) {
      end_skipped();
      out_ << (fake_ ? "fake " : forwards ? "forwards " : "backwards ") << m.id << ' ' << m.description << " ..."
           << std::flush;
      line_open_ = true;
      announced_ = m.id;
      announced_forwards_ = forwards;
    };
    options.on_progress = [this](std::string_view line) {
      close_line();
      out_ << "  " << line << '\n' << std::flush;
    };
    options.on_done = [this](const migration_step& step) { done(step, true); };
    fake_ = options.fake;
  }

  // The steps a run returned: those the callbacks did not print yet.
  void finish(const std::vector<migration_step>& steps) {
    end_skipped();
    for (const migration_step& step : steps)
      if (!printed_.contains(step.id)) done(step, false);
    close_line();
  }

  // After a failure: end the open line so the error starts on its own.
  void close_line() {
    if (line_open_) out_ << '\n' << std::flush;
    line_open_ = false;
  }

 private:
  void end_skipped() {
    if (!announced_.empty() && !printed_.contains(announced_)) {
      if (!line_open_) out_ << (announced_forwards_ ? "forwards " : "backwards ") << announced_ << " ...";
      out_ << (announced_forwards_ ? " skipped: another process applied it meanwhile\n"
                                   : " skipped: another process reversed it meanwhile\n")
           << std::flush;
      line_open_ = false;
    }
    close_line();
    announced_.clear();
  }

  void done(const migration_step& step, bool announced) {
    printed_.insert(step.id);
    const std::string result = step.faked ? "recorded as applied, nothing run" : duration_text(step.duration);
    if (announced && line_open_) {
      out_ << ' ' << result << '\n' << std::flush;
    } else {
      close_line();
      out_ << (step.faked ? "fake " : step.forwards ? "forwards " : "backwards ") << step.id << ' ' << step.description
           << " ... " << result << '\n' << std::flush;
    }
    line_open_ = false;
  }

  std::ostream& out_;
  bool fake_ = false;
  bool line_open_ = false;
  std::string announced_;  // the step on_start named last
  bool announced_forwards_ = true;
  std::set<std::string> printed_;
};

inline void print_preview(std::ostream& out, const std::vector<migration_step>& steps) {
  for (const migration_step& step : steps) {
    out << "-- " << (step.forwards ? "forwards " : "backwards ") << step.id << ' ' << step.description << '\n';
    for (const std::string& statement : step.sql) out << statement << (statement.ends_with(";") ? "\n" : ";\n");
  }
}

struct new_arguments {
  bool automatic = false;
  std::string description;
  std::vector<std::string> renames;
  bool allow_drop = false;
  std::vector<std::string> using_sql;
  std::vector<std::string> reverse_using_sql;
};

inline diff_options diff_options_of(const new_arguments& arguments) {
  diff_options options;
  options.allow_drop = arguments.allow_drop;
  for (const std::string& r : arguments.renames) options.renames.insert(rename_of(r));
  for (const std::string& u : arguments.using_sql) options.using_sql.insert(split_assignment(u, "--using"));
  for (const std::string& u : arguments.reverse_using_sql)
    options.reverse_using_sql.insert(split_assignment(u, "--reverse-using"));
  return options;
}

// Asks about each rename the diff cannot decide (each candidate of the refusal in turn,
// until one is confirmed), and retries with the answers; refuses (the diff's own message,
// which names the flag) when nobody can answer or every candidate is denied.
inline std::optional<migration> auto_migration_asking(const console& io, const std::vector<migration>& all,
                                                      const schema_snapshot& compiled, diff_options options,
                                                      const std::string& description) {
  for (;;) {
    try {
      return make_auto_migration(all, compiled, options, description);
    } catch (const diff_error& e) {
      const std::string key = e.rename_key();
      if (e.refusal() != diff_refusal::ambiguous_rename || !io.interactive || options.renames.contains(key)) throw;
      bool confirmed = false;
      for (const std::string& candidate : e.rename_candidates()) {
        io.out << rename_question(key, candidate) << std::flush;
        std::string answer;
        if (!std::getline(io.in, answer)) throw;
        if (answer == "y" || answer == "Y" || answer == "yes") {
          options.renames.emplace(key, candidate);
          confirmed = true;
          break;
        }
      }
      if (!confirmed) throw;
    }
  }
}

inline int new_migration(const console& io, const new_arguments& arguments, const schema_snapshot& compiled) {
  const diff_options options = diff_options_of(arguments);  // usage errors before anything is read
  const std::vector<migration> all = read_migrations(io.directory);
  std::filesystem::create_directories(io.directory);
  if (!arguments.automatic) {
    const std::string id = new_migration_id(all);
    const std::string description = arguments.description.empty() ? "manual migration" : arguments.description;
    for (const char* direction : {"up", "down"}) {
      const std::filesystem::path path = io.directory / (id + "." + direction + ".sql");
      std::ofstream file(path, std::ios::binary | std::ios::trunc);
      file << "-- " << description << '\n'
           << "-- the " << (direction == std::string_view("up") ? "forwards" : "backwards")
           << " SQL of migration " << id << ", for both engines (or write " << id << ".sqlite." << direction
           << ".sql and " << id << ".postgres." << direction << ".sql)\n";
      if (!file.flush()) throw refused("cannot write \"" + path.string() + "\"; check that the directory is writable");
      io.out << "created " << path.string() << '\n';
    }
    io.out << "fill in the SQL, then run `" << io.program << " migrations forwards`\n";
    return exit_done;
  }
  std::optional<migration> next;
  try {
    next = auto_migration_asking(io, all, compiled, options, arguments.description);
  } catch (const diff_error& e) {
    const bool a_flag_helps = e.refusal() == diff_refusal::ambiguous_rename ||
                              e.refusal() == diff_refusal::drop_not_allowed || e.refusal() == diff_refusal::needs_using;
    throw refused("cannot make the migration: " + e.engine_message() + "\n  " +
                  (a_flag_helps ? "then run `" + io.program + " migrations new --auto` again with that flag"
                                : "write this change as a manual migration: `" + io.program +
                                      " migrations new --desc TEXT` makes the files to fill in"));
  }
  if (!next) {
    io.out << "nothing changed: the compiled schema is the one the last migration leads to; no file written\n";
    return exit_done;
  }
  if (next->description.empty()) next->description = summary_of(next->operations);
  const std::filesystem::path path = write_migration(io.directory, *next);
  io.out << "created " << path.string() << " (" << next->description << ")\n";
  for (const migration_operation& op : next->operations) io.out << "  " << to_string(op) << '\n';
  io.out << "review it, then run `" << io.program << " migrations forwards`\n";
  return exit_done;
}

// forwards or backwards, printed as the steps go (or, with preview, their SQL).
template <class Database>
int run_steps(const console& io, Database& db, const std::vector<migration>& all, migrate_options options,
              bool forwards) {
  step_printer printer(io.out);
  if (!options.preview) printer.attach(options);
  std::vector<migration_step> steps;
  try {
    steps = forwards ? migrate_forwards(db, all, options) : migrate_backwards(db, all, options);
  } catch (...) {
    printer.close_line();
    throw;
  }
  const char* nothing = forwards ? "nothing to apply" : "nothing to reverse";
  if (options.preview) {
    print_preview(io.out, steps);
    io.out << (steps.empty() ? nothing : "preview: nothing was run") << '\n';
    return exit_done;
  }
  printer.finish(steps);
  if (steps.empty())
    io.out << nothing << (forwards ? ": every migration is applied\n" : ": no migration is applied\n");
  return exit_done;
}

template <class Database>
int run_check(const console& io, Database& db, const std::vector<migration>& all, const schema_snapshot& compiled) {
  const migration_check check = check_migrations(db, all, compiled);
  std::map<std::string, std::string> descriptions;
  for (const migration& m : all) descriptions[m.id] = m.description;
  for (const std::string& id : check.pending) io.out << "pending: " << id << ' ' << descriptions[id] << '\n';
  for (const std::string& id : check.unknown_applied)
    io.out << "applied, but not in " << io.directory.string() << ": " << id << '\n';
  for (const schema_difference& d : check.drift) io.out << "drift: " << d.to_string() << '\n';
  if (check.ok()) {
    io.out << "up to date: " << all.size() << " migration(s) applied, the database matches the compiled schema\n";
    return exit_done;
  }
  if (!check.pending.empty())
    io.err << io.program << ": " << check.pending.size() << " migration(s) pending: run `" << io.program
           << " migrations forwards`\n";
  if (!check.unknown_applied.empty())
    io.err << io.program << ": the database has migrations that " << io.directory.string()
           << " does not: this program is older than the database, or the files are missing\n";
  if (!check.drift.empty() && check.pending.empty())
    io.err << io.program << ": the database differs from the compiled schema: if the structs changed, run `"
           << io.program << " migrations new --auto`; else someone changed the database by hand\n";
  return exit_refused;
}

template <class Database>
int run_list(const console& io, Database& db, const std::vector<migration>& all) {
  std::set<std::string> known;
  for (const migration& m : all) known.insert(m.id);
  const std::vector<migration_status> statuses = migration_statuses(db, all);
  if (statuses.empty()) io.out << "no migrations in " << io.directory.string() << '\n';
  for (const migration_status& s : statuses) {
    io.out << (s.applied ? "applied  " : "pending  ") << s.id << "  " << s.description;
    if (s.applied) io.out << "  (" << s.applied_at << (known.contains(s.id) ? "" : "; not in the directory") << ')';
    io.out << '\n';
  }
  return exit_done;
}

template <class Database>
int run_verify(const console& io, Database& db, const schema_snapshot& compiled) {
  const dialect_id dialect = dialect_of(db);
  const std::vector<schema_difference> differences =
      schema_differences(snapshot_for_dialect(compiled, dialect), introspect(db, dialect), dialect);
  for (const schema_difference& d : differences) io.out << d.to_string() << '\n';
  if (differences.empty()) {
    io.out << "schema verified: " << compiled.tables.size() << " table(s) match the compiled schema\n";
    return exit_done;
  }
  io.err << io.program << ": the database differs from the compiled schema (" << differences.size()
         << " difference(s)): run `" << io.program << " migrations check` to see whether migrations are pending\n";
  return exit_refused;
}

inline std::string without_prefix(std::string_view what) {
  if (what.starts_with("piccolo: ")) what.remove_prefix(9);
  return std::string(what);
}

// The one non-template body behind every schema<Ts...>.
inline int run_main(int argc, char** argv, const schema_snapshot& compiled, const main_options& options) {
  std::string program = options.program_name;
  if (program.empty()) program = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "app";
  console io{options.out ? *options.out : std::cout, options.err ? *options.err : std::cerr,
             options.in ? *options.in : std::cin,
             options.interactive ? *options.interactive : ::isatty(STDIN_FILENO) == 1, program,
             options.migrations_directory};

  CLI::App app{program + ": the migrations of this program's database", program};
  app.require_subcommand(1);
  app.fallthrough();  // --db and --migrations may follow the subcommand
  std::string db_given;
  std::string directory_given;
  app.add_option("--db", db_given,
                 "the database: a SQLite path, or a PostgreSQL conninfo (host=... dbname=...) or URI "
                 "(postgresql://...); default: $PICCOLO_DB");
  app.add_option("--migrations", directory_given,
                 "the directory of the migration files (default: " + options.migrations_directory.string() + ")");

  CLI::App* migrations = app.add_subcommand("migrations", "make, run, reverse and check migrations");
  migrations->require_subcommand(1);

  new_arguments made;
  CLI::App* create = migrations->add_subcommand("new", "write a new migration (--auto: from the compiled schema)");
  create->add_flag("--auto", made.automatic, "diff the compiled schema against the last migration's snapshot");
  create->add_option("--desc", made.description, "the migration's description");
  create->add_option("--rename", made.renames, "a rename: table.old_column=new_column or old_table=new_table")
      ->allow_extra_args(false);
  create->add_flag("--allow-drop", made.allow_drop, "allow dropping tables and columns (their data is lost)");
  create->add_option("--using", made.using_sql, "a type change's conversion: table.column=SQL expression")
      ->allow_extra_args(false);
  create->add_option("--reverse-using", made.reverse_using_sql, "the conversion back, for backwards: table.column=SQL")
      ->allow_extra_args(false);

  migrate_options run;
  std::string forwards_target = "all";
  CLI::App* forwards = migrations->add_subcommand("forwards", "apply the pending migrations (up to ID)");
  forwards->add_option("target", forwards_target, "ID: up to and including it; all (default): every pending one");
  forwards->add_flag("--fake", run.fake, "record as applied without running anything");
  forwards->add_flag("--preview", run.preview, "print the SQL; run and record nothing");

  std::string backwards_target = "1";
  bool backwards_preview = false;
  CLI::App* backwards = migrations->add_subcommand("backwards", "reverse applied migrations, newest first");
  backwards->add_option("target", backwards_target, "N: the last N (default 1); ID: down to and including it; all");
  backwards->add_flag("--preview", backwards_preview, "print the SQL; run and record nothing");

  CLI::App* check = migrations->add_subcommand("check", "exit 1 when migrations are pending or the database drifted");
  CLI::App* list = migrations->add_subcommand("list", "each migration, applied or not");

  CLI::App* schema_command = app.add_subcommand("schema", "the database's schema");
  schema_command->require_subcommand(1);
  CLI::App* verify = schema_command->add_subcommand("verify", "compare the database with the compiled schema");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, io.out, io.err);
    return code == 0 ? exit_done : exit_usage;
  }
  if (!directory_given.empty()) io.directory = directory_given;

  try {
    if (create->parsed()) return new_migration(io, made, compiled);

    const std::optional<std::string> db = database_text(db_given);
    if (!db) {
      io.err << io.program << ": no database given; pass --db <sqlite path | postgres conninfo or URI>, or set PICCOLO_DB\n";
      return exit_usage;
    }
    try {
      const std::vector<migration> all = read_migrations(io.directory);
      if (forwards->parsed()) {
        run.target = forwards_target;
        return with_database(io, *db, run.preview ? when_missing::read_as_empty : when_missing::create,
                             [&](auto& database) { return run_steps(io, database, all, run, true); });
      }
      if (backwards->parsed()) {
        migrate_options back;
        back.target = backwards_target;
        back.preview = backwards_preview;
        return with_database(io, *db, when_missing::refuse,
                             [&](auto& database) { return run_steps(io, database, all, back, false); });
      }
      if (check->parsed())
        return with_database(io, *db, when_missing::read_as_empty,
                             [&](auto& database) { return run_check(io, database, all, compiled); });
      if (list->parsed())
        return with_database(io, *db, when_missing::read_as_empty,
                             [&](auto& database) { return run_list(io, database, all); });
      if (verify->parsed())
        return with_database(io, *db, when_missing::read_as_empty,
                             [&](auto& database) { return run_verify(io, database, compiled); });
    } catch (const migration_error&) {
      throw;  // the message names the migration and what to do: not the database's fault
    } catch (const refused&) {
      throw;
    } catch (const error& e) {
      throw refused(std::string(engine_name(engine_of(*db))) + " database \"" + *db + "\": " + without_prefix(e.what()));
    }
  } catch (const usage_error& e) {
    io.err << io.program << ": " << e.what() << '\n';
    return exit_usage;
  } catch (const refused& e) {
    io.err << io.program << ": " << e.what() << '\n';
    return exit_refused;
  } catch (const migration_error& e) {
    io.err << io.program << ": " << e.engine_message() << '\n';
    const std::string again = "`" + io.program + " migrations " + (backwards->parsed() ? "backwards" : "forwards") + "`";
    if (e.refusal() == migration_refusal::failed && e.value() == errc::connection_lost)
      io.err << "  the connection to the database was lost during it; the migrations before it stay applied; run "
             << again << " again when the database is reachable\n";
    else if (e.refusal() == migration_refusal::failed)
      io.err << "  the migrations before it stay applied; fix the migration (or the data it trips on) and run " << again
             << " again\n";
    return exit_refused;
  } catch (const std::exception& e) {
    io.err << io.program << ": " << without_prefix(e.what()) << '\n';
    return exit_refused;
  }
  return exit_usage;  // CLI11 requires a subcommand: not reached
}

}  // namespace detail

// Runs the command line argv against the database --db names, with `compiled` as the
// schema this program was built with. Returns the exit code.
template <class Schema>
int main(int argc, char** argv, Schema compiled, const main_options& options = {}) {
  static_assert(piccolo::detail::is_schema<Schema>,
                "piccolo: cli::main(): the third argument is not a schema; pass the program's tables as "
                "pc::schema<Manager, Band>{}");
  static_assert(std::is_same_v<piccolo::detail::long_names_of_schema<Schema>, boost::mp11::mp_list<>>,
                "piccolo: cli::main(): a table or column name is longer than PostgreSQL's 63 bytes (the note "
                "names it); give a shorter one (table_name, pc::column_name<&T::member, \"...\">)");
  if constexpr (piccolo::detail::is_schema<Schema> &&
                std::is_same_v<piccolo::detail::long_names_of_schema<Schema>, boost::mp11::mp_list<>>) {
    return detail::run_main(argc, argv, snapshot_of(compiled), options);
  } else {
    return exit_usage;
  }
}

}  // namespace piccolo::cli
