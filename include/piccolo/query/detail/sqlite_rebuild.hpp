#pragma once
// SQLite's documented table rebuild (https://www.sqlite.org/lang_altertable.html, "Making
// Other Kinds Of Table Schema Changes") around the statements render_sqlite_rebuild()
// wrote: foreign keys off (outside any transaction), BEGIN, remember the table's indexes
// and triggers, the rebuild, indexes and triggers again, foreign_key_check, COMMIT,
// foreign keys as before. Any failure rolls all of it back and rethrows: the database is
// as it was.
//
// Inside the caller's transaction PRAGMA foreign_keys cannot change; the rebuild then runs
// in a savepoint with foreign keys as they are, which is safe unless another table (or
// the table itself) references it: dropping a referenced table with enforcement on would
// cascade into its referencing rows, so that case is refused (errc::misuse) before
// anything runs.
//
// The runner is the engine's (engine/sqlite/database.hpp): in_transaction(),
// execute(text) and rows(text) -> rows of text cells, both throwing piccolo::error.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/query/detail/alter_render.hpp>
#include <piccolo/schema/describe.hpp>

namespace piccolo::detail {

// 'text' as an SQL string literal.
inline std::string sql_string(std::string_view text) {
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

// The rebuild of `table` into its described shape. A column takes its values from its
// source (sources[i] for table.columns[i]) when the old table has that column; the
// others start at their defaults. Indexes over old columns that no source reads are not
// re-created. The statements are rendered here, from the live columns, by the same
// function that renders the query's constant text.
template <class Runner>
void run_sqlite_rebuild(Runner& runner, const table_description& table, std::string_view temporary_name,
                        std::span<const rebuild_source> sources) {
  const std::string name = sql_string(table.name);
  const bool nested = runner.in_transaction();
  const auto enforced = runner.rows("PRAGMA foreign_keys");
  const bool foreign_keys = !enforced.empty() && !enforced[0].empty() && enforced[0][0] == "1";
  if (nested && foreign_keys &&
      !runner.rows("SELECT 1 FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' "
                   "AND f.\"table\" = " + name + " LIMIT 1").empty())
    throw error(errc::misuse, "rebuilding table \"" + std::string(table.name) +
                                  "\" inside a transaction with foreign keys enforced: a table references it, and "
                                  "dropping it would cascade; run the change outside a transaction");

  // Copy only what the old table has; its columns no source reads are dropped (an
  // expression may read any: then none counts as dropped).
  const auto live = runner.rows("SELECT name FROM pragma_table_info(" + name + ")");
  std::vector<rebuild_source> live_sources(sources.begin(), sources.end());
  for (rebuild_source& source : live_sources) {
    bool exists = source.old_column.empty();
    for (const auto& row : live) exists = exists || row[0] == source.old_column;
    if (!exists) source = {};
  }
  std::string dropped;
  for (const auto& row : live) {
    bool read = false;
    for (const rebuild_source& source : sources) read = read || source.old_column == row[0] || !source.expression.empty();
    if (!read) dropped += (dropped.empty() ? "" : ", ") + sql_string(row[0]);
  }
  sql_writer measure{dialect_id::sqlite};
  render_sqlite_rebuild(measure, table, temporary_name, live_sources);
  std::string statements(measure.size(), '\0');
  sql_writer writer{dialect_id::sqlite, statements.data()};
  render_sqlite_rebuild(writer, table, temporary_name, live_sources);

  const std::string saved_query =
      "SELECT m.sql FROM sqlite_master AS m WHERE m.tbl_name = " + name +
      " AND m.type IN ('index', 'trigger') AND m.sql IS NOT NULL" +
      (dropped.empty() ? std::string()
                       : " AND NOT EXISTS (SELECT 1 FROM pragma_index_info(m.name) AS i WHERE i.name IN (" + dropped +
                             "))") +
      " ORDER BY m.type, m.name";
  const auto legacy = runner.rows("PRAGMA legacy_alter_table");
  const bool legacy_before = !legacy.empty() && !legacy[0].empty() && legacy[0][0] == "1";

  if (!nested && foreign_keys) runner.execute("PRAGMA foreign_keys = OFF");
  bool begun = false;
  try {
    runner.execute(nested ? "SAVEPOINT \"piccolo$rebuild\"" : "BEGIN IMMEDIATE");
    begun = true;
    const auto saved = runner.rows(saved_query);
    // The rename must not re-check views over the table while it is gone (the legacy
    // rename leaves other objects' text alone; nothing refers to the temporary name).
    if (!legacy_before) runner.execute("PRAGMA legacy_alter_table = ON");
    runner.execute(statements);
    if (!legacy_before) runner.execute("PRAGMA legacy_alter_table = OFF");
    for (const auto& row : saved) runner.execute(row[0]);
    if (foreign_keys &&
        !runner.rows("SELECT 1 FROM pragma_foreign_key_check AS f WHERE f.\"table\" = " + name + " OR f.parent = " +
                     name + " LIMIT 1").empty())
      throw error(errc::foreign_key_violation,
                  "rebuilding table \"" + std::string(table.name) + "\": the copied rows violate a foreign key");
    runner.execute(nested ? "RELEASE \"piccolo$rebuild\"" : "COMMIT");
  } catch (...) {
    try {
      if (!legacy_before) runner.execute("PRAGMA legacy_alter_table = OFF");
      if (begun) runner.execute(nested ? "ROLLBACK TO \"piccolo$rebuild\"; RELEASE \"piccolo$rebuild\"" : "ROLLBACK");
      if (!nested && foreign_keys) runner.execute("PRAGMA foreign_keys = ON");
    } catch (...) {
      // the first error says what went wrong
    }
    throw;
  }
  if (!nested && foreign_keys) runner.execute("PRAGMA foreign_keys = ON");
}

}  // namespace piccolo::detail
