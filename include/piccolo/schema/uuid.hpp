#pragma once
// pc::uuid: a 128-bit UUID column (PostgreSQL UUID, SQLite a 16-byte BLOB). Built on the
// value_traits extension point alone, as a user type would be: no engine knows it.

#include <array>
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <sys/random.h>

#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

class uuid {
 public:
  static constexpr std::size_t size = 16;

  constexpr uuid() noexcept = default;  // the nil UUID, 00000000-0000-0000-0000-000000000000
  constexpr explicit uuid(const std::array<std::uint8_t, size>& bytes) noexcept : bytes_(bytes) {}

  // Random (RFC 9562 version 4), from the operating system's generator.
  static uuid v4() {
    uuid u;
    detail_fill_random(u.bytes_.data(), size);
    u.set_version(4);
    return u;
  }
  // Time-ordered (version 7): milliseconds since the Unix epoch, then random bits, so keys
  // made later sort later (an index on them grows at its end).
  static uuid v7() {
    uuid u;
    detail_fill_random(u.bytes_.data() + 6, size - 6);
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    for (int i = 0; i < 6; ++i) u.bytes_[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    u.set_version(7);
    return u;
  }

  // The canonical text form, lower-case: "0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f".
  std::string to_string() const {
    std::string out(36, '-');
    constexpr char digits[] = "0123456789abcdef";
    std::size_t at = 0;
    for (std::size_t i = 0; i < size; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // the hyphens
      out[at++] = digits[bytes_[i] >> 4];
      out[at++] = digits[bytes_[i] & 0xF];
    }
    return out;
  }
  // The canonical form (either case); nullopt for anything else.
  static constexpr std::optional<uuid> parse(std::string_view text) noexcept {
    if (text.size() != 36) return std::nullopt;
    uuid u;
    std::size_t at = 0;
    for (std::size_t i = 0; i < size; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        if (text[at++] != '-') return std::nullopt;
      }
      int high = hex_digit(text[at++]), low = hex_digit(text[at++]);
      if (high < 0 || low < 0) return std::nullopt;
      u.bytes_[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return u;
  }

  constexpr const std::array<std::uint8_t, size>& bytes() const noexcept { return bytes_; }
  constexpr int version() const noexcept { return bytes_[6] >> 4; }
  constexpr bool is_nil() const noexcept { return *this == uuid{}; }

  // Byte order: the order of PostgreSQL's UUID and of SQLite's BLOB comparison.
  friend constexpr bool operator==(const uuid& a, const uuid& b) noexcept {
    for (std::size_t i = 0; i < size; ++i)
      if (a.bytes_[i] != b.bytes_[i]) return false;
    return true;
  }
  friend constexpr std::strong_ordering operator<=>(const uuid& a, const uuid& b) noexcept {
    for (std::size_t i = 0; i < size; ++i)
      if (a.bytes_[i] != b.bytes_[i]) return a.bytes_[i] <=> b.bytes_[i];
    return std::strong_ordering::equal;
  }

 private:
  static constexpr int hex_digit(char ch) noexcept {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  }
  constexpr void set_version(int version) noexcept {
    bytes_[6] = static_cast<std::uint8_t>((bytes_[6] & 0x0F) | version << 4);
    bytes_[8] = static_cast<std::uint8_t>((bytes_[8] & 0x3F) | 0x80);  // the RFC 9562 variant
  }
  static void detail_fill_random(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
      ssize_t got = ::getrandom(out, n, 0);
      if (got < 0) throw error(errc::misuse, "uuid: the operating system's random generator failed");
      out += got;
      n -= static_cast<std::size_t>(got);
    }
  }

  std::array<std::uint8_t, size> bytes_{};
};

template <>
struct value_traits<uuid> {
  static constexpr bool supported = true;
  static constexpr category kind = category::distinct;  // compares with uuids only
  static constexpr value_kind bind_kind = value_kind::typed_bytes;
  static constexpr postgres_type postgres = {2950, 2951};  // uuid, uuid[]
  using result_type = uuid;
  static constexpr int binary_width = uuid::size;
  static constexpr void sql_type(sql_writer& w) { detail::sql_type_name(w, "BLOB", "UUID"); }
  // PostgreSQL's binary UUID is its 16 bytes, as is the SQLite BLOB (a span built from
  // pointer and size: std::as_bytes(std::span{array}) costs ~2 MiB of compile memory in every TU)
  static value_view to_value(const uuid& v) noexcept {
    return value_view::from_typed_bytes({reinterpret_cast<const std::byte*>(v.bytes().data()), uuid::size}, postgres);
  }
  template <class Reader>
  static uuid read(Reader& r, int i) {
    std::span<const std::byte> stored = r.read_typed_bytes(i, postgres.oid);
    if (stored.size() != uuid::size)
      throw error(errc::type_mismatch, "stored value of " + std::to_string(stored.size()) +
                                           " bytes is not a uuid (16 bytes)");
    std::array<std::uint8_t, uuid::size> bytes;
    std::memcpy(bytes.data(), stored.data(), uuid::size);
    return uuid{bytes};
  }
  // SQLite: X'<32 hex digits>'; PostgreSQL: the text form, which a UUID column takes
  static constexpr void literal(sql_writer& w, const uuid& v) {
    constexpr char digits[] = "0123456789abcdef";
    char buffer[36]{};
    std::size_t n = 0;
    bool postgres_text = w.dialect() == dialect_id::postgres;
    for (std::size_t i = 0; i < uuid::size; ++i) {
      if (postgres_text && (i == 4 || i == 6 || i == 8 || i == 10)) buffer[n++] = '-';
      buffer[n++] = digits[v.bytes()[i] >> 4];
      buffer[n++] = digits[v.bytes()[i] & 0xF];
    }
    if (postgres_text) {
      w.string_literal(std::string_view{buffer, n});
    } else {
      w.put("X'").put(std::string_view{buffer, n}).put('\'');
    }
  }
};

}  // namespace piccolo
