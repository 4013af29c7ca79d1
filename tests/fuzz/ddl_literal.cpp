// DDL defaults as rendered by value_traits<T>::literal: doubles and floats (the shortest
// text that reads back as the same value), integers, text, timestamps and dates.
// Invariants: measuring and writing agree; a finite float reads back bit for bit
// (strtod / strtof) with no more digits than std::to_chars' shortest form; NaN and
// infinities have their fixed spellings; an integer, a text, a timestamp or a date reads
// back as the same value.

#include <piccolo/piccolo.hpp>

#include <bit>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz.hpp"

namespace pc = piccolo;

namespace {

template <class T>
std::string literal(pc::dialect_id dialect, const T& v) {
  pc::sql_writer measure{dialect};
  pc::value_traits<T>::literal(measure, v);
  std::string out(measure.size(), '\0');
  pc::sql_writer writer{dialect, out.data()};
  pc::value_traits<T>::literal(writer, v);
  PICCOLO_FUZZ_CHECK(writer.size() == measure.size(), "measured and written lengths differ");
  return out;
}

std::optional<std::string> unquote(std::string_view text) {
  if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') {
      if (i + 2 >= text.size() || text[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    out += text[i];
  }
  return out;
}

// Significant digits of a decimal text ("-0.00120e5" -> 2).
int significant_digits(std::string_view s) {
  std::size_t e = s.find_first_of("eE");
  s = s.substr(0, e);
  std::string digits;
  for (char ch : s)
    if (ch >= '0' && ch <= '9') digits += ch;
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  std::size_t last = digits.find_last_not_of('0');
  return static_cast<int>(last - first + 1);
}

template <class F>
void check_real(F value) {
  for (auto dialect : {pc::dialect_id::sqlite, pc::dialect_id::postgres}) {
    std::string text = literal(dialect, value);
    const bool sqlite = dialect == pc::dialect_id::sqlite;
    if (std::isnan(value)) {
      PICCOLO_FUZZ_CHECK(text == (sqlite ? "NULL" : "'NaN'"), "NaN literal");
      continue;
    }
    if (std::isinf(value)) {
      std::string expected = sqlite ? (value < 0 ? "-9e999" : "9e999") : (value < 0 ? "'-Infinity'" : "'Infinity'");
      PICCOLO_FUZZ_CHECK(text == expected, "infinity literal");
      continue;
    }
    PICCOLO_FUZZ_CHECK(!text.empty() && text.find_first_not_of("0123456789.-e+") == std::string::npos,
                       "a finite real renders as something else than a number");
    PICCOLO_FUZZ_CHECK(text.find('.') != std::string::npos || text.find('e') != std::string::npos,
                       "a real renders like an integer (SQL would type it INTEGER)");
    char* end = nullptr;
    F back;
    if constexpr (sizeof(F) == 4) back = std::strtof(text.c_str(), &end);
    else back = std::strtod(text.c_str(), &end);
    PICCOLO_FUZZ_CHECK(end == text.c_str() + text.size(), "the real literal does not parse whole");
    using bits_t = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;
    PICCOLO_FUZZ_CHECK(std::bit_cast<bits_t>(back) == std::bit_cast<bits_t>(value),
                       "the real literal does not read back as the same value");
    char shortest[64];
    auto [p, ec] = std::to_chars(shortest, shortest + sizeof shortest, value);
    PICCOLO_FUZZ_CHECK(ec == std::errc{}, "to_chars");
    PICCOLO_FUZZ_CHECK(significant_digits(text) <= significant_digits({shortest, static_cast<std::size_t>(p - shortest)}),
                       "the real literal has more digits than the shortest form");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piccolo_fuzz::input in{data, size};
  const std::uint64_t bits = in.u64();
  check_real(std::bit_cast<double>(bits));
  check_real(std::bit_cast<float>(static_cast<std::uint32_t>(bits >> 32)));

  const auto integer = static_cast<std::int64_t>(bits);
  {
    std::string text = literal(pc::dialect_id::postgres, integer);
    std::int64_t back = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), back);
    PICCOLO_FUZZ_CHECK(ec == std::errc{} && p == text.data() + text.size() && back == integer,
                       "an integer literal does not read back");
  }

  // timestamps and dates inside the years the text form holds
  const std::int64_t micros = integer % (pc::detail::max_text_days * 86'400'000'000);
  if (pc::detail::timestamp_fits_text(micros)) {
    using micro_time = std::chrono::sys_time<std::chrono::microseconds>;
    auto text = unquote(literal(pc::dialect_id::sqlite, micro_time{std::chrono::microseconds{micros}}));
    PICCOLO_FUZZ_CHECK(text.has_value(), "a timestamp literal is not one string literal");
    PICCOLO_FUZZ_CHECK(pc::detail::parse_timestamp(*text) == micros, "a timestamp literal does not read back");
  }
  const std::int64_t days = integer % (pc::detail::max_text_days + 1);
  if (pc::detail::date_fits_text(days)) {
    std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    auto text = unquote(literal(pc::dialect_id::postgres, ymd));
    PICCOLO_FUZZ_CHECK(text.has_value(), "a date literal is not one string literal");
    PICCOLO_FUZZ_CHECK(pc::detail::parse_date(*text) == days, "a date literal does not read back");
  }

  const std::string rest{in.rest()};
  auto text = unquote(literal(pc::dialect_id::postgres, rest));
  PICCOLO_FUZZ_CHECK(text && *text == rest, "a text literal does not decode back");
  return 0;
}
