#pragma once
// `piccolo schema graph`: the tables and their foreign keys as a Graphviz digraph
// (`piccolo schema graph --db app.sqlite | dot -Tsvg > schema.svg`). Engine-free.

#include <string>
#include <string_view>

#include <piccolo/core/dialect.hpp>
#include <piccolo/migrate/snapshot.hpp>

namespace piccolo::cli {

namespace detail {
// Inside a record label, { } | < > and quotes are syntax.
inline std::string dot_label_text(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '{' || ch == '}' || ch == '|' || ch == '<' || ch == '>' || ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}
inline std::string dot_id(std::string_view name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + '"';
}
}  // namespace detail

// One record node per table (its columns with their types, the key marked), one edge per
// foreign key, from the referencing column to the referenced table, labelled with the column.
inline std::string schema_graph(const schema_snapshot& schema, dialect_id dialect) {
  std::string out = "digraph schema {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\"];\n";
  for (const table_snapshot& table : schema.tables) {
    out += "  " + detail::dot_id(table.name) + " [label=\"{" + detail::dot_label_text(table.name);
    for (const column_snapshot& column : table.columns) {
      out += "|<" + detail::dot_label_text(column.name) + "> ";
      out += detail::dot_label_text(column.name + (column.primary_key ? " (key)" : "") + " : " +
                                    (dialect == dialect_id::sqlite ? column.sqlite_type : column.postgres_type) +
                                    (column.nullable ? " NULL" : ""));
      out += "\\l";
    }
    out += "}\"];\n";
  }
  for (const table_snapshot& table : schema.tables)
    for (const column_snapshot& column : table.columns)
      if (column.foreign_key)
        out += "  " + detail::dot_id(table.name) + ":" + detail::dot_id(column.name) + " -> " +
               detail::dot_id(column.foreign_key->table) + " [label=" + detail::dot_id(column.name) + "];\n";
  out += "}\n";
  return out;
}

}  // namespace piccolo::cli
