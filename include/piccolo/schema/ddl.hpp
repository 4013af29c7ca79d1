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
// the same columns have different names. Each character goes to put(ch).
// (columns as pointer and count: a std::span here costs ~2 MiB of compile memory in every TU)
template <class Put>
constexpr void put_index_name_chars(std::string_view table, const std::string_view* columns, std::size_t count,
                                    std::string_view method, Put&& put) noexcept {
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
}

// The whole name into out (nullptr: only measured); returns its length.
constexpr std::size_t write_index_name(std::string_view table, const std::string_view* columns, std::size_t count,
                                       char* out, std::string_view method = {}) noexcept {
  std::size_t n = 0;
  put_index_name_chars(table, columns, count, method, [&](char ch) {
    if (out) out[n] = ch;
    ++n;
  });
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

// A name of at most PostgreSQL's 63 bytes, built at compile time or at run time.
struct stored_name {
  std::array<char, postgres_name_limit> chars{};
  std::size_t size = 0;
  constexpr std::string_view view() const noexcept { return {chars.data(), size}; }
};

// The name piccolo gives an index (and the database stores): write_index_name's, or, past
// 63 bytes, its first 54 bytes cut on a character boundary, '$' and 8 hex digits of the
// FNV-1a hash of the whole name. A function of the table's name: migrations and
// alter<T>().rename_from() rename the index with its table.
constexpr stored_name stored_index_name(std::string_view table, const std::string_view* columns, std::size_t count,
                                        std::string_view method = {}) noexcept {
  std::array<char, postgres_name_limit + 1> head{};
  std::size_t full_size = 0;
  std::uint32_t hash = 2166136261u;
  put_index_name_chars(table, columns, count, method, [&](char ch) {
    if (full_size < head.size()) head[full_size] = ch;
    ++full_size;
    hash = (hash ^ static_cast<unsigned char>(ch)) * 16777619u;
  });
  stored_name name;
  if (full_size <= postgres_name_limit) {
    for (std::size_t i = 0; i < full_size; ++i) name.chars[i] = head[i];
    name.size = full_size;
    return name;
  }
  std::size_t kept = postgres_name_limit - 9;  // room for '$' and 8 hex digits
  while (kept > 0 && (static_cast<unsigned char>(head[kept]) & 0xC0) == 0x80) --kept;
  for (std::size_t i = 0; i < kept; ++i) name.chars[i] = head[i];
  name.chars[kept] = '$';
  for (std::size_t i = 0; i < 8; ++i) name.chars[kept + 8 - i] = "0123456789abcdef"[(hash >> (4 * i)) & 0xF];
  name.size = kept + 9;
  return name;
}

// The name of T's index over columns I... (one or more, in index order) built with Method.
template <class T, index_method Method, std::size_t... I>
struct method_index_name {
  static constexpr std::array<std::string_view, sizeof...(I)> columns{table_info<T>::template column_name<I>...};
  static constexpr stored_name value =
      stored_index_name(table_info<T>::name, columns.data(), columns.size(), index_method_name(Method));
  static constexpr std::size_t size = value.size;
  static constexpr std::string_view view = value.view();
};
template <class T, std::size_t... I>
using index_name = method_index_name<T, index_method::btree, I...>;

// ---- names PostgreSQL would cut: a table or column name past 63 bytes is stored shorter,
// so the catalog (introspection, verify_schema, migrations) would read back another name.
// Refused where a schema is named; the compiler's note names each such name as
// table_name_longer_than_63_bytes<Struct, name_text<N>{"..."}> or
// column_name_longer_than_63_bytes<Struct, column index, name_text<N>{"..."}>: GCC prints the
// text, Clang only its first bytes as numbers, so the struct and the column index come first.
template <std::size_t N>
struct name_text {
  char chars[N + 1]{};
};
template <class Struct, name_text Name>
struct table_name_longer_than_63_bytes {};
template <class Struct, std::size_t ColumnIndex, name_text Name>
struct column_name_longer_than_63_bytes {};

template <std::size_t N>
constexpr name_text<N> name_text_of(std::string_view name) noexcept {
  name_text<N> text{};
  for (std::size_t i = 0; i < N; ++i) text.chars[i] = name[i];
  return text;
}

// Column I of T, or (I == column_count) T's table.
template <class T, std::size_t I>
constexpr std::string_view table_or_column_name() noexcept {
  if constexpr (I == table_info<T>::column_count) return table_info<T>::name;
  else return table_info<T>::template column_name<I>;
}
template <bool TooLong, class T, std::size_t I>
struct long_name_entry {
  using type = boost::mp11::mp_list<>;
};
template <class T, std::size_t I>
struct long_name_entry<true, T, I> {
  static constexpr std::string_view name = table_or_column_name<T, I>();
  using type = boost::mp11::mp_list<std::conditional_t<
      I == table_info<T>::column_count, table_name_longer_than_63_bytes<T, name_text_of<name.size()>(name)>,
      column_name_longer_than_63_bytes<T, I, name_text_of<name.size()>(name)>>>;
};
template <class T>
struct long_names_of {
  template <std::size_t... I>
  static auto pick(std::index_sequence<I...>)
      -> boost::mp11::mp_append<boost::mp11::mp_list<>,
                                typename long_name_entry<(table_or_column_name<T, I>().size() > postgres_name_limit), T,
                                                         I>::type...>;
  using type = decltype(pick(std::make_index_sequence<table_info<T>::column_count + 1>{}));
};
// The names of Ts' tables and columns longer than 63 bytes, as an mp_list (empty when none).
template <class... Ts>
using names_longer_than_postgres_keeps = boost::mp11::mp_append<boost::mp11::mp_list<>, typename long_names_of<Ts>::type...>;
// Whether every table and column name of Ts fits (assert the is_same_v itself: the
// compiler's note then shows the list of the names that do not).
template <class... Ts>
inline constexpr bool postgres_keeps_names = std::is_same_v<names_longer_than_postgres_keeps<Ts...>, boost::mp11::mp_list<>>;

// render_create_table: in schema/describe.hpp, from the table's description.

template <class T>
constexpr void render_drop_table(sql_writer& w, bool if_exists) {
  w.put("DROP TABLE ");
  if (if_exists) w.put("IF EXISTS ");
  w.identifier(table_info<T>::name);
}

}  // namespace piccolo::detail
