#pragma once
// Names for select-list items. expr.as<"total">() is `expr AS "total"` in the select
// list and the expression itself anywhere else (where, having: PostgreSQL does not let
// those name an alias); order_by() names it, ORDER BY "total", as does pc::alias<"total">.

#include <string_view>

#include <boost/mp11/list.hpp>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

// ORDER BY "total" [DESC]: the select list computes the value; the term only names it.
template <fixed_string Name, bool Descending>
struct alias_order {
  static constexpr std::string_view name = Name.view();
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  static constexpr void render(sql_writer& w) {
    w.identifier(name);
    if (Descending) w.put(" DESC");
  }
  void bind(value_view*&) const {}
  constexpr alias_order<Name, true> desc() const noexcept { return {}; }
  constexpr alias_order<Name, false> asc() const noexcept { return {}; }
};

template <class E, fixed_string Name>
struct aliased : expression_base {
  using value_type = typename E::value_type;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters;
  static constexpr bool compound = detail::is_compound<E>();
  static constexpr std::string_view name = Name.view();
  E expr;
  static constexpr void render(sql_writer& w) { E::render(w); }
  void bind(value_view*& out) const { expr.bind(out); }
  constexpr alias_order<Name, true> desc() const noexcept { return {}; }
  constexpr alias_order<Name, false> asc() const noexcept { return {}; }
};

// pc::as<"total">(expr): expr.as<"total">() for any expression. Inside a template GCC 12
// takes `c<&Band::name>.as<"x">()` for a comparison and wants `.template as<"x">()`;
// this spelling needs neither.
template <fixed_string Name, class E>
constexpr auto as(const E& e) {
  static_assert(expression<E>, "piccolo: as<>(): names a column or expression, e.g. pc::as<\"total\">(pc::count())");
  if constexpr (expression<E>) return aliased<E, Name>{{}, e};
  else return invalid_expression{};
}

// order_by(pc::alias<"total">.desc()): a select-list item by its name.
template <fixed_string Name>
inline constexpr alias_order<Name, false> alias{};

namespace detail {
template <class T>
inline constexpr bool is_aliased = false;
template <class E, fixed_string Name>
inline constexpr bool is_aliased<aliased<E, Name>> = true;

template <class T>
inline constexpr bool is_alias_order = false;
template <fixed_string Name, bool D>
inline constexpr bool is_alias_order<alias_order<Name, D>> = true;
}  // namespace detail

}  // namespace piccolo
