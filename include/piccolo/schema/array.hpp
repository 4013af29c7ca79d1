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

// A value type may say it cannot be an array's element (value_traits<T>::in_arrays = false:
// pc::json / pc::jsonb, whose elements the engines' array readers, built for scalars, cannot
// read back).
template <class T>
inline constexpr bool allowed_in_arrays = [] {
  using bare = typename column_type_info<T>::type;
  if constexpr (requires { value_traits<bare>::in_arrays; }) return value_traits<bare>::in_arrays;
  else return true;
}();

// What an array holds: a storable value that is not itself an array (one dimension), not
// a byte (std::vector<std::byte> is BYTEA) and not a key the database assigns.
template <class T>
concept array_element =
    column_value<T> && !std::is_same_v<T, std::byte> && !is_std_vector<typename column_type_info<T>::type> &&
    !is_serial<typename column_type_info<T>::type> && allowed_in_arrays<T> &&
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
  // no < or ORDER BY: PostgreSQL orders arrays element by element, SQLite by their JSON text
  static constexpr bool ordered = false;
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

// std::vector<pc::jsonb> and the like (in_arrays = false) is not a column type: create_table()
// refuses it and its note names the type, as for any type piccolo cannot store. (No
// static_assert here: to_json() of a struct holding one asks value_traits too, and is fine.)
template <class T>
  requires(column_value<T> && !detail::allowed_in_arrays<T>)
struct value_traits<std::vector<T>> {
  static constexpr bool supported = false;
};

}  // namespace piccolo
