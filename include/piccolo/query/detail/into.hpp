#pragma once
// select(...).into<Row>(): each field of Row reads the selected item of its name (a
// column's name, or the alias given with .as<"name">()), checked when into() is called.

#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/query/detail/join_on.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/reflect/fields.hpp>
#include <piccolo/schema/value_traits.hpp>
#include <piccolo/sql/alias.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo::detail {

// The name a select list item is known by: a column's, an alias; none for an expression.
template <class Item>
constexpr std::string_view item_name() {
  if constexpr (is_column_ref<Item> || is_aliased<Item>) return Item::name;
  else return {};
}

// The position of the item Row's field I reads; the item count when none has its name.
template <class Row, std::size_t I, class... Items>
inline constexpr std::size_t item_of_field = [] {
  constexpr std::string_view names[] = {item_name<Items>()...};
  std::size_t k = 0;
  while (k < sizeof...(Items) && names[k] != reflect::field_name<Row, I>) ++k;
  return k;
}();

// A field of type Field reads a value of type Result: the same type once read, or the
// optional of it (a value that cannot be NULL fits a field that may hold NULL).
template <class Field, class Result>
constexpr bool field_takes() {
  if constexpr (column_value<Field>)
    return std::is_same_v<result_type_of<Field>, Result> || std::is_same_v<result_type_of<Field>, std::optional<Result>>;
  else
    return false;
}

// FieldName is in the template arguments so that the diagnostic names the field.
template <class Row, std::size_t I, auto FieldName, class Nullable, class... Items>
constexpr bool check_into_field() {
  constexpr std::size_t k = item_of_field<Row, I, Items...>;
  constexpr bool named = k < sizeof...(Items);
  static_assert(named,
                "piccolo: into(): a field of the struct (FieldName, in the notes) has no selected item of its name; "
                "select a column of that name or name an item .as<\"field\">()");
  if constexpr (named) {
    using item = boost::mp11::mp_at_c<boost::mp11::mp_list<Items...>, k>;
    constexpr bool fits = field_takes<reflect::field_type<Row, I>, joined_result_t<Nullable, item>>();
    static_assert(fits,
                  "piccolo: into(): a field's type (FieldName, in the notes) does not match its selected item's; "
                  "give it the item's type, std::optional of it when the item may be NULL");
    return fits;
  } else {
    return false;
  }
}

template <class Row, class Nullable, class... Items, std::size_t... I>
constexpr bool check_into(boost::mp11::mp_list<Items...>, std::index_sequence<I...>) {
  constexpr bool fields = (check_into_field<Row, I, reflect::detail::field_name_storage<Row, I>::value, Nullable, Items...>() && ...);
  if constexpr (fields) {
    // every field found an item, each a different one: all items are read when counts match
    constexpr bool every_item = sizeof...(I) == sizeof...(Items) &&
                                boost::mp11::mp_is_set<boost::mp11::mp_list<
                                    std::integral_constant<std::size_t, item_of_field<Row, I, Items...>>...>>::value;
    static_assert(every_item,
                  "piccolo: into(): a selected item has no field of its name in the struct; give each item "
                  "a field, naming expressions and same-named columns with .as<\"field\">()");
    return every_item;
  } else {
    return false;
  }
}

// The shape of select(...).into<Row>(): List's text and values, rows read as Row.
template <class Row, class List, class Positions>
struct into_shape;
template <class Row, class List, std::size_t... P>
struct into_shape<Row, List, std::index_sequence<P...>> : List {
  static constexpr bool own_row = true;  // join_on()'s NULLs were accounted for by into()
  static constexpr bool into_struct = true;
  using row_type = Row;
  template <class Reader>
  static Row read(Reader& r) {
    return read_fields(r, std::make_index_sequence<sizeof...(P)>{});
  }

 private:
  template <class Reader, std::size_t... I>
  static Row read_fields(Reader& r, std::index_sequence<I...>) {
    if constexpr (reflect::is_described<Row>) {
      Row object{};
      ((reflect::get<I>(object) = value_traits<reflect::field_type<Row, I>>::read(r, static_cast<int>(P))), ...);
      return object;
    } else {
      return Row{value_traits<reflect::field_type<Row, I>>::read(r, static_cast<int>(P))...};
    }
  }
};

template <class Row, class... Items, std::size_t... I>
auto into_positions(boost::mp11::mp_list<Items...>, std::index_sequence<I...>)
    -> std::index_sequence<item_of_field<Row, I, Items...>...>;

}  // namespace piccolo::detail
