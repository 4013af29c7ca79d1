#pragma once
// .join_on(c<&Band::name> == c<&Label::band_name>): a LEFT JOIN that follows no foreign
// key (Piccolo's join_on). The joined table's own columns are then reachable in every
// clause as the query's table's are; in the row they read as std::optional, since a LEFT
// JOIN that finds nothing gives NULLs. .inner_join_on(...) is an INNER JOIN: rows
// without a match are dropped, and the joined columns keep their own types.

#include <tuple>
#include <type_traits>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/reflect/member.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/schema/value_traits.hpp>
#include <piccolo/sql/aggregate.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo {

namespace detail {

// LEFT JOIN: join_on() (Piccolo's); INNER JOIN: inner_join_on().
enum class join_kind { left, inner };

// The tables a query reaches: its own, then the ones join_on() added. Reachability asks
// whether a column starts at any of them.
template <class... Tables>
struct table_set {};
template <class Column, class... Tables>
inline constexpr bool rooted_in = std::is_void_v<root_of<Column>> || (std::is_same_v<root_of<Column>, Tables> || ...);
template <class... Tables, class... Columns>
struct rooted_at<table_set<Tables...>, boost::mp11::mp_list<Columns...>>
    : std::bool_constant<(rooted_in<Columns, Tables...> && ...)> {};

// LEFT JOIN "label" ON cond, or INNER JOIN: the type says all; the query stores Cond's
// values with its other clauses'.
template <class Table, class Cond, join_kind Kind>
struct join_on_clause {
  using table = Table;
  using condition = Cond;
  static constexpr bool keeps_unmatched_rows = Kind == join_kind::left;
  static constexpr void render(sql_writer& w) {
    w.put(keeps_unmatched_rows ? " LEFT JOIN " : " INNER JOIN ").table_declaration(table_info<Table>::name).put(" ON ");
    Cond::render(w);
  }
};

template <class Join>
using join_condition_of = typename Join::condition;
template <class Joins>
using join_conditions = boost::mp11::mp_transform<join_condition_of, Joins>;

template <class Join>
using joined_table_of = typename Join::table;
template <class Joins>
using joined_tables = boost::mp11::mp_transform<joined_table_of, Joins>;

// What a query's columns may start at: Root alone, or Root and its joined tables.
template <class Root, class Joins>
using reach_of = std::conditional_t<boost::mp11::mp_empty<Joins>::value, Root,
                                    boost::mp11::mp_apply<table_set, boost::mp11::mp_push_front<joined_tables<Joins>, Root>>>;

// The root of any column-like entry (void for entries that name no table).
template <class Column>
struct root_or_void {
  using type = void;
};
template <class Column>
  requires requires { typename Column::root_table; }
struct root_or_void<Column> {
  using type = typename Column::root_table;
};

// The tables a join_on() condition names that Reach does not have yet.
template <class Reach, class Column>
using is_reached = rooted_at<Reach, boost::mp11::mp_list<Column>>;
template <class Reach, class Cond>
using new_tables_of = boost::mp11::mp_unique<boost::mp11::mp_transform<
    root_of, boost::mp11::mp_remove_if_q<typename Cond::columns, boost::mp11::mp_bind_front<is_reached, Reach>>>>;

// What is wrong with join_on(cond) on a query reaching Reach.
enum class join_on_problem {
  none, not_a_condition, aggregate, no_new_table, joined_twice, two_new_tables, joined_path, unrelated
};

// The tables join_on() added to Reach (none when Reach is one table).
template <class Reach>
struct join_on_tables_of {
  using type = boost::mp11::mp_list<>;
};
template <class Root, class... Joined>
struct join_on_tables_of<table_set<Root, Joined...>> {
  using type = boost::mp11::mp_list<Joined...>;
};
template <class Tables>
struct root_in {
  template <class Column>
  using fn = boost::mp11::mp_contains<Tables, typename root_or_void<Column>::type>;
};

template <class Reach, class Cond>
inline constexpr join_on_problem join_on_problem_of = [] {
  if constexpr (!is_condition<Cond>) {
    return join_on_problem::not_a_condition;
  } else if constexpr (contains_aggregate<Cond>) {
    return join_on_problem::aggregate;
  } else {
    using fresh = new_tables_of<Reach, Cond>;
    if constexpr (boost::mp11::mp_empty<fresh>::value) {
      // a second join of a table needs an alias for it, which join_on() does not give
      using joined = typename join_on_tables_of<Reach>::type;
      if constexpr (boost::mp11::mp_any_of_q<typename Cond::columns, root_in<joined>>::value)
        return join_on_problem::joined_twice;
      else
        return join_on_problem::no_new_table;
    } else if constexpr (boost::mp11::mp_size<fresh>::value > 1) {
      return join_on_problem::two_new_tables;
    } else {
      using table = boost::mp11::mp_first<fresh>;
      bool path = false;    // a column of the new table through a foreign key
      bool related = false; // a column of the tables the query has
      boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, typename Cond::columns>>([&](auto id) {
        using column = typename decltype(id)::type;
        if constexpr (std::is_same_v<typename root_or_void<column>::type, table>) path = path || !column::is_plain;
        else if constexpr (!std::is_void_v<typename root_or_void<column>::type>) related = true;
      });
      if (path) return join_on_problem::joined_path;
      if (!related) return join_on_problem::unrelated;
      return join_on_problem::none;
    }
  }
}();

// The foreign-key joins of Columns, in three groups around the join_on() clauses: those
// that start at the query's table come before them (a join_on() condition may use one),
// those that start at a joined table after them.
template <class Join>
struct fk_join_root;
template <auto F0, auto... Fs>
struct fk_join_root<join_path<F0, Fs...>> {
  using type = reflect::class_of<F0>;
};
template <class Root>
struct starts_at {
  template <class Join>
  using fn = std::is_same<typename fk_join_root<Join>::type, Root>;
};
template <class... Clauses>
constexpr void render_join_on_clauses(boost::mp11::mp_list<Clauses...>, sql_writer& w) {
  (Clauses::render(w), ...);
}
template <class Root, class JoinOns, class Columns>
constexpr void render_joins_with(sql_writer& w) {
  using all = typename joins_in<Columns>::type;
  if constexpr (boost::mp11::mp_empty<JoinOns>::value) {
    render_each_join(all{}, w);
  } else {
    using parts = boost::mp11::mp_partition_q<all, starts_at<Root>>;
    render_each_join(boost::mp11::mp_first<parts>{}, w);
    render_join_on_clauses(JoinOns{}, w);
    render_each_join(boost::mp11::mp_second<parts>{}, w);
  }
}

// The columns the join_on() conditions name (their foreign-key joins are rendered too).
template <class Join>
using join_columns_t = typename Join::condition::columns;
template <class Joins>
using join_on_columns = boost::mp11::mp_apply<
    boost::mp11::mp_append,
    boost::mp11::mp_push_front<boost::mp11::mp_transform<join_columns_t, Joins>, boost::mp11::mp_list<>>>;

// The tables a LEFT JOIN joined: their columns read NULL where it finds no row.
template <class Join>
using keeps_unmatched_rows = std::bool_constant<Join::keeps_unmatched_rows>;
template <class Joins>
using left_joined_tables = joined_tables<boost::mp11::mp_filter<keeps_unmatched_rows, Joins>>;

// Whether an item reads a column of a joined table outside an aggregate: then NULL is
// what it reads when the join finds no row.
template <class Tables, class Item>
inline constexpr bool reads_joined_table = [] {
  bool found = false;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<
      boost::mp11::mp_identity, boost::mp11::mp_remove_if<typename Item::columns, is_aggregated_column>>>([&](auto id) {
    using column = typename decltype(id)::type;
    found = found || boost::mp11::mp_contains<Tables, typename root_or_void<column>::type>::value;
  });
  return found;
}();
template <class Tables, class Item>
using joined_result_t = result_type_of<maybe_optional<typename Item::value_type, reads_joined_table<Tables, Item>>>;

// The row of a select list whose query joins Tables with join_on().
template <class Tables, class Items>
struct joined_row;
template <class Tables, class... Items>
struct joined_row<Tables, boost::mp11::mp_list<Items...>> {
  using type = std::conditional_t<sizeof...(Items) == 1,
                                  boost::mp11::mp_first<boost::mp11::mp_list<joined_result_t<Tables, Items>...>>,
                                  std::tuple<joined_result_t<Tables, Items>...>>;
};

// The row of a query's shape once join_on() made some tables nullable (LEFT JOINs only).
template <class Shape, class Joins, class Nullable = left_joined_tables<Joins>,
          bool = !boost::mp11::mp_empty<Nullable>::value && Shape::is_select_list>
struct row_with_joins {
  using type = typename Shape::row_type;
};
template <class Shape, class Joins, class Nullable>
struct row_with_joins<Shape, Joins, Nullable, true> {
  using type = typename joined_row<Nullable, typename Shape::items>::type;
};

}  // namespace detail
}  // namespace piccolo
