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
#include <vector>

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
#include <piccolo/engine/detail/objects_async.hpp>
#include <piccolo/engine/detail/timeout.hpp>
#include <piccolo/engine/postgres/database.hpp>
#include <piccolo/engine/postgres/detail/async_connect.hpp>
#include <piccolo/engine/postgres/detail/pipeline.hpp>
#include <piccolo/engine/postgres/detail/split_statements.hpp>
#include <piccolo/query/raw.hpp>

namespace piccolo::postgres::detail {

template <class Q>
using async_signature = engine_detail::signature_of<Q>;

// One query of the pipeline, with its typed result and handler. Its statement runs by the
// execution algorithm (detail/execution.hpp): the pipeline reports the server's answers,
// the algorithm decides (a stale plan: prepared anew and sent again, behind the queue).
template <class Q, class Handler>
class async_operation final : public pipeline_operation {
 public:
  async_operation(Handler handler, const boost::asio::any_io_executor& io, diagnostics* diag, database& db, Q query)
      : completion_(std::move(handler), io),
        diag_(diag),
        db_(db),
        query_(std::move(query)),
        execution_(db.statements_, engine_detail::query_slot<Q>) {
    sql = sql_of<Q, postgres_dialect>;
  }

  // Sends the parameters encoded in db's buffers, as the algorithm's step says.
  bool send(PGconn* c, query_execution::step step) {
    constexpr std::string_view text = sql_of<Q, postgres_dialect>;
    constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::postgres>::parameters;
    const std::size_t slot = execution_.slot();
    char name[40];
    db_.statements_.name(slot, name);
    prepares = step.prepare;
    if (step.prepare &&
        PQsendPrepare(c, name, text.data(), parameters, db_.statements_.parameter_types(slot, db_.types_, parameters)) != 1)
      return false;
    return PQsendQueryPrepared(c, name, parameters, db_.pointers_.data(), db_.lengths_.data(), db_.formats_.data(),
                               1) == 1;
  }
  query_execution& execution() noexcept { return execution_; }
  database& database_ref() noexcept { return db_; }
  const Q& query() const noexcept { return query_; }

  void on_prepared(bool ok) override { execution_.prepared(ok); }
  void on_failed(PGconn* c, const PGresult* result) override {
    if constexpr (Q::kind == result_kind::statements) {
      return pipeline_operation::on_failed(c, result);  // a script is not a prepared statement
    }
    query_execution::step step = execution_.resume(c, result, db_.transaction_depth() > 0);
    if (step.what == query_execution::next::retry) retry = true;  // resent at its segment's end
    else fail_with(execution_.failure());
  }
  bool resend(PGconn* c) override {
    db_.encode_runs(query_, execution_.slot(), [] {});
    return send(c, execution_.start());
  }
  void on_rows(PGresult* result) override {
    database::check_width<Q>(result);
    if constexpr (!std::is_void_v<typename Q::result_type>) {
      database::cursor rows{result};
      engine_detail::collect<Q>(rows, result_);
    }
  }
  void finish(error_code ec, std::string message) override {
    auto self = std::move(delete_self);  // an operation that never reached the queue
    if (prepares) execution_.prepared(false);  // its PREPARE was never answered
    if (diag_) diag_->assign(ec ? std::move(message) : std::string{});
    if constexpr (std::is_void_v<typename Q::result_type>) completion_.complete(ec);
    else completion_.complete(ec, std::move(result_));
  }
  engine_detail::completion<Handler, boost::asio::any_io_executor>& completion() { return completion_; }
  std::unique_ptr<async_operation> delete_self;

 private:
  engine_detail::completion<Handler, boost::asio::any_io_executor> completion_;
  diagnostics* diag_;
  database& db_;
  Q query_;
  query_execution execution_;
  std::conditional_t<std::is_void_v<typename Q::result_type>, int, typename Q::result_type> result_{};
};

// One statement of the transaction algorithm, sent in the pipeline like any query;
// completes with the answer (never with an error code: the algorithm judges it).
template <class Handler>
class statement_operation final : public pipeline_operation {
 public:
  statement_operation(Handler handler, const boost::asio::any_io_executor& io, database& db, const char* statement)
      : completion_(std::move(handler), io), db_(db) {
    sql = statement;
    event_kind = query_event_kind::transaction;
  }
  void on_rows(PGresult* result) override {
    answer_.rolled_back = std::string_view{PQcmdStatus(result)} == "ROLLBACK";
  }
  void finish(error_code ec, std::string message) override {
    auto self = std::move(delete_self);
    if (ec) {
      std::error_code code = ec;
      answer_.code = code.category() == piccolo::error_category() ? static_cast<errc>(code.value()) : errc::engine_error;
      answer_.message = std::move(message);
    }
    answer_.transaction_open = db_.in_transaction();
    completion_.complete(std::move(answer_));
  }
  std::unique_ptr<statement_operation> delete_self;

 private:
  engine_detail::completion<Handler, boost::asio::any_io_executor> completion_;
  database& db_;
  engine_detail::statement_answer answer_;
};

// The asynchronous runner of the transaction algorithm (engine/detail/transaction_algorithm.hpp).
struct transaction_runner {
  static pipeline& pipeline_of(const database& db) {
    if (!db.pipeline_) throw error(errc::misuse, "build the database on an executor to run asynchronously");
    return static_cast<pipeline&>(*db.pipeline_);
  }

  // Sends sql; handler(statement_answer).
  template <class Handler>
  static void send(database& db, const char* sql, Handler handler) {
    pipeline& line = pipeline_of(db);
    using op_type = statement_operation<Handler>;
    auto op = std::make_unique<op_type>(std::move(handler), line.get_executor(), db, sql);
    if (must_reconnect(db)) {
      return when_connected(db, [&db, sql, op = std::move(op)](error_code ec, std::string message) mutable {
        if (ec) {
          op_type* raw = op.get();
          raw->delete_self = std::move(op);
          return raw->finish(ec, std::move(message));
        }
        submit(db, sql, std::move(op));
      });
    }
    submit(db, sql, std::move(op));
  }

  template <class Op>
  static void submit(database& db, const char* sql, std::unique_ptr<Op> op) {
    pipeline& line = pipeline_of(db);
    Op* raw = op.get();
    try {
      if (!db.conn_ || PQstatus(db.conn_) != CONNECTION_OK) db.ensure_connected();  // inside a scope: throws
    } catch (...) {
      diagnostics d;
      error_code ec = engine_detail::capture_current_exception(&d);
      raw->delete_self = std::move(op);
      return raw->finish(ec, d.server_message());
    }
    line.submit(std::unique_ptr<pipeline_operation>(op.release()), [sql](PGconn* c) {
      return PQsendQueryParams(c, sql, 0, nullptr, nullptr, nullptr, nullptr, 1) == 1;
    });
  }

  // The connection is gone and may be replaced (outside every transaction scope).
  static bool must_reconnect(const database& db) noexcept {
    return db.transaction_status().may_reconnect() && (!db.conn_ || PQstatus(db.conn_) != CONNECTION_OK);
  }

  // Runs then(ec, message) once a new connection is open (or failed to open), without
  // blocking: one connect attempt serves every operation that waits for it.
  template <class Then>
  static void when_connected(database& db, Then then) {
    pipeline& line = pipeline_of(db);
    line.defer(std::move(then));
    if (line.connecting()) return;
    line.set_connecting(true);
    start_connect(line.get_executor(), db.conninfo_, db.connect_timeout_,
                  [&db, alive = line.alive_token()](error_code ec, PGconn* conn, std::string message) {
                    if (alive.expired()) {
                      if (conn) PQfinish(conn);
                      return;
                    }
                    pipeline& line = pipeline_of(db);
                    line.set_connecting(false);
                    if (!ec) db.adopt(conn);
                    line.resume_deferred(ec, message);
                  });
  }

  template <class Token>
  static auto statement(database& db, const char* sql, Token&& token) {
    return boost::asio::async_initiate<Token, void(engine_detail::statement_answer)>(
        [&db, sql](auto handler) { send(db, sql, std::move(handler)); }, token);
  }

  // Runs an algorithm to its end; throws its failure.
  template <class Algorithm>
  static boost::asio::awaitable<void> run_scope(database& db, Algorithm algorithm) {
    engine_detail::transaction_step step = algorithm.resume(nullptr);
    while (!step.finished()) {
      engine_detail::statement_answer answer = co_await statement(db, step.sql, boost::asio::use_awaitable);
      step = algorithm.resume(&answer);
    }
    if (step.result != errc::ok) throw error(step.result, step.message);
  }

  // Closes the innermost scope with a rollback without waiting: the statements are queued
  // now (the pipeline keeps their order before anything sent later), their answers cannot
  // change what a rollback sends. `hold` lives until the last one is answered.
  static void queue_rollback(database& db, std::shared_ptr<void> hold) {
    engine_detail::close_scope algorithm{db.state(), engine_detail::scope_end::rollback};
    engine_detail::transaction_step step = algorithm.resume(nullptr);
    while (!step.finished()) {
      send(db, step.sql, [hold](engine_detail::statement_answer) {});
      engine_detail::statement_answer assumed;
      step = algorithm.resume(&assumed);
    }
  }
};

}  // namespace piccolo::postgres::detail

namespace piccolo::postgres {

// A transaction as an object, asynchronously: `auto tx = co_await db.async_begin(use_awaitable);
// co_await tx.async_run(q, use_awaitable); co_await tx.async_commit(use_awaitable);`. Destroyed
// before commit or rollback, it queues the ROLLBACK on its connection at once (later
// statements on the connection run after it) and keeps `hold` (a pool's lease) until the
// server has answered. The database must outlive it. Its objects API (tx.async_save(row,
// token), ...) runs on its connection; the object must outlive those operations, and once
// it has ended they complete with errc::misuse.
class async_transaction : public engine_detail::objects_front<async_transaction> {
 public:
  // No run(): the objects API's synchronous forms refuse it at compile time.
  static constexpr bool asynchronous_only = true;
  async_transaction() = default;
  async_transaction(database& db, int level, std::shared_ptr<void> hold = {})
      : db_(&db), level_(level), hold_(std::move(hold)), executor_(detail::transaction_runner::pipeline_of(db).get_executor()) {}
  async_transaction(async_transaction&& other) noexcept
      : engine_detail::objects_front<async_transaction>(),
        db_(std::exchange(other.db_, nullptr)),
        level_(other.level_),
        hold_(std::move(other.hold_)),
        executor_(other.executor_) {}
  async_transaction& operator=(async_transaction&& other) noexcept {
    if (this != &other) {
      abandon();
      db_ = std::exchange(other.db_, nullptr);
      level_ = other.level_;
      hold_ = std::move(other.hold_);
      executor_ = other.executor_;
    }
    return *this;
  }
  ~async_transaction() { abandon(); }

  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, Token&& token = {}) {
    return connection().async_run(std::move(q), std::forward<Token>(token));
  }
  // Completes with void(std::exception_ptr): the failure of COMMIT (the transaction is over
  // either way; a COMMIT answered by ROLLBACK is errc::transaction_aborted).
  template <class Token = boost::asio::deferred_t>
  auto async_commit(Token&& token = {}) {
    return finish(engine_detail::scope_end::commit, std::forward<Token>(token));
  }
  template <class Token = boost::asio::deferred_t>
  auto async_rollback(Token&& token = {}) {
    return finish(engine_detail::scope_end::rollback, std::forward<Token>(token));
  }
  bool active() const noexcept { return db_ != nullptr; }
  database& connection() {
    if (!db_) throw error(errc::misuse, "transaction: already committed or rolled back");
    if (db_->transaction_depth() != level_)
      throw error(errc::misuse, "transaction: an inner transaction on this connection is still open");
    return *db_;
  }
  void ensure_active() { connection(); }
  // The connection's executor, kept after the end (the objects API completes a misuse there).
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  template <class Token>
  auto finish(engine_detail::scope_end how, Token&& token) {
    database& db = connection();
    db_ = nullptr;
    return boost::asio::co_spawn(
        detail::transaction_runner::pipeline_of(db).get_executor(),
        [&db, how, hold = std::move(hold_)]() -> boost::asio::awaitable<void> {
          co_await boost::asio::this_coro::throw_if_cancelled(false);
          co_await detail::transaction_runner::run_scope(db, engine_detail::close_scope{db.state(), how});
        },
        std::forward<Token>(token));
  }
  void abandon() noexcept {
    if (db_ && db_->transaction_depth() >= level_) {
      try {
        detail::transaction_runner::queue_rollback(*db_, std::move(hold_));
      } catch (...) {  // the connection is gone: the server rolls back by itself
      }
    }
    db_ = nullptr;
  }

  database* db_ = nullptr;
  int level_ = 0;
  std::shared_ptr<void> hold_;
  boost::asio::any_io_executor executor_;
};

}  // namespace piccolo::postgres

namespace piccolo::postgres::detail {

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
    auto op = std::make_unique<op_type>(std::move(handler), line.get_executor(), diag, db, std::move(q));
    op_type* raw = op.get();
    auto fail = [&](error_code ec, std::string message) {
      raw->delete_self = std::move(op);
      raw->finish(ec, std::move(message));
    };
    if (transaction_runner::must_reconnect(db)) {
      // reconnect without blocking the io thread; this query starts once connected
      return transaction_runner::when_connected(db, [op = std::move(op)](error_code ec, std::string message) mutable {
        op_type* raw = op.get();
        raw->delete_self = std::move(op);
        if (ec) return raw->finish(ec, std::move(message));
        try {
          submit(std::move(raw->delete_self));
        } catch (...) {
          diagnostics d;
          error_code failure = engine_detail::capture_current_exception(&d);
          if (raw->delete_self) raw->finish(failure, d.server_message());
        }
      });
    }
    try {
      submit(std::move(op));
    } catch (...) {
      diagnostics d;
      error_code ec = engine_detail::capture_current_exception(&d);
      if (op) fail(ec, d.server_message());
    }
  }

  // Puts op's statement into the pipeline, behind whatever is in flight. Throws only
  // before op left `owner` (then the caller completes it).
  template <class Op>
  static void submit(std::unique_ptr<Op>&& owner) {
    Op* raw = owner.get();
    database& db = raw->database_ref();
    pipeline& line = pipeline_of(db);
    db.state().check_usable();  // a dead transaction scope runs nothing
    if (!db.conn_ || PQstatus(db.conn_) != CONNECTION_OK) db.ensure_connected();
    if constexpr (T::kind == result_kind::statements) {
      // DDL: its statements go into the pipeline behind whatever is in flight, one
      // segment (a single implicit transaction: all or nothing)
      constexpr std::string_view text = sql_of<T, postgres_dialect>;
      static const std::vector<std::string> statements = split_statements(text);
      line.submit(std::unique_ptr<pipeline_operation>(owner.release()), [&](PGconn* c) {
        for (const std::string& statement : statements)
          if (PQsendQueryParams(c, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1) != 1) return false;
        return true;
      });
    } else {
      static_assert(!T::batched || database::columnar<T>, "piccolo: async_run(): a batch must be one statement");
      bool ran = false;
      db.encode_runs(raw->query(), raw->execution().slot(), [&] { ran = true; });
      if (!ran) {  // an empty batch: nothing to send
        raw->delete_self = std::move(owner);
        return raw->finish({}, {});
      }
      auto cancel_slot = boost::asio::get_associated_cancellation_slot(raw->completion().handler());
      if (cancel_slot.is_connected())
        cancel_slot.assign([p = &line, raw](boost::asio::cancellation_type) { p->cancel(raw); });
      query_execution::step step = raw->execution().start();
      line.submit(std::unique_ptr<pipeline_operation>(owner.release()), [&](PGconn* c) { return raw->send(c, step); });
    }
  }

  template <class Token>
  static auto transaction(database& db, T body, Token&& token, transaction_options options) {
    return boost::asio::co_spawn(
        executor(db),
        [&db, body = std::move(body), options]() mutable -> boost::asio::awaitable<void> {
          // Cancellation reaches the body's queries; the scope is still closed (rolled
          // back) before this completes, so the connection is never reused inside it.
          co_await boost::asio::this_coro::throw_if_cancelled(false);
          db.state().check_user_transaction_allowed();
          co_await transaction_runner::run_scope(db, engine_detail::open_scope{db.state(), detail::begin_statement(options)});
          const int inside = db.transaction_depth();
          std::exception_ptr failure;
          try {
            co_await body(db);
          } catch (...) {
            failure = std::current_exception();
          }
          if (!failure) {
            try {
              co_await transaction_runner::run_scope(db, engine_detail::close_scope{db.state(), engine_detail::scope_end::commit});
            } catch (...) {
              failure = std::current_exception();
            }
          } else if (db.transaction_depth() >= inside) {
            try {
              co_await transaction_runner::run_scope(db, engine_detail::close_scope{db.state(), engine_detail::scope_end::rollback});
            } catch (...) {  // the body's failure is what the caller hears about
            }
          }
          if (failure) std::rethrow_exception(failure);
        },
        std::forward<Token>(token));
  }

  // co_await db.async_begin(token): the transaction object, once BEGIN (or SAVEPOINT) is answered.
  template <class Token>
  static auto begin_object(database& db, Token&& token, transaction_options options) {
    return boost::asio::co_spawn(
        executor(db),
        [&db, options]() -> boost::asio::awaitable<async_transaction> {
          co_await boost::asio::this_coro::throw_if_cancelled(false);
          db.state().check_user_transaction_allowed();
          co_await transaction_runner::run_scope(db, engine_detail::open_scope{db.state(), detail::begin_statement(options)});
          co_return async_transaction{db, db.transaction_depth()};
        },
        std::forward<Token>(token));
  }
};

}  // namespace piccolo::postgres::detail
