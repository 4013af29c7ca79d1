#pragma once
// WHERE of UPDATE / DELETE. A condition on the table's own columns is used as it is;
// one that follows foreign keys filters the primary key through a joined subquery:
//   WHERE "band"."id" IN (SELECT "band"."id" FROM "band" LEFT JOIN ... WHERE ...)

#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo::detail {

template <class T, class Where>
constexpr void render_write_filter(sql_writer& w) {
  if constexpr (std::is_same_v<Where, no_condition>) {
    return;
  } else if constexpr (all_plain<typename Where::columns>) {
    render_where<Where>(w);
  } else {
    using info = table_info<T>;
    static_assert(table_with_primary_key<T>,
                  "piccolo: where(): a condition through a foreign key needs the table to have a primary key");
    // Every key column: a composite key filters on the row value ("a", "b") IN (...).
    auto key = [&] {
      bool first = true;
      reflect::for_each_field_index<T>([&](auto i) {
        if constexpr (info::template primary_key<i.value>) {
          if (!first) w.put(", ");
          first = false;
          w.identifier(info::name).put('.').identifier(info::template column_name<i.value>);
        }
      });
    };
    constexpr bool composite = info::primary_key_count > 1;
    w.put(composite ? " WHERE (" : " WHERE ");
    key();
    w.put(composite ? ") IN (SELECT " : " IN (SELECT ");
    key();
    w.put(" FROM ").identifier(info::name);
    render_joins<typename Where::columns>(w);
    render_where<Where>(w);
    w.put(')');
  }
}

}  // namespace piccolo::detail
