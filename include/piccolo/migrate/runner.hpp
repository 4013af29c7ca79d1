#pragma once
// Running migrations: forwards, backwards, their status and the check a deployment runs.
// Each migration runs in its own transaction and is recorded in the piccolo_migration
// table in that same transaction, so a failure leaves the database and its history
// exactly as before that migration. Two processes migrating at once: one waits
// (PostgreSQL: pg_advisory_xact_lock; SQLite: BEGIN IMMEDIATE's write lock), then sees
// what the other applied and does not apply it twice.
//
//   pc::sqlite::database db{"app.sqlite"};
//   auto all = pc::read_migrations("migrations");
//   for (const pc::migration_step& step : pc::migrate_forwards(db, all))
//     std::cout << step.id << ' ' << step.duration.count() << " us\n";
//
// CONTRACT (shared with pc::cli::main, cli/main.hpp): names and signatures here are
// fixed; additions are fine. `Database` is pc::sqlite::database or pc::postgres::database.

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piccolo/migrate/diff.hpp>
#include <piccolo/migrate/introspect.hpp>
#include <piccolo/migrate/migration.hpp>
#include <piccolo/migrate/verify.hpp>

namespace piccolo {

// The history table: CREATE TABLE IF NOT EXISTS piccolo_migration (id TEXT PRIMARY KEY,
// description TEXT NOT NULL, applied_at TEXT NOT NULL) (applied_at: UTC, ISO 8601).
inline constexpr std::string_view migration_table_name = "piccolo_migration";

struct migration_status {
  std::string id;
  std::string description;
  bool applied = false;
  std::string applied_at;  // empty when not applied
};

// One migration run (or, with preview, the one that would run).
struct migration_step {
  std::string id;
  std::string description;
  bool forwards = true;
  bool faked = false;
  std::chrono::microseconds duration{};
  std::vector<std::string> sql;  // the statements, in order (a SQLite rebuild: its statements)
};

struct migrate_options {
  // forwards: "" or "all" = every pending one, else an id: up to and including it.
  // backwards: "" or "1" = the last applied one, "N" = the last N, "all", or an id:
  // down to and including it.
  std::string target;
  bool fake = false;     // forwards: record as applied without running anything
  bool preview = false;  // run nothing, record nothing; the steps carry the SQL
  // Called as each step starts and when it ended (for output a person can follow), and
  // with progress lines of a long step (a SQLite table rebuild: "band: 50000 rows copied").
  std::function<void(const migration& m, bool forwards)> on_start;
  std::function<void(const migration_step& step)> on_done;
  std::function<void(std::string_view line)> on_progress;
};

// Every migration of `all` and the ones the history has that `all` does not (applied,
// description from the table), in id order.
template <class Database>
std::vector<migration_status> migration_statuses(Database& db, const std::vector<migration>& all);

// Applies the pending migrations (to options.target) in id order, one transaction each.
// Throws migration_error (unknown_target, unknown_applied, not_empty, failed): the
// migration that failed changed nothing, the ones before it stay applied.
template <class Database>
std::vector<migration_step> migrate_forwards(Database& db, const std::vector<migration>& all,
                                             const migrate_options& options = {});

// Reverses applied migrations, newest first, one transaction each (irreversible: refused
// before anything runs).
template <class Database>
std::vector<migration_step> migrate_backwards(Database& db, const std::vector<migration>& all,
                                              const migrate_options& options = {});

// What `migrations check` reports: pending migrations, applied ones the directory does
// not have, and how the live schema differs from `compiled` (verify_schema).
struct migration_check {
  std::vector<std::string> pending;
  std::vector<std::string> unknown_applied;
  std::vector<schema_difference> drift;
  bool ok() const noexcept { return pending.empty() && unknown_applied.empty() && drift.empty(); }
};

template <class Database>
migration_check check_migrations(Database& db, const std::vector<migration>& all, const schema_snapshot& compiled);

// ---------------------------------------------------------------------------------------
// Definitions

namespace detail {

template <class Database>
concept migration_database = requires(Database& db, std::string_view sql) {
  db.execute(sql);
  db.text_rows(sql);
  { db.in_transaction() } -> std::convertible_to<bool>;
};

// The key of PostgreSQL's advisory lock that serialises migrations ("piccolom" in ASCII).
inline constexpr std::string_view migration_lock_sql = "SELECT pg_advisory_xact_lock(8100114683524837229)";

template <class Database>
inline constexpr bool is_sqlite_database = requires(Database& db) { db.table_rebuild_runner(); };

template <class Database>
constexpr dialect_id dialect_of_database() noexcept {
  return is_sqlite_database<Database> ? dialect_id::sqlite : dialect_id::postgres;
}

// The parameter type of a member function taking one (SQLite's transaction_mode, named
// without including the SQLite engine).
template <class T>
struct sole_parameter;
template <class R, class C, class A>
struct sole_parameter<R (C::*)(A)> {
  using type = A;
};

struct history_row {
  std::string id;
  std::string description;
  std::string applied_at;
};

template <class Database>
bool history_exists(Database& db) {
  const std::string name = sql_string(migration_table_name);
  const auto rows = db.text_rows(is_sqlite_database<Database>
                                     ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = " + name
                                     : "SELECT 1 WHERE to_regclass(" + name + ") IS NOT NULL");
  return !rows.empty();
}

// The history by id (none when the table is not there yet).
template <class Database>
std::map<std::string, history_row> read_history(Database& db) {
  std::map<std::string, history_row> history;
  if (!history_exists(db)) return history;
  for (auto& row : db.text_rows("SELECT id, description, applied_at FROM " + std::string(migration_table_name)))
    history[row[0].value_or("")] = {row[0].value_or(""), row[1].value_or(""), row[2].value_or("")};
  return history;
}

inline std::string utc_now_text() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms{now - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return text;
}

// The connection as a C++ migration sees it; what it runs is recorded in the step.
template <class Database>
class database_migration_context final : public migration_context {
 public:
  database_migration_context(Database& db, std::vector<std::string>& sql) : db_(db), sql_(sql) {}
  dialect_id dialect() const noexcept override { return dialect_of_database<Database>(); }
  void execute(std::string_view sql) override {
    sql_.emplace_back(sql);
    db_.execute(sql);
  }
  std::vector<std::vector<std::optional<std::string>>> rows(std::string_view sql) override { return db_.text_rows(sql); }

 private:
  Database& db_;
  std::vector<std::string>& sql_;
};

// SQLite's rebuild runner, recording the statements it runs.
template <class Runner>
struct recording_runner {
  Runner runner;
  std::vector<std::string>& sql;
  bool in_transaction() const noexcept { return runner.in_transaction(); }
  void execute(const std::string& text) {
    sql.push_back(text);
    runner.execute(text);
  }
  auto rows(const std::string& text) { return runner.rows(text); }
};

// A rebuild's statements as text (for a preview: assuming every old column it reads is there).
inline std::string rebuild_text(const sqlite_rebuild_plan& plan) {
  const snapshot_description table(plan.table);
  std::vector<rebuild_source> sources;
  for (std::size_t i = 0; i < plan.old_columns.size(); ++i) sources.push_back({plan.old_columns[i], plan.expressions[i]});
  const std::string temporary = plan.table.name + "$new";
  return rendered_text(dialect_id::sqlite,
                       [&](sql_writer& w) { render_sqlite_rebuild(w, table.value(), temporary, sources); });
}

inline std::vector<migration_operation> operations_of(const migration& m, bool forwards) {
  return forwards ? m.operations : reverse(m.operations);
}

// The statements a step would run (preview).
inline std::vector<std::string> planned_sql(const migration& m, bool forwards, dialect_id d) {
  std::vector<std::string> sql;
  switch (m.kind) {
    case migration_kind::automatic:
      for (const migration_operation& op : operations_of(m, forwards)) {
        rendered_operation rendered = render_operation(op, d);
        for (std::string& s : rendered.statements) sql.push_back(std::move(s));
        if (rendered.rebuild) sql.push_back(rebuild_text(*rendered.rebuild));
      }
      break;
    case migration_kind::sql: sql.push_back((forwards ? m.forwards : m.backwards).of(d)); break;
    case migration_kind::cpp: sql.push_back("-- C++ code of migration " + m.id); break;
  }
  return sql;
}

// Runs one direction of m on db, inside the caller's transaction.
template <class Database>
void run_migration_body(Database& db, const migration& m, bool forwards, migration_step& step,
                        const migrate_options& options) {
  constexpr dialect_id d = dialect_of_database<Database>();
  switch (m.kind) {
    case migration_kind::automatic:
      for (const migration_operation& op : operations_of(m, forwards)) {
        if (op.kind == operation_kind::add_column && op.needs_empty_table &&
            !db.text_rows("SELECT 1 FROM " + rendered_text(d, [&](sql_writer& w) { w.identifier(op.table); }) + " LIMIT 1")
                 .empty())
          throw migration_error(migration_refusal::not_empty,
                                "migration " + m.id + ": column " + op.table + "." + op.columns.at(0) +
                                    " is NOT NULL without a default and table " + op.table +
                                    " has rows: give the column a default (a member initializer) or make it nullable "
                                    "(std::optional), then make the migration again");
        const rendered_operation rendered = render_operation(op, d);
        for (const std::string& statement : rendered.statements) {
          step.sql.push_back(statement);
          db.execute(statement);
        }
        if constexpr (is_sqlite_database<Database>) {
          if (rendered.rebuild) {
            const std::string table = rendered_text(d, [&](sql_writer& w) { w.identifier(op.table); });
            const auto count = db.text_rows("SELECT count(*) FROM " + table);
            const std::string rows = count.empty() ? "0" : count[0].at(0).value_or("0");
            if (options.on_progress) options.on_progress(op.table + ": rebuilding the table, " + rows + " rows");
            recording_runner<decltype(db.table_rebuild_runner())> runner{db.table_rebuild_runner(), step.sql};
            run_sqlite_rebuild(runner, *rendered.rebuild);
            if (options.on_progress) options.on_progress(op.table + ": " + rows + " rows copied");
          }
        }
      }
      break;
    case migration_kind::sql: {
      const std::string& text = (forwards ? m.forwards : m.backwards).of(d);
      step.sql.push_back(text);
      db.execute(text);
      break;
    }
    case migration_kind::cpp: {
      database_migration_context<Database> context{db, step.sql};
      const auto& function = forwards ? m.cpp_forwards : m.cpp_backwards;
      if (function) function(context);
      break;
    }
  }
}

// Whether m rebuilds a SQLite table (forwards or backwards).
inline bool rebuilds_on_sqlite(const migration& m, bool forwards) {
  if (m.kind != migration_kind::automatic) return false;
  for (const migration_operation& op : operations_of(m, forwards))
    if (render_operation(op, dialect_id::sqlite).rebuild) return true;
  return false;
}

// Runs body() in one transaction that holds the migrations' lock: PostgreSQL's advisory
// lock, SQLite's write lock (BEGIN IMMEDIATE). A SQLite table rebuild runs with foreign
// keys off (dropping a referenced table would cascade), checked before the commit: only
// automatic migrations ask for it, which run DDL only; a manual one's DELETE cascades as
// on PostgreSQL.
template <class Database, class Body>
void in_migration_transaction(Database& db, Body&& body, bool foreign_keys_off = false) {
  if constexpr (is_sqlite_database<Database>) {
    // With foreign keys off, a write of the executor (or of another thread) slipping in
    // before BEGIN or after COMMIT would skip their checks: the writer is held throughout.
    [[maybe_unused]] const auto held = db.hold_writer();
    const auto enforced = foreign_keys_off ? db.text_rows("PRAGMA foreign_keys") : decltype(db.text_rows("")){};
    const bool foreign_keys = !enforced.empty() && enforced[0].at(0) == std::optional<std::string>("1");
    if (foreign_keys) db.execute("PRAGMA foreign_keys = OFF");
    struct restore {
      Database& db;
      bool on;
      ~restore() {
        if (on) try {
            db.execute("PRAGMA foreign_keys = ON");
          } catch (...) {  // the connection is gone: nothing to restore
          }
      }
    } restore_foreign_keys{db, foreign_keys};
    using mode = typename sole_parameter<decltype(&Database::begin)>::type;
    db.transaction(
        [&](Database&) {
          body();
          if (!foreign_keys) return;
          const auto violations = db.text_rows("PRAGMA foreign_key_check");
          if (!violations.empty())
            throw error(errc::foreign_key_violation, "a row of table " + violations[0].at(0).value_or("?") +
                                                         " references a missing row of table " +
                                                         violations[0].at(2).value_or("?"));
        },
        mode::immediate);
  } else {
    db.transaction([&](Database&) {
      db.execute(migration_lock_sql);
      body();
    });
  }
}

template <class Database>
void ensure_history(Database& db) {
  in_migration_transaction(db, [&] {
    db.execute("CREATE TABLE IF NOT EXISTS " + std::string(migration_table_name) +
               " (id TEXT PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
  });
}

template <class Database>
void refuse_in_transaction(Database& db) {
  if (db.in_transaction())
    throw error(errc::misuse, "migrations run each in a transaction of their own: call the runner outside a transaction");
}

inline void refuse_unknown_applied(const std::vector<migration>& all, const std::map<std::string, history_row>& history) {
  std::string unknown;
  for (const auto& [id, row] : history)
    if (std::none_of(all.begin(), all.end(), [&](const migration& m) { return m.id == id; }))
      unknown += (unknown.empty() ? "" : ", ") + id;
  if (!unknown.empty())
    throw migration_error(migration_refusal::unknown_applied,
                          "the database has applied migrations this directory does not have (" + unknown +
                              "): run the code (and migrations directory) that applied them, or remove their rows from " +
                              std::string(migration_table_name) + " if they are truly gone");
}

inline std::vector<const migration*> sorted_by_id(const std::vector<migration>& all) {
  std::vector<const migration*> sorted;
  for (const migration& m : all) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), [](const migration* a, const migration* b) { return a->id < b->id; });
  return sorted;
}

inline bool has_id(const std::vector<migration>& all, std::string_view id) {
  return std::any_of(all.begin(), all.end(), [&](const migration& m) { return m.id == id; });
}

// Runs (or previews) one step: a transaction of its own that re-reads the history inside
// the lock and skips what another process did meanwhile. nullopt: skipped.
template <class Database>
std::optional<migration_step> run_step(Database& db, const migration& m, bool forwards, const migrate_options& options) {
  constexpr dialect_id d = dialect_of_database<Database>();
  migration_step step{m.id, m.description, forwards, options.fake, {}, {}};
  auto start = std::chrono::steady_clock::now();
  if (options.preview) {
    if (options.on_start) options.on_start(m, forwards);
    step.sql = planned_sql(m, forwards, d);
  } else {
    bool skipped = false;
    try {
      in_migration_transaction(db, [&] {
        const bool applied = read_history(db).count(m.id) > 0;
        if (applied == forwards) return void(skipped = true);  // another process did it meanwhile
        if (options.on_start) options.on_start(m, forwards);
        start = std::chrono::steady_clock::now();  // the wait for the lock is not the migration's
        if (!options.fake) run_migration_body(db, m, forwards, step, options);
        const std::string id = sql_string(m.id);
        if (forwards)
          db.execute("INSERT INTO " + std::string(migration_table_name) + " (id, description, applied_at) VALUES (" + id +
                     ", " + sql_string(m.description) + ", " + sql_string(utc_now_text()) + ")");
        else
          db.execute("DELETE FROM " + std::string(migration_table_name) + " WHERE id = " + id);
      }, !options.fake && rebuilds_on_sqlite(m, forwards));
    } catch (const migration_error&) {
      throw;
    } catch (const error& e) {
      throw migration_error(migration_refusal::failed,
                            "migration " + m.id + (forwards ? "" : " (backwards)") + " failed, nothing of it was applied: " +
                                e.engine_message(),
                            e.value());
    } catch (const std::exception& e) {  // a C++ migration's own exception
      throw migration_error(migration_refusal::failed,
                            "migration " + m.id + (forwards ? "" : " (backwards)") + " failed, nothing of it was applied: " +
                                e.what(),
                            errc::engine_error);
    }
    if (skipped) return std::nullopt;
  }
  step.duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  if (options.on_done) options.on_done(step);
  return step;
}


template <class Database>
std::vector<migration_status> statuses_impl(Database& db, const std::vector<migration>& all) {
  const auto history = read_history(db);
  std::vector<migration_status> statuses;
  for (const migration* m : sorted_by_id(all)) {
    migration_status& s = statuses.emplace_back();
    s.id = m->id;
    s.description = m->description;
    if (auto it = history.find(m->id); it != history.end()) s.applied = true, s.applied_at = it->second.applied_at;
  }
  for (const auto& [id, row] : history)
    if (!has_id(all, id)) statuses.push_back({row.id, row.description, true, row.applied_at});
  std::sort(statuses.begin(), statuses.end(), [](const migration_status& a, const migration_status& b) { return a.id < b.id; });
  return statuses;
}

template <class Database>
std::vector<migration_step> forwards_impl(Database& db, const std::vector<migration>& all,
                                          const migrate_options& options) {
  refuse_in_transaction(db);
  const std::string& target = options.target;
  const bool every = target.empty() || target == "all";
  if (!every && !has_id(all, target))
    throw migration_error(migration_refusal::unknown_target,
                          "no migration has the id " + target + ": give one of the directory's ids, or all");
  auto history = read_history(db);
  refuse_unknown_applied(all, history);
  std::vector<migration_step> steps;
  if (!options.preview) ensure_history(db);
  for (const migration* m : sorted_by_id(all)) {
    if (!every && m->id > target) break;
    if (history.count(m->id)) continue;
    if (auto step = run_step(db, *m, true, options)) steps.push_back(std::move(*step));
  }
  return steps;
}

template <class Database>
std::vector<migration_step> backwards_impl(Database& db, const std::vector<migration>& all,
                                           const migrate_options& options) {
  refuse_in_transaction(db);
  const auto history = read_history(db);
  refuse_unknown_applied(all, history);
  std::vector<const migration*> applied;  // newest first
  for (const migration* m : sorted_by_id(all))
    if (history.count(m->id)) applied.insert(applied.begin(), m);
  const std::string target = options.target.empty() ? "1" : options.target;
  std::size_t count = applied.size();
  if (has_id(all, target)) {
    count = static_cast<std::size_t>(
        std::count_if(applied.begin(), applied.end(), [&](const migration* m) { return m->id >= target; }));
  } else if (target != "all") {
    const bool number = std::all_of(target.begin(), target.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!number || target.size() > 9)
      throw migration_error(migration_refusal::unknown_target,
                            "no migration has the id " + target + ": give an id, a number of migrations, or all");
    count = std::min(count, static_cast<std::size_t>(std::stoul(target)));
  }
  applied.resize(count);
  for (const migration* m : applied)
    if (!m->reversible())
      throw migration_error(migration_refusal::irreversible,
                            "migration " + m->id + " cannot go backwards (a manual migration without its .down.sql, or a "
                            "C++ one without backwards): add its backwards, or stop before it; nothing was run");
  std::vector<migration_step> steps;
  for (const migration* m : applied)
    if (auto step = run_step(db, *m, false, options)) steps.push_back(std::move(*step));
  return steps;
}

template <class Database>
migration_check check_impl(Database& db, const std::vector<migration>& all, const schema_snapshot& compiled) {
  constexpr dialect_id d = dialect_of_database<Database>();
  const auto history = read_history(db);
  migration_check check;
  for (const migration* m : sorted_by_id(all))
    if (!history.count(m->id)) check.pending.push_back(m->id);
  for (const auto& [id, row] : history)
    if (!has_id(all, id)) check.unknown_applied.push_back(id);
  schema_snapshot live = introspect(db, d);
  std::erase_if(live.tables, [](const table_snapshot& t) { return t.name == migration_table_name; });
  check.drift = schema_differences(snapshot_for_dialect(compiled, d), live, d);
  return check;
}

}  // namespace detail

// What the runner needs of a connection: runtime text (execute, text_rows) and its
// transactions. A pool, a transaction object or an asynchronous handle is not one.
#define PICCOLO_MIGRATION_DATABASE_MESSAGE(function)                                             \
  "piccolo: " function ": the first argument is not a connection; migrations run on a "          \
  "pc::sqlite::database or a pc::postgres::database (a pool: lease a connection; a transaction " \
  "object: pass the database, each migration runs in a transaction of its own)"

template <class Database>
std::vector<migration_status> migration_statuses(Database& db, const std::vector<migration>& all) {
  static_assert(detail::migration_database<Database>, PICCOLO_MIGRATION_DATABASE_MESSAGE("migration_statuses()"));
  if constexpr (detail::migration_database<Database>) return detail::statuses_impl(db, all);
  else return {};
}

template <class Database>
std::vector<migration_step> migrate_forwards(Database& db, const std::vector<migration>& all,
                                             const migrate_options& options) {
  static_assert(detail::migration_database<Database>, PICCOLO_MIGRATION_DATABASE_MESSAGE("migrate_forwards()"));
  if constexpr (detail::migration_database<Database>) return detail::forwards_impl(db, all, options);
  else return {};
}

template <class Database>
std::vector<migration_step> migrate_backwards(Database& db, const std::vector<migration>& all,
                                              const migrate_options& options) {
  static_assert(detail::migration_database<Database>, PICCOLO_MIGRATION_DATABASE_MESSAGE("migrate_backwards()"));
  if constexpr (detail::migration_database<Database>) return detail::backwards_impl(db, all, options);
  else return {};
}

template <class Database>
migration_check check_migrations(Database& db, const std::vector<migration>& all, const schema_snapshot& compiled) {
  static_assert(detail::migration_database<Database>, PICCOLO_MIGRATION_DATABASE_MESSAGE("check_migrations()"));
  if constexpr (detail::migration_database<Database>) return detail::check_impl(db, all, compiled);
  else return {};
}

}  // namespace piccolo
