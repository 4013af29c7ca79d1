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
};

struct value_view {
  // The parameter's declared type, even for a NULL (PostgreSQL prepares with it).
  value_kind kind = value_kind::null;
  bool is_null = false;
  std::int64_t integer = 0;  // int64, boolean, timestamp, date
  double real = 0;           // float64
  const void* data = nullptr;  // text (chars), blob (bytes), lists (elements)
  std::size_t size = 0;        // bytes for text/blob, elements for lists

  static constexpr value_view null() noexcept { return {value_kind::null, false}; }
  // A NULL of a known type (an empty std::optional<T>, an unset serial).
  static constexpr value_view null_of(value_kind declared) noexcept { return {declared, true}; }
  static constexpr value_view from_int(std::int64_t v) noexcept { return {value_kind::int64, false, v}; }
  static constexpr value_view from_double(double v) noexcept {
    return {value_kind::float64, false, 0, v};
  }
  static constexpr value_view from_bool(bool v) noexcept { return {value_kind::boolean, false, v}; }
  static constexpr value_view from_text(std::string_view v) noexcept {
    return {value_kind::text, false, 0, 0, v.data(), v.size()};
  }
  static value_view from_blob(std::span<const std::byte> v) noexcept {
    return {value_kind::blob, false, 0, 0, v.data(), v.size()};
  }
  static constexpr value_view from_timestamp(std::int64_t micros) noexcept {
    return {value_kind::timestamp, false, micros};
  }
  static constexpr value_view from_timestamptz(std::int64_t micros) noexcept {
    return {value_kind::timestamptz, false, micros};
  }
  static constexpr value_view from_date(std::int64_t days) noexcept {
    return {value_kind::date, false, days};
  }
  static value_view from_list(std::span<const std::int64_t> v) noexcept {
    return {value_kind::int64_list, false, 0, 0, v.data(), v.size()};
  }
  static value_view from_list(std::span<const double> v) noexcept {
    return {value_kind::float64_list, false, 0, 0, v.data(), v.size()};
  }
  static value_view from_list(std::span<const std::string> v) noexcept {
    return {value_kind::text_list, false, 0, 0, v.data(), v.size()};
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

}  // namespace piccolo
