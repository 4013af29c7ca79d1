#pragma once
// pc::json and pc::jsonb: columns holding a boost::json::value. PostgreSQL JSON / JSONB,
// bound and read in binary (JSON's binary form is its text, JSONB's a version byte 1 and
// the text); SQLite stores the JSON text in a TEXT column, which its -> and ->> read (one
// declared JSON would have NUMERIC affinity and store the text 3 as the integer 3).
//
// PostgreSQL has no = on JSON, only on JSONB: == on a pc::json column does not compile;
// neither does < on either (PostgreSQL orders JSONB by its own rules, SQLite by the text).

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/json/traits.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

// A JSON column (Binary: JSONB). Converts from anything a boost::json::value is built from
// (boost::json::object{...}, boost::json::parse(text), a number, a string) and reads as
// that value: data.value(), *data, data->at("name").
template <bool Binary>
class basic_json {
 public:
  // JSON null (not SQL NULL: that is std::optional<pc::jsonb>)
  constexpr basic_json() noexcept {
    if (!std::is_constant_evaluated()) ::new (static_cast<void*>(storage_)) boost::json::value();
  }
  template <class V>
    requires(!std::is_same_v<std::remove_cvref_t<V>, basic_json> && std::is_constructible_v<boost::json::value, V>)
  basic_json(V&& v) {  // NOLINT: converts as the value it holds
    ::new (static_cast<void*>(storage_)) boost::json::value(std::forward<V>(v));
  }
  basic_json(const basic_json& other) { ::new (static_cast<void*>(storage_)) boost::json::value(other.value()); }
  basic_json(basic_json&& other) noexcept {
    ::new (static_cast<void*>(storage_)) boost::json::value(std::move(other.value()));
  }
  basic_json& operator=(const basic_json& other) {
    value() = other.value();
    return *this;
  }
  basic_json& operator=(basic_json&& other) {
    value() = std::move(other.value());
    return *this;
  }
  constexpr ~basic_json() {
    if (!std::is_constant_evaluated()) std::destroy_at(&value());
  }

  boost::json::value& value() & noexcept { return *std::launder(reinterpret_cast<boost::json::value*>(storage_)); }
  const boost::json::value& value() const& noexcept {
    return *std::launder(reinterpret_cast<const boost::json::value*>(storage_));
  }
  boost::json::value&& value() && noexcept { return std::move(value()); }
  boost::json::value& operator*() & noexcept { return value(); }
  const boost::json::value& operator*() const& noexcept { return value(); }
  boost::json::value* operator->() noexcept { return &value(); }
  const boost::json::value* operator->() const noexcept { return &value(); }
  operator const boost::json::value&() const& noexcept { return value(); }  // NOLINT

  friend bool operator==(const basic_json& a, const basic_json& b) noexcept { return a.value() == b.value(); }
  friend bool operator==(const basic_json& a, const boost::json::value& b) noexcept { return a.value() == b; }

 private:
  template <class>
  friend struct value_traits;
  // The value lives in raw storage rather than as a member: reflection needs every column
  // type to be a literal type (a constexpr destructor), which boost::json::value is not.
  alignas(boost::json::value) unsigned char storage_[sizeof(boost::json::value)];
  // The text a query binds, kept here because a bound value is a view that must outlive
  // the statement's run, as the row does (value_traits::to_value). A const row or query
  // may be bound from several threads at once, as any other column type can: the text is
  // rewritten only when it differs from the value's (that is, after the value changed),
  // under wire_busy_, so binding an unchanged value only reads it.
  const char* bind_text(std::string&& text) const {
    while (wire_busy_.exchange(true, std::memory_order_acquire)) wire_busy_.wait(true, std::memory_order_relaxed);
    if (wire_ != text) wire_ = std::move(text);
    const char* bound = wire_.data();
    wire_busy_.store(false, std::memory_order_release);
    wire_busy_.notify_one();
    return bound;
  }
  mutable std::string wire_;
  mutable std::atomic<bool> wire_busy_{false};
};

using json = basic_json<false>;
using jsonb = basic_json<true>;

template <class T>
inline constexpr bool is_json_column = false;
template <bool Binary>
inline constexpr bool is_json_column<basic_json<Binary>> = true;

namespace detail {
// JSONB's binary form starts with its format version.
inline constexpr std::string_view jsonb_header{"\x01", 1};

[[noreturn]] inline void throw_invalid_stored_json(std::string_view text, const boost::system::error_code& ec) {
  constexpr std::size_t shown = 40;
  std::string message = "stored value is not valid JSON (" + ec.message() + "): '";
  message.append(text.substr(0, shown));
  if (text.size() > shown) message += "...";
  message += '\'';
  throw error(errc::type_mismatch, message);
}

inline boost::json::value parse_stored_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(text, ec);
  if (ec) throw_invalid_stored_json(text, ec);
  return parsed;
}
}  // namespace detail

template <bool Binary>
struct value_traits<basic_json<Binary>> {
  static constexpr bool supported = true;
  static constexpr category kind = category::distinct;  // compares with JSON values only
  static constexpr value_kind bind_kind = value_kind::typed_bytes;
  static constexpr postgres_type postgres = Binary ? postgres_type{3802, 3807} : postgres_type{114, 199};
  // == only on JSONB (PostgreSQL has no = on JSON); no ordering on either
  static constexpr bool equality_comparable = Binary;
  static constexpr bool ordered = false;
  static constexpr bool in_list = false;  // is_in(): SQLite would compare the texts as hex
  // not an element of a std::vector<T> column: the engines' array readers hold scalars
  static constexpr bool in_arrays = false;
  // a select yields the column type itself, which reads as its boost::json::value
  using result_type = basic_json<Binary>;
  // SQLite: TEXT, since a column declared JSON would have NUMERIC affinity and store the
  // JSON text 3 as the integer 3
  static constexpr void sql_type(sql_writer& w) { detail::sql_type_name(w, "TEXT", Binary ? "JSONB" : "JSON"); }
  static value_view to_value(const basic_json<Binary>& v) {
    std::string wire;
    if constexpr (Binary) wire += detail::jsonb_header;
    wire += boost::json::serialize(v.value());
    const std::size_t size = wire.size();
    return value_view::from_typed_text(std::string_view(v.bind_text(std::move(wire)), size), postgres, Binary ? 1 : 0);
  }
  template <class Reader>
  static basic_json<Binary> read(Reader& r, int i) {
    return detail::parse_stored_json(r.read_typed_text(i, postgres.oid, Binary ? detail::jsonb_header : ""));
  }
};

// In to_json()/from_json(): the value itself, embedded (not a string holding its text).
template <bool Binary>
struct json_traits<basic_json<Binary>> {
  static boost::json::value to_json(const basic_json<Binary>& v) { return v.value(); }
  static basic_json<Binary> from_json(const boost::json::value& v, std::string_view) { return v; }
};

}  // namespace piccolo
