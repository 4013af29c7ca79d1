#pragma once
// Pieces every statement shares: the absent condition, reachability checks, joins.

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
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

template <class Root, class Columns>
inline constexpr bool all_rooted_at = [] {
  bool ok = true;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Columns>>(
      [&](auto id) { ok = ok && std::is_same_v<root_of<typename decltype(id)::type>, Root>; });
  return ok;
}();

// Whether every column Node mentions starts at Root. Anything that is not an expression
// counts as reachable: the clause's "must be a condition / column" check reports it.
template <class Root, class Node>
inline constexpr bool reachable_from = [] {
  if constexpr (requires { typename Node::columns; })
    return all_rooted_at<Root, typename Node::columns>;
  else
    return true;
}();

template <class Columns>
inline constexpr bool all_plain = [] {
  bool ok = true;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Columns>>(
      [&](auto id) { ok = ok && decltype(id)::type::is_plain; });
  return ok;
}();

template <class Column>
using joins_of = typename Column::joins;

// Each join path once, in first-use order (a path's prefix always precedes it).
template <class Columns>
constexpr void render_joins(sql_writer& w) {
  using all = boost::mp11::mp_unique<
      boost::mp11::mp_apply<boost::mp11::mp_append,
                            boost::mp11::mp_push_front<boost::mp11::mp_transform<joins_of, Columns>,
                                                       boost::mp11::mp_list<>>>>;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, all>>(
      [&](auto id) { decltype(id)::type::render(w); });
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
