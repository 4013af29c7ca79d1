#pragma once
// The schema as data: pc::describe<T>() is one constexpr description of a table (its
// columns with their SQL type per dialect, nullability, default, keys, uniques, indexes
// and foreign keys); pc::schema<Ts...> the tables in foreign-key dependency order.
// CREATE TABLE text is rendered from it, so DDL and migrations read the same facts.
// Every text is a string_view into static storage: usable at compile and at run time.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo {

struct foreign_key_description {
  std::string_view table;   // the referenced table
  std::string_view column;  // its primary key column
  action on_delete = action::cascade;
  action on_update = action::cascade;
};

struct column_description {
  std::string_view name;
  // The type as piccolo writes it in CREATE TABLE, upper case: "VARCHAR(50)", "SERIAL"
  // (PostgreSQL) / "INTEGER" (SQLite) for a serial key, "BIGINT" for a foreign key to a
  // BIGSERIAL. Empty for a column create_table() rejects.
  std::string_view sqlite_type;
  std::string_view postgres_type;
  bool nullable = false;
  bool primary_key = false;  // part of the primary key
  bool serial = false;       // pc::serial / pc::bigserial: generated key
  bool unique = false;       // a single-column UNIQUE
  // Where the default comes from: none, literal (a member initializer), or one the
  // database computes (now, uuid4, uuid7, sql: the pc::default_* options).
  piccolo::default_kind default_kind = piccolo::default_kind::none;
  // The DEFAULT expression as rendered per dialect; empty when none.
  std::string_view sqlite_default;
  std::string_view postgres_default;
  bool has_foreign_key = false;
  foreign_key_description foreign_key{};

  constexpr std::string_view type(dialect_id d) const noexcept {
    return d == dialect_id::sqlite ? sqlite_type : postgres_type;
  }
  constexpr std::string_view default_value(dialect_id d) const noexcept {
    return d == dialect_id::sqlite ? sqlite_default : postgres_default;
  }
  constexpr bool has_default() const noexcept { return !sqlite_default.empty() || !postgres_default.empty(); }
};

// A table constraint over several columns: pc::unique<&T::a, &T::b>.
struct unique_description {
  std::span<const std::string_view> columns;
};

// pc::index<&T::a> (one column) or pc::index_on<&T::a, &T::b> / index_using<method, ...>.
struct index_description {
  // see detail::write_index_name: "ix$<table>$<column>[$<column>...]", "ix_gin$<table>$<column>"
  std::string_view name;
  std::span<const std::string_view> columns;  // in index order
  std::string_view method = "btree";          // index_method_name(): btree, hash, gin, gist, brin
  bool unique = false;

  // Whether CREATE TABLE creates it on the dialect: SQLite has B-trees only, so gin, gist
  // and brin indexes exist on PostgreSQL alone (btree and hash are plain indexes on SQLite).
  constexpr bool exists_on(dialect_id d) const noexcept {
    return d == dialect_id::postgres || method == "btree" || method == "hash";
  }
};

struct table_description {
  std::string_view name;
  std::span<const column_description> columns;  // declaration order
  std::span<const std::string_view> primary_key;
  std::span<const unique_description> unique_constraints;
  std::span<const index_description> indexes;

  // The column called name, or nullptr.
  constexpr const column_description* column(std::string_view column_name) const noexcept {
    for (const column_description& c : columns)
      if (c.name == column_name) return &c;
    return nullptr;
  }
};

namespace detail {

// The texts of the description, written by the same value_traits the queries use;
// nothing for a column create_table() rejects.
template <class T, std::size_t I>
constexpr void write_column_type(sql_writer& w) {
  if constexpr (column_check<T, I>::renderable) render_column_type<T, I>(w);
}
template <class T, std::size_t I>
constexpr void write_column_default(sql_writer& w) {
  using info = table_info<T>;
  using column = typename info::template column_type<I>;
  if constexpr (column_check<T, I>::renderable && !info::template is_serial<I>) {
    if constexpr (has_db_default_column<T, I>()) {
      write_db_default<T, I>(w);
    } else if constexpr (has_default_value<T, I>()) {
      if constexpr (info::template nullable<I>)
        value_traits<column>::literal(w, *default_member_value<T, I>());
      else
        value_traits<column>::literal(w, default_member_value<T, I>());
    }
  }
}

// All column types and defaults of T for dialect D, back to back in one static array
// (one measuring and one writing pass per table): text 2i is column i's type, 2i+1 its
// default.
template <class T, dialect_id D>
struct column_texts {
  static constexpr std::size_t count = 2 * table_info<T>::column_count;
  static constexpr void write(sql_writer& w, std::size_t* ends) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      std::size_t k = 0;
      ((write_column_type<T, I>(w), ends[k++] = w.size(), write_column_default<T, I>(w), ends[k++] = w.size()),
       ...);
    }(std::make_index_sequence<table_info<T>::column_count>{});
  }
  static constexpr std::array<std::size_t, count> ends = [] {
    std::array<std::size_t, count> result{};
    sql_writer w{D};
    write(w, result.data());
    return result;
  }();
  static constexpr std::size_t size = count == 0 ? 0 : ends[count - 1];
  static constexpr std::array<char, size + 1> text = [] {
    std::array<char, size + 1> buffer{};
    std::array<std::size_t, count> unused{};
    sql_writer w{D, buffer.data()};
    write(w, unused.data());
    return buffer;
  }();
  static constexpr std::string_view piece(std::size_t k) noexcept {
    const std::size_t begin = k == 0 ? 0 : ends[k - 1];
    return {text.data() + begin, ends[k] - begin};
  }
};

// Which dialects' texts a description holds: describe<T>() has both; CREATE TABLE for one
// dialect reads a description with only that dialect's, so that a program using one
// engine renders no text for the other.
enum dialect_set : unsigned { sqlite_only = 1, postgres_only = 2, both_dialects = 3 };
constexpr dialect_set dialect_set_of(dialect_id d) noexcept {
  return d == dialect_id::sqlite ? sqlite_only : postgres_only;
}

template <class T, std::size_t I, dialect_set Dialects>
constexpr column_description describe_column() {
  using info = table_info<T>;
  using column = typename info::template column_type<I>;
  column_description c;
  c.name = info::template column_name<I>;
  if constexpr ((Dialects & sqlite_only) != 0) {
    c.sqlite_type = column_texts<T, dialect_id::sqlite>::piece(2 * I);
    c.sqlite_default = column_texts<T, dialect_id::sqlite>::piece(2 * I + 1);
  }
  if constexpr ((Dialects & postgres_only) != 0) {
    c.postgres_type = column_texts<T, dialect_id::postgres>::piece(2 * I);
    c.postgres_default = column_texts<T, dialect_id::postgres>::piece(2 * I + 1);
  }
  if constexpr (has_db_default_column<T, I>()) c.default_kind = info::template db_default<I>::kind;
  else if constexpr (column_check<T, I>::renderable && !info::template is_serial<I> && has_default_value<T, I>())
    c.default_kind = default_kind::literal;
  c.nullable = info::template nullable<I>;
  c.primary_key = info::template primary_key<I>;
  c.serial = info::template is_serial<I>;
  c.unique = info::template unique<I>;
  if constexpr (is_foreign_key<column> && column_check<T, I>::renderable) {
    using target_info = table_info<typename column::table_type>;
    c.has_foreign_key = true;
    c.foreign_key = {target_info::name, target_info::template column_name<target_info::primary_key_index>,
                     info::template on_delete<I>, info::template on_update<I>};
  }
  return c;
}

// Names of T's columns selected by Pick(i), in declaration order.
template <class T, std::size_t N, class Pick>
constexpr std::array<std::string_view, N> column_names_where(Pick pick) {
  std::array<std::string_view, N> names{};
  std::size_t n = 0;
  reflect::for_each_field_index<T>([&](auto i) {
    if (pick(i)) names[n++] = table_info<T>::template column_name<i.value>;
  });
  return names;
}

template <class Option>
struct unique_columns_names;
template <auto... Members>
struct unique_columns_names<unique_columns_option<Members...>> {
  template <class T>
  static constexpr std::array<std::string_view, sizeof...(Members)> names{
      table_info<T>::template column_name<reflect::member_index<Members>>...};
};

template <class Option>
struct index_columns_names;
template <index_method Method, auto... Members>
struct index_columns_names<index_columns_option<Method, Members...>> {
  template <class T>
  static constexpr std::array<std::string_view, sizeof...(Members)> names{
      table_info<T>::template column_name<reflect::member_index<Members>>...};
  template <class T>
  using name = method_index_name<T, Method, reflect::member_index<Members>...>;
};

// The parts of a description that do not depend on the dialect.
template <class T>
struct table_description_parts {
  using info = table_info<T>;
  using option_types = boost::mp11::mp_rename<typename options_of<T>::type, boost::mp11::mp_list>;
  template <class Option>
  using is_unique_constraint = std::bool_constant<is_unique_columns_option<Option>>;
  using unique_options = boost::mp11::mp_copy_if<option_types, is_unique_constraint>;

  static constexpr auto primary_key =
      column_names_where<T, info::primary_key_count>([](auto i) { return info::template primary_key<i.value>; });

  static constexpr auto uniques = []<class... Options>(boost::mp11::mp_list<Options...>) {
    return std::array<unique_description, sizeof...(Options)>{
        unique_description{unique_columns_names<Options>::template names<T>}...};
  }(unique_options{});

  template <class Option>
  using is_index_columns = std::bool_constant<is_index_columns_option<Option>>;
  using index_options = boost::mp11::mp_copy_if<option_types, is_index_columns>;

  static constexpr std::size_t single_index_count = [] {
    std::size_t n = 0;
    reflect::for_each_field_index<T>([&](auto i) { n += info::template indexed<i.value>; });
    return n;
  }();
  template <std::size_t I>
  static constexpr std::array<std::string_view, 1> index_column{info::template column_name<I>};
  // pc::index<&T::m> options in declaration order of the columns, then index_on /
  // index_using options in the order given.
  static constexpr auto indexes = [] {
    std::array<index_description, single_index_count + boost::mp11::mp_size<index_options>::value> result{};
    std::size_t n = 0;
    reflect::for_each_field_index<T>([&](auto i) {
      if constexpr (info::template indexed<i.value>)
        result[n++] = index_description{index_name<T, i.value>::view, index_column<i.value>};
    });
    boost::mp11::mp_for_each<index_options>([&]<class Option>(Option) {
      result[n++] = index_description{index_columns_names<Option>::template name<T>::view,
                                      index_columns_names<Option>::template names<T>,
                                      index_method_name(Option::method)};
    });
    return result;
  }();

};

template <class T, dialect_set Dialects = both_dialects>
struct table_description_storage {
  using parts = table_description_parts<T>;
  static constexpr auto columns = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<column_description, sizeof...(I)>{describe_column<T, I, Dialects>()...};
  }(std::make_index_sequence<table_info<T>::column_count>{});
  static constexpr table_description value{table_info<T>::name, columns, parts::primary_key, parts::uniques,
                                           parts::indexes};
};

// One column as CREATE TABLE and ALTER TABLE ... ADD COLUMN declare it:
// "name" TYPE [PRIMARY KEY | NOT NULL UNIQUE REFERENCES ... DEFAULT ...].
constexpr void render_column_definition(sql_writer& w, const column_description& c) {
  const dialect_id d = w.dialect();
  w.identifier(c.name).put(' ').put(c.type(d));
  if (c.type(d).empty()) return;  // create_table() reported it
  if (c.serial) return void(w.put(" PRIMARY KEY"));
  if (!c.nullable) w.put(" NOT NULL");
  if (c.unique) w.put(" UNIQUE");
  if (c.has_foreign_key) {
    w.put(" REFERENCES ").identifier(c.foreign_key.table).put(" (").identifier(c.foreign_key.column);
    w.put(") ON DELETE ").put(action_sql(c.foreign_key.on_delete));
    w.put(" ON UPDATE ").put(action_sql(c.foreign_key.on_update));
  }
  if (!c.default_value(d).empty()) w.put(" DEFAULT ").put(c.default_value(d));
}

// CREATE TABLE and its CREATE INDEX statements, from the description alone.
constexpr void render_create_table(sql_writer& w, const table_description& table, bool if_not_exists) {
  const dialect_id d = w.dialect();
  w.put("CREATE TABLE ");
  if (if_not_exists) w.put("IF NOT EXISTS ");
  w.identifier(table.name).put(" (");
  bool serial_key = false;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const column_description& c = table.columns[i];
    if (i > 0) w.put(", ");
    // a serial key is declared on its column
    serial_key = serial_key || (c.serial && !c.type(d).empty() && table.primary_key[0] == c.name);
    render_column_definition(w, c);
  }
  // A key that is not a serial is declared as a table constraint (composite keys too).
  if (!table.primary_key.empty() && !serial_key) {
    w.put(", PRIMARY KEY (");
    for (std::size_t i = 0; i < table.primary_key.size(); ++i) w.put(i > 0 ? ", " : "").identifier(table.primary_key[i]);
    w.put(')');
  }
  for (const unique_description& u : table.unique_constraints) {
    w.put(", UNIQUE (");
    for (std::size_t i = 0; i < u.columns.size(); ++i) w.put(i > 0 ? ", " : "").identifier(u.columns[i]);
    w.put(')');
  }
  w.put(')');
  for (const index_description& index : table.indexes) {
    if (!index.exists_on(d)) continue;
    w.put(index.unique ? ";\nCREATE UNIQUE INDEX " : ";\nCREATE INDEX ");
    if (if_not_exists) w.put("IF NOT EXISTS ");
    w.identifier(index.name).put(" ON ").identifier(table.name);
    if (index.method != "btree" && d == dialect_id::postgres) w.put(" USING ").put(index.method);
    w.put(" (");
    for (std::size_t i = 0; i < index.columns.size(); ++i) w.put(i > 0 ? ", " : "").identifier(index.columns[i]);
    w.put(')');
  }
}

template <class T, dialect_id D>
constexpr void render_create_table(sql_writer& w, bool if_not_exists) {
  render_create_table(w, table_description_storage<T, dialect_set_of(D)>::value, if_not_exists);
}
template <class T>
constexpr void render_create_table(sql_writer& w, bool if_not_exists) {
  if (w.dialect() == dialect_id::sqlite) render_create_table<T, dialect_id::sqlite>(w, if_not_exists);
  else render_create_table<T, dialect_id::postgres>(w, if_not_exists);
}

// Positions of tables in an order where each follows the tables it references (by
// name; a table referencing itself depends on nothing new). Unplaceable tables (a
// cycle) keep size() as their position.
template <std::size_t N>
constexpr std::array<std::size_t, N> description_dependency_order(const std::array<table_description, N>& tables) {
  std::array<std::size_t, N> order{};
  bool placed[N == 0 ? 1 : N]{};
  for (std::size_t k = 0; k < N; ++k) {
    order[k] = N;
    for (std::size_t a = 0; a < N && order[k] == N; ++a) {
      if (placed[a]) continue;
      bool ready = true;
      for (const column_description& c : tables[a].columns) {
        if (!c.has_foreign_key || c.foreign_key.table == tables[a].name) continue;
        for (std::size_t b = 0; b < N; ++b)
          if (!placed[b] && tables[b].name == c.foreign_key.table) ready = false;
      }
      if (ready) {
        order[k] = a;
        placed[a] = true;
      }
    }
  }
  return order;
}

template <class... Ts>
struct schema_storage {
  static constexpr std::array<table_description, sizeof...(Ts)> given{table_description_storage<Ts>::value...};
  static constexpr auto order = description_dependency_order(given);
  static constexpr bool acyclic = [] {
    for (std::size_t k : order)
      if (k == sizeof...(Ts)) return false;
    return true;
  }();
  static constexpr std::array<table_description, sizeof...(Ts)> tables = [] {
    std::array<table_description, sizeof...(Ts)> result{};
    for (std::size_t k = 0; k < sizeof...(Ts); ++k) result[k] = given[order[k] == sizeof...(Ts) ? k : order[k]];
    return result;
  }();
};

}  // namespace detail

// The description of table T; a reference to static storage.
template <class T>
constexpr const table_description& describe() noexcept {
  return detail::table_description_storage<T>::value;
}

// A set of tables as one description: schema<Ts...>::tables lists them so that every
// table follows the tables it references (the order create_tables() creates them in).
template <class... Ts>
struct schema {
  static_assert(detail::schema_storage<Ts...>::acyclic,
                "piccolo: schema<...>: the tables' foreign keys form a cycle; make one of them a plain "
                "column, or split the schema");
  static constexpr std::span<const table_description> tables = detail::schema_storage<Ts...>::tables;

  // The table called name, or nullptr.
  static constexpr const table_description* table(std::string_view name) noexcept {
    for (const table_description& t : tables)
      if (t.name == name) return &t;
    return nullptr;
  }
};

}  // namespace piccolo
