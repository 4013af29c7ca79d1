#pragma once
// update<T>().set(c<&T::m> = value_or_expression, ...).where(...) -> rows affected.
// Without where() or force() it does not compile when run (Piccolo raises at run time).

#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/query/detail/filter.hpp>
#include <piccolo/query/detail/returning.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo {

namespace detail {
template <class T>
inline constexpr bool is_assignment = false;
template <class C, class V>
inline constexpr bool is_assignment<assignment<C, V>> = true;

template <class T, class A>
inline constexpr bool assigns_own_column = [] {
  if constexpr (is_assignment<A>)
    return A::column::is_plain && std::is_same_v<typename A::column::table, T>;
  else
    return false;
}();
}  // namespace detail

template <class T, class Assignments = std::tuple<>, class Where = detail::no_condition,
          bool Force = false, class Returning = detail::no_returning>
class update_query {
 public:
  static constexpr result_kind kind = Returning::present ? result_kind::rows : result_kind::affected;
  using row_type = typename Returning::row_type;
  using result_type = std::conditional_t<Returning::present, std::vector<row_type>, std::int64_t>;
  static constexpr bool batched = false;
  static constexpr bool has_filter = Force || !std::is_same_v<Where, detail::no_condition>;
  static constexpr bool runnable = has_filter && std::tuple_size_v<Assignments> > 0;
  static constexpr int parameters = []<std::size_t... I>(std::index_sequence<I...>) {
    return (0 + ... + std::tuple_element_t<I, Assignments>::parameters);
  }(std::make_index_sequence<std::tuple_size_v<Assignments>>{}) + Where::parameters;

  update_query() = default;
  update_query(Assignments assignments, Where where)
      : assignments_(std::move(assignments)), where_(std::move(where)) {}

  // .set(c<&Band::popularity> = c<&Band::popularity> + 1, c<&Band::name> = "x")
  template <class... As>
  auto set(As... as) const {
    static_assert(sizeof...(As) > 0, "piccolo: set(): give at least one assignment");
    static_assert((detail::assigns_own_column<T, As> && ...),
                  "piccolo: set(): assign columns of the updated table, written c<&T::member> = value");
    // SET cannot join: a value through a foreign key would name an alias that is not there.
    static_assert(((detail::reachable_from<T, As> && detail::all_plain<typename As::columns>) && ...),
                  "piccolo: set(): a value refers to a column of another table (values in SET cannot "
                  "follow foreign keys)");
    auto more = std::tuple_cat(assignments_, std::tuple<As...>{std::move(as)...});
    return update_query<T, decltype(more), Where, Force, Returning>{std::move(more), where_};
  }

  template <class Cond>
  auto where(const Cond& cond) const {
    if constexpr (detail::check_where<T, Cond>()) {
      auto combined = detail::and_conditions(where_, cond);
      return update_query<T, Assignments, decltype(combined), Force, Returning>{assignments_, std::move(combined)};
    } else {
      return *this;
    }
  }

  // Every row, on purpose.
  auto force() const { return update_query<T, Assignments, Where, true, Returning>{assignments_, where_}; }

  template <class... Columns>
  auto returning(const Columns&...) const {
    if constexpr (detail::check_returning<T, Columns...>())
      return update_query<T, Assignments, Where, Force, detail::returning_columns<Columns...>>{assignments_, where_};
    else
      return *this;
  }

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<update_query, D>;
  }

  static constexpr void render(sql_writer& w) {
    w.put("UPDATE ").identifier(table_info<T>::name).put(" SET ");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.put(I == 0 ? "" : ", "), std::tuple_element_t<I, Assignments>::render(w)), ...);
    }(std::make_index_sequence<std::tuple_size_v<Assignments>>{});
    detail::render_write_filter<T, Where>(w);
    Returning::render(w);
  }

  template <class Reader>
  static auto read_row(Reader& r) {
    return Returning::read(r);
  }

  template <class F>
  void for_each_binding(F&& f) const {
    std::array<value_view, parameters + 1> values{};
    value_view* out = values.data();
    std::apply([&](const auto&... a) { (a.bind(out), ...); }, assignments_);
    where_.bind(out);
    f(static_cast<const value_view*>(values.data()));
  }

 private:
  Assignments assignments_{};
  Where where_{};
};

template <class T>
constexpr auto update() {
  return update_query<T>{};
}

}  // namespace piccolo
