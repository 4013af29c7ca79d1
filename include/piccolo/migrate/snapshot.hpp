#pragma once
// Schema snapshots (Boost.JSON; link piccolo::json): a schema description copied into
// owning storage, written to JSON and read back. The text is stable and diff-friendly:
// tables in dependency order, columns in declaration order, every key in a fixed order,
// one object member per line.
//
//   pc::schema_snapshot now = pc::snapshot_of(pc::schema<Manager, Band>{});
//   std::string text = pc::snapshot_text(now);                 // write it to a file
//   pc::schema_snapshot then = pc::snapshot_from_json(boost::json::parse(text));
//   bool changed = now != then;

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <piccolo/core/error.hpp>
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/describe.hpp>

namespace piccolo {

struct foreign_key_snapshot {
  std::string table;
  std::string column;
  action on_delete = action::cascade;
  action on_update = action::cascade;
  bool operator==(const foreign_key_snapshot&) const = default;
};

struct column_snapshot {
  std::string name;
  std::string sqlite_type;
  std::string postgres_type;
  bool nullable = false;
  bool primary_key = false;
  bool serial = false;
  bool unique = false;
  piccolo::default_kind default_kind = piccolo::default_kind::none;
  std::string sqlite_default;  // empty: no default
  std::string postgres_default;
  std::optional<foreign_key_snapshot> foreign_key;
  bool operator==(const column_snapshot&) const = default;
};

struct index_snapshot {
  std::string name;
  std::vector<std::string> columns;
  std::string method = "btree";
  bool unique = false;
  bool operator==(const index_snapshot&) const = default;
};

struct table_snapshot {
  std::string name;
  std::vector<column_snapshot> columns;
  std::vector<std::string> primary_key;
  std::vector<std::vector<std::string>> unique_constraints;
  std::vector<index_snapshot> indexes;
  bool operator==(const table_snapshot&) const = default;
};

struct schema_snapshot {
  // The version of the JSON layout below. Format 2 added each column's "default_kind";
  // snapshot_from_json reads formats 1 and 2 (a format 1 default is a literal) and
  // refuses others.
  static constexpr int format = 2;
  std::vector<table_snapshot> tables;
  bool operator==(const schema_snapshot&) const = default;
};

namespace detail {
inline std::vector<std::string> strings_of(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

constexpr std::string_view action_name(action a) noexcept {
  switch (a) {
    case action::cascade: return "cascade";
    case action::restrict: return "restrict";
    case action::set_null: return "set_null";
    case action::set_default: return "set_default";
    case action::no_action: return "no_action";
  }
  return "no_action";
}

[[noreturn]] inline void throw_bad_snapshot(std::string_view what) {
  throw error(errc::type_mismatch, "schema snapshot: " + std::string(what));
}

constexpr std::string_view default_kind_name(default_kind k) noexcept {
  switch (k) {
    case default_kind::none: return "none";
    case default_kind::literal: return "literal";
    case default_kind::now: return "now";
    case default_kind::uuid4: return "uuid4";
    case default_kind::uuid7: return "uuid7";
    case default_kind::sql: return "sql";
  }
  return "none";
}
inline default_kind default_kind_from_name(std::string_view name) {
  for (default_kind k : {default_kind::none, default_kind::literal, default_kind::now, default_kind::uuid4,
                         default_kind::uuid7, default_kind::sql})
    if (default_kind_name(k) == name) return k;
  throw_bad_snapshot("unknown default kind \"" + std::string(name) + "\"");
}

inline action action_from_name(std::string_view name) {
  for (action a : {action::cascade, action::restrict, action::set_null, action::set_default, action::no_action})
    if (action_name(a) == name) return a;
  throw_bad_snapshot("unknown foreign key action \"" + std::string(name) + "\"");
}

inline boost::json::array json_strings(const std::vector<std::string>& values) {
  boost::json::array array;
  for (const std::string& v : values) array.emplace_back(v);
  return array;
}

inline const boost::json::value& member(const boost::json::object& object, std::string_view key) {
  const boost::json::value* v = object.if_contains(key);
  if (!v) throw_bad_snapshot("missing \"" + std::string(key) + "\"");
  return *v;
}
inline const boost::json::object& object_of(const boost::json::value& v, std::string_view what) {
  if (!v.is_object()) throw_bad_snapshot(std::string(what) + " must be an object");
  return v.get_object();
}
inline const boost::json::array& array_member(const boost::json::object& o, std::string_view key) {
  const boost::json::value& v = member(o, key);
  if (!v.is_array()) throw_bad_snapshot("\"" + std::string(key) + "\" must be an array");
  return v.get_array();
}
inline std::string string_of(const boost::json::value& v, std::string_view key) {
  if (!v.is_string()) throw_bad_snapshot("\"" + std::string(key) + "\" must be a string");
  return std::string(v.get_string());
}
inline std::string string_member(const boost::json::object& o, std::string_view key) {
  return string_of(member(o, key), key);
}
inline bool bool_member(const boost::json::object& o, std::string_view key) {
  const boost::json::value& v = member(o, key);
  if (!v.is_bool()) throw_bad_snapshot("\"" + std::string(key) + "\" must be true or false");
  return v.get_bool();
}
inline std::vector<std::string> strings_member(const boost::json::object& o, std::string_view key) {
  std::vector<std::string> result;
  for (const boost::json::value& v : array_member(o, key)) result.push_back(string_of(v, key));
  return result;
}

// Objects one member per line, arrays of scalars on one line: a change shows as the
// line it changes.
inline void write_pretty(std::string& out, const boost::json::value& v, int depth) {
  const std::string indent(2 * static_cast<std::size_t>(depth + 1), ' ');
  if (v.is_object()) {
    const boost::json::object& o = v.get_object();
    if (o.empty()) return void(out += "{}");
    out += "{\n";
    bool first = true;
    for (const auto& [key, value] : o) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      out += boost::json::serialize(boost::json::string_view(key));
      out += ": ";
      write_pretty(out, value, depth + 1);
    }
    out += '\n' + indent.substr(2) + '}';
  } else if (v.is_array()) {
    const boost::json::array& a = v.get_array();
    bool scalars = true;
    for (const boost::json::value& e : a) scalars = scalars && !e.is_object() && !e.is_array();
    if (scalars) {
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) out += (i ? ", " : "") + boost::json::serialize(a[i]);
      out += ']';
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i) out += ",\n";
      out += indent;
      write_pretty(out, a[i], depth + 1);
    }
    out += '\n' + indent.substr(2) + ']';
  } else {
    out += boost::json::serialize(v);
  }
}
}  // namespace detail

// The owning copy of descriptions, in the order given (schema<...>::tables: dependency order).
inline schema_snapshot snapshot_of(std::span<const table_description> tables) {
  schema_snapshot snapshot;
  for (const table_description& t : tables) {
    table_snapshot& table = snapshot.tables.emplace_back();
    table.name = t.name;
    for (const column_description& c : t.columns) {
      column_snapshot& column = table.columns.emplace_back();
      column.name = c.name;
      column.sqlite_type = c.sqlite_type;
      column.postgres_type = c.postgres_type;
      column.nullable = c.nullable;
      column.primary_key = c.primary_key;
      column.serial = c.serial;
      column.unique = c.unique;
      column.default_kind = c.default_kind;
      column.sqlite_default = c.sqlite_default;
      column.postgres_default = c.postgres_default;
      if (c.has_foreign_key)
        column.foreign_key = foreign_key_snapshot{std::string(c.foreign_key.table), std::string(c.foreign_key.column),
                                                  c.foreign_key.on_delete, c.foreign_key.on_update};
    }
    table.primary_key = detail::strings_of(t.primary_key);
    for (const unique_description& u : t.unique_constraints) table.unique_constraints.push_back(detail::strings_of(u.columns));
    for (const index_description& i : t.indexes)
      table.indexes.push_back({std::string(i.name), detail::strings_of(i.columns), std::string(i.method), i.unique});
  }
  return snapshot;
}
// A name longer than PostgreSQL's 63 bytes would be stored cut short and read back as
// another table or column: refused where migrations, verify_schema and cli::main take the
// compiled schema (the note names each such name).
template <class... Ts>
schema_snapshot snapshot_of(schema<Ts...>) {
  static_assert(std::is_same_v<detail::names_longer_than_postgres_keeps<Ts...>, boost::mp11::mp_list<>>,
                "piccolo: snapshot_of(): a table or column name is longer than PostgreSQL's 63 bytes (the note "
                "names it); give a shorter one (table_name, pc::column_name<&T::member, \"...\">)");
  if constexpr (detail::postgres_keeps_names<Ts...>) return snapshot_of(schema<Ts...>::tables);
  else return {};
}

inline boost::json::value snapshot_to_json(const schema_snapshot& snapshot) {
  boost::json::array tables;
  for (const table_snapshot& t : snapshot.tables) {
    boost::json::array columns;
    for (const column_snapshot& c : t.columns) {
      boost::json::object column;
      column["name"] = c.name;
      column["sqlite_type"] = c.sqlite_type;
      column["postgres_type"] = c.postgres_type;
      column["nullable"] = c.nullable;
      column["primary_key"] = c.primary_key;
      column["serial"] = c.serial;
      column["unique"] = c.unique;
      column["default_kind"] = detail::default_kind_name(c.default_kind);
      column["sqlite_default"] = c.sqlite_default.empty() ? boost::json::value(nullptr) : boost::json::value(c.sqlite_default);
      column["postgres_default"] =
          c.postgres_default.empty() ? boost::json::value(nullptr) : boost::json::value(c.postgres_default);
      if (c.foreign_key) {
        boost::json::object fk;
        fk["table"] = c.foreign_key->table;
        fk["column"] = c.foreign_key->column;
        fk["on_delete"] = detail::action_name(c.foreign_key->on_delete);
        fk["on_update"] = detail::action_name(c.foreign_key->on_update);
        column["foreign_key"] = std::move(fk);
      } else {
        column["foreign_key"] = nullptr;
      }
      columns.emplace_back(std::move(column));
    }
    boost::json::array uniques;
    for (const auto& u : t.unique_constraints) uniques.emplace_back(detail::json_strings(u));
    boost::json::array indexes;
    for (const index_snapshot& i : t.indexes) {
      boost::json::object index;
      index["name"] = i.name;
      index["columns"] = detail::json_strings(i.columns);
      index["method"] = i.method;
      index["unique"] = i.unique;
      indexes.emplace_back(std::move(index));
    }
    boost::json::object table;
    table["name"] = t.name;
    table["columns"] = std::move(columns);
    table["primary_key"] = detail::json_strings(t.primary_key);
    table["unique_constraints"] = std::move(uniques);
    table["indexes"] = std::move(indexes);
    tables.emplace_back(std::move(table));
  }
  boost::json::object root;
  root["format"] = schema_snapshot::format;
  root["tables"] = std::move(tables);
  return root;
}

// The snapshot as indented JSON text, ending with a newline.
inline std::string snapshot_text(const schema_snapshot& snapshot) {
  std::string out;
  detail::write_pretty(out, snapshot_to_json(snapshot), 0);
  out += '\n';
  return out;
}

// Throws piccolo::error (errc::type_mismatch) naming what is missing or malformed.
inline schema_snapshot snapshot_from_json(const boost::json::value& json) {
  using namespace detail;
  const boost::json::object& root = object_of(json, "a schema snapshot");
  const boost::json::value& format = member(root, "format");
  if (!format.is_int64() || format.get_int64() < 1 || format.get_int64() > schema_snapshot::format)
    throw_bad_snapshot("\"format\" must be 1 to " + std::to_string(schema_snapshot::format));
  const bool has_default_kind = format.get_int64() >= 2;
  schema_snapshot snapshot;
  for (const boost::json::value& tv : array_member(root, "tables")) {
    const boost::json::object& t = object_of(tv, "a table");
    table_snapshot& table = snapshot.tables.emplace_back();
    table.name = string_member(t, "name");
    for (const boost::json::value& cv : array_member(t, "columns")) {
      const boost::json::object& c = object_of(cv, "a column");
      column_snapshot& column = table.columns.emplace_back();
      column.name = string_member(c, "name");
      column.sqlite_type = string_member(c, "sqlite_type");
      column.postgres_type = string_member(c, "postgres_type");
      column.nullable = bool_member(c, "nullable");
      column.primary_key = bool_member(c, "primary_key");
      column.serial = bool_member(c, "serial");
      column.unique = bool_member(c, "unique");
      for (auto [key, text] : {std::pair{"sqlite_default", &column.sqlite_default},
                               std::pair{"postgres_default", &column.postgres_default}}) {
        const boost::json::value& v = member(c, key);
        if (!v.is_null()) *text = string_of(v, key);
      }
      if (has_default_kind)
        column.default_kind = default_kind_from_name(string_member(c, "default_kind"));
      else if (!column.sqlite_default.empty() || !column.postgres_default.empty())
        column.default_kind = default_kind::literal;
      const boost::json::value& fv = member(c, "foreign_key");
      if (!fv.is_null()) {
        const boost::json::object& f = object_of(fv, "\"foreign_key\"");
        column.foreign_key = foreign_key_snapshot{string_member(f, "table"), string_member(f, "column"),
                                                  action_from_name(string_member(f, "on_delete")),
                                                  action_from_name(string_member(f, "on_update"))};
      }
    }
    table.primary_key = strings_member(t, "primary_key");
    for (const boost::json::value& uv : array_member(t, "unique_constraints")) {
      if (!uv.is_array()) throw_bad_snapshot("a unique constraint must be an array of column names");
      std::vector<std::string>& names = table.unique_constraints.emplace_back();
      for (const boost::json::value& n : uv.get_array()) names.push_back(string_of(n, "unique_constraints"));
    }
    for (const boost::json::value& iv : array_member(t, "indexes")) {
      const boost::json::object& i = object_of(iv, "an index");
      table.indexes.push_back({string_member(i, "name"), strings_member(i, "columns"), string_member(i, "method"),
                               bool_member(i, "unique")});
    }
  }
  return snapshot;
}

}  // namespace piccolo
