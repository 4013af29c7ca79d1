#pragma once
// db.on_query(hook): what a database tells a hook of each statement it runs (Piccolo's
// log_queries) and of each PostgreSQL notice. Plain types, no Asio: every engine and the
// pool use them. Without a hook the engines test one null pointer per run and do nothing else.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include <piccolo/core/error.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo {

enum class query_event_kind : unsigned char {
  statement,    // a query run by run() / async_run() / a transaction's run()
  transaction,  // BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO of a transaction scope
  notice,       // a PostgreSQL notice or warning (RAISE NOTICE, "... does not exist, skipping")
};

struct query_event {
  query_event_kind kind = query_event_kind::statement;
  // The statement's text as sent (with $1/? placeholders, never the values); empty for a notice.
  std::string_view sql;
  // From the call (synchronous) or the send (asynchronous, pipelined) to the answer.
  std::chrono::nanoseconds duration{0};
  // Rows returned, or changed by a statement that returns none (INSERT, UPDATE, DELETE).
  std::int64_t rows = 0;
  // Empty when the statement succeeded; else the piccolo::errc it failed with.
  std::error_code error;
  // The engine's message of the failure; the text of a notice.
  std::string_view message;
  // A notice's severity as PostgreSQL names it (NOTICE, WARNING, INFO, ...).
  std::string_view severity;
};

// Called on the thread that ran the statement: a pool's or an asynchronous SQLite
// database's statements can report from several threads at once.
using query_hook = std::function<void(const query_event&)>;

}  // namespace piccolo

namespace piccolo::engine_detail {

// A hook shared by a database and what runs its statements (SQLite readers, the
// PostgreSQL pipeline, the pool's connections). A hook that throws does not disturb the
// statement or the connection: the exception is dropped and counted (failures()).
class query_observer {
 public:
  explicit query_observer(query_hook hook) : hook_(std::move(hook)) {}

  void notify(const query_event& event) const noexcept {
    try {
      hook_(event);
    } catch (...) {
      failures_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  std::size_t failures() const noexcept { return failures_.load(std::memory_order_relaxed); }

 private:
  query_hook hook_;
  mutable std::atomic<std::size_t> failures_{0};
};

using observer_ptr = std::shared_ptr<const query_observer>;

// The check of every on_query(hook).
template <class Hook>
inline constexpr bool query_hook_callable = std::is_invocable_v<std::decay_t<Hook>&, const query_event&>;
#define PICCOLO_QUERY_HOOK_MESSAGE                                                                       \
  "piccolo: on_query(): the hook is not callable as hook(const pc::query_event&); take the event by " \
  "const reference (pass {} to remove the hook)"


inline observer_ptr make_observer(query_hook hook) {
  return hook ? std::make_shared<const query_observer>(std::move(hook)) : nullptr;
}

using query_clock = std::chrono::steady_clock;

inline std::chrono::nanoseconds since(query_clock::time_point start) noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(query_clock::now() - start);
}

// The rows a query's result holds, by its kind (what query_event::rows says).
template <class Q, class Result>
std::int64_t rows_of(const Result& result) noexcept {
  // rows gathered into one value (output_json()'s text) are not counted
  if constexpr (Q::kind == result_kind::rows && requires { result.size(); })
    return static_cast<std::int64_t>(result.size());
  else if constexpr (Q::kind == result_kind::rows) return 0;
  else if constexpr (Q::kind == result_kind::first_row) return result.has_value() ? 1 : 0;
  else if constexpr (Q::kind == result_kind::count || Q::kind == result_kind::exists) return 1;
  else if constexpr (Q::kind == result_kind::affected) return static_cast<std::int64_t>(result);
  else return 0;
}

// run() tells the observer of each statement through these plain functions, called where
// the result is (no wrapper around the query's run path, which would compile it twice per
// query type: with and without a hook). The clock is read only when a hook is set.
inline query_clock::time_point statement_start(const observer_ptr& observer) noexcept {
  return observer ? query_clock::now() : query_clock::time_point{};
}
inline void report_statement(const query_observer& observer, std::string_view sql, query_clock::time_point start,
                             std::int64_t rows) noexcept {
  query_event event;
  event.sql = sql;
  event.duration = since(start);
  event.rows = rows;
  observer.notify(event);
}
inline void report_failed_statement(const query_observer& observer, std::string_view sql,
                                    query_clock::time_point start, const error& e) noexcept {
  query_event event;
  event.sql = sql;
  event.duration = since(start);
  event.error = e.code();
  event.message = e.engine_message();
  observer.notify(event);
}

// One statement of a transaction scope (BEGIN, COMMIT, ...), answered.
inline void report_transaction_statement(const query_observer& observer, const char* sql,
                                         query_clock::time_point start, errc code,
                                         std::string_view message) noexcept {
  query_event event;
  event.kind = query_event_kind::transaction;
  event.sql = sql;
  event.duration = since(start);
  if (code != errc::ok) event.error = make_error_code(code);
  event.message = message;
  observer.notify(event);
}

}  // namespace piccolo::engine_detail
