#pragma once
// The text of one schema change, from a table description and the change as data, so
// that pc::alter<T>() (a description known at compile time) and migrations (one read
// from a snapshot at run time) render the same SQL. PostgreSQL's ALTER TABLE does every
// change; SQLite's does some (see sqlite_alters_natively) and the table rebuild the rest.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/describe.hpp>

namespace piccolo::detail {

}  // namespace piccolo::detail

namespace piccolo {

// One kind of schema change: what pc::alter<T>() renders and what a migration operation
// (migrate/diff.hpp) is. create_table and drop_table are migrations' only.
enum class operation_kind {
  create_table,
  drop_table,
  rename_table,
  add_column,
  drop_column,
  rename_column,
  set_not_null,
  drop_not_null,
  set_default,
  drop_default,
  change_type,
  add_unique,
  drop_unique,
  create_index,
  drop_index,
  add_foreign_key,
  drop_foreign_key,
};

}  // namespace piccolo

namespace piccolo::detail {

using alter_action = operation_kind;

// One change of one table, named by the new shape's column names; old_name is the
// dropped column (drop_column), the column's old name (rename_column) or the table's
// (rename_table).
struct alter_step {
  alter_action action{};
  std::span<const std::string_view> columns;
  std::string_view old_name;
  std::string_view using_expression;  // change_type: SQL over the old value
};

// Where a column of a rebuilt table takes its values from: a column of the old table
// (the same name unless renamed) or an SQL expression over them; neither: not copied,
// the column takes its default.
struct rebuild_source {
  std::string_view old_column;
  std::string_view expression;
};

constexpr bool same_names(std::span<const std::string_view> a, std::span<const std::string_view> b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

constexpr const column_description* alter_column(const table_description& table, const alter_step& step) noexcept {
  return step.columns.empty() ? nullptr : table.column(step.columns[0]);
}

// Whether SQLite's own ALTER TABLE / CREATE INDEX / DROP INDEX makes the change. Its ADD
// COLUMN refuses a PRIMARY KEY or UNIQUE column, a NOT NULL one without a default and a
// REFERENCES one that is not NULL by default; its DROP COLUMN refuses a key, unique,
// indexed or referencing column, which the description of the new shape cannot tell, so
// a drop always rebuilds.
constexpr bool sqlite_alters_natively(const table_description& table, const alter_step& step) noexcept {
  switch (step.action) {
    case alter_action::rename_column:
    case alter_action::rename_table:
    case alter_action::create_index:
    case alter_action::drop_index: return true;
    case alter_action::add_column: {
      const column_description* c = alter_column(table, step);
      // (nor a default the database computes: SQLite adds only constant ones)
      const bool constant_default = c && (c->default_kind == default_kind::none || c->default_kind == default_kind::literal);
      return c && constant_default && !c->primary_key && !c->unique &&
             (c->nullable || (c->has_default() && !c->has_foreign_key));
    }
    default: return false;
  }
}

// "band_name_key", "band_a_b_key", "band_manager_fkey", "band_pkey", "band_id_seq": the
// name PostgreSQL gives a constraint or a serial's sequence it names itself (makeObjectName
// in its source), so that a constraint added here and one created with the table are
// dropped and renamed alike. Past 63 bytes PostgreSQL shortens the longer of the table and
// the joined columns a byte at a time until the whole fits, each then cut back to a
// character boundary; without columns: "<table>_<label>".
constexpr stored_name postgres_object_name(std::string_view table, std::span<const std::string_view> columns,
                                           std::string_view label) noexcept {
  std::array<char, postgres_name_limit> joined{};  // the first bytes of the columns joined by '_'
  std::size_t joined_size = 0;                      // the whole length
  auto join = [&](char ch) {
    if (joined_size < joined.size()) joined[joined_size] = ch;
    ++joined_size;
  };
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) join('_');
    for (char ch : columns[i]) join(ch);
  }
  const bool with_columns = !columns.empty();
  const std::size_t available = postgres_name_limit - label.size() - 1 - (with_columns ? 1 : 0);
  std::size_t table_size = table.size(), columns_size = with_columns ? joined_size : 0;
  while (table_size + columns_size > available) {
    if (table_size > columns_size) --table_size;
    else --columns_size;
  }
  auto whole_characters = [](auto&& text, std::size_t size, std::size_t length) {
    while (length > 0 && length < size && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
    return length;
  };
  table_size = whole_characters(table, table.size(), table_size);
  columns_size = whole_characters(joined, joined_size, columns_size);
  stored_name name;
  auto put = [&](char ch) { name.chars[name.size++] = ch; };
  for (std::size_t i = 0; i < table_size; ++i) put(table[i]);
  if (with_columns) {
    put('_');
    for (std::size_t i = 0; i < columns_size; ++i) put(joined[i]);
  }
  put('_');
  for (char ch : label) put(ch);
  return name;
}

constexpr void put_constraint_name(sql_writer& w, std::string_view table, std::span<const std::string_view> columns,
                                   std::string_view suffix) {
  w.identifier(postgres_object_name(table, columns, suffix).view());
}

constexpr void put_column_list(sql_writer& w, std::span<const std::string_view> columns) {
  w.put('(');
  for (std::size_t i = 0; i < columns.size(); ++i) w.put(i > 0 ? ", " : "").identifier(columns[i]);
  w.put(')');
}

// After a table's rename, what is named after the table takes the new table's name, so
// that the database reads as one created fresh under that name (and a later DROP
// CONSTRAINT or DROP INDEX finds what it names): on PostgreSQL the primary key, UNIQUE
// and foreign key constraints, each serial's sequence and piccolo's indexes; on SQLite
// piccolo's indexes, dropped and created again (SQLite renames no index; its own
// autoindexes follow the table by themselves). An index is renamed when its name is the
// one piccolo gives it: a description read from a migration made before renames carried
// the names still lists it under the old table's name, and it stays so.
constexpr void render_renamed_dependents(sql_writer& w, const table_description& table, std::string_view old_table) {
  const dialect_id d = w.dialect();
  auto piccolo_index_name = [](std::string_view table_name, const index_description& index) {
    return stored_index_name(table_name, index.columns.data(), index.columns.size(), index.method);
  };
  if (d == dialect_id::postgres) {
    auto rename_constraint = [&](std::span<const std::string_view> columns, std::string_view label) {
      w.put(";\nALTER TABLE ").identifier(table.name).put(" RENAME CONSTRAINT ");
      w.identifier(postgres_object_name(old_table, columns, label).view()).put(" TO ");
      w.identifier(postgres_object_name(table.name, columns, label).view());
    };
    if (!table.primary_key.empty()) rename_constraint({}, "pkey");
    for (const column_description& c : table.columns)
      if (c.unique && !c.serial) rename_constraint({&c.name, 1}, "key");
    for (const unique_description& u : table.unique_constraints) rename_constraint(u.columns, "key");
    for (const column_description& c : table.columns)
      if (c.has_foreign_key) rename_constraint({&c.name, 1}, "fkey");
    for (const column_description& c : table.columns) {
      if (!c.serial) continue;
      w.put(";\nALTER SEQUENCE ").identifier(postgres_object_name(old_table, {&c.name, 1}, "seq").view());
      w.put(" RENAME TO ").identifier(postgres_object_name(table.name, {&c.name, 1}, "seq").view());
    }
  }
  for (const index_description& index : table.indexes) {
    if (!index.exists_on(d) || index.name != piccolo_index_name(table.name, index).view()) continue;
    if (d == dialect_id::postgres) {
      w.put(";\nALTER INDEX ").identifier(piccolo_index_name(old_table, index).view()).put(" RENAME TO ");
      w.identifier(index.name);
    } else {
      w.put(";\nDROP INDEX ").identifier(piccolo_index_name(old_table, index).view());
      w.put(";\n").put(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ").identifier(index.name).put(" ON ");
      w.identifier(table.name).put(' ');
      put_column_list(w, index.columns);
    }
  }
}

// The ALTER TABLE (or CREATE / DROP INDEX) statement; on SQLite only for a change
// sqlite_alters_natively() accepts.
constexpr void render_alter(sql_writer& w, const table_description& table, const alter_step& step) {
  const dialect_id d = w.dialect();
  const column_description* c = alter_column(table, step);
  auto alter_table = [&] { w.put("ALTER TABLE ").identifier(table.name).put(' '); };
  auto alter_column_clause = [&] { alter_table(), w.put("ALTER COLUMN ").identifier(step.columns[0]).put(' '); };
  switch (step.action) {
    case alter_action::add_column:
      alter_table(), w.put("ADD COLUMN ");
      if (c) render_column_definition(w, *c);
      return;
    case alter_action::drop_column: return alter_table(), void(w.put("DROP COLUMN ").identifier(step.old_name));
    case alter_action::rename_column:
      alter_table(), w.put("RENAME COLUMN ").identifier(step.old_name).put(" TO ").identifier(step.columns[0]);
      return;
    case alter_action::rename_table:
      w.put("ALTER TABLE ").identifier(step.old_name).put(" RENAME TO ").identifier(table.name);
      render_renamed_dependents(w, table, step.old_name);
      return;
    case alter_action::set_not_null: return alter_column_clause(), void(w.put("SET NOT NULL"));
    case alter_action::drop_not_null: return alter_column_clause(), void(w.put("DROP NOT NULL"));
    case alter_action::set_default:
      alter_column_clause(), w.put("SET DEFAULT ");
      if (c) w.put(c->default_value(d));
      return;
    case alter_action::drop_default: return alter_column_clause(), void(w.put("DROP DEFAULT"));
    case alter_action::change_type:
      alter_column_clause(), w.put("TYPE ");
      if (c) w.put(c->type(d));
      if (!step.using_expression.empty()) w.put(" USING ").put(step.using_expression);
      return;
    case alter_action::add_unique:
      alter_table(), w.put("ADD CONSTRAINT ");
      put_constraint_name(w, table.name, step.columns, "key");
      w.put(" UNIQUE ");
      put_column_list(w, step.columns);
      return;
    case alter_action::drop_unique:
      alter_table(), w.put("DROP CONSTRAINT ");
      put_constraint_name(w, table.name, step.columns, "key");
      return;
    case alter_action::create_index:
      for (const index_description& index : table.indexes) {
        if (!same_names(index.columns, step.columns)) continue;
        if (!index.exists_on(d)) return;  // a PostgreSQL-only method: nothing to make on SQLite
        w.put(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ").identifier(index.name).put(" ON ");
        w.identifier(table.name);
        if (index.method != "btree") w.put(" USING ").put(index.method);
        w.put(' ');
        put_column_list(w, index.columns);
        return;
      }
      return;
    case alter_action::drop_index: return void(w.put("DROP INDEX ").identifier(step.old_name));
    case alter_action::add_foreign_key:
      alter_table(), w.put("ADD CONSTRAINT ");
      put_constraint_name(w, table.name, step.columns, "fkey");
      w.put(" FOREIGN KEY ");
      put_column_list(w, step.columns);
      if (c && c->has_foreign_key) {
        w.put(" REFERENCES ").identifier(c->foreign_key.table).put(" (").identifier(c->foreign_key.column);
        w.put(") ON DELETE ").put(action_sql(c->foreign_key.on_delete));
        w.put(" ON UPDATE ").put(action_sql(c->foreign_key.on_update));
      }
      return;
    case alter_action::drop_foreign_key:
      alter_table(), w.put("DROP CONSTRAINT ");
      put_constraint_name(w, table.name, step.columns, "fkey");
      return;
    case alter_action::create_table:  // rendered from the whole table (render_create_table)
    case alter_action::drop_table:
      return;
  }
}

// The statements of SQLite's table rebuild between its transaction and its checks (see
// sqlite_rebuild.hpp, which runs them): the new shape under temporary_name, every row
// copied, the old table dropped and the new one renamed. sources[i] says where column i
// of `table` takes its values from. Indexes and triggers are re-created by the runner
// from sqlite_master (what existed, hand-made ones too), not from the description.
constexpr void render_sqlite_rebuild(sql_writer& w, const table_description& table, std::string_view temporary_name,
                                     std::span<const rebuild_source> sources) {
  table_description renamed = table;
  renamed.name = temporary_name;
  renamed.indexes = {};
  render_create_table(w, renamed, false);
  w.put(";\nINSERT INTO ").identifier(temporary_name).put(" (");
  bool first = true;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (sources[i].old_column.empty() && sources[i].expression.empty()) continue;
    w.put(first ? "" : ", ").identifier(table.columns[i].name);
    first = false;
  }
  w.put(") SELECT ");
  first = true;
  for (const rebuild_source& source : sources) {
    if (source.old_column.empty() && source.expression.empty()) continue;
    w.put(first ? "" : ", ");
    if (source.expression.empty()) w.identifier(source.old_column);
    else w.put(source.expression);
    first = false;
  }
  w.put(" FROM ").identifier(table.name);
  w.put(";\nDROP TABLE ").identifier(table.name);
  w.put(";\nALTER TABLE ").identifier(temporary_name).put(" RENAME TO ").identifier(table.name);
}

// Where each column of the new shape comes from when `step` rebuilds the table: the
// same-named old column, except the added one (its default) and a changed type's
// column with a USING expression.
constexpr rebuild_source rebuild_source_of(const column_description& column, const alter_step& step) noexcept {
  const bool named = !step.columns.empty() && step.columns[0] == column.name;
  if (named && step.action == alter_action::add_column) return {};
  if (named && step.action == alter_action::change_type && !step.using_expression.empty())
    return {{}, step.using_expression};
  return {column.name, {}};
}

}  // namespace piccolo::detail
