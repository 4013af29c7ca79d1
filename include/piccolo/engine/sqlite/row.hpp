#pragma once
// The row reader over a stepped sqlite3_stmt. Reads check SQLite's storage class, so
// a value of another type or a NULL is an error, never a silent conversion.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include <piccolo/core/decimal.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>

namespace piccolo::sqlite {

namespace detail {
class json_array_reader;  // detail/json_array.hpp, included by <piccolo/arrays.hpp>
}  // namespace detail

class row {
 public:
  explicit row(sqlite3_stmt* statement) noexcept : statement_(statement) {}

  bool is_null(int i) const noexcept { return sqlite3_value_type(column(i)) == SQLITE_NULL; }

  std::int64_t read_int64(int i) const {
    sqlite3_value* v = column(i);
    expect(v, i, SQLITE_INTEGER, "an integer");
    return sqlite3_value_int64(v);
  }
  double read_double(int i) const {
    sqlite3_value* v = column(i);
    if (sqlite3_value_type(v) == SQLITE_INTEGER) return static_cast<double>(sqlite3_value_int64(v));
    expect(v, i, SQLITE_FLOAT, "a number");
    return sqlite3_value_double(v);
  }
  bool read_bool(int i) const {
    std::int64_t v = read_int64(i);
    if (v != 0 && v != 1) fail(i, errc::out_of_range, "holds " + std::to_string(v) + ", not a boolean");
    return v == 1;
  }
  std::string_view read_text(int i) const {
    sqlite3_value* v = column(i);
    expect(v, i, SQLITE_TEXT, "text");
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return {text, static_cast<std::size_t>(sqlite3_value_bytes(v))};
  }
  std::span<const std::byte> read_blob(int i) const {
    sqlite3_value* v = column(i);
    expect(v, i, SQLITE_BLOB, "a blob");
    const auto* data = static_cast<const std::byte*>(sqlite3_value_blob(v));
    return {data, static_cast<std::size_t>(sqlite3_value_bytes(v))};
  }
  // A value type with its own PostgreSQL type (value_kind::typed_bytes) is a BLOB here.
  std::span<const std::byte> read_typed_bytes(int i, unsigned /*postgres oid*/) const { return read_blob(i); }
  // One whose binary form is text after a header (JSON, JSONB) is that text here.
  std::string_view read_typed_text(int i, unsigned /*postgres oid*/, std::string_view /*header*/) const {
    return read_text(i);
  }
  // An array column (a std::vector<T>) is JSON text here: a reader of its elements (a
  // template: parsed only with <piccolo/arrays.hpp>).
  template <class Reader = detail::json_array_reader>
  Reader read_array(int i) const {
    std::string_view text = read_text(i);
    const char* name = sqlite3_column_name(statement_, i);
    return Reader{text, name ? name : "?"};
  }
  std::int64_t read_timestamp(int i) const {
    std::string_view text = read_text(i);
    if (auto micros = piccolo::detail::parse_timestamp(text)) return *micros;
    fail(i, errc::type_mismatch, "holds '" + std::string{text} + "', not a timestamp");
  }
  std::int64_t read_date(int i) const {
    std::string_view text = read_text(i);
    if (auto days = piccolo::detail::parse_date(text); days && text.size() == 10) return *days;
    fail(i, errc::type_mismatch, "holds '" + std::string{text} + "', not a date");
  }
  // A numeric's sortable text as plain decimal text (core/decimal.hpp).
  std::string read_numeric(int i) const { return piccolo::detail::plain_decimal(read_text(i)); }
  std::int64_t read_time_of_day(int i) const {
    std::string_view text = read_text(i);
    if (auto micros = piccolo::detail::parse_time_of_day(text)) return *micros;
    fail(i, errc::type_mismatch, "holds '" + std::string{text} + "', not a time of day");
  }
  // An interval is its microseconds here.
  interval_parts read_interval(int i) const { return {read_int64(i)}; }

 private:
  // One sqlite3_column_* call per read: each of those takes the connection's mutex and
  // checks for a malloc failure, while the sqlite3_value_* accessors are plain reads.
  // The value is "unprotected", which matters only to a connection shared between
  // threads; a database is used by one thread at a time (it is opened NOMUTEX).
  sqlite3_value* column(int i) const noexcept { return sqlite3_column_value(statement_, i); }

  // The check inlines; building the message stays out of line, off the hot path.
  void expect(sqlite3_value* v, int i, int type, const char* what) const {
    int actual = sqlite3_value_type(v);
    if (actual != type) [[unlikely]]
      mismatch(i, actual, what);
  }
  [[noreturn]] void mismatch(int i, int actual, const char* what) const {
    if (actual == SQLITE_NULL)
      fail(i, errc::unexpected_null, "is NULL; declare the field std::optional to accept NULL");
    fail(i, errc::type_mismatch, std::string{"holds "} + storage_name(actual) + ", expected " + what);
  }
  static const char* storage_name(int type) noexcept {
    switch (type) {
      case SQLITE_INTEGER: return "an integer";
      case SQLITE_FLOAT: return "a real";
      case SQLITE_TEXT: return "text";
      case SQLITE_BLOB: return "a blob";
      default: return "NULL";
    }
  }
  [[noreturn]] void fail(int i, errc code, const std::string& what) const {
    const char* name = sqlite3_column_name(statement_, i);
    throw error(code, std::string{"column "} + (name ? name : "?") + " " + what);
  }

  sqlite3_stmt* statement_;
};

}  // namespace piccolo::sqlite
