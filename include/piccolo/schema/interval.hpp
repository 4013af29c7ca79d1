#pragma once
// std::chrono::duration columns: PostgreSQL INTERVAL (sent as microseconds, with no days
// and no months), SQLite an INTEGER of microseconds. A stored interval with months or
// days is refused on read: neither has a fixed length (a month of 28 to 31 days, a day
// of 23 to 25 hours across a DST change), and a duration would silently pick one.

#include <chrono>
#include <cstdint>
#include <limits>
#include <ratio>
#include <string>
#include <type_traits>
#include <utility>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

namespace detail {
// A duration in microseconds, exactly; out_of_range when it has a finer part or does not
// fit 64 bits.
template <class Rep, class Period>
constexpr std::int64_t interval_micros(std::chrono::duration<Rep, Period> d) {
  using ratio = std::ratio_divide<Period, std::micro>;  // microseconds per tick
  if constexpr (ratio::den == 1) {
    std::int64_t micros = 0;
    if (!std::in_range<std::int64_t>(d.count()) ||
        __builtin_mul_overflow(static_cast<std::int64_t>(d.count()), static_cast<std::int64_t>(ratio::num), &micros))
      throw_out_of_range("duration of " + std::to_string(d.count()) +
                         " ticks does not fit the 64-bit microseconds an interval column stores");
    return micros;
  } else {
    auto micros = std::chrono::floor<std::chrono::microseconds>(d);
    if (micros != d)
      throw_out_of_range("duration is more precise than the microseconds an interval column stores; round it "
                         "first, e.g. std::chrono::floor<std::chrono::microseconds>(d)");
    return micros.count();
  }
}

[[noreturn]] inline void throw_interval_with_calendar_parts(const interval_parts& stored) {
  throw error(errc::out_of_range,
              "stored interval has " + std::to_string(stored.months) + " months and " +
                  std::to_string(stored.days) +
                  " days, which have no fixed length, and a std::chrono::duration cannot hold them; store "
                  "intervals of hours and less (e.g. justify_hours() the other way: extract(epoch FROM ...))");
}
}  // namespace detail

template <class Rep, class Period>
  requires std::is_integral_v<Rep>
struct value_traits<std::chrono::duration<Rep, Period>> {
  using duration = std::chrono::duration<Rep, Period>;
  static constexpr bool supported = true;
  static constexpr category kind = category::interval;
  static constexpr value_kind bind_kind = value_kind::interval;
  using result_type = duration;
  static constexpr void sql_type(sql_writer& w) { detail::sql_type_name(w, "INTEGER", "INTERVAL"); }
  static constexpr value_view to_value(duration d) { return value_view::from_interval(detail::interval_micros(d)); }
  template <class Reader>
  static duration read(Reader& r, int i) {
    interval_parts stored = r.read_interval(i);
    if (stored.months != 0 || stored.days != 0) [[unlikely]]
      detail::throw_interval_with_calendar_parts(stored);
    using ratio = std::ratio_divide<Period, std::micro>;  // microseconds per tick
    std::int64_t ticks = 0;
    if (__builtin_mul_overflow(stored.micros, static_cast<std::int64_t>(ratio::den), &ticks) ||
        !std::in_range<Rep>(ticks / ratio::num))
      detail::throw_out_of_range("stored interval of " + std::to_string(stored.micros) +
                                 " microseconds does not fit the C++ duration");
    if (ticks % ratio::num != 0)
      detail::throw_out_of_range("stored interval of " + std::to_string(stored.micros) +
                                 " microseconds is more precise than the C++ duration");
    return duration{static_cast<Rep>(ticks / ratio::num)};
  }
  // is_in(): a list of microseconds, what SQLite stores; PostgreSQL makes each an
  // INTERVAL through its text form ('<n> microseconds'), exact where a product with
  // INTERVAL '1 microsecond' would go through a double.
  static constexpr value_kind in_list_kind = value_kind::int64;
  static constexpr std::int64_t in_list_element(value_view wire) noexcept { return wire.integer; }
  static constexpr void in_list_parameter(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      w.parameter();
    } else {
      w.put("ARRAY(SELECT CAST(micros || ' microseconds' AS INTERVAL) FROM unnest(");
      w.parameter();
      w.put(") AS micros)");
    }
  }
  // SQLite: the microseconds; PostgreSQL: '<n> microseconds'
  static constexpr void literal(sql_writer& w, duration d) {
    std::int64_t micros = detail::interval_micros(d);
    if (w.dialect() == dialect_id::sqlite) w.put_int(micros);
    else w.put('\'').put_int(micros).put(" microseconds'");
  }
};

}  // namespace piccolo
