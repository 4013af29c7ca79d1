#pragma once
// What both engines' streams share: which queries can be streamed (the check stream()
// makes first), the state every stream keeps (stream_state_base: how it is read, its
// current row, whether it ended), and the stream itself, an input range over its rows
// with async_next() beside. An engine's stream state derives from stream_state_base and
// adds  bool advance() (the next row is ready: true; the end: false; throws) and
// void start_sync() (first sync use); AsyncApi<Token>::next(state, token) (the engine's
// async header) reads a batch.

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include <piccolo/core/error.hpp>
#include <piccolo/core/fixed_string.hpp>
#include <piccolo/engine/diagnostics.hpp>
#include <piccolo/query/raw.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo::engine_detail {

template <class Q>
inline constexpr bool is_raw_query_with_rows = false;
template <fixed_string Text, class Row, class... Args>
inline constexpr bool is_raw_query_with_rows<raw_query<Text, Row, Args...>> = !std::is_void_v<Row>;

// select() and objects() (reads, kind rows) and raw() with a row type. Not first(),
// count(), exists() (one value), nor INSERT/UPDATE/DELETE ... RETURNING: PostgreSQL has
// no cursor over them, and a write half read would be a write half reported.
template <class Q>
inline constexpr bool streamable = [] {
  if constexpr (requires { Q::kind; }) {
    if constexpr (Q::kind != result_kind::rows) return false;
    else if constexpr (requires { Q::read_only; }) return Q::read_only;
    else return is_raw_query_with_rows<Q>;
  } else {
    return false;
  }
}();

// The message every stream() entry point asserts with.
#define PICCOLO_STREAMABLE_MESSAGE                                                            \
  "piccolo: stream(): only select(), objects() and raw() with a row type return rows to "  \
  "stream; run() this query instead"

// How a stream is read (a range or in batches, never both), its current row, its end.
template <class Row>
class stream_state_base {
 public:
  using row_type = Row;
  enum class mode : unsigned char { none, sync, async };

  bool started_sync() const noexcept { return mode_ == mode::sync; }
  bool finished() const noexcept { return finished_; }
  row_type& row() noexcept { return *row_; }
  mode reading_mode() const noexcept { return mode_; }
  void set_sync() {
    if (mode_ == mode::async) throw error(errc::misuse, "stream: read asynchronously already; keep to async_next()");
    mode_ = mode::sync;
  }
  void set_async() {
    if (mode_ == mode::sync) throw error(errc::misuse, "stream: read as a range already; keep to begin()/end()");
    mode_ = mode::async;
  }

  bool finished_ = false;  // the engine's code (sync and async) ends the stream

 protected:
  mode mode_ = mode::none;
  std::optional<row_type> row_;
};

// An input iterator over the rows of a stream; equal to std::default_sentinel at the end.
// The row it points at is the stream's own: the next ++ replaces it.
template <class State>
class row_iterator {
 public:
  using value_type = typename State::row_type;
  using reference = value_type&;
  using difference_type = std::ptrdiff_t;
  using iterator_concept = std::input_iterator_tag;
  using iterator_category = std::input_iterator_tag;

  row_iterator() = default;
  explicit row_iterator(State* state) noexcept : state_(state) {}

  value_type& operator*() const { return state_->row(); }
  value_type* operator->() const { return &state_->row(); }
  row_iterator& operator++() {
    if (!state_->advance()) state_ = nullptr;
    return *this;
  }
  void operator++(int) { ++*this; }

  friend bool operator==(const row_iterator& it, std::default_sentinel_t) noexcept { return it.state_ == nullptr; }

 private:
  State* state_ = nullptr;
};

// begin() of a stream: starts it (on the first call) and reads the first row; later
// calls return an iterator at the current row (an input range is read once).
template <class State>
row_iterator<State> begin_rows(State* state) {
  if (!state) return {};
  if (!state->started_sync()) {
    state->start_sync();
    if (!state->advance()) return {};
  } else if (state->finished()) {
    return {};
  }
  return row_iterator<State>{state};
}

}  // namespace piccolo::engine_detail

// Declared only: the default completion token, named without including Asio.
namespace boost::asio {
class deferred_t;
}

namespace piccolo::engine_detail {

// The stream an engine's stream() returns: move-only, read once, either as a range
// (begin()/end()) or in batches (async_next()). Its state is shared with the
// asynchronous operations in flight, which may outlive it.
template <class State, template <class> class AsyncApi>
class basic_row_stream {
 public:
  using row_type = typename State::row_type;

  basic_row_stream() = default;
  // (db, query, batch_size[, a pool's lease]): the engine's stream state made from them
  template <class Database, class... Args>
    requires std::is_constructible_v<State, Database&, Args...>
  basic_row_stream(Database& db, Args&&... args)
      : state_(std::make_shared<State>(db, std::forward<Args>(args)...)) {}
  basic_row_stream(basic_row_stream&&) noexcept = default;
  basic_row_stream& operator=(basic_row_stream&&) noexcept = default;
  basic_row_stream(const basic_row_stream&) = delete;
  basic_row_stream& operator=(const basic_row_stream&) = delete;

  row_iterator<State> begin() { return begin_rows(state_.get()); }
  std::default_sentinel_t end() const noexcept { return {}; }

  // co_await stream.async_next(asio::use_awaitable): the next batch of rows (batch_size of
  // them, fewer at the end; empty once the stream is done). Completes with
  // (error_code, std::vector<row>). One call at a time.
  // A cancellation slot on the token cancels the batch (as async_run's query): it
  // completes with asio::error::operation_aborted and the stream ends (see
  // docs/queries/stream.md); later calls complete with operation_aborted too.
  template <class Token = boost::asio::deferred_t>
  auto async_next(Token&& token = {}) {
    return AsyncApi<Token>::next(state_, std::forward<Token>(token));
  }
  // With a timeout: a batch still running after options.timeout is cancelled and
  // completes with errc::timed_out.
  template <class Token = boost::asio::deferred_t>
  auto async_next(run_options options, Token&& token = {}) {
    return AsyncApi<Token>::next(state_, options, std::forward<Token>(token));
  }

 private:
  std::shared_ptr<State> state_;
};

}  // namespace piccolo::engine_detail
