#pragma once
// raw<"SELECT name FROM band WHERE popularity > {}", std::string>(100): SQL written by
// hand, with {} placeholders for bound values ({{ and }} for literal braces). The text
// is a template argument, so it is as constant as a built query's and the placeholder
// count is checked against the arguments at compile time. Row: a value, a std::tuple
// or a struct read column by column; without Row, run() returns rows affected.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <piccolo/core/fixed_string.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/sql/detail/raw_text.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

template <fixed_string Text, class Row, class... Args>
class raw_query {
 public:
  static constexpr bool has_rows = !std::is_void_v<Row>;
  static constexpr result_kind kind = has_rows ? result_kind::rows : result_kind::affected;
  using row_type = std::conditional_t<has_rows, Row, std::int64_t>;
  using result_type = std::conditional_t<has_rows, std::vector<row_type>, std::int64_t>;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr int parameters = static_cast<int>(sizeof...(Args));
  // A raw statement states its width: the engine checks the prepared statement's.
  // (-1 for a statement: its result, if any, is not read.)
  static constexpr int columns = [] {
    if constexpr (has_rows) return static_cast<int>(detail::row_width<Row>());
    else return -1;
  }();

  explicit raw_query(std::tuple<Args...> args) : args_(std::move(args)) {}

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<raw_query, D>;
  }

  // .on(pc::replica): a pool with read replicas runs this read on one of them.
  on_replica<raw_query> on(replica_t) const {
    static_assert(has_rows, "piccolo: on(): only a query that returns rows can run on a replica");
    return on_replica<raw_query>{*this};
  }

  static constexpr void render(sql_writer& w) { detail::render_raw_text(w, Text); }

  template <class Reader>
  static row_type read_row(Reader& r) {
    return detail::read_row_as<Row>(r);
  }

  template <class F>
  void for_each_binding(F&& f) const {
    std::array<value_view, parameters + 1> values{};
    std::apply(
        [&](const auto&... a) {
          std::size_t i = 0;
          ((values[i++] = value_traits<std::remove_cvref_t<decltype(a)>>::to_value(a)), ...);
        },
        args_);
    f(static_cast<const value_view*>(values.data()));
  }

 private:
  std::tuple<Args...> args_;
};

template <fixed_string Text, class Row = void, class... Args>
auto raw(Args&&... args) {
  constexpr int placeholders = detail::count_placeholders(Text);
  static_assert(placeholders >= 0,
                "piccolo: raw(): unbalanced brace in the text; write {} for a value, {{ and }} for braces");
  static_assert(placeholders < 0 || placeholders == static_cast<int>(sizeof...(Args)),
                "piccolo: raw(): the number of {} placeholders differs from the number of arguments");
  static_assert((column_value<detail::stored_value_t<Args>> && ...),
                "piccolo: raw(): an argument has a type piccolo cannot bind");
  return raw_query<Text, Row, detail::stored_value_t<Args>...>{
      std::tuple<detail::stored_value_t<Args>...>{std::forward<Args>(args)...}};
}

}  // namespace piccolo
