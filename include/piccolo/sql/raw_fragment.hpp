#pragma once
// Raw SQL fragments, for what the DSL cannot say, inside a built query:
//   pc::where_raw<"lower(name) = {}">(v)              a condition (where, having, && || !)
//   pc::select_raw<"extract(year from starts)", int>() a select-list item of that type
//   pc::order_by_raw<"random()">()                     an order_by() term
// As in raw<>, the text is a template argument (so the query's text stays a constant)
// and its {} placeholders are checked against the arguments at compile time; each is
// written as the dialect's parameter (? or $n), in text order with the query's others.

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/detail/raw_text.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {

// Stands in a fragment's column list for the columns its text names, unseen by piccolo:
// at home in any table, no join, exempt from the grouping rule (the database checks the
// text), and it lets having() take a raw condition, which may hold an aggregate.
struct raw_sql_columns {
  using root_table = void;
  using joins = boost::mp11::mp_list<>;
  static constexpr bool is_plain = true;
};
template <class Column>
using is_raw_sql_columns = std::is_same<Column, raw_sql_columns>;

template <class Node>
inline constexpr bool contains_raw_fragment = [] {
  if constexpr (requires { typename Node::columns; })
    return boost::mp11::mp_contains<typename Node::columns, raw_sql_columns>::value;
  else
    return false;
}();

// An order_by_raw() term orders; it yields no value.
struct raw_order_value {};

}  // namespace detail

// Value: the C++ type it yields (bool for a condition).
template <class Value, fixed_string Text, class... Args>
struct raw_fragment : expression_node<raw_fragment<Value, Text, Args...>> {
  using value_type = Value;
  using columns = boost::mp11::mp_list<detail::raw_sql_columns>;
  static constexpr int parameters = static_cast<int>(sizeof...(Args));
  static constexpr bool is_condition_text = std::is_same_v<Value, bool>;
  static constexpr bool compound = is_condition_text;
  [[no_unique_address]] std::tuple<Args...> args;

  // A condition is parenthesised: its text may hold an OR that && must not split.
  static constexpr void render(sql_writer& w) {
    if constexpr (is_condition_text) w.put('(');
    detail::render_raw_text(w, Text);
    if constexpr (is_condition_text) w.put(')');
  }
  void bind(value_view*& out) const {
    std::apply([&](const Args&... a) { ((*out++ = value_traits<Args>::to_value(a)), ...); }, args);
  }
};

namespace detail {
template <class Value, fixed_string Text, class... Args>
constexpr auto make_raw_fragment(Args&&... args) {
  return raw_fragment<Value, Text, stored_value_t<Args>...>{
      {}, std::tuple<stored_value_t<Args>...>{std::forward<Args>(args)...}};
}
}  // namespace detail

// where(pc::where_raw<"lower(name) = {}">(v)): written "(lower(name) = ?)". Columns in the
// text are the query's table's ("name" or "band"."name"); a joined table's by its alias.
template <fixed_string Text, class... Args>
constexpr auto where_raw(Args&&... args) {
  constexpr int placeholders = detail::count_placeholders(Text);
  constexpr bool balanced = placeholders >= 0;
  constexpr bool counted = placeholders == static_cast<int>(sizeof...(Args));
  constexpr bool bindable = (column_value<detail::stored_value_t<Args>> && ...);
  static_assert(balanced, "piccolo: where_raw(): unbalanced brace in the text; write {} for a value, {{ and }} for braces");
  static_assert(!balanced || counted,
                "piccolo: where_raw(): the number of {} placeholders differs from the number of arguments");
  static_assert(bindable, "piccolo: where_raw(): an argument has a type piccolo cannot bind");
  if constexpr (balanced && counted && bindable)
    return detail::make_raw_fragment<bool, Text>(std::forward<Args>(args)...);
  else
    return invalid_expression{};
}

// select(c<&Concert::id>, pc::select_raw<"extract(year from starts)", int>()): an item of
// type Value (std::optional<Value> when it may be NULL), written as the text is.
template <fixed_string Text, class Value, class... Args>
constexpr auto select_raw(Args&&... args) {
  constexpr int placeholders = detail::count_placeholders(Text);
  constexpr bool balanced = placeholders >= 0;
  constexpr bool counted = placeholders == static_cast<int>(sizeof...(Args));
  constexpr bool bindable = (column_value<detail::stored_value_t<Args>> && ...);
  constexpr bool readable = column_value<typename column_type_info<Value>::type>;
  static_assert(readable,
                "piccolo: select_raw(): the value type is not one piccolo reads; name a column value "
                "type, e.g. select_raw<\"...\", std::int64_t>()");
  static_assert(balanced, "piccolo: select_raw(): unbalanced brace in the text; write {} for a value, {{ and }} for braces");
  static_assert(!balanced || counted,
                "piccolo: select_raw(): the number of {} placeholders differs from the number of arguments");
  static_assert(bindable, "piccolo: select_raw(): an argument has a type piccolo cannot bind");
  if constexpr (readable && balanced && counted && bindable)
    return detail::make_raw_fragment<Value, Text>(std::forward<Args>(args)...);
  else
    return invalid_expression{};
}

// order_by(pc::order_by_raw<"random()">()): written as the text is (say DESC in it).
template <fixed_string Text, class... Args>
constexpr auto order_by_raw(Args&&... args) {
  constexpr int placeholders = detail::count_placeholders(Text);
  constexpr bool balanced = placeholders >= 0;
  constexpr bool counted = placeholders == static_cast<int>(sizeof...(Args));
  constexpr bool bindable = (column_value<detail::stored_value_t<Args>> && ...);
  static_assert(balanced, "piccolo: order_by_raw(): unbalanced brace in the text; write {} for a value, {{ and }} for braces");
  static_assert(!balanced || counted,
                "piccolo: order_by_raw(): the number of {} placeholders differs from the number of arguments");
  static_assert(bindable, "piccolo: order_by_raw(): an argument has a type piccolo cannot bind");
  using fragment = raw_fragment<detail::raw_order_value, Text, detail::stored_value_t<Args>...>;
  if constexpr (balanced && counted && bindable)
    return order_term<fragment, false>{detail::make_raw_fragment<detail::raw_order_value, Text>(std::forward<Args>(args)...)};
  else
    return order_term<invalid_expression, false>{};
}

}  // namespace piccolo
