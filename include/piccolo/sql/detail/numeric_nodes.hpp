#pragma once
// Arithmetic on pc::numeric<P, S> in SQL: numeric + - * numeric or integer, typed as the
// numeric the C++ operators give (schema/numeric.hpp). PostgreSQL computes it in NUMERIC
// as written. SQLite stores a numeric as sortable text (core/decimal.hpp), which its own
// + would read as a double (and a negative one as 0): there each operand becomes an exact
// 64-bit integer of units of 10^-scale, the integers are added or multiplied, and the
// result is written back as the sortable text of its type, so that it compares, sorts
// and reads as a stored value does. Hence at most 18 digits on every side (checked where
// the operator is written). A result SQLite cannot hold exactly (its integer arithmetic
// turns to a double on overflow) or that passes the type's digits fails the statement
// with SQLITE_TOOBIG (zeroblob() past the length limit: SQLite has no other way to raise
// an error from an expression), which piccolo reports as out_of_range: never a rounded
// value. The subqueries name each operand once, so a value is bound once.

#include <cstdint>
#include <type_traits>

#include <piccolo/schema/numeric.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo::detail {

// SQLite's integers hold 18 decimal digits whatever they are.
inline constexpr int sqlite_exact_digits = 18;

// The numeric a node yields (without its nullability), void when it is no numeric.
template <class E>
using numeric_of = std::conditional_t<is_numeric<typename column_type_info<std::remove_cvref_t<value_of<E>>>::type>,
                                      typename column_type_info<std::remove_cvref_t<value_of<E>>>::type, void>;
template <class E>
inline constexpr bool is_numeric_node = !std::is_void_v<numeric_of<E>>;
template <class E>
inline constexpr bool is_integer_node = value_class<value_of<E>>::kind == category::integer;

// Digits of a numeric's sortable text: its integer part (at least one) and its fraction.
template <class N>
inline constexpr int sortable_digits = (N::precision > N::scale ? N::precision - N::scale : 1) + N::scale;

constexpr std::int64_t power_of_ten(int n) noexcept {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// The numeric that L Op R yields: with an integer, the numeric's own type; two numerics:
// + and - the larger scale and integer part, * the sum of both.
template <class Op, class L, class R>
constexpr auto numeric_result() {
  if constexpr (!is_numeric_node<L>) return std::type_identity<numeric_of<R>>{};
  else if constexpr (!is_numeric_node<R>) return std::type_identity<numeric_of<L>>{};
  else if constexpr (std::is_same_v<Op, op::multiplies>) return std::type_identity<numeric_product_t<numeric_of<L>, numeric_of<R>>>{};
  else return std::type_identity<numeric_sum_t<numeric_of<L>, numeric_of<R>>>{};
}
template <class Op, class L, class R>
using numeric_result_t = typename decltype(numeric_result<Op, L, R>())::type;

// Whether L Op R is numeric arithmetic: a numeric with a numeric or an integer.
template <class L, class R>
inline constexpr bool numeric_operands =
    (is_numeric_node<L> && (is_numeric_node<R> || is_integer_node<R>)) || (is_integer_node<L> && is_numeric_node<R>);

// What SQLite can compute exactly: 18 digits on each side and in the result.
template <class Op, class L, class R>
inline constexpr bool numeric_fits_sqlite = [] {
  if constexpr (!numeric_operands<L, R>) return true;
  else {
    auto fits = []<class N>(std::type_identity<N>) {
      if constexpr (std::is_void_v<N>) return true;
      else return sortable_digits<N> <= sqlite_exact_digits;
    };
    return fits(std::type_identity<numeric_of<L>>{}) && fits(std::type_identity<numeric_of<R>>{}) &&
           fits(std::type_identity<numeric_result_t<Op, L, R>>{});
  }
}();

// The sortable text of numeric Result from U, an integer of units of 10^-Result::scale
// that render_units(w) writes (each time it is needed: a name, or an aggregate that
// SQLite computes once however often it is written). A double (SQLite's integer
// overflow) or a value past Result's digits fails with SQLITE_TOOBIG, see above.
template <class Result, class RenderUnits>
constexpr void render_sqlite_sortable(sql_writer& w, RenderUnits render_units) {
  constexpr int digits = sortable_digits<Result>;
  constexpr int scale = Result::scale;
  constexpr std::int64_t limit = power_of_ten(digits);
  auto parts = [&](bool negative) {
    // the integer digits and the fraction, of U or (negative) of its nines' complement
    auto value = [&] {
      w.put('(');
      render_units(w);
      if (negative) w.put(" + ").put_int(limit - 1);
      w.put(')');
    };
    w.put(negative ? "printf('!%0" : "printf('%0").put_int(digits - scale).put('d');
    if (scale > 0) w.put(".%0").put_int(scale).put('d');
    w.put("', ");
    value();
    if (scale > 0) {
      w.put(" / ").put_int(power_of_ten(scale)).put(", ");
      value();
      w.put(" % ").put_int(power_of_ten(scale));
    }
    w.put(')');
  };
  w.put("CASE WHEN ");
  render_units(w);
  w.put(" IS NULL THEN NULL WHEN typeof(");
  render_units(w);
  w.put(") <> 'integer' OR ");
  render_units(w);
  w.put(" >= ").put_int(limit).put(" OR ");
  render_units(w);
  w.put(" <= -").put_int(limit).put(" THEN zeroblob(9223372036854775807 + 0 * ");
  render_units(w);
  w.put(") WHEN ");
  render_units(w);
  w.put(" < 0 THEN ");
  parts(true);
  w.put(" ELSE ");
  parts(false);
  w.put(" END");
}

// A node of numeric N as an integer of units of 10^-scale (scale >= N::scale): its
// sortable text decoded; the subquery names it once.
template <class Node, class N = numeric_of<Node>>
constexpr void render_sqlite_units(sql_writer& w, int scale) {
  w.put("(SELECT CASE WHEN substr(v, 1, 1) = '!' THEN CAST(replace(substr(v, 2), '.', '') AS INTEGER) - ");
  w.put_int(power_of_ten(sortable_digits<N>) - 1);
  w.put(" ELSE CAST(replace(v, '.', '') AS INTEGER) END");
  if (scale > N::scale) w.put(" * ").put_int(power_of_ten(scale - N::scale));
  w.put(" FROM (SELECT ");
  Node::render(w);
  w.put(" AS v))");
}

template <class Op, class L, class R>
struct numeric_arithmetic : expression_node<numeric_arithmetic<Op, L, R>> {
  using result = numeric_result_t<Op, L, R>;
  using value_type = maybe_optional<result, is_nullable<L> || is_nullable<R>>;
  using columns = columns_of<L, R>;
  static constexpr int parameters = L::parameters + R::parameters;
  L left;
  R right;

  // the scale both sides are brought to (+, -), or their own (*: the scales add up)
  static constexpr bool product = std::is_same_v<Op, op::multiplies>;
  template <class Side>
  static constexpr int scale_of = [] {
    if constexpr (is_numeric_node<Side>) return numeric_of<Side>::scale;
    else return 0;
  }();
  static constexpr int common_scale = scale_of<L> > scale_of<R> ? scale_of<L> : scale_of<R>;

  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::postgres) {
      w.put('(');
      L::render(w);
      w.put(Op::sql);
      R::render(w);
      w.put(')');
      return;
    }
    // (SELECT <sortable text of u> FROM (SELECT <left> Op <right> AS u))
    w.put("(SELECT ");
    render_sqlite_sortable<result>(w, [](sql_writer& out) { out.put('u'); });
    w.put(" FROM (SELECT ");
    render_units<L>(w, product ? scale_of<L> : common_scale);
    w.put(Op::sql);
    render_units<R>(w, product ? scale_of<R> : common_scale);
    w.put(" AS u))");
  }
  void bind(value_view*& out) const {
    left.bind(out);
    right.bind(out);
  }

 private:
  // A side as an integer of units of 10^-scale: a numeric's sortable text decoded, an
  // integer multiplied.
  template <class Side>
  static constexpr void render_units(sql_writer& w, int scale) {
    if constexpr (is_numeric_node<Side>) {
      render_sqlite_units<Side>(w, scale);
    } else {
      w.put('(');
      Side::render(w);
      if (scale > 0) w.put(" * ").put_int(power_of_ten(scale));
      w.put(')');
    }
  }
};

}  // namespace piccolo::detail
