#pragma once
// PostgreSQL's binary wire formats for the types piccolo binds and reads.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <piccolo/core/error.hpp>
#include <piccolo/core/value.hpp>

namespace piccolo::postgres::detail {

// Type OIDs (pg_type.oid) of the built-in types used here.
enum oid : unsigned {
  bool_oid = 16, bytea_oid = 17, name_oid = 19, int8_oid = 20, int2_oid = 21, int4_oid = 23,
  text_oid = 25, oid_oid = 26, json_oid = 114, float4_oid = 700, float8_oid = 701,
  unknown_oid = 705, bpchar_oid = 1042, varchar_oid = 1043, date_oid = 1082,
  timestamp_oid = 1114, timestamptz_oid = 1184, int8_array_oid = 1016,
  float8_array_oid = 1022, text_array_oid = 1009, bool_array_oid = 1000,
  bytea_array_oid = 1001, timestamp_array_oid = 1115, date_array_oid = 1182,
  timestamptz_array_oid = 1185, time_oid = 1083, time_array_oid = 1183, interval_oid = 1186,
  interval_array_oid = 1187, numeric_oid = 1700, numeric_array_oid = 1231, int2_array_oid = 1005,
  int4_array_oid = 1007, float4_array_oid = 1021, bpchar_array_oid = 1014, varchar_array_oid = 1015,
};

// Microseconds / days between the Unix epoch and PostgreSQL's (2000-01-01).
inline constexpr std::int64_t epoch_offset_micros = 946'684'800'000'000;
inline constexpr std::int64_t epoch_offset_days = 10'957;

inline unsigned oid_of(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::int64: return int8_oid;
    case value_kind::float64: return float8_oid;
    case value_kind::boolean: return bool_oid;
    case value_kind::text: return text_oid;
    case value_kind::blob: return bytea_oid;
    case value_kind::timestamp: return timestamp_oid;
    case value_kind::timestamptz: return timestamptz_oid;
    case value_kind::date: return date_oid;
    case value_kind::time_of_day: return time_oid;
    case value_kind::interval: return interval_oid;
    case value_kind::numeric: return numeric_oid;
    case value_kind::int64_list: return int8_array_oid;
    case value_kind::float64_list: return float8_array_oid;
    case value_kind::text_list: return text_array_oid;
    case value_kind::null: return 0;  // let the server infer it
    case value_kind::typed_bytes:
    case value_kind::typed_bytes_list:
    case value_kind::array: return 0;  // the value carries it: oid_of(value_view)
  }
  return 0;
}
inline unsigned array_type_oid(const value_view& v) noexcept;  // below
// The type a parameter is prepared with: a value type with its own PostgreSQL type
// (typed_bytes) says which; the others are the OID of their kind.
inline unsigned oid_of(const value_view& v) noexcept {
  if (v.kind == value_kind::array) return array_type_oid(v);
  if (v.kind == value_kind::typed_bytes) return v.postgres_oid();
  if (v.kind == value_kind::typed_bytes_list) return v.postgres_array_oid();
  return oid_of(v.kind);
}
inline bool is_list(value_kind kind) noexcept {
  return kind == value_kind::int64_list || kind == value_kind::float64_list || kind == value_kind::text_list ||
         kind == value_kind::typed_bytes_list;
}

// The array type whose elements have the given kind (columnar batch inserts).
inline unsigned array_oid_of(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::int64: return int8_array_oid;
    case value_kind::float64: return float8_array_oid;
    case value_kind::boolean: return bool_array_oid;
    case value_kind::text: return text_array_oid;
    case value_kind::blob: return bytea_array_oid;
    case value_kind::timestamp: return timestamp_array_oid;
    case value_kind::timestamptz: return timestamptz_array_oid;
    case value_kind::date: return date_array_oid;
    case value_kind::time_of_day: return time_array_oid;
    case value_kind::interval: return interval_array_oid;
    case value_kind::numeric: return numeric_array_oid;
    default: return 0;
  }
}
inline unsigned array_oid_of(const value_view& v) noexcept {
  return v.kind == value_kind::typed_bytes ? v.postgres_array_oid() : array_oid_of(v.kind);
}

inline void put_u32(std::string& out, std::uint32_t v) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
               static_cast<char>(v)};
  out.append(b, 4);
}
inline void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (56 - 8 * i));
  out.append(b, 8);
}
inline std::uint64_t get_u64(const char* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
inline std::uint32_t get_u32(const char* p) noexcept {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
inline std::uint16_t get_u16(const char* p) noexcept {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) | static_cast<unsigned char>(p[1]));
}

inline void put_u16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

// NUMERIC's binary form from canonical decimal text ("-12.30"): ndigits, weight (of the
// first base-10000 digit), sign, dscale (the fraction digits shown), then the digits.
inline void put_numeric(std::string& out, std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::size_t point = text.find('.');
  std::string_view integer = text.substr(0, point), fraction;
  if (point != std::string_view::npos) fraction = text.substr(point + 1);
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  // the digits in groups of four, aligned on the decimal point
  std::string aligned((4 - integer.size() % 4) % 4, '0');
  aligned += integer;
  auto integer_groups = static_cast<int>(aligned.size() / 4);
  aligned += fraction;
  aligned.append((4 - fraction.size() % 4) % 4, '0');
  std::uint16_t groups[260];  // NUMERIC holds 131072 integer digits; pc::numeric at most 1000
  int count = 0, weight = integer_groups - 1;
  for (std::size_t at = 0; at < aligned.size() && count < 260; at += 4)
    groups[count++] = static_cast<std::uint16_t>((aligned[at] - '0') * 1000 + (aligned[at + 1] - '0') * 100 +
                                                 (aligned[at + 2] - '0') * 10 + (aligned[at + 3] - '0'));
  int first = 0;
  while (first < count && groups[first] == 0) ++first, --weight;
  while (count > first && groups[count - 1] == 0) --count;
  if (first == count) weight = 0;
  put_u16(out, static_cast<std::uint16_t>(count - first));
  put_u16(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(weight)));
  put_u16(out, first < count && negative ? 0x4000 : 0x0000);
  put_u16(out, static_cast<std::uint16_t>(fraction.size()));
  for (int i = first; i < count; ++i) put_u16(out, groups[i]);
}

// NUMERIC's binary form -> decimal text with its dscale fraction digits (more when the
// digits go further, which a pc::numeric then refuses as too precise).
inline std::string numeric_text(const char* p, std::size_t length) {
  if (length < 8) throw error(errc::type_mismatch, "NUMERIC value of " + std::to_string(length) + " bytes");
  int count = get_u16(p);
  int weight = static_cast<std::int16_t>(get_u16(p + 2));
  std::uint16_t sign = get_u16(p + 4);
  int dscale = get_u16(p + 6);
  if (sign == 0xC000) throw error(errc::out_of_range, "stored NUMERIC is NaN, which pc::numeric cannot hold");
  if (sign == 0xD000 || sign == 0xF000)
    throw error(errc::out_of_range, "stored NUMERIC is infinite, which pc::numeric cannot hold");
  if (length != 8 + 2 * static_cast<std::size_t>(count))
    throw error(errc::type_mismatch, "NUMERIC value of " + std::to_string(length) + " bytes holds " +
                                         std::to_string(count) + " digits");
  auto digit = [&](int exponent) -> int {
    int i = weight - exponent;
    return i >= 0 && i < count ? get_u16(p + 8 + 2 * i) : 0;
  };
  std::string out = sign == 0x4000 ? "-" : "";
  if (weight < 0) {
    out += '0';
  } else {
    out += std::to_string(digit(weight));
    for (int e = weight - 1; e >= 0; --e) {
      std::string group = std::to_string(digit(e));
      out.append(4 - group.size(), '0') += group;
    }
  }
  int lowest = std::min(-1, weight - count + 1);  // the exponent of the last digit group
  int fraction_groups = std::max((dscale + 3) / 4, -lowest);
  if (fraction_groups > 0 && (dscale > 0 || count > 0)) {
    std::string fraction;
    for (int e = -1; e >= -fraction_groups; --e) {
      std::string group = std::to_string(digit(e));
      fraction.append(4 - group.size(), '0') += group;
    }
    while (fraction.size() > static_cast<std::size_t>(dscale) && fraction.back() == '0') fraction.pop_back();
    if (!fraction.empty()) out += '.' + fraction;
  }
  return out;
}

// A scalar's binary form, appended to out. Not an array (put_value): kept free of the
// array encoder's recursion so that the compiler inlines it into parameter encoding (a
// point select's int8 key costs about 100 instructions less).
inline void put_scalar(std::string& out, const value_view& v) {
  switch (v.kind) {
    case value_kind::int64: put_u64(out, static_cast<std::uint64_t>(v.integer)); break;
    case value_kind::float64: {
      std::uint64_t bits;
      std::memcpy(&bits, &v.real, 8);
      put_u64(out, bits);
      break;
    }
    case value_kind::boolean: out += static_cast<char>(v.integer != 0); break;
    case value_kind::timestamp:
    case value_kind::timestamptz: put_u64(out, static_cast<std::uint64_t>(v.integer - epoch_offset_micros)); break;
    case value_kind::date: put_u32(out, static_cast<std::uint32_t>(v.integer - epoch_offset_days)); break;
    case value_kind::time_of_day: put_u64(out, static_cast<std::uint64_t>(v.integer)); break;
    case value_kind::numeric: put_numeric(out, v.text()); break;
    case value_kind::interval:  // microseconds, then no days and no months
      put_u64(out, static_cast<std::uint64_t>(v.integer));
      put_u64(out, 0);
      break;
    case value_kind::text:
    case value_kind::blob:
    case value_kind::typed_bytes: out.append(static_cast<const char*>(v.data), v.size); break;
    default: break;
  }
}

inline void put_array_value(std::string& out, const value_view& v);  // below
// Any value's binary form: an array (value_kind::array) or a scalar.
inline void put_value(std::string& out, const value_view& v) {
  if (v.kind == value_kind::array) put_array_value(out, v);
  else put_scalar(out, v);
}

// PostgreSQL's lengths on the wire are 32-bit signed: a longer value is refused before
// anything is sent (a wrapped length would send a different value, or break the stream).
inline constexpr std::size_t max_wire_length = 0x7FFFFFFF;
inline std::uint32_t checked_length(std::size_t size) {
  if (size > max_wire_length) [[unlikely]]
    throw error(errc::out_of_range, "value of " + std::to_string(size) +
                                        " bytes is too long for PostgreSQL (at most 2 GiB - 1)");
  return static_cast<std::uint32_t>(size);
}

// The type OID a COPY field is encoded for: the value's kind at the width the C++ type
// declares (an INTEGER column takes 4 bytes, not the 8 piccolo binds with). COPY has no
// casts: the column must have exactly this type (text kinds: text, varchar or bpchar).
inline unsigned copy_oid_of(const value_view& v, int width) noexcept {
  switch (v.kind) {
    case value_kind::int64: return width == 2 ? int2_oid : width == 4 ? int4_oid : int8_oid;
    case value_kind::float64: return width == 4 ? float4_oid : float8_oid;
    default: return oid_of(v);
  }
}
inline bool copy_type_matches(unsigned expected, unsigned column) noexcept {
  if (expected == text_oid) return column == text_oid || column == varchar_oid || column == bpchar_oid;
  if (expected == text_array_oid)
    return column == text_array_oid || column == varchar_array_oid || column == bpchar_array_oid;
  return expected == column;
}

// One field of a binary COPY row: its length, then the value in the column's own width
// (`width` from the C++ type: 2, 4 or 8 for integers, 4 or 8 for floats; otherwise the
// value's own binary form).
inline void put_copy_field(std::string& out, const value_view& v, int width) {
  if (v.is_null) {
    put_u32(out, 0xFFFFFFFFu);
    return;
  }
  switch (v.kind) {
    case value_kind::text:
    case value_kind::blob:
    case value_kind::typed_bytes:
      put_u32(out, checked_length(v.size));
      out.append(static_cast<const char*>(v.data), v.size);
      return;
    case value_kind::float64:
      if (width == 4) {
        float f = static_cast<float>(v.real);
        std::uint32_t bits;
        std::memcpy(&bits, &f, 4);
        put_u32(out, 4);
        put_u32(out, bits);
        return;
      }
      break;
    case value_kind::int64:
      if (width == 2) {
        put_u32(out, 2);
        out += static_cast<char>(v.integer >> 8);
        out += static_cast<char>(v.integer);
        return;
      }
      if (width == 4) {
        put_u32(out, 4);
        put_u32(out, static_cast<std::uint32_t>(v.integer));
        return;
      }
      break;
    default: break;
  }
  std::size_t length_at = out.size();
  put_u32(out, 0);
  put_value(out, v);
  auto length = static_cast<std::uint32_t>(out.size() - length_at - 4);
  for (int k = 0; k < 4; ++k) out[length_at + k] = static_cast<char>(length >> (24 - 8 * k));
}

// An array value's (value_kind::array) element type: that of its elements at their width
// (an INTEGER[] holds int4), and the array type of that element type.
inline unsigned array_element_oid(const value_view& v) noexcept {
  const array_elements& how = v.elements();
  return copy_oid_of(how.null_element, how.element_width);
}
// The array type of a built-in element type; 0 for any other type (an array type among them).
inline unsigned array_oid_of_element(unsigned element) noexcept {
  switch (element) {
    case int2_oid: return int2_array_oid;
    case int4_oid: return int4_array_oid;
    case int8_oid: return int8_array_oid;
    case float4_oid: return float4_array_oid;
    case float8_oid: return float8_array_oid;
    case bool_oid: return bool_array_oid;
    case text_oid: return text_array_oid;
    case varchar_oid: return varchar_array_oid;
    case bpchar_oid: return bpchar_array_oid;
    case bytea_oid: return bytea_array_oid;
    case timestamp_oid: return timestamp_array_oid;
    case timestamptz_oid: return timestamptz_array_oid;
    case date_oid: return date_array_oid;
    case time_oid: return time_array_oid;
    case interval_oid: return interval_array_oid;
    case numeric_oid: return numeric_array_oid;
    default: return 0;
  }
}
inline unsigned array_type_oid(const value_view& v) noexcept {
  const array_elements& how = v.elements();
  if (how.null_element.kind == value_kind::typed_bytes) return how.null_element.postgres_array_oid();
  return array_oid_of_element(array_element_oid(v));
}

// A std::vector<T> in PostgreSQL's binary array form: ndim (0 when empty), has-null flag,
// element oid, then length and lower bound (1) of its one dimension, then each element
// as a COPY field (length, binary form at the element's width; -1 for NULL).
inline void put_array_value(std::string& out, const value_view& v) {
  const array_elements& how = v.elements();
  put_u32(out, v.size ? 1 : 0);
  std::size_t flag_at = out.size();
  put_u32(out, 0);
  put_u32(out, array_element_oid(v));
  if (v.size == 0) return;
  put_u32(out, checked_length(v.size));
  put_u32(out, 1);
  bool nulls = false;
  for (std::size_t i = 0; i < v.size; ++i) {
    value_view element = how.element(v.data, i);
    nulls = nulls || element.is_null;
    put_copy_field(out, element, how.element_width);
  }
  if (nulls) out[flag_at + 3] = 1;
}

// Column `column` of `rows` (row-major, `width` values a row) as a binary array.
inline void put_column_array(std::string& out, const value_view* rows, std::size_t count,
                             std::size_t width, std::size_t column) {
  put_u32(out, 1);
  put_u32(out, 1);  // may contain NULLs
  put_u32(out, count ? oid_of(rows[column]) : 0u);
  put_u32(out, static_cast<std::uint32_t>(count));
  put_u32(out, 1);
  for (std::size_t r = 0; r < count; ++r) {
    const value_view& v = rows[r * width + column];
    if (v.is_null) {
      put_u32(out, 0xFFFFFFFFu);
      continue;
    }
    if (v.kind == value_kind::text || v.kind == value_kind::blob || v.kind == value_kind::typed_bytes)
      checked_length(v.size);
    std::size_t length_at = out.size();
    put_u32(out, 0);
    put_value(out, v);
    auto length = checked_length(out.size() - length_at - 4);
    for (int k = 0; k < 4; ++k) out[length_at + k] = static_cast<char>(length >> (24 - 8 * k));
  }
}

// One-dimensional array in binary form (text_list and typed_bytes_list elements are
// std::strings of their binary forms): ndim, has-null flag, element oid, length, lower bound.
inline void put_array(std::string& out, const value_view& v) {
  unsigned element = v.kind == value_kind::int64_list         ? int8_oid
                     : v.kind == value_kind::float64_list     ? float8_oid
                     : v.kind == value_kind::typed_bytes_list ? v.postgres_oid()
                                                              : text_oid;
  put_u32(out, 1);
  put_u32(out, 0);
  put_u32(out, element);
  put_u32(out, static_cast<std::uint32_t>(v.size));
  put_u32(out, 1);
  for (std::size_t i = 0; i < v.size; ++i) {
    if (v.kind == value_kind::int64_list) {
      put_u32(out, 8);
      put_u64(out, static_cast<std::uint64_t>(v.list<std::int64_t>()[i]));
    } else if (v.kind == value_kind::float64_list) {
      std::uint64_t bits;
      double d = v.list<double>()[i];
      std::memcpy(&bits, &d, 8);
      put_u32(out, 8);
      put_u64(out, bits);
    } else {
      const std::string& s = v.list<std::string>()[i];
      put_u32(out, checked_length(s.size()));
      out += s;
    }
  }
}

}  // namespace piccolo::postgres::detail
