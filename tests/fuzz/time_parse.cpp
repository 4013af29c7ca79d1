// The time parsers of core/time_format.hpp, as SQLite values are read and DDL written:
// parse_date ("YYYY-MM-DD") and parse_timestamp ("YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|+00|+00:00]").
// Invariants: no crash or undefined behaviour on any text; an accepted date is a real
// calendar date (2023-02-31 is refused, never moved to March); an accepted value
// formats back to text that parses to the same value; what a timestamp's text says is
// what it holds (year, month, day, hour, minute, second, fraction).

#include <piccolo/piccolo.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz.hpp"

namespace pc = piccolo;
namespace d = piccolo::detail;

namespace {

std::int64_t digits(std::string_view s, std::size_t at, std::size_t n) {
  std::int64_t v = 0;
  for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s{reinterpret_cast<const char*>(data), size};

  if (auto days = d::parse_date(s)) {
    // the date part says what it holds
    d::civil_date c = d::civil_from_days(*days);
    PICCOLO_FUZZ_CHECK(c.year == digits(s, 0, 4) && c.month == digits(s, 5, 2) && c.day == digits(s, 8, 2),
                       "parse_date accepted a date that is not on the calendar, or moved it");
    char buffer[32]{};
    std::size_t n = d::format_date(*days, buffer);
    PICCOLO_FUZZ_CHECK(std::string_view(buffer, n) == s.substr(0, 10), "format_date(parse_date(s)) != s");
  }

  if (auto micros = d::parse_timestamp(s)) {
    PICCOLO_FUZZ_CHECK(d::timestamp_fits_text(*micros), "parse_timestamp gave a value outside years 0-9999");
    char buffer[40]{};
    std::size_t n = d::format_timestamp(*micros, buffer);
    auto again = d::parse_timestamp(std::string_view(buffer, n));
    PICCOLO_FUZZ_CHECK(again == micros, "parse_timestamp(format_timestamp(t)) != t");
    auto days = d::parse_date(s);
    PICCOLO_FUZZ_CHECK(days.has_value(), "parse_timestamp accepted what parse_date refuses");
    const std::int64_t day_micros = 86'400'000'000;
    std::int64_t in_day = *micros - *days * day_micros;
    if (s.size() == 10) {
      PICCOLO_FUZZ_CHECK(in_day == 0, "a date-only timestamp is not midnight");
    } else {
      std::int64_t seconds = (digits(s, 11, 2) * 60 + digits(s, 14, 2)) * 60 + digits(s, 17, 2);
      std::int64_t fraction = 0;
      if (s.size() > 19 && s[19] == '.') {
        std::size_t i = 20, count = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++count) fraction = fraction * 10 + (s[i] - '0');
        for (; count < 6; ++count) fraction *= 10;
      }
      PICCOLO_FUZZ_CHECK(in_day == seconds * 1'000'000 + fraction, "the timestamp holds another time than its text");
    }
  }
  return 0;
}
