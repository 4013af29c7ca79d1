#pragma once
// Operators on expressions. Each checks its operands where the user wrote it, so the
// piccolo: message is the first thing the compiler says, then stops the cascade.

#include <type_traits>
#include <utility>

#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {
template <class L, class R>
inline constexpr bool check_comparable = comparable_values<value_of<L>, operand_value_t<R>>;

// A value compared with a column whose type asks for it (value_traits<>::
// parameters_take_column_type, e.g. timestamptz) binds as the column's own type.
template <class L, class R>
constexpr auto make_compared_operand(R&& r) {
  using column_t = typename column_type_info<std::remove_cvref_t<value_of<L>>>::type;
  if constexpr (!expression<R> && requires { value_traits<column_t>::parameters_take_column_type; } &&
                std::is_constructible_v<column_t, stored_value_t<R>>)
    return param<column_t>{{}, column_t(std::forward<R>(r))};
  else
    return make_operand(std::forward<R>(r));
}

template <class Op, class L, class R>
constexpr auto make_comparison(const L& l, R&& r) {
  if constexpr (check_comparable<L, R>)
    return binary_expression<Op, L, decltype(make_compared_operand<L>(std::forward<R>(r))), bool>{
        {}, l, make_compared_operand<L>(std::forward<R>(r))};
  else
    return invalid_expression{};
}

template <class E>
inline constexpr bool is_number =
    value_class<value_of<E>>::kind == category::integer || value_class<value_of<E>>::kind == category::real;
template <class E>
inline constexpr bool is_text = value_class<value_of<E>>::kind == category::text;

template <class L, class R>
using arithmetic_value_t =
    std::conditional_t<value_class<value_of<L>>::kind == category::real ||
                           value_class<operand_value_t<R>>::kind == category::real,
                       double, std::int64_t>;

template <class Op, class L, class R>
constexpr auto make_arithmetic(const L& l, R&& r) {
  if constexpr (is_number<L> && is_number<operand_t<R>>)
    return binary_expression<Op, L, operand_t<R>, arithmetic_value_t<L, R>>{
        {}, l, make_operand(std::forward<R>(r))};
  else
    return invalid_expression{};
}
}  // namespace detail

// == and != have two overloads: C++20 also tries the reversed candidate (y == x), and
// it loses to the written order only when both take their operands the same way. With
// a forwarding reference, (a + 1) == (b * 2) is ambiguous on Clang; so two expressions
// are taken by const reference, and a value (which may be moved into the query) by R&&.
template <expression L, class R>
  requires(!expression<R>)
constexpr auto operator==(const L& l, R&& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator==: the two sides have unrelated types; compare a column with "
                "a value or column of the same kind (number, text, time, enum, ...)");
  return detail::make_comparison<op::equal>(l, std::forward<R>(r));
}
template <expression L, expression R>
constexpr auto operator==(const L& l, const R& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator==: the two sides have unrelated types; compare a column with "
                "a value or column of the same kind (number, text, time, enum, ...)");
  return detail::make_comparison<op::equal>(l, r);
}
template <expression L, class R>
  requires(!expression<R>)
constexpr auto operator!=(const L& l, R&& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator!=: the two sides have unrelated types; compare a column with "
                "a value or column of the same kind (number, text, time, enum, ...)");
  return detail::make_comparison<op::not_equal>(l, std::forward<R>(r));
}
template <expression L, expression R>
constexpr auto operator!=(const L& l, const R& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator!=: the two sides have unrelated types; compare a column with "
                "a value or column of the same kind (number, text, time, enum, ...)");
  return detail::make_comparison<op::not_equal>(l, r);
}
template <expression L, class R>
constexpr auto operator<(const L& l, R&& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator<: the two sides have unrelated types");
  return detail::make_comparison<op::less>(l, std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator<=(const L& l, R&& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator<=: the two sides have unrelated types");
  return detail::make_comparison<op::less_equal>(l, std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator>(const L& l, R&& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator>: the two sides have unrelated types");
  return detail::make_comparison<op::greater>(l, std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator>=(const L& l, R&& r) {
  static_assert(detail::check_comparable<L, R>,
                "piccolo: operator>=: the two sides have unrelated types");
  return detail::make_comparison<op::greater_equal>(l, std::forward<R>(r));
}

template <expression L, expression R>
constexpr auto operator&&(const L& l, const R& r) {
  static_assert(is_condition<L> && is_condition<R>,
                "piccolo: operator&&: both sides must be conditions (comparisons, like, is_in, ...)");
  return binary_expression<op::logical_and, L, R, bool>{{}, l, r};
}
template <expression L, expression R>
constexpr auto operator||(const L& l, const R& r) {
  static_assert(is_condition<L> && is_condition<R>,
                "piccolo: operator||: both sides must be conditions (comparisons, like, is_in, ...)");
  return binary_expression<op::logical_or, L, R, bool>{{}, l, r};
}
template <expression E>
constexpr auto operator!(const E& e) {
  static_assert(is_condition<E>, "piccolo: operator!: negates a condition only");
  return unary_expression<unary_kind::logical_not, E>{{}, e};
}

// + adds numbers and concatenates text (||), as in Piccolo's Band.name + "!".
template <expression L, class R>
constexpr auto operator+(const L& l, R&& r) {
  if constexpr (detail::is_text<L>) {
    static_assert(detail::is_text<detail::operand_t<R>>,
                  "piccolo: operator+: text is concatenated with text only");
    if constexpr (detail::is_text<detail::operand_t<R>>)
      return binary_expression<op::concat, L, detail::operand_t<R>, std::string>{
          {}, l, detail::make_operand(std::forward<R>(r))};
    else
      return invalid_expression{};
  } else {
    static_assert(detail::is_number<L> && detail::is_number<detail::operand_t<R>>,
                  "piccolo: operator+: adds numbers (or concatenates text)");
    return detail::make_arithmetic<op::plus>(l, std::forward<R>(r));
  }
}
template <expression L, class R>
constexpr auto operator-(const L& l, R&& r) {
  static_assert(detail::is_number<L> && detail::is_number<detail::operand_t<R>>,
                "piccolo: operator-: both sides must be numbers");
  return detail::make_arithmetic<op::minus>(l, std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator*(const L& l, R&& r) {
  static_assert(detail::is_number<L> && detail::is_number<detail::operand_t<R>>,
                "piccolo: operator*: both sides must be numbers");
  return detail::make_arithmetic<op::multiplies>(l, std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator/(const L& l, R&& r) {
  static_assert(detail::is_number<L> && detail::is_number<detail::operand_t<R>>,
                "piccolo: operator/: both sides must be numbers");
  return detail::make_arithmetic<op::divides>(l, std::forward<R>(r));
}

}  // namespace piccolo
