#pragma once
// A list parameter (is_in) as a JSON array, for SQLite's json_each().

#include <charconv>
#include <cstdint>
#include <string>

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

}  // namespace piccolo::engine_detail
