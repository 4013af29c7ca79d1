#pragma once
// Decoding one result row straight into the user's type: a value, a tuple or a struct.

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <piccolo/reflect/fields.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo::detail {

template <class T>
inline constexpr bool is_tuple = false;
template <class... Ts>
inline constexpr bool is_tuple<std::tuple<Ts...>> = true;

// A struct read field by field (a table, or any aggregate / described class).
template <class T>
inline constexpr bool is_record = std::is_class_v<T> && !column_value<T> && !is_tuple<T> &&
                                  (std::is_aggregate_v<T> || reflect::is_described<T>);

template <class Row>
constexpr std::size_t row_width() {
  if constexpr (is_tuple<Row>) return std::tuple_size_v<Row>;
  else if constexpr (is_record<Row>) return reflect::field_count<Row>;
  else return 1;
}

template <class T, class Reader, std::size_t... I>
T read_record(Reader& r, std::index_sequence<I...>) {
  if constexpr (reflect::is_described<T>) {
    T object{};
    ((reflect::get<I>(object) = value_traits<reflect::field_type<T, I>>::read(r, static_cast<int>(I))), ...);
    return object;
  } else {
    // braced initialisation evaluates left to right: columns are read in order
    return T{value_traits<reflect::field_type<T, I>>::read(r, static_cast<int>(I))...};
  }
}

template <class Tuple, class Reader, std::size_t... I>
Tuple read_tuple(Reader& r, std::index_sequence<I...>) {
  return Tuple{value_traits<std::tuple_element_t<I, Tuple>>::read(r, static_cast<int>(I))...};
}

template <class Row, class Reader>
Row read_row_as(Reader& r) {
  if constexpr (is_tuple<Row>)
    return read_tuple<Row>(r, std::make_index_sequence<std::tuple_size_v<Row>>{});
  else if constexpr (is_record<Row>)
    return read_record<Row>(r, std::make_index_sequence<reflect::field_count<Row>>{});
  else
    return value_traits<Row>::read(r, 0);
}

}  // namespace piccolo::detail
