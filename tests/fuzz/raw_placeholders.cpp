// Placeholder counting of raw<"...">() (query/raw.hpp): {} is a value, {{ and }} are
// literal braces, anything else with a brace is refused (-1). Invariants on any text:
// the count equals an independent reading of the rules; escaping every brace gives a
// text without placeholders; the count is additive over concatenation of valid texts;
// a valid text has at most size/2 placeholders.

#include <piccolo/piccolo.hpp>

#include <string>
#include <string_view>

#include "fuzz.hpp"

namespace pc = piccolo;

namespace {

// The rules read from left to right, written independently of the library.
int reference_count(std::string_view text) {
  int count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::string_view two = text.substr(i, 2);
    if (two == "{}") {
      ++count;
      i += 2;
    } else if (two == "{{" || two == "}}") {
      i += 2;
    } else if (text[i] == '{' || text[i] == '}') {
      return -1;
    } else {
      ++i;
    }
  }
  return count;
}

std::string escaped(std::string_view text) {
  std::string out;
  for (char ch : text) {
    out += ch;
    if (ch == '{' || ch == '}') out += ch;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piccolo_fuzz::input in{data, size};
  const std::string a{in.piece()};
  const std::string b{in.rest()};
  for (const std::string& text : {a, b}) {
    const int n = pc::detail::count_placeholders(text);
    PICCOLO_FUZZ_CHECK(n == reference_count(text), "count_placeholders disagrees with the rules");
    PICCOLO_FUZZ_CHECK(n >= -1 && (n < 0 || static_cast<std::size_t>(n) <= text.size() / 2), "count out of bounds");
    PICCOLO_FUZZ_CHECK(pc::detail::count_placeholders(escaped(text)) == 0, "an escaped text has placeholders");
  }
  const int na = pc::detail::count_placeholders(a), nb = pc::detail::count_placeholders(b);
  if (na >= 0 && nb >= 0)
    PICCOLO_FUZZ_CHECK(pc::detail::count_placeholders(a + b) == na + nb, "count is not additive");
  return 0;
}
