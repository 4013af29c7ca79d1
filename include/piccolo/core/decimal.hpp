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
