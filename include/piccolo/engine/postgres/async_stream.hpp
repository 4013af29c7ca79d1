#pragma once
// stream.async_next(token) for pc::postgres::row_stream: the cursor's statements
// (stream.hpp) sent in the connection's pipeline like any query, one batch per call:
// BEGIN and DECLARE on the first call, a FETCH per call, COMMIT or CLOSE after the last
// batch. Each FETCH is sent only when the consumer asks for the next batch: the server
// never runs ahead of it. Completes with (error_code, std::vector<row>) on the handler's
// executor; an empty batch is the end.

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/system/system_error.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <libpq-fe.h>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/stream_async.hpp>
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
    if (tracker && *tracker == this) *tracker = nullptr;
    completion_.complete(ec, std::move(message));
  }
  std::unique_ptr<cursor_operation> delete_self;
  // The stream's in_flight, which names this operation while the pipeline holds it.
  pipeline_operation** tracker = nullptr;

 private:
  engine_detail::completion<Handler, boost::asio::any_io_executor> completion_;
  OnRows on_rows_;
};

template <class T>
struct stream_async : engine_detail::stream_next<stream_async<T>> {
  // Sends text (with the stream's query parameters: the DECLARE); completes with
  // (error_code, message).
  // A cancellable statement (tracked) is the stream's in_flight while it runs.
  template <class State, class OnRows, class Token>
  static auto statement(State& st, const std::string& text, bool with_parameters, OnRows on_rows, Token&& token,
                        bool tracked = false) {
    return boost::asio::async_initiate<Token, void(error_code, std::string)>(
        [&st, &text, with_parameters, tracked, on_rows = std::move(on_rows)](auto handler) mutable {
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
          if (tracked) {
            op->tracker = &st.in_flight;
            st.in_flight = op.get();
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

  // A cancelled statement: asio::error::operation_aborted, as async_run reports it.
  static void throw_if_aborted(error_code ec) {
    if (ec == boost::asio::error::operation_aborted) throw boost::system::system_error(ec);
  }

  template <class State>
  static boost::asio::awaitable<void> checked(State& st, const std::string& text, bool with_parameters,
                                              bool tracked = false) {
    auto [ec, message] = co_await statement(st, text, with_parameters, [](PGresult*) {},
                                            boost::asio::as_tuple(boost::asio::use_awaitable), tracked);
    throw_if_aborted(ec);
    if (ec) throw as_error(ec, message);
  }

  // Every call's statements run inside the stream's savepoint (stream.hpp), whatever the
  // token: a cancelled or failed DECLARE or FETCH returns the transaction to where the
  // call found it, so what else ran in it (the caller's writes between batches) survives.
  // (std::string: the statement's text must outlive its initiation.)
  static const std::string& savepoint_sql() {
    static const std::string text = stream_savepoint_sql;
    return text;
  }
  static const std::string& rollback_to_sql() {
    static const std::string text = stream_rollback_to_sql;
    return text;
  }
  static constexpr const char* release_sql = stream_release_sql;

  // Ends the call that start() began: its cancellation slot no longer reaches the stream.
  template <class State>
  struct call_scope {
    State& st;
    explicit call_scope(State& s) : st(s) {}
    call_scope(const call_scope&) = delete;
    ~call_scope() {
      st.call_running = false;
      st.cancel_requested = false;
    }
  };
  template <class State>
  static void throw_if_cancel_requested(const State& st) {
    if (st.cancel_requested) throw boost::system::system_error(boost::asio::error::operation_aborted);
  }

  // COMMIT the streams' transaction (the last stream in it), else CLOSE the cursor.
  template <class State>
  static boost::asio::awaitable<void> close(State& st) {
    database& db = st.connection();
    st.finished_ = true;
    if (st.leave_stream_transaction()) {
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
    call_scope<State> running{*st};
    if (st->aborted) throw boost::system::system_error(boost::asio::error::operation_aborted);
    if (st->finished_) co_return rows_type{};
    std::exception_ptr failure;
    bool cancelled = false;
    bool in_savepoint = false;
    bool declared_in_savepoint = false;
    rows_type rows;
    try {
      if (!st->opened && !st->in_stream_transaction()) {
        if (db.transaction_depth() == 0) {
          co_await transaction_runner::run_scope(db, engine_detail::open_scope{db.state(), "BEGIN"});
          st->enter_stream_transaction();
        } else if (st->may_join_stream_transaction()) {
          st->enter_stream_transaction();
        }
      }
      throw_if_cancel_requested(*st);
      co_await checked(*st, savepoint_sql(), false);
      in_savepoint = true;
      if (!st->opened) {
        co_await checked(*st, st->statements().declare, true, true);
        st->opened = true;
        declared_in_savepoint = in_savepoint;
      }
      throw_if_cancel_requested(*st);
      auto [ec, message] = co_await statement(*st, st->statements().fetch, false,
                                              [&](PGresult* result) { st->decode(result, rows); },
                                              boost::asio::as_tuple(boost::asio::use_awaitable), true);
      throw_if_aborted(ec);
      if (ec) throw as_error(ec, message);
      if (in_savepoint) {
        in_savepoint = false;
        transaction_runner::send(db, release_sql, [](engine_detail::statement_answer) {});  // queued, not awaited
      }
      if (rows.size() < st->batch_size()) co_await close(*st);
      co_return rows;
    } catch (const error& e) {
      failure = std::current_exception();
      db.statement_failed(e);
    } catch (const boost::system::system_error&) {  // cancelled
      failure = std::current_exception();
      cancelled = true;
    }
    st->finished_ = true;
    st->aborted = cancelled;
    // Back to the savepoint: the transaction (the caller's, or the streams' with whatever
    // the caller ran in it) stays usable; the cursor is gone (declared inside it) or
    // cannot run any more (closed here). A call cancelled before its savepoint failed
    // nothing: only the cursor is closed.
    bool recovered = false;
    if ((in_savepoint || cancelled) && !db.state().dead() && db.conn_ && PQstatus(db.conn_) == CONNECTION_OK) {
      try {
        if (in_savepoint) {
          co_await checked(*st, rollback_to_sql(), false);
          co_await checked(*st, std::string{release_sql}, false);
        }
        if (st->opened && !(in_savepoint && declared_in_savepoint))
          co_await checked(*st, st->statements().close, false);
        recovered = true;
      } catch (...) {
      }
    }
    // The streams' transaction, by the last stream in it: committed after a recovery (it
    // holds the caller's writes and nothing failed in it), else rolled back.
    if (st->leave_stream_transaction()) {
      try {
        co_await transaction_runner::run_scope(
            db, engine_detail::close_scope{db.state(), recovered ? engine_detail::scope_end::commit
                                                                 : engine_detail::scope_end::rollback});
      } catch (...) {
      }
    }
    std::rethrow_exception(failure);
  }

  // A stream destroyed half-way: its COMMIT (or CLOSE) is queued on the pipeline at once,
  // ahead of anything sent later; `hold` (a pool's lease) lives until it is answered.
  template <class State>
  static void queue_close(State& st, std::shared_ptr<void> hold) {
    database& db = st.connection();
    if (!st.opened && !st.in_stream_transaction()) return;
    if (st.leave_stream_transaction()) {
      engine_detail::close_scope algorithm{db.state(), engine_detail::scope_end::commit};
      engine_detail::transaction_step step = algorithm.resume(nullptr);
      while (!step.finished()) {
        transaction_runner::send(db, step.sql, [hold](engine_detail::statement_answer) {});
        engine_detail::statement_answer assumed;
        step = algorithm.resume(&assumed);
      }
      return;
    }
    if (st.opened) transaction_runner::send(db, st.statements().close.c_str(), [hold](engine_detail::statement_answer) {});
  }

  template <class State>
  static boost::asio::any_io_executor timer_executor(State& st) {
    return transaction_runner::pipeline_of(st.connection()).get_executor();
  }

  template <class State, class Handler>
  static void start(const std::shared_ptr<State>& state, Handler handler) {
    using rows_type = std::vector<typename State::row_type>;
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
    // The slot reaches the call on the connection's strand, and only the call it was
    // given for; the statement running then is cancelled as async_run's would be.
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    const bool cancellable = slot.is_connected();
    const std::uint64_t call = ++state->call;
    state->call_running = true;
    state->cancel_requested = false;
    if (cancellable)
      slot.assign([state, call, line = &line](boost::asio::cancellation_type) {
        boost::asio::dispatch(line->strand(), [state, call, line] {
          if (state->call != call || !state->call_running) return;
          state->cancel_requested = true;
          if (state->in_flight) line->cancel(state->in_flight);
        });
      });
    using completion_t = engine_detail::completion<Handler, boost::asio::any_io_executor>;
    auto done = std::make_shared<completion_t>(std::move(handler), line.get_executor());
    boost::asio::co_spawn(line.strand(), next_batch(state),
                          [done](std::exception_ptr e, rows_type rows) {
                            error_code ec;
                            if (e) {
                              try {
                                std::rethrow_exception(e);
                              } catch (const boost::system::system_error& cancelled) {
                                ec = cancelled.code();
                              } catch (...) {
                                ec = engine_detail::capture_current_exception(nullptr);
                              }
                              rows.clear();
                            }
                            done->complete(ec, std::move(rows));
                          });
  }
};

}  // namespace piccolo::postgres::detail
