#pragma once
// Expression nodes. A node's type fixes its SQL text; its object carries only the
// values bound as parameters. Every node N derives from expression_base (most through
// expression_node<N>, which gives them .as<>(), .asc() and .desc()) and has:
//   using value_type                    C++ type it yields (bool for conditions); a
//                                       std::optional<X> when it may be NULL
//   using columns                       mp_list of the column_refs it mentions
//   static constexpr int parameters     how many parameters it binds
//   static constexpr void render(sql_writer&)
//   void bind(value_view*& out) const   writes its parameters, in text order

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

struct expression_base {};

template <class E>
concept expression = std::is_base_of_v<expression_base, std::remove_cvref_t<E>>;

template <class E, fixed_string Name>
struct aliased;  // sql/alias.hpp
template <class E, bool Descending>
struct order_term;  // sql/column.hpp

// What every expression node offers users: a node N derives from expression_node<N>.
template <class Derived>
struct expression_node : expression_base {
  // .as<"title">(): names a select-list item (SELECT ... AS "title"); order_by() may name it.
  template <fixed_string Name>
  constexpr aliased<Derived, Name> as() const {
    return {{}, static_cast<const Derived&>(*this)};
  }
  constexpr order_term<Derived, true> desc() const { return {static_cast<const Derived&>(*this)}; }
  constexpr order_term<Derived, false> asc() const { return {static_cast<const Derived&>(*this)}; }
};

namespace detail {

template <class T>
struct distinct_result {
  using type = result_type_of<T>;
};

// What an expression or value compares as: its category, and (for enums and distinct
// types) its type.
template <class T>
struct value_class {
  using bare = typename column_type_info<std::remove_cvref_t<T>>::type;
  static constexpr bool known = column_value<bare> || std::is_same_v<bare, std::nullopt_t>;
  static constexpr category kind = [] {
    if constexpr (known) return value_traits<bare>::kind;
    else return category::null;
  }();
  using enum_type = std::conditional_t<std::is_enum_v<bare>, bare, void>;
  // category::distinct: the type it compares with (a foreign_key<T, K>: K)
  using distinct_type = typename std::conditional_t<kind == category::distinct, distinct_result<bare>,
                                                    std::type_identity<void>>::type;
};

template <class E>
using value_of = typename std::remove_cvref_t<E>::value_type;

// Whether a node's value may be NULL: a std::optional column, a column reached through a
// nullable foreign key, or anything computed from one.
template <class E>
inline constexpr bool is_nullable = is_optional<std::remove_cvref_t<value_of<E>>>;

template <class Value, bool Nullable>
using maybe_optional = std::conditional_t<Nullable && !is_optional<Value>, std::optional<Value>, Value>;

// What a node yields without its nullability: varchar<N> -> std::string, serial -> int64.
template <class E>
using base_value_of = result_type_of<typename column_type_info<std::remove_cvref_t<value_of<E>>>::type>;

template <class A, class B>
inline constexpr bool comparable_values =
    value_class<A>::known && value_class<B>::known &&
    value_class<A>::kind != category::null && value_class<B>::kind != category::null &&
    comparable_categories(value_class<A>::kind, value_class<B>::kind) &&
    std::is_same_v<typename value_class<A>::enum_type, typename value_class<B>::enum_type> &&
    std::is_same_v<typename value_class<A>::distinct_type, typename value_class<B>::distinct_type>;

// How a value is kept inside a query: by value, with string literals as pointers.
template <class V>
using stored_value_t = std::conditional_t<std::is_array_v<std::remove_reference_t<V>>,
                                          std::decay_t<V>, std::remove_cvref_t<V>>;
}  // namespace detail

// A value bound as a parameter.
template <class T>
struct param : expression_node<param<T>> {
  using value_type = T;
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 1;
  T value;
  static constexpr void render(sql_writer& w) { w.parameter(); }
  void bind(value_view*& out) const { *out++ = value_traits<T>::to_value(value); }
};

namespace detail {
template <class V>
constexpr auto make_operand(V&& v) {
  if constexpr (expression<V>) return std::remove_cvref_t<V>{std::forward<V>(v)};
  else return param<stored_value_t<V>>{{}, std::forward<V>(v)};
}
template <class V>
using operand_t = decltype(make_operand(std::declval<V>()));
template <class V>
using operand_value_t = value_of<operand_t<V>>;

// The form a node takes beside a value of type Other, compared with it or assigned to
// it: a node that has another form says so with as_operand_of<Other>() (pc::now() beside
// a TIMESTAMPTZ is a TIMESTAMPTZ); any other node stays as it is.
template <class Other, class Node>
constexpr auto as_operand_of(const Node& node) {
  using other_t = typename column_type_info<std::remove_cvref_t<Other>>::type;
  if constexpr (requires { node.template as_operand_of<other_t>(); }) return node.template as_operand_of<other_t>();
  else return node;
}

template <class... Nodes>
using columns_of = boost::mp11::mp_append<boost::mp11::mp_list<>, typename Nodes::columns...>;
}  // namespace detail

namespace detail {
// A condition built of operators (not a bare column or value).
template <class E>
constexpr bool is_compound() {
  if constexpr (requires { E::compound; }) return E::compound;
  else return false;
}
}  // namespace detail

// SQL operators; Boolean marks a condition (its value_type is bool).
namespace op {
struct equal { static constexpr std::string_view sql = " = "; static constexpr bool grouped = false; };
struct not_equal { static constexpr std::string_view sql = " <> "; static constexpr bool grouped = false; };
struct less { static constexpr std::string_view sql = " < "; static constexpr bool grouped = false; };
struct less_equal { static constexpr std::string_view sql = " <= "; static constexpr bool grouped = false; };
struct greater { static constexpr std::string_view sql = " > "; static constexpr bool grouped = false; };
struct greater_equal { static constexpr std::string_view sql = " >= "; static constexpr bool grouped = false; };
struct logical_and { static constexpr std::string_view sql = " AND "; static constexpr bool grouped = true; };
struct logical_or { static constexpr std::string_view sql = " OR "; static constexpr bool grouped = true; };
struct plus { static constexpr std::string_view sql = " + "; static constexpr bool grouped = true; };
struct minus { static constexpr std::string_view sql = " - "; static constexpr bool grouped = true; };
struct multiplies { static constexpr std::string_view sql = " * "; static constexpr bool grouped = true; };
struct divides { static constexpr std::string_view sql = " / "; static constexpr bool grouped = true; };
struct concat { static constexpr std::string_view sql = " || "; static constexpr bool grouped = true; };
}  // namespace op

template <class Op, class L, class R, class Value>
struct binary_expression : expression_node<binary_expression<Op, L, R, Value>> {
  using value_type = Value;
  using columns = detail::columns_of<L, R>;
  static constexpr int parameters = L::parameters + R::parameters;
  L left;
  R right;
  // Comparisons bind tighter than AND/OR and looser than arithmetic: only the latter
  // two need parentheses.
  // A condition is itself compared only inside parentheses: "a" = ("b" > ?).
  static constexpr bool compound = std::is_same_v<Value, bool>;
  template <class Side>
  static constexpr void render_side(sql_writer& w) {
    constexpr bool wrap = !Op::grouped && detail::is_compound<Side>();
    if (wrap) w.put('(');
    Side::render(w);
    if (wrap) w.put(')');
  }
  static constexpr void render(sql_writer& w) {
    if (Op::grouped) w.put('(');
    render_side<L>(w);
    w.put(Op::sql);
    render_side<R>(w);
    if (Op::grouped) w.put(')');
  }
  void bind(value_view*& out) const {
    left.bind(out);
    right.bind(out);
  }
};

// NOT x, x IS NULL, x IS NOT NULL
enum class unary_kind { logical_not, is_null, is_not_null };

template <unary_kind Kind, class E>
struct unary_expression : expression_node<unary_expression<Kind, E>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters;
  E operand;
  static constexpr void render(sql_writer& w) {
    if constexpr (Kind == unary_kind::logical_not) {
      w.put("NOT ");
      E::render(w);
    } else {
      E::render(w);
      w.put(Kind == unary_kind::is_null ? " IS NULL" : " IS NOT NULL");
    }
  }
  void bind(value_view*& out) const { operand.bind(out); }
};

enum class like_kind { like, ilike, not_like };

// LIKE is case-sensitive on both engines (SQLite connections set case_sensitive_like);
// ILIKE is PostgreSQL's, and lower(x) LIKE lower(p) on SQLite (ASCII case folding).
template <like_kind Kind, class E, class Pattern>
struct like_expression : expression_node<like_expression<Kind, E, Pattern>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters + Pattern::parameters;
  E operand;
  Pattern pattern;
  static constexpr void render(sql_writer& w) {
    if (Kind == like_kind::ilike && w.dialect() == dialect_id::sqlite) {
      w.put("lower(");
      E::render(w);
      w.put(") LIKE lower(");
      Pattern::render(w);
      w.put(')');
    } else {
      E::render(w);
      w.put(Kind == like_kind::not_like ? " NOT LIKE " : Kind == like_kind::like ? " LIKE " : " ILIKE ");
      Pattern::render(w);
    }
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    pattern.bind(out);
  }
};

// x IN (list) with a list of any length and one constant text: one array parameter,
// = ANY($1) on PostgreSQL, json_each(?) on SQLite. Typed: the elements are the binary
// forms of a value type of its own PostgreSQL type (uuid): an array of that type there;
// SQLite's JSON cannot hold a BLOB, so the column is compared as hex() text (nullif: a
// NULL stays NULL). Traits: the column type's value_traits, whose in_list_parameter(w),
// when it has one, writes the list parameter (cast to the column's type on PostgreSQL).
template <class E, class Element, bool Negated, postgres_type Typed = postgres_type{}, class Traits = void>
struct in_list_expression : expression_node<in_list_expression<E, Element, Negated, Typed, Traits>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters + 1;
  static constexpr bool typed = Typed.oid != 0;
  E operand;
  std::vector<Element> values;  // int64, double or std::string
  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      if (typed) w.put("nullif(hex(");
      E::render(w);
      if (typed) w.put("), '')");
      w.put(Negated ? " NOT IN (SELECT value FROM json_each(" : " IN (SELECT value FROM json_each(");
      render_list_parameter(w);
      w.put("))");
    } else {
      if (Negated) w.put("NOT (");
      E::render(w);
      w.put(" = ANY(");
      render_list_parameter(w);
      w.put(Negated ? "))" : ")");
    }
  }
  static constexpr void render_list_parameter(sql_writer& w) {
    if constexpr (requires { Traits::in_list_parameter(w); }) Traits::in_list_parameter(w);
    else w.parameter();
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    if constexpr (typed) *out++ = value_view::from_typed_list(std::span<const Element>{values}, Typed);
    else *out++ = value_view::from_list(std::span<const Element>{values});
  }
};

// Stands in for an expression whose construction failed a static_assert, so that one
// mistake gives one error.
struct invalid_expression : expression_node<invalid_expression> {
  using value_type = bool;
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer&) {}
  void bind(value_view*&) const {}
};

template <class E>
inline constexpr bool is_condition = [] {
  // not a plain &&: a non-expression (where(true)) must give false, not a hard error
  if constexpr (expression<E>)
    return std::is_same_v<typename column_type_info<detail::value_of<E>>::type, bool>;
  else
    return false;
}();

}  // namespace piccolo
