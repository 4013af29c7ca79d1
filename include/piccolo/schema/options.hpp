#pragma once
// Column options, declared in the table struct without macros:
//
//   struct Band {
//     pc::serial id;
//     pc::varchar<100> name;
//     pc::foreign_key<Manager> manager;
//     int popularity = 0;
//     static constexpr auto column_options() {
//       return pc::options(pc::unique<&Band::name>, pc::index<&Band::popularity>,
//                          pc::on_delete<&Band::manager, pc::action::set_null>,
//                          pc::unique<&Band::manager, &Band::popularity>);
//     }
//   };
//
// A static member function is a complete-class context, so &Band::name can be named
// there. Options are types: reading them costs no constant evaluation.

#include <cstddef>
#include <string_view>
#include <type_traits>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/schema/types.hpp>

namespace piccolo {

enum class action { cascade, restrict, set_null, set_default, no_action };

class uuid;  // schema/uuid.hpp

// Where a column's DEFAULT comes from: nothing, a member initializer (a literal), or the
// database (pc::default_now, pc::default_uuid4 / uuid7, pc::default_sql).
enum class default_kind { none, literal, now, uuid4, uuid7, sql };

// How an index is built (CREATE INDEX ... USING <method> on PostgreSQL). SQLite has
// B-trees only: btree and hash indexes are plain indexes there, and gin, gist and brin
// indexes are not created on SQLite (they serve operators SQLite does not have).
enum class index_method { btree, hash, gin, gist, brin };

constexpr std::string_view index_method_name(index_method m) noexcept {
  switch (m) {
    case index_method::btree: return "btree";
    case index_method::hash: return "hash";
    case index_method::gin: return "gin";
    case index_method::gist: return "gist";
    case index_method::brin: return "brin";
  }
  return "btree";
}

namespace detail {
template <class P>
struct member_pointer_class {
  using type = void;
};
template <class M, class C>
struct member_pointer_class<M C::*> {
  using type = C;
};

template <auto Member>
struct primary_key_option {
  static constexpr auto member = Member;
};
template <auto Member>
struct unique_option {
  static constexpr auto member = Member;
};
// UNIQUE ("a", "b"): a constraint over several columns of one table, declared as a
// table constraint in CREATE TABLE (and usable as an on_conflict() target).
template <auto... Members>
struct unique_columns_option {
  static constexpr auto member = [](auto first, auto...) { return first; }(Members...);
  static constexpr std::size_t size = sizeof...(Members);
};
template <class Option>
inline constexpr bool is_unique_columns_option = false;
template <auto... Members>
inline constexpr bool is_unique_columns_option<unique_columns_option<Members...>> = true;

template <auto A, auto B>
constexpr bool same_member() noexcept {
  if constexpr (std::is_same_v<decltype(A), decltype(B)>) return A == B;
  else return false;
}
template <auto First, auto... More>
inline constexpr bool members_of_one_class =
    (std::is_same_v<typename member_pointer_class<decltype(First)>::type,
                    typename member_pointer_class<decltype(More)>::type> && ...);
template <auto A, auto... Members>
constexpr std::size_t count_of_member() noexcept {
  return (std::size_t{same_member<A, Members>()} + ...);
}
// Each member equals only itself.
template <auto... Members>
inline constexpr bool members_distinct = ((count_of_member<Members, Members...>() == 1) && ...);

// pc::unique<&T::a> is a column option; pc::unique<&T::a, &T::b> a table constraint.
template <auto First, auto... More>
constexpr auto make_unique_option() noexcept {
  if constexpr (sizeof...(More) == 0) {
    return unique_option<First>{};
  } else {
    static_assert(members_of_one_class<First, More...>,
                  "piccolo: unique<...>: the members belong to different tables; a unique constraint "
                  "covers columns of one table");
    static_assert(members_distinct<First, More...>,
                  "piccolo: unique<...>: a member is named twice; name each column of the constraint once");
    return unique_columns_option<First, More...>{};
  }
}

template <auto Member>
struct index_option {
  static constexpr auto member = Member;
};
// What an option the user got wrong turns into after its static_assert: no DDL, no
// further errors.
template <auto Member>
struct rejected_option {
  static constexpr auto member = Member;
};
// CREATE INDEX over one or more columns of one table, built with Method.
template <index_method Method, auto... Members>
struct index_columns_option {
  static constexpr auto member = [](auto first, auto...) { return first; }(Members...);
  static constexpr std::size_t size = sizeof...(Members);
  static constexpr index_method method = Method;
};
template <class Option>
inline constexpr bool is_index_columns_option = false;
template <index_method Method, auto... Members>
inline constexpr bool is_index_columns_option<index_columns_option<Method, Members...>> = true;

template <index_method Method, auto First, auto... More>
constexpr auto make_index_option() noexcept {
  static_assert(members_of_one_class<First, More...>,
                "piccolo: index_on<...>: the members belong to different tables; an index covers columns "
                "of one table");
  static_assert(members_distinct<First, More...>,
                "piccolo: index_on<...>: a member is named twice; name each column of the index once");
  if constexpr (members_of_one_class<First, More...> && members_distinct<First, More...>)
    return index_columns_option<Method, First, More...>{};
  else
    return rejected_option<First>{};  // reported above; nothing more to say about it
}

// A DEFAULT the database computes. Sqlite / Postgres: the raw expression of default_sql.
template <auto Member, default_kind Kind, fixed_string Sqlite = "", fixed_string Postgres = "">
struct db_default_option {
  static constexpr auto member = Member;
  static constexpr default_kind kind = Kind;
  static constexpr std::string_view sqlite_sql = Sqlite;
  static constexpr std::string_view postgres_sql = Postgres;
};
template <class Option>
inline constexpr bool is_db_default_option = false;
template <auto Member, default_kind Kind, fixed_string Sqlite, fixed_string Postgres>
inline constexpr bool is_db_default_option<db_default_option<Member, Kind, Sqlite, Postgres>> = true;

template <class P>
struct member_pointer_value {
  using type = void;
};
template <class M, class C>
struct member_pointer_value<M C::*> {
  using type = M;
};
template <class F>
struct without_optional {
  using type = F;
};
template <class F>
struct without_optional<std::optional<F>> {
  using type = F;
};
template <auto Member>
using member_column_type = typename without_optional<typename member_pointer_value<decltype(Member)>::type>::type;

template <class F>
inline constexpr bool is_time_point_column = false;
template <class D>
inline constexpr bool is_time_point_column<std::chrono::sys_time<D>> =
    std::is_same_v<D, std::chrono::microseconds> || std::is_same_v<D, std::chrono::milliseconds> ||
    std::is_same_v<D, std::chrono::seconds>;
template <>
inline constexpr bool is_time_point_column<timestamptz> = true;
template <>
inline constexpr bool is_time_point_column<std::chrono::year_month_day> = true;

template <auto Member>
constexpr auto make_default_now() noexcept {
  constexpr bool time_column = is_time_point_column<member_column_type<Member>>;
  static_assert(time_column,
                "piccolo: default_now<...>: the column does not hold a point in time; use it on a "
                "std::chrono::sys_time of microseconds, milliseconds or seconds, a pc::timestamptz or a "
                "std::chrono::year_month_day member");
  return db_default_option<Member, default_kind::now>{};
}
template <auto Member, default_kind Kind>
constexpr auto make_default_uuid() noexcept {
  constexpr bool uuid_column = std::is_same_v<member_column_type<Member>, uuid>;
  static_assert(uuid_column, "piccolo: default_uuid4<...> / default_uuid7<...>: the column is not a pc::uuid; "
                             "declare the member as pc::uuid (or std::optional<pc::uuid>)");
  return db_default_option<Member, Kind>{};
}
template <auto Member, fixed_string Sqlite, fixed_string Postgres>
constexpr auto make_default_sql() noexcept {
  static_assert(Sqlite.size() > 0 && Postgres.size() > 0,
                "piccolo: default_sql<...>: the expression is empty; give the SQL of the default, e.g. "
                "pc::default_sql<&T::member, \"random()\">");
  return db_default_option<Member, default_kind::sql, Sqlite, Postgres>{};
}
template <auto Member, fixed_string Name>
struct column_name_option {
  static constexpr auto member = Member;
  static constexpr std::string_view name = Name;
};
template <auto Member, action Action>
struct on_delete_option {
  static constexpr auto member = Member;
  static constexpr piccolo::action value = Action;
};
template <auto Member, action Action>
struct on_update_option {
  static constexpr auto member = Member;
  static constexpr piccolo::action value = Action;
};
}  // namespace detail

template <class... Options>
struct option_list {};

template <class... Options>
constexpr option_list<Options...> options(Options...) noexcept {
  return {};
}

// The column is (part of) the primary key. A pc::serial / pc::bigserial is one already.
template <auto Member>
inline constexpr detail::primary_key_option<Member> primary_key{};
// UNIQUE: one member, a column constraint ("name" ... UNIQUE); several members of the
// same table, a table constraint (UNIQUE ("a", "b")): pairs must not repeat.
template <auto Member, auto... More>
inline constexpr auto unique = detail::make_unique_option<Member, More...>();
// CREATE INDEX "ix$table$column" ON "table" ("column"), created with the table (see
// index_name in schema/ddl.hpp: a name no other table's index or table can take).
template <auto Member>
inline constexpr detail::index_option<Member> index{};
// CREATE INDEX "ix$table$a$b" ON "table" ("a", "b"): one index over several columns (or
// one), created with the table.
template <auto First, auto... More>
inline constexpr auto index_on = detail::make_index_option<index_method::btree, First, More...>();
// The same, built with a method: pc::index_using<pc::index_method::gin, &T::tags> renders
// CREATE INDEX ... USING gin on PostgreSQL; on SQLite see index_method.
template <index_method Method, auto First, auto... More>
inline constexpr auto index_using = detail::make_index_option<Method, First, More...>();

// Defaults the database computes when an INSERT leaves the column unset (a member that
// holds std::nullopt or its value-initialised value T{}: the nil uuid, the epoch, 0, "").
// default_now: the time of the transaction (UTC), in the column's precision.
template <auto Member>
inline constexpr auto default_now = detail::make_default_now<Member>();
// default_uuid4: a random uuid; default_uuid7: a time-ordered one. On SQLite they call
// the functions piccolo_uuid4() / piccolo_uuid7() that piccolo registers on each
// connection it opens (another client, e.g. the sqlite3 shell, cannot insert rows that
// rely on them).
template <auto Member>
inline constexpr auto default_uuid4 = detail::make_default_uuid<Member, default_kind::uuid4>();
template <auto Member>
inline constexpr auto default_uuid7 = detail::make_default_uuid<Member, default_kind::uuid7>();
// default_sql: a raw SQL expression, the same on both dialects or one per dialect
// (SQLite first); rendered in parentheses, as it is written (the user's responsibility).
template <auto Member, fixed_string Sql, fixed_string Postgres = Sql>
inline constexpr auto default_sql = detail::make_default_sql<Member, Sql, Postgres>();
// The database column name, when it differs from the member name.
template <auto Member, fixed_string Name>
inline constexpr detail::column_name_option<Member, Name> column_name{};
// Foreign key actions; both default to CASCADE, as in Piccolo.
template <auto Member, action Action>
inline constexpr detail::on_delete_option<Member, Action> on_delete{};
template <auto Member, action Action>
inline constexpr detail::on_update_option<Member, Action> on_update{};

}  // namespace piccolo
