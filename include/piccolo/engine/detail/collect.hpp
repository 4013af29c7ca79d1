#pragma once
// How a result is gathered from a cursor, by result_kind; shared by every engine.
// A cursor has: bool next() (a row is ready), reader() (the row reader), and
// std::int64_t affected() (rows changed by the statement just run).

#include <piccolo/query/result.hpp>

namespace piccolo::engine_detail {

// Converts to what f() returns: emplace(built_by{f}) constructs the row in place from f's
// prvalue, where emplace(f()) would move it (a heap string's move per text column).
template <class F>
struct built_by {
  F f;
  operator decltype(f())() const { return f(); }
};
template <class F>
built_by(F) -> built_by<F>;

template <class Q, class Cursor>
void collect(Cursor& cursor, typename Q::result_type& result) {
  if constexpr (Q::kind == result_kind::rows) {
    while (cursor.next()) result.emplace_back(built_by{[&] { return Q::read_row(cursor.reader()); }});
  } else if constexpr (Q::kind == result_kind::first_row) {
    if (cursor.next()) result.emplace(built_by{[&] { return Q::read_row(cursor.reader()); }});
  } else if constexpr (Q::kind == result_kind::count) {
    if (cursor.next()) result = cursor.reader().read_int64(0);
  } else if constexpr (Q::kind == result_kind::exists) {
    if (cursor.next()) result = cursor.reader().read_bool(0);
  } else if constexpr (Q::kind == result_kind::affected) {
    while (cursor.next()) {
    }
    result += cursor.affected();
  }
}

// The static check every engine's run() makes first.
template <class Q>
inline constexpr bool runnable_query = Q::runnable;

}  // namespace piccolo::engine_detail
