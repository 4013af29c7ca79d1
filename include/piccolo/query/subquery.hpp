#pragma once
// Subqueries: c<&Band::manager>.is_in(pc::select(c<&Manager::id>).where(...)) and
// .not_in(...), pc::exists(query) and !pc::exists(query), pc::scalar(query) as a value
// (in the select list, in comparisons). pc::outer(c<&Band::id>) inside the subquery
// names a column of the query around it (a correlated subquery).
//
// A subquery is held by value: its text is written inside the outer one's by the same
// writer, so its parameters take their numbers, and bind, in text order. Its columns
// (and so its joins) stay inside it; only its pc::outer() columns count as the outer
// query's, which checks that they are reachable and joins what they need. A subquery
// correlated with its own table renames that table inside ("band" AS "band$1"), so that
// the outer "band" stays reachable (sql_writer::table).
//
// It reads a query through the names every select_query has (state, render,
// for_each_binding, parameters); column_ref::is_in() declares make_in_subquery, defined here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/query/detail/join_on.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/schema/value_traits.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {

// A column of the outer query, as the subquery sees it: at home in any table (void
// root) and joining nothing there; the outer query joins what its path needs.
template <class Column>
struct outer_ref {
  using column = Column;
  using root_table = void;
  using joins = boost::mp11::mp_list<>;
  static constexpr bool is_plain = true;
};

template <class T>
struct outer_column_of {
  using type = boost::mp11::mp_list<>;
};
template <class Column>
struct outer_column_of<outer_ref<Column>> {
  using type = boost::mp11::mp_list<Column>;
};
template <class Columns>
using outer_columns_in = boost::mp11::mp_apply<boost::mp11::mp_append,
                                               boost::mp11::mp_push_front<
                                                   boost::mp11::mp_transform_q<boost::mp11::mp_quote_trait<outer_column_of>, Columns>,
                                                   boost::mp11::mp_list<>>>;

template <class Node>
using node_columns = typename Node::columns;

// Every column a select query's clauses mention, by the names of select_state.
template <class Query>
using query_columns = boost::mp11::mp_append<
    typename Query::state::shape::columns, typename Query::state::where::columns,
    typename Query::state::having::columns, join_on_columns<typename Query::state::joins>,
    boost::mp11::mp_apply<boost::mp11::mp_append,
                          boost::mp11::mp_push_front<boost::mp11::mp_transform<node_columns, typename Query::state::order>,
                                                     boost::mp11::mp_list<>>>>;

// The outer query's columns that subquery Query names with pc::outer().
template <class Query>
using outer_columns_of_query = outer_columns_in<query_columns<Query>>;

// Whether a pc::outer() column starts at the subquery's own table: both would be written
// "band", and the inner name would hide the outer one, so the inner one is renamed.
template <class Query>
inline constexpr bool correlates_with_its_own_table = [] {
  using own = typename Query::state::root;
  bool same = false;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, outer_columns_of_query<Query>>>(
      [&](auto id) { same = same || std::is_same_v<typename decltype(id)::type::root_table, own>; });
  return same;
}();

// Whether the subquery's join_on() joins a table a pc::outer() column starts at: the
// joined name would hide the outer one (only the subquery's own table is renamed).
template <class Query>
inline constexpr bool joins_an_outer_table = [] {
  using joined = joined_tables<typename Query::state::joins>;
  bool found = false;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, outer_columns_of_query<Query>>>(
      [&](auto id) { found = found || boost::mp11::mp_contains<joined, typename decltype(id)::type::root_table>::value; });
  return found;
}();

template <class T>
inline constexpr bool is_select_query = false;
template <class T>
  requires requires {
    typename T::state::shape;
    typename T::state::root;
    T::kind;
  }
inline constexpr bool is_select_query<T> = true;

// The query's one column, when it has exactly one: select(x) or count<T>().
template <class Query>
inline constexpr bool has_one_column = [] {
  using shape = typename Query::state::shape;
  if constexpr (Query::kind == result_kind::count) return true;
  else if constexpr (Query::kind == result_kind::exists || !shape::is_select_list) return false;
  else return boost::mp11::mp_size<typename shape::items>::value == 1;
}();
template <class Query>
struct single_column_value {
  using type = typename boost::mp11::mp_first<typename Query::state::shape::items>::value_type;
};
template <class Query>
  requires(Query::kind == result_kind::count)
struct single_column_value<Query> {
  using type = std::int64_t;
};
template <class Query>
using single_column_value_t = typename single_column_value<Query>::type;

// Writes the subquery's text in a scope of its own; correlated with its own table, that
// table is renamed inside ("band$1") so that its pc::outer() columns reach the outer one.
template <class Query>
constexpr void render_subquery(sql_writer& w) {
  const auto saved =
      w.enter_subquery(correlates_with_its_own_table<Query> ? table_info<typename Query::state::root>::name
                                                            : std::string_view{});
  Query::render(w);
  w.leave_subquery(saved);
}

// Writes the subquery's values into the outer query's array, in text order.
template <class Query>
void bind_subquery(const Query& query, value_view*& out) {
  if constexpr (Query::parameters > 0)
    query.for_each_binding([&](const value_view* values) {
      for (int i = 0; i < Query::parameters; ++i) *out++ = values[i];
    });
}

// x IN (SELECT ...), x NOT IN (SELECT ...)
template <class E, class Query, bool Negated>
struct in_subquery_expression : expression_node<in_subquery_expression<E, Query, Negated>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = boost::mp11::mp_append<typename E::columns, outer_columns_of_query<Query>>;
  static constexpr int parameters = E::parameters + Query::parameters;
  E operand;
  Query query;
  static constexpr void render(sql_writer& w) {
    E::render(w);
    w.put(Negated ? " NOT IN (" : " IN (");
    render_subquery<Query>(w);
    w.put(')');
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    bind_subquery(query, out);
  }
};

// A subquery as an expression: EXISTS (SELECT ...), a condition (NOT EXISTS through
// operator!), or (SELECT x ...) as a value.
enum class subquery_use { exists, scalar };

// A scalar subquery is NULL when it finds no row, so optional (COUNT(*) is never NULL:
// one row, a number).
template <class Query, subquery_use Use>
struct subquery_value {
  using type = bool;
};
template <class Query>
struct subquery_value<Query, subquery_use::scalar> {
  using type = std::conditional_t<Query::kind == result_kind::count, std::int64_t,
                                  maybe_optional<single_column_value_t<Query>, true>>;
};

template <class Query, subquery_use Use>
struct subquery_expression : expression_node<subquery_expression<Query, Use>> {
  using value_type = typename subquery_value<Query, Use>::type;
  static constexpr bool compound = Use == subquery_use::exists;
  using columns = outer_columns_of_query<Query>;
  static constexpr int parameters = Query::parameters;
  Query query;
  static constexpr void render(sql_writer& w) {
    w.put(Use == subquery_use::exists ? "EXISTS (" : "(");
    render_subquery<Query>(w);
    w.put(')');
  }
  void bind(value_view*& out) const { bind_subquery(query, out); }
};

// What is wrong with Query as the subquery of is_in(), not_in() or scalar().
enum class subquery_problem { none, not_a_query, not_one_column, joins_outer_table };
template <class Query>
inline constexpr subquery_problem subquery_problem_of = [] {
  if constexpr (!is_select_query<Query>) return subquery_problem::not_a_query;
  else if constexpr (!has_one_column<Query>) return subquery_problem::not_one_column;
  else if constexpr (joins_an_outer_table<Query>) return subquery_problem::joins_outer_table;
  else return subquery_problem::none;
}();

// The checks of column.is_in(query) and .not_in(query), named once for both.
template <bool Negated, class Stored, class Query>
constexpr bool check_in_subquery() {
  constexpr auto problem = subquery_problem_of<Query>;
  if constexpr (Negated) {
    static_assert(problem != subquery_problem::not_one_column,
                  "piccolo: not_in(): the subquery must select exactly one column, e.g. "
                  "pc::select(c<&Manager::id>).where(...)");
    static_assert(problem != subquery_problem::joins_outer_table,
                  "piccolo: not_in(): the subquery joins (join_on) the table of a pc::outer() column, whose "
                  "name would then mean the inner table; compare with the outer column in the subquery's where()");
  } else {
    static_assert(problem != subquery_problem::not_one_column,
                  "piccolo: is_in(): the subquery must select exactly one column, e.g. "
                  "pc::select(c<&Manager::id>).where(...)");
    static_assert(problem != subquery_problem::joins_outer_table,
                  "piccolo: is_in(): the subquery joins (join_on) the table of a pc::outer() column, whose "
                  "name would then mean the inner table; compare with the outer column in the subquery's where()");
  }
  if constexpr (problem != subquery_problem::none) {
    return false;
  } else {
    constexpr bool matches = comparable_values<Stored, single_column_value_t<Query>>;
    if constexpr (Negated)
      static_assert(matches, "piccolo: not_in(): the subquery's column does not match the column's type");
    else
      static_assert(matches, "piccolo: is_in(): the subquery's column does not match the column's type");
    return matches;
  }
}

template <bool Negated, class Column, class Query>
constexpr auto make_in_subquery(const Column& column, const Query& query) {
  if constexpr (check_in_subquery<Negated, typename Column::stored_type, Query>())
    return in_subquery_expression<Column, Query, Negated>{{}, column, query};
  else
    return invalid_expression{};
}

}  // namespace detail

// pc::exists(pc::select(c<&Concert::id>).where(c<&Concert::band_1> == pc::outer(c<&Band::id>))):
// EXISTS (SELECT ...), a condition; !pc::exists(...) is NOT EXISTS (...).
template <class Query>
constexpr auto exists(const Query& query) {
  constexpr bool is_query = detail::is_select_query<Query>;
  static_assert(is_query, "piccolo: exists(): takes a query, e.g. pc::exists(pc::select(c<&Concert::id>).where(...))");
  if constexpr (is_query) {
    constexpr bool rows = Query::kind == result_kind::rows || Query::kind == result_kind::first_row;
    static_assert(rows,
                  "piccolo: exists(): the subquery must return rows (select() or objects()); count() and "
                  "exists() always return one");
    constexpr bool hidden = detail::joins_an_outer_table<Query>;
    static_assert(!rows || !hidden,
                  "piccolo: exists(): the subquery joins (join_on) the table of a pc::outer() column, whose "
                  "name would then mean the inner table; compare with the outer column in the subquery's where()");
    if constexpr (rows && !hidden) return detail::subquery_expression<Query, detail::subquery_use::exists>{{}, query};
    else return invalid_expression{};
  } else {
    return invalid_expression{};
  }
}

// pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>))): (SELECT ...) as a value of
// the subquery's one column, std::optional (NULL when it finds no row); of count<T>(),
// std::int64_t. In the select list, in comparisons, in arithmetic.
template <class Query>
constexpr auto scalar(const Query& query) {
  constexpr auto problem = detail::subquery_problem_of<Query>;
  static_assert(problem != detail::subquery_problem::not_a_query,
                "piccolo: scalar(): takes a query, e.g. pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>)))");
  static_assert(problem != detail::subquery_problem::not_one_column,
                "piccolo: scalar(): the subquery must select exactly one column (or be count<T>())");
  static_assert(problem != detail::subquery_problem::joins_outer_table,
                "piccolo: scalar(): the subquery joins (join_on) the table of a pc::outer() column, whose "
                "name would then mean the inner table; compare with the outer column in the subquery's where()");
  if constexpr (problem == detail::subquery_problem::none) return detail::subquery_expression<Query, detail::subquery_use::scalar>{{}, query};
  else return invalid_expression{};
}

// pc::outer(c<&Band::id>): inside a subquery, a column of the query around it.
template <class Column>
struct outer_column : expression_node<outer_column<Column>> {
  using value_type = typename Column::value_type;
  using columns = boost::mp11::mp_list<detail::outer_ref<Column>>;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer& w) {
    w.in_outer_scope([&] { Column::render(w); });
  }
  void bind(value_view*&) const {}
};

template <class Column>
constexpr auto outer(const Column&) {
  constexpr bool column = requires { typename Column::joins; Column::is_plain; Column::render_name; };
  static_assert(column, "piccolo: outer(): takes a column of the outer query, e.g. pc::outer(c<&Band::id>)");
  if constexpr (column) return outer_column<Column>{};
  else return invalid_expression{};
}

}  // namespace piccolo
