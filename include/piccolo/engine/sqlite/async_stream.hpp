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
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/sqlite/async.hpp>
#include <piccolo/engine/sqlite/stream.hpp>

namespace piccolo::sqlite::detail {

template <class T>
struct stream_async {
  template <class State, class Token>
  static auto next(const std::shared_ptr<State>& state, Token&& token) {
    using batch = std::vector<typename State::row_type>;
    return boost::asio::async_initiate<Token, void(error_code, batch)>(
        [state](auto handler) {
          if (!state) throw error(errc::misuse, "stream: empty (moved from or default-constructed)");
          async_state& s = async_api<T>::state(state->owner());
          using completion_t = engine_detail::completion<decltype(handler), boost::asio::any_io_executor>;
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
          boost::asio::post(strand, [state, done, &s, reader] {
            error_code ec;
            batch rows;
            diagnostics ignored;
            try {
              if (reader < 0) {
                // the writer is shared with run() on other threads
                std::lock_guard lock{s.writer_mutex};
                state->next_batch(state->owner(), rows);
              } else {
                state->next_batch(*s.readers[static_cast<std::size_t>(reader)], rows);
              }
            } catch (...) {
              ec = engine_detail::capture_current_exception(&ignored);
              rows.clear();
            }
            done->complete(ec, std::move(rows));
          });
        },
        token);
  }
};

}  // namespace piccolo::sqlite::detail
