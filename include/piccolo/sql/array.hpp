#pragma once
// Operators on std::vector<T> columns (schema/array.hpp), the same on both engines:
//   c<&Post::tags>.any(v)         PostgreSQL $1 = ANY(col);  SQLite EXISTS over json_each(col)
//   c<&Post::tags>.all(v)         $1 = ALL(col);             no element differs (a NULL array: not true)
//   c<&Post::tags>.contains(vec)  col @> $1;                 every element of vec is in col
//   c<&Post::tags>.cat(v or vec)  (col || $1);               json_group_array of both, in order
//   c<&Post::tags>.length()       cardinality(col);          json_array_length(col)
//   c<&Post::tags>[i]             col[$1 + 1];               the element at key i of json_each(col)
// [i] counts from 0, as std::vector does, and is NULL out of range (negative too) on both.
// A NULL array: any/all/contains are not true, length and [i] NULL, cat() takes it as empty.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/mp11/list.hpp>

#include <piccolo/schema/array.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

enum class array_op { any, all, contains, cat, length, element };

namespace detail {
struct no_array_param {};
}  // namespace detail

// One operation on an array column; Param is the value it binds (param<...>), or void.
template <array_op Op, class Column, class Param>
struct array_expression : expression_node<array_expression<Op, Column, Param>> {
  using stored = typename column_type_info<typename Column::stored_type>::type;  // std::vector<T>
  using element = typename value_traits<stored>::element_type;
  static constexpr bool nullable = detail::is_nullable<Column>;
  using value_type = std::conditional_t<
      Op == array_op::cat, stored,
      std::conditional_t<Op == array_op::length, detail::maybe_optional<std::int64_t, nullable>,
                         std::conditional_t<Op == array_op::element,
                                            std::optional<typename column_type_info<element>::type>, bool>>>;
  static constexpr bool compound = std::is_same_v<value_type, bool>;
  using columns = typename Column::columns;
  static constexpr int parameters = Column::parameters + (std::is_void_v<Param> ? 0 : 1);
  using param_holder = std::conditional_t<std::is_void_v<Param>, detail::no_array_param, Param>;
  [[no_unique_address]] param_holder value;

  // PostgreSQL: a vector parameter takes the column's array type (a TEXT[] parameter
  // beside a VARCHAR(20)[] column has no @> or || otherwise)
  static constexpr void cast_parameter(sql_writer& w) {
    w.put("CAST(").parameter().put(" AS ");
    value_traits<stored>::sql_type(w);
    w.put(')');
  }
  static constexpr void render(sql_writer& w) {
    const bool sqlite = w.dialect() == dialect_id::sqlite;
    switch (Op) {
      case array_op::any:
      case array_op::all:
        if (sqlite) {
          if (Op == array_op::all) {
            w.put('(');
            Column::render(w);
            w.put(" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(");
            Column::render(w);
            w.put(") WHERE value IS NOT ").parameter().put("))");
          } else {
            w.put("EXISTS (SELECT 1 FROM json_each(");
            Column::render(w);
            w.put(") WHERE value = ").parameter().put(')');
          }
        } else {
          w.parameter().put(Op == array_op::any ? " = ANY(" : " = ALL(");
          Column::render(w);
          w.put(')');
        }
        break;
      case array_op::contains:
        if (sqlite) {
          w.put('(');
          Column::render(w);
          w.put(" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(").parameter();
          w.put(") AS \"needle\" WHERE NOT EXISTS (SELECT 1 FROM json_each(");
          Column::render(w);
          w.put(") AS \"hay\" WHERE \"hay\".value = \"needle\".value)))");
        } else {
          Column::render(w);
          w.put(" @> ");
          cast_parameter(w);
        }
        break;
      case array_op::cat:
        if (sqlite) {
          w.put("(SELECT json_group_array(value) FROM (SELECT 0 AS part, key, value FROM json_each(");
          Column::render(w);
          w.put(") UNION ALL SELECT 1, key, value FROM json_each(").parameter().put(") ORDER BY part, key))");
        } else {
          // a NULL array is taken as empty, as array_cat() does
          w.put('(');
          Column::render(w);
          w.put(" || ");
          cast_parameter(w);
          w.put(')');
        }
        break;
      case array_op::length:
        w.put(sqlite ? "json_array_length(" : "cardinality(");
        Column::render(w);
        w.put(')');
        break;
      case array_op::element:
        if (sqlite) {
          w.put("(SELECT value FROM json_each(");
          Column::render(w);
          w.put(") WHERE key = ").parameter().put(')');
        } else {
          // PostgreSQL counts from 1
          Column::render(w);
          w.put('[').parameter().put(" + 1]");
        }
        break;
    }
  }
  void bind(value_view*& out) const {
    if constexpr (!std::is_void_v<Param>) value.bind(out);
  }
};

namespace detail {

template <class V, class Element>
inline constexpr bool fits_array_element = comparable_values<Element, stored_value_t<V>> &&
                                           !is_optional<stored_value_t<V>> &&
                                           !std::is_same_v<stored_value_t<V>, std::nullopt_t>;

// A vector of values that fit the column's elements: any range, std::initializer_list.
template <class Range, class Element>
constexpr bool fits_array() {
  if constexpr (std::ranges::input_range<std::remove_cvref_t<Range>> && !std::is_convertible_v<Range, std::string_view>)
    return fits_array_element<std::ranges::range_value_t<std::remove_cvref_t<Range>>, Element>;
  else
    return false;
}

template <class Element, class Range>
std::vector<Element> to_array(const Range& values) {
  std::vector<Element> out;
  for (const auto& v : values) out.push_back(Element(v));
  return out;
}

// The elements an operation compares: SQLite's json_each cannot hold a BLOB (a uuid, bytes).
template <class Element>
inline constexpr bool comparable_in_json =
    value_traits<typename column_type_info<Element>::type>::bind_kind != value_kind::blob &&
    value_traits<typename column_type_info<Element>::type>::bind_kind != value_kind::typed_bytes;

template <array_op Op, class Column, class V>
constexpr auto make_array_operation(const Column&, V&& v) {
  using stored = typename column_type_info<typename Column::stored_type>::type;
  using element = typename value_traits<stored>::element_type;
  using bare_element = typename column_type_info<element>::type;
  static_assert(comparable_in_json<element>,
                "piccolo: array operators: the array's elements are bytes or a type of its own PostgreSQL type "
                "(a uuid), which SQLite's JSON holds as hex text; compare whole arrays, or read the array");
  if constexpr (!comparable_in_json<element>) {
    return invalid_expression{};
  } else if constexpr (Op == array_op::any || Op == array_op::all) {
    constexpr bool fits = fits_array_element<V, bare_element>;
    if constexpr (Op == array_op::any)
      static_assert(fits, "piccolo: any(): the value's type does not match the array's element type");
    else
      static_assert(fits, "piccolo: all(): the value's type does not match the array's element type");
    if constexpr (fits)
      return array_expression<Op, Column, param<bare_element>>{{}, {{}, bare_element(std::forward<V>(v))}};
    else
      return invalid_expression{};
  } else {
    // contains(range), cat(range), cat(value)
    constexpr bool one = fits_array_element<V, bare_element>;
    constexpr bool many = fits_array<V, bare_element>();
    if constexpr (Op == array_op::contains)
      static_assert(many, "piccolo: contains(): the argument is not a list of the array's element type; "
                          "pass a std::vector of it, e.g. std::vector<std::string>{\"a\", \"b\"}");
    else
      static_assert(one || many, "piccolo: cat(): the argument is neither a value nor a list of the array's element "
                                 "type");
    using vector_t = std::vector<bare_element>;
    if constexpr (many)
      return array_expression<Op, Column, param<vector_t>>{{}, {{}, to_array<bare_element>(v)}};
    else if constexpr (one && Op == array_op::cat)
      return array_expression<Op, Column, param<vector_t>>{{}, {{}, vector_t{bare_element(std::forward<V>(v))}}};
    else
      return invalid_expression{};
  }
}

template <class Column>
constexpr auto make_array_element(const Column&, std::int64_t index) {
  using stored = typename column_type_info<typename Column::stored_type>::type;
  using element = typename value_traits<stored>::element_type;
  static_assert(comparable_in_json<element>,
                "piccolo: operator[]: the array's elements are bytes or a type of its own PostgreSQL type "
                "(a uuid), which SQLite's JSON holds as hex text; read the whole array instead");
  if constexpr (comparable_in_json<element>)
    // past PostgreSQL's 32-bit subscripts: -1, which is NULL on both engines
    return array_expression<array_op::element, Column, param<std::int64_t>>{
        {}, {{}, index < 0 || index > 2'000'000'000 ? -1 : index}};
  else
    return invalid_expression{};
}

// The entry points column_ref's any(), all(), contains(), cat(), length(), operator[] call.
template <class Tag, class Column, class... V>
constexpr auto make_array_expression(const Column& column, V&&... v) {
  if constexpr (std::is_same_v<Tag, array_tag::any>) return make_array_operation<array_op::any>(column, std::forward<V>(v)...);
  else if constexpr (std::is_same_v<Tag, array_tag::all>) return make_array_operation<array_op::all>(column, std::forward<V>(v)...);
  else if constexpr (std::is_same_v<Tag, array_tag::contains>)
    return make_array_operation<array_op::contains>(column, std::forward<V>(v)...);
  else if constexpr (std::is_same_v<Tag, array_tag::cat>) return make_array_operation<array_op::cat>(column, std::forward<V>(v)...);
  else if constexpr (std::is_same_v<Tag, array_tag::length>) return array_expression<array_op::length, Column, void>{};
}

}  // namespace detail

// c<&Post::tags>[i]: the element at index i (from 0), NULL out of range
template <detail::array_element T>
struct column_subscript<std::vector<T>> {
  static constexpr bool supported = true;
  template <class Column, class Key>
  static constexpr auto subscript(const Column& column, Key&& index) {
    constexpr bool integral = std::is_integral_v<std::remove_cvref_t<Key>> && !std::is_same_v<std::remove_cvref_t<Key>, bool>;
    static_assert(integral, "piccolo: operator[](): an array's index is an integer (counted from 0)");
    if constexpr (integral) return detail::make_array_element(column, static_cast<std::int64_t>(index));
    else return invalid_expression{};
  }
};

namespace detail {

}  // namespace detail
}  // namespace piccolo
