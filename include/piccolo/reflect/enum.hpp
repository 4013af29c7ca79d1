#pragma once
// Described enums (BOOST_DESCRIBE_ENUM) are stored as their enumerator names.

#include <optional>
#include <string_view>
#include <type_traits>

#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

namespace piccolo::reflect {

template <class E>
inline constexpr bool is_described_enum =
    std::is_enum_v<E> && boost::describe::has_describe_enumerators<E>::value;

template <class E>
constexpr std::string_view enum_name(E value) noexcept {
  std::string_view name;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (d.value == value) name = d.name;
  });
  return name;  // empty for a value without an enumerator
}

template <class E>
constexpr std::optional<E> enum_from_name(std::string_view name) noexcept {
  std::optional<E> result;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (!result && name == d.name) result = d.value;
  });
  return result;
}

template <class E>
constexpr std::size_t enum_longest_name() noexcept {
  std::size_t longest = 0;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    std::string_view name = d.name;
    if (name.size() > longest) longest = name.size();
  });
  return longest;
}

}  // namespace piccolo::reflect
