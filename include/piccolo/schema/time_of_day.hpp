#pragma once
// Time-of-day columns: pc::time_of_day and std::chrono::hh_mm_ss (PostgreSQL TIME, whose
// binary form is microseconds since midnight; SQLite text "HH:MM:SS.ffffff", six fraction
// digits always, so that text order is time order). 00:00:00 to 24:00:00, as PostgreSQL.

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <ratio>
#include <string>
#include <string_view>
#include <type_traits>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

class time_of_day {
 public:
  constexpr time_of_day() noexcept = default;  // midnight
  constexpr explicit time_of_day(std::chrono::microseconds since_midnight) noexcept : micros_(since_midnight) {}
  // time_of_day{std::chrono::hours{20}, std::chrono::minutes{30}}
  constexpr time_of_day(std::chrono::hours h, std::chrono::minutes m, std::chrono::seconds s = {},
                        std::chrono::microseconds fraction = {}) noexcept
      : micros_(h + m + s + fraction) {}
  constexpr time_of_day(const std::chrono::hh_mm_ss<std::chrono::microseconds>& t) noexcept
      : micros_(t.to_duration()) {}  // a negative one is not ok()

  constexpr std::chrono::microseconds since_midnight() const noexcept { return micros_; }
  constexpr std::chrono::hh_mm_ss<std::chrono::microseconds> hh_mm_ss() const noexcept {
    return std::chrono::hh_mm_ss<std::chrono::microseconds>{micros_};
  }
  // What a column takes: 00:00:00 to 24:00:00.
  constexpr bool ok() const noexcept {
    return micros_.count() >= 0 && micros_.count() <= detail::micros_per_day;
  }

  // "20:30:00", "20:30:00.250000" (six fraction digits when there is a fraction).
  std::string to_string() const {
    char buffer[16]{};
    std::size_t n = detail::format_time_of_day(micros_.count(), buffer);
    if (micros_.count() % 1'000'000 == 0) n = 8;
    return std::string{buffer, n};
  }
  // "HH:MM:SS" with an optional fraction of up to six digits; nullopt for anything else.
  static constexpr std::optional<time_of_day> parse(std::string_view text) noexcept {
    if (auto micros = detail::parse_time_of_day(text)) return time_of_day{std::chrono::microseconds{*micros}};
    return std::nullopt;
  }

  friend constexpr bool operator==(time_of_day, time_of_day) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(time_of_day a, time_of_day b) noexcept {
    return a.micros_.count() <=> b.micros_.count();  // libc++ 16's duration has no <=>
  }

 private:
  std::chrono::microseconds micros_{};
};

namespace detail {
inline std::int64_t checked_time_of_day(std::int64_t micros) {
  if (micros < 0 || micros > micros_per_day)
    throw_out_of_range("time of day of " + std::to_string(micros) +
                       " microseconds is outside 00:00:00..24:00:00, what a TIME column holds");
  return micros;
}

// The column type and DEFAULT text both kinds of time of day share.
struct time_of_day_column {
  static constexpr bool supported = true;
  static constexpr category kind = category::time_of_day;
  static constexpr value_kind bind_kind = value_kind::time_of_day;
  static constexpr void sql_type(sql_writer& w) { w.put("TIME"); }
  static constexpr void literal_micros(sql_writer& w, std::int64_t micros) {
    char buffer[16]{};
    w.string_literal(std::string_view{buffer, format_time_of_day(micros, buffer)});
  }
  // is_in(): a list of "HH:MM:SS.ffffff" texts, SQLite's stored form; PostgreSQL casts
  // the text[] to time[], so that the column is compared as a TIME (and its index serves).
  static constexpr value_kind in_list_kind = value_kind::text;
  static std::string in_list_element(value_view wire) {
    char buffer[16]{};
    return std::string{buffer, format_time_of_day(wire.integer, buffer)};
  }
  static constexpr void in_list_parameter(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      w.parameter();
    } else {
      w.put("CAST(");
      w.parameter();
      w.put(" AS TIME[])");
    }
  }
};
}  // namespace detail

template <>
struct value_traits<time_of_day> : detail::time_of_day_column {
  using result_type = time_of_day;
  static value_view to_value(time_of_day t) {
    return value_view::from_time_of_day(detail::checked_time_of_day(t.since_midnight().count()));
  }
  template <class Reader>
  static time_of_day read(Reader& r, int i) {
    return time_of_day{std::chrono::microseconds{r.read_time_of_day(i)}};
  }
  static constexpr void literal(sql_writer& w, time_of_day t) { literal_micros(w, t.since_midnight().count()); }
};

// hh_mm_ss of whole microseconds or coarser (seconds, milliseconds): stored exactly.
template <class Duration>
  requires(std::is_integral_v<typename Duration::rep> &&
           std::ratio_divide<typename Duration::period, std::micro>::den == 1)
struct value_traits<std::chrono::hh_mm_ss<Duration>> : detail::time_of_day_column {
  using time = std::chrono::hh_mm_ss<Duration>;
  using result_type = time;
  static constexpr std::int64_t micros(const time& t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.to_duration()).count();  // signed
  }
  static value_view to_value(const time& t) {
    if (t.is_negative()) detail::throw_out_of_range("a negative hh_mm_ss is not a time of day");
    return value_view::from_time_of_day(detail::checked_time_of_day(micros(t)));
  }
  template <class Reader>
  static time read(Reader& r, int i) {
    std::chrono::microseconds stored{r.read_time_of_day(i)};
    auto value = std::chrono::duration_cast<Duration>(stored);
    if (std::chrono::duration_cast<std::chrono::microseconds>(value) != stored)
      detail::throw_out_of_range("stored time of day " + time_of_day{stored}.to_string() +
                                 " is more precise than the hh_mm_ss's duration");
    return time{value};
  }
  static constexpr void literal(sql_writer& w, const time& t) { literal_micros(w, micros(t)); }
};

}  // namespace piccolo
