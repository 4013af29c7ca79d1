#pragma once
// RETURNING columns of INSERT / UPDATE / DELETE: plain columns of the written table.

#include <cstdint>
#include <tuple>
#include <type_traits>

#include <boost/mp11/list.hpp>

#include <piccolo/query/detail/row.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo::detail {

struct no_returning {
  static constexpr bool present = false;
  using row_type = std::int64_t;
  static constexpr void render(sql_writer&) {}
};

template <class... Cols>
struct returning_columns {
  static constexpr bool present = true;
  using row_type = std::conditional_t<sizeof...(Cols) == 1,
                                      boost::mp11::mp_first<boost::mp11::mp_list<result_type_of<typename Cols::value_type>...>>,
                                      std::tuple<result_type_of<typename Cols::value_type>...>>;
  static constexpr void render(sql_writer& w) {
    w.put(" RETURNING ");
    bool first = true;
    ((w.put(first ? "" : ", "), Cols::render_name(w), first = false), ...);
  }
  template <class Reader>
  static row_type read(Reader& r) {
    if constexpr (sizeof...(Cols) == 1)
      return value_traits<typename Cols::value_type...>::read(r, 0);
    else
      return read_tuple<row_type>(r, std::index_sequence_for<Cols...>{});
  }
};

template <class T, class... Cols>
inline constexpr bool returning_allowed =
    ((is_column_ref<Cols> && Cols::is_plain && std::is_same_v<typename Cols::table, T>) && ...);

}  // namespace piccolo::detail
