#pragma once
// A migration: one step of a database's history, with its id, what it does forwards and
// backwards, and (for an automatic one) the schema it leads to. Migrations live as files
// in a directory (see read_migrations), or in code (C++ migrations).
//
//   std::vector<pc::migration> all = pc::read_migrations("migrations");
//   std::optional<pc::migration> next = pc::make_auto_migration(all, pc::snapshot_of(app_schema{}),
//                                                              {.allow_drop = false}, "add website");
//   if (next) pc::write_migration("migrations", *next);
//
// CONTRACT (shared by the runner, migrate/runner.hpp, and pc::cli::main, cli/main.hpp):
// names and signatures here are fixed; additions are fine.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/parse.hpp>

#include <piccolo/core/dialect.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/migrate/diff.hpp>
#include <piccolo/migrate/snapshot.hpp>

namespace piccolo {

// Why a migration could not be made, read, run or reversed (the message says what to do).
enum class migration_refusal {
  bad_file,          // a migration file that does not parse, or two files with one id
  irreversible,      // backwards over a migration that has no backwards (a manual one without .down.sql)
  unknown_target,    // forwards / backwards to an id that no migration has
  unknown_applied,   // the history table names a migration that is not in the directory
  not_empty,         // add_column needs_empty_table on a table that holds rows
  failed,            // a statement of the migration failed (the engine's error is the message)
};

class migration_error : public error {
 public:
  migration_error(migration_refusal refusal, const std::string& message, errc code = errc::misuse)
      : error(code, message), refusal_(refusal) {}
  migration_refusal refusal() const noexcept { return refusal_; }

 private:
  migration_refusal refusal_;
};

// The SQL of one direction for each dialect.
struct migration_sql {
  std::string sqlite;
  std::string postgres;
  const std::string& of(dialect_id d) const noexcept { return d == dialect_id::sqlite ? sqlite : postgres; }
  bool operator==(const migration_sql&) const = default;
};

// What a C++ migration gets: the connection, inside the migration's transaction.
class migration_context {
 public:
  virtual ~migration_context() = default;
  virtual dialect_id dialect() const noexcept = 0;
  // One or more statements of runtime text, no parameters; rows are not kept.
  virtual void execute(std::string_view sql) = 0;
  // The rows of one statement, each value as text (NULL as nullopt).
  virtual std::vector<std::vector<std::optional<std::string>>> rows(std::string_view sql) = 0;
};

enum class migration_kind {
  automatic,  // operations diffed from two snapshots (rendered per dialect when run)
  sql,        // manual SQL files: forwards / backwards text
  cpp,        // functions registered in code
};

struct migration {
  // Sortable (the order migrations apply in): "20261130T225000" from new_migration_id(),
  // or any text a manual file names; unique within a directory.
  std::string id;
  std::string description;
  migration_kind kind = migration_kind::automatic;
  // automatic: what runs forwards; backwards runs reverse(operations).
  std::vector<migration_operation> operations;
  // automatic: the rendered SQL per dialect, written into the file for review (what runs
  // is rendered again from operations). sql: what runs; an empty backwards makes the
  // migration irreversible.
  migration_sql forwards;
  migration_sql backwards;
  // automatic: the compiled schema after this migration; the next auto migration diffs
  // from the last one's snapshot.
  std::optional<schema_snapshot> snapshot;
  // cpp: run inside the migration's transaction; an empty backwards is irreversible.
  std::function<void(migration_context&)> cpp_forwards;
  std::function<void(migration_context&)> cpp_backwards;

  bool reversible() const;
};

// A new id from the clock (UTC, "YYYYMMDDTHHMMSS"), later than every id in `existing`
// (bumped by a second while it is not).
inline std::string new_migration_id(const std::vector<migration>& existing,
                             std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The automatic migration from the last automatic migration's snapshot (or an empty
// schema) to `compiled`; nothing when they are equal. Throws diff_error (renames, drops,
// USING: see diff_options).
inline std::optional<migration> make_auto_migration(const std::vector<migration>& existing, const schema_snapshot& compiled,
                                             const diff_options& options, std::string description);

// Files of a migrations directory:
//   <id>.json                        an automatic migration (migration_file_text)
//   <id>.up.sql [+ <id>.down.sql]    a manual migration, both dialects; a first line
//                                    "-- description" gives its description
//   <id>.sqlite.up.sql / <id>.postgres.up.sql (and .down.sql): per dialect instead
inline std::string migration_file_text(const migration& m);  // stable, pretty JSON
inline migration migration_from_file_text(std::string_view json_text);
inline std::filesystem::path write_migration(const std::filesystem::path& directory, const migration& m);  // the file written
// Every migration of the directory, sorted by id (a missing directory: none). Throws
// migration_error(bad_file).
inline std::vector<migration> read_migrations(const std::filesystem::path& directory);

// A dialect's rendered SQL of operations, for review in a migration file and for
// previews: the statements of each, a SQLite table rebuild as its statements (assuming
// every old column it reads is there).
inline std::string migration_sql_text(const std::vector<migration_operation>& operations, dialect_id d);

// ---------------------------------------------------------------------------------------
// Definitions

inline bool migration::reversible() const {
  switch (kind) {
    case migration_kind::automatic: return true;  // every operation knows its reverse
    case migration_kind::sql: return !backwards.sqlite.empty() && !backwards.postgres.empty();
    case migration_kind::cpp: return static_cast<bool>(cpp_backwards);
  }
  return false;
}

namespace detail {

inline constexpr std::string_view operation_kind_names[] = {
    "create_table",  "drop_table",    "rename_table", "add_column",     "drop_column",     "rename_column",
    "set_not_null",  "drop_not_null", "set_default",  "drop_default",   "change_type",     "add_unique",
    "drop_unique",   "create_index",  "drop_index",   "add_foreign_key", "drop_foreign_key"};

// The file format of migration_file_text (checked when read).
inline constexpr int migration_file_format = 1;

[[noreturn]] inline void throw_bad_migration_file(const std::string& what) {
  throw migration_error(migration_refusal::bad_file, what);
}

inline boost::json::value table_json(const table_snapshot& t) {
  return snapshot_to_json(schema_snapshot{{t}}).as_object().at("tables").as_array().at(0);
}
inline table_snapshot table_from_json(const boost::json::value& v) {
  boost::json::object root;
  root["format"] = schema_snapshot::format;
  root["tables"] = boost::json::array{v};
  return snapshot_from_json(root).tables.at(0);
}

inline boost::json::value operation_json(const migration_operation& op) {
  boost::json::object o;
  o["kind"] = operation_kind_names[static_cast<std::size_t>(op.kind)];
  o["table"] = op.table;
  o["columns"] = json_strings(op.columns);
  o["old_name"] = op.old_name;
  o["using_sql"] = op.using_sql;
  o["reverse_using_sql"] = op.reverse_using_sql;
  o["needs_empty_table"] = op.needs_empty_table;
  o["before"] = table_json(op.before);
  o["after"] = table_json(op.after);
  return o;
}
inline migration_operation operation_from_json(const boost::json::value& v) {
  const boost::json::object& o = object_of(v, "an operation");
  migration_operation op;
  const std::string kind = string_member(o, "kind");
  const auto* found = std::find(std::begin(operation_kind_names), std::end(operation_kind_names), kind);
  if (found == std::end(operation_kind_names)) throw_bad_snapshot("unknown operation \"" + kind + "\"");
  op.kind = static_cast<operation_kind>(found - std::begin(operation_kind_names));
  op.table = string_member(o, "table");
  op.columns = strings_member(o, "columns");
  op.old_name = string_member(o, "old_name");
  op.using_sql = string_member(o, "using_sql");
  op.reverse_using_sql = string_member(o, "reverse_using_sql");
  op.needs_empty_table = bool_member(o, "needs_empty_table");
  op.before = table_from_json(member(o, "before"));
  op.after = table_from_json(member(o, "after"));
  return op;
}

inline boost::json::value sql_json(const migration_sql& sql) {
  boost::json::object o;
  o["sqlite"] = sql.sqlite;
  o["postgres"] = sql.postgres;
  return o;
}
inline migration_sql sql_from_json(const boost::json::value& v) {
  const boost::json::object& o = object_of(v, "\"forwards\" / \"backwards\"");
  return {string_member(o, "sqlite"), string_member(o, "postgres")};
}

inline std::string_view kind_name(migration_kind k) noexcept {
  return k == migration_kind::automatic ? "automatic" : k == migration_kind::sql ? "sql" : "cpp";
}

// "20261130T225000" from a time point (UTC), and back (nullopt: not that form).
inline std::string id_of_time(std::chrono::sys_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms{t - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return text;
}
inline std::optional<std::chrono::sys_seconds> time_of_id(std::string_view id) {
  if (id.size() != 15 || id[8] != 'T') return std::nullopt;
  for (std::size_t i = 0; i < id.size(); ++i)
    if (i != 8 && (id[i] < '0' || id[i] > '9')) return std::nullopt;
  auto number = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(id.substr(at, n))); };
  const std::chrono::year_month_day ymd{std::chrono::year{number(0, 4)}, std::chrono::month{static_cast<unsigned>(number(4, 2))},
                                        std::chrono::day{static_cast<unsigned>(number(6, 2))}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{number(9, 2)} + std::chrono::minutes{number(11, 2)} +
         std::chrono::seconds{number(13, 2)};
}

inline std::string file_text_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_bad_migration_file("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
inline void write_file_text(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw error(errc::engine_error, "cannot write " + path.string());
}

// A manual file's description: its first line, when that is "-- description".
inline std::string description_of_sql(std::string_view text) {
  const std::string_view first = text.substr(0, text.find('\n'));
  if (!first.starts_with("--")) return {};
  std::string_view d = first.substr(2);
  while (!d.empty() && (d.front() == ' ' || d.front() == '\t')) d.remove_prefix(1);
  while (!d.empty() && (d.back() == ' ' || d.back() == '\r' || d.back() == '\t')) d.remove_suffix(1);
  return std::string(d);
}

}  // namespace detail

inline std::string migration_sql_text(const std::vector<migration_operation>& operations, dialect_id d) {
  std::string text;
  for (const migration_operation& op : operations) {
    const rendered_operation rendered = render_operation(op, d);
    text += "-- " + to_string(op) + "\n";
    for (const std::string& statement : rendered.statements) text += statement + ";\n";
    if (rendered.rebuild) {
      const detail::snapshot_description table(rendered.rebuild->table);
      std::vector<detail::rebuild_source> sources;
      for (std::size_t i = 0; i < rendered.rebuild->old_columns.size(); ++i)
        sources.push_back({rendered.rebuild->old_columns[i], rendered.rebuild->expressions[i]});
      const std::string temporary = rendered.rebuild->table.name + "$new";
      text += "-- SQLite table rebuild (its indexes and triggers are re-created, foreign keys checked)\n";
      text += detail::rendered_text(dialect_id::sqlite, [&](sql_writer& w) {
        detail::render_sqlite_rebuild(w, table.value(), temporary, sources);
      });
      text += ";\n";
    }
  }
  return text;
}

inline std::string new_migration_id(const std::vector<migration>& existing, std::chrono::system_clock::time_point now) {
  std::chrono::sys_seconds at = std::chrono::floor<std::chrono::seconds>(now);
  for (const migration& m : existing) {
    if (const auto t = detail::time_of_id(m.id)) {
      if (*t >= at) at = *t + std::chrono::seconds{1};
    }
  }
  std::string id = detail::id_of_time(at);
  for (const migration& m : existing)
    if (m.id >= id)  // a manual id that sorts after every time: no later id of this form exists
      throw migration_error(migration_refusal::bad_file, "migration " + m.id + " sorts after " + id +
                                                             ": a new id from the clock cannot come after it; rename it");
  return id;
}

inline std::optional<migration> make_auto_migration(const std::vector<migration>& existing, const schema_snapshot& compiled,
                                                    const diff_options& options, std::string description) {
  schema_snapshot from;
  std::string last_id;
  for (const migration& m : existing)
    if (m.kind == migration_kind::automatic && m.snapshot && m.id >= last_id) from = *m.snapshot, last_id = m.id;
  if (from == compiled) return std::nullopt;
  std::vector<migration_operation> operations = diff_schemas(from, compiled, options);
  if (operations.empty()) return std::nullopt;
  migration m;
  m.id = new_migration_id(existing);
  m.description = std::move(description);
  m.kind = migration_kind::automatic;
  const std::vector<migration_operation> back = reverse(operations);
  m.forwards = {migration_sql_text(operations, dialect_id::sqlite), migration_sql_text(operations, dialect_id::postgres)};
  m.backwards = {migration_sql_text(back, dialect_id::sqlite), migration_sql_text(back, dialect_id::postgres)};
  m.operations = std::move(operations);
  m.snapshot = compiled;
  return m;
}

inline std::string migration_file_text(const migration& m) {
  if (m.kind == migration_kind::cpp)
    throw migration_error(migration_refusal::bad_file, "migration " + m.id + " is a C++ migration: it lives in code, not in a file");
  boost::json::object root;
  root["format"] = detail::migration_file_format;
  root["id"] = m.id;
  root["description"] = m.description;
  root["kind"] = detail::kind_name(m.kind);
  boost::json::array operations;
  for (const migration_operation& op : m.operations) operations.push_back(detail::operation_json(op));
  root["operations"] = std::move(operations);
  root["forwards"] = detail::sql_json(m.forwards);
  root["backwards"] = detail::sql_json(m.backwards);
  root["snapshot"] = m.snapshot ? snapshot_to_json(*m.snapshot) : boost::json::value(nullptr);
  std::string out;
  detail::write_pretty(out, root, 0);
  out += '\n';
  return out;
}

inline migration migration_from_file_text(std::string_view json_text) {
  boost::system::error_code ec;
  const boost::json::value json = boost::json::parse(boost::json::string_view(json_text.data(), json_text.size()), ec);
  if (ec) detail::throw_bad_migration_file("a migration file is not JSON: " + ec.message());
  try {
    using namespace detail;
    const boost::json::object& root = object_of(json, "a migration file");
    const boost::json::value& format = member(root, "format");
    if (!format.is_int64() || format.get_int64() != migration_file_format)
      throw_bad_snapshot("\"format\" must be " + std::to_string(migration_file_format));
    migration m;
    m.id = string_member(root, "id");
    if (m.id.empty()) throw_bad_snapshot("\"id\" is empty");
    m.description = string_member(root, "description");
    const std::string kind = string_member(root, "kind");
    if (kind == "automatic") m.kind = migration_kind::automatic;
    else if (kind == "sql") m.kind = migration_kind::sql;
    else throw_bad_snapshot("\"kind\" must be \"automatic\" or \"sql\", not \"" + kind + "\"");
    for (const boost::json::value& op : array_member(root, "operations")) m.operations.push_back(operation_from_json(op));
    m.forwards = sql_from_json(member(root, "forwards"));
    m.backwards = sql_from_json(member(root, "backwards"));
    if (const boost::json::value& s = member(root, "snapshot"); !s.is_null()) m.snapshot = snapshot_from_json(s);
    if (m.kind == migration_kind::automatic && !m.snapshot) throw_bad_snapshot("an automatic migration needs its \"snapshot\"");
    return m;
  } catch (const migration_error&) {
    throw;
  } catch (const error& e) {
    detail::throw_bad_migration_file(std::string("a migration file: ") + e.what());
  } catch (const std::exception& e) {  // boost::json's own (an at() out of range)
    detail::throw_bad_migration_file(std::string("a migration file: ") + e.what());
  }
}

inline std::filesystem::path write_migration(const std::filesystem::path& directory, const migration& m) {
  std::filesystem::create_directories(directory);
  if (m.kind != migration_kind::sql) {
    const std::filesystem::path path = directory / (m.id + ".json");
    detail::write_file_text(path, migration_file_text(m));
    return path;
  }
  // the description goes in the up files' first line, unless one of them says it already
  const bool described = m.description.empty() || detail::description_of_sql(m.forwards.sqlite) == m.description ||
                         detail::description_of_sql(m.forwards.postgres) == m.description;
  const std::string header = described ? std::string() : "-- " + m.description + "\n";
  auto write = [&](const std::string& name, const std::string& sql) { detail::write_file_text(directory / name, sql); };
  if (m.forwards.sqlite == m.forwards.postgres && m.backwards.sqlite == m.backwards.postgres) {
    write(m.id + ".up.sql", header + m.forwards.sqlite);
    if (!m.backwards.sqlite.empty()) write(m.id + ".down.sql", m.backwards.sqlite);
    return directory / (m.id + ".up.sql");
  }
  for (dialect_id d : {dialect_id::sqlite, dialect_id::postgres}) {
    const std::string prefix = m.id + (d == dialect_id::sqlite ? ".sqlite" : ".postgres");
    write(prefix + ".up.sql", header + m.forwards.of(d));
    if (!m.backwards.of(d).empty()) write(prefix + ".down.sql", m.backwards.of(d));
  }
  return directory / (m.id + ".sqlite.up.sql");
}

inline std::vector<migration> read_migrations(const std::filesystem::path& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) return {};
  // id -> what its files gave; a manual one's SQL per direction and dialect
  struct manual_files {
    std::optional<std::string> up, down;                       // <id>.up.sql, <id>.down.sql
    std::optional<std::string> up_of[2], down_of[2];           // per dialect: sqlite, postgres
  };
  std::map<std::string, migration> automatic;
  std::map<std::string, manual_files> manual;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.is_regular_file()) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const std::filesystem::path& path : paths) {
    const std::string name = path.filename().string();
    auto cut = [&](std::string_view suffix) -> std::optional<std::string> {
      if (name.size() <= suffix.size() || !name.ends_with(suffix)) return std::nullopt;
      return name.substr(0, name.size() - suffix.size());
    };
    if (auto id = cut(".json")) {
      migration m;
      try {
        m = migration_from_file_text(detail::file_text_of(path));
      } catch (const migration_error& e) {
        detail::throw_bad_migration_file(name + ": " + e.what());
      }
      if (m.id != *id) detail::throw_bad_migration_file(name + ": its \"id\" is " + m.id + ", not " + *id);
      automatic.emplace(*id, std::move(m));
      continue;
    }
    if (!name.ends_with(".sql")) continue;  // a README, .gitkeep: not a migration
    std::optional<std::string>* slot = nullptr;
    std::optional<std::string> id;
    for (int d = 0; d < 2 && !slot; ++d) {
      const std::string dialect = d == 0 ? ".sqlite" : ".postgres";
      if ((id = cut(dialect + ".up.sql"))) slot = &manual[*id].up_of[d];
      else if ((id = cut(dialect + ".down.sql"))) slot = &manual[*id].down_of[d];
    }
    if (!slot) {
      if ((id = cut(".up.sql"))) slot = &manual[*id].up;
      else if ((id = cut(".down.sql"))) slot = &manual[*id].down;
      else detail::throw_bad_migration_file(name + ": a migration's SQL file is <id>.up.sql or <id>.down.sql "
                                                   "(or <id>.sqlite.up.sql, <id>.postgres.up.sql, ...)");
    }
    *slot = detail::file_text_of(path);
  }
  std::vector<migration> result;
  for (auto& [id, m] : automatic) {
    if (manual.count(id)) detail::throw_bad_migration_file("two migrations have the id " + id + " (a .json and .sql files)");
    result.push_back(std::move(m));
  }
  for (auto& [id, files] : manual) {
    migration& m = result.emplace_back();
    m.id = id;
    m.kind = migration_kind::sql;
    const bool shared = files.up || files.down;
    const bool per_dialect = files.up_of[0] || files.up_of[1] || files.down_of[0] || files.down_of[1];
    if (shared && per_dialect)
      detail::throw_bad_migration_file("two migrations have the id " + id +
                                       ": <id>.up.sql and per-dialect files (<id>.sqlite.up.sql, ...); keep one form");
    if (shared) {
      if (!files.up) detail::throw_bad_migration_file(id + ".down.sql has no " + id + ".up.sql");
      m.forwards = {*files.up, *files.up};
      if (files.down) m.backwards = {*files.down, *files.down};
      m.description = detail::description_of_sql(*files.up);
    } else {
      for (int d = 0; d < 2; ++d) {
        const std::string file = id + (d == 0 ? ".sqlite" : ".postgres") + ".up.sql";
        if (!files.up_of[d])
          detail::throw_bad_migration_file(file + " is missing: a per-dialect migration has an up file for each dialect");
      }
      m.forwards = {*files.up_of[0], *files.up_of[1]};
      m.backwards = {files.down_of[0].value_or(""), files.down_of[1].value_or("")};
      m.description = detail::description_of_sql(*files.up_of[0]);
      if (m.description.empty()) m.description = detail::description_of_sql(*files.up_of[1]);
    }
  }
  std::sort(result.begin(), result.end(), [](const migration& a, const migration& b) { return a.id < b.id; });
  return result;
}

}  // namespace piccolo
