#pragma once
// Text form of timestamps and dates ("YYYY-MM-DD HH:MM:SS.ffffff", "YYYY-MM-DD"), as
// SQLite stores them and DDL defaults spell them. constexpr: used at compile time too.

#include <cstdint>
#include <optional>
#include <string_view>

namespace piccolo::detail {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil_date {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

constexpr civil_date civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days of 0000-01-01 and 9999-12-31: the text form has four year digits, so a value
// outside is refused by the engines (never clamped).
inline constexpr std::int64_t min_text_days = -719'528;
inline constexpr std::int64_t max_text_days = 2'932'896;
static_assert(days_from_civil(0, 1, 1) == min_text_days && days_from_civil(9999, 12, 31) == max_text_days);
constexpr bool date_fits_text(std::int64_t days) noexcept {
  return days >= min_text_days && days <= max_text_days;
}
constexpr bool timestamp_fits_text(std::int64_t micros) noexcept {
  return date_fits_text(floor_div(micros, 86'400'000'000));
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

// Writes into out (at least 26 chars); returns the length. Years 0..9999 (check with
// date_fits_text first: outside, the year is clamped).
constexpr std::size_t format_date(std::int64_t days, char* out) noexcept {
  civil_date c = civil_from_days(days);
  auto two = [&](std::size_t at, unsigned v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  std::int64_t y = c.year < 0 ? 0 : (c.year > 9999 ? 9999 : c.year);
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  two(5, c.month);
  out[7] = '-';
  two(8, c.day);
  return 10;
}

constexpr std::size_t format_timestamp(std::int64_t micros, char* out) noexcept {
  const std::int64_t day_micros = 86'400'000'000;
  std::int64_t days = floor_div(micros, day_micros);
  std::int64_t rest = micros - days * day_micros;
  std::size_t n = format_date(days, out);
  std::int64_t secs = rest / 1'000'000;
  std::int64_t frac = rest % 1'000'000;
  auto two = [&](std::size_t at, std::int64_t v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  out[n] = ' ';
  two(n + 1, secs / 3600);
  out[n + 3] = ':';
  two(n + 4, secs / 60 % 60);
  out[n + 6] = ':';
  two(n + 7, secs % 60);
  n += 9;
  if (frac != 0) {
    out[n++] = '.';
    for (std::int64_t div = 100'000; div > 0; div /= 10) out[n++] = static_cast<char>('0' + frac / div % 10);
  }
  return n;
}

constexpr bool parse_digits(std::string_view s, std::size_t at, std::size_t count,
                            std::int64_t& out) noexcept {
  if (at + count > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// A real calendar date: 2023-02-31 is refused, not read as 2023-03-03.
constexpr std::optional<std::int64_t> parse_date(std::string_view s) noexcept {
  std::int64_t y = 0, m = 0, d = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !parse_digits(s, 0, 4, y) ||
      !parse_digits(s, 5, 2, m) || !parse_digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 ||
      d > days_in_month(y, static_cast<unsigned>(m)))
    return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// Accepts "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS", an optional 'T' separator, an optional
// fraction of up to 6 digits (more are refused, not rounded), and an optional "Z" / "+00:00".
constexpr std::optional<std::int64_t> parse_timestamp(std::string_view s) noexcept {
  auto days = parse_date(s);
  if (!days) return std::nullopt;
  std::int64_t micros = *days * 86'400'000'000;
  if (s.size() == 10) return micros;
  std::int64_t h = 0, mi = 0, se = 0;
  if (s.size() < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' ||
      !parse_digits(s, 11, 2, h) || !parse_digits(s, 14, 2, mi) || !parse_digits(s, 17, 2, se) ||
      h > 23 || mi > 59 || se > 60)
    return std::nullopt;
  micros += ((h * 60 + mi) * 60 + se) * 1'000'000;
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    ++at;
    std::int64_t frac = 0;
    std::size_t digits = 0;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      if (++digits > 6) return std::nullopt;
      frac = frac * 10 + (s[at++] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 6; ++i) frac *= 10;
    micros += frac;
  }
  std::string_view zone = s.substr(at);
  if (!zone.empty() && zone != "Z" && zone != "+00" && zone != "+00:00") return std::nullopt;
  // a leap second at the end of 9999-12-31 would land in year 10000: not a time we write
  if (!timestamp_fits_text(micros)) return std::nullopt;
  return micros;
}

inline constexpr std::int64_t micros_per_day = 86'400'000'000;

// A time of day (0..24:00:00) as "HH:MM:SS.ffffff": always six fraction digits, so that
// SQLite's text comparison orders times as time does. Writes 15 characters.
constexpr std::size_t format_time_of_day(std::int64_t micros, char* out) noexcept {
  std::int64_t secs = micros / 1'000'000, frac = micros % 1'000'000;
  auto two = [&](std::size_t at, std::int64_t v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, secs / 3600);
  out[2] = ':';
  two(3, secs / 60 % 60);
  out[5] = ':';
  two(6, secs % 60);
  out[8] = '.';
  for (std::size_t i = 0, div = 100'000; i < 6; ++i, div /= 10)
    out[9 + i] = static_cast<char>('0' + frac / static_cast<std::int64_t>(div) % 10);
  return 15;
}

// "HH:MM:SS" with an optional fraction of up to 6 digits (more are refused, not
// rounded); 24:00:00 is the end of the day, as PostgreSQL allows.
constexpr std::optional<std::int64_t> parse_time_of_day(std::string_view s) noexcept {
  std::int64_t h = 0, mi = 0, se = 0;
  if (s.size() < 8 || s[2] != ':' || s[5] != ':' || !parse_digits(s, 0, 2, h) || !parse_digits(s, 3, 2, mi) ||
      !parse_digits(s, 6, 2, se) || h > 24 || mi > 59 || se > 59)
    return std::nullopt;
  std::int64_t micros = ((h * 60 + mi) * 60 + se) * 1'000'000;
  std::size_t at = 8;
  if (at < s.size()) {
    if (s[at++] != '.') return std::nullopt;
    std::int64_t frac = 0;
    std::size_t digits = 0;
    while (at < s.size()) {
      if (s[at] < '0' || s[at] > '9' || ++digits > 6) return std::nullopt;
      frac = frac * 10 + (s[at++] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 6; ++i) frac *= 10;
    micros += frac;
  }
  if (micros > micros_per_day) return std::nullopt;
  return micros;
}

}  // namespace piccolo::detail
