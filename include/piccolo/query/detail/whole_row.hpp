#pragma once
// Whole rows in a select list: pc::all_columns<Band>() and c<&Band::manager>.all_columns()
// stand for every column of a table (the second through a foreign key path), and the row
// reads them as one Band (std::optional<Manager> when a key on the path may be NULL).
// objects<Band>().with(c<&Band::manager>) is a list of such items.

#include <array>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/reflect/fields.hpp>
#include <piccolo/reflect/member.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/schema/value_traits.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo {
namespace detail {

// Every column of T, reached through the foreign keys Path (none: T is the query's table).
template <class T, auto... Path>
struct whole_row_item {
  using table = T;
  static constexpr bool nullable = (is_optional<reflect::member_type_of<Path>> || ...);
  using value_type = std::conditional_t<nullable, std::optional<T>, T>;
  static constexpr std::size_t width = reflect::field_count<T>;
  using columns = decltype([]<std::size_t... I>(std::index_sequence<I...>) {
    return boost::mp11::mp_list<column_ref<Path..., reflect::field_at<T, I>>...>{};
  }(std::make_index_sequence<width>{}));
  static constexpr int parameters = 0;

  static constexpr void render(sql_writer& w) {
    [&]<class... Columns>(boost::mp11::mp_list<Columns...>) { render_column_list<Columns...>(w); }(columns{});
  }
  void bind(value_view*&) const {}

  // The row from result column `first` on; none when the join found no row (its key is
  // NULL: a primary key never is).
  template <class Reader>
  static value_type read(Reader& r, int first) {
    if constexpr (nullable) {
      if (r.is_null(first + static_cast<int>(table_info<T>::primary_key_index))) return std::nullopt;
    }
    return read_fields(r, first, std::make_index_sequence<width>{});
  }

 private:
  template <class Reader, std::size_t... I>
  static T read_fields(Reader& r, int first, std::index_sequence<I...>) {
    if constexpr (reflect::is_described<T>) {
      T object{};
      ((reflect::get<I>(object) = value_traits<reflect::field_type<T, I>>::read(r, first + static_cast<int>(I))), ...);
      return object;
    } else {
      // braced initialisation evaluates left to right: columns are read in order
      return T{value_traits<reflect::field_type<T, I>>::read(r, first + static_cast<int>(I))...};
    }
  }
};

template <class Item>
inline constexpr bool is_whole_row = false;
template <class T, auto... Path>
inline constexpr bool is_whole_row<whole_row_item<T, Path...>> = true;

// What a select list item reads as: a column or expression its value's result type, a
// whole row the row.
template <class Item>
struct item_result {
  using type = result_type_of<typename Item::value_type>;
};
template <class T, auto... Path>
struct item_result<whole_row_item<T, Path...>> {
  using type = typename whole_row_item<T, Path...>::value_type;
};

template <class Item>
inline constexpr int item_width = 1;
template <class T, auto... Path>
inline constexpr int item_width<whole_row_item<T, Path...>> = static_cast<int>(reflect::field_count<T>);

template <class Item, class Reader>
typename item_result<Item>::type read_item(Reader& r, int first) {
  if constexpr (is_whole_row<Item>) return Item::read(r, first);
  else return value_traits<typename Item::value_type>::read(r, first);
}

// A row of Items of which some are whole rows: each item starts where the one before ends.
template <class Row, class... Items, class Reader>
Row read_items_spanning(Reader& r) {
  static constexpr std::array<int, sizeof...(Items)> first = [] {
    std::array<int, sizeof...(Items)> starts{};
    int next = 0, k = 0;
    ((starts[k++] = next, next += item_width<Items>), ...);
    return starts;
  }();
  if constexpr (sizeof...(Items) == 1) {
    return read_item<Items...>(r, 0);
  } else {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
      return Row{read_item<Items>(r, first[K])...};
    }(std::index_sequence_for<Items...>{});
  }
}

// c<&Band::manager>.all_columns(): the row the last foreign key of the path references.
template <auto... Path>
constexpr auto all_columns_through() {
  using target = typename foreign_key_target<reflect::member_type_of<nth_member<sizeof...(Path) - 1, Path...>>>::type;
  constexpr bool key = !std::is_void_v<target>;
  static_assert(key,
                "piccolo: all_columns(): the column is not a pc::foreign_key; name a foreign key, "
                "e.g. c<&Band::manager>.all_columns(), or the query's own table with pc::all_columns<Band>()");
  if constexpr (key) return whole_row_item<target, Path...>{};
  else return whole_row_item<reflect::class_of<nth_member<0, Path...>>>{};  // one mistake, one error
}

// A foreign key column (any path ending in one), as with() takes.
template <class Column>
inline constexpr bool is_foreign_key_path = false;
template <auto... Ms>
inline constexpr bool is_foreign_key_path<column_ref<Ms...>> =
    !std::is_void_v<typename foreign_key_target<typename column_ref<Ms...>::stored_type>::type>;

template <class Column>
struct whole_row_of_path;
template <auto... Ms>
struct whole_row_of_path<column_ref<Ms...>> {
  using type = whole_row_item<typename foreign_key_target<typename column_ref<Ms...>::stored_type>::type, Ms...>;
};

}  // namespace detail

// pc::all_columns<Band>() in select(): every column of Band, read as one Band.
template <class T>
constexpr detail::whole_row_item<T> all_columns() noexcept {
  return {};
}

}  // namespace piccolo
