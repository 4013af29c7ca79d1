#pragma once
// Each query type gets a small integer, its slot in a connection's statement cache:
// the second run of a query shape is an array lookup, then bind and step.

#include <atomic>
#include <cstddef>

namespace piccolo::engine_detail {

inline std::size_t next_query_slot() noexcept {
  static std::atomic<std::size_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

template <class Query>
inline const std::size_t query_slot = next_query_slot();

}  // namespace piccolo::engine_detail
