#pragma once
// delete_from<T>().where(...) -> rows affected. Without where() or force() it does not
// compile when run.

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <vector>

#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/query/detail/filter.hpp>
#include <piccolo/query/detail/returning.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo {

template <class T, class Where = detail::no_condition, bool Force = false,
          class Returning = detail::no_returning>
class delete_query {
 public:
  static constexpr result_kind kind = Returning::present ? result_kind::rows : result_kind::affected;
  using row_type = typename Returning::row_type;
  using result_type = std::conditional_t<Returning::present, std::vector<row_type>, std::int64_t>;
  static constexpr bool batched = false;
  static constexpr bool runnable = Force || !std::is_same_v<Where, detail::no_condition>;
  static constexpr int parameters = Where::parameters;

  delete_query() = default;
  explicit delete_query(Where where) : where_(std::move(where)) {}

  template <class Cond>
  auto where(const Cond& cond) const {
    if constexpr (detail::check_where<T, Cond>()) {
      auto combined = detail::and_conditions(where_, cond);
      return delete_query<T, decltype(combined), Force, Returning>{std::move(combined)};
    } else {
      return *this;
    }
  }

  // Every row, on purpose.
  auto force() const { return delete_query<T, Where, true, Returning>{where_}; }

  template <class... Columns>
  auto returning(const Columns&...) const {
    if constexpr (detail::check_returning<T, Columns...>())
      return delete_query<T, Where, Force, detail::returning_columns<Columns...>>{where_};
    else
      return *this;
  }

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<delete_query, D>;
  }

  static constexpr void render(sql_writer& w) {
    w.put("DELETE FROM ").identifier(table_info<T>::name);
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
    where_.bind(out);
    f(static_cast<const value_view*>(values.data()));
  }

 private:
  Where where_{};
};

template <class T>
constexpr auto delete_from() {
  return delete_query<T>{};
}

}  // namespace piccolo
