#pragma once
// The rows of a list of columns: one column reads as its value, several as a tuple.
// Shared by select() and returning().

#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo::detail {

template <class... Cols>
struct column_shape {
  using columns = boost::mp11::mp_list<Cols...>;
  using row_type = std::conditional_t<sizeof...(Cols) == 1,
                                      boost::mp11::mp_first<boost::mp11::mp_list<result_type_of<typename Cols::value_type>...>>,
                                      std::tuple<result_type_of<typename Cols::value_type>...>>;
  static constexpr void render(sql_writer& w) { render_column_list<Cols...>(w); }
  template <class Reader>
  static row_type read(Reader& r) {
    if constexpr (sizeof...(Cols) == 1)
      return value_traits<typename Cols::value_type...>::read(r, 0);
    else
      return read_tuple<row_type>(r, std::index_sequence_for<Cols...>{});
  }
};

}  // namespace piccolo::detail
