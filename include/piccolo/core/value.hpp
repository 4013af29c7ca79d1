#pragma once
// value_view: one bound parameter as the engine sees it. The typed query layer turns
// each C++ value into one of these; engines bind them in one non-template loop.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace piccolo {

enum class value_kind : std::uint8_t {
  null,
  int64,
  float64,
  boolean,
  text,
  blob,
  timestamp,    // microseconds since the Unix epoch, UTC
  date,         // days since the Unix epoch
  int64_list,   // is_in(): span<const std::int64_t>
  float64_list, // is_in(): span<const double>
  text_list,    // is_in(): span<const std::string>
  timestamptz,  // microseconds since the Unix epoch: an instant (TIMESTAMPTZ), UTC
  // A value type's own PostgreSQL type (e.g. UUID): data/size hold its binary form,
  // sent with the type's OIDs (postgres_type); SQLite stores the bytes as a BLOB.
  typed_bytes,
  // is_in() over a typed_bytes type: span<const std::string> of binary forms, the type's
  // OIDs in integer (PostgreSQL: an array of that type; SQLite: upper-case hex in JSON).
  typed_bytes_list,
  time_of_day,  // microseconds since midnight, 0..86'400'000'000 (PostgreSQL TIME)
  interval,     // microseconds (PostgreSQL INTERVAL with no days or months; SQLite an integer)
  // An exact decimal: data/size its canonical text (core/decimal.hpp), integer its
  // precision (PostgreSQL binary NUMERIC; SQLite sortable text of that width).
  numeric,
  // A one-dimensional array (std::vector<T>, schema/array.hpp): data the container, size
  // its elements, elements how to read them. PostgreSQL: its binary array; SQLite: JSON text.
  array,
};

// An INTERVAL as PostgreSQL stores it: months and days are kept apart from the
// microseconds, since neither has a fixed length (a month of 28 to 31 days, a day of 23
// to 25 hours across a DST change).
struct interval_parts {
  std::int64_t micros = 0;
  std::int32_t days = 0;
  std::int32_t months = 0;
};

// The PostgreSQL type of a value_kind::typed_bytes value: its OID and its array type's
// OID (batches bind a column as an array). Kept in value_view::integer.
struct postgres_type {
  std::uint32_t oid = 0;
  std::uint32_t array_oid = 0;
  constexpr std::int64_t packed() const noexcept {
    return static_cast<std::int64_t>(std::uint64_t{array_oid} << 32 | oid);
  }
};

struct array_elements;  // below

struct value_view {
  // The parameter's declared type, even for a NULL (PostgreSQL prepares with it).
  value_kind kind = value_kind::null;
  bool is_null = false;
  // typed_bytes whose binary form is text after a header of text_offset bytes (JSON: none,
  // JSONB: its version byte): SQLite stores that text as TEXT rather than a BLOB. In the
  // padding after is_null, so that value_view stays five words.
  bool sqlite_text = false;
  std::uint8_t text_offset = 0;
  std::int64_t integer = 0;  // int64, boolean, timestamp, date, time_of_day, interval; typed_bytes: its OIDs
  double real = 0;           // float64
  const void* data = nullptr;  // text (chars), blob and typed_bytes (bytes), lists (elements)
  std::size_t size = 0;        // bytes for text/blob, elements for lists

  static constexpr value_view null() noexcept { return {value_kind::null, false}; }
  // A NULL of a known type (an empty std::optional<T>, an unset serial).
  static constexpr value_view null_of(value_kind declared) noexcept { return {declared, true}; }
  static constexpr value_view from_int(std::int64_t v) noexcept { return {.kind = value_kind::int64, .integer = v}; }
  static constexpr value_view from_double(double v) noexcept {
    return {.kind = value_kind::float64, .real = v};
  }
  static constexpr value_view from_bool(bool v) noexcept { return {.kind = value_kind::boolean, .integer = v}; }
  static constexpr value_view from_text(std::string_view v) noexcept {
    return {.kind = value_kind::text, .data = v.data(), .size = v.size()};
  }
  static value_view from_blob(std::span<const std::byte> v) noexcept {
    return {.kind = value_kind::blob, .data = v.data(), .size = v.size()};
  }
  static constexpr value_view from_timestamp(std::int64_t micros) noexcept {
    return {.kind = value_kind::timestamp, .integer = micros};
  }
  static constexpr value_view from_timestamptz(std::int64_t micros) noexcept {
    return {.kind = value_kind::timestamptz, .integer = micros};
  }
  static constexpr value_view from_date(std::int64_t days) noexcept {
    return {.kind = value_kind::date, .integer = days};
  }
  static constexpr value_view from_time_of_day(std::int64_t micros) noexcept {
    return {.kind = value_kind::time_of_day, .integer = micros};
  }
  static constexpr value_view from_interval(std::int64_t micros) noexcept {
    return {.kind = value_kind::interval, .integer = micros};
  }
  static constexpr value_view from_numeric(std::string_view canonical, int precision) noexcept {
    return {.kind = value_kind::numeric, .integer = precision, .data = canonical.data(), .size = canonical.size()};
  }
  // An array: container and size as the array_elements functions read them.
  static value_view from_array(const void* container, std::size_t size, const array_elements& how) noexcept {
    // integer holds the address of `how` (static data of the element type), keeping
    // value_view at five words for every other kind
    return {.kind = value_kind::array,
            .integer = static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(&how)),
            .data = container,
            .size = size};
  }
  static value_view from_typed_bytes(std::span<const std::byte> v, postgres_type type) noexcept {
    return {.kind = value_kind::typed_bytes, .integer = type.packed(), .data = v.data(), .size = v.size()};
  }
  static value_view from_typed_text(std::string_view binary, postgres_type type, std::uint8_t text_offset) noexcept {
    return {.kind = value_kind::typed_bytes, .sqlite_text = true, .text_offset = text_offset,
            .integer = type.packed(), .data = binary.data(), .size = binary.size()};
  }
  static constexpr value_view typed_null(postgres_type type) noexcept {
    return {.kind = value_kind::typed_bytes, .is_null = true, .integer = type.packed()};
  }
  static value_view from_list(std::span<const std::int64_t> v) noexcept {
    return {.kind = value_kind::int64_list, .data = v.data(), .size = v.size()};
  }
  static value_view from_list(std::span<const double> v) noexcept {
    return {.kind = value_kind::float64_list, .data = v.data(), .size = v.size()};
  }
  static value_view from_list(std::span<const std::string> v) noexcept {
    return {.kind = value_kind::text_list, .data = v.data(), .size = v.size()};
  }
  static value_view from_typed_list(std::span<const std::string> v, postgres_type type) noexcept {
    return {.kind = value_kind::typed_bytes_list, .integer = type.packed(), .data = v.data(), .size = v.size()};
  }

  // typed_bytes, typed_bytes_list: the PostgreSQL type's OIDs
  std::uint32_t postgres_oid() const noexcept { return static_cast<std::uint32_t>(integer); }
  std::uint32_t postgres_array_oid() const noexcept {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(integer) >> 32);
  }

  // array: how to read its elements
  const array_elements& elements() const noexcept {
    return *reinterpret_cast<const array_elements*>(static_cast<std::intptr_t>(integer));
  }

  std::string_view text() const noexcept { return {static_cast<const char*>(data), size}; }
  std::span<const std::byte> blob() const noexcept {
    return {static_cast<const std::byte*>(data), size};
  }
  template <class T>
  std::span<const T> list() const noexcept {
    return {static_cast<const T*>(data), size};
  }
};

// How an engine reads the elements of a value_kind::array value: the element type's NULL
// (its wire kind and PostgreSQL type, known even for an empty array), its PostgreSQL
// binary width (binary_width_of: an INTEGER[] holds 4-byte elements), element i.
struct array_elements {
  value_view null_element;
  int element_width = -1;
  value_view (*element)(const void* container, std::size_t i) = nullptr;
};

}  // namespace piccolo
