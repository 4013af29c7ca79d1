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
//                          pc::on_delete<&Band::manager, pc::action::set_null>);
//     }
//   };
//
// A static member function is a complete-class context, so &Band::name can be named
// there. Options are types: reading them costs no constant evaluation.

#include <string_view>

#include <piccolo/core/fixed_string.hpp>

namespace piccolo {

enum class action { cascade, restrict, set_null, set_default, no_action };

namespace detail {
template <auto Member>
struct primary_key_option {
  static constexpr auto member = Member;
};
template <auto Member>
struct unique_option {
  static constexpr auto member = Member;
};
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
template <auto Member>
inline constexpr detail::unique_option<Member> unique{};
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
