#pragma once
// The ON CONFLICT clause of insert() (an upsert), and pc::excluded(column), the value the
// conflicting row proposed:
//
//   pc::insert(band).on_conflict(pc::do_nothing)
//   pc::insert(band).on_conflict(c<&Band::name>)                      // DO NOTHING (Piccolo's default)
//   pc::insert(band).on_conflict(c<&Band::name>)
//       .do_update(c<&Band::popularity> = pc::excluded(c<&Band::popularity>))
//       .where(c<&Band::popularity> < pc::excluded(c<&Band::popularity>))
//
// What Piccolo checks at run time is checked here at compile time: the target is the
// primary key or a unique constraint (one column or pc::unique<&T::a, &T::b>), DO UPDATE
// has a target and assignments, where() follows DO UPDATE only. The entry points are
// insert_query's on_conflict(), do_update() and where() (query/insert.hpp).

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/query/detail/returning.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

// on_conflict(pc::do_nothing): skip a row that violates any unique constraint or the key.
struct do_nothing_t {
  explicit constexpr do_nothing_t() = default;
};
inline constexpr do_nothing_t do_nothing{};

namespace detail {
// The table excluded.<column> belongs to: not T itself, so that a clause other than
// DO UPDATE (update().set(), a select's where()) finds it unreachable and says so.
template <class T>
struct excluded_table {};

// What an excluded value lists among its columns.
template <class Column>
struct excluded_column {
  using root_table = excluded_table<typename Column::table>;
  using table = typename Column::table;
  using value_type = typename Column::value_type;
  using joins = boost::mp11::mp_list<>;
  static constexpr bool is_plain = true;
  static constexpr std::size_t index = Column::index;
};
}  // namespace detail

// excluded."column": the value the row proposed for insertion had for that column.
template <class Column>
struct excluded_value : expression_base {
  using value_type = typename Column::value_type;
  using columns = boost::mp11::mp_list<detail::excluded_column<Column>>;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer& w) {
    w.put("excluded.");
    Column::render_name(w);
  }
  void bind(value_view*&) const {}
};

namespace detail {
template <class Column>
inline constexpr bool is_plain_column = [] {
  if constexpr (is_column_ref<Column>) return Column::is_plain;
  else return false;
}();
}  // namespace detail

// pc::excluded(c<&Band::popularity>), in do_update() and its where().
template <class Column>
constexpr auto excluded(const Column&) {
  static_assert(detail::is_plain_column<Column>,
                "piccolo: excluded(): name a column of the inserted table, e.g. "
                "pc::excluded(c<&Band::popularity>)");
  if constexpr (detail::is_plain_column<Column>) return excluded_value<Column>{};
  else return invalid_expression{};
}

namespace detail {

template <class Column>
struct is_excluded_column : std::false_type {};
template <class Column>
struct is_excluded_column<excluded_column<Column>> : std::true_type {};

// A column DO UPDATE may read: the existing row's (a plain column of T) or the proposed
// row's (pc::excluded of a column of T).
template <class T>
struct readable_in_do_update {
  template <class Column>
  using fn = std::bool_constant<std::is_same_v<typename Column::table, T> && Column::is_plain &&
                                (std::is_same_v<typename Column::root_table, T> ||
                                 is_excluded_column<Column>::value)>;
};
template <class T, class Node>
inline constexpr bool reads_only_upserted_row = [] {
  if constexpr (requires { typename Node::columns; })
    return boost::mp11::mp_all_of_q<typename Node::columns, readable_in_do_update<T>>::value;
  else
    return true;
}();

// ---- the conflict target ------------------------------------------------------------

template <class T, class Column>
inline constexpr bool is_plain_column_of = [] {
  if constexpr (is_plain_column<Column>) return std::is_same_v<typename Column::table, T>;
  else return false;
}();
template <class T, class... Columns>
inline constexpr bool conflict_target_names_own_columns = (is_plain_column_of<T, Columns> && ...);

template <class T, auto... Members>
constexpr auto unique_columns_mask(unique_columns_option<Members...>) {
  std::array<bool, table_info<T>::column_count> mask{};
  ((mask[reflect::member_index<Members>] = true), ...);
  return mask;
}

// Whether the set of columns (in any order) is the primary key, a column declared
// pc::unique<&T::a>, or a constraint pc::unique<&T::a, &T::b>.
template <class T, class... Columns>
constexpr bool conflict_target_is_constraint() {
  using info = table_info<T>;
  std::array<bool, info::column_count> target{};
  ((target[Columns::index] = true), ...);
  std::array<bool, info::column_count> key{};
  bool single_unique = false;
  reflect::for_each_field_index<T>([&](auto i) {
    key[i.value] = info::template primary_key<i.value>;
    single_unique = single_unique || (target[i.value] && info::template unique<i.value>);
  });
  if (info::primary_key_count > 0 && key == target) return true;
  if (sizeof...(Columns) == 1 && single_unique) return true;
  bool constraint = false;
  boost::mp11::mp_for_each<boost::mp11::mp_rename<typename options_of<T>::type, boost::mp11::mp_list>>(
      [&]<class Option>(Option option) {
        if constexpr (is_unique_columns_option<Option>)
          constraint = constraint || unique_columns_mask<T>(option) == target;
      });
  return constraint;
}

// ---- DO UPDATE assignments -------------------------------------------------------------

// c<&T::x> = value, or c<&T::x> alone (Piccolo's values=[Band.popularity]): = excluded.x
template <class A>
constexpr auto to_upsert_assignment(A a) {
  if constexpr (is_column_ref<A>) return assignment<A, excluded_value<A>>{excluded_value<A>{}};
  else return a;
}

template <class T, class A>
inline constexpr bool assigns_upserted_column = [] {
  if constexpr (is_column_ref<A>) return A::is_plain && std::is_same_v<typename A::table, T>;
  else if constexpr (requires { typename A::column; typename A::columns; })
    return is_column_ref<typename A::column> && A::column::is_plain &&
           std::is_same_v<typename A::column::table, T>;
  else return false;
}();

// ---- the clause ----------------------------------------------------------------------

struct no_conflict {
  static constexpr bool present = false;
  static constexpr bool has_target = false;
  static constexpr bool updates = false;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer&) {}
  void bind(value_view*&) const {}
};

// ON CONFLICT [("a", ...)] DO NOTHING | DO UPDATE SET ... [WHERE ...]
template <class Targets, class Assignments = std::tuple<>, class Where = no_condition>
struct conflict_clause {
  using targets = Targets;
  using assignments_type = Assignments;
  using where_type = Where;
  static constexpr bool present = true;
  static constexpr bool has_target = boost::mp11::mp_size<Targets>::value > 0;
  static constexpr bool updates = std::tuple_size_v<Assignments> > 0;
  static constexpr int parameters = []<std::size_t... I>(std::index_sequence<I...>) {
    return (0 + ... + std::tuple_element_t<I, Assignments>::parameters);
  }(std::make_index_sequence<std::tuple_size_v<Assignments>>{}) + Where::parameters;

  Assignments assignments{};
  Where where{};

  static constexpr void render(sql_writer& w) {
    w.put(" ON CONFLICT");
    if constexpr (has_target) {
      w.put(" (");
      bool first = true;
      boost::mp11::mp_for_each<Targets>([&](auto column) {
        w.put(first ? "" : ", ");
        decltype(column)::render_name(w);
        first = false;
      });
      w.put(')');
    }
    if constexpr (!updates) {
      w.put(" DO NOTHING");
    } else {
      w.put(" DO UPDATE SET ");
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((w.put(I == 0 ? "" : ", "), std::tuple_element_t<I, Assignments>::render(w)), ...);
      }(std::make_index_sequence<std::tuple_size_v<Assignments>>{});
      render_where<Where>(w);
    }
  }
  void bind(value_view*& out) const {
    std::apply([&](const auto&... a) { (a.bind(out), ...); }, assignments);
    where.bind(out);
  }
};

// The names of RETURNING's columns, for the statement around a PostgreSQL upsert.
template <class Returning>
struct returning_names {
  static constexpr void render(sql_writer&, std::string_view) {}
};
template <class... Cols>
struct returning_names<returning_columns<Cols...>> {
  static constexpr void render(sql_writer& w, std::string_view before_first) {
    bool first = true;
    ((w.put(first ? before_first : ", "), Cols::render_name(w), first = false), ...);
  }
};

}  // namespace detail
}  // namespace piccolo
