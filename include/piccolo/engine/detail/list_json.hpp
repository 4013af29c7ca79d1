#pragma once
// A list parameter (is_in) as a JSON array, for SQLite's json_each().

#include <charconv>
#include <cstdint>
#include <string>

#include <piccolo/core/decimal.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>

namespace piccolo::engine_detail {

inline void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[(ch >> 4) & 0xF];
          out += hex[ch & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

inline std::string list_as_json(const value_view& v) {
  std::string out = "[";
  char buffer[64];
  auto append_number = [&](auto number) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
    out.append(buffer, end);
  };
  for (std::size_t i = 0; i < v.size; ++i) {
    if (i > 0) out += ',';
    switch (v.kind) {
      case value_kind::int64_list: append_number(v.list<std::int64_t>()[i]); break;
      case value_kind::float64_list: append_number(v.list<double>()[i]); break;
      case value_kind::text_list: append_json_string(out, v.list<std::string>()[i]); break;
      case value_kind::typed_bytes_list: {
        // as SQLite's hex() writes a BLOB, which the IN compares it with
        constexpr char hex[] = "0123456789ABCDEF";
        out += '"';
        for (char ch : v.list<std::string>()[i]) {
          out += hex[(static_cast<unsigned char>(ch) >> 4) & 0xF];
          out += hex[static_cast<unsigned char>(ch) & 0xF];
        }
        out += '"';
        break;
      }
      default: break;
    }
  }
  out += ']';
  return out;
}

// A std::vector<T> (value_kind::array) as SQLite stores it: a JSON array whose elements
// are the JSON forms of what SQLite stores for a T (numbers, true/false, text; times as
// their text, bytes as upper-case hex text), null for an empty std::optional element.
inline std::string array_as_json(const value_view& v) {
  const array_elements& how = v.elements();
  std::string out = "[";
  char buffer[64];
  for (std::size_t i = 0; i < v.size; ++i) {
    if (i > 0) out += ',';
    value_view e = how.element(v.data, i);
    if (e.is_null || e.kind == value_kind::null) {
      out += "null";
      continue;
    }
    switch (e.kind) {
      case value_kind::int64:
      case value_kind::interval: {
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, e.integer);
        out.append(buffer, end);
        break;
      }
      case value_kind::float64: {
        // JSON has no infinity or NaN
        if (!(e.real == e.real) || e.real > 1.7976931348623157e308 || e.real < -1.7976931348623157e308)
          throw error(errc::out_of_range, "an array element is infinite or NaN, which SQLite's JSON text cannot hold");
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, e.real);
        out.append(buffer, end);
        break;
      }
      case value_kind::boolean: out += e.integer ? "true" : "false"; break;
      case value_kind::text: append_json_string(out, e.text()); break;
      case value_kind::timestamp:
      case value_kind::timestamptz: {
        if (!piccolo::detail::timestamp_fits_text(e.integer))
          throw error(errc::out_of_range, "time point outside the years 0000..9999 cannot be stored in SQLite");
        std::size_t n = piccolo::detail::format_timestamp(e.integer, buffer);
        if (e.kind == value_kind::timestamptz)
          for (char ch : std::string_view{"+00:00"}) buffer[n++] = ch;
        append_json_string(out, std::string_view{buffer, n});
        break;
      }
      case value_kind::date: {
        if (!piccolo::detail::date_fits_text(e.integer))
          throw error(errc::out_of_range, "date outside the years 0000..9999 cannot be stored in SQLite");
        append_json_string(out, std::string_view{buffer, piccolo::detail::format_date(e.integer, buffer)});
        break;
      }
      case value_kind::time_of_day:
        append_json_string(out, std::string_view{buffer, piccolo::detail::format_time_of_day(e.integer, buffer)});
        break;
      case value_kind::numeric:
        append_json_string(out, piccolo::detail::sortable_decimal(e.text(), static_cast<int>(e.integer)));
        break;
      case value_kind::blob:
      case value_kind::typed_bytes: {
        constexpr char hex[] = "0123456789ABCDEF";
        out += '"';
        for (std::byte b : e.blob()) {
          out += hex[(static_cast<unsigned>(b) >> 4) & 0xF];
          out += hex[static_cast<unsigned>(b) & 0xF];
        }
        out += '"';
        break;
      }
      default: throw error(errc::misuse, "an array element of this type cannot be stored in SQLite");
    }
  }
  out += ']';
  return out;
}

}  // namespace piccolo::engine_detail
