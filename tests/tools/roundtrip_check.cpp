// Compiled (-fsyntax-only) by roundtrip.cmake against the header `piccolo schema generate`
// wrote for a database created from roundtrip_schema.hpp: the generated structs describe
// the same tables as the originals, on the dialect the header came from.

#include PICCOLO_GENERATED_HEADER
#include "roundtrip_schema.hpp"

namespace pc = piccolo;

constexpr pc::dialect_id dialect = pc::dialect_id::PICCOLO_ROUNDTRIP_DIALECT;

template <class T>
constexpr bool same_names(std::span<const T> a, std::span<const T> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

constexpr bool same_column(const pc::column_description& a, const pc::column_description& b) {
  if (a.name != b.name || a.type(dialect) != b.type(dialect) || a.nullable != b.nullable ||
      a.primary_key != b.primary_key || a.serial != b.serial || a.unique != b.unique ||
      a.default_kind != b.default_kind || a.default_value(dialect) != b.default_value(dialect) ||
      a.has_foreign_key != b.has_foreign_key)
    return false;
  return !a.has_foreign_key ||
         (a.foreign_key.table == b.foreign_key.table && a.foreign_key.column == b.foreign_key.column &&
          a.foreign_key.on_delete == b.foreign_key.on_delete && a.foreign_key.on_update == b.foreign_key.on_update);
}

constexpr bool same_table(const pc::table_description& a, const pc::table_description& b) {
  if (a.name != b.name || a.columns.size() != b.columns.size() || !same_names(a.primary_key, b.primary_key) ||
      a.unique_constraints.size() != b.unique_constraints.size())
    return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i)
    if (!same_column(a.columns[i], b.columns[i])) return false;
  for (std::size_t i = 0; i < a.unique_constraints.size(); ++i)
    if (!same_names(a.unique_constraints[i].columns, b.unique_constraints[i].columns)) return false;
  std::size_t ai = 0, bi = 0;  // the indexes that exist on the dialect, in order
  while (true) {
    while (ai < a.indexes.size() && !a.indexes[ai].exists_on(dialect)) ++ai;
    while (bi < b.indexes.size() && !b.indexes[bi].exists_on(dialect)) ++bi;
    if (ai == a.indexes.size() || bi == b.indexes.size()) return ai == a.indexes.size() && bi == b.indexes.size();
    const pc::index_description &x = a.indexes[ai++], &y = b.indexes[bi++];
    if (x.name != y.name || !same_names(x.columns, y.columns) || x.unique != y.unique) return false;
  }
}

using original_schema =
    std::conditional_t<dialect == pc::dialect_id::sqlite, original::schema, original::postgres_schema>;

// One assertion per table, so that a failure names the table.
template <std::size_t I>
constexpr bool same_table_at() {
  return I < original_schema::tables.size() && I < generated::schema::tables.size() &&
         same_table(original_schema::tables[I], generated::schema::tables[I]);
}
static_assert(original_schema::tables.size() == generated::schema::tables.size());
static_assert(same_table_at<0>(), "manager");
static_assert(same_table_at<1>(), "band");
static_assert(same_table_at<2>(), "venue");
static_assert(same_table_at<3>(), "concert");
static_assert(same_table_at<4>(), "ticket");
static_assert(same_table_at<5>(), "Studio Sessions");
static_assert(dialect == pc::dialect_id::sqlite || same_table_at<6>(), "postgres_types");
