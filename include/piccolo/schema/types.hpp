#pragma once
// Column value types that say more than a C++ type can: an auto-increment key, a
// bounded string, a reference to another table. Each behaves like the value it holds.

#include <chrono>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <piccolo/core/error.hpp>

namespace piccolo {

// An auto-increment primary key (SERIAL / INTEGER PRIMARY KEY). Unset until the
// database assigns it; an insert with an unset key lets the database choose.
template <bool Big>
class basic_serial {
 public:
  constexpr basic_serial() noexcept = default;
  constexpr basic_serial(std::int64_t value) noexcept : value_(value), has_value_(true) {}

  constexpr bool has_value() const noexcept { return has_value_; }
  constexpr std::int64_t value() const noexcept { return value_; }
  constexpr operator std::int64_t() const noexcept { return value_; }

  friend constexpr bool operator==(const basic_serial& a, const basic_serial& b) noexcept {
    return a.has_value_ == b.has_value_ && a.value_ == b.value_;
  }
  // A template, so that `key == 1` is an exact match rather than ambiguous with the
  // built-in comparison through operator std::int64_t.
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  friend constexpr bool operator==(const basic_serial& a, I b) noexcept {
    return a.has_value_ && std::cmp_equal(a.value_, b);
  }
  friend std::ostream& operator<<(std::ostream& os, const basic_serial& s) {
    return s.has_value_ ? os << s.value_ : os << "(unset)";
  }

 private:
  std::int64_t value_ = 0;
  bool has_value_ = false;
};

using serial = basic_serial<false>;    // SERIAL on PostgreSQL
using bigserial = basic_serial<true>;  // BIGSERIAL on PostgreSQL

// VARCHAR(N). N counts characters (UTF-8 code points), as PostgreSQL does; writing a
// longer value is a piccolo::error on every engine, SQLite included.
template <std::size_t N>
class varchar {
 public:
  static constexpr std::size_t max_length = N;

  constexpr varchar() = default;
  constexpr varchar(std::string value) : value_(std::move(value)) {}
  constexpr varchar(std::string_view value) : value_(value) {}
  constexpr varchar(const char* value) : value_(value) {}

  constexpr const std::string& str() const noexcept { return value_; }
  constexpr std::string& str() noexcept { return value_; }
  constexpr operator const std::string&() const noexcept { return value_; }
  constexpr operator std::string_view() const noexcept { return value_; }
  const char* c_str() const noexcept { return value_.c_str(); }
  constexpr std::size_t size() const noexcept { return value_.size(); }
  constexpr bool empty() const noexcept { return value_.empty(); }

  friend constexpr bool operator==(const varchar&, const varchar&) = default;
  friend constexpr auto operator<=>(const varchar&, const varchar&) = default;
  // A template, so that `name == "x"` is an exact match rather than ambiguous between
  // the string_view and the varchar conversion of the literal.
  template <class S>
    requires(!std::same_as<S, varchar> && std::convertible_to<const S&, std::string_view>)
  friend constexpr bool operator==(const varchar& a, const S& b) noexcept {
    return std::string_view{a.value_} == std::string_view{b};
  }
  friend std::ostream& operator<<(std::ostream& os, const varchar& v) { return os << v.value_; }

 private:
  std::string value_;
};

// TIMESTAMPTZ: an instant, microseconds since the Unix epoch in UTC. On PostgreSQL a
// TIMESTAMPTZ column, bound and read as one, so the session's TimeZone never shifts it;
// on SQLite text ending in "+00:00". Converts to and from std::chrono::sys_time.
class timestamptz {
 public:
  using duration = std::chrono::microseconds;
  using time_point = std::chrono::sys_time<duration>;

  constexpr timestamptz() noexcept = default;
  // From any sys_time no finer than microseconds (sys_seconds, sys_days, ...).
  template <class D>
  constexpr timestamptz(std::chrono::sys_time<D> t) noexcept : time_(convert(t)) {}

  constexpr time_point time() const noexcept { return time_; }
  constexpr operator time_point() const noexcept { return time_; }
  constexpr duration time_since_epoch() const noexcept { return time_.time_since_epoch(); }

  friend constexpr bool operator==(const timestamptz&, const timestamptz&) = default;
  // spelled out: libc++ 16's time_point has no <=>, so a defaulted one would be deleted
  friend constexpr std::strong_ordering operator<=>(const timestamptz& a, const timestamptz& b) noexcept {
    return a.time_.time_since_epoch().count() <=> b.time_.time_since_epoch().count();
  }
  friend std::ostream& operator<<(std::ostream& os, const timestamptz& t) {
    return os << t.time_.time_since_epoch().count() << "us UTC";
  }

 private:
  template <class D>
  static constexpr time_point convert(std::chrono::sys_time<D> t) noexcept {
    static_assert(std::is_convertible_v<D, duration>,
                  "piccolo: timestamptz: the time point is finer than microseconds (what "
                  "TIMESTAMPTZ stores); round it first, e.g. std::chrono::floor<std::chrono::microseconds>(t)");
    if constexpr (std::is_convertible_v<D, duration>) return time_point{t};
    else return {};
  }

  time_point time_{};
};

// A column that references Table's primary key (REFERENCES table(pk)). It holds the
// key value; Key is the referenced key's C++ value type (checked against Table).
// Table may be incomplete where the member is declared, so self references work.
template <class Table, class Key = std::int64_t>
class foreign_key {
 public:
  using table_type = Table;
  using key_type = Key;

  constexpr foreign_key() = default;
  constexpr foreign_key(Key key) : key_(std::move(key)) {}
  // Anything that converts to the key: a string literal for a text key, a pc::serial.
  template <class V>
    // is_constructible too: Boost.PFR's field counting probes with a type convertible to
    // anything, for which static_cast<std::string> is ambiguous (a hard error, not SFINAE)
    requires(std::is_convertible_v<V, Key> && std::is_constructible_v<Key, V> &&
             !std::is_same_v<std::remove_cvref_t<V>, Key> &&
             !std::is_same_v<std::remove_cvref_t<V>, foreign_key> &&
             !std::is_same_v<std::remove_cvref_t<V>, Table>)
  constexpr foreign_key(V&& value) : key_(static_cast<Key>(std::forward<V>(value))) {}
  // From a row of the referenced table: takes its primary key value.
  template <class Row>
    requires std::is_same_v<Row, Table>
  constexpr foreign_key(const Row& row);

  constexpr const Key& value() const noexcept { return key_; }
  constexpr operator const Key&() const noexcept { return key_; }

  friend constexpr bool operator==(const foreign_key&, const foreign_key&) = default;
  // A template, so that `fk == 1` is an exact match rather than ambiguous with the
  // built-in comparison through operator const Key&.
  template <class V>
    requires(!std::same_as<V, foreign_key> && std::convertible_to<const V&, Key>)
  friend constexpr bool operator==(const foreign_key& a, const V& b) {
    return a.key_ == static_cast<Key>(b);
  }
  friend std::ostream& operator<<(std::ostream& os, const foreign_key& f) { return os << f.key_; }

 private:
  Key key_{};
};

namespace detail {
// The key a foreign_key takes from a row of the referenced table: an unset serial (a row
// not inserted yet) would store 0 and point nowhere, so it is refused.
template <class K>
constexpr const K& referenced_key(const K& key) {
  return key;
}
template <bool Big>
constexpr std::int64_t referenced_key(const basic_serial<Big>& key) {
  if (!key.has_value())
    throw error(errc::misuse,
                "foreign_key built from a row whose serial key is unset; insert the row first "
                "(e.g. with .returning(c<&T::id>)) and build the foreign_key from its key");
  return key.value();
}
}  // namespace detail

template <class T>
inline constexpr bool is_foreign_key = false;
template <class T, class K>
inline constexpr bool is_foreign_key<foreign_key<T, K>> = true;

template <class T>
inline constexpr bool is_serial = false;
template <bool B>
inline constexpr bool is_serial<basic_serial<B>> = true;

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

}  // namespace piccolo
