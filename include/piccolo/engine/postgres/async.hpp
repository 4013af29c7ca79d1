#pragma once
// Asynchronous execution for pc::postgres::database on Boost.Asio: libpq in
// non-blocking pipeline mode on the connection's socket (detail/pipeline.hpp); queries
// issued back to back are pipelined. Any completion token.

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <libpq-fe.h>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/async_initiation.hpp>
#include <piccolo/engine/detail/timeout.hpp>
#include <piccolo/engine/postgres/database.hpp>
#include <piccolo/engine/postgres/detail/pipeline.hpp>
#include <piccolo/query/raw.hpp>

namespace piccolo::postgres::detail {

template <class Q>
using async_signature = engine_detail::signature_of<Q>;

// One query of the pipeline, with its typed result and handler.
template <class Q, class Handler>
class async_operation final : public pipeline_operation {
 public:
  async_operation(Handler handler, const boost::asio::any_io_executor& io, diagnostics* diag)
      : completion_(std::move(handler), io), diag_(diag) {}
  void on_rows(PGresult* result) override {
    database::check_width<Q>(result);
    if constexpr (!std::is_void_v<typename Q::result_type>) {
      database::cursor rows{result};
      engine_detail::collect<Q>(rows, result_);
    }
  }
  void finish(error_code ec, std::string message) override {
    auto self = std::move(delete_self);  // an operation that never reached the queue
    if (diag_) diag_->assign(ec ? std::move(message) : std::string{});
    if constexpr (std::is_void_v<typename Q::result_type>) completion_.complete(ec);
    else completion_.complete(ec, std::move(result_));
  }
  engine_detail::completion<Handler, boost::asio::any_io_executor>& completion() { return completion_; }
  std::unique_ptr<async_operation> delete_self;

 private:
  engine_detail::completion<Handler, boost::asio::any_io_executor> completion_;
  diagnostics* diag_;
  std::conditional_t<std::is_void_v<typename Q::result_type>, int, typename Q::result_type> result_{};
};

template <class T>
struct async_api : engine_detail::async_initiation<async_api<T>, T> {
  static pipeline& pipeline_of(const database& db) {
    if (!db.pipeline_) throw error(errc::misuse, "build the database on an executor to run asynchronously");
    return static_cast<pipeline&>(*db.pipeline_);
  }

  template <class Executor>
  static void attach(database& db, Executor ex) {
    db.pipeline_ = std::make_unique<pipeline>(boost::asio::any_io_executor{std::move(ex)});
    db.pipeline_->attach(db.conn_);
  }

  static const boost::asio::any_io_executor& executor(const database& db) { return pipeline_of(db).get_executor(); }

  template <class Handler>
  static void start(database& db, Handler handler, T q, diagnostics* diag) {
    pipeline& line = pipeline_of(db);
    using op_type = async_operation<T, Handler>;
    auto op = std::make_unique<op_type>(std::move(handler), line.get_executor(), diag);
    op_type* raw = op.get();
    auto fail = [&](error_code ec, std::string message) {
      raw->delete_self = std::move(op);
      raw->finish(ec, std::move(message));
    };
    constexpr std::string_view text = sql_of<T, postgres_dialect>;
    try {
      if (!db.conn_ || PQstatus(db.conn_) != CONNECTION_OK) db.ensure_connected();
      if constexpr (T::kind == result_kind::statements) {
        // DDL: several statements, not pipelinable; runs when nothing else is in flight
        db.execute_script(text.data());
        return fail({}, {});
      } else {
        static_assert(!T::batched || database::columnar<T>, "piccolo: async_run(): a batch must be one statement");
        constexpr int parameters = piccolo::detail::sql_text<T, dialect_id::postgres>::parameters;
        const std::size_t slot = engine_detail::query_slot<T>;
        bool ran = false;
        db.encode_runs(q, slot, [&] { ran = true; });
        if (!ran) return fail({}, {});  // an empty batch: nothing to send
        auto cancel_slot = boost::asio::get_associated_cancellation_slot(raw->completion().handler());
        if (cancel_slot.is_connected())
          cancel_slot.assign([p = &line, raw](boost::asio::cancellation_type) { p->cancel(raw); });
        bool must_prepare = !db.is_prepared(slot);
        raw->prepares = must_prepare;
        line.submit(std::unique_ptr<pipeline_operation>(op.release()), [&](PGconn* c) {
          char name[32];
          database::statement_name(slot, name);
          if (must_prepare) {
            if (PQsendPrepare(c, name, text.data(), parameters, db.types_.data()) != 1) return false;
            db.mark_prepared(slot);
          }
          return PQsendQueryPrepared(c, name, parameters, db.pointers_.data(), db.lengths_.data(),
                                     db.formats_.data(), 1) == 1;
        });
      }
    } catch (...) {
      diagnostics d;
      error_code ec = engine_detail::capture_current_exception(&d);
      if (op) fail(ec, d.server_message());
    }
  }

  static boost::asio::awaitable<void> begin(database& db, transaction_options options) {
    using boost::asio::use_awaitable;
    switch (options.level) {
      case isolation::read_committed:
        if (options.read_only) co_await db.async_run(raw<"BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY">(), use_awaitable);
        else co_await db.async_run(raw<"BEGIN">(), use_awaitable);
        break;
      case isolation::repeatable_read:
        if (options.read_only) co_await db.async_run(raw<"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY">(), use_awaitable);
        else co_await db.async_run(raw<"BEGIN ISOLATION LEVEL REPEATABLE READ">(), use_awaitable);
        break;
      case isolation::serializable:
        if (options.read_only) co_await db.async_run(raw<"BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY">(), use_awaitable);
        else co_await db.async_run(raw<"BEGIN ISOLATION LEVEL SERIALIZABLE">(), use_awaitable);
        break;
    }
  }

  template <class Token>
  static auto transaction(database& db, T body, Token&& token, transaction_options options) {
    return boost::asio::co_spawn(
        executor(db),
        [&db, body = std::move(body), options]() mutable -> boost::asio::awaitable<void> {
          using boost::asio::use_awaitable;
          const bool nested = db.transaction_depth() > 0;
          if (nested) co_await db.async_run(raw<"SAVEPOINT piccolo_savepoint">(), use_awaitable);
          else co_await begin(db, options);
          db.enter_transaction();
          std::exception_ptr failure;
          try {
            co_await body(db);
          } catch (...) {
            failure = std::current_exception();
          }
          db.leave_transaction();
          if (failure) {
            auto quietly = boost::asio::as_tuple(use_awaitable);
            if (nested) {
              // one statement each: a prepared statement holds a single command
              co_await db.async_run(raw<"ROLLBACK TO SAVEPOINT piccolo_savepoint">(), quietly);
              co_await db.async_run(raw<"RELEASE SAVEPOINT piccolo_savepoint">(), quietly);
            } else {
              co_await db.async_run(raw<"ROLLBACK">(), quietly);
            }
            std::rethrow_exception(failure);
          }
          if (nested) co_await db.async_run(raw<"RELEASE SAVEPOINT piccolo_savepoint">(), use_awaitable);
          else co_await db.async_run(raw<"COMMIT">(), use_awaitable);
        },
        std::forward<Token>(token));
  }
};

}  // namespace piccolo::postgres::detail
