#pragma once
// SQL functions on expressions, typed: pc::lower, upper, trim (text -> text), length
// (text -> std::int64_t), abs (a number -> the same type), round (a number -> double),
// coalesce (the first value's type; optional only when every value may be NULL) and
// now() (a TIMESTAMP, UTC) or now_tz() (a TIMESTAMPTZ). NULL in gives NULL out, and the result is a std::optional
// exactly when the argument is one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/sql/expression.hpp>
#include <piccolo/sql/operators.hpp>

namespace piccolo {

namespace detail {
// name(arg, arg, ...): Function says how it is written (its name, or render<Args...>()).
template <class Function, class Value, class... Args>
struct function_call : expression_node<function_call<Function, Value, Args...>> {
  using value_type = Value;
  using columns = columns_of<Args...>;
  static constexpr int parameters = (0 + ... + Args::parameters);
  std::tuple<Args...> args;

  static constexpr void render(sql_writer& w) {
    if constexpr (requires { Function::template render<Args...>(w); }) {
      Function::template render<Args...>(w);
    } else {
      w.put(Function::name).put('(');
      render_list<Args...>(w);
      w.put(')');
    }
  }
  void bind(value_view*& out) const {
    std::apply([&](const auto&... a) { (a.bind(out), ...); }, args);
  }

  template <class... Nodes>
  static constexpr void render_list(sql_writer& w) {
    bool first = true;
    ((w.put(first ? "" : ", "), Nodes::render(w), first = false), ...);
  }
};

template <class Function, class Value, class... Args>
constexpr auto call(Args... args) {
  return function_call<Function, Value, Args...>{{}, {std::move(args)...}};
}

namespace function {
struct lower { static constexpr std::string_view name = "lower"; };
struct upper { static constexpr std::string_view name = "upper"; };
struct trim { static constexpr std::string_view name = "trim"; };
struct length { static constexpr std::string_view name = "length"; };
struct abs { static constexpr std::string_view name = "abs"; };
struct coalesce { static constexpr std::string_view name = "coalesce"; };

// Half away from zero on both engines: PostgreSQL's round(double precision) rounds half
// to even, its round(numeric) as SQLite does.
struct round {
  template <class E, class... Digits>
  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      w.put("round(");
      E::render(w);
      ((w.put(", "), Digits::render(w)), ...);
      w.put(')');
    } else {
      w.put("CAST(round(CAST(");
      E::render(w);
      w.put(" AS NUMERIC)");
      ((w.put(", CAST("), Digits::render(w), w.put(" AS INTEGER)")), ...);
      w.put(") AS DOUBLE PRECISION)");
    }
  }
};

}  // namespace function

// The current time as piccolo stores a time point: UTC, microseconds, a TIMESTAMP
// (sys_time) or a TIMESTAMPTZ (pc::timestamptz). PostgreSQL's is the transaction's start
// (now()); SQLite's the statement's, to the millisecond, written as piccolo writes a time
// point (no fraction when it is zero; "+00:00" after a TIMESTAMPTZ). Beside a value of
// the other kind it takes that kind (as_operand_of), so that it compares and assigns
// exactly: SQLite compares the texts, and PostgreSQL would convert a TIMESTAMP to a
// TIMESTAMPTZ through the session's TimeZone.
template <class Value>
struct now_expression : expression_node<now_expression<Value>> {
  using value_type = Value;
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  static constexpr bool with_zone = std::is_same_v<Value, timestamptz>;
  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) {
      w.put(with_zone ? "(replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '') || '+00:00')"
                      : "replace(strftime('%Y-%m-%d %H:%M:%f000', 'now'), '.000000', '')");
    } else {
      w.put(with_zone ? "now()" : "(now() AT TIME ZONE 'UTC')");
    }
  }
  void bind(value_view*&) const {}
  template <class Other>
    requires(std::is_same_v<Other, timestamptz> || requires { typename Other::clock; })
  constexpr auto as_operand_of() const {
    if constexpr (std::is_same_v<Other, timestamptz>) return now_expression<timestamptz>{};
    else return now_expression<std::chrono::sys_time<std::chrono::microseconds>>{};
  }
};

template <class E>
using text_result_t = maybe_optional<std::string, is_nullable<E>>;

// coalesce(a, b, ...): the first value's type (text as std::string, and double when an
// integer comes first and a real later); NULL only when each value may be.
template <class First, class... Rest>
using coalesce_base_t = std::conditional_t<
    is_text<First>, std::string,
    std::conditional_t<value_class<value_of<First>>::kind == category::integer && (... || (value_class<value_of<Rest>>::kind == category::real)),
                       double, base_value_of<First>>>;
template <class First, class... Rest>
using coalesce_value_t = maybe_optional<coalesce_base_t<First, Rest...>, (is_nullable<First> && ... && is_nullable<Rest>)>;

template <class First, class... Rest>
inline constexpr bool coalesce_comparable = (... && comparable_values<value_of<First>, value_of<Rest>>);
}  // namespace detail

namespace detail {
// lower, upper, trim: text in, text out; checked by each, which names itself.
template <class Function, class E>
constexpr auto text_function(E&& e) {
  using node = operand_t<E>;
  if constexpr (is_text<node>) return call<Function, text_result_t<node>>(make_operand(std::forward<E>(e)));
  else return invalid_expression{};
}
}  // namespace detail

// lower(c<&Band::name>) -> text
template <class E>
constexpr auto lower(E&& e) {
  static_assert(detail::is_text<detail::operand_t<E>>, "piccolo: lower(): takes text (a text column or expression)");
  return detail::text_function<detail::function::lower>(std::forward<E>(e));
}
template <class E>
constexpr auto upper(E&& e) {
  static_assert(detail::is_text<detail::operand_t<E>>, "piccolo: upper(): takes text (a text column or expression)");
  return detail::text_function<detail::function::upper>(std::forward<E>(e));
}
// Spaces off both ends.
template <class E>
constexpr auto trim(E&& e) {
  static_assert(detail::is_text<detail::operand_t<E>>, "piccolo: trim(): takes text (a text column or expression)");
  return detail::text_function<detail::function::trim>(std::forward<E>(e));
}
// In characters, on both engines.
template <class E>
constexpr auto length(E&& e) {
  using node = detail::operand_t<E>;
  static_assert(detail::is_text<node>, "piccolo: length(): takes text (a text column or expression)");
  if constexpr (detail::is_text<node>)
    return detail::call<detail::function::length, detail::maybe_optional<std::int64_t, detail::is_nullable<node>>>(
        detail::make_operand(std::forward<E>(e)));
  else
    return invalid_expression{};
}

template <class E>
constexpr auto abs(E&& e) {
  using node = detail::operand_t<E>;
  static_assert(detail::is_number<node>, "piccolo: abs(): takes a number");
  if constexpr (detail::is_number<node>)
    return detail::call<detail::function::abs,
                        detail::maybe_optional<detail::base_value_of<node>, detail::is_nullable<node>>>(
        detail::make_operand(std::forward<E>(e)));
  else
    return invalid_expression{};
}

// round(x) to a whole number, round(x, digits) to that many decimals; a double.
template <class E>
constexpr auto round(E&& e) {
  using node = detail::operand_t<E>;
  static_assert(detail::is_number<node>, "piccolo: round(): takes a number");
  if constexpr (detail::is_number<node>)
    return detail::call<detail::function::round, detail::maybe_optional<double, detail::is_nullable<node>>>(
        detail::make_operand(std::forward<E>(e)));
  else
    return invalid_expression{};
}
template <class E, class Digits>
constexpr auto round(E&& e, Digits&& digits) {
  using node = detail::operand_t<E>;
  using digits_node = detail::operand_t<Digits>;
  static_assert(detail::is_number<node>, "piccolo: round(): takes a number");
  static_assert(!detail::is_number<node> ||
                    (detail::value_class<detail::value_of<digits_node>>::kind == category::integer &&
                     !detail::is_nullable<digits_node>),
                "piccolo: round(): the number of digits is an integer");
  if constexpr (detail::is_number<node> &&
                detail::value_class<detail::value_of<digits_node>>::kind == category::integer &&
                !detail::is_nullable<digits_node>)
    return detail::call<detail::function::round, detail::maybe_optional<double, detail::is_nullable<node>>>(
        detail::make_operand(std::forward<E>(e)), detail::make_operand(std::forward<Digits>(digits)));
  else
    return invalid_expression{};
}

// coalesce(c<&Ticket::gate>, 0) -> int: the first value that is not NULL.
template <class First, class... Rest>
constexpr auto coalesce(First&& first, Rest&&... rest) {
  static_assert(sizeof...(Rest) > 0, "piccolo: coalesce(): give at least two values, e.g. coalesce(c<&T::x>, 0)");
  using first_node = detail::operand_t<First>;
  constexpr bool comparable = detail::coalesce_comparable<first_node, detail::operand_t<Rest>...>;
  static_assert(sizeof...(Rest) == 0 || comparable,
                "piccolo: coalesce(): the values have unrelated types; give values of the first one's "
                "kind (number, text, time, enum, ...)");
  if constexpr (sizeof...(Rest) > 0 && comparable) {
    return detail::call<detail::function::coalesce,
                        detail::coalesce_value_t<first_node, detail::operand_t<Rest>...>>(
        detail::make_operand(std::forward<First>(first)), detail::make_operand(std::forward<Rest>(rest))...);
  } else {
    return invalid_expression{};
  }
}

// The current time (UTC, microseconds on PostgreSQL, milliseconds on SQLite) as a
// TIMESTAMP; compared with or assigned to a TIMESTAMPTZ, as one.
constexpr auto now() { return detail::now_expression<std::chrono::sys_time<std::chrono::microseconds>>{}; }
// The current time as a TIMESTAMPTZ (pc::timestamptz), e.g. in a select list; beside a
// TIMESTAMP, as one.
constexpr auto now_tz() { return detail::now_expression<timestamptz>{}; }

}  // namespace piccolo
