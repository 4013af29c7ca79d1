#pragma once
// Whether a live database matches the compiled structs, so that a service can refuse to
// start against the wrong one:
//
//   auto differences = pc::verify_schema(db, pc::schema<Manager, Band>{});
//   for (const pc::schema_difference& d : differences) std::cerr << d.to_string() << '\n';
//
// Each difference names its kind, table, column and the expected and actual text, in the
// dialect of the database. Tables of the database that the schema does not name are not
// differences (other code may own them); everything about a named table is.

#include <algorithm>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/mp11/list.hpp>

#include <piccolo/migrate/introspect.hpp>
#include <piccolo/migrate/snapshot.hpp>

namespace piccolo {

enum class schema_difference_kind {
  missing_table,   // the table is not in the database
  missing_column,  // a column of the struct is not in the table
  extra_column,    // the table has a column the struct does not
  type,
  nullability,
  default_value,
  primary_key,
  unique,       // a UNIQUE column or constraint, missing or extra
  index,        // missing, extra, or with other columns / method / uniqueness
  foreign_key,  // missing, extra, or to another column or with other actions
};

constexpr std::string_view to_string(schema_difference_kind kind) noexcept {
  switch (kind) {
    case schema_difference_kind::missing_table: return "missing table";
    case schema_difference_kind::missing_column: return "missing column";
    case schema_difference_kind::extra_column: return "extra column";
    case schema_difference_kind::type: return "type";
    case schema_difference_kind::nullability: return "nullability";
    case schema_difference_kind::default_value: return "default";
    case schema_difference_kind::primary_key: return "primary key";
    case schema_difference_kind::unique: return "unique";
    case schema_difference_kind::index: return "index";
    case schema_difference_kind::foreign_key: return "foreign key";
  }
  return "difference";
}

struct schema_difference {
  schema_difference_kind kind;
  std::string table;
  std::string column;    // empty for a difference of the table (key, constraint, index)
  std::string expected;  // as the compiled schema says it; empty: nothing
  std::string actual;    // as the database has it; empty: nothing
  bool operator==(const schema_difference&) const = default;

  // band.popularity: default differs: expected 0, found 1
  std::string to_string() const {
    std::string where = column.empty() ? table : table + "." + column;
    auto shown = [](const std::string& text) { return text.empty() ? std::string("none") : text; };
    switch (kind) {
      case schema_difference_kind::missing_table: return where + ": table is missing";
      case schema_difference_kind::missing_column: return where + ": column is missing (expected " + expected + ")";
      case schema_difference_kind::extra_column: return where + ": column is not in the schema (found " + actual + ")";
      default:
        return where + ": " + std::string(piccolo::to_string(kind)) + " differs: expected " + shown(expected) +
               ", found " + shown(actual);
    }
  }
};

namespace detail {

inline std::string column_list_text(const std::vector<std::string>& names) {
  std::string text = "(";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + names[i];
  return text + ")";
}

inline std::string type_text(const column_snapshot& c, dialect_id d) {
  const std::string& type = d == dialect_id::sqlite ? c.sqlite_type : c.postgres_type;
  // on SQLite a serial key has the type of a plain integer: the rowid tells them apart
  return c.serial && d == dialect_id::sqlite ? type + " PRIMARY KEY (rowid)" : type;
}

inline std::string foreign_key_text(const std::optional<foreign_key_snapshot>& fk) {
  if (!fk) return {};
  return "REFERENCES " + fk->table + " (" + fk->column + ") ON DELETE " + std::string(action_sql(fk->on_delete)) +
         " ON UPDATE " + std::string(action_sql(fk->on_update));
}

inline std::string index_text(const index_snapshot& index) {
  return std::string(index.unique ? "UNIQUE " : "") + index.name + " " + column_list_text(index.columns) +
         (index.method == "btree" ? "" : " USING " + index.method);
}

// The table's UNIQUE column sets: one-column constraints are the columns' `unique`.
inline std::vector<std::vector<std::string>> unique_sets(const table_snapshot& t) {
  std::vector<std::vector<std::string>> sets;
  for (const column_snapshot& c : t.columns)
    if (c.unique) sets.push_back({c.name});
  for (const std::vector<std::string>& u : t.unique_constraints) sets.push_back(u);
  return sets;
}

inline void compare_columns(const table_snapshot& expected, const table_snapshot& actual, dialect_id d,
                            std::vector<schema_difference>& out) {
  using kind = schema_difference_kind;
  for (const column_snapshot& e : expected.columns) {
    const column_snapshot* a = nullptr;
    for (const column_snapshot& c : actual.columns)
      if (c.name == e.name) a = &c;
    if (!a) {
      out.push_back({kind::missing_column, expected.name, e.name, type_text(e, d), {}});
      continue;
    }
    if (type_text(e, d) != type_text(*a, d)) out.push_back({kind::type, expected.name, e.name, type_text(e, d), type_text(*a, d)});
    if (e.nullable != a->nullable)
      out.push_back({kind::nullability, expected.name, e.name, e.nullable ? "NULL" : "NOT NULL", a->nullable ? "NULL" : "NOT NULL"});
    const std::string& expected_default = d == dialect_id::sqlite ? e.sqlite_default : e.postgres_default;
    const std::string& actual_default = d == dialect_id::sqlite ? a->sqlite_default : a->postgres_default;
    // PostgreSQL prints an expression its own way (now() AT TIME ZONE 'UTC' comes back as
    // timezone('UTC'::text, now())): a default the database computes compares by its kind
    const bool computed = e.default_kind != default_kind::none && e.default_kind != default_kind::literal;
    const bool same_default = e.default_kind == a->default_kind &&
                              (expected_default == actual_default || (computed && d == dialect_id::postgres));
    if (!same_default)
      out.push_back({kind::default_value, expected.name, e.name, expected_default, actual_default});
    if (e.foreign_key != a->foreign_key)
      out.push_back({kind::foreign_key, expected.name, e.name, foreign_key_text(e.foreign_key), foreign_key_text(a->foreign_key)});
  }
  for (const column_snapshot& a : actual.columns)
    if (std::none_of(expected.columns.begin(), expected.columns.end(), [&](const column_snapshot& e) { return e.name == a.name; }))
      out.push_back({kind::extra_column, expected.name, a.name, {}, type_text(a, d)});
}

inline void compare_constraints(const table_snapshot& expected, const table_snapshot& actual,
                                std::vector<schema_difference>& out) {
  using kind = schema_difference_kind;
  if (expected.primary_key != actual.primary_key)
    out.push_back({kind::primary_key, expected.name, {}, column_list_text(expected.primary_key), column_list_text(actual.primary_key)});

  const auto expected_uniques = unique_sets(expected), actual_uniques = unique_sets(actual);
  auto has = [](const auto& sets, const auto& set) { return std::find(sets.begin(), sets.end(), set) != sets.end(); };
  for (const auto& set : expected_uniques)
    if (!has(actual_uniques, set)) out.push_back({kind::unique, expected.name, set.size() == 1 ? set[0] : "", column_list_text(set), {}});
  for (const auto& set : actual_uniques)
    if (!has(expected_uniques, set)) out.push_back({kind::unique, expected.name, set.size() == 1 ? set[0] : "", {}, column_list_text(set)});

  auto named = [](const std::vector<index_snapshot>& indexes, const std::string& name) -> const index_snapshot* {
    for (const index_snapshot& i : indexes)
      if (i.name == name) return &i;
    return nullptr;
  };
  for (const index_snapshot& e : expected.indexes) {
    const index_snapshot* a = named(actual.indexes, e.name);
    if (!a || !(*a == e)) out.push_back({kind::index, expected.name, {}, index_text(e), a ? index_text(*a) : ""});
  }
  for (const index_snapshot& a : actual.indexes)
    if (!named(expected.indexes, a.name)) out.push_back({kind::index, expected.name, {}, {}, index_text(a)});
}

}  // namespace detail

// The differences between a compiled schema and a database's, in dialect d's texts (both
// snapshots may hold both dialects' texts; only d's are compared; pass expected through
// snapshot_for_dialect() to leave out indexes d does not have). Tables in expected's
// order; within a table: columns, then the key, uniques and indexes.
inline std::vector<schema_difference> schema_differences(const schema_snapshot& expected, const schema_snapshot& actual,
                                                         dialect_id d) {
  std::vector<schema_difference> out;
  for (const table_snapshot& e : expected.tables) {
    const table_snapshot* a = nullptr;
    for (const table_snapshot& t : actual.tables)
      if (t.name == e.name) a = &t;
    if (!a) {
      out.push_back({schema_difference_kind::missing_table, e.name, {}, e.name, {}});
      continue;
    }
    detail::compare_columns(e, *a, d, out);
    detail::compare_constraints(e, *a, out);
  }
  return out;
}

namespace detail {
template <class S>
inline constexpr bool is_schema = false;
template <class... Ts>
inline constexpr bool is_schema<schema<Ts...>> = true;
// The names of a schema's tables and columns past PostgreSQL's 63 bytes (schema/ddl.hpp);
// not a schema: none (its own assertion reports it).
template <class S>
struct long_names_of_schema_t {
  using type = boost::mp11::mp_list<>;
};
template <class... Ts>
struct long_names_of_schema_t<schema<Ts...>> {
  using type = names_longer_than_postgres_keeps<Ts...>;
};
template <class S>
using long_names_of_schema = typename long_names_of_schema_t<S>::type;
}  // namespace detail

// The differences between the database db is connected to and the tables of schema<Ts...>;
// empty when it matches.
template <class Database, class Schema>
std::vector<schema_difference> verify_schema(Database& db, Schema compiled) {
  static_assert(detail::is_schema<Schema>, "piccolo: verify_schema(): the second argument is not a schema; pass "
                                           "the tables as pc::schema<Manager, Band>{}");
  static_assert(std::is_same_v<detail::long_names_of_schema<Schema>, boost::mp11::mp_list<>>,
                "piccolo: verify_schema(): a table or column name is longer than PostgreSQL's 63 bytes (the note "
                "names it); give a shorter one (table_name, pc::column_name<&T::member, \"...\">)");
  if constexpr (detail::is_schema<Schema> && std::is_same_v<detail::long_names_of_schema<Schema>, boost::mp11::mp_list<>>) {
    const dialect_id dialect = dialect_of(db);
    return schema_differences(snapshot_for_dialect(snapshot_of(compiled), dialect), introspect(db, dialect), dialect);
  } else {
    return {};
  }
}

}  // namespace piccolo
