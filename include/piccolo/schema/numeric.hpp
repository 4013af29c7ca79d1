#pragma once
// pc::numeric<P, S>: an exact decimal of at most P digits, S of them after the point
// (PostgreSQL NUMERIC(P, S), read and sent in its binary form; SQLite text that sorts,
// see core/decimal.hpp). It never passes through a double: it is built from text or
// integers, and a value that does not fit P and S is out_of_range, never rounded.

#include <algorithm>
#include <compare>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <piccolo/core/decimal.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

namespace detail {
[[noreturn]] inline void throw_decimal_problem(decimal_problem problem, std::string_view text, int precision,
                                               int scale) {
  std::string type = "NUMERIC(" + std::to_string(precision) + ", " + std::to_string(scale) + ")";
  if (problem == decimal_problem::malformed)
    throw error(errc::type_mismatch, "'" + std::string{text} + "' is not a decimal number for " + type);
  if (problem == decimal_problem::too_precise)
    throw error(errc::out_of_range, "'" + std::string{text} + "' has more than " + std::to_string(scale) +
                                        " fraction digits, which " + type + " cannot hold (it is not rounded)");
  throw error(errc::out_of_range, "'" + std::string{text} + "' has more than " + std::to_string(precision - scale) +
                                      " integer digits, which " + type + " cannot hold");
}

// sign, then integer digits, then the text: the order of canonical decimal texts of one scale
inline std::strong_ordering compare_canonical(std::string_view a, std::string_view b) noexcept {
  bool a_negative = a.front() == '-', b_negative = b.front() == '-';
  if (a_negative != b_negative) return a_negative ? std::strong_ordering::less : std::strong_ordering::greater;
  if (a_negative) {
    a.remove_prefix(1);
    b.remove_prefix(1);
    std::swap(a, b);  // a larger magnitude is a smaller number
  }
  std::size_t a_integer = a.find('.'), b_integer = b.find('.');
  if (a_integer == std::string_view::npos) a_integer = a.size();
  if (b_integer == std::string_view::npos) b_integer = b.size();
  if (a_integer != b_integer) return a_integer <=> b_integer;
  int c = a.compare(b);
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}
}  // namespace detail

template <int P, int S = 0>
class numeric {
  static_assert(P >= 1 && P <= 1000,
                "piccolo: numeric<P, S>: the precision P must be 1 to 1000 (PostgreSQL's NUMERIC limit); "
                "for more, store text");
  static_assert(S >= 0 && S <= P, "piccolo: numeric<P, S>: the scale S must be 0 to P; give at most P fraction digits");

 public:
  static constexpr int precision = P;
  static constexpr int scale = S;

  constexpr numeric() noexcept = default;  // zero; constexpr so that a row holding one is a literal type
  // From an integer: out_of_range when it has more than P - S digits.
  template <std::integral Int>
    requires(!std::is_same_v<Int, bool>)
  numeric(Int v) : numeric(std::string_view{std::to_string(v)}) {}
  // From decimal text ("-12.3", "+0.05", "7"): type_mismatch when malformed, out_of_range
  // when it does not fit P and S (a fraction finer than S is refused, not rounded).
  explicit numeric(std::string_view text) {
    if (auto problem = detail::canonical_decimal(text, P, S, text_); problem != detail::decimal_problem::none)
      detail::throw_decimal_problem(problem, text, P, S);
    if (text_ == zero_text()) text_.clear();
  }
  explicit numeric(const char* text) : numeric(std::string_view{text}) {}
  // From another numeric: implicit when every value of it fits, else explicit and
  // out_of_range for a value that does not fit (never rounded).
  template <int P2, int S2>
    requires(P2 != P || S2 != S)
  explicit(P2 - S2 > P - S || S2 > S) numeric(const numeric<P2, S2>& other) : numeric(std::string_view{other.to_string()}) {}
  // nullopt when malformed or out of range
  static std::optional<numeric> parse(std::string_view text) {
    numeric n;
    if (detail::canonical_decimal(text, P, S, n.text_) != detail::decimal_problem::none) return std::nullopt;
    if (n.text_ == zero_text()) n.text_.clear();
    return n;
  }

  // "-12.30": exactly S fraction digits
  const std::string& to_string() const noexcept { return text_.empty() ? zero_text() : text_; }
  int sign() const noexcept { return text_.empty() ? 0 : text_.front() == '-' ? -1 : 1; }

  friend constexpr bool operator==(const numeric& a, const numeric& b) noexcept { return a.text_ == b.text_; }
  friend std::strong_ordering operator<=>(const numeric& a, const numeric& b) noexcept {
    return detail::compare_canonical(a.to_string(), b.to_string());
  }
  // With any integer, exactly (the integer need not fit P).
  template <std::integral Int>
    requires(!std::is_same_v<Int, bool>)
  friend bool operator==(const numeric& a, Int b) {
    return (a <=> b) == 0;
  }
  template <std::integral Int>
    requires(!std::is_same_v<Int, bool>)
  friend std::strong_ordering operator<=>(const numeric& a, Int b) {
    std::string integer = std::to_string(b);
    if constexpr (S > 0) integer += "." + std::string(static_cast<std::size_t>(S), '0');
    return detail::compare_canonical(a.to_string(), integer);
  }

 private:
  static const std::string& zero_text() {
    static const std::string zero = S > 0 ? "0." + std::string(static_cast<std::size_t>(S), '0') : "0";
    return zero;
  }
  std::string text_;  // canonical (core/decimal.hpp); empty for zero
};

template <class T>
inline constexpr bool is_numeric = false;
template <int P, int S>
inline constexpr bool is_numeric<numeric<P, S>> = true;

// Exact arithmetic. The result holds every digit the operands can make, up to
// PostgreSQL's 1000: + and - the larger scale and integer part, * the sum of both
// precisions and scales; with an integer, the numeric's own type (an integer has no
// fraction, and money plus one is money). A result that does not fit is out_of_range.
namespace detail {
constexpr int numeric_cap(int digits) noexcept { return digits < 1000 ? digits : 1000; }
template <class A, class B>
using numeric_sum_t =
    numeric<numeric_cap(std::max(A::precision - A::scale, B::precision - B::scale) + std::max(A::scale, B::scale)),
            std::max(A::scale, B::scale)>;
template <class A, class B>
using numeric_product_t = numeric<numeric_cap(A::precision + B::precision),
                                  std::min(A::scale + B::scale, numeric_cap(A::precision + B::precision))>;
template <class N, class Int>
concept numeric_integer = std::integral<Int> && !std::is_same_v<Int, bool> && is_numeric<N>;

template <class Result>
Result numeric_of_units(const decimal_units& units, int scale) {
  return Result{std::string_view{text_of_units(units, scale)}};
}
template <class Result, class A, class B>
Result numeric_plus(const A& a, const B& b, bool subtract) {
  constexpr int scale = std::max(A::scale, B::scale);
  decimal_units right = units_of(b.to_string(), scale);
  if (subtract && !right.digits.empty()) right.negative = !right.negative;
  return numeric_of_units<Result>(add_units(units_of(a.to_string(), scale), right), scale);
}
template <class Result, class A, class B>
Result numeric_times(const A& a, const B& b) {
  decimal_units x = units_of(a.to_string(), A::scale), y = units_of(b.to_string(), B::scale);
  decimal_units product{x.negative != y.negative, multiply_magnitudes(x.digits, y.digits)};
  if (product.digits.empty()) product.negative = false;
  return numeric_of_units<Result>(product, A::scale + B::scale);
}
template <class N, class Int>
N numeric_plus_integer(const N& a, Int b, bool subtract, bool integer_first) {
  decimal_units x = units_of(a.to_string(), N::scale), y = units_of(std::to_string(b), N::scale);
  if (integer_first) std::swap(x, y);
  if (subtract && !y.digits.empty()) y.negative = !y.negative;
  return numeric_of_units<N>(add_units(x, y), N::scale);
}
template <class N, class Int>
N numeric_times_integer(const N& a, Int b) {
  decimal_units x = units_of(a.to_string(), N::scale), y = units_of(std::to_string(b), 0);
  decimal_units product{x.negative != y.negative, multiply_magnitudes(x.digits, y.digits)};
  if (product.digits.empty()) product.negative = false;
  return numeric_of_units<N>(product, N::scale);
}
}  // namespace detail

template <int P1, int S1, int P2, int S2>
detail::numeric_sum_t<numeric<P1, S1>, numeric<P2, S2>> operator+(const numeric<P1, S1>& a, const numeric<P2, S2>& b) {
  return detail::numeric_plus<detail::numeric_sum_t<numeric<P1, S1>, numeric<P2, S2>>>(a, b, false);
}
template <int P1, int S1, int P2, int S2>
detail::numeric_sum_t<numeric<P1, S1>, numeric<P2, S2>> operator-(const numeric<P1, S1>& a, const numeric<P2, S2>& b) {
  return detail::numeric_plus<detail::numeric_sum_t<numeric<P1, S1>, numeric<P2, S2>>>(a, b, true);
}
template <int P1, int S1, int P2, int S2>
detail::numeric_product_t<numeric<P1, S1>, numeric<P2, S2>> operator*(const numeric<P1, S1>& a,
                                                                      const numeric<P2, S2>& b) {
  return detail::numeric_times<detail::numeric_product_t<numeric<P1, S1>, numeric<P2, S2>>>(a, b);
}
template <int P, int S>
numeric<P, S> operator-(const numeric<P, S>& a) {
  return numeric<P, S>{} - a;  // numeric<P, S> - numeric<P, S> is a numeric<P, S>
}
template <int P, int S, class Int>
  requires detail::numeric_integer<numeric<P, S>, Int>
numeric<P, S> operator+(const numeric<P, S>& a, Int b) {
  return detail::numeric_plus_integer(a, b, false, false);
}
template <int P, int S, class Int>
  requires detail::numeric_integer<numeric<P, S>, Int>
numeric<P, S> operator+(Int a, const numeric<P, S>& b) {
  return detail::numeric_plus_integer(b, a, false, true);
}
template <int P, int S, class Int>
  requires detail::numeric_integer<numeric<P, S>, Int>
numeric<P, S> operator-(const numeric<P, S>& a, Int b) {
  return detail::numeric_plus_integer(a, b, true, false);
}
template <int P, int S, class Int>
  requires detail::numeric_integer<numeric<P, S>, Int>
numeric<P, S> operator-(Int a, const numeric<P, S>& b) {
  return detail::numeric_plus_integer(b, a, true, true);
}
template <int P, int S, class Int>
  requires detail::numeric_integer<numeric<P, S>, Int>
numeric<P, S> operator*(const numeric<P, S>& a, Int b) {
  return detail::numeric_times_integer(a, b);
}
template <int P, int S, class Int>
  requires detail::numeric_integer<numeric<P, S>, Int>
numeric<P, S> operator*(Int a, const numeric<P, S>& b) {
  return detail::numeric_times_integer(b, a);
}

template <int P, int S>
struct value_traits<numeric<P, S>> {
  using value_type = numeric<P, S>;
  static constexpr bool supported = true;
  static constexpr category kind = category::distinct;  // SQLite's text sorts within one (P, S) only
  static constexpr value_kind bind_kind = value_kind::numeric;
  using result_type = value_type;
  // An integer compared with it binds as this numeric: SQLite's sortable texts compare
  // within one (P, S) only.
  static constexpr bool parameters_take_column_type = true;
  // SQLite: TEXT, whose affinity keeps the text (NUMERIC's would turn it into a double)
  static constexpr void sql_type(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) w.put("TEXT");
    else w.put("NUMERIC(").put_int(P).put(", ").put_int(S).put(')');
  }
  static value_view to_value(const value_type& v) noexcept { return value_view::from_numeric(v.to_string(), P); }
  // is_in(): a list of SQLite's stored (sortable) texts, which SQLite compares as they
  // are; PostgreSQL turns each back into a NUMERIC in the statement ('!' and nines'
  // complement: a negative), so that the column is compared as a number and its index
  // serves. An integer element is this numeric's value (out_of_range past P and S).
  static constexpr value_kind in_list_kind = value_kind::text;
  static std::string in_list_element(value_view wire) {
    if (wire.kind == value_kind::int64) return detail::sortable_decimal(value_type{wire.integer}.to_string(), P);
    return detail::sortable_decimal(wire.text(), P);
  }
  static constexpr void in_list_parameter(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      w.parameter();
      return;
    }
    // ARRAY(SELECT ...), not array_agg(): an empty list is an empty array, not NULL
    w.put("ARRAY(SELECT CASE WHEN left(t, 1) = '!' THEN -CAST(translate(substr(t, 2), '0123456789', "
          "'9876543210') AS NUMERIC) ELSE CAST(t AS NUMERIC) END FROM unnest(CAST(");
    w.parameter();
    w.put(" AS TEXT[])) AS t)");
  }
  template <class Reader>
  static value_type read(Reader& r, int i) {
    std::string stored = r.read_numeric(i);
    if (auto value = value_type::parse(stored)) return *value;
    std::string ignored;
    detail::throw_decimal_problem(detail::canonical_decimal(stored, P, S, ignored), stored, P, S);
  }
  static void literal(sql_writer& w, const value_type& v) {
    if (w.dialect() == dialect_id::sqlite) w.string_literal(detail::sortable_decimal(v.to_string(), P));
    else w.put(v.to_string());
  }
};

}  // namespace piccolo
