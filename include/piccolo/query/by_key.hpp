#pragma once
// The statements of the objects API (db.save, remove, refresh, get_related,
// get_or_create): ordinary queries over a row's primary key, built from the columns
// named by position (pc::column_at<T, I>), so that every column of a row is reached
// without naming its members. Engines run them like any other query.

#include <array>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/query/delete.hpp>
#include <piccolo/query/insert.hpp>
#include <piccolo/query/select.hpp>
#include <piccolo/query/update.hpp>
#include <piccolo/sql/field.hpp>

namespace piccolo {

// What db.get_or_create() returns: the row, and whether this call inserted it.
template <class T>
struct get_or_create_result {
  T row;
  bool created = false;
};

namespace detail {

template <class T, std::size_t I>
using field_index = std::integral_constant<std::size_t, I>;

template <class T>
struct key_columns {
  template <class I>
  using is_key = std::bool_constant<table_info<T>::template primary_key<I::value>>;
  template <class I>
  using is_value = std::bool_constant<!table_info<T>::template primary_key<I::value>>;
  using all = boost::mp11::mp_iota_c<table_info<T>::column_count>;
  using keys = boost::mp11::mp_copy_if<all, is_key>;
  using values = boost::mp11::mp_copy_if<all, is_value>;
};

// Whether T's key is one pc::serial: a row whose key is unset is new (INSERT), one with
// a key set is in the table (UPDATE). Any other key says nothing of that: save() upserts.
template <class T>
constexpr bool has_serial_key() {
  using info = table_info<T>;
  if constexpr (info::primary_key_count == 1) return info::template is_serial<info::primary_key_index>;
  else return false;
}

// "t"."k" = ? [AND "t"."k2" = ?]: the row's key values.
template <class T>
auto key_condition(const T& row) {
  return [&]<class... K>(boost::mp11::mp_list<K...>) {
    return ((column_at<T, K::value> == reflect::get<K::value>(row)) && ...);
  }(typename key_columns<T>::keys{});
}

// RETURNING every column, read back as the row itself.
template <class T>
struct returning_object {
  static constexpr bool present = true;
  using row_type = T;
  static constexpr void render(sql_writer& w) { render_names(w, " RETURNING "); }
  static constexpr void render_names(sql_writer& w, std::string_view before_first) {
    reflect::for_each_field_index<T>([&](auto i) {
      w.put(i.value == 0 ? before_first : ", ").identifier(table_info<T>::template column_name<i.value>);
    });
  }
  template <class Reader>
  static T read(Reader& r) {
    return read_row_as<T>(r);
  }
};
template <class T>
struct returning_names<returning_object<T>> {
  static constexpr void render(sql_writer& w, std::string_view before_first) {
    returning_object<T>::render_names(w, before_first);
  }
};

// INSERT of a new row, RETURNING its assigned serial key.
template <class T>
auto insert_returning_key(const T& row) {
  return insert(row).returning(column_at<T, table_info<T>::primary_key_index>);
}

// INSERT of a new row, RETURNING every column: the row as stored, with the values the
// database computed (serial key, pc::default_now, pc::default_uuid7, ...).
template <class T>
auto insert_returning_row(const T& row) {
  return insert_query<T, borrowed_row<T>, false, returning_object<T>>{borrowed_row<T>{&row}};
}

// Whether row's key is one column with a database-side default, left unset: the row is
// new, and only the database knows its key.
template <class T>
constexpr bool key_left_to_database(const T& row) {
  using info = table_info<T>;
  if constexpr (info::primary_key_count == 1 && info::template has_db_default<info::primary_key_index>)
    return is_unset_for_default(reflect::get<info::primary_key_index>(row));
  else
    return false;
}

// UPDATE every column that is not part of the key, by key.
template <class T>
auto update_by_key(const T& row) {
  return [&]<class... V>(boost::mp11::mp_list<V...>) {
    return update<T>().set((column_at<T, V::value> = reflect::get<V::value>(row))...).where(key_condition(row));
  }(typename key_columns<T>::values{});
}

// UPDATE the named columns, by key.
template <class T, class... Columns>
auto update_columns_by_key(const T& row, const Columns&...) {
  return update<T>().set((Columns{} = reflect::get<Columns::index>(row))...).where(key_condition(row));
}

// INSERT ... ON CONFLICT (key) DO UPDATE SET every other column to the proposed row's
// value (DO NOTHING when every column is part of the key).
template <class T>
auto upsert_by_key(const T& row) {
  return [&]<class... K, class... V>(boost::mp11::mp_list<K...>, boost::mp11::mp_list<V...>) {
    auto conflict = insert(row).on_conflict(column_at<T, K::value>...);
    if constexpr (sizeof...(V) == 0) return conflict;
    else return std::move(conflict).do_update(column_at<T, V::value>...);
  }(typename key_columns<T>::keys{}, typename key_columns<T>::values{});
}

template <class T>
auto delete_by_key(const T& row) {
  return delete_from<T>().where(key_condition(row));
}

template <class T>
auto select_by_key(const T& row) {
  return objects<T>().where(key_condition(row)).first();
}

// INSERT ... ON CONFLICT DO NOTHING RETURNING every column: the row as stored, or no
// row when it conflicts with one already there.
template <class T>
auto insert_unless_conflict(T row) {
  using rows_t = owned_rows<std::array<T, 1>>;
  return insert_query<T, rows_t, false, returning_object<T>, conflict_clause<boost::mp11::mp_list<>>>{
      rows_t{{std::move(row)}}};
}

// The row a foreign key points at, by that row's key.
template <class Target, class Key>
auto select_referenced(const Key& key) {
  return objects<Target>().where(column_at<Target, table_info<Target>::primary_key_index> == key).first();
}

// The table of an objects<T>() query (rows, or first() / get() of them), or void.
template <class Shape>
struct object_shape_table {
  using type = void;
};
template <class X>
struct object_shape_table<object_shape<X>> {
  using type = X;
};
template <class Q>
struct objects_query_table {
  using type = void;
};
template <class State>
struct objects_query_table<select_query<State>> {
  using type = std::conditional_t<State::kind == result_kind::rows || State::kind == result_kind::first_row,
                                  typename object_shape_table<typename State::shape>::type, void>;
};

// The query's first row: LIMIT 1 once.
template <class Q>
auto first_of(const Q& q) {
  if constexpr (Q::kind == result_kind::first_row) return q;
  else return q.first();
}

// What get_related(row, column) returns: the referenced table's row.
template <class Column>
using related_row_t = typename foreign_key_target<typename Column::stored_type>::type;

}  // namespace detail
}  // namespace piccolo
