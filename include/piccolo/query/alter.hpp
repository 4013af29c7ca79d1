#pragma once
// pc::alter<T>(): one schema change of table T as a query with constant SQL text. T is
// the table's new shape: the change is checked against it (set_default() needs a member
// initializer, create_index() a pc::index option, ...) and the column definitions come
// from its description. Columns that T no longer has (drop_column) or had under another
// name (rename_column, rename_from) are named by text: drop_column<"website">().
//
//   db.run(pc::alter<Band>().add_column(c<&Band::website>));
//   db.run(pc::alter<Band>().change_type(c<&Band::popularity>).using_sql<"CAST(\"popularity\" AS BIGINT)">());
//
// PostgreSQL runs each as ALTER TABLE (transactional: inside the caller's transaction
// when one is open). SQLite runs ADD COLUMN, RENAME COLUMN, RENAME TO and CREATE / DROP
// INDEX natively and every other change as its documented table rebuild (the table
// re-created as T describes it, every row copied; query/detail/sqlite_rebuild.hpp).

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/query/create_table.hpp>
#include <piccolo/query/detail/alter_render.hpp>
#include <piccolo/query/detail/sqlite_rebuild.hpp>
#include <piccolo/schema/describe.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo {

namespace detail {
template <class T, class Column>
inline constexpr bool column_of_table = false;
template <class T, auto Member>
inline constexpr bool column_of_table<T, column_ref<Member>> = std::is_same_v<reflect::class_of<Member>, T>;

template <class T, class... Columns>
inline constexpr bool columns_of_table = sizeof...(Columns) > 0 && (column_of_table<T, Columns> && ...);

// "band$new": the rebuilt table's name until it replaces the old one.
template <class T>
struct rebuild_table_name {
  static constexpr std::string_view table = table_info<T>::name;
  static constexpr std::array<char, table.size() + 4> text = [] {
    std::array<char, table.size() + 4> chars{};
    for (std::size_t i = 0; i < table.size(); ++i) chars[i] = table[i];
    for (std::size_t i = 0; i < 4; ++i) chars[table.size() + i] = "$new"[i];
    return chars;
  }();
  static constexpr std::string_view view{text.data(), text.size()};
};

constexpr bool has_column(const table_description& table, std::string_view name) noexcept {
  return table.column(name) != nullptr;
}
constexpr bool declares_unique(const table_description& table, std::span<const std::string_view> columns) noexcept {
  if (columns.size() == 1) {
    const column_description* c = table.column(columns[0]);
    if (c && c->unique) return true;
  }
  for (const unique_description& u : table.unique_constraints)
    if (same_names(u.columns, columns)) return true;
  return false;
}
constexpr bool declares_index(const table_description& table, std::span<const std::string_view> columns) noexcept {
  for (const index_description& index : table.indexes)
    if (same_names(index.columns, columns)) return true;
  return false;
}

template <class... Columns>
struct alter_column_names {
  static constexpr std::array<std::string_view, sizeof...(Columns)> names{Columns::name...};
};

// The name a change refers to that T no longer holds: drop_index()'s is the index's.
template <class T, alter_action Action, fixed_string OldName, class... Columns>
constexpr std::string_view old_name_of() noexcept {
  if constexpr (Action == alter_action::drop_index) return index_name<T, Columns::index...>::view;
  else return OldName.view();
}
}  // namespace detail

template <class T, detail::alter_action Action, fixed_string OldName, fixed_string Using, class... Columns>
struct alter_query : detail::ddl_query_base {
  static constexpr detail::alter_step step{Action, detail::alter_column_names<Columns...>::names,
                                           detail::old_name_of<T, Action, OldName, Columns...>(), Using.view()};
  // Whether SQLite runs it as the table rebuild (the engine then calls rebuild_table()).
  static constexpr bool rebuilds_on_sqlite = !detail::sqlite_alters_natively(describe<T>(), step);

  // Where the rebuilt table's columns come from (SQLite's rebuild).
  static constexpr auto rebuild_sources = [] {
    std::array<detail::rebuild_source, table_info<T>::column_count> result{};
    for (std::size_t i = 0; i < result.size(); ++i) result[i] = detail::rebuild_source_of(describe<T>().columns[i], step);
    return result;
  }();

  // SQLite's rebuild text is the one for an old table that has every column copied; run
  // time renders it again with the columns the old table has (sqlite_rebuild.hpp).
  template <dialect_id D>
  static constexpr void render_in(sql_writer& w) {
    if constexpr (D == dialect_id::sqlite && rebuilds_on_sqlite)
      detail::render_sqlite_rebuild(w, describe<T>(), detail::rebuild_table_name<T>::view, rebuild_sources);
    else
      detail::render_alter(w, describe<T>(), step);
  }
  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) render_in<dialect_id::sqlite>(w);
    else render_in<dialect_id::postgres>(w);
  }
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<alter_query, D>;
  }

  // change_type(c).using_sql<"CAST(\"popularity\" AS BIGINT)">(): the new value computed
  // from the old one, as PostgreSQL's USING (and the rebuild's copy on SQLite). The text
  // goes into the statement as written: it is the program's, never a user's input.
  template <fixed_string Expression>
  constexpr auto using_sql() const noexcept {
    static_assert(Action == detail::alter_action::change_type,
                  "piccolo: using_sql(): only change_type() takes a USING expression; drop it here");
    static_assert(Expression.size() > 0, "piccolo: using_sql(): the expression is empty; write the SQL that converts the old value");
    return alter_query<T, Action, OldName, Expression, Columns...>{};
  }

  // SQLite's table rebuild, run by the SQLite engine with its statement runner.
  template <class Runner>
  static void rebuild_table(Runner& runner) {
    detail::run_sqlite_rebuild(runner, describe<T>(), detail::rebuild_table_name<T>::view, rebuild_sources);
  }
};

#define PICCOLO_ALTER_COLUMN_CHECK(clause)                                                                  \
  "piccolo: " clause "(): the column is not a column of the altered table; name a member of it, e.g. " \
  "c<&Band::website> in pc::alter<Band>()"

// The changes of table T (its new shape). Each returns a query for db.run().
template <class T>
struct alter_table {
  // ADD COLUMN with the column's definition from T: type, NOT NULL, UNIQUE, foreign key,
  // default. Adding a NOT NULL column without a default fails on a table with rows.
  template <class Column>
  constexpr auto add_column(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("add_column"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(!table_info<T>::template primary_key<Column::index>,
                    "piccolo: add_column(): a primary key column cannot be added to a table that exists; create "
                    "the table with it (create_table), or add a plain column");
      return alter_query<T, detail::alter_action::add_column, "", "", Column>{};
    }
  }
  // DROP COLUMN: the column T no longer has, by name.
  template <fixed_string Name>
  constexpr auto drop_column() const noexcept {
    static_assert(!detail::has_column(describe<T>(), Name.view()),
                  "piccolo: drop_column(): the struct still has this column; remove the member first (the "
                  "struct is the table's new shape)");
    return alter_query<T, detail::alter_action::drop_column, Name, "">{};
  }
  // RENAME COLUMN "old" TO the column's name.
  template <fixed_string OldName, class Column>
  constexpr auto rename_column(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("rename_column"));
    static_assert(!detail::has_column(describe<T>(), OldName.view()),
                  "piccolo: rename_column(): the old name is still a column of the struct; give the name the "
                  "column had before");
    return alter_query<T, detail::alter_action::rename_column, OldName, "", Column>{};
  }
  // ALTER TABLE "old" RENAME TO T's table name.
  template <fixed_string OldName>
  constexpr auto rename_from() const noexcept {
    static_assert(OldName.view() != table_info<T>::name,
                  "piccolo: rename_from(): the old name is the table's name; give the name it had before");
    return alter_query<T, detail::alter_action::rename_table, OldName, "">{};
  }
  template <class Column>
  constexpr auto set_not_null(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("set_not_null"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(!table_info<T>::template nullable<Column::index>,
                    "piccolo: set_not_null(): the member is optional (NULL allowed) in the struct; make it a "
                    "plain value first");
      return alter_query<T, detail::alter_action::set_not_null, "", "", Column>{};
    }
  }
  template <class Column>
  constexpr auto drop_not_null(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("drop_not_null"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(table_info<T>::template nullable<Column::index>,
                    "piccolo: drop_not_null(): the member is not optional in the struct; make it std::optional "
                    "first");
      return alter_query<T, detail::alter_action::drop_not_null, "", "", Column>{};
    }
  }
  // SET DEFAULT with the member initializer's value.
  template <class Column>
  constexpr auto set_default(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("set_default"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(describe<T>().columns[Column::index].has_default(),
                    "piccolo: set_default(): the column has no default in the struct; give the member an "
                    "initializer (int popularity = 0;)");
      return alter_query<T, detail::alter_action::set_default, "", "", Column>{};
    }
  }
  template <class Column>
  constexpr auto drop_default(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("drop_default"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(!describe<T>().columns[Column::index].has_default(),
                    "piccolo: drop_default(): the member still has an initializer in the struct; remove it first");
      return alter_query<T, detail::alter_action::drop_default, "", "", Column>{};
    }
  }
  // ALTER COLUMN ... TYPE the member's type; change_type<"CAST(...)">(c), or
  // change_type(c).using_sql<"CAST(...)">(), says how to convert the old value (in a
  // template, the first form needs no `.template` before using_sql).
  template <fixed_string Using = "", class Column>
  constexpr auto change_type(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("change_type"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(!table_info<T>::template is_serial<Column::index>,
                    "piccolo: change_type(): a serial key's type cannot change; declare a new table");
      return alter_query<T, detail::alter_action::change_type, "", Using, Column>{};
    }
  }
  // ADD CONSTRAINT "band_name_key" UNIQUE (...): the struct declares pc::unique<...> over them.
  template <class... Column>
  constexpr auto add_unique(Column...) const noexcept {
    static_assert(detail::columns_of_table<T, Column...>, PICCOLO_ALTER_COLUMN_CHECK("add_unique"));
    if constexpr (detail::columns_of_table<T, Column...>) {
      static_assert(detail::declares_unique(describe<T>(), detail::alter_column_names<Column...>::names),
                    "piccolo: add_unique(): the struct declares no unique constraint over these columns; add "
                    "pc::unique<...> to its column_options() first");
      return alter_query<T, detail::alter_action::add_unique, "", "", Column...>{};
    }
  }
  template <class... Column>
  constexpr auto drop_unique(Column...) const noexcept {
    static_assert(detail::columns_of_table<T, Column...>, PICCOLO_ALTER_COLUMN_CHECK("drop_unique"));
    if constexpr (detail::columns_of_table<T, Column...>) {
      static_assert(!detail::declares_unique(describe<T>(), detail::alter_column_names<Column...>::names),
                    "piccolo: drop_unique(): the struct still declares this unique constraint; remove its "
                    "pc::unique<...> first");
      return alter_query<T, detail::alter_action::drop_unique, "", "", Column...>{};
    }
  }
  // CREATE INDEX as the struct declares it: pc::index<&T::a>, or pc::index_on / index_using
  // over these columns in this order (with its method; a PostgreSQL-only method makes
  // nothing on SQLite, as in create_table()).
  template <class... Column>
  constexpr auto create_index(Column...) const noexcept {
    static_assert(detail::columns_of_table<T, Column...>, PICCOLO_ALTER_COLUMN_CHECK("create_index"));
    if constexpr (detail::columns_of_table<T, Column...>) {
      static_assert(detail::declares_index(describe<T>(), detail::alter_column_names<Column...>::names),
                    "piccolo: create_index(): the struct declares no index on these columns; add pc::index<...> "
                    "to its column_options() first");
      return alter_query<T, detail::alter_action::create_index, "", "", Column...>{};
    }
  }
  // DROP INDEX "ix$t$c": the single-column index pc::index<&T::c> made.
  template <class Column>
  constexpr auto drop_index(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("drop_index"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(!detail::declares_index(describe<T>(), detail::alter_column_names<Column>::names),
                    "piccolo: drop_index(): the struct still declares this index; remove its pc::index<...> first");
      return alter_query<T, detail::alter_action::drop_index, "", "", Column>{};
    }
  }
  // ADD CONSTRAINT "band_manager_fkey" FOREIGN KEY: the member is a pc::foreign_key<...>.
  template <class Column>
  constexpr auto add_foreign_key(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("add_foreign_key"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(describe<T>().columns[Column::index].has_foreign_key,
                    "piccolo: add_foreign_key(): the member is not a pc::foreign_key<...> in the struct; change "
                    "its type first");
      return alter_query<T, detail::alter_action::add_foreign_key, "", "", Column>{};
    }
  }
  template <class Column>
  constexpr auto drop_foreign_key(Column) const noexcept {
    static_assert(detail::column_of_table<T, Column>, PICCOLO_ALTER_COLUMN_CHECK("drop_foreign_key"));
    if constexpr (detail::column_of_table<T, Column>) {
      static_assert(!describe<T>().columns[Column::index].has_foreign_key,
                    "piccolo: drop_foreign_key(): the member is still a pc::foreign_key<...> in the struct; make "
                    "it a plain value first");
      return alter_query<T, detail::alter_action::drop_foreign_key, "", "", Column>{};
    }
  }
};

#undef PICCOLO_ALTER_COLUMN_CHECK

template <class T>
constexpr alter_table<T> alter() noexcept {
  return {};
}

}  // namespace piccolo
