#pragma once
// Hand-written SQL with {} placeholders ({{ and }} for literal braces), shared by raw()
// and the raw fragments: the count checked against the arguments at compile time, and
// the text written with each dialect's parameter (? or $n).

#include <cstddef>
#include <string_view>

#include <piccolo/core/sql_writer.hpp>

namespace piccolo::detail {

// The number of {} placeholders; -1 when a brace is unbalanced.
constexpr int count_placeholders(std::string_view text) noexcept {
  int count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      if (i + 1 < text.size() && text[i + 1] == '{') ++i;
      else if (i + 1 < text.size() && text[i + 1] == '}') ++count, ++i;
      else return -1;
    } else if (text[i] == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') ++i;
      else return -1;
    }
  }
  return count;
}

// Writes text with each {} as the dialect's next parameter. Only for a text whose
// braces balance (count_placeholders(text) >= 0).
constexpr void render_raw_text(sql_writer& w, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && text[i + 1] == '}') {
      w.parameter();
      ++i;
    } else if ((text[i] == '{' && text[i + 1] == '{') || (text[i] == '}' && text[i + 1] == '}')) {
      w.put(text[i]);
      ++i;
    } else {
      w.put(text[i]);
    }
  }
}

}  // namespace piccolo::detail
