#pragma once
// The constexpr text builder every SQL renderer writes to. It runs twice at compile
// time: once without a buffer to measure, once into an array of exactly that size
// (see sql_text below), so query text costs nothing at run time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <piccolo/core/dialect.hpp>

namespace piccolo {

class sql_writer {
 public:
  constexpr explicit sql_writer(dialect_id dialect, char* out = nullptr) noexcept
      : out_(out), dialect_(dialect) {}

  constexpr dialect_id dialect() const noexcept { return dialect_; }
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr int parameters() const noexcept { return parameters_; }

  constexpr sql_writer& put(char ch) noexcept {
    if (out_) out_[size_] = ch;
    ++size_;
    return *this;
  }
  constexpr sql_writer& put(std::string_view text) noexcept {
    for (char ch : text) put(ch);
    return *this;
  }
  constexpr sql_writer& put_int(std::int64_t value) noexcept {
    if (value < 0) {
      put('-');
      // negate in unsigned space so INT64_MIN is fine
      return put_uint(~static_cast<std::uint64_t>(value) + 1);
    }
    return put_uint(static_cast<std::uint64_t>(value));
  }
  constexpr sql_writer& put_uint(std::uint64_t value) noexcept {
    char digits[20]{};
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (count > 0) put(digits[--count]);
    return *this;
  }
  // "name", with embedded quotes doubled: identifiers are always quoted so that
  // reserved words ("order", "user") work as table and column names.
  constexpr sql_writer& identifier(std::string_view name) noexcept {
    put('"');
    for (char ch : name) {
      if (ch == '"') put('"');
      put(ch);
    }
    return put('"');
  }
  // 'text', with embedded quotes doubled: used only for DDL defaults.
  constexpr sql_writer& string_literal(std::string_view text) noexcept {
    put('\'');
    for (char ch : text) {
      if (ch == '\'') put('\'');
      put(ch);
    }
    return put('\'');
  }
  // Takes the next parameter's number without writing it, for a PostgreSQL text that
  // refers to the parameter more than once ($n, $n).
  constexpr int take_parameter() noexcept { return ++parameters_; }

  // The next bound parameter: ? for SQLite, $n for PostgreSQL. Text order is bind order.
  constexpr sql_writer& parameter() noexcept {
    ++parameters_;
    if (dialect_ == dialect_id::sqlite) return put('?');
    put('$');
    return put_uint(static_cast<std::uint64_t>(parameters_));
  }

 private:
  char* out_;
  std::size_t size_ = 0;
  int parameters_ = 0;
  dialect_id dialect_;
};

namespace detail {
// Renders Node::render(writer) for a dialect into a static array, once per program.
template <class Node, dialect_id D>
struct sql_text {
  struct measure {
    std::size_t size;
    int parameters;
  };
  // One counting pass gives both the length and the parameter count.
  static constexpr measure measured = [] {
    sql_writer w{D};
    Node::render(w);
    return measure{w.size(), w.parameters()};
  }();
  static constexpr std::size_t size = measured.size;
  static constexpr int parameters = measured.parameters;
  static constexpr std::array<char, size + 1> text = [] {
    std::array<char, size + 1> buffer{};
    sql_writer w{D, buffer.data()};
    Node::render(w);
    return buffer;
  }();
  static constexpr std::string_view view{text.data(), size};
};
}  // namespace detail

// The SQL text of a query type, e.g. sql_of<decltype(q), sqlite_dialect>.
template <class Query, dialect D>
inline constexpr std::string_view sql_of = detail::sql_text<Query, D::id>::view;

}  // namespace piccolo
