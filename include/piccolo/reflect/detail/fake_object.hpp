#pragma once
// A never-constructed object of any type, whose members' addresses are constant
// expressions. Field names come from the compiler's pretty-function text of a
// pointer to such a member; member pointers map to field indexes by address.
// A union (not an extern variable) so that local and unnamed-namespace structs
// work too: nothing needs linkage.

namespace piccolo::reflect::detail {

template <class T>
union fake_union {
  char unused;
  T value;
  constexpr fake_union() : unused() {}
  constexpr ~fake_union() {}
};

template <class T>
inline constexpr fake_union<T> fake_object{};

}  // namespace piccolo::reflect::detail
