#pragma once
// The parts of a table's DDL (checks, column types, defaults, index names) and DROP
// TABLE; CREATE TABLE is rendered from the table's description (schema/describe.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo::detail {

// A member initializer (int popularity = 0;) becomes the column's DEFAULT. Scalars
// count as initialised only when reading them from a default-initialised object is a
// constant expression; class types (strings, optionals) when they differ from their
// default-constructed value.
template <class T, std::size_t I>
constexpr auto default_member_value() {
  T object;
  return reflect::get<I>(object);
}
// The value is destroyed inside the function: Clang does not destroy a temporary of a
// template argument expression and would report a leaked allocation.
template <class T, std::size_t I>
constexpr bool probe_default_member_value() {
  auto value = default_member_value<T, I>();
  (void)value;
  return true;
}
template <class T, std::size_t I>
concept has_constant_default = requires {
  typename std::integral_constant<bool, probe_default_member_value<T, I>()>;
};

// Whether a member initializer says something other than F{}; a type without == (a
// std::chrono::hh_mm_ss) compares by its DEFAULT text.
template <class F>
constexpr bool differs_from_value_initialized(const F& value) {
  if constexpr (requires { value == value; }) {
    return !(value == F{});
  } else if constexpr (is_optional<F>) {
    return value.has_value();
  } else {
    char given[64]{}, initial[64]{};
    sql_writer a{dialect_id::postgres, given}, b{dialect_id::postgres, initial};
    value_traits<F>::literal(a, value);
    value_traits<F>::literal(b, F{});
    return std::string_view{given, a.size()} != std::string_view{initial, b.size()};
  }
}

template <class T, std::size_t I>
constexpr bool has_default_value() {
  using F = reflect::field_type<T, I>;
  if constexpr (is_serial<F> || is_foreign_key<F> || is_foreign_key<typename column_type_info<F>::type> ||
                !requires(sql_writer& w, const typename column_type_info<F>::type& v) {
                  value_traits<typename column_type_info<F>::type>::literal(w, v);
                }) {
    return false;
  } else if constexpr (!has_constant_default<T, I>) {
    return false;
  } else if constexpr (std::is_class_v<F>) {
    return differs_from_value_initialized(default_member_value<T, I>());
  } else {
    return true;
  }
}

// ---- database-side defaults (pc::default_now, default_uuid4 / uuid7, default_sql) ----

// A uuid of version 7 from PostgreSQL 15's built-ins (it has no uuidv7()): a random v4
// uuid whose first 48 bits become the Unix time in milliseconds and whose version
// nibble turns from 4 into 7 (bits 52 and 53 set).
inline constexpr std::string_view postgres_uuid7_sql =
    "CAST(encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING "
    "substring(int8send(CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS bigint)) FROM 3) "
    "FROM 1 FOR 6), 52, 1), 53, 1), 'hex') AS uuid)";

// SQLite's 'now' as piccolo writes a timestamp: "YYYY-MM-DD HH:MM:SS" and, when the
// milliseconds are not zero, six fraction digits ('now' is one value within a statement).
inline constexpr std::string_view sqlite_now_micros_sql =
    "strftime('%Y-%m-%d %H:%M:%S', 'now') || CASE WHEN substr(strftime('%f', 'now'), 4) = '000' THEN '' "
    "ELSE substr(strftime('%f', 'now'), 3) || '000' END";

// The time of the transaction in Column's form: UTC (a TIMESTAMP holds UTC in piccolo,
// whatever the session's TimeZone), cut to the C++ type's precision so that it reads back.
template <class Column>
constexpr void write_now_default(sql_writer& w) {
  const bool sqlite = w.dialect() == dialect_id::sqlite;
  if constexpr (std::is_same_v<Column, timestamptz>) {
    if (sqlite) w.put('(').put(sqlite_now_micros_sql).put(" || '+00:00')");
    else w.put("CURRENT_TIMESTAMP");
  } else if constexpr (std::is_same_v<Column, std::chrono::year_month_day>) {
    w.put(sqlite ? "(date('now'))" : "CAST(now() AT TIME ZONE 'UTC' AS date)");
  } else if constexpr (std::is_same_v<Column, std::chrono::sys_time<std::chrono::seconds>>) {
    w.put(sqlite ? "(strftime('%Y-%m-%d %H:%M:%S', 'now'))" : "date_trunc('second', now() AT TIME ZONE 'UTC')");
  } else if constexpr (std::is_same_v<Column, std::chrono::sys_time<std::chrono::milliseconds>>) {
    if (sqlite) w.put('(').put(sqlite_now_micros_sql).put(')');
    else w.put("date_trunc('milliseconds', now() AT TIME ZONE 'UTC')");
  } else if constexpr (std::is_same_v<Column, std::chrono::sys_time<std::chrono::microseconds>>) {
    if (sqlite) w.put('(').put(sqlite_now_micros_sql).put(')');
    else w.put("(now() AT TIME ZONE 'UTC')");
  }
  // other types: default_now<...> reported them
}

// Whether column I of T has a database-side default; the table-wide test first, so that
// the columns of a table without any cost nothing more.
template <class T, std::size_t I>
constexpr bool has_db_default_column() {
  if constexpr (table_info<T>::any_db_default) return table_info<T>::template has_db_default<I>;
  else return false;
}

// The DEFAULT expression of a column with a database-side default, for w's dialect.
template <class T, std::size_t I>
constexpr void write_db_default(sql_writer& w) {
  using option = typename table_info<T>::template db_default<I>;
  const bool sqlite = w.dialect() == dialect_id::sqlite;
  if constexpr (option::kind == default_kind::now) {
    write_now_default<typename table_info<T>::template column_type<I>>(w);
  } else if constexpr (option::kind == default_kind::uuid4) {
    w.put(sqlite ? "(piccolo_uuid4())" : "gen_random_uuid()");
  } else if constexpr (option::kind == default_kind::uuid7) {
    w.put(sqlite ? std::string_view{"(piccolo_uuid7())"} : postgres_uuid7_sql);
  } else {
    w.put('(').put(sqlite ? option::sqlite_sql : option::postgres_sql).put(')');
  }
}

// Whether column I of a row holds no value of its own, so that the database's default
// applies: std::nullopt, or the value-initialised value (T{}: nil uuid, the epoch, 0, "").
template <class F>
constexpr bool is_unset_for_default(const F& value) {
  if constexpr (is_optional<F>) return !value.has_value();
  else if constexpr (requires { value == F{}; }) return value == F{};
  else return false;
}

constexpr std::string_view action_sql(action a) noexcept {
  switch (a) {
    case action::cascade: return "CASCADE";
    case action::restrict: return "RESTRICT";
    case action::set_null: return "SET NULL";
    case action::set_default: return "SET DEFAULT";
    case action::no_action: return "NO ACTION";
  }
  return "NO ACTION";
}

// ---- checks of a table struct, asserted where the user names it (create_table(),
// create_tables()); the renderer below then only renders what passed.
template <class T, std::size_t I>
struct column_check {
  using column = typename table_info<T>::template column_type<I>;
  static constexpr bool storable = column_value<column>;
  static constexpr bool references_key = [] {
    // a foreign key names one column: the referenced key must be a single column
    if constexpr (is_foreign_key<column>)
      return table_with_primary_key<typename column::table_type> &&
             table_info<typename column::table_type>::primary_key_count == 1;
    else return true;
  }();
  static constexpr bool key_type_matches = [] {
    if constexpr (is_foreign_key<column> && references_key) {
      using target = typename column::table_type;
      using key_field = reflect::field_type<target, table_info<target>::primary_key_index>;
      return std::is_same_v<result_type_of<key_field>, typename column::key_type>;
    } else {
      return true;
    }
  }();
  static constexpr bool renderable = storable && references_key && key_type_matches;
};

enum class column_problem { unstorable, no_target_key, wrong_key_type };

template <class T, std::size_t I, column_problem P>
constexpr bool column_has_problem() {
  using check = column_check<T, I>;
  if constexpr (P == column_problem::unstorable) return !check::storable;
  else if constexpr (P == column_problem::no_target_key) return !check::references_key;
  else return !check::key_type_matches;
}

// The field types of T's columns with problem P, as an mp_list (empty when none).
// Asserted equal to mp_list<>, so that the compiler's note names the offending types.
template <class T, column_problem P>
struct columns_with_problem {
  template <std::size_t... I>
  static auto pick(std::index_sequence<I...>)
      -> boost::mp11::mp_append<boost::mp11::mp_list<>,
                                std::conditional_t<column_has_problem<T, I, P>(),
                                                   boost::mp11::mp_list<reflect::field_type<T, I>>,
                                                   boost::mp11::mp_list<>>...>;
  using type = decltype(pick(std::make_index_sequence<reflect::field_count<T>>{}));
};
template <class... Ts>
using unstorable_columns =
    boost::mp11::mp_append<boost::mp11::mp_list<>,
                           typename columns_with_problem<Ts, column_problem::unstorable>::type...>;
template <class... Ts>
using foreign_keys_to_keyless_tables =
    boost::mp11::mp_append<boost::mp11::mp_list<>,
                           typename columns_with_problem<Ts, column_problem::no_target_key>::type...>;
template <class... Ts>
using foreign_keys_with_wrong_key_type =
    boost::mp11::mp_append<boost::mp11::mp_list<>,
                           typename columns_with_problem<Ts, column_problem::wrong_key_type>::type...>;

template <class T>
constexpr bool has_serial_in_composite_key() {
  bool serial = false;
  reflect::for_each_field_index<T>([&](auto i) { serial = serial || table_info<T>::template is_serial<i.value>; });
  return serial && table_info<T>::primary_key_count > 1;
}
template <class... Ts>
inline constexpr bool serial_in_composite_key = (has_serial_in_composite_key<Ts>() || ...);

// The SQL type of column I (a foreign key takes its referenced key's type).
template <class T, std::size_t I>
constexpr void render_column_type(sql_writer& w) {
  using column = typename table_info<T>::template column_type<I>;
  if constexpr (is_foreign_key<column>) {
    using target_info = table_info<typename column::table_type>;
    using key_field = reflect::field_type<typename column::table_type, target_info::primary_key_index>;
    if constexpr (requires { value_traits<key_field>::reference_type(w); })
      value_traits<key_field>::reference_type(w);
    else
      value_traits<key_field>::sql_type(w);
  } else {
    value_traits<column>::sql_type(w);
  }
}

// Bytes of column I in PostgreSQL's binary format (value_traits' binary_width; a foreign
// key has its referenced key's); -1 when variable (text, bytes) or not said.
template <class T, std::size_t I>
constexpr int postgres_binary_width() {
  using column = typename table_info<T>::template column_type<I>;
  if constexpr (is_foreign_key<column>) {
    using target_info = table_info<typename column::table_type>;
    return binary_width_of<reflect::field_type<typename column::table_type, target_info::primary_key_index>>();
  } else {
    return binary_width_of<column>();
  }
}

// ---- index names: "ix$<table>$<column>". '$' separates and '\' escapes a '$' or '\'
// inside a name, so no two (table, column) pairs share a name (a table "a" indexed on
// "b_c" and a table "a_b" on "c" do not collide), and no index takes the name of a
// table or of PostgreSQL's own (band_name_key, band_id_seq). PostgreSQL keeps 63 bytes
// of a name: a longer one is cut on a character boundary and ends with '$' and 8 hex
// digits of a hash of the whole name, so two long names stay apart.
inline constexpr std::size_t postgres_name_limit = 63;

// The part of a name PostgreSQL keeps: 63 bytes, cut on a character boundary.
constexpr std::string_view postgres_stored_name(std::string_view name) noexcept {
  if (name.size() <= postgres_name_limit) return name;
  std::size_t cut = postgres_name_limit;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return name.substr(0, cut);
}

// Several columns: "ix$<table>$<a>$<b>"; an index built with another method than btree
// starts with "ix_<method>" ("ix_gin$<table>$<a>"), so that a B-tree and a GIN index on
// the same columns have different names.
// (columns as pointer and count: a std::span here costs ~2 MiB of compile memory in every TU)
constexpr std::size_t write_index_name(std::string_view table, const std::string_view* columns, std::size_t count,
                                       char* out, std::string_view method = {}) noexcept {
  std::size_t n = 0;
  auto put = [&](char ch) {
    if (out) out[n] = ch;
    ++n;
  };
  auto part = [&](std::string_view name) {
    put('$');
    for (char ch : name) {
      if (ch == '$' || ch == '\\') put('\\');
      put(ch);
    }
  };
  put('i');
  put('x');
  if (!method.empty() && method != "btree") {
    put('_');
    for (char ch : method) put(ch);
  }
  part(table);
  for (std::size_t k = 0; k < count; ++k) part(columns[k]);
  return n;
}
constexpr std::size_t write_index_name(std::string_view table, std::string_view column, char* out) noexcept {
  return write_index_name(table, &column, 1, out);
}

constexpr std::uint32_t fnv1a(std::string_view text) noexcept {
  std::uint32_t hash = 2166136261u;
  for (char ch : text) hash = (hash ^ static_cast<unsigned char>(ch)) * 16777619u;
  return hash;
}

// The name of T's index over columns I... (one or more, in index order) built with Method.
template <class T, index_method Method, std::size_t... I>
struct method_index_name {
  static constexpr std::string_view table = table_info<T>::name;
  static constexpr std::array<std::string_view, sizeof...(I)> columns{table_info<T>::template column_name<I>...};
  static constexpr std::size_t full_size = write_index_name(table, columns.data(), columns.size(), nullptr, index_method_name(Method));
  static constexpr std::array<char, full_size> full = [] {
    std::array<char, full_size> chars{};
    write_index_name(table, columns.data(), columns.size(), chars.data(), index_method_name(Method));
    return chars;
  }();
  static constexpr bool hashed = full_size > postgres_name_limit;
  static constexpr std::size_t kept = [] {
    std::size_t cut = postgres_name_limit - 9;  // room for '$' and 8 hex digits
    while (hashed && cut > 0 && (static_cast<unsigned char>(full[cut]) & 0xC0) == 0x80) --cut;
    return cut;
  }();
  static constexpr std::size_t size = hashed ? kept + 9 : full_size;
  static constexpr std::array<char, size> value = [] {
    std::array<char, size> chars{};
    if constexpr (hashed) {
      for (std::size_t i = 0; i < kept; ++i) chars[i] = full[i];
      chars[kept] = '$';
      std::uint32_t hash = fnv1a({full.data(), full_size});
      for (std::size_t i = 0; i < 8; ++i) chars[kept + 8 - i] = "0123456789abcdef"[(hash >> (4 * i)) & 0xF];
    } else {
      for (std::size_t i = 0; i < full_size; ++i) chars[i] = full[i];
    }
    return chars;
  }();
  static constexpr std::string_view view{value.data(), size};
};
template <class T, std::size_t... I>
using index_name = method_index_name<T, index_method::btree, I...>;

// render_create_table: in schema/describe.hpp, from the table's description.

template <class T>
constexpr void render_drop_table(sql_writer& w, bool if_exists) {
  w.put("DROP TABLE ");
  if (if_exists) w.put("IF EXISTS ");
  w.identifier(table_info<T>::name);
}

}  // namespace piccolo::detail
