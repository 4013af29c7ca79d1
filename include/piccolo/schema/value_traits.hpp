#pragma once
// value_traits<T>: everything piccolo knows about a C++ value type, in one specialisation
// (the one extension point for value types; docs/value-types.md shows how to add one).
// Engines, DDL, comparisons, is_in() and the COPY path ask it and nothing else:
//
//   supported      true
//   kind           its category: what it compares with (category::distinct: only itself)
//   bind_kind      the wire form engines bind: int64, float64, boolean, text, blob, the
//                  time kinds, or typed_bytes (its own PostgreSQL type; a BLOB on SQLite)
//   postgres       typed_bytes only: the postgres_type (OID, array OID) it is sent as
//   result_type    what a select of it yields (varchar<N> -> std::string)
//   sql_type(w)    its column type per dialect (w.dialect())
//   to_value(v)    the value_view bound for v (a view: v outlives the statement's run)
//   read(r, i)     column i of a row reader r (below) as result_type
//   literal(w, v)  optional: v as SQL text (column DEFAULTs)
//   binary_width   optional: bytes of its PostgreSQL binary form, when not that of its
//                  bind_kind (COPY sends an integer at its column's width: SMALLINT 2)
//   ordered        optional, false: no <, ORDER BY, min/max (the engines order it apart:
//                  JSON, arrays); see detail::unordered_kind_of
//   in_arrays      optional, false: not an element of a std::vector<T> column (JSON)
//
// A row reader (provided by each engine) has: is_null(i), read_int64(i),
// read_double(i), read_bool(i), read_text(i), read_blob(i), read_timestamp(i) (micros),
// read_date(i) (days), read_time_of_day(i) (micros since midnight), read_interval(i)
// (interval_parts: micros, days, months), read_typed_bytes(i, oid) (PostgreSQL: the
// binary form of a column of that type; SQLite: the BLOB), read_array(i) (a std::vector<T>
// column: a reader of its elements, with these same reads; <piccolo/arrays.hpp>); each
// throws piccolo::error on a NULL or a value of another type. Unsupported types fail with a piccolo: message.

#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/reflect/enum.hpp>
#include <piccolo/schema/types.hpp>

namespace piccolo {

// distinct: a value type that compares only with values of its own type (a uuid, an id
// type, money), whatever it is stored as.
enum class category {
  integer, real, boolean, text, blob, timestamp, date, enumeration, null, distinct,
  time_of_day,  // pc::time_of_day, std::chrono::hh_mm_ss
  interval,     // std::chrono::duration
};

template <class T>
struct value_traits;  // specialised below; the primary is deliberately undefined

namespace detail {
template <class T>
struct unsupported_type {
  static constexpr bool supported = false;
};

[[noreturn]] inline void throw_out_of_range(std::string message) {
  throw error(errc::out_of_range, message);
}

constexpr std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

// Characters of s when it is well-formed UTF-8 without a NUL byte (what PostgreSQL
// stores), -1 otherwise: overlong forms, surrogates, code points past U+10FFFF and
// stray continuation bytes are refused rather than counted as fewer characters.
constexpr std::ptrdiff_t utf8_characters(std::string_view s) noexcept {
  std::ptrdiff_t n = 0;
  std::size_t i = 0;
  const std::size_t size = s.size();
  if (!std::is_constant_evaluated()) {
    // eight ASCII bytes (0x01..0x7F) at a time: text is mostly ASCII
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (size - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (((w | ((w - ones) & ~w)) & highs) != 0) break;  // a high bit or a NUL byte
      i += 8;
      n += 8;
    }
  }
  while (i < size) {
    auto b = static_cast<unsigned char>(s[i]);
    ++n;
    if (b >= 0x01 && b < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (b >= 0xC2 && b <= 0xDF) length = 2;
    else if (b == 0xE0) length = 3, lo = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC) length = 3;
    else if (b == 0xED) length = 3, hi = 0x9F;  // no UTF-16 surrogates
    else if (b >= 0xEE && b <= 0xEF) length = 3;
    else if (b == 0xF0) length = 4, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) length = 4;
    else if (b == 0xF4) length = 4, hi = 0x8F;
    else return -1;  // NUL, a continuation byte, C0, C1, F5..FF
    if (size - i < length) return -1;
    auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return -1;
    for (std::size_t k = 2; k < length; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
    i += length;
  }
  return n;
}

// True when s is ASCII without a NUL byte, so that its characters are its bytes: the
// common case of varchar<N>::to_value, decided a word at a time without a loop over
// bytes (the last word overlaps the ones before it; short texts are read in pieces).
inline bool ascii_without_nul(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  auto clean = [](std::uint64_t w) { return ((w | ((w - ones) & ~w)) & highs) == 0; };
  const char* p = s.data();
  const std::size_t size = s.size();
  if (size >= 8) {
    std::uint64_t w;
    for (std::size_t i = 0; i + 8 < size; i += 8) {
      std::memcpy(&w, p + i, 8);
      if (!clean(w)) return false;
    }
    std::memcpy(&w, p + size - 8, 8);
    return clean(w);
  }
  if (size >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + size - 4, 4);
    return clean(first | (std::uint64_t{last} << 32));
  }
  if (size == 0) return true;
  // one to three bytes: the first, the middle and the last, padded with 0x01
  auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
  return clean(0x0101010101000000u | byte(0) | byte(size / 2) << 8 | byte(size - 1) << 16);
}

// varchar<N>::to_value when the text is not plain ASCII within N bytes: validates the
// UTF-8, counts its characters and throws what is wrong. Out of line, once for every N.
[[gnu::noinline]] inline void check_varchar_text(std::string_view s, std::size_t limit) {
  std::ptrdiff_t characters = utf8_characters(s);
  if (characters < 0)
    throw error(errc::invalid_text, "value for VARCHAR(" + std::to_string(limit) +
                                        ") is not valid UTF-8 or holds a NUL byte");
  if (static_cast<std::size_t>(characters) > limit)
    throw_out_of_range("value of " + std::to_string(characters) + " characters is too long for VARCHAR(" +
                       std::to_string(limit) + ")");
}

// T's own PostgreSQL type; none (0) for the built-in wire kinds.
template <class T>
constexpr postgres_type postgres_type_of() noexcept {
  if constexpr (requires { value_traits<T>::postgres; }) return value_traits<T>::postgres;
  else return {};
}

// Bytes of T's PostgreSQL binary form: its binary_width, else that of its wire kind
// (int64 8, float64 8, boolean 1, the times 8, date 4, interval 16); -1 when variable.
template <class T>
constexpr int binary_width_of() noexcept {
  if constexpr (requires { value_traits<T>::binary_width; }) {
    return value_traits<T>::binary_width;
  } else {
    switch (value_traits<T>::bind_kind) {
      case value_kind::int64:
      case value_kind::float64:
      case value_kind::timestamp:
      case value_kind::timestamptz: return 8;
      case value_kind::date: return 4;
      case value_kind::boolean: return 1;
      case value_kind::time_of_day: return 8;
      case value_kind::interval: return 16;  // microseconds, days, months
      default: return -1;
    }
  }
}

// The NULL of type T: its wire kind, and its PostgreSQL type when it has its own.
template <class T>
constexpr value_view null_value_of() noexcept {
  if constexpr (requires { value_traits<T>::null_value(); })  // an array: its element type too
    return value_traits<T>::null_value();
  else if constexpr (value_traits<T>::bind_kind == value_kind::typed_bytes)
    return value_view::typed_null(value_traits<T>::postgres);
  else
    return value_view::null_of(value_traits<T>::bind_kind);
}

template <class Int>
Int checked_integer(std::int64_t v) {
  if constexpr (!std::is_same_v<Int, std::int64_t>) {
    if (!std::in_range<Int>(v))
      throw_out_of_range("stored value " + std::to_string(v) + " does not fit a " +
                         std::to_string(sizeof(Int) * 8) + "-bit integer");
  }
  return static_cast<Int>(v);
}

constexpr void sql_type_name(sql_writer& w, std::string_view sqlite, std::string_view postgres) {
  w.put(w.dialect() == dialect_id::sqlite ? sqlite : postgres);
}
}  // namespace detail

template <class T>
concept column_value = requires { value_traits<T>::supported; } && value_traits<T>::supported;

// ---- integers -----------------------------------------------------------------------
template <class Int>
  requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool> && !std::is_same_v<Int, char> &&
           (std::is_signed_v<Int> || sizeof(Int) < 8))
struct value_traits<Int> {
  static constexpr bool supported = true;
  static constexpr category kind = category::integer;
  static constexpr value_kind bind_kind = value_kind::int64;
  using result_type = Int;
  static constexpr int binary_width =
      sizeof(Int) == 1 || (sizeof(Int) == 2 && std::is_signed_v<Int>)   ? 2
      : sizeof(Int) == 2 || (sizeof(Int) == 4 && std::is_signed_v<Int>) ? 4
                                                                          : 8;
  static constexpr void sql_type(sql_writer& w) {
    // the smallest type that holds every value: unsigned 16 bits need INTEGER
    if constexpr (sizeof(Int) == 1 || (sizeof(Int) == 2 && std::is_signed_v<Int>)) w.put("SMALLINT");
    else if constexpr (sizeof(Int) == 2 || (sizeof(Int) == 4 && std::is_signed_v<Int>)) w.put("INTEGER");
    else w.put("BIGINT");
  }
  static constexpr value_view to_value(Int v) { return value_view::from_int(v); }
  template <class Reader>
  static Int read(Reader& r, int i) {
    return detail::checked_integer<Int>(r.read_int64(i));
  }
  static constexpr void literal(sql_writer& w, Int v) { w.put_int(v); }
};

template <>
struct value_traits<bool> {
  static constexpr bool supported = true;
  static constexpr category kind = category::boolean;
  static constexpr value_kind bind_kind = value_kind::boolean;
  using result_type = bool;
  static constexpr void sql_type(sql_writer& w) { w.put("BOOLEAN"); }
  static constexpr value_view to_value(bool v) { return value_view::from_bool(v); }
  template <class Reader>
  static bool read(Reader& r, int i) {
    return r.read_bool(i);
  }
  static constexpr void literal(sql_writer& w, bool v) { w.put(v ? "TRUE" : "FALSE"); }
};

// ---- floating point -----------------------------------------------------------------
template <std::floating_point F>
  requires(!std::is_same_v<F, long double>)
struct value_traits<F> {
  static constexpr bool supported = true;
  static constexpr category kind = category::real;
  static constexpr value_kind bind_kind = value_kind::float64;
  using result_type = F;
  static constexpr int binary_width = sizeof(F) == 4 ? 4 : 8;
  static constexpr void sql_type(sql_writer& w) {
    w.put(sizeof(F) == 4 ? "REAL" : "DOUBLE PRECISION");
  }
  static constexpr value_view to_value(F v) { return value_view::from_double(v); }
  template <class Reader>
  static F read(Reader& r, int i) {
    double v = r.read_double(i);
    if constexpr (sizeof(F) == 4) {
      if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max())
        detail::throw_out_of_range("stored value does not fit a float");
    }
    return static_cast<F>(v);
  }
  // The shortest digits that read back as the same value: 0.5, 19.99, 1e-10.
  static constexpr void literal(sql_writer& w, F v) { w.put_real(v); }
};

// ---- text ---------------------------------------------------------------------------
template <>
struct value_traits<std::string> {
  static constexpr bool supported = true;
  static constexpr category kind = category::text;
  static constexpr value_kind bind_kind = value_kind::text;
  using result_type = std::string;
  static constexpr void sql_type(sql_writer& w) { w.put("TEXT"); }
  static constexpr value_view to_value(const std::string& v) { return value_view::from_text(v); }
  template <class Reader>
  static std::string read(Reader& r, int i) {
    return std::string{r.read_text(i)};
  }
  static constexpr void literal(sql_writer& w, const std::string& v) { w.string_literal(v); }
};

template <std::size_t N>
struct value_traits<varchar<N>> {
  static constexpr bool supported = true;
  static constexpr category kind = category::text;
  static constexpr value_kind bind_kind = value_kind::text;
  using result_type = std::string;
  static constexpr void sql_type(sql_writer& w) {
    w.put("VARCHAR(").put_uint(N).put(')');
  }
  static value_view to_value(const varchar<N>& v) {
    // checked on every engine, so that SQLite refuses what PostgreSQL would: invalid
    // UTF-8, a NUL byte, more than N characters
    std::string_view text = v.str();
    if (!(text.size() <= N && detail::ascii_without_nul(text))) [[unlikely]]
      detail::check_varchar_text(text, N);
    return value_view::from_text(text);
  }
  template <class Reader>
  static std::string read(Reader& r, int i) {
    return std::string{r.read_text(i)};
  }
  static constexpr void literal(sql_writer& w, const varchar<N>& v) { w.string_literal(v.str()); }
};

// Parameters only (comparisons, raw arguments): string literals and views.
template <>
struct value_traits<std::string_view> {
  static constexpr bool supported = true;
  static constexpr category kind = category::text;
  static constexpr value_kind bind_kind = value_kind::text;
  using result_type = std::string;
  static constexpr void sql_type(sql_writer& w) { w.put("TEXT"); }
  static constexpr value_view to_value(std::string_view v) { return value_view::from_text(v); }
  template <class Reader>
  static std::string read(Reader& r, int i) {
    return std::string{r.read_text(i)};
  }
};
template <>
struct value_traits<const char*> {
  static constexpr bool supported = true;
  static constexpr category kind = category::text;
  static constexpr value_kind bind_kind = value_kind::text;
  using result_type = std::string;
  static constexpr void sql_type(sql_writer& w) { w.put("TEXT"); }
  static constexpr value_view to_value(const char* v) {
    return value_view::from_text(std::string_view{v});
  }
};

// ---- bytes --------------------------------------------------------------------------
template <>
struct value_traits<std::vector<std::byte>> {
  static constexpr bool supported = true;
  static constexpr category kind = category::blob;
  static constexpr value_kind bind_kind = value_kind::blob;
  using result_type = std::vector<std::byte>;
  static constexpr void sql_type(sql_writer& w) { detail::sql_type_name(w, "BLOB", "BYTEA"); }
  static value_view to_value(const std::vector<std::byte>& v) { return value_view::from_blob(v); }
  template <class Reader>
  static std::vector<std::byte> read(Reader& r, int i) {
    auto bytes = r.read_blob(i);
    return {bytes.begin(), bytes.end()};
  }
};

// ---- time ---------------------------------------------------------------------------
template <class Duration>
struct value_traits<std::chrono::sys_time<Duration>> {
  using time_point = std::chrono::sys_time<Duration>;
  static constexpr bool supported = true;
  static constexpr category kind = category::timestamp;
  static constexpr value_kind bind_kind = value_kind::timestamp;
  using result_type = time_point;
  // A pc::timestamptz (or a coarser time point) compared with a TIMESTAMP column binds as
  // TIMESTAMP: PostgreSQL would otherwise convert the column through the session's TimeZone.
  static constexpr bool parameters_take_column_type = true;
  static constexpr void sql_type(sql_writer& w) { w.put("TIMESTAMP"); }
  static constexpr std::int64_t micros(time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  }
  static constexpr value_view to_value(time_point t) {
    if constexpr (std::ratio_less_v<typename Duration::period, std::micro>) {
      // both engines store microseconds: a finer value would be cut silently
      if (std::chrono::floor<std::chrono::microseconds>(t) != t)
        detail::throw_out_of_range("time point is more precise than the microseconds a column stores; "
                                   "round it first, e.g. std::chrono::floor<std::chrono::microseconds>(t)");
    }
    return value_view::from_timestamp(micros(t));
  }
  template <class Reader>
  static time_point read(Reader& r, int i) {
    std::chrono::microseconds stored{r.read_timestamp(i)};
    if constexpr (std::ratio_less_v<typename Duration::period, std::micro>) {
      // finer than microseconds: a nanosecond clock ends in 2262
      using wide = std::chrono::duration<long double, typename Duration::period>;
      auto limit = std::chrono::duration_cast<wide>(Duration::max());
      if (std::chrono::duration_cast<wide>(stored) > limit ||
          std::chrono::duration_cast<wide>(stored) < -limit)
        detail::throw_out_of_range("stored timestamp does not fit the C++ time point's duration");
    }
    auto value = std::chrono::duration_cast<Duration>(stored);
    if (std::chrono::duration_cast<std::chrono::microseconds>(value) != stored)
      detail::throw_out_of_range("stored timestamp is more precise than the C++ time point");
    return time_point{value};
  }
  static constexpr void literal(sql_writer& w, time_point t) {
    char buffer[32]{};
    std::size_t n = detail::format_timestamp(micros(t), buffer);
    w.string_literal(std::string_view{buffer, n});
  }
};

template <>
struct value_traits<timestamptz> {
  static constexpr bool supported = true;
  static constexpr category kind = category::timestamp;
  static constexpr value_kind bind_kind = value_kind::timestamptz;
  using result_type = timestamptz;
  // A value compared with a TIMESTAMPTZ column binds as one (a plain sys_time would bind
  // as TIMESTAMP, which PostgreSQL converts through the session's TimeZone).
  static constexpr bool parameters_take_column_type = true;
  static constexpr void sql_type(sql_writer& w) { w.put("TIMESTAMPTZ"); }
  static constexpr value_view to_value(timestamptz t) {
    return value_view::from_timestamptz(t.time_since_epoch().count());
  }
  template <class Reader>
  static timestamptz read(Reader& r, int i) {
    return timestamptz{timestamptz::time_point{std::chrono::microseconds{r.read_timestamp(i)}}};
  }
  static constexpr void literal(sql_writer& w, timestamptz t) {
    char buffer[40]{};
    std::size_t n = detail::format_timestamp(t.time_since_epoch().count(), buffer);
    for (char ch : std::string_view{"+00:00"}) buffer[n++] = ch;
    w.string_literal(std::string_view{buffer, n});
  }
};

template <>
struct value_traits<std::chrono::year_month_day> {
  static constexpr bool supported = true;
  static constexpr category kind = category::date;
  static constexpr value_kind bind_kind = value_kind::date;
  using result_type = std::chrono::year_month_day;
  static constexpr void sql_type(sql_writer& w) { w.put("DATE"); }
  static constexpr std::int64_t days(std::chrono::year_month_day d) {
    return std::chrono::sys_days{d}.time_since_epoch().count();
  }
  static constexpr value_view to_value(std::chrono::year_month_day d) {
    // chrono would make 2023-02-31 March 3rd and 0/0/0 (a default-constructed one) -0001-11-30
    if (!d.ok())
      detail::throw_out_of_range("year_month_day " + std::to_string(static_cast<int>(d.year())) + "-" +
                                 std::to_string(static_cast<unsigned>(d.month())) + "-" +
                                 std::to_string(static_cast<unsigned>(d.day())) +
                                 " is not a valid date (a default-constructed one is 0-0-0: give the "
                                 "member an initializer)");
    return value_view::from_date(days(d));
  }
  template <class Reader>
  static std::chrono::year_month_day read(Reader& r, int i) {
    std::int64_t stored = r.read_date(i);
    // std::chrono::year holds -32767..32767; PostgreSQL's dates reach 5874897
    if (stored < detail::days_from_civil(-32767, 1, 1) || stored > detail::days_from_civil(32767, 12, 31))
      detail::throw_out_of_range("stored date is outside the years std::chrono::year holds");
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{stored}}};
  }
  static constexpr void literal(sql_writer& w, std::chrono::year_month_day d) {
    char buffer[16]{};
    std::size_t n = detail::format_date(days(d), buffer);
    w.string_literal(std::string_view{buffer, n});
  }
};

// ---- enums: by the enumerator's name (described enums, the default: "choices") or,
// opted in per type, by the underlying value (Piccolo's choices store the value):
//   template <> inline constexpr pc::enum_stored_as pc::enum_storage<Genre> = pc::enum_stored_as::value;
enum class enum_stored_as { name, value };
template <class E>
inline constexpr enum_stored_as enum_storage = enum_stored_as::name;

template <class E>
  requires(reflect::is_described_enum<E> && enum_storage<E> == enum_stored_as::name)
struct value_traits<E> {
  static constexpr bool supported = true;
  static constexpr category kind = category::enumeration;
  static constexpr value_kind bind_kind = value_kind::text;
  using result_type = E;
  static constexpr void sql_type(sql_writer& w) { w.put("TEXT"); }
  static value_view to_value(E v) {
    std::string_view name = reflect::enum_name(v);
    if (name.empty())
      throw error(errc::invalid_enum_value,
                  "enum value " + std::to_string(static_cast<long long>(v)) +
                      " has no described enumerator");
    return value_view::from_text(name);
  }
  template <class Reader>
  static E read(Reader& r, int i) {
    std::string_view name = r.read_text(i);
    if (auto value = reflect::enum_from_name<E>(name)) return *value;
    throw error(errc::invalid_enum_value,
                "stored value '" + std::string{name} + "' is not an enumerator");
  }
  static constexpr void literal(sql_writer& w, E v) { w.string_literal(reflect::enum_name(v)); }
};

template <class E>
  requires(std::is_enum_v<E> && enum_storage<E> == enum_stored_as::value)
struct value_traits<E> {
  using underlying = std::underlying_type_t<E>;
  static constexpr bool supported = true;
  static constexpr category kind = category::enumeration;
  static constexpr value_kind bind_kind = value_kind::int64;
  using result_type = E;
  static constexpr int binary_width = value_traits<underlying>::binary_width;
  static constexpr void sql_type(sql_writer& w) { value_traits<underlying>::sql_type(w); }
  static constexpr value_view to_value(E v) { return value_view::from_int(static_cast<underlying>(v)); }
  template <class Reader>
  static E read(Reader& r, int i) {
    std::int64_t stored = r.read_int64(i);
    auto value = static_cast<E>(detail::checked_integer<underlying>(stored));
    // a described enum knows its enumerators: a stored value without one is refused
    if constexpr (reflect::is_described_enum<E>) {
      if (reflect::enum_name(value).empty())
        throw error(errc::invalid_enum_value, "stored value " + std::to_string(stored) + " is not an enumerator");
    }
    return value;
  }
  static constexpr void literal(sql_writer& w, E v) { w.put_int(static_cast<underlying>(v)); }
};

// ---- piccolo's own column types -------------------------------------------------------
template <bool Big>
struct value_traits<basic_serial<Big>> {
  static constexpr bool supported = true;
  static constexpr category kind = category::integer;
  static constexpr value_kind bind_kind = value_kind::int64;
  using result_type = std::int64_t;
  static constexpr int binary_width = Big ? 8 : 4;  // as itself and as a foreign key to it
  static constexpr void sql_type(sql_writer& w) {
    detail::sql_type_name(w, "INTEGER", Big ? "BIGSERIAL" : "SERIAL");
  }
  // The type a foreign key referencing this key has.
  static constexpr void reference_type(sql_writer& w) { w.put(Big ? "BIGINT" : "INTEGER"); }
  // Unset: NULL, and the database assigns the key.
  static constexpr value_view to_value(basic_serial<Big> v) {
    return v.has_value() ? value_view::from_int(v.value()) : value_view::null_of(value_kind::int64);
  }
  template <class Reader>
  static std::int64_t read(Reader& r, int i) {
    return r.read_int64(i);
  }
};

template <class Table, class Key>
struct value_traits<foreign_key<Table, Key>> {
  static constexpr bool supported = value_traits<Key>::supported;
  static constexpr category kind = value_traits<Key>::kind;
  static constexpr value_kind bind_kind = value_traits<Key>::bind_kind;
  using result_type = typename value_traits<Key>::result_type;
  static constexpr postgres_type postgres = detail::postgres_type_of<Key>();
  static constexpr value_view to_value(const foreign_key<Table, Key>& v) {
    return value_traits<Key>::to_value(v.value());
  }
  template <class Reader>
  static result_type read(Reader& r, int i) {
    return value_traits<Key>::read(r, i);
  }
};

template <class T>
struct value_traits<std::optional<T>> {
  static constexpr bool supported = value_traits<T>::supported;
  static constexpr category kind = value_traits<T>::kind;
  static constexpr value_kind bind_kind = value_traits<T>::bind_kind;
  using result_type = std::optional<typename value_traits<T>::result_type>;
  static constexpr postgres_type postgres = detail::postgres_type_of<T>();
  static constexpr void sql_type(sql_writer& w) { value_traits<T>::sql_type(w); }
  static constexpr value_view to_value(const std::optional<T>& v) {
    return v ? value_traits<T>::to_value(*v) : detail::null_value_of<T>();
  }
  template <class Reader>
  static result_type read(Reader& r, int i) {
    if (r.is_null(i)) return std::nullopt;
    return value_traits<T>::read(r, i);
  }
};

template <>
struct value_traits<std::nullopt_t> {
  static constexpr bool supported = true;
  static constexpr category kind = category::null;
  static constexpr value_kind bind_kind = value_kind::null;
  static constexpr value_view to_value(std::nullopt_t) { return value_view::null(); }
};

// The type a select yields for a column of type T: varchar<N> -> std::string,
// serial -> std::int64_t, foreign_key<T, K> -> K, optional<X> -> optional<that of X>.
template <class T>
using result_type_of = typename value_traits<T>::result_type;

template <class T>
struct column_type_info {
  using type = T;
  static constexpr bool nullable = false;
};
template <class T>
struct column_type_info<std::optional<T>> {
  using type = T;
  static constexpr bool nullable = true;
};

namespace detail {
// What orders values of T with < and ORDER BY: everything but a type whose traits say
// `ordered = false` (JSON, arrays: SQLite compares the JSON text it stores, PostgreSQL
// by rules of its own, so the two engines would disagree). Named, for their messages.
enum class unordered_kind { none, array, other };
template <class T>
constexpr unordered_kind unordered_kind_of() noexcept {
  using bare = typename column_type_info<std::remove_cvref_t<T>>::type;
  if constexpr (!column_value<bare>) return unordered_kind::none;
  else if constexpr (!requires { value_traits<bare>::ordered; }) return unordered_kind::none;
  else if constexpr (value_traits<bare>::ordered) return unordered_kind::none;
  else if constexpr (value_traits<bare>::bind_kind == value_kind::array) return unordered_kind::array;
  else return unordered_kind::other;
}
}  // namespace detail

// Two categories that SQL compares without surprise.
constexpr bool comparable_categories(category a, category b) noexcept {
  if (a == b) return true;
  bool a_number = a == category::integer || a == category::real;
  bool b_number = b == category::integer || b == category::real;
  return a_number && b_number;
}

}  // namespace piccolo
