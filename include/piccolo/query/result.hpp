#pragma once
// The contract between a query and an engine. A query type Q provides
//   static constexpr void render(sql_writer&)     its text (rendered once, at compile time)
//   static constexpr result_kind kind             how the engine collects its result
//   using result_type                             what run() returns
//   using row_type; static row_type read_row(R&)  for kinds rows / first_row
//   static constexpr bool batched                 several runs that must apply atomically
//   template <class F> void for_each_binding(F&&) calls f(const value_view*) per run
//   static constexpr bool runnable                false for UPDATE/DELETE without where/force
// Engines never build text and queries never touch a connection.

#include <cstdint>
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

}  // namespace piccolo
