#pragma once
// Nodes that operators.hpp builds and users never name: a NULL-safe comparison with a
// std::optional value, and a timestamp moved by a std::chrono duration.

#include <cstdint>
#include <type_traits>
#include <utility>

#include <piccolo/sql/expression.hpp>

namespace piccolo::detail {

// column == optional value, where both may be NULL: an empty optional matches the NULL
// rows, as Piccolo's Band.manager == None does (SQL's "=" would match no row).
// SQLite: x IS ? / x IS NOT ?. PostgreSQL: x IS NOT DISTINCT FROM $1 cannot use an index,
// so equality is written (x = $1 OR (x IS NULL AND $1 IS NULL)), which can (a BitmapOr of
// the two index conditions even in a generic plan; see docs/queries/expressions.md).
// x IS DISTINCT FROM $1 for != (an index does not help a "not equal" anyway).
template <bool Negated, class L, class R>
struct null_safe_comparison : expression_node<null_safe_comparison<Negated, L, R>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = typename L::columns;
  static constexpr int parameters = L::parameters + R::parameters;
  static_assert(R::parameters == 1, "the value side is one bound parameter");
  L left;
  R right;

  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      L::render(w);
      w.put(Negated ? " IS NOT " : " IS ");
      R::render(w);
    } else if constexpr (!Negated && L::parameters == 0) {
      // the left side is written twice: only when it binds nothing
      w.put('(');
      L::render(w);
      w.put(" = ");
      const int number = w.take_parameter();
      put_parameter(w, number);
      w.put(" OR (");
      L::render(w);
      w.put(" IS NULL AND ");
      put_parameter(w, number);
      w.put(" IS NULL))");
    } else {
      L::render(w);
      w.put(Negated ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ");
      R::render(w);
    }
  }
  void bind(value_view*& out) const {
    left.bind(out);
    right.bind(out);
  }

 private:
  static constexpr void put_parameter(sql_writer& w, int number) {
    w.put('$').put_uint(static_cast<std::uint64_t>(number));
  }
};

// timestamp + duration, timestamp - duration: exact to the microsecond, NULL stays NULL.
// PostgreSQL: (x + $1 * INTERVAL '1 microsecond') (interval * float8, exact below 2^53
// microseconds, 285 years). SQLite stores "YYYY-MM-DD HH:MM:SS[.ffffff][+00:00]" text and
// its date functions keep milliseconds, so the whole seconds go through strftime's
// "N seconds" modifier and the microseconds are carried by integer arithmetic; the
// subqueries name the operand and the shift once each (a value is bound once).
template <class E, bool Subtract>
struct time_shift_expression : expression_node<time_shift_expression<E, Subtract>> {
  using value_type = value_of<E>;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters + 1;
  E operand;
  std::int64_t micros = 0;

  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::postgres) {
      w.put('(');
      E::render(w);
      w.put(Subtract ? " - " : " + ");
      w.parameter();
      w.put(" * INTERVAL '1 microsecond')");
      return;
    }
    // x: the microseconds of the second plus the shift; floor division by 10^6 gives
    // the whole seconds to add (SQLite's % and / truncate toward zero)
    constexpr std::string_view micro_part = "(x % 1000000 + 1000000) % 1000000";
    w.put("(SELECT strftime('%Y-%m-%d %H:%M:%S', substr(t, 1, 19), ((x - ").put(micro_part);
    w.put(") / 1000000) || ' seconds') || CASE ").put(micro_part);
    w.put(" WHEN 0 THEN '' ELSE printf('.%06d', ").put(micro_part).put(") END");
    if constexpr (std::is_same_v<typename value_class<value_type>::bare, timestamptz>) w.put(" || '+00:00'");
    w.put(" FROM (SELECT t, CASE WHEN substr(t, 20, 1) = '.' THEN CAST(substr(t, 21, 6) AS INTEGER) ELSE 0 END ");
    w.put(Subtract ? "- d" : "+ d");
    w.put(" AS x FROM (SELECT ");
    E::render(w);
    w.put(" AS t, ");
    w.parameter();
    w.put(" AS d)))");
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    *out++ = value_view::from_int(micros);
  }
  // pc::now() - 2h beside a TIMESTAMPTZ: the shift of now()'s TIMESTAMPTZ form
  template <class Other>
    requires requires(const E& e) { e.template as_operand_of<Other>(); }
  constexpr auto as_operand_of() const {
    using moved = decltype(operand.template as_operand_of<Other>());
    return time_shift_expression<moved, Subtract>{{}, operand.template as_operand_of<Other>(), micros};
  }
};

}  // namespace piccolo::detail
