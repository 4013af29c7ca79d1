#pragma once
// stream.async_next(token) for pc::postgres::row_stream: the cursor's statements
// (stream.hpp) sent in the connection's pipeline like any query, one batch per call:
// BEGIN and DECLARE on the first call, a FETCH per call, COMMIT or CLOSE after the last
// batch. Each FETCH is sent only when the consumer asks for the next batch: the server
// never runs ahead of it. Completes with (error_code, std::vector<row>) on the handler's
// executor; an empty batch is the end.

#include <exception>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <libpq-fe.h>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/postgres/async.hpp>
#include <piccolo/engine/postgres/stream.hpp>

namespace piccolo::postgres::detail {

// One statement of a stream's cursor in the pipeline; its rows go to on_rows (which may
// throw a decoding error: the pipeline reports it as the statement's failure).
template <class OnRows, class Handler>
class cursor_operation final : public pipeline_operation {
 public:
  cursor_operation(Handler handler, const boost::asio::any_io_executor& io, OnRows on_rows)
      : completion_(std::move(handler), io), on_rows_(std::move(on_rows)) {}
  void on_rows(PGresult* result) override { on_rows_(result); }
  void finish(error_code ec, std::string message) override {
    auto self = std::move(delete_self);  // an operation that never reached the queue
    completion_.complete(ec, std::move(message));
  }
  std::unique_ptr<cursor_operation> delete_self;

 private:
  engine_detail::completion<Handler, boost::asio::any_io_executor> completion_;
  OnRows on_rows_;
};

template <class T>
struct stream_async {
  // Sends text (with the stream's query parameters: the DECLARE); completes with
  // (error_code, message).
  template <class State, class OnRows, class Token>
  static auto statement(State& st, const std::string& text, bool with_parameters, OnRows on_rows, Token&& token) {
    return boost::asio::async_initiate<Token, void(error_code, std::string)>(
        [&st, &text, with_parameters, on_rows = std::move(on_rows)](auto handler) mutable {
          database& db = st.connection();
          pipeline& line = transaction_runner::pipeline_of(db);
          using op_type = cursor_operation<OnRows, decltype(handler)>;
          auto op = std::make_unique<op_type>(std::move(handler), line.get_executor(), std::move(on_rows));
          try {
            db.state().check_usable();
            if (!db.conn_ || PQstatus(db.conn_) != CONNECTION_OK) db.ensure_connected();  // in a scope: throws
            if (with_parameters) st.encode_parameters();
          } catch (...) {
            diagnostics d;
            error_code ec = engine_detail::capture_current_exception(&d);
            op_type* raw = op.get();
            raw->delete_self = std::move(op);
            return raw->finish(ec, d.server_message());
          }
          const char* sql = text.c_str();
          line.submit(std::unique_ptr<pipeline_operation>(op.release()), [&](PGconn* c) {
            if (!with_parameters) return PQsendQueryParams(c, sql, 0, nullptr, nullptr, nullptr, nullptr, 1) == 1;
            return PQsendQueryParams(c, sql, State::parameters, db.types_.data(), db.pointers_.data(),
                                     db.lengths_.data(), db.formats_.data(), 1) == 1;
          });
        },
        token);
  }

  static error as_error(error_code ec, const std::string& message) {
    std::error_code code = ec;
    errc e = code.category() == piccolo::error_category() ? static_cast<errc>(code.value()) : errc::engine_error;
    return error(e, message.empty() ? ec.message() : message);
  }

  template <class State>
  static boost::asio::awaitable<void> checked(State& st, const std::string& text, bool with_parameters) {
    auto [ec, message] = co_await statement(st, text, with_parameters, [](PGresult*) {},
                                            boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) throw as_error(ec, message);
  }

  // COMMIT the stream's transaction, or CLOSE its cursor inside the caller's.
  template <class State>
  static boost::asio::awaitable<void> close(State& st) {
    database& db = st.connection();
    st.finished_ = true;
    if (st.owns_transaction_) {
      st.owns_transaction_ = false;
      if (db.transaction_depth() == st.level_)
        co_await transaction_runner::run_scope(db, engine_detail::close_scope{db.state(), engine_detail::scope_end::commit});
      co_return;
    }
    co_await checked(st, st.statements().close, false);
  }

  template <class State>
  static boost::asio::awaitable<std::vector<typename State::row_type>> next_batch(std::shared_ptr<State> st) {
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    using rows_type = std::vector<typename State::row_type>;
    database& db = st->connection();
    if (st->finished_) co_return rows_type{};
    std::exception_ptr failure;
    rows_type rows;
    try {
      if (!st->opened) {
        if (db.transaction_depth() == 0) {
          co_await transaction_runner::run_scope(db, engine_detail::open_scope{db.state(), "BEGIN"});
          st->owns_transaction_ = true;
          st->level_ = db.transaction_depth();
        }
        co_await checked(*st, st->statements().declare, true);
        st->opened = true;
      }
      auto [ec, message] = co_await statement(*st, st->statements().fetch, false,
                                              [&](PGresult* result) { st->decode(result, rows); },
                                              boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) throw as_error(ec, message);
      if (rows.size() < st->batch_size()) co_await close(*st);
      co_return rows;
    } catch (const error& e) {
      failure = std::current_exception();
      st->finished_ = true;
      db.statement_failed(e);
    }
    // after an error: roll back the transaction we opened; inside the caller's, close
    // the cursor while the transaction still can (a decoding error)
    if (st->owns_transaction_) {
      st->owns_transaction_ = false;
      if (db.transaction_depth() == st->level_) {
        try {
          co_await transaction_runner::run_scope(
              db, engine_detail::close_scope{db.state(), engine_detail::scope_end::rollback});
        } catch (...) {
        }
      }
    } else if (st->opened && db.conn_ && PQtransactionStatus(db.conn_) == PQTRANS_INTRANS) {
      co_await statement(*st, st->statements().close, false, [](PGresult*) {},
                         boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    std::rethrow_exception(failure);
  }

  // A stream destroyed half-way: its COMMIT (or CLOSE) is queued on the pipeline at once,
  // ahead of anything sent later; `hold` (a pool's lease) lives until it is answered.
  template <class State>
  static void queue_close(State& st, std::shared_ptr<void> hold) {
    database& db = st.connection();
    if (!st.opened && !st.owns_transaction_) return;
    if (st.owns_transaction_) {
      if (db.transaction_depth() != st.level_) return;
      engine_detail::close_scope algorithm{db.state(), engine_detail::scope_end::commit};
      engine_detail::transaction_step step = algorithm.resume(nullptr);
      while (!step.finished()) {
        transaction_runner::send(db, step.sql, [hold](engine_detail::statement_answer) {});
        engine_detail::statement_answer assumed;
        step = algorithm.resume(&assumed);
      }
      return;
    }
    transaction_runner::send(db, st.statements().close.c_str(), [hold](engine_detail::statement_answer) {});
  }

  template <class State, class Token>
  static auto next(const std::shared_ptr<State>& state, Token&& token) {
    using rows_type = std::vector<typename State::row_type>;
    return boost::asio::async_initiate<Token, void(error_code, rows_type)>(
        [state](auto handler) {
          if (!state) throw error(errc::misuse, "stream: empty (moved from or default-constructed)");
          pipeline& line = transaction_runner::pipeline_of(state->connection());
          if (state->reading_mode() == State::mode::none) {
            state->set_async();
            State* raw = state.get();
            raw->close_elsewhere = [raw](std::shared_ptr<void> hold) {
              try {
                queue_close(*raw, std::move(hold));
              } catch (...) {  // the connection is gone: the server dropped the cursor
              }
            };
          } else {
            state->set_async();  // misuse after a synchronous read
          }
          using completion_t = engine_detail::completion<decltype(handler), boost::asio::any_io_executor>;
          auto done = std::make_shared<completion_t>(std::move(handler), line.get_executor());
          boost::asio::co_spawn(line.strand(), next_batch(state), [done](std::exception_ptr e, rows_type rows) {
            error_code ec;
            if (e) {
              try {
                std::rethrow_exception(e);
              } catch (...) {
                ec = engine_detail::capture_current_exception(nullptr);
              }
              rows.clear();
            }
            done->complete(ec, std::move(rows));
          });
        },
        token);
  }
};

}  // namespace piccolo::postgres::detail
