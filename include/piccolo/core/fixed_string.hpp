#pragma once
// A string usable as a template argument (raw SQL text, database column names).

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace piccolo {

template <std::size_t N>
struct fixed_string {
  char data[N + 1]{};
  constexpr fixed_string(const char (&text)[N + 1]) noexcept { std::copy_n(text, N + 1, data); }
  constexpr std::string_view view() const noexcept { return {data, N}; }
  constexpr operator std::string_view() const noexcept { return view(); }
  static constexpr std::size_t size() noexcept { return N; }
};
template <std::size_t M>
fixed_string(const char (&)[M]) -> fixed_string<M - 1>;

}  // namespace piccolo
