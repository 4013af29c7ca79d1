#pragma once
// Auto migrations: two schema snapshots diffed into operations that apply in order, each
// one knowing its reverse, and the SQL of each per dialect.
//
//   auto ops = pc::diff_schemas(before, after, {.renames = {{"band.title", "name"}}});
//   for (const pc::migration_operation& op : ops) {
//     pc::rendered_operation sql = pc::render_operation(op, pc::dialect_id::sqlite);
//     // run sql.statements in order; sql.rebuild: run_sqlite_rebuild(runner, *sql.rebuild)
//   }
//   auto back = pc::reverse(ops);  // the migration backwards
//
// Nothing is guessed and nothing is lost silently: a rename is one only when
// diff_options.renames says so; a dropped table or column needs allow_drop; a type change
// the database may fail to convert needs a USING expression (diff_options.using_sql); a
// NOT NULL column without a default is flagged needs_empty_table (refused outright for
// the tables listed in diff_options.tables_with_rows). Every refusal is a pc::diff_error.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/migrate/snapshot.hpp>
#include <piccolo/migrate/verify.hpp>
#include <piccolo/query/detail/alter_render.hpp>
#include <piccolo/query/detail/sqlite_rebuild.hpp>

namespace piccolo {

// One change of one table. `before` and `after` are the table's whole shape around it
// (create_table has no before, drop_table no after: their names are empty), so a drop
// carries what it drops and reverse() swaps them.
struct migration_operation {
  operation_kind kind{};
  std::string table;                 // its name after the operation (drop_table: the dropped table's)
  std::vector<std::string> columns;  // the columns concerned, by the names they have (drop_column: the dropped one)
  std::string old_name;              // rename_column / rename_table: the name before; create / drop_index: the index
  std::string using_sql;             // change_type: the new value from the old one; empty: the database's cast
  std::string reverse_using_sql;     // change_type: the old value from the new one (for reverse())
  // add_column of a NOT NULL column without a default: only an empty table takes it; the
  // runner checks the table before applying.
  bool needs_empty_table = false;
  table_snapshot before;
  table_snapshot after;
  bool operator==(const migration_operation&) const = default;
};

// Why diff_schemas() refused (the error's message says what to do).
enum class diff_refusal {
  ambiguous_rename,    // a column / table disappears while one of the same type appears
  drop_not_allowed,    // dropping a table or a column without allow_drop
  needs_using,         // a type change that may not convert, without a USING expression
  not_null_on_rows,    // a NOT NULL column without a default added to a table with rows
  unknown_rename,      // a rename names what neither schema has
  unsupported,         // a change of the primary key or a serial column
};

// A refusal of diff_schemas(): its kind and its subject as fields, so that a tool can act
// on it (ask about the rename, point at the member) without reading the message.
class diff_error : public error {
 public:
  diff_error(diff_refusal refusal, const std::string& message, std::string table = {}, std::string column = {},
             std::vector<std::string> rename_candidates = {})
      : error(errc::misuse, message),
        refusal_(refusal),
        table_(std::move(table)),
        column_(std::move(column)),
        rename_candidates_(std::move(rename_candidates)) {}
  diff_refusal refusal() const noexcept { return refusal_; }
  // The table concerned: by its new name, except for a table that disappears (its old
  // name); several dropped at once: the first of them (the message names all).
  const std::string& table() const noexcept { return table_; }
  // The column concerned; empty when the refusal is about a whole table.
  const std::string& column() const noexcept { return column_; }
  // ambiguous_rename: what may be the new name of column() (columns of table() of the
  // same type) or, when column() is empty, of table() (the tables that appear).
  const std::vector<std::string>& rename_candidates() const noexcept { return rename_candidates_; }
  // ambiguous_rename: the key of diff_options::renames (--rename) that answers it,
  // "band.title" or "band".
  std::string rename_key() const { return column_.empty() ? table_ : table_ + "." + column_; }

 private:
  diff_refusal refusal_;
  std::string table_;
  std::string column_;
  std::vector<std::string> rename_candidates_;
};

struct diff_options {
  // "band.title" -> "name": column title of table band is now name (band may be the old or
  // the new table name); "old_table" -> "new_table": a table renamed.
  std::map<std::string, std::string> renames;
  bool allow_drop = false;
  // "band.popularity" -> "CAST(\"popularity\" AS INTEGER)": change_type's USING (table by
  // its new name), and the expression converting back for reverse().
  std::map<std::string, std::string> using_sql;
  std::map<std::string, std::string> reverse_using_sql;
  // Tables known to hold rows: adding a NOT NULL column without a default to one is refused.
  std::set<std::string> tables_with_rows;
};

namespace detail {

constexpr operation_kind reverse_kind(operation_kind k) noexcept {
  using o = operation_kind;
  switch (k) {
    case o::create_table: return o::drop_table;
    case o::drop_table: return o::create_table;
    case o::add_column: return o::drop_column;
    case o::drop_column: return o::add_column;
    case o::set_not_null: return o::drop_not_null;
    case o::drop_not_null: return o::set_not_null;
    case o::drop_default: return o::set_default;
    case o::add_unique: return o::drop_unique;
    case o::drop_unique: return o::add_unique;
    case o::create_index: return o::drop_index;
    case o::drop_index: return o::create_index;
    case o::add_foreign_key: return o::drop_foreign_key;
    case o::drop_foreign_key: return o::add_foreign_key;
    default: return k;  // renames, set_default and change_type reverse into themselves
  }
}

inline const column_snapshot* column_named(const table_snapshot& t, std::string_view name) {
  for (const column_snapshot& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}
inline column_snapshot* column_named(table_snapshot& t, std::string_view name) {
  for (column_snapshot& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}
inline const table_snapshot* table_named(const schema_snapshot& s, std::string_view name) {
  for (const table_snapshot& t : s.tables)
    if (t.name == name) return &t;
  return nullptr;
}

inline bool has_default(const column_snapshot& c) { return !c.sqlite_default.empty() || !c.postgres_default.empty(); }
inline bool same_type(const column_snapshot& a, const column_snapshot& b) {
  return a.sqlite_type == b.sqlite_type && a.postgres_type == b.postgres_type;
}
inline bool same_default(const column_snapshot& a, const column_snapshot& b) {
  return a.default_kind == b.default_kind && a.sqlite_default == b.sqlite_default && a.postgres_default == b.postgres_default;
}
inline bool needs_empty_table(const column_snapshot& c) { return !c.nullable && !c.serial && !has_default(c); }

// Conversions every database makes without a USING expression: wider integers and
// floats, longer VARCHARs, anything to TEXT.
inline bool converts_by_itself(std::string_view from, std::string_view to) {
  if (from == to || to == "TEXT") return true;
  auto rank = [](std::string_view type) -> int {
    if (type == "SMALLINT") return 1;
    if (type == "INTEGER") return 2;
    if (type == "BIGINT") return 3;
    if (type == "REAL") return 11;
    if (type == "DOUBLE PRECISION") return 12;
    return 0;
  };
  if (rank(from) && rank(to)) return (rank(from) < 10) == (rank(to) < 10) ? rank(from) < rank(to) : rank(to) > 10;
  auto varchar_length = [](std::string_view type) -> long {
    if (!type.starts_with("VARCHAR(") || !type.ends_with(")")) return -1;
    return std::stol(std::string(type.substr(8, type.size() - 9)));
  };
  if (varchar_length(from) >= 0 && varchar_length(to) >= 0) return varchar_length(from) <= varchar_length(to);
  return false;
}

// The name piccolo gives index i of table `table` (schema/ddl.hpp).
inline std::string index_name_of(std::string_view table, const index_snapshot& i) {
  const std::vector<std::string_view> columns(i.columns.begin(), i.columns.end());
  return std::string(stored_index_name(table, columns.data(), columns.size(), i.method).view());
}

inline std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

// The owning storage behind a table_description that views a table_snapshot (which must
// outlive it), so alter_render renders a snapshot as it renders describe<T>().
class snapshot_description {
 public:
  explicit snapshot_description(const table_snapshot& t) {
    for (const column_snapshot& c : t.columns) {
      column_description& d = columns_.emplace_back();
      d.name = c.name;
      d.sqlite_type = c.sqlite_type;
      d.postgres_type = c.postgres_type;
      d.nullable = c.nullable;
      d.primary_key = c.primary_key;
      d.serial = c.serial;
      d.unique = c.unique;
      d.default_kind = c.default_kind;
      d.sqlite_default = c.sqlite_default;
      d.postgres_default = c.postgres_default;
      if (c.foreign_key) {
        d.has_foreign_key = true;
        d.foreign_key = {c.foreign_key->table, c.foreign_key->column, c.foreign_key->on_delete, c.foreign_key->on_update};
      }
    }
    primary_key_.assign(t.primary_key.begin(), t.primary_key.end());
    for (const auto& u : t.unique_constraints) unique_names_.emplace_back(u.begin(), u.end());
    for (const auto& names : unique_names_) uniques_.push_back({names});
    for (const index_snapshot& i : t.indexes) index_names_.emplace_back(i.columns.begin(), i.columns.end());
    for (std::size_t k = 0; k < t.indexes.size(); ++k)
      indexes_.push_back({t.indexes[k].name, index_names_[k], t.indexes[k].method, t.indexes[k].unique});
    value_ = {t.name, columns_, primary_key_, uniques_, indexes_};
  }
  snapshot_description(const snapshot_description&) = delete;
  snapshot_description& operator=(const snapshot_description&) = delete;
  const table_description& value() const noexcept { return value_; }

 private:
  std::vector<column_description> columns_;
  std::vector<std::string_view> primary_key_;
  std::vector<std::vector<std::string_view>> unique_names_;
  std::vector<unique_description> uniques_;
  std::vector<std::vector<std::string_view>> index_names_;
  std::vector<index_description> indexes_;
  table_description value_{};
};

// A rename_table's new shape with only the indexes the rename takes along: piccolo's
// name for the old table before, for the new one after. A migration made before renames
// carried the names keeps the old index name and drops and makes it in operations of its
// own, forwards and backwards: the rename must leave it alone.
inline table_snapshot with_renamed_indexes_only(const migration_operation& op) {
  table_snapshot shape = op.after;
  std::erase_if(shape.indexes, [&](const index_snapshot& i) {
    return std::none_of(op.before.indexes.begin(), op.before.indexes.end(),
                        [&](const index_snapshot& b) { return b.name == index_name_of(op.before.name, i); });
  });
  return shape;
}

template <class Render>
std::string rendered_text(dialect_id d, Render render) {
  sql_writer measure{d};
  render(measure);
  std::string text(measure.size(), '\0');
  sql_writer writer{d, text.data()};
  render(writer);
  return text;
}

}  // namespace detail

// The operation undoing op (its before and after swapped).
inline migration_operation reverse(const migration_operation& op) {
  using o = operation_kind;
  migration_operation r = op;
  r.kind = detail::reverse_kind(op.kind);
  std::swap(r.before, r.after);
  std::swap(r.using_sql, r.reverse_using_sql);
  if (op.kind == o::rename_table) r.table = op.old_name, r.old_name = op.table;
  if (op.kind == o::rename_column) r.columns = {op.old_name}, r.old_name = op.columns[0];
  if (op.kind == o::set_default) {
    const column_snapshot* c = detail::column_named(op.before, op.columns[0]);
    r.kind = c && detail::has_default(*c) ? o::set_default : o::drop_default;
  }
  r.needs_empty_table = false;
  if (r.kind == o::add_column)
    if (const column_snapshot* c = detail::column_named(r.after, r.columns[0])) r.needs_empty_table = detail::needs_empty_table(*c);
  return r;
}

// The migration backwards: each operation reversed, last first.
inline std::vector<migration_operation> reverse(const std::vector<migration_operation>& ops) {
  std::vector<migration_operation> result;
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) result.push_back(reverse(*it));
  return result;
}

namespace detail {

class schema_differ {
 public:
  schema_differ(const schema_snapshot& from, const schema_snapshot& to, const diff_options& options)
      : from_(from), to_(to), options_(options), current_(from) {}

  std::vector<migration_operation> run() {
    read_renames();
    check_tables();
    rename_tables();
    for (const table_snapshot& t : to_.tables)
      if (table_snapshot* c = current_table(t.name)) drop_constraints(*c, t);
    for (const table_snapshot& t : to_.tables)
      if (table_snapshot* c = current_table(t.name)) rename_and_drop_columns(*c, t);
    drop_tables();
    create_tables();
    for (const table_snapshot& t : to_.tables)
      if (kept(t.name)) change_columns(*current_table(t.name), t);
    for (const table_snapshot& t : to_.tables)
      if (kept(t.name)) add_constraints(*current_table(t.name), t);
    return std::move(ops_);
  }

 private:
  const schema_snapshot& from_;
  const schema_snapshot& to_;
  const diff_options& options_;
  schema_snapshot current_;  // from_ with the operations so far applied
  std::vector<migration_operation> ops_;
  std::map<std::string, std::string> table_renames_;                     // old -> new
  std::map<std::string, std::map<std::string, std::string>> column_renames_;  // new table -> old -> new
  std::set<std::string> created_;

  table_snapshot* current_table(std::string_view name) {
    for (table_snapshot& t : current_.tables)
      if (t.name == name) return &t;
    return nullptr;
  }
  bool kept(const std::string& name) const { return !created_.count(name); }
  std::string new_table_name(const std::string& old) const {
    auto it = table_renames_.find(old);
    return it == table_renames_.end() ? old : it->second;
  }

  // One operation on table t: mutate takes it from before to after.
  template <class Mutate>
  migration_operation& emit(operation_kind kind, table_snapshot& t, std::vector<std::string> columns, Mutate mutate) {
    migration_operation& op = ops_.emplace_back();
    op.kind = kind;
    op.columns = std::move(columns);
    op.before = t;
    mutate(t);
    op.after = t;
    op.table = t.name;
    return op;
  }

  void read_renames() {
    for (const auto& [key, target] : options_.renames) {
      const std::size_t dot = key.find('.');
      if (dot == std::string::npos) {
        if (!table_named(from_, key) || !table_named(to_, target))
          throw diff_error(diff_refusal::unknown_rename,
                           "rename " + key + "=" + target + ": the old schema must have table " + key +
                               " and the new one table " + target,
                           key);
        table_renames_[key] = target;
      }
    }
    for (const auto& [key, target] : options_.renames) {
      const std::size_t dot = key.find('.');
      if (dot == std::string::npos) continue;
      const std::string table = key.substr(0, dot), column = key.substr(dot + 1);
      std::string old_table = table;
      for (const auto& [old, renamed] : table_renames_)
        if (renamed == table) old_table = old;
      const table_snapshot* before = table_named(from_, old_table);
      const table_snapshot* after = table_named(to_, new_table_name(old_table));
      if (!before || !after || !column_named(*before, column) || !column_named(*after, target))
        throw diff_error(diff_refusal::unknown_rename,
                         "rename " + key + "=" + target + ": the old table must have column " + column +
                             " and the new one column " + target,
                         table, column);
      column_renames_[after->name][column] = target;
    }
  }

  std::string new_column_name(const std::string& table, const std::string& old) const {
    auto t = column_renames_.find(table);
    if (t == column_renames_.end()) return old;
    auto c = t->second.find(old);
    return c == t->second.end() ? old : c->second;
  }
  // A foreign key of the old schema in the new schema's names.
  std::optional<foreign_key_snapshot> renamed_key(std::optional<foreign_key_snapshot> fk) const {
    if (fk) {
      fk->table = new_table_name(fk->table);
      fk->column = new_column_name(fk->table, fk->column);
    }
    return fk;
  }

  void check_tables() {
    std::vector<std::string> dropped, added;
    for (const table_snapshot& t : from_.tables)
      if (!table_named(to_, new_table_name(t.name))) dropped.push_back(t.name);
    for (const table_snapshot& t : to_.tables) {
      bool renamed_here = false;
      for (const auto& [old, renamed] : table_renames_) renamed_here = renamed_here || renamed == t.name;
      if (!renamed_here && !table_named(from_, t.name)) added.push_back(t.name);
    }
    if (dropped.empty() || options_.allow_drop) return;
    if (!added.empty())
      throw diff_error(diff_refusal::ambiguous_rename,
                       "table " + dropped[0] + " disappears while table " + added[0] + " appears: if it was renamed, say so (--rename " +
                           dropped[0] + "=" + added[0] + "); to drop " + dropped[0] + " and its rows, pass --allow-drop",
                       dropped[0], {}, added);
    throw diff_error(diff_refusal::drop_not_allowed,
                     "dropping table " + joined(dropped) + " loses its rows: pass --allow-drop (diff_options.allow_drop) to drop it",
                     dropped[0]);
  }

  void rename_tables() {
    for (const auto& [old, renamed] : table_renames_) {
      table_snapshot& t = *current_table(old);
      emit(operation_kind::rename_table, t, {}, [&](table_snapshot& s) {
        s.name = renamed;
        // piccolo's indexes take the new table's name with it (render_renamed_dependents)
        for (index_snapshot& i : s.indexes)
          if (i.name == index_name_of(old, i)) i.name = index_name_of(renamed, i);
      }).old_name = old;
      for (table_snapshot& other : current_.tables)
        for (column_snapshot& c : other.columns)
          if (c.foreign_key && c.foreign_key->table == old) c.foreign_key->table = renamed;
    }
  }

  // The old table's column names in the new table's names.
  std::vector<std::string> renamed_columns(const std::string& table, const std::vector<std::string>& names) const {
    std::vector<std::string> result;
    for (const std::string& n : names) result.push_back(new_column_name(table, n));
    return result;
  }

  // Foreign keys, uniques and indexes the new shape does not have (or has otherwise), before
  // any column goes: what they cover may be renamed or dropped next.
  void drop_constraints(table_snapshot& t, const table_snapshot& target) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const column_snapshot& c = t.columns[i];
      const column_snapshot* wanted = column_named(target, new_column_name(target.name, c.name));
      if (c.foreign_key && (!wanted || renamed_key(c.foreign_key) != wanted->foreign_key))
        emit(operation_kind::drop_foreign_key, t, {c.name}, [&](table_snapshot& s) { s.columns[i].foreign_key.reset(); });
    }
    const auto wanted_sets = unique_sets(target);
    for (const auto& set : unique_sets(t)) {
      if (std::find(wanted_sets.begin(), wanted_sets.end(), renamed_columns(target.name, set)) != wanted_sets.end()) continue;
      emit(operation_kind::drop_unique, t, set, [&](table_snapshot& s) {
        column_snapshot* c = set.size() == 1 ? column_named(s, set[0]) : nullptr;
        if (c && c->unique) c->unique = false;
        else std::erase(s.unique_constraints, set);
      });
    }
    const std::vector<index_snapshot> indexes = t.indexes;  // a copy: dropping erases from t
    for (const index_snapshot& index : indexes) {
      const auto wanted = std::find_if(target.indexes.begin(), target.indexes.end(),
                                       [&](const index_snapshot& i) { return i.name == index.name; });
      index_snapshot renamed = index;
      renamed.columns = renamed_columns(target.name, index.columns);
      if (wanted != target.indexes.end() && *wanted == renamed) continue;
      emit(operation_kind::drop_index, t, index.columns, [&](table_snapshot& s) {
        std::erase_if(s.indexes, [&](const index_snapshot& i) { return i.name == index.name; });
      }).old_name = index.name;
    }
  }

  void rename_and_drop_columns(table_snapshot& t, const table_snapshot& target) {
    if (auto renames = column_renames_.find(target.name); renames != column_renames_.end())
      for (const auto& [old, renamed] : renames->second) {
        auto rename = [&](std::string& name) { name = name == old ? renamed : name; };
        emit(operation_kind::rename_column, t, {renamed}, [&](table_snapshot& s) {
          for (column_snapshot& c : s.columns) rename(c.name);
          for (std::string& k : s.primary_key) rename(k);
          for (auto& u : s.unique_constraints) std::for_each(u.begin(), u.end(), rename);
          for (index_snapshot& i : s.indexes) std::for_each(i.columns.begin(), i.columns.end(), rename);
        }).old_name = old;
        for (table_snapshot& other : current_.tables)
          for (column_snapshot& c : other.columns)
            if (c.foreign_key && c.foreign_key->table == t.name && c.foreign_key->column == old) c.foreign_key->column = renamed;
      }
    std::vector<std::string> dropped;
    for (const column_snapshot& c : t.columns)
      if (!column_named(target, c.name)) dropped.push_back(c.name);
    for (const std::string& name : dropped) {
      if (!options_.allow_drop) {
        std::vector<std::string> candidates;
        for (const column_snapshot& a : target.columns)
          if (!column_named(t, a.name) && same_type(a, *column_named(t, name))) candidates.push_back(a.name);
        if (!candidates.empty())
          throw diff_error(diff_refusal::ambiguous_rename,
                           "column " + target.name + "." + name + " disappears while " + target.name + "." + candidates[0] +
                               " of the same type appears: if it was renamed, say so (--rename " + target.name + "." +
                               name + "=" + candidates[0] + "); to drop " + name + " and add " + candidates[0] +
                               ", pass --allow-drop",
                           target.name, name, candidates);
        throw diff_error(diff_refusal::drop_not_allowed,
                         "dropping column " + target.name + "." + name +
                             " loses its values: pass --allow-drop (diff_options.allow_drop)",
                         target.name, name);
      }
      if (column_named(t, name)->primary_key)
        throw diff_error(diff_refusal::unsupported,
                         "column " + target.name + "." + name +
                             " is part of the primary key: a key change needs a manual migration",
                         target.name, name);
      emit(operation_kind::drop_column, t, {name},
           [&](table_snapshot& s) { std::erase_if(s.columns, [&](const column_snapshot& c) { return c.name == name; }); });
    }
  }

  void drop_tables() {
    for (auto it = from_.tables.rbegin(); it != from_.tables.rend(); ++it) {
      if (table_named(to_, new_table_name(it->name))) continue;
      table_snapshot& t = *current_table(it->name);
      emit(operation_kind::drop_table, t, {}, [](table_snapshot& s) { s = {}; }).table = it->name;
      std::erase_if(current_.tables, [](const table_snapshot& s) { return s.name.empty(); });
    }
  }

  void create_tables() {
    for (const table_snapshot& t : to_.tables) {
      if (current_table(t.name)) continue;
      created_.insert(t.name);
      table_snapshot& added = current_.tables.emplace_back();
      emit(operation_kind::create_table, added, {}, [&](table_snapshot& s) { s = t; });
    }
  }

  void change_columns(table_snapshot& t, const table_snapshot& target) {
    const std::string where = target.name + ".";
    if (t.primary_key != target.primary_key)
      throw diff_error(diff_refusal::unsupported, "the primary key of " + target.name + " changes: write a manual migration",
                       target.name);
    for (const column_snapshot& c : target.columns) {
      if (column_named(t, c.name)) continue;
      if (c.primary_key)
        throw diff_error(diff_refusal::unsupported, "column " + where + c.name + " joins the primary key: write a manual migration",
                         target.name, c.name);
      if (needs_empty_table(c) && options_.tables_with_rows.count(target.name))
        throw diff_error(diff_refusal::not_null_on_rows,
                         "column " + where + c.name + " is NOT NULL without a default and " + target.name +
                             " has rows: give the member a default (an initializer), make it std::optional, or add "
                             "it nullable, fill it, then make it NOT NULL",
                         target.name, c.name);
      emit(operation_kind::add_column, t, {c.name}, [&](table_snapshot& s) { s.columns.push_back(c); }).needs_empty_table =
          needs_empty_table(c);
    }
    for (const column_snapshot& wanted : target.columns) {
      const std::size_t i = static_cast<std::size_t>(column_named(t, wanted.name) - t.columns.data());
      const column_snapshot have = t.columns[i];
      const std::string key = where + wanted.name;
      if (!same_type(have, wanted)) {
        if (have.serial || wanted.serial)
          throw diff_error(diff_refusal::unsupported, "column " + key + ": a serial key's type cannot change; write a manual migration",
                           target.name, wanted.name);
        auto given = [&](const std::map<std::string, std::string>& m) {
          auto it = m.find(key);
          return it == m.end() ? std::string() : it->second;
        };
        const std::string using_sql = given(options_.using_sql);
        const std::string& from_type = have.postgres_type.empty() ? have.sqlite_type : have.postgres_type;
        const std::string& to_type = wanted.postgres_type.empty() ? wanted.sqlite_type : wanted.postgres_type;
        if (using_sql.empty() && !converts_by_itself(from_type, to_type))
          throw diff_error(diff_refusal::needs_using,
                           "column " + key + " changes type from " + from_type + " to " + to_type +
                               ", which may not convert: give a USING expression (diff_options.using_sql[\"" + key +
                               "\"] = \"CAST(" + wanted.name + " AS " + to_type + ")\")",
                           target.name, wanted.name);
        migration_operation& op = emit(operation_kind::change_type, t, {wanted.name}, [&](table_snapshot& s) {
          s.columns[i].sqlite_type = wanted.sqlite_type;
          s.columns[i].postgres_type = wanted.postgres_type;
        });
        op.using_sql = using_sql;
        op.reverse_using_sql = given(options_.reverse_using_sql);
      }
      if (have.nullable != wanted.nullable)
        emit(wanted.nullable ? operation_kind::drop_not_null : operation_kind::set_not_null, t, {wanted.name},
             [&](table_snapshot& s) { s.columns[i].nullable = wanted.nullable; });
      if (!same_default(have, wanted))
        emit(has_default(wanted) ? operation_kind::set_default : operation_kind::drop_default, t, {wanted.name},
             [&](table_snapshot& s) {
               s.columns[i].default_kind = wanted.default_kind;
               s.columns[i].sqlite_default = wanted.sqlite_default;
               s.columns[i].postgres_default = wanted.postgres_default;
             });
    }
  }

  void add_constraints(table_snapshot& t, const table_snapshot& target) {
    const auto have_sets = unique_sets(t);
    for (const auto& set : unique_sets(target)) {
      if (std::find(have_sets.begin(), have_sets.end(), set) != have_sets.end()) continue;
      emit(operation_kind::add_unique, t, set, [&](table_snapshot& s) {
        const column_snapshot* wanted = set.size() == 1 ? column_named(target, set[0]) : nullptr;
        if (wanted && wanted->unique) column_named(s, set[0])->unique = true;
        else s.unique_constraints.push_back(set);
      });
    }
    for (const index_snapshot& index : target.indexes) {
      if (std::find(t.indexes.begin(), t.indexes.end(), index) != t.indexes.end()) continue;
      emit(operation_kind::create_index, t, index.columns, [&](table_snapshot& s) { s.indexes.push_back(index); }).old_name =
          index.name;
    }
    for (const column_snapshot& wanted : target.columns) {
      column_snapshot& have = *column_named(t, wanted.name);
      if (!wanted.foreign_key || have.foreign_key == wanted.foreign_key) continue;
      const std::size_t i = static_cast<std::size_t>(&have - t.columns.data());
      emit(operation_kind::add_foreign_key, t, {wanted.name},
           [&](table_snapshot& s) { s.columns[i].foreign_key = wanted.foreign_key; });
    }
  }
};

}  // namespace detail

// The operations taking a database from `from` to `to` (tables of each in dependency
// order, as snapshot_of() and introspect() give them), in an order that applies: table
// renames; foreign keys, uniques and indexes that go; column renames and drops; table
// drops (last created first); table creations; added columns, type, NULL and default
// changes; uniques, indexes and foreign keys that come. Throws diff_error.
inline std::vector<migration_operation> diff_schemas(const schema_snapshot& from, const schema_snapshot& to,
                                                     const diff_options& options = {}) {
  return detail::schema_differ(from, to, options).run();
}

// The schema after op: what a runner records as the database's snapshot once op ran
// (foreign keys of other tables follow a renamed table or column, as the databases do).
inline void apply_operation(schema_snapshot& schema, const migration_operation& op) {
  using o = operation_kind;
  if (op.kind == o::create_table) return schema.tables.push_back(op.after);
  if (op.kind == o::drop_table)
    return void(std::erase_if(schema.tables, [&](const table_snapshot& t) { return t.name == op.table; }));
  for (table_snapshot& t : schema.tables) {
    if (t.name == op.before.name) t = op.after;
    for (column_snapshot& c : t.columns) {
      if (!c.foreign_key || c.foreign_key->table != op.before.name) continue;
      if (op.kind == o::rename_table) c.foreign_key->table = op.table;
      if (op.kind == o::rename_column && c.foreign_key->column == op.old_name) c.foreign_key->column = op.columns[0];
    }
  }
}

// SQLite's table rebuild towards `table` (see query/detail/sqlite_rebuild.hpp): column i
// takes its values from old_columns[i], or from expressions[i] when that is not empty,
// or (both empty) starts at its default.
struct sqlite_rebuild_plan {
  table_snapshot table;
  std::vector<std::string> old_columns;
  std::vector<std::string> expressions;
  bool operator==(const sqlite_rebuild_plan&) const = default;
};

// An operation's SQL for one dialect: statements to run in order (one text may hold
// several, separated by ";\n"), or on SQLite the table rebuild to run instead.
struct rendered_operation {
  std::vector<std::string> statements;
  std::optional<sqlite_rebuild_plan> rebuild;
};

inline rendered_operation render_operation(const migration_operation& op, dialect_id d) {
  using o = operation_kind;
  rendered_operation result;
  if (op.kind == o::create_table) {
    const detail::snapshot_description table(op.after);
    result.statements.push_back(
        detail::rendered_text(d, [&](sql_writer& w) { detail::render_create_table(w, table.value(), false); }));
    return result;
  }
  if (op.kind == o::drop_table) {
    result.statements.push_back(
        detail::rendered_text(d, [&](sql_writer& w) { w.put("DROP TABLE ").identifier(op.table); }));
    return result;
  }
  // (the description views the snapshot's strings: a named copy that outlives it)
  const table_snapshot shape = op.kind == o::rename_table ? detail::with_renamed_indexes_only(op) : op.after;
  const detail::snapshot_description table(shape);
  const std::vector<std::string_view> columns(op.columns.begin(), op.columns.end());
  // alter_render names the dropped column by old_name
  const std::string_view old_name = op.kind == o::drop_column ? std::string_view(op.columns[0]) : op.old_name;
  const detail::alter_step step{op.kind, columns, old_name, op.using_sql};
  if (d == dialect_id::sqlite && (op.kind == o::create_index || op.kind == o::drop_index)) {
    // an index SQLite does not have (gin, gist, brin) is neither made nor dropped there
    const table_snapshot& holder = op.kind == o::create_index ? op.after : op.before;
    for (const index_snapshot& index : holder.indexes)
      if (index.name == op.old_name && index.method != "btree" && index.method != "hash") return result;
  }
  if (d == dialect_id::sqlite && !detail::sqlite_alters_natively(table.value(), step)) {
    sqlite_rebuild_plan plan{op.after, {}, {}};
    for (const column_description& c : table.value().columns) {
      const detail::rebuild_source source = detail::rebuild_source_of(c, step);
      plan.old_columns.emplace_back(source.old_column);
      plan.expressions.emplace_back(source.expression);
    }
    result.rebuild = std::move(plan);
    return result;
  }
  std::string text = detail::rendered_text(d, [&](sql_writer& w) { detail::render_alter(w, table.value(), step); });
  if (!text.empty()) result.statements.push_back(std::move(text));
  return result;
}

// Runs a rebuild render_operation() asked for, with the SQLite engine's statement runner
// (in_transaction(), execute(text), rows(text); see sqlite_rebuild.hpp).
template <class Runner>
void run_sqlite_rebuild(Runner& runner, const sqlite_rebuild_plan& plan) {
  const detail::snapshot_description table(plan.table);
  std::vector<detail::rebuild_source> sources;
  for (std::size_t i = 0; i < plan.old_columns.size(); ++i) sources.push_back({plan.old_columns[i], plan.expressions[i]});
  const std::string temporary = plan.table.name + "$new";
  detail::run_sqlite_rebuild(runner, table.value(), temporary, sources);
}

// "add column band.website", "rename column band.title to name": for messages and previews.
inline std::string to_string(const migration_operation& op) {
  using o = operation_kind;
  const std::string where = op.columns.empty() ? op.table : op.table + "." + detail::joined(op.columns);
  switch (op.kind) {
    case o::create_table: return "create table " + op.table;
    case o::drop_table: return "drop table " + op.table;
    case o::rename_table: return "rename table " + op.old_name + " to " + op.table;
    case o::add_column: return "add column " + where + (op.needs_empty_table ? " (NOT NULL without a default: the table must be empty)" : "");
    case o::drop_column: return "drop column " + where;
    case o::rename_column: return "rename column " + op.table + "." + op.old_name + " to " + op.columns[0];
    case o::set_not_null: return "set not null " + where;
    case o::drop_not_null: return "drop not null " + where;
    case o::set_default: return "set default " + where;
    case o::drop_default: return "drop default " + where;
    case o::change_type: return "change type " + where + (op.using_sql.empty() ? "" : " using " + op.using_sql);
    case o::add_unique: return "add unique " + op.table + " (" + detail::joined(op.columns) + ")";
    case o::drop_unique: return "drop unique " + op.table + " (" + detail::joined(op.columns) + ")";
    case o::create_index: return "create index " + op.old_name;
    case o::drop_index: return "drop index " + op.old_name;
    case o::add_foreign_key: return "add foreign key " + where;
    case o::drop_foreign_key: return "drop foreign key " + where;
  }
  return "operation";
}

}  // namespace piccolo
