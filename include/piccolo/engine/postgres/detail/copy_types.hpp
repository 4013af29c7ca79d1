#pragma once
// Binary COPY has no casts: each field must be in the exact binary form of its column's
// type (an INTEGER takes 4 bytes, a BIGINT 8). The C++ type gives the form piccolo
// sends; a table created by other DDL (raw SQL, an older migration) may disagree. So,
// once per connection and insert shape, the columns' types are asked of the catalog,
// and a batch whose types differ goes by INSERT ... unnest(), where the server casts.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include <piccolo/engine/postgres/detail/binary.hpp>
#include <piccolo/engine/postgres/error.hpp>
#include <piccolo/reflect/fields.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo::postgres::detail {

// Per COPY statement (its query slot): checked on which backend, and the answer.
struct copy_type_check {
  int backend = 0;  // PQbackendPID of the connection it was checked on; 0: never
  bool matches = false;
};

// The type OID of each named column of `table` (found through search_path, as COPY
// finds it), 0 for a column or table that does not exist.
inline std::vector<unsigned> column_type_oids(PGconn* conn, std::string_view table,
                                              std::span<const std::string> columns) {
  static constexpr const char* text =
      "SELECT coalesce(a.atttypid, 0)::int8 FROM unnest($2::text[]) WITH ORDINALITY AS n (name, k) "
      "LEFT JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident($1)) AND a.attname = n.name "
      "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY n.k";
  std::string table_name{table};
  std::string names;
  put_array(names, value_view::from_list(columns));
  const Oid types[2] = {text_oid, text_array_oid};
  const char* values[2] = {table_name.c_str(), names.data()};
  const int lengths[2] = {static_cast<int>(table_name.size()), static_cast<int>(names.size())};
  const int formats[2] = {0, 1};
  PGresult* result = PQexecParams(conn, text, 2, types, values, lengths, formats, 1);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    struct clear {
      PGresult* r;
      ~clear() { PQclear(r); }
    } guard{result};
    throw_result_error(conn, result);
  }
  std::vector<unsigned> oids(static_cast<std::size_t>(PQntuples(result)));
  for (int r = 0; r < PQntuples(result); ++r)
    oids[static_cast<std::size_t>(r)] = static_cast<unsigned>(get_u64(PQgetvalue(result, r, 0)));
  PQclear(result);
  return oids;
}

// Whether every column of `table` has exactly the type `expected` (copy_oid_of) says;
// nullopt when the table or a column does not exist (yet): not an answer to remember.
inline std::optional<bool> copy_types_match(PGconn* conn, std::string_view table,
                                            std::span<const std::string> columns,
                                            std::span<const unsigned> expected) {
  std::vector<unsigned> actual = column_type_oids(conn, table, columns);
  if (actual.size() != expected.size()) return std::nullopt;
  bool matches = true;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] == 0) return std::nullopt;
    matches = matches && copy_type_matches(expected[i], actual[i]);
  }
  return matches;
}

// The same for the columns of Table that COPY sends (widths[i] != -2: not a serial key).
template <class Table, std::size_t N>
std::optional<bool> copy_types_match(PGconn* conn, const std::array<int, N>& widths, std::span<const unsigned> expected) {
  std::vector<std::string> names;
  reflect::for_each_field_index<Table>([&](auto i) {
    if (widths[i.value] != -2) names.emplace_back(table_info<Table>::template column_name<i.value>);
  });
  return copy_types_match(conn, table_info<Table>::name, names, expected);
}

}  // namespace piccolo::postgres::detail
