#pragma once
// Operators on expressions. Each checks its operands where the user wrote it, so the
// piccolo: message is the first thing the compiler says, then stops the cascade.
// A value may stand on either side: 10 + c<&Band::popularity>, "!!!" + c<&Band::name>,
// 1000 <= c<&Band::popularity> (== and != get the value-first form from C++20's reversed
// candidates).

#include <chrono>
#include <cstdint>
#include <optional>
#include <ratio>
#include <type_traits>
#include <utility>

#include <piccolo/sql/detail/numeric_nodes.hpp>
#include <piccolo/sql/detail/operator_nodes.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {
template <class L, class R>
inline constexpr bool check_comparable = comparable_values<value_of<L>, operand_value_t<R>>;

// A value (not an expression) that is a std::optional: empty at run time, it is a NULL.
template <class V>
inline constexpr bool is_optional_value = !expression<V> && is_optional<stored_value_t<V>>;

// Whether values of node E's type compare with = and <> (value_traits<T>::
// equality_comparable) or with < and the others (::ordered); both unless they say not
// (PostgreSQL has no = on JSON, and orders JSONB unlike SQLite's text).
template <class E, bool Ordering>
inline constexpr bool compares_as_asked = [] {
  using bare = typename value_class<value_of<E>>::bare;
  if constexpr (!value_class<value_of<E>>::known) return true;
  else if constexpr (Ordering && requires { value_traits<bare>::ordered; }) return value_traits<bare>::ordered;
  else if constexpr (requires { value_traits<bare>::equality_comparable; })
    return value_traits<bare>::equality_comparable;
  else return true;
}();

// A pc::numeric node compared with an integer value: the value is bound as the numeric
// (value_traits<numeric>::parameters_take_column_type), so that SQLite compares the
// sortable texts of one type. An integer column beside it stays unrelated (SQLite would
// compare an integer with text), and so does a std::optional integer (bound as it is).
template <class L, class V>
inline constexpr bool numeric_with_integer_value = [] {
  if constexpr (expression<V> || is_optional<stored_value_t<V>>) return false;
  else if constexpr (!value_class<stored_value_t<V>>::known) return false;
  else return is_numeric_node<L> && value_class<stored_value_t<V>>::kind == category::integer;
}();

// What is wrong with comparing node L with V (a value or a node); Ordering: < <= > >=.
enum class comparison_problem { none, null_literal, unrelated, optional_value, not_comparable };
template <class L, class V, bool Ordering>
inline constexpr comparison_problem comparison_problem_of = [] {
  if constexpr (std::is_same_v<stored_value_t<V>, std::nullopt_t>) return comparison_problem::null_literal;
  else if constexpr (!check_comparable<L, V> && !numeric_with_integer_value<L, V>) return comparison_problem::unrelated;
  else if constexpr (!compares_as_asked<L, Ordering>) return comparison_problem::not_comparable;
  else if constexpr (Ordering && is_optional_value<V>) return comparison_problem::optional_value;
  else return comparison_problem::none;
}();

// A value compared with a column whose type asks for it (value_traits<>::
// parameters_take_column_type, e.g. timestamptz) binds as the column's own type.
template <class L, class R>
constexpr auto make_compared_operand(R&& r) {
  using column_t = typename column_type_info<std::remove_cvref_t<value_of<L>>>::type;
  if constexpr (!expression<R> && requires { value_traits<column_t>::parameters_take_column_type; } &&
                std::is_constructible_v<column_t, stored_value_t<R>>)
    return param<column_t>{{}, column_t(std::forward<R>(r))};
  else if constexpr (expression<R> && value_class<value_of<L>>::kind == category::timestamp)
    return as_operand_of<value_of<L>>(r);
  else
    return make_operand(std::forward<R>(r));
}

// l Op r of time points, L in the form it takes beside R (pc::now() beside a TIMESTAMPTZ).
template <class Op, class L, class R>
constexpr auto make_binary_comparison(const L& l, R&& r) {
  return binary_expression<Op, L, decltype(make_compared_operand<L>(std::forward<R>(r))), bool>{
      {}, l, make_compared_operand<L>(std::forward<R>(r))};
}

// l Op r, the node L on the left; a std::optional value compared with == or != with a
// column that may be NULL is NULL-safe (see null_safe_comparison).
template <class Op, class L, class R>
constexpr auto make_comparison(const L& l, R&& r) {
  constexpr bool equality = std::is_same_v<Op, op::equal> || std::is_same_v<Op, op::not_equal>;
  if constexpr (comparison_problem_of<L, R, !equality> != comparison_problem::none)
    return invalid_expression{};
  else if constexpr (equality && is_optional_value<R> && is_nullable<L>)
    return null_safe_comparison<std::is_same_v<Op, op::not_equal>, L, operand_t<R>>{
        {}, l, make_operand(std::forward<R>(r))};
  else if constexpr (value_class<value_of<L>>::kind == category::timestamp)
    return make_binary_comparison<Op>(as_operand_of<operand_value_t<R>>(l), std::forward<R>(r));
  else
    return binary_expression<Op, L, decltype(make_compared_operand<L>(std::forward<R>(r))), bool>{
        {}, l, make_compared_operand<L>(std::forward<R>(r))};
}
// v Op r, a value on the left of node R.
template <class Op, class V, class R>
constexpr auto make_value_first_comparison(V&& v, const R& r) {
  if constexpr (comparison_problem_of<R, V, true> != comparison_problem::none)
    return invalid_expression{};
  else
    return binary_expression<Op, decltype(make_compared_operand<R>(std::forward<V>(v))), R, bool>{
        {}, make_compared_operand<R>(std::forward<V>(v)), r};
}

template <class E>
inline constexpr bool is_number =
    value_class<value_of<E>>::kind == category::integer || value_class<value_of<E>>::kind == category::real;
template <class E>
inline constexpr bool is_text = value_class<value_of<E>>::kind == category::text;
template <class E>
inline constexpr bool is_timestamp = value_class<value_of<E>>::kind == category::timestamp;

template <class T>
inline constexpr bool is_duration = false;
template <class Rep, class Period>
inline constexpr bool is_duration<std::chrono::duration<Rep, Period>> = true;
// A duration a timestamp can take exactly: whole microseconds.
template <class D>
inline constexpr bool is_micro_duration = [] {
  if constexpr (is_duration<D>)
    return std::is_integral_v<typename D::rep> && std::ratio_divide<typename D::period, std::micro>::den == 1;
  else
    return false;
}();

// Numbers give int64 or double; text gives std::string; either is optional when an
// operand may be NULL (SQL's NULL + 1 is NULL).
template <class L, class R>
using arithmetic_value_t =
    maybe_optional<std::conditional_t<value_class<value_of<L>>::kind == category::real ||
                                          value_class<value_of<R>>::kind == category::real,
                                      double, std::int64_t>,
                   is_nullable<L> || is_nullable<R>>;
template <class L, class R>
using concat_value_t = maybe_optional<std::string, is_nullable<L> || is_nullable<R>>;

template <class Op, class L, class R>
constexpr auto arithmetic(L l, R r) {
  return binary_expression<Op, L, R, arithmetic_value_t<L, R>>{{}, std::move(l), std::move(r)};
}
template <class L, class R>
constexpr auto concatenation(L l, R r) {
  return binary_expression<op::concat, L, R, concat_value_t<L, R>>{{}, std::move(l), std::move(r)};
}
template <bool Subtract, class E, class D>
constexpr auto time_shift(const E& e, const D& d) {
  return time_shift_expression<E, Subtract>{
      {}, e, std::chrono::duration_cast<std::chrono::microseconds>(d).count()};
}

// What l + r means, from the two operand nodes (or a duration for R).
enum class plus_kind { numbers, concat, time_shift, bad_duration, text_with_other, numeric, numeric_too_wide, other };
template <class Op, class L, class R>
inline constexpr plus_kind numeric_kind_of =
    numeric_fits_sqlite<Op, L, R> ? plus_kind::numeric : plus_kind::numeric_too_wide;
template <class L, class R>
inline constexpr plus_kind plus_kind_of = [] {
  if constexpr (is_duration<R>) {
    if constexpr (!is_timestamp<L>) return plus_kind::other;
    else if constexpr (!is_micro_duration<R>) return plus_kind::bad_duration;
    else return plus_kind::time_shift;
  } else if constexpr (numeric_operands<L, R>) {
    return numeric_kind_of<op::plus, L, R>;
  } else if constexpr (is_text<L>) {
    return is_text<R> ? plus_kind::concat : plus_kind::text_with_other;
  } else if constexpr (is_number<L> && is_number<R>) {
    return plus_kind::numbers;
  } else {
    return plus_kind::other;
  }
}();

// The node of a value, or the duration itself (a duration is not a column value).
template <class V>
using plus_operand_t = std::conditional_t<is_duration<std::remove_cvref_t<V>>, std::remove_cvref_t<V>, operand_t<V>>;

template <class L, class R>
constexpr auto make_plus(L&& l, R&& r) {
  using left_t = plus_operand_t<L>;
  using right_t = plus_operand_t<R>;
  // a duration stands on the right; "duration + timestamp" is the same shift
  if constexpr (is_duration<left_t>) {
    return make_plus(std::forward<R>(r), std::forward<L>(l));
  } else {
    constexpr plus_kind kind = plus_kind_of<left_t, right_t>;
    if constexpr (kind == plus_kind::numbers)
      return arithmetic<op::plus>(make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r)));
    else if constexpr (kind == plus_kind::numeric)
      return numeric_arithmetic<op::plus, left_t, right_t>{{}, make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r))};
    else if constexpr (kind == plus_kind::concat)
      return concatenation(make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r)));
    else if constexpr (kind == plus_kind::time_shift)
      return time_shift<false>(make_operand(std::forward<L>(l)), r);
    else
      return invalid_expression{};
  }
}
template <class L, class R>
inline constexpr plus_kind plus_kind_of_operands = [] {
  if constexpr (is_duration<plus_operand_t<L>>) return plus_kind_of<plus_operand_t<R>, plus_operand_t<L>>;
  else return plus_kind_of<plus_operand_t<L>, plus_operand_t<R>>;
}();

template <class L, class R>
inline constexpr bool numbers_on_both_sides = is_number<operand_t<L>> && is_number<operand_t<R>>;

// * and / of numbers, or * of numerics (a quotient of decimals is rarely exact: no /).
template <class Op, class L, class R>
inline constexpr plus_kind product_kind_of = [] {
  if constexpr (numbers_on_both_sides<L, R>) return plus_kind::numbers;
  else if constexpr (std::is_same_v<Op, op::multiplies> && numeric_operands<operand_t<L>, operand_t<R>>)
    return numeric_kind_of<Op, operand_t<L>, operand_t<R>>;
  else return plus_kind::other;
}();

template <class Op, class L, class R>
constexpr auto make_arithmetic(L&& l, R&& r) {
  constexpr plus_kind kind = product_kind_of<Op, L, R>;
  if constexpr (kind == plus_kind::numbers)
    return arithmetic<Op>(make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r)));
  else if constexpr (kind == plus_kind::numeric)
    return numeric_arithmetic<Op, operand_t<L>, operand_t<R>>{{}, make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r))};
  else
    return invalid_expression{};
}

// timestamp - duration
template <class L, class R>
inline constexpr plus_kind minus_kind_of = [] {
  if constexpr (is_duration<std::remove_cvref_t<R>>) return plus_kind_of<operand_t<L>, std::remove_cvref_t<R>>;
  else if constexpr (numbers_on_both_sides<L, R>) return plus_kind::numbers;
  else if constexpr (numeric_operands<operand_t<L>, operand_t<R>>) return numeric_kind_of<op::minus, operand_t<L>, operand_t<R>>;
  else return plus_kind::other;
}();
template <class L, class R>
constexpr auto make_minus(L&& l, R&& r) {
  constexpr plus_kind kind = minus_kind_of<L, R>;
  if constexpr (kind == plus_kind::numbers)
    return arithmetic<op::minus>(make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r)));
  else if constexpr (kind == plus_kind::numeric)
    return numeric_arithmetic<op::minus, operand_t<L>, operand_t<R>>{{}, make_operand(std::forward<L>(l)), make_operand(std::forward<R>(r))};
  else if constexpr (kind == plus_kind::time_shift)
    return time_shift<true>(make_operand(std::forward<L>(l)), r);
  else
    return invalid_expression{};
}
}  // namespace detail

// ---- comparisons ----------------------------------------------------------------------
// == and != have two overloads: C++20 also tries the reversed candidate (y == x), and
// it loses to the written order only when both take their operands the same way. With
// a forwarding reference, (a + 1) == (b * 2) is ambiguous on Clang; so two expressions
// are taken by const reference, and a value (which may be moved into the query) by R&&.
#define PICCOLO_EQUALITY_CHECKS(OP, NULL_ADVICE)                                                        \
  static_assert(problem != detail::comparison_problem::null_literal,                                  \
                "piccolo: operator" OP ": comparing with std::nullopt (NULL) matches no row in SQL; "  \
                "test the column with " NULL_ADVICE);                                                 \
  static_assert(problem != detail::comparison_problem::unrelated,                                     \
                "piccolo: operator" OP ": the two sides have unrelated types; compare a column with "   \
                "a value or column of the same kind (number, text, time, enum, ...)");                \
  static_assert(problem != detail::comparison_problem::not_comparable,                                \
                "piccolo: operator" OP ": the type has no equality in SQL (PostgreSQL has no = on "     \
                "pc::json); make the column pc::jsonb, or compare a member: c<...>[\"key\"].as<T>()")

template <expression L, class R>
  requires(!expression<R>)
constexpr auto operator==(const L& l, R&& r) {
  constexpr auto problem = detail::comparison_problem_of<L, R, false>;
  PICCOLO_EQUALITY_CHECKS("==", "c<...>.is_null()");
  return detail::make_comparison<op::equal>(l, std::forward<R>(r));
}
template <expression L, expression R>
constexpr auto operator==(const L& l, const R& r) {
  constexpr auto problem = detail::comparison_problem_of<L, R, false>;
  PICCOLO_EQUALITY_CHECKS("==", "c<...>.is_null()");
  return detail::make_comparison<op::equal>(l, r);
}
template <expression L, class R>
  requires(!expression<R>)
constexpr auto operator!=(const L& l, R&& r) {
  constexpr auto problem = detail::comparison_problem_of<L, R, false>;
  PICCOLO_EQUALITY_CHECKS("!=", "c<...>.is_not_null()");
  return detail::make_comparison<op::not_equal>(l, std::forward<R>(r));
}
template <expression L, expression R>
constexpr auto operator!=(const L& l, const R& r) {
  constexpr auto problem = detail::comparison_problem_of<L, R, false>;
  PICCOLO_EQUALITY_CHECKS("!=", "c<...>.is_not_null()");
  return detail::make_comparison<op::not_equal>(l, r);
}
// 42 == c<&Band::popularity>: the same condition as c<&Band::popularity> == 42 (C++20's
// reversed candidate cannot serve: a rewritten == must return bool).
template <class L, expression R>
  requires(!expression<L>)
constexpr auto operator==(L&& l, const R& r) {
  constexpr auto problem = detail::comparison_problem_of<R, L, false>;
  PICCOLO_EQUALITY_CHECKS("==", "c<...>.is_null()");
  return detail::make_comparison<op::equal>(r, std::forward<L>(l));
}
template <class L, expression R>
  requires(!expression<L>)
constexpr auto operator!=(L&& l, const R& r) {
  constexpr auto problem = detail::comparison_problem_of<R, L, false>;
  PICCOLO_EQUALITY_CHECKS("!=", "c<...>.is_not_null()");
  return detail::make_comparison<op::not_equal>(r, std::forward<L>(l));
}
#undef PICCOLO_EQUALITY_CHECKS

// < <= > >=: with a column or a value on either side. A std::optional value is refused:
// empty, it would match no row without saying so.
#define PICCOLO_ORDERING_CHECKS(OP)                                                                   \
  static_assert(problem != detail::comparison_problem::null_literal,                                \
                "piccolo: operator" OP ": std::nullopt is NULL, which matches no row; test the "      \
                "column with c<...>.is_null()");                                                    \
  static_assert(problem != detail::comparison_problem::unrelated,                                   \
                "piccolo: operator" OP ": the two sides have unrelated types");                     \
  static_assert(problem != detail::comparison_problem::not_comparable || unordered != detail::unordered_kind::array, \
                "piccolo: operator" OP ": an array column (std::vector<T>) has no order both engines "  \
                "share (SQLite compares its JSON text); compare an element, c<...>[0], or "            \
                "c<...>.length()");                                                                  \
  static_assert(problem != detail::comparison_problem::not_comparable || unordered == detail::unordered_kind::array, \
                "piccolo: operator" OP ": the type has no order both engines share (JSON: SQLite "     \
                "compares its text); compare a member: c<...>[\"key\"].as<T>()");                  \
  static_assert(problem != detail::comparison_problem::optional_value,                              \
                "piccolo: operator" OP ": the value is a std::optional, and an empty one would match " \
                "no row; compare with its value (*value) when it is set, or test c<...>.is_null()")

#define PICCOLO_ORDERING_OPERATOR(OP, NODE)                                    \
  template <expression L, class R>                                             \
  constexpr auto operator OP(const L& l, R&& r) {                              \
    constexpr auto problem = detail::comparison_problem_of<L, R, true>;        \
    constexpr auto unordered = detail::unordered_kind_of<detail::value_of<L>>(); \
    PICCOLO_ORDERING_CHECKS(#OP);                                              \
    return detail::make_comparison<NODE>(l, std::forward<R>(r));               \
  }                                                                            \
  template <class L, expression R>                                             \
    requires(!expression<L>)                                                   \
  constexpr auto operator OP(L&& l, const R& r) {                              \
    constexpr auto problem = detail::comparison_problem_of<R, L, true>;        \
    constexpr auto unordered = detail::unordered_kind_of<detail::value_of<R>>(); \
    PICCOLO_ORDERING_CHECKS(#OP);                                              \
    return detail::make_value_first_comparison<NODE>(std::forward<L>(l), r);   \
  }

PICCOLO_ORDERING_OPERATOR(<, op::less)
PICCOLO_ORDERING_OPERATOR(<=, op::less_equal)
PICCOLO_ORDERING_OPERATOR(>, op::greater)
PICCOLO_ORDERING_OPERATOR(>=, op::greater_equal)
#undef PICCOLO_ORDERING_OPERATOR
#undef PICCOLO_ORDERING_CHECKS

// ---- and, or, not -----------------------------------------------------------------------
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

// ---- arithmetic -------------------------------------------------------------------------
// + adds numbers, concatenates text (||, as Piccolo's Band.name + "!") and moves a
// timestamp by a std::chrono duration; a value may come first ("!!!" + c<&Band::name>).
#define PICCOLO_NUMERIC_WIDTH_CHECK(OP)                                                            \
  static_assert(kind != detail::plus_kind::numeric_too_wide,                                       \
                "piccolo: operator" OP ": pc::numeric arithmetic in SQL takes at most 18 digits on "  \
                "each side and in the result (SQLite computes it in 64-bit integers); compute wider " \
                "values in C++, with pc::numeric's own operators")
#define PICCOLO_PLUS_CHECKS                                                                        \
  PICCOLO_NUMERIC_WIDTH_CHECK("+");                                                                \
  static_assert(kind != detail::plus_kind::text_with_other,                                        \
                "piccolo: operator+: text is concatenated with text only");                        \
  static_assert(kind != detail::plus_kind::bad_duration,                                           \
                "piccolo: operator+: the duration is not a whole number of microseconds, what a "  \
                "timestamp stores; convert it, e.g. std::chrono::duration_cast<std::chrono::"      \
                "microseconds>(d)");                                                               \
  static_assert(kind != detail::plus_kind::other,                                                  \
                "piccolo: operator+: adds numbers (or concatenates text, or adds a std::chrono "    \
                "duration to a timestamp)")

template <expression L, class R>
constexpr auto operator+(const L& l, R&& r) {
  constexpr auto kind = detail::plus_kind_of_operands<const L&, R>;
  PICCOLO_PLUS_CHECKS;
  return detail::make_plus(l, std::forward<R>(r));
}
template <class L, expression R>
  requires(!expression<L>)
constexpr auto operator+(L&& l, const R& r) {
  constexpr auto kind = detail::plus_kind_of_operands<L, const R&>;
  PICCOLO_PLUS_CHECKS;
  return detail::make_plus(std::forward<L>(l), r);
}
#undef PICCOLO_PLUS_CHECKS

#define PICCOLO_MINUS_CHECKS                                                                       \
  PICCOLO_NUMERIC_WIDTH_CHECK("-");                                                                \
  static_assert(kind != detail::plus_kind::bad_duration,                                           \
                "piccolo: operator-: the duration is not a whole number of microseconds, what a "  \
                "timestamp stores; convert it, e.g. std::chrono::duration_cast<std::chrono::"      \
                "microseconds>(d)");                                                               \
  static_assert(kind != detail::plus_kind::other,                                                  \
                "piccolo: operator-: both sides must be numbers (or a timestamp minus a std::chrono " \
                "duration)")
template <expression L, class R>
constexpr auto operator-(const L& l, R&& r) {
  constexpr auto kind = detail::minus_kind_of<const L&, R>;
  PICCOLO_MINUS_CHECKS;
  return detail::make_minus(l, std::forward<R>(r));
}
template <class L, expression R>
  requires(!expression<L>)
constexpr auto operator-(L&& l, const R& r) {
  constexpr auto kind = detail::minus_kind_of<L, const R&>;
  PICCOLO_MINUS_CHECKS;
  return detail::make_minus(std::forward<L>(l), r);
}
#undef PICCOLO_MINUS_CHECKS

#define PICCOLO_PRODUCT_CHECKS(OP)                                                                 \
  PICCOLO_NUMERIC_WIDTH_CHECK(OP);                                                                 \
  static_assert(kind != detail::plus_kind::other,                                                  \
                "piccolo: operator" OP ": both sides must be numbers (pc::numeric multiplies, but " \
                "does not divide: a quotient of decimals is rarely exact)")
#define PICCOLO_NUMBER_OPERATOR(OP, NODE)                                                  \
  template <expression L, class R>                                                         \
  constexpr auto operator OP(const L& l, R&& r) {                                          \
    constexpr auto kind = detail::product_kind_of<NODE, const L&, R>;                      \
    PICCOLO_PRODUCT_CHECKS(#OP);                                                           \
    return detail::make_arithmetic<NODE>(l, std::forward<R>(r));                           \
  }                                                                                        \
  template <class L, expression R>                                                         \
    requires(!expression<L>)                                                               \
  constexpr auto operator OP(L&& l, const R& r) {                                          \
    constexpr auto kind = detail::product_kind_of<NODE, L, const R&>;                      \
    PICCOLO_PRODUCT_CHECKS(#OP);                                                           \
    return detail::make_arithmetic<NODE>(std::forward<L>(l), r);                           \
  }
PICCOLO_NUMBER_OPERATOR(*, op::multiplies)
PICCOLO_NUMBER_OPERATOR(/, op::divides)
#undef PICCOLO_NUMBER_OPERATOR
#undef PICCOLO_PRODUCT_CHECKS
#undef PICCOLO_NUMERIC_WIDTH_CHECK

}  // namespace piccolo
