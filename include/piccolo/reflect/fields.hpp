#pragma once
// Field count, types, names and access for a table struct: a plain aggregate
// (Boost.PFR, names from the compiler) or a class described with
// BOOST_DESCRIBE_STRUCT / BOOST_DESCRIBE_CLASS (non-aggregates, private members, bases).

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/describe/class.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/pfr/core.hpp>
#include <boost/pfr/tuple_size.hpp>

#include <piccolo/reflect/detail/fake_object.hpp>
#include <piccolo/reflect/detail/pretty_name.hpp>

namespace piccolo::reflect {

// A described class uses its description; everything else must be an aggregate.
template <class T>
inline constexpr bool is_described =
    boost::describe::has_describe_members<T>::value;

namespace detail {
constexpr unsigned member_modifiers =
    boost::describe::mod_public | boost::describe::mod_protected |
    boost::describe::mod_private | boost::describe::mod_inherited;

template <class T>
using described_members = boost::describe::describe_members<T, member_modifiers>;

template <class T, std::size_t I>
consteval auto field_address() {
  if constexpr (is_described<T>) {
    using descriptor = boost::mp11::mp_at_c<described_members<T>, I>;
    const auto* pointer = &(fake_object<T>.value.*descriptor::pointer);
    return member_address<std::remove_cvref_t<decltype(*pointer)>>{pointer};
  } else {
    const auto* pointer = &boost::pfr::detail::sequence_tuple::get<I>(
        boost::pfr::detail::tie_as_tuple(fake_object<T>.value));
    return member_address<std::remove_cvref_t<decltype(*pointer)>>{pointer};
  }
}

template <class T, std::size_t I>
struct field_name_storage {
  static constexpr std::string_view parsed = [] {
    if constexpr (is_described<T>) {
      return std::string_view{boost::mp11::mp_at_c<described_members<T>, I>::name};
    } else {
      return member_name_from(pretty_member<field_address<T, I>()>());
    }
  }();
  static constexpr static_name<parsed.size()> value{parsed};
};

template <class T>
struct type_name_storage {
  static constexpr std::string_view parsed = type_name_from(pretty_type<T>());
  static constexpr static_name<parsed.size()> value{parsed};
};
}  // namespace detail

template <class T>
inline constexpr std::size_t field_count = [] {
  if constexpr (is_described<T>) {
    return boost::mp11::mp_size<detail::described_members<T>>::value;
  } else {
    static_assert(std::is_aggregate_v<T>,
                  "piccolo: a table must be an aggregate struct, or a class described with "
                  "BOOST_DESCRIBE_STRUCT / BOOST_DESCRIBE_CLASS");
    return boost::pfr::tuple_size_v<T>;
  }
}();

template <class T, std::size_t I>
using field_type = std::remove_cvref_t<decltype(*detail::field_address<T, I>().pointer)>;

template <class T, std::size_t I>
inline constexpr std::string_view field_name = detail::field_name_storage<T, I>::value.view();

// The unqualified name of a type: ns::RecordingStudio -> "RecordingStudio".
template <class T>
inline constexpr std::string_view type_name = detail::type_name_storage<T>::value.view();

template <std::size_t I, class T>
constexpr decltype(auto) get(T& object) noexcept {
  using bare = std::remove_const_t<T>;
  if constexpr (is_described<bare>) {
    return object.*boost::mp11::mp_at_c<detail::described_members<bare>, I>::pointer;
  } else {
    return boost::pfr::get<I>(object);
  }
}

template <class T, class F>
constexpr void for_each_field_index(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<field_count<T>>{});
}

}  // namespace piccolo::reflect
