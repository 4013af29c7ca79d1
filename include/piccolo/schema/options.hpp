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

namespace piccolo {

enum class action { cascade, restrict, set_null, set_default, no_action };

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
// The database column name, when it differs from the member name.
template <auto Member, fixed_string Name>
inline constexpr detail::column_name_option<Member, Name> column_name{};
// Foreign key actions; both default to CASCADE, as in Piccolo.
template <auto Member, action Action>
inline constexpr detail::on_delete_option<Member, Action> on_delete{};
template <auto Member, action Action>
inline constexpr detail::on_update_option<Member, Action> on_update{};

}  // namespace piccolo
