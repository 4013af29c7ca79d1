#pragma once
// The contract between a query and an engine. A query type Q provides
//   static constexpr void render(sql_writer&)     its text (rendered once, at compile time)
//   static constexpr result_kind kind             how the engine collects its result
//   using result_type                             what run() returns
//   using row_type; static row_type read_row(R&)  for kinds rows / first_row
//   static constexpr bool batched                 several runs that must apply atomically
//   template <class F> void for_each_binding(F&&) calls f(const value_view*) per run
//   static constexpr bool runnable                false for UPDATE/DELETE without where/force
//   static constexpr int parameters               values each run binds (= the text's count)
// Engines never build text and queries never touch a connection.

#include <cstdint>
#include <string_view>
#include <utility>

#include <piccolo/core/sql_writer.hpp>
#include <optional>
#include <vector>

namespace piccolo {

enum class result_kind {
  rows,        // std::vector<row_type>
  first_row,   // std::optional<row_type>
  count,       // std::int64_t from one row with one integer column
  exists,      // bool: whether any row came back
  affected,    // std::int64_t: rows changed, summed over runs
  statements,  // DDL: one or more statements without parameters; returns void
};

template <class Q>
concept query = requires {
  { Q::kind } -> std::convertible_to<result_kind>;
  typename Q::result_type;
};

namespace detail {
template <class Q, dialect_id D>
constexpr bool parameters_agree() {
  if constexpr (requires { Q::parameters + 0; }) return sql_text<Q, D>::parameters == Q::parameters;
  else return false;
}
}  // namespace detail

// Whether the text of Q in each dialect D has as many parameters as Q binds values: a
// value with no place in the text would shift every value after it. Every engine
// asserts it before running a query.
template <class Q, class... D>
inline constexpr bool binds_rendered_parameters = (detail::parameters_agree<Q, D::id>() && ...);

// Whether Q's text is valid in dialect D. A query with a clause that only one dialect has
// (distinct_on() is PostgreSQL's) says so with `template <dialect_id> runs_on_dialect`;
// an engine asserts it for its own dialect before running the query.
template <class Q, class D>
inline constexpr bool runs_on = [] {
  if constexpr (requires { Q::template runs_on_dialect<D::id>; }) return Q::template runs_on_dialect<D::id>;
  else return true;
}();

// Where a pool should run a read: pc::replica picks one of its read replicas.
struct replica_t {};
inline constexpr replica_t replica{};

template <class Q>
struct on_replica : Q {
  static constexpr bool prefers_replica = true;
  explicit on_replica(Q q) : Q(std::move(q)) {}
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<on_replica, D>;
  }
};

}  // namespace piccolo
