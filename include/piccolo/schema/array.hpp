#pragma once
// std::vector<T> columns: a PostgreSQL array (INTEGER[], TEXT[], UUID[]...), bound and read
// in binary; on SQLite JSON text ([1,2,3], ["a","b"]). Any T with value_traits can be an
// element, and std::optional<T> for elements that may be NULL. docs/arrays.md.

#include <cstddef>
#include <optional>
#include <type_traits>
#include <vector>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

namespace detail {

template <class T>
inline constexpr bool is_std_vector = false;
template <class T>
inline constexpr bool is_std_vector<std::vector<T>> = true;

// What an array holds: a storable value that is not itself an array (one dimension), not
// a byte (std::vector<std::byte> is BYTEA) and not a key the database assigns.
template <class T>
concept array_element =
    column_value<T> && !std::is_same_v<T, std::byte> && !is_std_vector<typename column_type_info<T>::type> &&
    !is_serial<typename column_type_info<T>::type> &&
    requires(sql_writer& w) {
      typename value_traits<T>::result_type;
      value_traits<T>::sql_type(w);
    };

// How the engines read a std::vector<T>'s elements (value_kind::array).
template <class T>
struct array_codec {
  using bare = typename column_type_info<T>::type;
  static value_view element(const void* container, std::size_t i) {
    const auto& values = *static_cast<const std::vector<T>*>(container);
    if constexpr (std::is_same_v<T, bool>) return value_traits<bool>::to_value(static_cast<bool>(values[i]));
    else return value_traits<T>::to_value(values[i]);
  }
  // an element has the width of its own type (an INTEGER[] of int holds 4-byte elements)
  static constexpr array_elements how{null_value_of<T>(), binary_width_of<bare>(), &element};
};
}  // namespace detail

template <detail::array_element T>
struct value_traits<std::vector<T>> {
  static constexpr bool supported = true;
  // an array compares (==, <>) with an array of the same element type only
  static constexpr category kind = category::distinct;
  static constexpr value_kind bind_kind = value_kind::array;
  using element_type = T;
  // its own element type, so that a row reads back as it was written (a varchar<N>)
  using result_type = std::vector<T>;
  static constexpr void sql_type(sql_writer& w) {
    if (w.dialect() == dialect_id::postgres) {
      value_traits<T>::sql_type(w);
      w.put("[]");
    } else {
      w.put("TEXT");  // JSON text
    }
  }
  static value_view to_value(const std::vector<T>& v) noexcept {
    return value_view::from_array(&v, v.size(), detail::array_codec<T>::how);
  }
  // NULL (a std::optional<std::vector<T>>) still says its element type: PostgreSQL
  // prepares the parameter as that array type
  static value_view null_value() noexcept {
    value_view v = value_view::from_array(nullptr, 0, detail::array_codec<T>::how);
    v.is_null = true;
    return v;
  }
  // A NULL element read into a std::vector<T> (not of std::optional<T>) is unexpected_null.
  template <class Reader>
  static result_type read(Reader& r, int i) {
    auto elements = r.read_array(i);
    result_type out;
    out.reserve(static_cast<std::size_t>(elements.size()));
    for (int k = 0; k < elements.size(); ++k) out.push_back(T(value_traits<T>::read(elements, k)));
    return out;
  }
};

}  // namespace piccolo
