#pragma once
// json_traits<T>: how one column value type is written to JSON and read back from it,
// in one place per type (to fold into value_traits once value types are one extension
// point). Each specialisation has
//   static boost::json::value to_json(const T&)
//   static T from_json(const boost::json::value&, std::string_view field)  (throws piccolo::error)
// `field` names the member in error messages; a missing member arrives as a null value.
//
// The choices: integers as JSON integers (range-checked on the way back); floats as
// numbers (NaN and infinity have no JSON form: refused); bytes as base64 (RFC 4648, with
// padding); uuids in their text form "0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f"; times of day
// as "20:30:00[.ffffff]"; durations as an integer of microseconds; numerics as their exact
// text "-12.30" (a JSON number would pass through a double; integers are read too);
// timestamps as ISO 8601 text "2024-05-01T12:30:00.250000" (no fraction when
// zero), timestamptz with a "Z"; dates "2024-05-01"; enums by enumerator name; a serial
// as its key (null while unset); a foreign key as the referenced key; optionals as null;
// a std::vector<T> (but bytes) as a JSON array of its elements.

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <piccolo/core/error.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/reflect/enum.hpp>
#include <piccolo/schema/interval.hpp>
#include <piccolo/schema/numeric.hpp>
#include <piccolo/schema/time_of_day.hpp>
#include <piccolo/schema/types.hpp>
#include <piccolo/schema/uuid.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

template <class T>
struct json_traits;  // specialised below; the primary is deliberately undefined

template <class T>
concept json_value = requires(const T& v, const boost::json::value& j) {
  { json_traits<T>::to_json(v) } -> std::same_as<boost::json::value>;
  { json_traits<T>::from_json(j, std::string_view{}) } -> std::same_as<T>;
};

namespace detail {

[[noreturn]] inline void throw_json_error(errc code, std::string_view field, std::string_view what) {
  std::string message = "JSON field '";
  message += field;
  message += "': ";
  message += what;
  throw error(code, message);
}

inline std::string_view json_kind_name(const boost::json::value& v) noexcept {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a fractional number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

[[noreturn]] inline void throw_json_kind(const boost::json::value& v, std::string_view field,
                                         std::string_view expected) {
  if (v.is_null()) throw_json_error(errc::unexpected_null, field, "missing or null; expected " + std::string{expected});
  throw_json_error(errc::type_mismatch, field,
                   "expected " + std::string{expected} + ", found " + std::string{json_kind_name(v)});
}

inline std::string_view json_text(const boost::json::value& v, std::string_view field) {
  if (!v.is_string()) throw_json_kind(v, field, "a string");
  const boost::json::string& s = v.get_string();
  return {s.data(), s.size()};
}

inline constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string base64_encode(const std::vector<std::byte>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned n = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift : {18, 12, 6, 0}) out += base64_alphabet[(n >> shift) & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned n = at(i) << 16 | (rest == 2 ? at(i + 1) << 8 : 0u);
    out += base64_alphabet[(n >> 18) & 63];
    out += base64_alphabet[(n >> 12) & 63];
    out += rest == 2 ? base64_alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

inline int base64_digit(char ch) noexcept {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
  if (ch >= '0' && ch <= '9') return ch - '0' + 52;
  if (ch == '+') return 62;
  if (ch == '/') return 63;
  return -1;
}

// Strict: padded to a multiple of four, nothing but the alphabet, no bits left over.
inline std::optional<std::vector<std::byte>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  std::vector<std::byte> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    unsigned n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      bool pad = last && k >= 4 - padding;
      int digit = pad ? 0 : base64_digit(text[i + k]);
      if (digit < 0) return std::nullopt;
      n = n << 6 | static_cast<unsigned>(digit);
    }
    out.push_back(static_cast<std::byte>(n >> 16));
    if (!(last && padding == 2)) out.push_back(static_cast<std::byte>(n >> 8 & 0xFF));
    if (!(last && padding >= 1)) out.push_back(static_cast<std::byte>(n & 0xFF));
    if (last && ((padding == 1 && (n & 0xFF) != 0) || (padding == 2 && (n & 0xFFFF) != 0))) return std::nullopt;
  }
  return out;
}

inline std::int64_t json_integer(const boost::json::value& v, std::string_view field, std::int64_t min,
                                 std::uint64_t max) {
  if (v.is_int64()) {
    std::int64_t n = v.get_int64();
    if (n >= min && (n < 0 || static_cast<std::uint64_t>(n) <= max)) return n;
    throw_json_error(errc::out_of_range, field, std::to_string(n) + " is out of range");
  }
  if (v.is_uint64()) {
    std::uint64_t n = v.get_uint64();
    if (n <= max) return static_cast<std::int64_t>(n);
    throw_json_error(errc::out_of_range, field, std::to_string(n) + " is out of range");
  }
  throw_json_kind(v, field, "an integer");
}

template <class T>
T json_time_text(const boost::json::value& v, std::string_view field, bool date_only) {
  std::string_view text = json_text(v, field);
  auto parsed = date_only ? parse_date(text) : parse_timestamp(text);
  if (!parsed || (date_only && text.size() != 10))
    throw_json_error(errc::type_mismatch, field,
                     "'" + std::string{text} + "' is not an ISO 8601 " + (date_only ? "date" : "timestamp"));
  return static_cast<T>(*parsed);
}

// "2024-05-01T12:30:00[.ffffff]" plus suffix, from microseconds since the epoch.
inline boost::json::value iso_timestamp(std::int64_t micros, std::string_view suffix) {
  if (!timestamp_fits_text(micros))
    throw error(errc::out_of_range, "timestamp outside the years 0000..9999 has no ISO 8601 text in JSON");
  char buffer[40]{};
  std::size_t n = format_timestamp(micros, buffer);
  buffer[10] = 'T';
  for (char ch : suffix) buffer[n++] = ch;
  return boost::json::string{std::string_view{buffer, n}};
}
}  // namespace detail

// ---- integers and bool ------------------------------------------------------------------
template <class Int>
  requires(std::is_integral_v<Int> && column_value<Int> && !std::is_same_v<Int, bool>)
struct json_traits<Int> {
  static boost::json::value to_json(Int v) { return boost::json::value(v); }
  static Int from_json(const boost::json::value& v, std::string_view field) {
    return static_cast<Int>(detail::json_integer(v, field, std::numeric_limits<Int>::min(),
                                                 static_cast<std::uint64_t>(std::numeric_limits<Int>::max())));
  }
};

template <>
struct json_traits<bool> {
  static boost::json::value to_json(bool v) { return boost::json::value(v); }
  static bool from_json(const boost::json::value& v, std::string_view field) {
    if (!v.is_bool()) detail::throw_json_kind(v, field, "a boolean");
    return v.get_bool();
  }
};

// ---- floating point -----------------------------------------------------------------
template <std::floating_point F>
  requires column_value<F>
struct json_traits<F> {
  static boost::json::value to_json(F v) {
    if (!std::isfinite(v)) throw error(errc::out_of_range, "NaN and infinity have no JSON form");
    return boost::json::value(static_cast<double>(v));
  }
  static F from_json(const boost::json::value& v, std::string_view field) {
    double d;
    if (v.is_double()) d = v.get_double();
    else if (v.is_int64()) d = static_cast<double>(v.get_int64());
    else if (v.is_uint64()) d = static_cast<double>(v.get_uint64());
    else detail::throw_json_kind(v, field, "a number");
    if constexpr (sizeof(F) == 4) {
      if (std::fabs(d) > std::numeric_limits<float>::max())
        detail::throw_json_error(errc::out_of_range, field, "does not fit a float");
    }
    return static_cast<F>(d);
  }
};

// ---- text ---------------------------------------------------------------------------
template <>
struct json_traits<std::string> {
  static boost::json::value to_json(const std::string& v) { return boost::json::string{v}; }
  static std::string from_json(const boost::json::value& v, std::string_view field) {
    return std::string{detail::json_text(v, field)};
  }
};

template <std::size_t N>
struct json_traits<varchar<N>> {
  static boost::json::value to_json(const varchar<N>& v) { return boost::json::string{v.str()}; }
  // the length check of a write, made here so that a too long value names its field
  static varchar<N> from_json(const boost::json::value& v, std::string_view field) {
    std::string_view text = detail::json_text(v, field);
    try {
      if (!(text.size() <= N && detail::ascii_without_nul(text))) detail::check_varchar_text(text, N);
    } catch (const error& e) {
      detail::throw_json_error(e.value(), field, e.engine_message());
    }
    return varchar<N>{text};
  }
};

// ---- bytes: base64 ----------------------------------------------------------------------
template <>
struct json_traits<std::vector<std::byte>> {
  static boost::json::value to_json(const std::vector<std::byte>& v) {
    return boost::json::string{detail::base64_encode(v)};
  }
  static std::vector<std::byte> from_json(const boost::json::value& v, std::string_view field) {
    if (auto bytes = detail::base64_decode(detail::json_text(v, field))) return std::move(*bytes);
    detail::throw_json_error(errc::type_mismatch, field, "not base64 text (RFC 4648, padded)");
  }
};

// ---- uuid: its canonical text ------------------------------------------------------------
template <>
struct json_traits<uuid> {
  static boost::json::value to_json(const uuid& v) { return boost::json::string{v.to_string()}; }
  static uuid from_json(const boost::json::value& v, std::string_view field) {
    if (auto parsed = uuid::parse(detail::json_text(v, field))) return *parsed;
    detail::throw_json_error(errc::type_mismatch, field,
                             "not a uuid (36 characters, e.g. \"0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f\")");
  }
};

// ---- time -------------------------------------------------------------------------------
template <class Duration>
struct json_traits<std::chrono::sys_time<Duration>> {
  using time_point = std::chrono::sys_time<Duration>;
  static boost::json::value to_json(time_point t) {
    // the microseconds a column stores; a finer value is refused as a write would be
    (void)value_traits<time_point>::to_value(t);
    return detail::iso_timestamp(value_traits<time_point>::micros(t), "");
  }
  static time_point from_json(const boost::json::value& v, std::string_view field) {
    std::chrono::microseconds micros{detail::json_time_text<std::int64_t>(v, field, false)};
    auto value = std::chrono::duration_cast<Duration>(micros);
    if (std::chrono::duration_cast<std::chrono::microseconds>(value) != micros)
      detail::throw_json_error(errc::out_of_range, field, "more precise than the C++ time point");
    return time_point{value};
  }
};

template <>
struct json_traits<timestamptz> {
  static boost::json::value to_json(timestamptz t) {
    return detail::iso_timestamp(t.time_since_epoch().count(), "Z");
  }
  static timestamptz from_json(const boost::json::value& v, std::string_view field) {
    std::chrono::microseconds micros{detail::json_time_text<std::int64_t>(v, field, false)};
    return timestamptz{timestamptz::time_point{micros}};
  }
};

template <>
struct json_traits<std::chrono::year_month_day> {
  static boost::json::value to_json(std::chrono::year_month_day d) {
    (void)value_traits<std::chrono::year_month_day>::to_value(d);  // refuses 2023-02-31
    std::int64_t days = value_traits<std::chrono::year_month_day>::days(d);
    if (!detail::date_fits_text(days))
      throw error(errc::out_of_range, "date outside the years 0000..9999 has no ISO 8601 text in JSON");
    char buffer[16]{};
    return boost::json::string{std::string_view{buffer, detail::format_date(days, buffer)}};
  }
  static std::chrono::year_month_day from_json(const boost::json::value& v, std::string_view field) {
    std::chrono::days days{detail::json_time_text<std::int64_t>(v, field, true)};
    return std::chrono::year_month_day{std::chrono::sys_days{days}};
  }
};

// ---- times of day and intervals: through value_traits, so that the column's checks apply
namespace detail {
// Hands value_traits<T>::read() a value from JSON instead of a row.
struct json_time_reader {
  std::int64_t micros;
  std::int64_t read_time_of_day(int) const noexcept { return micros; }
  interval_parts read_interval(int) const noexcept { return {micros}; }
};
template <class T>
T read_json_time(std::int64_t micros, std::string_view field) {
  json_time_reader reader{micros};
  try {
    return value_traits<T>::read(reader, 0);
  } catch (const error& e) {
    throw_json_error(e.value(), field, e.engine_message());
  }
}
}  // namespace detail

template <class T>
  requires(column_value<T> && value_traits<T>::kind == category::time_of_day)
struct json_traits<T> {
  static boost::json::value to_json(const T& v) {
    std::int64_t micros = value_traits<T>::to_value(v).integer;  // refuses what a column would
    return boost::json::string{time_of_day{std::chrono::microseconds{micros}}.to_string()};
  }
  static T from_json(const boost::json::value& v, std::string_view field) {
    std::string_view text = detail::json_text(v, field);
    auto micros = detail::parse_time_of_day(text);
    if (!micros)
      detail::throw_json_error(errc::type_mismatch, field, "'" + std::string{text} + "' is not a time of day (HH:MM:SS[.ffffff])");
    return detail::read_json_time<T>(*micros, field);
  }
};

template <class T>
  requires(column_value<T> && value_traits<T>::kind == category::interval)
struct json_traits<T> {
  static boost::json::value to_json(const T& v) { return boost::json::value(value_traits<T>::to_value(v).integer); }
  static T from_json(const boost::json::value& v, std::string_view field) {
    std::int64_t micros = detail::json_integer(v, field, std::numeric_limits<std::int64_t>::min(),
                                               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    return detail::read_json_time<T>(micros, field);
  }
};

// ---- exact decimals: text ----------------------------------------------------------------
template <int P, int S>
struct json_traits<numeric<P, S>> {
  static boost::json::value to_json(const numeric<P, S>& v) { return boost::json::string{v.to_string()}; }
  static numeric<P, S> from_json(const boost::json::value& v, std::string_view field) {
    std::string text = v.is_int64() ? std::to_string(v.get_int64()) : std::string{detail::json_text(v, field)};
    try {
      return numeric<P, S>{std::string_view{text}};
    } catch (const error& e) {
      detail::throw_json_error(e.value(), field, e.engine_message());
    }
  }
};

// ---- described enums: by name -------------------------------------------------------------
template <class E>
  requires reflect::is_described_enum<E>
struct json_traits<E> {
  static boost::json::value to_json(E v) {
    std::string_view name = reflect::enum_name(v);
    if (name.empty())
      throw error(errc::invalid_enum_value,
                  "enum value " + std::to_string(static_cast<long long>(v)) + " has no described enumerator");
    return boost::json::string{name};
  }
  static E from_json(const boost::json::value& v, std::string_view field) {
    std::string_view name = detail::json_text(v, field);
    if (auto value = reflect::enum_from_name<E>(name)) return *value;
    detail::throw_json_error(errc::invalid_enum_value, field, "'" + std::string{name} + "' is not an enumerator");
  }
};

// ---- piccolo's own column types -------------------------------------------------------
template <bool Big>
struct json_traits<basic_serial<Big>> {
  static boost::json::value to_json(basic_serial<Big> v) {
    return v.has_value() ? boost::json::value(v.value()) : boost::json::value(nullptr);
  }
  // null or missing: unset, so that a row read from JSON inserts with a new key
  static basic_serial<Big> from_json(const boost::json::value& v, std::string_view field) {
    if (v.is_null()) return {};
    return basic_serial<Big>{json_traits<std::int64_t>::from_json(v, field)};
  }
};

template <class Table, class Key>
struct json_traits<foreign_key<Table, Key>> {
  static boost::json::value to_json(const foreign_key<Table, Key>& v) { return json_traits<Key>::to_json(v.value()); }
  static foreign_key<Table, Key> from_json(const boost::json::value& v, std::string_view field) {
    return foreign_key<Table, Key>{json_traits<Key>::from_json(v, field)};
  }
};

// ---- arrays (std::vector<T> members and columns): a JSON array of the elements' own forms,
// [1, 2], ["a", "b"], [{"k": 1}] for std::vector<pc::jsonb>; an element's error names it
// as field[i].
template <class T>
  requires(!std::is_same_v<T, std::byte> && json_value<T>)
struct json_traits<std::vector<T>> {
  static boost::json::value to_json(const std::vector<T>& v) {
    boost::json::array out;
    out.reserve(v.size());
    for (const auto& element : v) out.push_back(json_traits<T>::to_json(element));
    return out;
  }
  static std::vector<T> from_json(const boost::json::value& v, std::string_view field) {
    if (!v.is_array()) detail::throw_json_kind(v, field, "an array");
    const boost::json::array& elements = v.get_array();
    std::vector<T> out;
    out.reserve(elements.size());
    std::string element_field{field};
    for (std::size_t i = 0; i < elements.size(); ++i) {
      element_field.resize(field.size());
      element_field += '[';
      element_field += std::to_string(i);
      element_field += ']';
      out.push_back(json_traits<T>::from_json(elements[i], element_field));
    }
    return out;
  }
};

template <class T>
struct json_traits<std::optional<T>> {
  static boost::json::value to_json(const std::optional<T>& v) {
    return v ? json_traits<T>::to_json(*v) : boost::json::value(nullptr);
  }
  static std::optional<T> from_json(const boost::json::value& v, std::string_view field) {
    if (v.is_null()) return std::nullopt;
    return json_traits<T>::from_json(v, field);
  }
};

}  // namespace piccolo
