#pragma once
// RETURNING columns of INSERT / UPDATE / DELETE: plain columns of the written table.

#include <cstdint>
#include <tuple>
#include <type_traits>

#include <boost/mp11/list.hpp>

#include <piccolo/query/detail/row.hpp>
#include <piccolo/query/detail/shape.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo::detail {

struct no_returning {
  static constexpr bool present = false;
  using row_type = std::int64_t;
  static constexpr void render(sql_writer&) {}
};

template <class... Cols>
struct returning_columns : column_shape<Cols...> {
  static constexpr bool present = true;
  // RETURNING names the written table's columns unqualified
  static constexpr void render(sql_writer& w) {
    w.put(" RETURNING ");
    bool first = true;
    ((w.put(first ? "" : ", "), Cols::render_name(w), first = false), ...);
  }
};

template <class T, class... Cols>
inline constexpr bool returning_allowed =
    ((is_column_ref<Cols> && Cols::is_plain && std::is_same_v<typename Cols::table, T>) && ...);

// The check of returning(cols...), the same in insert, update and delete; the caller
// stops the cascade with `if constexpr (check_returning<T, Cols...>())`.
template <class T, class... Cols>
constexpr bool check_returning() {
  static_assert(sizeof...(Cols) > 0, "piccolo: returning(): name at least one column");
  static_assert(returning_allowed<T, Cols...>,
                "piccolo: returning(): names a column of another table; return columns of the "
                "table being written, e.g. c<&Band::id>");
  return sizeof...(Cols) > 0 && returning_allowed<T, Cols...>;
}

}  // namespace piccolo::detail
