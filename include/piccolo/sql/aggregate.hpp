#pragma once
// Aggregates: pc::count(), pc::count(x), pc::count_distinct(x), pc::sum(x), pc::avg(x),
// pc::min(x), pc::max(x), over a column or any expression. Their result types are fixed
// here, whatever the engine answers: count is std::int64_t; sum std::optional of
// std::int64_t or double, of a pc::numeric<18, S> for a numeric<P, S> (exact, below), or
// of the duration for an interval column; avg std::optional<double>; min and max
// std::optional of the operand's type (NULL over zero rows). PostgreSQL answers numeric for SUM(bigint) and
// AVG(integer): the text casts those to the type read back.

#include <cstdint>
#include <optional>
#include <type_traits>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/types.hpp>
#include <piccolo/schema/value_traits.hpp>
#include <piccolo/sql/detail/numeric_nodes.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {

// A column read inside an aggregate. Joins and reachability see through the mark; the
// grouping checks tell it from a bare column beside the aggregate.
template <class Column>
struct aggregated {
  using root_table = typename Column::root_table;
  using joins = typename Column::joins;
  static constexpr bool is_plain = Column::is_plain;
};
// The rows COUNT(*) counts: no column, reachable from any table (void root).
struct aggregated_rows {
  using root_table = void;
  using joins = boost::mp11::mp_list<>;
  static constexpr bool is_plain = true;
};

template <class Column>
struct is_aggregated_column : std::false_type {};
template <class Column>
struct is_aggregated_column<aggregated<Column>> : std::true_type {};
template <>
struct is_aggregated_column<aggregated_rows> : std::true_type {};

// Whether a list of columns holds an aggregated one; a fold, cheap to instantiate.
template <class Columns>
struct holds_aggregated : std::false_type {};
template <class... Columns>
struct holds_aggregated<boost::mp11::mp_list<Columns...>>
    : std::bool_constant<(is_aggregated_column<Columns>::value || ...)> {};

// Whether a node (an expression, an order term, a condition) contains an aggregate.
template <class Node>
struct node_holds_aggregate : std::false_type {};
template <class Node>
  requires requires { typename Node::columns; }
struct node_holds_aggregate<Node> : holds_aggregated<typename Node::columns> {};
template <class Node>
inline constexpr bool contains_aggregate = node_holds_aggregate<Node>::value;

template <class Node>
using aggregated_columns_of = boost::mp11::mp_transform<aggregated, typename Node::columns>;

enum class aggregate_function { count, count_distinct, sum, avg, min, max };

template <class E>
inline constexpr category category_of = value_class<value_of<E>>::kind;

template <class E>
inline constexpr bool is_number_valued = category_of<E> == category::integer || category_of<E> == category::real;

// MIN and MAX need an order both engines have (PostgreSQL has none for boolean, bytea;
// arrays and JSON order differently on the two: unordered_kind_of).
template <class E>
inline constexpr bool is_ordered_value = category_of<E> != category::boolean &&
                                         category_of<E> != category::blob && category_of<E> != category::null &&
                                         unordered_kind_of<value_of<E>>() == unordered_kind::none;

// Whether PostgreSQL stores T as BIGINT, whose SUM is numeric. Unknown integer types
// (an expression's std::int64_t) count as BIGINT: casting a bigint is harmless.
template <class T>
constexpr bool is_bigint_on_postgres() {
  using bare = typename column_type_info<T>::type;
  if constexpr (is_foreign_key<bare>) return is_bigint_on_postgres<typename bare::key_type>();
  else if constexpr (std::is_same_v<bare, serial>) return false;
  else if constexpr (std::is_integral_v<bare>) return sizeof(bare) == 8 || (sizeof(bare) == 4 && std::is_unsigned_v<bare>);
  else return true;
}

// SUM of a pc::numeric<P, S>: exact, at scale S with room for sums of many rows: 18
// digits (what SQLite computes exactly) or, for a wider one, P + 9 (PostgreSQL only).
template <class N>
using numeric_sum_result_t = numeric<(N::precision <= sqlite_exact_digits ? sqlite_exact_digits : numeric_cap(N::precision + 9)), N::scale>;
template <class E>
constexpr auto sum_of_numeric() {
  if constexpr (is_numeric_node<E>) return std::type_identity<std::optional<numeric_sum_result_t<numeric_of<E>>>>{};
  else return std::type_identity<void>{};
}

template <aggregate_function F, class E>
struct aggregate_value {
  using bare = typename column_type_info<value_of<E>>::type;
  // the sum of durations (an interval column) is the column's duration
  using type = std::conditional_t<F == aggregate_function::sum && is_numeric_node<E>,
                                  typename decltype(sum_of_numeric<E>())::type,
                                  std::conditional_t<F == aggregate_function::sum && category_of<E> == category::interval,
                                                     std::optional<bare>, std::conditional_t<
      F == aggregate_function::count || F == aggregate_function::count_distinct, std::int64_t,
      std::conditional_t<F == aggregate_function::avg ||
                             (F == aggregate_function::sum && category_of<E> == category::real),
                         std::optional<double>,
                         std::conditional_t<F == aggregate_function::sum, std::optional<std::int64_t>,
                                            std::optional<bare>>>>>>;
};

}  // namespace detail

// COUNT(x), SUM(x), ... over an expression (a column, arithmetic, ...).
template <detail::aggregate_function F, class E>
struct aggregate_expression : expression_node<aggregate_expression<F, E>> {
  using value_type = typename detail::aggregate_value<F, E>::type;
  using columns = detail::aggregated_columns_of<E>;
  static constexpr int parameters = E::parameters;
  E operand;

  static constexpr void render(sql_writer& w) {
    using enum detail::aggregate_function;
    if constexpr (F == sum && detail::is_numeric_node<E>) {
      if (w.dialect() == dialect_id::sqlite) return render_sqlite_numeric_sum(w);
    }
    constexpr bool integer = detail::category_of<E> == category::integer;
    // the cast PostgreSQL needs for the C++ type: numeric -> bigint / double precision
    const bool postgres = w.dialect() == dialect_id::postgres;
    const bool to_bigint = postgres && F == sum && integer && detail::is_bigint_on_postgres<detail::value_of<E>>();
    const bool to_double = postgres && F == avg && integer;
    if (to_bigint || to_double) w.put("CAST(");
    switch (F) {
      case count: w.put("COUNT("); break;
      case count_distinct: w.put("COUNT(DISTINCT "); break;
      case sum: w.put("SUM("); break;
      case avg: w.put("AVG("); break;
      case min: w.put("MIN("); break;
      case max: w.put("MAX("); break;
    }
    E::render(w);
    w.put(')');
    if (to_bigint) w.put(" AS BIGINT)");
    if (to_double) w.put(" AS DOUBLE PRECISION)");
  }
  void bind(value_view*& out) const { operand.bind(out); }

 private:
  // SQLite: SUM() of the exact integers of units (core/decimal.hpp's text would be summed
  // as doubles), written back as sortable text (sql/detail/numeric_nodes.hpp); SQLite's
  // sum() of integers fails on overflow rather than round. A numeric wider than 18
  // digits has no exact integer there: its SUM fails with SQLITE_TOOBIG (out_of_range),
  // over at least one row.
  static constexpr void render_sqlite_numeric_sum(sql_writer& w) {
    using result = typename value_type::value_type;
    using column = detail::numeric_of<E>;
    if constexpr (detail::sortable_digits<column> > detail::sqlite_exact_digits ||
                  detail::sortable_digits<result> > detail::sqlite_exact_digits) {
      w.put("CASE WHEN COUNT(");
      E::render(w);
      w.put(") = 0 THEN NULL ELSE zeroblob(9223372036854775807 + 0 * COUNT(");
      E::render(w);
      w.put(")) END");
    } else {
      detail::render_sqlite_sortable<result>(w, [](sql_writer& out) {
        out.put("SUM(");
        detail::render_sqlite_units<E>(out, column::scale);
        out.put(')');
      });
    }
  }
};

// COUNT(*)
struct count_rows : expression_node<count_rows> {
  using value_type = std::int64_t;
  using columns = boost::mp11::mp_list<detail::aggregated_rows>;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer& w) { w.put("COUNT(*)"); }
  void bind(value_view*&) const {}
};

namespace detail {
template <aggregate_function F, class E>
constexpr auto make_aggregate(const E& e) {
  return aggregate_expression<F, E>{{}, e};
}
}  // namespace detail

// Each function checks its argument where the user wrote it; after a failed check it
// returns a stand-in so that one mistake gives one error. An aggregate inside another
// is refused by both engines' SQL, so here too.

// pc::count(): COUNT(*), the rows of each group.
constexpr count_rows count() noexcept { return {}; }

// pc::count(c<&Band::website>): COUNT(x), the rows where x is not NULL.
template <class E>
constexpr auto count(const E& e) {
  static_assert(expression<E>, "piccolo: count(): takes a column or expression, e.g. count(c<&Band::website>)");
  static_assert(!detail::contains_aggregate<E>, "piccolo: count(): the argument already holds an aggregate; SQL does not nest them");
  if constexpr (expression<E> && !detail::contains_aggregate<E>)
    return detail::make_aggregate<detail::aggregate_function::count>(e);
  else
    return invalid_expression{};
}

// pc::count_distinct(x): COUNT(DISTINCT x)
template <class E>
constexpr auto count_distinct(const E& e) {
  static_assert(expression<E>, "piccolo: count_distinct(): takes a column or expression, e.g. count_distinct(c<&Band::manager>)");
  static_assert(!detail::contains_aggregate<E>, "piccolo: count_distinct(): the argument already holds an aggregate; SQL does not nest them");
  if constexpr (expression<E> && !detail::contains_aggregate<E>)
    return detail::make_aggregate<detail::aggregate_function::count_distinct>(e);
  else
    return invalid_expression{};
}

// pc::sum(x): SUM(x), std::optional<std::int64_t> (integers) or std::optional<double>;
// exact pc::numerics and durations of their own type (see aggregate_value).
template <class E>
constexpr auto sum(const E& e) {
  static_assert(expression<E>, "piccolo: sum(): takes a column or expression, e.g. sum(c<&Band::popularity>)");
  if constexpr (expression<E>) {
    constexpr bool numeric = detail::is_numeric_node<E>;
    constexpr bool summable = detail::is_number_valued<E> || numeric || detail::category_of<E> == category::interval;
    static_assert(summable, "piccolo: sum(): the argument is not a number; sum() adds integer, real, pc::numeric and interval (std::chrono::duration) columns");
    static_assert(!detail::contains_aggregate<E>, "piccolo: sum(): the argument already holds an aggregate; SQL does not nest them");
    // SQLite writes the sum of a numeric several times (it computes it once): a value bound would repeat
    static_assert(!numeric || E::parameters == 0, "piccolo: sum(): a pc::numeric expression that binds values cannot be summed; sum the column (or an expression of columns) and add the value to the sum");
    if constexpr (summable && !detail::contains_aggregate<E> && (!numeric || E::parameters == 0))
      return detail::make_aggregate<detail::aggregate_function::sum>(e);
    else
      return invalid_expression{};
  } else {
    return invalid_expression{};
  }
}

// pc::avg(x): AVG(x), std::optional<double>.
template <class E>
constexpr auto avg(const E& e) {
  static_assert(expression<E>, "piccolo: avg(): takes a column or expression, e.g. avg(c<&Band::popularity>)");
  if constexpr (expression<E>) {
    static_assert(detail::is_number_valued<E>, "piccolo: avg(): the argument is not a number; avg() averages integer and real columns");
    static_assert(!detail::contains_aggregate<E>, "piccolo: avg(): the argument already holds an aggregate; SQL does not nest them");
    if constexpr (detail::is_number_valued<E> && !detail::contains_aggregate<E>)
      return detail::make_aggregate<detail::aggregate_function::avg>(e);
    else
      return invalid_expression{};
  } else {
    return invalid_expression{};
  }
}

// pc::min(x), pc::max(x): std::optional of x's type.
template <class E>
constexpr auto min(const E& e) {
  static_assert(expression<E>, "piccolo: min(): takes a column or expression, e.g. min(c<&Band::popularity>)");
  if constexpr (expression<E>) {
    constexpr auto unordered = detail::unordered_kind_of<detail::value_of<E>>();
    static_assert(unordered != detail::unordered_kind::array,
                  "piccolo: min(): the argument is an array column (std::vector<T>), which has no order both "
                  "engines share (SQLite compares its JSON text); take the min() of an element, c<...>[0]");
    static_assert(unordered != detail::unordered_kind::other,
                  "piccolo: min(): the argument is a JSON column (pc::json / pc::jsonb), which has no order both "
                  "engines share (SQLite compares its text); take the min() of a member, c<...>[\"key\"].as<T>()");
    static_assert(detail::is_ordered_value<E> || unordered != detail::unordered_kind::none, "piccolo: min(): the argument has no order (boolean or bytes); min() and max() take numbers, text, times and enums");
    static_assert(!detail::contains_aggregate<E>, "piccolo: min(): the argument already holds an aggregate; SQL does not nest them");
    if constexpr (detail::is_ordered_value<E> && !detail::contains_aggregate<E>)
      return detail::make_aggregate<detail::aggregate_function::min>(e);
    else
      return invalid_expression{};
  } else {
    return invalid_expression{};
  }
}
template <class E>
constexpr auto max(const E& e) {
  static_assert(expression<E>, "piccolo: max(): takes a column or expression, e.g. max(c<&Band::popularity>)");
  if constexpr (expression<E>) {
    constexpr auto unordered = detail::unordered_kind_of<detail::value_of<E>>();
    static_assert(unordered != detail::unordered_kind::array,
                  "piccolo: max(): the argument is an array column (std::vector<T>), which has no order both "
                  "engines share (SQLite compares its JSON text); take the max() of an element, c<...>[0]");
    static_assert(unordered != detail::unordered_kind::other,
                  "piccolo: max(): the argument is a JSON column (pc::json / pc::jsonb), which has no order both "
                  "engines share (SQLite compares its text); take the max() of a member, c<...>[\"key\"].as<T>()");
    static_assert(detail::is_ordered_value<E> || unordered != detail::unordered_kind::none, "piccolo: max(): the argument has no order (boolean or bytes); min() and max() take numbers, text, times and enums");
    static_assert(!detail::contains_aggregate<E>, "piccolo: max(): the argument already holds an aggregate; SQL does not nest them");
    if constexpr (detail::is_ordered_value<E> && !detail::contains_aggregate<E>)
      return detail::make_aggregate<detail::aggregate_function::max>(e);
    else
      return invalid_expression{};
  } else {
    return invalid_expression{};
  }
}

}  // namespace piccolo
