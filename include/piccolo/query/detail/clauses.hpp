#pragma once
// Pieces every statement shares: the absent condition, reachability checks, joins.

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/sql/aggregate.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>
#include <piccolo/sql/operators.hpp>

namespace piccolo::detail {

struct no_condition {
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer&) {}
  void bind(value_view*&) const {}
};

template <class Where, class Cond>
constexpr auto and_conditions(const Where& where, const Cond& cond) {
  if constexpr (std::is_same_v<Where, no_condition>) return cond;
  else return binary_expression<op::logical_and, Where, Cond, bool>{{}, where, cond};
}

template <class Column>
using root_of = typename Column::root_table;

// Folds over the list rather than loops: these run for every clause of every query, and
// a fold is the cheapest thing to instantiate.
template <class Root, class Columns>
struct rooted_at : std::true_type {};
template <class Root, class... Columns>
struct rooted_at<Root, boost::mp11::mp_list<Columns...>>
    : std::bool_constant<((std::is_same_v<root_of<Columns>, Root> || std::is_void_v<root_of<Columns>>) && ...)> {
};  // a void root: COUNT(*)'s rows, at home in any table
template <class Root, class Columns>
inline constexpr bool all_rooted_at = rooted_at<Root, Columns>::value;

// Whether every column Node mentions starts at Root. Anything that is not an expression
// counts as reachable: the clause's "must be a condition / column" check reports it.
template <class Root, class Node>
struct node_reachable : std::true_type {};
template <class Root, class Node>
  requires requires { typename Node::columns; }
struct node_reachable<Root, Node> : rooted_at<Root, typename Node::columns> {};
template <class Root, class Node>
inline constexpr bool reachable_from = node_reachable<Root, Node>::value;

template <class Columns>
struct plain_columns : std::true_type {};
template <class... Columns>
struct plain_columns<boost::mp11::mp_list<Columns...>> : std::bool_constant<(Columns::is_plain && ...)> {};
template <class Columns>
inline constexpr bool all_plain = plain_columns<Columns>::value;

// The check of where(cond), the same in select, update and delete. Named and written
// once (as sqlpp11's assert_..._t checks are) so that one mistake reads the same
// everywhere; the caller stops the cascade with `if constexpr (check_where<...>())`.
template <class Root, class Cond>
constexpr bool check_where() {
  static_assert(is_condition<Cond>,
                "piccolo: where(): the argument must be a condition (a comparison, like, "
                "is_in, is_null, or && || ! of those)");
  static_assert(reachable_from<Root, Cond>,
                "piccolo: where(): a column is not reachable from the query's table; start "
                "its path at that table and follow foreign keys, e.g. c<&Band::manager, &Manager::name>");
  static_assert(!contains_aggregate<Cond>,
                "piccolo: where(): an aggregate (count, sum, avg, min, max) cannot filter rows; "
                "filter groups with having() after group_by()");
  return is_condition<Cond> && reachable_from<Root, Cond> && !contains_aggregate<Cond>;
}

template <class Column>
using joins_of = typename Column::joins;

// Each join path once, in first-use order (a path's prefix always precedes it).
template <class Columns>
struct joins_in;
template <class... Columns>
struct joins_in<boost::mp11::mp_list<Columns...>> {
  using type = boost::mp11::mp_unique<boost::mp11::mp_append<boost::mp11::mp_list<>, joins_of<Columns>...>>;
};
template <class... Joins>
constexpr void render_each_join(boost::mp11::mp_list<Joins...>, sql_writer& w) {
  (Joins::render(w), ...);
}
template <class Columns>
constexpr void render_joins(sql_writer& w) {
  render_each_join(typename joins_in<Columns>::type{}, w);
}

template <class Where>
constexpr void render_where(sql_writer& w) {
  if constexpr (!std::is_same_v<Where, no_condition>) {
    w.put(" WHERE ");
    Where::render(w);
  }
}

template <class... Columns>
constexpr void render_column_list(sql_writer& w) {
  bool first = true;
  ((w.put(first ? "" : ", "), Columns::render(w), first = false), ...);
}

}  // namespace piccolo::detail
