#pragma once
// The elements of a binary PostgreSQL array (a std::vector<T> column), read as a row
// reader reads columns: value_traits<T>::read(reader, k) reads element k. Reads check the
// element type's OID, so an element of another type or a NULL is an error.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piccolo/core/error.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/engine/postgres/detail/binary.hpp>

namespace piccolo::postgres::detail {

class array_reader {
 public:
  // p, length: the array's binary form; column: its name, for messages.
  array_reader(const char* p, std::size_t length, std::string column) : column_(std::move(column)) {
    if (length < 12) fail("is not a binary array");
    std::uint32_t dimensions = get_u32(p);
    element_oid_ = get_u32(p + 8);
    if (dimensions > 1)
      fail("is an array of " + std::to_string(dimensions) +
           " dimensions; a std::vector<T> holds one (select an element or unnest() it in SQL)");
    if (dimensions == 0) return;
    if (length < 20) fail("is not a binary array");
    std::uint32_t count = get_u32(p + 12);
    if (count > (length - 20) / 4) fail("is a truncated binary array");  // each element has a length
    std::size_t at = 20;
    elements_.reserve(count);
    for (std::uint32_t k = 0; k < count; ++k) {
      if (length - at < 4) fail("is a truncated binary array");
      auto size = static_cast<std::int32_t>(get_u32(p + at));
      at += 4;
      if (size < 0) {
        elements_.push_back({nullptr, 0});
        continue;
      }
      if (length - at < static_cast<std::size_t>(size)) fail("is a truncated binary array");
      elements_.push_back({p + at, static_cast<std::size_t>(size)});
      at += static_cast<std::size_t>(size);
    }
  }

  int size() const noexcept { return static_cast<int>(elements_.size()); }
  bool is_null(int k) const noexcept { return elements_[static_cast<std::size_t>(k)].data == nullptr; }

  std::int64_t read_int64(int k) const {
    switch (element_oid_) {
      case int8_oid: return static_cast<std::int64_t>(get_u64(sized(k, 8)));
      case int4_oid: return static_cast<std::int32_t>(get_u32(sized(k, 4)));
      case int2_oid: return static_cast<std::int16_t>(get_u16(sized(k, 2)));
      default: mismatch("an integer");
    }
  }
  double read_double(int k) const {
    switch (element_oid_) {
      case float8_oid: {
        std::uint64_t bits = get_u64(sized(k, 8));
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
      }
      case float4_oid: {
        std::uint32_t bits = get_u32(sized(k, 4));
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
      }
      case int8_oid:
      case int4_oid:
      case int2_oid: return static_cast<double>(read_int64(k));
      default: mismatch("a number");
    }
  }
  bool read_bool(int k) const {
    if (element_oid_ != bool_oid) mismatch("a boolean");
    return sized(k, 1)[0] != 0;
  }
  std::string_view read_text(int k) const {
    const char* p = value(k);
    if (element_oid_ != text_oid && element_oid_ != varchar_oid && element_oid_ != bpchar_oid) mismatch("text");
    return {p, elements_[static_cast<std::size_t>(k)].size};
  }
  std::span<const std::byte> read_blob(int k) const {
    if (element_oid_ != bytea_oid) mismatch("bytes (bytea)");
    return bytes(k);
  }
  std::span<const std::byte> read_typed_bytes(int k, unsigned oid) const {
    if (element_oid_ != oid) mismatch(("oid " + std::to_string(oid)).c_str());
    return bytes(k);
  }
  std::int64_t read_timestamp(int k) const {
    if (element_oid_ != timestamp_oid && element_oid_ != timestamptz_oid) mismatch("a timestamp");
    auto stored = static_cast<std::int64_t>(get_u64(sized(k, 8)));
    if (stored == std::numeric_limits<std::int64_t>::max() || stored == std::numeric_limits<std::int64_t>::min() ||
        stored > std::numeric_limits<std::int64_t>::max() - epoch_offset_micros) [[unlikely]]
      fail("holds a timestamp that no C++ time point holds (infinity, or past year 294246)", errc::out_of_range);
    return stored + epoch_offset_micros;
  }
  std::int64_t read_date(int k) const {
    if (element_oid_ != date_oid) mismatch("a date");
    auto stored = static_cast<std::int32_t>(get_u32(sized(k, 4)));
    if (stored == std::numeric_limits<std::int32_t>::max() || stored == std::numeric_limits<std::int32_t>::min())
      [[unlikely]] fail("holds an infinite date, which no C++ date holds", errc::out_of_range);
    return stored + epoch_offset_days;
  }
  std::int64_t read_time_of_day(int k) const {
    if (element_oid_ != time_oid) mismatch("a time of day");
    return static_cast<std::int64_t>(get_u64(sized(k, 8)));
  }
  interval_parts read_interval(int k) const {
    if (element_oid_ != interval_oid) mismatch("an interval");
    const char* p = sized(k, 16);
    return {static_cast<std::int64_t>(get_u64(p)), static_cast<std::int32_t>(get_u32(p + 8)),
            static_cast<std::int32_t>(get_u32(p + 12))};
  }
  std::string read_numeric(int k) const {
    if (element_oid_ != numeric_oid) mismatch("a numeric");
    return numeric_text(value(k), elements_[static_cast<std::size_t>(k)].size);
  }

 private:
  struct element {
    const char* data;
    std::size_t size;
  };
  const char* value(int k) const {
    const element& e = elements_[static_cast<std::size_t>(k)];
    if (e.data == nullptr) [[unlikely]]
      fail("holds a NULL element; make the member a std::vector<std::optional<T>> to read one",
           errc::unexpected_null);
    return e.data;
  }
  const char* sized(int k, std::size_t width) const {
    const char* p = value(k);
    if (elements_[static_cast<std::size_t>(k)].size != width) [[unlikely]]
      fail("holds an element of " + std::to_string(elements_[static_cast<std::size_t>(k)].size) +
           " bytes, expected " + std::to_string(width));
    return p;
  }
  std::span<const std::byte> bytes(int k) const {
    return {reinterpret_cast<const std::byte*>(value(k)), elements_[static_cast<std::size_t>(k)].size};
  }
  [[noreturn]] void mismatch(const char* expected) const {
    fail("has elements of type oid " + std::to_string(element_oid_) + ", expected " + expected);
  }
  [[noreturn]] void fail(const std::string& what, errc code = errc::type_mismatch) const {
    throw error(code, "column " + column_ + " " + what);
  }

  std::string column_;
  unsigned element_oid_ = 0;
  std::vector<element> elements_;
};

}  // namespace piccolo::postgres::detail
