#pragma once
// The row reader over one row of a binary-format PGresult. Reads check the column's
// type OID, so a value of another type or a NULL is an error, never a silent conversion.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include <libpq-fe.h>

#include <piccolo/core/error.hpp>
#include <piccolo/engine/postgres/detail/binary.hpp>

namespace piccolo::postgres {

namespace detail {
class array_reader;  // detail/array_reader.hpp, included by <piccolo/arrays.hpp>
}  // namespace detail

class row {
 public:
  row(const PGresult* result, int index) noexcept : result_(result), index_(index) {}
  void move_to(int index) noexcept { index_ = index; }

  bool is_null(int i) const noexcept { return PQgetisnull(result_, index_, i) != 0; }

  std::int64_t read_int64(int i) const {
    const char* p = value(i);
    switch (PQftype(result_, i)) {
      case detail::int8_oid: return static_cast<std::int64_t>(detail::get_u64(sized(i, p, 8)));
      case detail::int4_oid: return static_cast<std::int32_t>(detail::get_u32(sized(i, p, 4)));
      case detail::int2_oid: return static_cast<std::int16_t>(detail::get_u16(sized(i, p, 2)));
      case detail::oid_oid: return detail::get_u32(sized(i, p, 4));
      default: mismatch(i, "an integer");
    }
  }
  double read_double(int i) const {
    const char* p = value(i);
    switch (PQftype(result_, i)) {
      case detail::float8_oid: {
        std::uint64_t bits = detail::get_u64(sized(i, p, 8));
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
      }
      case detail::float4_oid: {
        std::uint32_t bits = detail::get_u32(sized(i, p, 4));
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
      }
      case detail::int8_oid:
      case detail::int4_oid:
      case detail::int2_oid: return static_cast<double>(read_int64(i));
      default: mismatch(i, "a number");
    }
  }
  bool read_bool(int i) const {
    const char* p = value(i);
    if (PQftype(result_, i) != detail::bool_oid) mismatch(i, "a boolean");
    return sized(i, p, 1)[0] != 0;
  }
  std::string_view read_text(int i) const {
    const char* p = value(i);
    switch (PQftype(result_, i)) {
      case detail::text_oid:
      case detail::varchar_oid:
      case detail::bpchar_oid:
      case detail::name_oid:
      case detail::json_oid:
      case detail::unknown_oid:
        return {p, static_cast<std::size_t>(PQgetlength(result_, index_, i))};
      default: mismatch(i, "text");
    }
  }
  std::span<const std::byte> read_blob(int i) const {
    const char* p = value(i);
    if (PQftype(result_, i) != detail::bytea_oid) mismatch(i, "bytes (bytea)");
    return {reinterpret_cast<const std::byte*>(p), static_cast<std::size_t>(PQgetlength(result_, index_, i))};
  }
  // A value type with its own PostgreSQL type (value_kind::typed_bytes): the column must
  // have that type; the type decodes the binary form itself.
  std::span<const std::byte> read_typed_bytes(int i, unsigned oid) const {
    const char* p = value(i);
    if (PQftype(result_, i) != oid) [[unlikely]]
      fail(i, errc::type_mismatch,
           "has type oid " + std::to_string(PQftype(result_, i)) + ", expected oid " + std::to_string(oid));
    return {reinterpret_cast<const std::byte*>(p), static_cast<std::size_t>(PQgetlength(result_, index_, i))};
  }
  // An array column (a std::vector<T>): a reader of its elements. Any array type: the
  // elements' reads check their type. A template, so that only code with array columns
  // (which includes <piccolo/arrays.hpp>) parses the reader.
  template <class Reader = detail::array_reader>
  Reader read_array(int i) const {
    const char* p = value(i);
    if (detail::array_oid_of_element(PQftype(result_, i)) != 0) mismatch(i, "an array");  // a scalar
    const char* name = PQfname(result_, i);
    return Reader{p, static_cast<std::size_t>(PQgetlength(result_, index_, i)), name ? name : "?"};
  }
  // One whose binary form is text after a header (JSON: none, JSONB: its version byte 1):
  // the text, once the header is what the type expects.
  std::string_view read_typed_text(int i, unsigned oid, std::string_view header) const {
    std::span<const std::byte> bytes = read_typed_bytes(i, oid);
    std::string_view binary{reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    if (!binary.starts_with(header)) [[unlikely]]
      fail(i, errc::type_mismatch, "has a binary form of an unknown version (type oid " + std::to_string(oid) + ")");
    return binary.substr(header.size());
  }
  std::int64_t read_timestamp(int i) const {
    const char* p = value(i);
    unsigned type = PQftype(result_, i);
    if (type != detail::timestamp_oid && type != detail::timestamptz_oid) mismatch(i, "a timestamp");
    auto stored = static_cast<std::int64_t>(detail::get_u64(sized(i, p, 8)));
    // 'infinity' / '-infinity' are the extreme values: no C++ time point holds them
    if (stored == std::numeric_limits<std::int64_t>::max() || stored == std::numeric_limits<std::int64_t>::min())
      [[unlikely]] infinite(i, stored > 0);
    // the last 10,957 days PostgreSQL holds (year 294247 on) overflow microseconds since 1970
    if (stored > std::numeric_limits<std::int64_t>::max() - detail::epoch_offset_micros) [[unlikely]]
      fail(i, errc::out_of_range, "holds a timestamp past what 64-bit microseconds since 1970 hold");
    return stored + detail::epoch_offset_micros;
  }
  // NUMERIC as decimal text (core/decimal.hpp reads it).
  std::string read_numeric(int i) const {
    const char* p = value(i);
    if (PQftype(result_, i) != detail::numeric_oid) mismatch(i, "a numeric");
    try {
      return detail::numeric_text(p, static_cast<std::size_t>(PQgetlength(result_, index_, i)));
    } catch (const error& e) {
      fail(i, e.value(), e.engine_message());
    }
  }
  std::int64_t read_time_of_day(int i) const {
    const char* p = value(i);
    if (PQftype(result_, i) != detail::time_oid) mismatch(i, "a time of day");
    return static_cast<std::int64_t>(detail::get_u64(sized(i, p, 8)));
  }
  interval_parts read_interval(int i) const {
    const char* p = value(i);
    if (PQftype(result_, i) != detail::interval_oid) mismatch(i, "an interval");
    sized(i, p, 16);
    return {static_cast<std::int64_t>(detail::get_u64(p)), static_cast<std::int32_t>(detail::get_u32(p + 8)),
            static_cast<std::int32_t>(detail::get_u32(p + 12))};
  }
  std::int64_t read_date(int i) const {
    const char* p = value(i);
    if (PQftype(result_, i) != detail::date_oid) mismatch(i, "a date");
    auto stored = static_cast<std::int32_t>(detail::get_u32(sized(i, p, 4)));
    if (stored == std::numeric_limits<std::int32_t>::max() || stored == std::numeric_limits<std::int32_t>::min())
      [[unlikely]] infinite(i, stored > 0);
    return stored + detail::epoch_offset_days;
  }

 private:
  const char* value(int i) const {
    if (PQgetisnull(result_, index_, i)) [[unlikely]]
      fail(i, errc::unexpected_null, "is NULL; declare the field std::optional to accept NULL");
    return PQgetvalue(result_, index_, i);
  }
  // A binary value has its type's width; anything else is refused before it is read.
  const char* sized(int i, const char* p, int width) const {
    if (PQgetlength(result_, index_, i) != width) [[unlikely]]
      fail(i, errc::type_mismatch,
           "holds " + std::to_string(PQgetlength(result_, index_, i)) + " bytes, expected " + std::to_string(width));
    return p;
  }
  [[noreturn]] void infinite(int i, bool positive) const {
    fail(i, errc::out_of_range,
         std::string{"holds '"} + (positive ? "infinity" : "-infinity") +
             "', which no C++ time point or date holds; filter it out or map it in SQL");
  }
  [[noreturn]] void mismatch(int i, const char* expected) const {
    fail(i, errc::type_mismatch,
         "has type oid " + std::to_string(PQftype(result_, i)) + ", expected " + expected);
  }
  [[noreturn]] void fail(int i, errc code, const std::string& what) const {
    const char* name = PQfname(result_, i);
    throw error(code, std::string{"column "} + (name ? name : "?") + " " + what);
  }

  const PGresult* result_;
  int index_;
};

}  // namespace piccolo::postgres
