#pragma once
// Parsing of __PRETTY_FUNCTION__ for type and member names (GCC 12, Clang 16).

#include <array>
#include <cstddef>
#include <string_view>

namespace piccolo::reflect::detail {

constexpr bool is_identifier_char(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

// The wrapper gives the pointer a printable shape on both compilers:
//   GCC:   [with auto W = member_address<T>{(& fake_object<X>.fake_union<X>::value.X::name)}; ...]
//   Clang: [W = member_address<...>{&fake_object.value.name}]
template <class T>
struct member_address {
  const T* pointer;
};

template <auto Wrapped>
consteval std::string_view pretty_member() {
  return __PRETTY_FUNCTION__;
}

template <class T>
consteval std::string_view pretty_type() {
  return __PRETTY_FUNCTION__;
}

consteval std::string_view member_name_from(std::string_view pretty) {
  std::size_t end = pretty.rfind('}');
  while (end > 0 && !is_identifier_char(pretty[end - 1])) --end;
  std::size_t begin = end;
  while (begin > 0 && is_identifier_char(pretty[begin - 1])) --begin;
  return pretty.substr(begin, end - begin);
}

// "[with T = ns::Band; ...]" (GCC) or "[T = ns::Band]" (Clang) -> "Band".
consteval std::string_view type_name_from(std::string_view pretty) {
  std::size_t begin = pretty.find("T = ") + 4;
  std::size_t end = pretty.find_first_of(";]", begin);
  std::string_view full = pretty.substr(begin, end - begin);
  // drop template arguments, then namespaces and enclosing scopes
  int depth = 0;
  std::size_t last_scope = 0;
  std::size_t name_end = full.size();
  for (std::size_t i = 0; i < full.size(); ++i) {
    char ch = full[i];
    if (ch == '<' || ch == '(') {
      if (depth == 0 && ch == '<') name_end = i;
      ++depth;
    } else if (ch == '>' || ch == ')') {
      --depth;
    } else if (depth == 0 && ch == ':' && i + 1 < full.size() && full[i + 1] == ':') {
      last_scope = i + 2;
      name_end = full.size();
    }
  }
  return full.substr(last_scope, name_end - last_scope);
}

// Copies a compile-time string into static storage of its own.
template <std::size_t N>
struct static_name {
  std::array<char, N + 1> chars{};
  constexpr explicit static_name(std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
  }
  constexpr std::string_view view() const noexcept { return {chars.data(), N}; }
};

}  // namespace piccolo::reflect::detail
