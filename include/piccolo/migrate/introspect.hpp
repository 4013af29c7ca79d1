#pragma once
// Reading a live database into the schema's runtime form (migrate/snapshot.hpp), so that
// the compiled structs, a snapshot file and the database are one data model:
//
//   pc::schema_snapshot live = pc::introspect(db);        // SQLite or PostgreSQL
//   bool there = db.run(pc::table_exists<Band>());         // or pc::table_exists<Band>(db)
//
// SQLite is read from sqlite_master and the pragma functions (table_xinfo, index_list,
// index_xinfo, foreign_key_list); PostgreSQL from pg_catalog, for the first schema of the
// search_path (current_schema()). What the server prints is normalised to what piccolo
// writes in CREATE TABLE, so a table piccolo created reads back as its describe<T>():
// `character varying(50)` is VARCHAR(50), an integer with a sequence default is SERIAL,
// `'it''s'::text` is 'it''s', '00:00:05'::interval is '5000000 microseconds'.
// An introspected snapshot holds the texts of its own dialect only (the other's are empty);
// snapshot_for_dialect() makes a compiled snapshot comparable with it.

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/migrate/snapshot.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo {

// ---- table_exists ----------------------------------------------------------------------

// db.run(pc::table_exists<Band>()) -> bool: whether T's table is in the database (on
// PostgreSQL, in the first schema of the search_path). The name is part of the constant text.
template <class T>
struct table_exists_query {
  static constexpr result_kind kind = result_kind::exists;
  using row_type = bool;
  using result_type = bool;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr int parameters = 0;
  static constexpr int columns = 1;

  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite)
      w.put("SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ");
    else
      w.put("SELECT EXISTS(SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
            "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname = ");
    w.string_literal(table_info<T>::name).put(')');
  }
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<table_exists_query, D>;
  }
  template <class Reader>
  static bool read_row(Reader& r) {
    return r.read_bool(0);
  }
  template <class F>
  void for_each_binding(F&& f) const {
    f(static_cast<const value_view*>(nullptr));
  }
};

template <class T>
constexpr auto table_exists() noexcept {
  static_assert(std::is_class_v<T>, "piccolo: table_exists(): T is not a table; name the struct of the table, "
                                    "e.g. pc::table_exists<Band>()");
  if constexpr (std::is_class_v<T>) return table_exists_query<T>{};
}
// The same, run at once: pc::table_exists<Band>(db).
template <class T, class Database>
bool table_exists(Database& db) {
  static_assert(std::is_class_v<T>, "piccolo: table_exists(): T is not a table; name the struct of the table, "
                                    "e.g. pc::table_exists<Band>(db)");
  if constexpr (std::is_class_v<T>) return db.run(table_exists_query<T>{});
  else return false;
}

namespace detail {

// A catalog read: one constant text per dialect, rows of the same shape on both.
template <fixed_string SqliteText, fixed_string PostgresText, class Row>
struct catalog_query {
  static constexpr result_kind kind = result_kind::rows;
  using row_type = Row;
  using result_type = std::vector<Row>;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr int parameters = 0;
  static constexpr int columns = static_cast<int>(row_width<Row>());
  static constexpr void render(sql_writer& w) {
    w.put(w.dialect() == dialect_id::sqlite ? SqliteText.view() : PostgresText.view());
  }
  template <class Reader>
  static Row read_row(Reader& r) {
    return read_row_as<Row>(r);
  }
  template <class F>
  void for_each_binding(F&& f) const {
    f(static_cast<const value_view*>(nullptr));
  }
};

// SQLite's own tables (sqlite_sequence, sqlite_stat1) are not the user's.
#define PICCOLO_SQLITE_USER_TABLES "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
#define PICCOLO_POSTGRES_TABLES "pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
#define PICCOLO_POSTGRES_USER_TABLES "n.nspname = current_schema() AND c.relkind IN ('r', 'p')"

using engine_dialect_query = catalog_query<"SELECT 'sqlite'", "SELECT 'postgres'", std::string>;

struct catalog_table_row {
  std::string table;
};
// Creation order: the order piccolo created them in is the dependency order.
using catalog_tables_query =
    catalog_query<"SELECT m.name FROM sqlite_master m WHERE " PICCOLO_SQLITE_USER_TABLES " ORDER BY m.rowid",
                  "SELECT c.relname::text FROM " PICCOLO_POSTGRES_TABLES " WHERE " PICCOLO_POSTGRES_USER_TABLES
                  " ORDER BY c.oid", catalog_table_row>;

struct catalog_column_row {
  std::string table;
  std::string column;
  std::string type;  // as the server spells it
  bool not_null = false;
  std::optional<std::string> default_text;
  std::int64_t key_position = 0;  // 1-based place in the primary key, 0: not in it
};
using catalog_columns_query = catalog_query<
    "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM sqlite_master m JOIN "
    "pragma_table_xinfo(m.name) p WHERE " PICCOLO_SQLITE_USER_TABLES " AND p.hidden <> 1 ORDER BY m.rowid, p.cid",
    "SELECT c.relname::text, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "pg_catalog.pg_get_expr(d.adbin, d.adrelid), COALESCE(array_position(k.conkey, a.attnum), 0)::bigint FROM "
    PICCOLO_POSTGRES_TABLES
    " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped LEFT JOIN "
    "pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum LEFT JOIN pg_catalog.pg_constraint k ON "
    "k.conrelid = c.oid AND k.contype = 'p' WHERE " PICCOLO_POSTGRES_USER_TABLES " ORDER BY c.oid, a.attnum",
    catalog_column_row>;

// One row per column of an index, indexes in creation order; origin "pk" (the primary key's), "u" (a UNIQUE
// constraint's) or "c" (CREATE INDEX). A column that is an expression has no name.
struct catalog_index_row {
  std::string table;
  std::string index;
  std::string origin;
  bool unique = false;
  std::string method;
  std::optional<std::string> column;
};
using catalog_indexes_query = catalog_query<
    "SELECT m.name, l.name, l.origin, l.\"unique\", 'btree', x.name FROM sqlite_master m JOIN "
    "pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x LEFT JOIN sqlite_master i ON i.type = 'index' AND "
    "i.name = l.name WHERE " PICCOLO_SQLITE_USER_TABLES " AND x.key = 1 ORDER BY m.rowid, i.rowid, l.name, x.seqno",
    "SELECT c.relname::text, i.relname::text, CASE k.contype WHEN 'p' THEN 'pk' WHEN 'u' THEN 'u' ELSE 'c' END, "
    "x.indisunique, am.amname::text, a.attname::text FROM " PICCOLO_POSTGRES_TABLES
    " JOIN pg_catalog.pg_index x ON x.indrelid = c.oid JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid JOIN "
    "pg_catalog.pg_am am ON am.oid = i.relam LEFT JOIN pg_catalog.pg_constraint k ON k.conindid = x.indexrelid AND "
    "k.conrelid = c.oid AND k.contype IN ('p', 'u') CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS "
    "u(attnum, position) LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum AND "
    "u.attnum > 0 WHERE " PICCOLO_POSTGRES_USER_TABLES " AND u.position <= x.indnkeyatts ORDER BY c.oid, i.oid, u.position",
    catalog_index_row>;

// One row per column of a foreign key; actions spelled as in DDL ("SET NULL").
struct catalog_foreign_key_row {
  std::string table;
  std::string column;
  std::string target_table;
  std::optional<std::string> target_column;  // SQLite: NULL when the key was not named
  std::string on_update;
  std::string on_delete;
  std::int64_t id = 0;  // the constraint, to tell composite keys apart
};
#define PICCOLO_POSTGRES_ACTION(field)                                                                   \
  "CASE " field " WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN " \
  "'SET DEFAULT' ELSE 'NO ACTION' END"
using catalog_foreign_keys_query = catalog_query<
    "SELECT m.name, f.\"from\", f.\"table\", f.\"to\", f.on_update, f.on_delete, f.id FROM sqlite_master m JOIN "
    "pragma_foreign_key_list(m.name) f WHERE " PICCOLO_SQLITE_USER_TABLES " ORDER BY m.rowid, f.id, f.seq",
    "SELECT c.relname::text, a.attname::text, r.relname::text, ra.attname::text, " PICCOLO_POSTGRES_ACTION(
        "k.confupdtype") ", " PICCOLO_POSTGRES_ACTION("k.confdeltype") ", k.oid::bigint FROM "
    PICCOLO_POSTGRES_TABLES
    " JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f' JOIN pg_catalog.pg_class r ON r.oid "
    "= k.confrelid CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(attnum, target_attnum, "
    "position) JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum JOIN "
    "pg_catalog.pg_attribute ra ON ra.attrelid = r.oid AND ra.attnum = u.target_attnum WHERE " PICCOLO_POSTGRES_USER_TABLES
    " ORDER BY c.oid, k.conname, u.position",
    catalog_foreign_key_row>;
#undef PICCOLO_POSTGRES_ACTION
#undef PICCOLO_SQLITE_USER_TABLES
#undef PICCOLO_POSTGRES_USER_TABLES
#undef PICCOLO_POSTGRES_TABLES

// ---- normalising what the server prints to what piccolo writes --------------------------

inline std::string upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& ch : out)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return out;
}

// format_type() text -> piccolo's type: "character varying(50)" -> "VARCHAR(50)",
// "numeric(10,2)" -> "NUMERIC(10, 2)", "timestamp with time zone" -> "TIMESTAMPTZ".
inline std::string postgres_type_name(std::string_view type) {
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]")
    return postgres_type_name(type.substr(0, type.size() - 2)) + "[]";
  std::string base(type), modifier;
  if (std::size_t open = type.find('('); open != std::string_view::npos) {
    std::size_t close = type.find(')', open);
    if (close != std::string_view::npos) {
      base = std::string(type.substr(0, open)) + std::string(type.substr(close + 1));
      for (char ch : type.substr(open + 1, close - open - 1)) {
        modifier += ch;
        if (ch == ',') modifier += ' ';
      }
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> names[] = {
      {"character varying", "VARCHAR"},         {"character", "CHAR"},
      {"timestamp without time zone", "TIMESTAMP"}, {"timestamp with time zone", "TIMESTAMPTZ"},
      {"time without time zone", "TIME"},       {"time with time zone", "TIMETZ"},
      {"bit varying", "VARBIT"},
  };
  std::string name = upper_ascii(base);
  for (const auto& [server, piccolo_name] : names)
    if (base == server) name = piccolo_name;
  return modifier.empty() ? name : name + "(" + modifier + ")";
}

// 'text'::type (any number of casts) -> 'text'; -1::integer -> -1; anything else unchanged.
inline std::string_view without_casts(std::string_view expression) {
  std::size_t end = 0;
  if (!expression.empty() && expression[0] == '\'') {
    end = 1;
    while (end < expression.size()) {
      if (expression[end] == '\'') {
        if (end + 1 < expression.size() && expression[end + 1] == '\'') end += 2;
        else break;
      } else {
        ++end;
      }
    }
    if (end == expression.size()) return expression;
    ++end;
  } else {
    while (end < expression.size() && (std::isalnum(static_cast<unsigned char>(expression[end])) ||
                                       expression[end] == '.' || expression[end] == '-' || expression[end] == '+'))
      ++end;
  }
  std::string_view rest = expression.substr(end);
  if (end == 0 || (!rest.empty() && rest.substr(0, 2) != "::")) return expression;
  return expression.substr(0, end);
}

inline std::string_view unquoted(std::string_view literal) {
  if (literal.size() >= 2 && literal.front() == '\'' && literal.back() == '\'') return literal.substr(1, literal.size() - 2);
  return literal;
}

template <class Write>
std::string written(Write&& write) {
  char buffer[64]{};
  sql_writer w{dialect_id::postgres, buffer};
  write(w);
  return std::string(buffer, w.size());
}

// "[-]H:MM:SS[.ffffff]" (an interval of time only) -> microseconds.
inline std::optional<std::int64_t> interval_micros_of(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.size() < colon + 6 || text[colon + 3] != ':') return std::nullopt;
  std::int64_t hours = 0, minutes = 0, seconds = 0, fraction = 0;
  if (std::from_chars(text.data(), text.data() + colon, hours).ptr != text.data() + colon ||
      !parse_digits(text, colon + 1, 2, minutes) || !parse_digits(text, colon + 4, 2, seconds))
    return std::nullopt;
  std::string_view rest = text.substr(colon + 6);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() > 7) return std::nullopt;
    std::string digits(rest.substr(1));
    digits.resize(6, '0');
    if (!parse_digits(digits, 0, 6, fraction)) return std::nullopt;
  }
  std::int64_t micros = ((hours * 60 + minutes) * 60 + seconds) * 1'000'000 + fraction;
  return negative ? -micros : micros;
}

// "YYYY-MM-DD HH:MM:SS[.f]±HH[:MM]" -> microseconds since the epoch, in UTC.
inline std::optional<std::int64_t> timestamptz_micros_of(std::string_view text) {
  std::size_t sign = text.find_last_of("+-");
  if (sign == std::string_view::npos || sign < 19) return std::nullopt;
  std::optional<std::int64_t> local = parse_timestamp(text.substr(0, sign));
  std::int64_t hours = 0, minutes = 0;
  std::string_view offset = text.substr(sign + 1);
  if (!local || !parse_digits(offset, 0, 2, hours)) return std::nullopt;
  if (offset.size() >= 5 && offset[2] == ':' && !parse_digits(offset, 3, 2, minutes)) return std::nullopt;
  std::int64_t shift = (hours * 60 + minutes) * 60'000'000;
  return text[sign] == '+' ? *local - shift : *local + shift;
}

// pg_get_expr() of a default -> the text piccolo renders for it, given the column's
// normalised type. Texts it does not recognise stay as the server printed them.
inline std::string postgres_default_text(std::string_view expression, std::string_view type) {
  const std::string_view literal = without_casts(expression);
  const std::string_view value = unquoted(literal);
  const bool was_cast = literal.size() != expression.size() || literal.front() == '\'';
  if (type == "SMALLINT" || type == "INTEGER" || type == "BIGINT") {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec == std::errc{} && end == value.data() + value.size())
      return written([&](sql_writer& w) { w.put_int(v); });
  } else if (type == "REAL" || type == "DOUBLE PRECISION") {
    const std::string text(value);
    char* end = nullptr;
    if (type == "REAL") {
      float v = std::strtof(text.c_str(), &end);
      if (end == text.c_str() + text.size()) return written([&](sql_writer& w) { w.put_real(v); });
    } else {
      double v = std::strtod(text.c_str(), &end);
      if (end == text.c_str() + text.size()) return written([&](sql_writer& w) { w.put_real(v); });
    }
  } else if (type.starts_with("NUMERIC")) {
    if (was_cast) return std::string(value);
  } else if (type == "BOOLEAN") {
    if (value == "true") return "TRUE";
    if (value == "false") return "FALSE";
  } else if (type == "INTERVAL" && literal.front() == '\'') {
    if (auto micros = interval_micros_of(value)) return "'" + std::to_string(*micros) + " microseconds'";
  } else if (type == "TIMESTAMP" && literal.front() == '\'') {
    if (auto micros = parse_timestamp(value)) {
      char buffer[40]{};
      return "'" + std::string(buffer, format_timestamp(*micros, buffer)) + "'";
    }
  } else if (type == "TIMESTAMPTZ" && literal.front() == '\'') {
    if (auto micros = timestamptz_micros_of(value)) {
      char buffer[40]{};
      return "'" + std::string(buffer, format_timestamp(*micros, buffer)) + "+00:00'";
    }
  } else if (type == "TIME" && literal.front() == '\'') {
    if (auto micros = parse_time_of_day(value)) {
      char buffer[40]{};
      return "'" + std::string(buffer, format_time_of_day(*micros, buffer)) + "'";
    }
  }
  if (!literal.empty() && literal.front() == '\'') return std::string(literal);
  return std::string(expression);
}

// Where a default (as normalised) comes from: a literal (number, 'text', TRUE, X'..') or
// an expression the database computes, recognised from piccolo's own texts.
inline default_kind default_kind_of(std::string_view text, dialect_id d) {
  if (text.empty()) return default_kind::none;
  const std::string plain(text);
  char* end = nullptr;
  (void)std::strtod(plain.c_str(), &end);
  const bool number = end == plain.c_str() + plain.size();
  const bool quoted = text.front() == '\'' && without_casts(text).size() == text.size() && unquoted(text).size() + 2 == text.size();
  if (number || quoted || text == "TRUE" || text == "FALSE" || text == "NULL" || (text.starts_with("X'") && text.back() == '\''))
    return default_kind::literal;
  auto has = [&](std::string_view part) { return text.find(part) != std::string_view::npos; };
  if (d == dialect_id::sqlite) {
    if (text == "(piccolo_uuid4())") return default_kind::uuid4;
    if (text == "(piccolo_uuid7())") return default_kind::uuid7;
    if (has("'now'")) return default_kind::now;
  } else {
    if (has("gen_random_uuid()") && has("clock_timestamp()")) return default_kind::uuid7;
    if (text == "gen_random_uuid()") return default_kind::uuid4;
    if (has("now()") || text.starts_with("CURRENT_")) return default_kind::now;
  }
  return default_kind::sql;
}

inline action action_from_sql(std::string_view text) {
  if (text == "CASCADE") return action::cascade;
  if (text == "RESTRICT") return action::restrict;
  if (text == "SET NULL") return action::set_null;
  if (text == "SET DEFAULT") return action::set_default;
  return action::no_action;
}

inline table_snapshot* find_table(schema_snapshot& schema, std::string_view name) {
  for (table_snapshot& t : schema.tables)
    if (t.name == name) return &t;
  return nullptr;
}
inline column_snapshot* find_column(table_snapshot& table, std::string_view name) {
  for (column_snapshot& c : table.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// The rows of the catalog queries, put together.
inline schema_snapshot assemble_snapshot(dialect_id dialect, const std::vector<catalog_table_row>& tables,
                                         const std::vector<catalog_column_row>& columns,
                                         const std::vector<catalog_index_row>& indexes,
                                         const std::vector<catalog_foreign_key_row>& foreign_keys) {
  const bool sqlite = dialect == dialect_id::sqlite;
  schema_snapshot schema;
  for (const catalog_table_row& row : tables) schema.tables.emplace_back().name = row.table;

  for (const catalog_column_row& row : columns) {
    table_snapshot* table = find_table(schema, row.table);
    if (!table) continue;
    column_snapshot& column = table->columns.emplace_back();
    column.name = row.column;
    column.nullable = !row.not_null;
    column.primary_key = row.key_position > 0;
    if (column.primary_key) {
      if (table->primary_key.size() < static_cast<std::size_t>(row.key_position))
        table->primary_key.resize(static_cast<std::size_t>(row.key_position));
      table->primary_key[static_cast<std::size_t>(row.key_position - 1)] = row.column;
    }
    std::string default_text;
    if (sqlite) {
      column.sqlite_type = row.type;
      if (row.default_text) {
        // SQLite drops the parentheses around an expression: DEFAULT (piccolo_uuid4())
        column.sqlite_default = *row.default_text;
        if (default_kind_of(column.sqlite_default, dialect) != default_kind::literal)
          column.sqlite_default = "(" + column.sqlite_default + ")";
      }
    } else {
      column.postgres_type = postgres_type_name(row.type);
      if (row.default_text) {
        if (row.default_text->starts_with("nextval(")) {
          // a SERIAL is an integer column whose default takes the next value of its sequence
          column.serial = true;
          if (column.postgres_type == "INTEGER") column.postgres_type = "SERIAL";
          else if (column.postgres_type == "BIGINT") column.postgres_type = "BIGSERIAL";
          else if (column.postgres_type == "SMALLINT") column.postgres_type = "SMALLSERIAL";
        } else {
          column.postgres_default = postgres_default_text(*row.default_text, column.postgres_type);
        }
      }
    }
  }
  for (table_snapshot& table : schema.tables) {
    for (column_snapshot& column : table.columns)
      column.default_kind = default_kind_of(sqlite ? column.sqlite_default : column.postgres_default, dialect);
    // SQLite: the one INTEGER key column, declared without NOT NULL, is the rowid: piccolo's
    // serial ("id" INTEGER PRIMARY KEY)
    if (sqlite && table.primary_key.size() == 1) {
      column_snapshot* key = find_column(table, table.primary_key[0]);
      if (key && upper_ascii(key->sqlite_type) == "INTEGER" && key->nullable) {
        key->serial = true;
        key->nullable = false;
      }
    }
  }

  for (std::size_t i = 0; i < indexes.size();) {
    std::size_t end = i;
    std::vector<std::string> names;
    bool expression = false;
    while (end < indexes.size() && indexes[end].table == indexes[i].table && indexes[end].index == indexes[i].index) {
      if (indexes[end].column) names.push_back(*indexes[end].column);
      else expression = true;
      ++end;
    }
    const catalog_index_row& row = indexes[i];
    i = end;
    table_snapshot* table = find_table(schema, row.table);
    if (!table || row.origin == "pk") continue;
    if (row.origin == "u" && !expression) {
      if (names.size() == 1) {
        if (column_snapshot* column = find_column(*table, names[0])) column->unique = true;
      } else {
        table->unique_constraints.push_back(std::move(names));
      }
      continue;
    }
    table->indexes.push_back({row.index, std::move(names), row.method, row.unique});
  }

  for (std::size_t i = 0; i < foreign_keys.size();) {
    std::size_t end = i;
    while (end < foreign_keys.size() && foreign_keys[end].table == foreign_keys[i].table &&
           foreign_keys[end].id == foreign_keys[i].id)
      ++end;
    const catalog_foreign_key_row& row = foreign_keys[i];
    const bool single = end == i + 1;
    i = end;
    // a key over several columns has no place in the per-column form: left out
    table_snapshot* table = find_table(schema, row.table);
    if (!single || !table) continue;
    column_snapshot* column = find_column(*table, row.column);
    if (!column) continue;
    std::string target_column = row.target_column.value_or("");
    if (target_column.empty()) {
      // SQLite: REFERENCES t without a column names t's primary key
      if (table_snapshot* target = find_table(schema, row.target_table); target && target->primary_key.size() == 1)
        target_column = target->primary_key[0];
    }
    column->foreign_key = foreign_key_snapshot{row.target_table, std::move(target_column), action_from_sql(row.on_delete),
                                               action_from_sql(row.on_update)};
  }
  return schema;
}

}  // namespace detail

// The snapshot with only dialect d's texts (the other's emptied) and d's indexes: what
// introspecting a database of that dialect gives for the same tables. SQLite has B-trees
// only: a hash index is a plain one there, gin / gist / brin indexes do not exist.
inline schema_snapshot snapshot_for_dialect(schema_snapshot snapshot, dialect_id d) {
  for (table_snapshot& table : snapshot.tables) {
    if (d == dialect_id::sqlite) {
      std::erase_if(table.indexes, [](const index_snapshot& i) { return i.method != "btree" && i.method != "hash"; });
      for (index_snapshot& index : table.indexes) index.method = "btree";
    }
    for (column_snapshot& column : table.columns) {
      if (d == dialect_id::sqlite) {
        column.postgres_type.clear();
        column.postgres_default.clear();
      } else {
        column.sqlite_type.clear();
        column.sqlite_default.clear();
      }
    }
  }
  return snapshot;
}

// The dialect of the database db runs on (a question to the server: works for any engine).
template <class Database>
dialect_id dialect_of(Database& db) {
  std::vector<std::string> name = db.run(detail::engine_dialect_query{});
  return !name.empty() && name[0] == "sqlite" ? dialect_id::sqlite : dialect_id::postgres;
}

// The tables of the database as a snapshot: tables in creation order, columns in table
// order, the texts of the database's dialect. Four catalog reads; run it inside a
// transaction for a consistent view while others change the schema. The overload with
// the dialect saves the question dialect_of() asks.
template <class Database>
schema_snapshot introspect(Database& db, dialect_id dialect) {
  std::vector<detail::catalog_table_row> tables = db.run(detail::catalog_tables_query{});
  std::vector<detail::catalog_column_row> columns = db.run(detail::catalog_columns_query{});
  std::vector<detail::catalog_index_row> indexes = db.run(detail::catalog_indexes_query{});
  std::vector<detail::catalog_foreign_key_row> foreign_keys = db.run(detail::catalog_foreign_keys_query{});
  return detail::assemble_snapshot(dialect, tables, columns, indexes, foreign_keys);
}
template <class Database>
schema_snapshot introspect(Database& db) {
  return introspect(db, dialect_of(db));
}

}  // namespace piccolo
