#pragma once
// `piccolo schema generate`: C++ table structs for a live database, from its introspected
// snapshot (pc::introspect). Engine-free: the snapshot in, the header's text out.
//
//   pc::schema_snapshot live = pc::introspect(db);
//   std::string header = pc::cli::generate_header(live, pc::dialect_id::sqlite, {.name_space = "app"});
//
// What it writes: one struct per table, in foreign-key dependency order (a table may
// reference itself; a cycle between tables is an error: piccolo's schema<...> refuses one);
// member types from the normalised SQL types; NULL allowed -> std::optional; literal
// defaults -> member initializers; database-side defaults, keys, unique constraints,
// indexes and foreign-key actions -> column_options(); names that snake_case would not
// give (a table "Band", a column "first name") kept with table_name / pc::column_name.
// A type with no C++ mapping is read as std::string, with a comment on the member and a
// warning: the header still compiles, and the warning says what to replace.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <piccolo/core/dialect.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/migrate/snapshot.hpp>
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo::cli {

struct generate_options {
  std::string name_space = "generated";  // empty: the global namespace
};

struct generated_header {
  std::string text;
  std::vector<std::string> warnings;  // "table.column: ..." for what could not be mapped exactly
};

namespace detail {

inline bool is_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

inline bool is_keyword(std::string_view name) {
  static constexpr std::string_view keywords[] = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
      "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
      "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
      "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
      "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
      "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
      "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      // names the generated code itself uses
      "pc", "std", "schema", "column_options", "table_name"};
  return std::find(std::begin(keywords), std::end(keywords), name) != std::end(keywords);
}

// A C++ identifier for a database name: invalid characters become '_'; a leading digit or
// a keyword gets a suffix; names already taken get a number.
inline std::string identifier_for(std::string_view name, const std::vector<std::string>& taken) {
  std::string id;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    id += ok ? ch : '_';
  }
  if (id.empty() || (id[0] >= '0' && id[0] <= '9')) id = "c_" + id;
  if (is_keyword(id)) id += '_';
  std::string unique = id;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n) unique = id + std::to_string(n);
  return unique;
}

inline std::string snake_case_of(std::string_view name) {
  std::string out(piccolo::detail::snake_case(name, nullptr), '\0');
  piccolo::detail::snake_case(name, out.data());
  return out;
}

// recording_studio -> RecordingStudio (the struct piccolo would name recording_studio).
inline std::string struct_name_for(std::string_view table, const std::vector<std::string>& taken) {
  std::string pascal;
  bool upper = true;
  for (char ch : table) {
    const bool word_character = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!word_character) {  // "recording_studio", "Studio Sessions": a new word
      upper = true;
      continue;
    }
    if (upper && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    upper = false;
    pascal += ch;
  }
  return identifier_for(pascal.empty() ? std::string(table) : pascal, taken);
}

inline std::string cpp_string_literal(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + '"';
}

// 'it''s' -> it's; nothing when the text is not one quoted literal.
inline std::optional<std::string> sql_string_value(std::string_view literal) {
  if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return std::nullopt;
  std::string value;
  for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
    if (literal[i] == '\'') {
      if (i + 2 < literal.size() && literal[i + 1] == '\'') ++i;
      else return std::nullopt;
    }
    value += literal[i];
  }
  return value;
}

struct cpp_type {
  std::string spelling;  // empty: no mapping
  enum class family { integer, real, boolean, text, other } kind = family::other;
  bool array = false;
  bool json = false;
};

// The normalised SQL type (introspect.hpp's form) -> the member type piccolo renders it from.
inline cpp_type cpp_type_of(std::string_view type, bool serial) {
  using family = cpp_type::family;
  std::string upper(type);
  for (char& ch : upper)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  if (upper.size() > 2 && upper.ends_with("[]")) {
    cpp_type element = cpp_type_of(upper.substr(0, upper.size() - 2), false);
    if (element.spelling.empty() || element.array) return {};
    return {"std::vector<" + element.spelling + ">", family::other, true, element.json};
  }
  if (serial) {
    if (upper == "BIGSERIAL" || upper == "BIGINT") return {"pc::bigserial", family::other};
    return {"pc::serial", family::other};
  }
  static constexpr std::pair<std::string_view, std::string_view> plain[] = {
      {"SMALLINT", "std::int16_t"},
      {"INTEGER", "std::int32_t"},
      {"INT", "std::int32_t"},
      {"BIGINT", "std::int64_t"},
      {"BOOLEAN", "bool"},
      {"REAL", "float"},
      {"DOUBLE PRECISION", "double"},
      {"TEXT", "std::string"},
      {"BYTEA", "std::vector<std::byte>"},
      {"BLOB", "std::vector<std::byte>"},
      {"DATE", "std::chrono::year_month_day"},
      {"TIMESTAMP", "std::chrono::sys_time<std::chrono::microseconds>"},
      {"TIMESTAMPTZ", "pc::timestamptz"},
      {"TIME", "pc::time_of_day"},
      {"UUID", "pc::uuid"},
      {"INTERVAL", "std::chrono::microseconds"},
  };
  for (const auto& [sql, cpp] : plain) {
    if (upper != sql) continue;
    family kind = family::other;
    if (sql == "SMALLINT" || sql == "INTEGER" || sql == "INT" || sql == "BIGINT") kind = family::integer;
    else if (sql == "REAL" || sql == "DOUBLE PRECISION") kind = family::real;
    else if (sql == "BOOLEAN") kind = family::boolean;
    else if (sql == "TEXT") kind = family::text;
    return {std::string(cpp), kind};
  }
  if (upper == "JSON") return {"pc::json", family::other, false, true};
  if (upper == "JSONB") return {"pc::jsonb", family::other, false, true};
  // VARCHAR(50), NUMERIC(10, 2)
  auto modifier = [&](std::string_view prefix) -> std::optional<std::string> {
    if (!upper.starts_with(prefix) || upper.size() < prefix.size() + 3 || upper[prefix.size()] != '(' || upper.back() != ')')
      return std::nullopt;
    std::string inside = upper.substr(prefix.size() + 1, upper.size() - prefix.size() - 2);
    for (char ch : inside)
      if (!((ch >= '0' && ch <= '9') || ch == ',' || ch == ' ')) return std::nullopt;
    return inside;
  };
  if (auto n = modifier("VARCHAR")) return {"pc::varchar<" + *n + ">", family::text};
  if (auto ps = modifier("NUMERIC")) return {"pc::numeric<" + *ps + ">", family::other};
  return {};
}

inline const table_snapshot* table_named(const schema_snapshot& schema, std::string_view name) {
  for (const table_snapshot& t : schema.tables)
    if (t.name == name) return &t;
  return nullptr;
}
inline const column_snapshot* column_named(const table_snapshot& table, std::string_view name) {
  for (const column_snapshot& c : table.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// Tables in an order where each comes after the tables it references (the database's
// order where it allows); a cycle between tables is an error naming them.
inline std::vector<const table_snapshot*> dependency_order(const schema_snapshot& schema) {
  std::vector<const table_snapshot*> ordered, left;
  for (const table_snapshot& t : schema.tables) left.push_back(&t);
  auto placed = [&](std::string_view name) {
    return std::any_of(ordered.begin(), ordered.end(), [&](const table_snapshot* t) { return t->name == name; });
  };
  while (!left.empty()) {
    auto ready = std::find_if(left.begin(), left.end(), [&](const table_snapshot* t) {
      return std::all_of(t->columns.begin(), t->columns.end(), [&](const column_snapshot& c) {
        return !c.foreign_key || c.foreign_key->table == t->name || placed(c.foreign_key->table) ||
               !table_named(schema, c.foreign_key->table);
      });
    });
    if (ready == left.end()) {
      std::string names;
      for (const table_snapshot* t : left) names += (names.empty() ? "" : ", ") + t->name;
      throw error(errc::misuse, "the foreign keys of tables " + names +
                                    " form a cycle, which piccolo's schema<...> cannot declare; drop one of the "
                                    "foreign keys in the database (or edit the header by hand: make one a plain column)");
    }
    ordered.push_back(*ready);
    left.erase(ready);
  }
  return ordered;
}

struct member_plan {
  const column_snapshot* column = nullptr;
  std::string name;  // the C++ member
};

inline std::string members_list(const std::string& struct_name, const std::vector<member_plan>& members,
                                 const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& column : columns) {
    for (const member_plan& m : members)
      if (m.column->name == column) out += (out.empty() ? "&" : ", &") + struct_name + "::" + m.name;
  }
  return out;
}

inline std::string index_name_piccolo_gives(std::string_view table, const std::vector<std::string>& columns,
                                            std::string_view method) {
  std::vector<std::string_view> views(columns.begin(), columns.end());
  std::string_view given_method = method == "btree" ? std::string_view{} : method;
  // past 63 bytes the name is cut and hashed, as create_table() and migrations store it
  return std::string{piccolo::detail::stored_index_name(table, views.data(), views.size(), given_method).view()};
}

// The default of a column as a member initializer (" = 5"), when it is a literal C++ can say.
inline std::optional<std::string> initializer_for(const cpp_type& type, std::string_view text) {
  using family = cpp_type::family;
  if (text.empty()) return std::nullopt;
  switch (type.kind) {
    case family::integer:
    case family::real: {
      const bool number = std::all_of(text.begin(), text.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' || ch == 'e' || ch == 'E';
      });
      if (!number) return std::nullopt;
      return " = " + std::string(text);
    }
    case family::boolean:
      if (text == "TRUE" || text == "1") return std::string(" = true");
      if (text == "FALSE" || text == "0") return std::string(" = false");
      return std::nullopt;
    case family::text:
      if (auto value = sql_string_value(text); value && !value->empty()) return " = " + cpp_string_literal(*value);
      return std::nullopt;
    case family::other: return std::nullopt;
  }
  return std::nullopt;
}

inline std::string_view action_option_name(action a) {
  switch (a) {
    case action::cascade: return "pc::action::cascade";
    case action::restrict: return "pc::action::restrict";
    case action::set_null: return "pc::action::set_null";
    case action::set_default: return "pc::action::set_default";
    case action::no_action: return "pc::action::no_action";
  }
  return "pc::action::no_action";
}

}  // namespace detail

// The header's text; throws piccolo::error (errc::misuse) when the tables' foreign keys
// form a cycle.
inline generated_header generate_header(const schema_snapshot& schema, dialect_id dialect,
                                        const generate_options& options = {}) {
  using namespace detail;
  const bool sqlite = dialect == dialect_id::sqlite;
  generated_header result;
  const std::vector<const table_snapshot*> tables = dependency_order(schema);

  std::vector<std::string> struct_names;  // per table, in schema.tables order
  for (const table_snapshot& t : schema.tables) struct_names.push_back(struct_name_for(t.name, struct_names));
  auto struct_of = [&](std::string_view table) -> std::string {
    for (std::size_t i = 0; i < schema.tables.size(); ++i)
      if (schema.tables[i].name == table) return struct_names[i];
    return {};
  };

  std::string body;
  bool needs_arrays = false, needs_json = false;
  for (const table_snapshot* table : tables) {
    const std::string name = struct_of(table->name);
    auto warn = [&](std::string_view column, std::string_view what) {
      result.warnings.push_back(table->name + (column.empty() ? "" : "." + std::string(column)) + ": " + std::string(what));
    };
    std::vector<member_plan> members;
    // a member may not be named like its class
    std::vector<std::string> taken{name}, member_lines, option_items;
    for (const column_snapshot& column : table->columns) {
      member_plan plan{&column, identifier_for(column.name, taken)};
      taken.push_back(plan.name);
      members.push_back(plan);
    }
    for (const member_plan& m : members) {
      const column_snapshot& column = *m.column;
      const std::string member = "&" + name + "::" + m.name;
      const std::string& sql_type = sqlite ? column.sqlite_type : column.postgres_type;
      const std::string& default_text = sqlite ? column.sqlite_default : column.postgres_default;
      std::string comment;
      cpp_type type = cpp_type_of(sql_type, column.serial);
      std::string spelling = type.spelling;
      bool foreign = false;
      if (column.foreign_key) {
        const table_snapshot* target = table_named(schema, column.foreign_key->table);
        const column_snapshot* key = target ? column_named(*target, column.foreign_key->column) : nullptr;
        if (target && key && target->primary_key.size() == 1 && target->primary_key[0] == key->name) {
          foreign = true;
          const cpp_type key_type = cpp_type_of(sqlite ? key->sqlite_type : key->postgres_type, key->serial);
          spelling = "pc::foreign_key<" + struct_of(target->name);
          // a serial key is held as std::int64_t, foreign_key's default Key
          if (!key->serial && !key_type.spelling.empty() && key_type.spelling != "std::int64_t")
            spelling += ", " + key_type.spelling;
          spelling += '>';
          if (column.foreign_key->on_delete != action::cascade)
            option_items.push_back("pc::on_delete<" + member + ", " +
                                   std::string(action_option_name(column.foreign_key->on_delete)) + ">");
          if (column.foreign_key->on_update != action::cascade)
            option_items.push_back("pc::on_update<" + member + ", " +
                                   std::string(action_option_name(column.foreign_key->on_update)) + ">");
        } else {
          comment = "references " + column.foreign_key->table + " (" + column.foreign_key->column +
                    "), not its primary key: piccolo's foreign_key<T> cannot say it; kept as a plain column";
          warn(column.name, comment);
        }
      }
      if (spelling.empty()) {
        spelling = "std::string";
        type.kind = cpp_type::family::text;
        comment = "piccolo has no C++ type for " + sql_type + "; read as text";
        warn(column.name, comment + " (replace std::string with a type whose value_traits render " + sql_type + ")");
      }
      needs_arrays = needs_arrays || type.array;
      needs_json = needs_json || type.json;
      if (column.nullable && !column.serial) spelling = "std::optional<" + spelling + ">";

      std::string initializer;
      if (column.default_kind == default_kind::literal && !foreign) {
        if (auto given = initializer_for(type, default_text)) {
          initializer = *given;
        } else {
          // a literal C++ cannot state as the member's value (a date, a number of another
          // form): the database keeps it as SQL
          option_items.push_back("pc::default_sql<" + member + ", " + cpp_string_literal(default_text) + ">");
          warn(column.name, "the default " + default_text + " is kept as pc::default_sql");
        }
      } else if (column.default_kind == default_kind::now) {
        option_items.push_back("pc::default_now<" + member + ">");
      } else if (column.default_kind == default_kind::uuid4) {
        option_items.push_back("pc::default_uuid4<" + member + ">");
      } else if (column.default_kind == default_kind::uuid7) {
        option_items.push_back("pc::default_uuid7<" + member + ">");
      } else if (column.default_kind == default_kind::sql) {
        std::string_view expression = default_text;
        // piccolo renders default_sql in parentheses; the option takes the expression inside
        if (expression.size() >= 2 && expression.front() == '(' && expression.back() == ')')
          expression = expression.substr(1, expression.size() - 2);
        option_items.push_back("pc::default_sql<" + member + ", " + cpp_string_literal(expression) + ">");
      }
      if (m.name != column.name)
        option_items.push_back("pc::column_name<" + member + ", " + cpp_string_literal(column.name) + ">");
      if (column.unique) option_items.push_back("pc::unique<" + member + ">");

      std::string line = "  " + spelling + " " + m.name + initializer + ";";
      if (!comment.empty()) line += "  // " + comment;
      member_lines.push_back(std::move(line));
    }

    // a serial key is a primary key already
    const bool serial_key = table->primary_key.size() == 1 && [&] {
      const column_snapshot* key = column_named(*table, table->primary_key[0]);
      return key && key->serial;
    }();
    if (!serial_key)
      for (const std::string& key : table->primary_key)
        option_items.push_back("pc::primary_key<" + members_list(name, members, {key}) + ">");
    for (const std::vector<std::string>& unique : table->unique_constraints)
      option_items.push_back("pc::unique<" + members_list(name, members, unique) + ">");
    for (const index_snapshot& index : table->indexes) {
      const std::string list = members_list(name, members, index.columns);
      if (index.unique) {
        warn("", "the unique index " + index.name + " is left out: piccolo declares unique constraints, not unique "
                 "indexes (pc::unique<" + list + "> is the closest)");
        continue;
      }
      if (index.method == "btree" && index.columns.size() == 1)
        option_items.push_back("pc::index<" + list + ">");
      else if (index.method == "btree")
        option_items.push_back("pc::index_on<" + list + ">");
      else
        option_items.push_back("pc::index_using<pc::index_method::" + index.method + ", " + list + ">");
      if (index_name_piccolo_gives(table->name, index.columns, index.method) != index.name)
        warn("", "the index " + index.name + " will be named " +
                     index_name_piccolo_gives(table->name, index.columns, index.method) + " by piccolo");
    }

    body += "struct " + name + " {\n";
    if (snake_case_of(name) != table->name)
      body += "  static constexpr std::string_view table_name = " + cpp_string_literal(table->name) + ";\n";
    for (const std::string& line : member_lines) body += line + '\n';
    if (!option_items.empty()) {
      body += "  static constexpr auto column_options() {\n    return pc::options(";
      for (std::size_t i = 0; i < option_items.size(); ++i) body += (i ? ",\n                       " : "") + option_items[i];
      body += ");\n  }\n";
    }
    body += "};\n\n";
  }

  std::string& out = result.text;
  out += "// Generated by `piccolo schema generate` from a ";
  out += sqlite ? "SQLite" : "PostgreSQL";
  out += " database: one struct per table, in foreign-key\n// dependency order. Edit freely.\n#pragma once\n\n";
  out += "#include <chrono>\n#include <cstddef>\n#include <cstdint>\n#include <optional>\n#include <string>\n"
         "#include <string_view>\n#include <vector>\n\n#include <piccolo/piccolo.hpp>\n";
  if (needs_arrays) out += "#include <piccolo/arrays.hpp>\n";
  if (needs_json) out += "#include <piccolo/json.hpp>\n";
  out += '\n';
  if (!options.name_space.empty()) out += "namespace " + options.name_space + " {\n\n";
  out += "namespace pc = piccolo;\n\n";
  out += body;
  if (!tables.empty()) {
    out += "// All tables, in dependency order: pc::create_tables, pc::snapshot_of, verify_schema.\nusing schema = pc::schema<";
    for (std::size_t i = 0; i < tables.size(); ++i) out += (i ? ", " : "") + struct_of(tables[i]->name);
    out += ">;\n";
  }
  if (!options.name_space.empty()) out += "\n}  // namespace " + options.name_space + "\n";
  return result;
}

}  // namespace piccolo::cli
