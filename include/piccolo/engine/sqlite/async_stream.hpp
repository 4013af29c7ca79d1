#pragma once
// stream.async_next(token) for pc::sqlite::row_stream: each call steps batch_size rows
// on the connection the stream is pinned to (a reader of a file database, chosen on the
// first call, or the writer of an in-memory one), on that connection's strand, and
// completes with (error_code, std::vector<row>) on the handler's executor. The statement
// is finalized on that strand too.

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/stream_async.hpp>
#include <piccolo/engine/sqlite/async.hpp>
#include <piccolo/engine/sqlite/stream.hpp>

namespace piccolo::sqlite::detail {

template <class T>
struct stream_async : engine_detail::stream_next<stream_async<T>> {
  template <class State>
  static boost::asio::any_io_executor timer_executor(State& st) {
    return async_api<T>::state(st.owner()).io;
  }

  template <class State, class Handler>
  static void start(const std::shared_ptr<State>& state, Handler handler) {
    using batch = std::vector<typename State::row_type>;
    if (!state) throw error(errc::misuse, "stream: empty (moved from or default-constructed)");
    async_state& s = async_api<T>::state(state->owner());
    // a cancellation stops the batch between rows, or interrupts the step running then
    auto cancel = std::make_shared<cancel_state>();
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    if (slot.is_connected()) slot.assign([cancel](boost::asio::cancellation_type) { cancel->cancel(); });
    using completion_t = engine_detail::completion<Handler, boost::asio::any_io_executor>;
    auto done = std::make_shared<completion_t>(std::move(handler), s.io);
    if (state->async_reader == -2) {
      // pinned for its whole life: the statement belongs to one connection
      state->async_reader = s.readers.empty() ? -1 : static_cast<int>(s.next_reader++ % s.readers.size());
      auto strand = state->async_reader < 0 ? s.writer : s.reader_strands[static_cast<std::size_t>(state->async_reader)];
      state->finalize_elsewhere = [strand](sqlite3_stmt* statement) {
        boost::asio::post(strand, [statement] { sqlite3_finalize(statement); });
      };
    }
    const int reader = state->async_reader;
    auto strand = reader < 0 ? s.writer : s.reader_strands[static_cast<std::size_t>(reader)];
    boost::asio::post(strand, [state, done, cancel, &s, reader] {
      error_code ec;
      batch rows;
      diagnostics ignored;
      if (state->aborted) return done->complete(error_code{boost::asio::error::operation_aborted}, std::move(rows));
      auto read = [&](database& conn) {
        cancel->running = conn.native_handle();
        state->next_batch(conn, rows, &cancel->cancelled);
        cancel->running = nullptr;
      };
      try {
        if (reader < 0) {
          // the writer is shared with run() on other threads
          std::lock_guard lock{s.writer_mutex};
          read(state->owner());
        } else {
          read(*s.readers[static_cast<std::size_t>(reader)]);
        }
      } catch (...) {
        cancel->running = nullptr;
        ec = engine_detail::capture_current_exception(&ignored);
        rows.clear();
        if (cancel->cancelled && ec == engine_detail::to_error_code(errc::cancelled)) {
          ec = boost::asio::error::operation_aborted;
          state->aborted = true;
        }
      }
      done->complete(ec, std::move(rows));
    });
  }
};

}  // namespace piccolo::sqlite::detail
