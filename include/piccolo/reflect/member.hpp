#pragma once
// Member pointers: their class, their type, and their field index, all at compile time.

#include <cstddef>
#include <type_traits>
#include <utility>

#include <piccolo/reflect/fields.hpp>

namespace piccolo::reflect {

template <class MemberPointer>
struct member_pointer_traits {
  static constexpr bool is_data_member = false;
};
template <class Class, class Member>
struct member_pointer_traits<Member Class::*> {
  static constexpr bool is_data_member = !std::is_function_v<Member>;
  using class_type = Class;
  using member_type = Member;
};

// A field named by its position, for generic code that walks every column of a row:
// field_at<Band, 1> stands wherever &Band::name does (class, type and index alike).
template <class T, std::size_t I>
struct field_position {
  static_assert(I < field_count<T>, "piccolo: field<T, I>: I is past the last field of T; "
                                    "a table of N fields has positions 0 .. N-1");
};
template <class T, std::size_t I>
struct member_pointer_traits<field_position<T, I>> {
  static constexpr bool is_data_member = I < field_count<T>;
  using class_type = T;
  using member_type = field_type<T, (I < field_count<T> ? I : 0)>;
};
template <class T, std::size_t I>
inline constexpr field_position<T, I> field_at{};

template <auto M>
inline constexpr bool is_data_member_pointer = member_pointer_traits<std::remove_cvref_t<decltype(M)>>::is_data_member;

template <auto M>
using class_of = typename member_pointer_traits<std::remove_cvref_t<decltype(M)>>::class_type;

template <auto M>
using member_type_of = typename member_pointer_traits<std::remove_cvref_t<decltype(M)>>::member_type;

namespace detail {
template <class T>
inline constexpr bool is_field_position = false;
template <class T, std::size_t I>
inline constexpr bool is_field_position<field_position<T, I>> = true;

template <class T, std::size_t I>
consteval std::size_t position_of(field_position<T, I>) {
  return I;
}

template <auto M>
consteval std::size_t index_of_member() {
  if constexpr (is_field_position<std::remove_cvref_t<decltype(M)>>) {
    return position_of(M);
  } else {
    using T = class_of<M>;
    const void* target = &(fake_object<T>.value.*M);
    std::size_t index = field_count<T>;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((static_cast<const void*>(field_address<T, I>().pointer) == target ? (index = I, 0) : 0),
       ...);
    }(std::make_index_sequence<field_count<T>>{});
    return index;
  }
}
}  // namespace detail

// &Band::name -> 1 (its position among Band's fields)
template <auto M>
inline constexpr std::size_t member_index = detail::index_of_member<M>();

}  // namespace piccolo::reflect
