#pragma once
// A std::vector<T> column on SQLite is JSON text ([1,2,3], ["a","b"]). json_array_reader
// reads it strictly (one array of scalars, nothing after it) and hands its elements out as
// a row reader hands out columns: value_traits<T>::read(reader, k) reads element k.

#include <cstddef>
#include <cstdint>
#include <cerrno>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piccolo/core/decimal.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>

namespace piccolo::sqlite::detail {

class json_array_reader {
 public:
  // text: the column's JSON; column: its name, for messages.
  json_array_reader(std::string_view text, std::string column) : column_(std::move(column)), text_(text) {
    skip_space();
    expect('[');
    skip_space();
    if (peek() == ']') {
      ++at_;
    } else {
      for (;;) {
        skip_space();
        elements_.push_back(parse_value());
        skip_space();
        if (peek() == ',') {
          ++at_;
          continue;
        }
        expect(']');
        break;
      }
    }
    skip_space();
    if (at_ != text_.size()) fail("holds text after its JSON array");
  }

  int size() const noexcept { return static_cast<int>(elements_.size()); }
  bool is_null(int k) const noexcept { return get(k).type == kind::null; }

  std::int64_t read_int64(int k) const {
    const element& e = typed(k, kind::integer, "an integer");
    return e.integer;
  }
  double read_double(int k) const {
    const element& e = get(k);
    if (e.type == kind::integer) return static_cast<double>(e.integer);
    return typed(k, kind::real, "a number").real;
  }
  bool read_bool(int k) const {
    const element& e = get(k);
    // true/false as written; 1/0 once SQL rebuilt the array (json_group_array)
    if (e.type == kind::integer && (e.integer == 0 || e.integer == 1)) return e.integer == 1;
    return typed(k, kind::boolean, "a boolean").integer != 0;
  }
  std::string_view read_text(int k) const { return typed(k, kind::text, "text").text; }
  std::span<const std::byte> read_blob(int k) const {
    const element& e = typed(k, kind::text, "hex text (bytes)");
    if (e.bytes.empty() && !e.text.empty()) {
      if (e.text.size() % 2 != 0) fail("holds an element that is not hex text");
      for (std::size_t i = 0; i < e.text.size(); i += 2) {
        int high = hex_digit(e.text[i]), low = hex_digit(e.text[i + 1]);
        if (high < 0 || low < 0) fail("holds an element that is not hex text");
        e.bytes += static_cast<char>(high << 4 | low);
      }
    }
    return {reinterpret_cast<const std::byte*>(e.bytes.data()), e.bytes.size()};
  }
  std::span<const std::byte> read_typed_bytes(int k, unsigned /*postgres oid*/) const { return read_blob(k); }
  std::int64_t read_timestamp(int k) const {
    if (auto micros = piccolo::detail::parse_timestamp(read_text(k))) return *micros;
    fail("holds an element that is not a timestamp");
  }
  std::int64_t read_date(int k) const {
    std::string_view text = read_text(k);
    if (auto days = piccolo::detail::parse_date(text); days && text.size() == 10) return *days;
    fail("holds an element that is not a date");
  }
  std::int64_t read_time_of_day(int k) const {
    if (auto micros = piccolo::detail::parse_time_of_day(read_text(k))) return *micros;
    fail("holds an element that is not a time of day");
  }
  interval_parts read_interval(int k) const { return {read_int64(k)}; }
  std::string read_numeric(int k) const { return piccolo::detail::plain_decimal(read_text(k)); }

 private:
  enum class kind { null, integer, real, boolean, text };
  struct element {
    kind type = kind::null;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;
    mutable std::string bytes;  // read_blob(): the hex text decoded, once
  };

  const element& get(int k) const { return elements_[static_cast<std::size_t>(k)]; }
  const element& typed(int k, kind type, const char* expected) const {
    const element& e = get(k);
    if (e.type == type) [[likely]]
      return e;
    if (e.type == kind::null)
      fail("holds a null element; make the member a std::vector<std::optional<T>> to read one", errc::unexpected_null);
    fail(std::string{"holds an element that is not "} + expected);
  }

  char peek() const noexcept { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skip_space() noexcept {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }
  void expect(char ch) {
    if (peek() != ch) fail(std::string{"is not a JSON array of scalars (expected '"} + ch + "')");
    ++at_;
  }
  bool take(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  element parse_value() {
    element e;
    char ch = peek();
    if (ch == '"') {
      e.type = kind::text;
      e.text = parse_string();
    } else if (take("null")) {
      e.type = kind::null;
    } else if (take("true")) {
      e.type = kind::boolean;
      e.integer = 1;
    } else if (take("false")) {
      e.type = kind::boolean;
    } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
      parse_number(e);
    } else if (ch == '[' || ch == '{') {
      fail("holds a nested array or object; a std::vector<T> holds one dimension of scalars");
    } else {
      fail("is not a JSON array of scalars");
    }
    return e;
  }
  void parse_number(element& e) {
    std::size_t start = at_;
    bool integral = true;
    if (peek() == '-') ++at_;
    while (at_ < text_.size()) {
      char ch = text_[at_];
      if (ch >= '0' && ch <= '9') {
        ++at_;
      } else if (ch == '.' || ch == 'e' || ch == 'E' || ch == '+' || ch == '-') {
        integral = false;
        ++at_;
      } else {
        break;
      }
    }
    std::string number{text_.substr(start, at_ - start)};
    char* end = nullptr;
    errno = 0;
    if (integral) {
      e.type = kind::integer;
      e.integer = std::strtoll(number.c_str(), &end, 10);
    } else {
      e.type = kind::real;
      e.real = std::strtod(number.c_str(), &end);
    }
    if (end != number.c_str() + number.size() || errno == ERANGE) fail("holds a number out of range: " + number);
  }
  std::string parse_string() {
    ++at_;  // the opening quote
    std::string out;
    for (;;) {
      if (at_ >= text_.size()) fail("holds an unterminated string");
      char ch = text_[at_++];
      if (ch == '"') return out;
      if (static_cast<unsigned char>(ch) < 0x20) fail("holds a control character in a string");
      if (ch != '\\') {
        out += ch;
        continue;
      }
      if (at_ >= text_.size()) fail("holds an unterminated string");
      switch (text_[at_++]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t code = hex4();
          if (code >= 0xD800 && code <= 0xDBFF) {  // a surrogate pair
            if (!take("\\u")) fail("holds a lone UTF-16 surrogate");
            std::uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("holds a lone UTF-16 surrogate");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else if (code >= 0xDC00 && code <= 0xDFFF) {
            fail("holds a lone UTF-16 surrogate");
          }
          append_utf8(out, code);
          break;
        }
        default: fail("holds an invalid escape in a string");
      }
    }
  }
  std::uint32_t hex4() {
    if (text_.size() - at_ < 4) fail("holds a truncated \\u escape");
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_digit(text_[at_++]);
      if (digit < 0) fail("holds an invalid \\u escape");
      code = code << 4 | static_cast<std::uint32_t>(digit);
    }
    return code;
  }
  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | code >> 6);
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | code >> 12);
      out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | code >> 18);
      out += static_cast<char>(0x80 | (code >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  static int hex_digit(char ch) noexcept {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  }
  [[noreturn]] void fail(const std::string& what, errc code = errc::type_mismatch) const {
    throw error(code, "column " + column_ + " " + what);
  }

  std::string column_;
  std::string_view text_;
  std::size_t at_ = 0;
  std::vector<element> elements_;
};

}  // namespace piccolo::sqlite::detail
