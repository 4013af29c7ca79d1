#pragma once
// The constexpr text builder every SQL renderer writes to. It runs twice at compile
// time: once without a buffer to measure, once into an array of exactly that size
// (see sql_text below), so query text costs nothing at run time.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>

#include <piccolo/core/dialect.hpp>

namespace piccolo {

namespace detail {
// An unsigned integer of fixed capacity, enough for the exact arithmetic of the
// shortest decimal form of a double (values stay below 2^1140); constexpr throughout.
struct big_uint {
  static constexpr int capacity = 40;  // 32-bit limbs: 1280 bits
  std::uint32_t limb[capacity]{};
  int used = 0;

  constexpr big_uint() noexcept = default;
  constexpr explicit big_uint(std::uint64_t v) noexcept {
    while (v != 0) {
      limb[used++] = static_cast<std::uint32_t>(v);
      v >>= 32;
    }
  }
  constexpr big_uint& multiply(std::uint32_t m) noexcept {
    std::uint64_t carry = 0;
    for (int i = 0; i < used; ++i) {
      const std::uint64_t x = std::uint64_t{limb[i]} * m + carry;
      limb[i] = static_cast<std::uint32_t>(x);
      carry = x >> 32;
    }
    if (carry != 0) limb[used++] = static_cast<std::uint32_t>(carry);
    return *this;
  }
  constexpr big_uint& multiply_pow10(int n) noexcept {
    for (; n >= 9; n -= 9) multiply(1000000000u);
    for (; n > 0; --n) multiply(10);
    return *this;
  }
  constexpr big_uint& shift_left(int bits) noexcept {
    if (used == 0) return *this;
    const int words = bits / 32;
    const int rest = bits % 32;
    int top = used + words;
    limb[top] = 0;
    for (int i = used - 1; i >= 0; --i) {
      const std::uint64_t x = std::uint64_t{limb[i]} << rest;
      limb[i + words + 1] |= static_cast<std::uint32_t>(x >> 32);
      limb[i + words] = static_cast<std::uint32_t>(x);
    }
    for (int i = 0; i < words; ++i) limb[i] = 0;
    used = top + 1;
    while (used > 0 && limb[used - 1] == 0) --used;
    return *this;
  }
  constexpr big_uint& add(const big_uint& o) noexcept {
    std::uint64_t carry = 0;
    const int n = used > o.used ? used : o.used;
    for (int i = 0; i < n; ++i) {
      const std::uint64_t x = std::uint64_t{i < used ? limb[i] : 0u} + (i < o.used ? o.limb[i] : 0u) + carry;
      limb[i] = static_cast<std::uint32_t>(x);
      carry = x >> 32;
    }
    used = n;
    if (carry != 0) limb[used++] = static_cast<std::uint32_t>(carry);
    return *this;
  }
  // *this >= o
  constexpr big_uint& subtract(const big_uint& o) noexcept {
    std::int64_t borrow = 0;
    for (int i = 0; i < used; ++i) {
      std::int64_t x = std::int64_t{limb[i]} - (i < o.used ? o.limb[i] : 0u) - borrow;
      borrow = x < 0;
      if (x < 0) x += std::int64_t{1} << 32;
      limb[i] = static_cast<std::uint32_t>(x);
    }
    while (used > 0 && limb[used - 1] == 0) --used;
    return *this;
  }
  friend constexpr int compare(const big_uint& a, const big_uint& b) noexcept {
    if (a.used != b.used) return a.used < b.used ? -1 : 1;
    for (int i = a.used - 1; i >= 0; --i)
      if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
    return 0;
  }
  friend constexpr big_uint sum(big_uint a, const big_uint& b) noexcept { return a.add(b); }
};

// The shortest digits that read back as the same float or double (Burger and Dybvig's
// free-format algorithm with exact integers): value = 0.digits x 10^exponent. For a
// positive finite value. std::to_chars would do, but is not constexpr in GCC 12.
struct shortest_decimal {
  char digits[20]{};
  int count = 0;
  int exponent = 0;
};
template <class F>
constexpr shortest_decimal shortest_digits(F value) noexcept {
  using bits_t = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;
  constexpr int precision = std::numeric_limits<F>::digits;  // with the hidden bit
  constexpr int exponent_bits = sizeof(F) * 8 - precision;
  constexpr int bias = (1 << (exponent_bits - 1)) - 1;
  constexpr int min_exponent = 1 - bias - (precision - 1);
  constexpr std::uint64_t hidden = std::uint64_t{1} << (precision - 1);

  const auto bits = static_cast<std::uint64_t>(std::bit_cast<bits_t>(value));
  const int biased = static_cast<int>((bits >> (precision - 1)) & ((1u << exponent_bits) - 1));
  const std::uint64_t fraction = bits & (hidden - 1);
  const std::uint64_t f = biased == 0 ? fraction : fraction | hidden;
  const int e = biased == 0 ? min_exponent : biased - bias - (precision - 1);

  // value = r / s; the halfway points to its neighbours are (r - m_minus) / s and
  // (r + m_plus) / s. Round-to-even reading accepts them when f is even.
  big_uint r{f}, s{1}, m_plus{1}, m_minus{1};
  const bool uneven_gap = f == hidden && e > min_exponent;  // the next lower value is closer
  if (e >= 0) {
    m_plus.shift_left(e);
    m_minus.shift_left(e);
    r.shift_left(e + 1);
    s.shift_left(1);
    if (uneven_gap) {
      r.shift_left(1);
      s.shift_left(1);
      m_plus.shift_left(1);
    }
  } else {
    r.shift_left(1);
    s.shift_left(1 - e);
    if (uneven_gap) {
      r.shift_left(1);
      s.shift_left(1);
      m_plus.shift_left(1);
    }
  }
  const bool even = (f & 1) == 0;

  // k: the position of the first digit, 10^(k-1) <= high < 10^k, from an estimate.
  int bit_length = 0;
  for (std::uint64_t x = f; x != 0; x >>= 1) ++bit_length;
  int k = ((e + bit_length - 1) * 1233 >> 12) + 1;
  if (k >= 0) {
    s.multiply_pow10(k);
  } else {
    r.multiply_pow10(-k);
    m_plus.multiply_pow10(-k);
    m_minus.multiply_pow10(-k);
  }
  auto high_reaches = [&](const big_uint& limit) {
    const int c = compare(sum(r, m_plus), limit);
    return even ? c >= 0 : c > 0;
  };
  while (high_reaches(s)) {
    s.multiply(10);
    ++k;
  }
  while (true) {
    big_uint tenth = sum(r, m_plus);
    tenth.multiply(10);
    if (even ? compare(tenth, s) >= 0 : compare(tenth, s) > 0) break;
    r.multiply(10);
    m_plus.multiply(10);
    m_minus.multiply(10);
    --k;
  }

  shortest_decimal out;
  out.exponent = k;
  while (true) {
    r.multiply(10);
    m_plus.multiply(10);
    m_minus.multiply(10);
    int digit = 0;
    while (compare(r, s) >= 0) {
      r.subtract(s);
      ++digit;
    }
    const int low_c = compare(r, m_minus);
    const bool low = even ? low_c <= 0 : low_c < 0;
    const bool high = high_reaches(s);
    if (!low && !high) {
      out.digits[out.count++] = static_cast<char>('0' + digit);
      continue;
    }
    if (low && high) {
      big_uint twice = r;
      twice.shift_left(1);
      // the nearer of d and d + 1; a tie takes the even one, as std::to_chars does
      const int c = compare(twice, s);
      if (c > 0 || (c == 0 && digit % 2 == 1)) ++digit;
    } else if (high) {
      ++digit;
    }
    out.digits[out.count++] = static_cast<char>('0' + digit);
    return out;
  }
}
}  // namespace detail

class sql_writer {
 public:
  constexpr explicit sql_writer(dialect_id dialect, char* out = nullptr) noexcept
      : out_(out), dialect_(dialect) {}

  constexpr dialect_id dialect() const noexcept { return dialect_; }
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr int parameters() const noexcept { return parameters_; }
  // A node that has no faithful form in this dialect (jsonb contains() on SQLite) says so
  // instead of writing it; the engine of that dialect refuses the query (renders_on).
  constexpr void cannot_render() noexcept { renders_ = false; }
  constexpr bool renders() const noexcept { return renders_; }

  constexpr sql_writer& put(char ch) noexcept {
    if (in_literal_ && ch == '\'') emit(ch);
    return emit(ch);
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
  // "name", with embedded double quotes doubled: every identifier piccolo writes goes
  // through here, always quoted, so that reserved words ("order", "user") and any
  // character work in table, column, index and alias names. Several parts make one
  // identifier joined by '$' (join aliases: "band$manager").
  template <class... More>
  constexpr sql_writer& identifier(std::string_view name, const More&... more) noexcept {
    put('"');
    identifier_text(name);
    ((put('$'), identifier_text(std::string_view{more})), ...);
    return put('"');
  }
  // A table's name where a query names it (its columns, join aliases, FROM). Inside a
  // subquery correlated with an outer query over the same table, that table is renamed
  // "band$1" (the nesting level) so that pc::outer() columns can still reach the outer
  // "band"; everywhere else the name is written as is.
  template <class... More>
  constexpr sql_writer& table(std::string_view name, const More&... more) noexcept {
    if (scope_.level == 0 || name != scope_.renamed) return identifier(name, more...);
    put('"');
    identifier_text(name);
    put('$').put_uint(static_cast<std::uint64_t>(scope_.level));
    ((put('$'), identifier_text(std::string_view{more})), ...);
    return put('"');
  }
  // FROM "band", or FROM "band" AS "band$1" when it is renamed.
  constexpr sql_writer& table_declaration(std::string_view name) noexcept {
    identifier(name);
    if (scope_.level != 0 && name == scope_.renamed) put(" AS ").table(name);
    return *this;
  }
  // The names of one query level: which table, if any, is renamed in it.
  struct table_scope {
    std::string_view renamed{};
    int level = 0;
  };
  // Enters a subquery (renaming its table `renamed` when it is correlated with it) and
  // returns what leave_subquery() restores.
  struct saved_scopes {
    table_scope scope, outer;
  };
  constexpr saved_scopes enter_subquery(std::string_view renamed = {}) noexcept {
    const saved_scopes saved{scope_, outer_};
    outer_ = scope_;
    if (!renamed.empty()) scope_ = {renamed, scope_.level + 1};
    return saved;
  }
  constexpr void leave_subquery(const saved_scopes& saved) noexcept {
    scope_ = saved.scope;
    outer_ = saved.outer;
  }
  // Writes a pc::outer() column: with the names of the query around the subquery.
  template <class Write>
  constexpr sql_writer& in_outer_scope(Write&& write) noexcept {
    const table_scope inner = scope_;
    scope_ = outer_;
    write();
    scope_ = inner;
    return *this;
  }
  // 'what write() writes', as a string literal: single quotes doubled, so that what is
  // written may itself be quoted, e.g. a quoted identifier passed to a function as
  // text: pg_get_serial_sequence('"it''s"', ...).
  template <class Write>
  constexpr sql_writer& literal_of(Write&& write) noexcept {
    emit('\'');
    const bool outer = in_literal_;
    in_literal_ = true;
    write();
    in_literal_ = outer;
    emit('\'');
    return *this;
  }
  // 'text', with embedded single quotes doubled (DDL defaults, names passed as text).
  constexpr sql_writer& string_literal(std::string_view text) noexcept {
    return literal_of([&] { put(text); });
  }
  // A float or double as a numeric literal that reads back as the same value: the
  // shortest such digits, 0.5, 19.99, 1e-10, 0.9999999999 (never fewer digits).
  template <class F>
  constexpr sql_writer& put_real(F value) noexcept {
    static_assert(std::is_same_v<F, float> || std::is_same_v<F, double>);
    if (value != value) return put(dialect_ == dialect_id::sqlite ? "NULL" : "'NaN'");  // SQLite stores NaN as NULL
    if (value == std::numeric_limits<F>::infinity() || value == -std::numeric_limits<F>::infinity()) {
      // SQLite reads an overflowing literal as infinity; PostgreSQL has no unary minus
      // for a quoted literal, so the sign goes inside
      if (dialect_ == dialect_id::sqlite) return put(value < 0 ? "-9e999" : "9e999");
      return put(value < 0 ? "'-Infinity'" : "'Infinity'");
    }
    if (std::bit_cast<std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>>(value) >>
        (sizeof(F) * 8 - 1))
      put('-');
    if (value < 0) value = -value;
    if (value == 0) return put("0.0");
    const detail::shortest_decimal d = detail::shortest_digits(value);
    const int k = d.exponent;  // value = 0.digits x 10^k
    if (k > 0 && k <= 21) {
      for (int i = 0; i < k; ++i) put(i < d.count ? d.digits[i] : '0');
      put('.');
      if (d.count <= k) return put('0');
      for (int i = k; i < d.count; ++i) put(d.digits[i]);
      return *this;
    }
    if (k <= 0 && k > -6) {
      put("0.");
      for (int i = 0; i < -k; ++i) put('0');
      for (int i = 0; i < d.count; ++i) put(d.digits[i]);
      return *this;
    }
    put(d.digits[0]);
    if (d.count > 1) {
      put('.');
      for (int i = 1; i < d.count; ++i) put(d.digits[i]);
    }
    put('e');
    return put_int(k - 1);
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
  constexpr sql_writer& emit(char ch) noexcept {
    if (out_) out_[size_] = ch;
    ++size_;
    return *this;
  }
  constexpr void identifier_text(std::string_view name) noexcept {
    for (char ch : name) {
      if (ch == '"') put('"');
      put(ch);
    }
  }

  char* out_;
  std::size_t size_ = 0;
  int parameters_ = 0;
  dialect_id dialect_;
  bool in_literal_ = false;  // inside literal_of(): single quotes are doubled
  bool renders_ = true;      // no node called cannot_render()
  table_scope scope_{};      // this query level's names
  table_scope outer_{};      // the names of the level around it, for pc::outer()
};

namespace detail {
// Renders Node::render(writer) for a dialect into a static array, once per program.
template <class Node, dialect_id D>
struct sql_text {
  struct measure {
    std::size_t size;
    int parameters;
    bool renders;
  };
  // One counting pass gives both the length and the parameter count.
  // A node may render for one dialect known at compile time (render_in<D>), e.g. DDL
  // that reads per-dialect text only for the dialect asked for.
  static constexpr void render(sql_writer& w) {
    if constexpr (requires { Node::template render_in<D>(w); }) Node::template render_in<D>(w);
    else Node::render(w);
  }
  static constexpr measure measured = [] {
    sql_writer w{D};
    render(w);
    return measure{w.size(), w.parameters(), w.renders()};
  }();
  static constexpr std::size_t size = measured.size;
  static constexpr int parameters = measured.parameters;
  static constexpr std::array<char, size + 1> text = [] {
    std::array<char, size + 1> buffer{};
    sql_writer w{D, buffer.data()};
    render(w);
    return buffer;
  }();
  static constexpr std::string_view view{text.data(), size};
};
}  // namespace detail

namespace detail {
template <class Query, dialect_id D>
constexpr std::string_view checked_sql_text() noexcept {
  static_assert(sql_text<Query, D>::measured.renders,
                "piccolo: the query has no SQL text in this dialect: it uses an operation only PostgreSQL "
                "has (contains() / contained_in() on pc::jsonb are PostgreSQL-only); run it on PostgreSQL");
  return sql_text<Query, D>::view;
}
}  // namespace detail

// Whether every node of Query has a form in dialect D: a node without one (pc::jsonb's
// contains(), PostgreSQL-only) calls sql_writer::cannot_render(). Read from the pass that
// measures the text, so it costs nothing a run would not pay anyway.
template <class Query, dialect D>
inline constexpr bool renders_on = detail::sql_text<Query, D::id>::measured.renders;

// The SQL text of a query type, e.g. sql_of<decltype(q), sqlite_dialect>.
template <class Query, dialect D>
inline constexpr std::string_view sql_of = detail::checked_sql_text<Query, D::id>();

}  // namespace piccolo
