#pragma once
// Exact decimal text, the form pc::numeric<P, S> keeps and binds (value_kind::numeric):
// an optional '-', integer digits without leading zeros ("0" when none), and when S > 0
// a '.' and exactly S fraction digits: "-12.30", "0.05", "7". Never through a double.
//
// SQLite stores it as text of a fixed width per (P, S) that sorts as the numbers do:
// the integer part padded with zeros to P - S digits ("0000012.30" for NUMERIC(10, 2)),
// a negative value as '!' and the nines' complement of those digits ("!9999987.69"),
// '!' sorting below '0' and a larger magnitude below a smaller one.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace piccolo::detail {

enum class decimal_problem { none, malformed, too_precise, too_large };

// text: [-+]digits[.digits] (at least one digit, leading zeros allowed) -> the canonical
// form at `scale` fraction digits with at most `precision` digits in all; a fraction
// finer than `scale` is too_precise unless its extra digits are zeros (never rounded).
inline decimal_problem canonical_decimal(std::string_view text, int precision, int scale, std::string& out) {
  bool negative = false;
  std::size_t at = 0;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) negative = text[at++] == '-';
  std::size_t integer_begin = at;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  std::string_view integer = text.substr(integer_begin, at - integer_begin);
  std::string_view fraction;
  if (at < text.size() && text[at] == '.') {
    std::size_t fraction_begin = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    fraction = text.substr(fraction_begin, at - fraction_begin);
  }
  if (at != text.size() || (integer.empty() && fraction.empty())) return decimal_problem::malformed;
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  auto fraction_digits = static_cast<std::size_t>(scale);
  for (std::size_t i = fraction_digits; i < fraction.size(); ++i)
    if (fraction[i] != '0') return decimal_problem::too_precise;
  if (integer.size() > static_cast<std::size_t>(precision - scale)) return decimal_problem::too_large;
  out.clear();
  out += '-';
  if (integer.empty()) out += '0';
  else out += integer;
  if (scale > 0) {
    out += '.';
    std::string_view kept = fraction.substr(0, std::min(fraction.size(), fraction_digits));
    out += kept;
    out.append(fraction_digits - kept.size(), '0');
  }
  bool zero = out.find_first_not_of("-0.") == std::string::npos;
  if (!negative || zero) out.erase(0, 1);  // no "-0.00"
  return decimal_problem::none;
}

// ---- exact arithmetic on canonical texts (pc::numeric's +, - and *) -------------------
// A decimal as its sign and its digits scaled by 10^scale ("-12.30" at scale 3: "12300").
struct decimal_units {
  bool negative = false;
  std::string digits;  // no leading zeros; empty for zero
};

inline decimal_units units_of(std::string_view canonical, int to_scale) {
  decimal_units u;
  if (!canonical.empty() && canonical.front() == '-') {
    u.negative = true;
    canonical.remove_prefix(1);
  }
  std::size_t point = canonical.find('.');
  std::size_t scale = point == std::string_view::npos ? 0 : canonical.size() - point - 1;
  for (char ch : canonical)
    if (ch != '.' && !(u.digits.empty() && ch == '0')) u.digits += ch;
  if (!u.digits.empty()) u.digits.append(static_cast<std::size_t>(to_scale) - scale, '0');
  if (u.digits.empty()) u.negative = false;
  return u;
}

// Magnitudes without leading zeros: compared, added, subtracted (a >= b), multiplied.
inline int compare_magnitudes(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
inline std::string add_magnitudes(std::string_view a, std::string_view b) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < a.size() || i < b.size() || carry; ++i) {
    int digit = carry;
    if (i < a.size()) digit += a[a.size() - 1 - i] - '0';
    if (i < b.size()) digit += b[b.size() - 1 - i] - '0';
    out += static_cast<char>('0' + digit % 10);
    carry = digit / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}
inline std::string subtract_magnitudes(std::string_view a, std::string_view b) {
  std::string out;
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int digit = (a[a.size() - 1 - i] - '0') - borrow - (i < b.size() ? b[b.size() - 1 - i] - '0' : 0);
    borrow = digit < 0;
    out += static_cast<char>('0' + (digit + 10) % 10);
  }
  while (!out.empty() && out.back() == '0') out.pop_back();
  std::reverse(out.begin(), out.end());
  return out;
}
inline std::string multiply_magnitudes(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return {};
  std::string out(a.size() + b.size(), '\0');  // digit values, least significant first
  for (std::size_t i = 0; i < a.size(); ++i) {
    int carry = 0;
    for (std::size_t j = 0; j < b.size() || carry; ++j) {
      int digit = out[i + j] + carry + (j < b.size() ? (a[a.size() - 1 - i] - '0') * (b[b.size() - 1 - j] - '0') : 0);
      out[i + j] = static_cast<char>(digit % 10);
      carry = digit / 10;
    }
  }
  while (!out.empty() && out.back() == 0) out.pop_back();
  for (char& ch : out) ch = static_cast<char>('0' + ch);
  std::reverse(out.begin(), out.end());
  return out;
}

inline decimal_units add_units(const decimal_units& a, const decimal_units& b) {
  if (a.negative == b.negative) return {a.negative, add_magnitudes(a.digits, b.digits)};
  int c = compare_magnitudes(a.digits, b.digits);
  if (c == 0) return {};
  if (c > 0) return {a.negative, subtract_magnitudes(a.digits, b.digits)};
  return {b.negative, subtract_magnitudes(b.digits, a.digits)};
}

// Units at `scale` -> decimal text that canonical_decimal() reads.
inline std::string text_of_units(const decimal_units& u, int scale) {
  auto s = static_cast<std::size_t>(scale);
  std::string digits = u.digits;
  if (digits.size() <= s) digits.insert(0, s + 1 - digits.size(), '0');
  std::string out = u.negative ? "-" : "";
  out.append(digits, 0, digits.size() - s);
  if (s > 0) out.append(".").append(digits, digits.size() - s, s);
  return out;
}

// Canonical text -> SQLite's sortable text (see above), for NUMERIC(precision, scale).
inline std::string sortable_decimal(std::string_view canonical, int precision) {
  bool negative = !canonical.empty() && canonical.front() == '-';
  if (negative) canonical.remove_prefix(1);
  std::size_t point = canonical.find('.');
  std::size_t integer_digits = point == std::string_view::npos ? canonical.size() : point;
  std::size_t scale = point == std::string_view::npos ? 0 : canonical.size() - point - 1;
  std::size_t width = static_cast<std::size_t>(precision) > scale ? static_cast<std::size_t>(precision) - scale : 1;
  std::string out;
  out.reserve(width + scale + 2);
  if (negative) out += '!';
  out.append(width > integer_digits ? width - integer_digits : 0, '0');
  out += canonical;
  if (negative)
    for (std::size_t i = 1; i < out.size(); ++i)
      if (out[i] != '.') out[i] = static_cast<char>('9' - (out[i] - '0'));
  return out;
}

// SQLite's sortable text (or plain decimal text written by other means) -> decimal text
// that canonical_decimal() reads.
inline std::string plain_decimal(std::string_view stored) {
  if (stored.empty() || stored.front() != '!') return std::string{stored};
  std::string out{stored};
  out[0] = '-';
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i] >= '0' && out[i] <= '9') out[i] = static_cast<char>('9' - (out[i] - '0'));
  return out;
}

}  // namespace piccolo::detail
