#pragma once
// pc::postgres::database: one PostgreSQL connection (libpq). run(query) uses the
// extended protocol: each query type is prepared once per connection (named by its
// statement-cache slot) with parameter types from its first binding, then only bound
// and executed; parameters and results travel in binary format.

#include <algorithm>
#include <chrono>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>


#include <libpq-fe.h>

#include <piccolo/core/dialect.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/engine/detail/async_front.hpp>
#include <piccolo/engine/detail/collect.hpp>
#include <piccolo/engine/detail/objects_front.hpp>
#include <piccolo/engine/detail/query_slot.hpp>
#include <piccolo/engine/detail/stream.hpp>
#include <piccolo/engine/detail/transactions.hpp>
#include <piccolo/engine/postgres/detail/binary.hpp>
#include <piccolo/engine/postgres/detail/copy_types.hpp>
#include <piccolo/engine/postgres/detail/execution.hpp>
#include <piccolo/engine/postgres/detail/statement_cache.hpp>
#include <piccolo/engine/diagnostics.hpp>
#include <piccolo/engine/query_event.hpp>
#include <piccolo/engine/postgres/error.hpp>
#include <piccolo/engine/postgres/row.hpp>
#include <piccolo/query/raw.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo::postgres {

namespace detail {
// The asynchronous side of a connection (libpq pipeline mode on Asio), as the
// synchronous side sees it; defined by <piccolo/postgres_async.hpp>.
struct pipeline_base {
  virtual ~pipeline_base() = default;
  virtual bool idle() const noexcept = 0;
  virtual void leave_pipeline_mode() = 0;
  virtual void attach(PGconn* conn) = 0;
  // The connection broke: every queued operation fails with connection_lost.
  virtual void fail_all_lost(const std::string& message) = 0;
  // Pipelined statements report to this hook (null: none).
  virtual void observe(const engine_detail::observer_ptr& observer) = 0;
};
// The asynchronous operations, defined by <piccolo/postgres_async.hpp>: without that
// header, async_run() fails to compile on this incomplete type.
template <class T>
struct async_api;
template <class Q, class Handler>
class async_operation;
template <class Handler>
class statement_operation;
struct transaction_runner;
// A stream's cursor and position, defined by <piccolo/engine/postgres/stream.hpp>.
template <class Q>
class stream_state;
template <class T>
struct stream_async;
}  // namespace detail
class async_transaction;
class pool;
template <class Q>
class row_stream;

enum class isolation { read_committed, repeatable_read, serializable };

struct transaction_options {
  isolation level = isolation::read_committed;
  bool read_only = false;
};

namespace detail {
// The BEGIN statement of a transaction with these options (sync and async).
constexpr const char* begin_statement(transaction_options options) noexcept {
  switch (options.level) {
    case isolation::read_committed:
      return options.read_only ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY" : "BEGIN";
    case isolation::repeatable_read:
      return options.read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                               : "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case isolation::serializable:
      return options.read_only ? "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"
                               : "BEGIN ISOLATION LEVEL SERIALIZABLE";
  }
  return "BEGIN";
}
// A PostgreSQL transaction object holds nothing beyond the connection.
struct no_hold {};
}  // namespace detail

class database;
// auto tx = db.begin(); tx.run(q); tx.commit();  (rolls back unless committed)
using transaction = engine_detail::basic_transaction<database, detail::no_hold>;

class database : public engine_detail::transaction_support<database>,
                 public engine_detail::async_front<database, detail::async_api>,
                 public engine_detail::objects_front<database> {
 public:
  // conninfo: "host=... port=... dbname=..." or a postgresql:// URI.
  explicit database(std::string conninfo) : conninfo_(std::move(conninfo)) { connect(); }
  // A database that can also run queries asynchronously on ex (include
  // <piccolo/postgres_async.hpp>): libpq's non-blocking pipeline mode on the socket.
  template <class Executor>
    requires(!std::is_convertible_v<Executor, std::string>)
  database(Executor ex, std::string conninfo) : database(std::move(conninfo)) {
    detail::async_api<Executor>::attach(*this, std::move(ex));
  }
  database(database&& other) noexcept
      : engine_detail::transaction_support<database>(std::move(other)),
        conninfo_(std::move(other.conninfo_)),
        conn_(std::exchange(other.conn_, nullptr)),
        connect_timeout_(other.connect_timeout_),
        statements_(std::move(other.statements_)),
        observer_(std::move(other.observer_)),
        pipeline_(std::move(other.pipeline_)) {}
  database& operator=(database&& other) noexcept {
    if (this != &other) {
      if (conn_) PQfinish(conn_);
      engine_detail::transaction_support<database>::operator=(std::move(other));
      conninfo_ = std::move(other.conninfo_);
      conn_ = std::exchange(other.conn_, nullptr);
      statements_ = std::move(other.statements_);
      observer_ = std::move(other.observer_);
      pipeline_ = std::move(other.pipeline_);
    }
    return *this;
  }
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database() {
    pipeline_.reset();  // releases the socket before libpq closes it
    if (conn_) PQfinish(conn_);
  }

  // A query with filters chosen at run time (pc::when, pc::order_by_one_of): runs the
  // variant of the values set, each variant its own prepared statement.
  template <query Q>
    requires requires { Q::variants; }
  typename Q::result_type run(const Q& q) {
    return q.visit([&](const auto& variant) { return run(variant); });
  }

  template <query Q>
  typename Q::result_type run(const Q& q) {
    static_assert(binds_rendered_parameters<Q, postgres_dialect>, "piccolo: run(): the query binds a different number of values than its text has parameters (Q::parameters)");
    static_assert(engine_detail::runnable_query<Q>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    const auto start = engine_detail::statement_start(observer_);
    try {
      if constexpr (std::is_void_v<typename Q::result_type>) {
        run_observed(q, start);
        if (observer_) [[unlikely]]
          engine_detail::report_statement(*observer_, sql_of<Q, postgres_dialect>, start, 0);
      } else {
        return run_observed(q, start);  // run_prepared tells the hook
      }
    } catch (const error& e) {
      if (observer_) [[unlikely]]
        engine_detail::report_failed_statement(*observer_, sql_of<Q, postgres_dialect>, start, e);
      // inside a transaction, a lost connection makes the whole scope dead
      statement_failed(e);
      throw;
    }
  }

  // ---- asynchronous execution: declared here, defined by <piccolo/postgres_async.hpp> ----

  // co_await db.async_transaction([](pc::postgres::database& tx) -> asio::awaitable<void> {
  //   co_await tx.async_run(..., asio::use_awaitable); }, asio::use_awaitable);
  // Commits when the body returns, rolls back when it throws (the exception is what the
  // completion carries: void(std::exception_ptr)). Nested: a savepoint.
  template <class Body, class Token = boost::asio::deferred_t>
  auto async_transaction(Body body, Token&& token = {}, transaction_options options = {}) {
    return detail::async_api<Body>::transaction(*this, std::move(body), std::forward<Token>(token), options);
  }


  // Runs f(db) in a transaction (BEGIN with the isolation level, READ ONLY if asked):
  // commits when f returns, rolls back and rethrows when it throws. Nested: SAVEPOINT.
  template <class F>
  decltype(auto) transaction(F&& f, transaction_options options = {}) {
    state().check_user_transaction_allowed();
    return run_transaction(detail::begin_statement(options), std::forward<F>(f));
  }

  // A transaction as an object: commit() it, or it rolls back when destroyed. Inside
  // another transaction of this connection, a savepoint.
  [[nodiscard]] postgres::transaction begin(transaction_options options = {}) {
    state().check_user_transaction_allowed();
    return postgres::transaction{*this, {}, detail::begin_statement(options)};
  }

  // co_await db.async_begin(asio::use_awaitable): the same, asynchronously; completes with
  // (error_code, async_transaction). Defined by <piccolo/postgres_async.hpp>.
  template <class Token = boost::asio::deferred_t>
  auto async_begin(Token&& token = {}, transaction_options options = {}) {
    return detail::async_api<Token>::begin_object(*this, std::forward<Token>(token), options);
  }

  // hook(event) after each statement this connection runs (run(), async_run(), its
  // transactions' BEGIN/COMMIT/ROLLBACK/SAVEPOINT) and for each notice the server sends
  // (<piccolo/engine/query_event.hpp>); an empty hook removes it (notices are dropped then).
  // Set it while no asynchronous query is in flight.
  void on_query(query_hook hook) { observe(engine_detail::make_observer(std::move(hook))); }
  template <class Hook>
  void on_query(Hook&& hook) {
    static_assert(engine_detail::query_hook_callable<Hook>, PICCOLO_QUERY_HOOK_MESSAGE);
    if constexpr (engine_detail::query_hook_callable<Hook>) on_query(query_hook{std::forward<Hook>(hook)});
  }
  // How many times the hook threw (each exception is dropped: the statement is unaffected).
  std::size_t query_hook_failures() const noexcept { return observer_ ? observer_->failures() : 0; }

  // ---- runtime SQL text (migrations, tools): not for queries a program knows at compile time ----

  // Runs one or more statements of runtime text, no parameters; rows are not kept. Told to
  // the query hook and mapped to piccolo::error like run()'s; inside a transaction a lost
  // connection makes the scope dead, as with run().
  void execute(std::string_view sql) { text_result(sql, false); }

  // The rows of one statement of runtime text, each value as PostgreSQL's text form
  // (NULL: nullopt).
  std::vector<std::vector<std::optional<std::string>>> text_rows(std::string_view sql) { return text_result(sql, true); }

  PGconn* native_handle() const noexcept { return conn_; }
  // Bounds an asynchronous reconnect (default 10 s): its queries fail with timed_out.
  void set_connect_timeout(std::chrono::milliseconds timeout) noexcept { connect_timeout_ = timeout; }
  // The connection can be lent to someone else: open, idle (no transaction, even one
  // the server aborted), nothing in flight, no scope of ours open.
  bool reusable() const noexcept {
    return conn_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE &&
           transaction_depth() == 0 && (!pipeline_ || pipeline_->idle());
  }
  bool in_transaction() const noexcept {
    return conn_ && PQtransactionStatus(conn_) != PQTRANS_IDLE && PQtransactionStatus(conn_) != PQTRANS_UNKNOWN;
  }
  std::size_t prepared_statements() const noexcept {
    return statements_.ready_count();
  }
  // The backend's process id (pg_backend_pid()), e.g. to find this session on the server.
  int backend_pid() const noexcept { return conn_ ? PQbackendPID(conn_) : 0; }

  // for (auto&& row : db.stream(q, 1000)) ...: q's rows fetched batch_size at a time
  // through a cursor, never all in memory; co_await stream.async_next(token) for batches.
  // How, and what an open stream holds: <piccolo/engine/postgres/stream.hpp> (which
  // defines it; <piccolo/postgres.hpp>).
  template <query Q>
  auto stream(Q q, std::size_t batch_size = 1000) {
    static_assert(engine_detail::streamable<Q>, PICCOLO_STREAMABLE_MESSAGE);
    if constexpr (engine_detail::streamable<Q>) return row_stream<Q>{*this, std::move(q), batch_size};
  }

 private:
  friend class engine_detail::transaction_support<database>;
  friend class engine_detail::savepoint_guard<database>;
  friend class engine_detail::basic_transaction<database, detail::no_hold>;
  friend struct detail::transaction_runner;
  friend class pool;
  template <class>
  friend class detail::stream_state;
  template <class>
  friend struct detail::stream_async;
  template <class>
  friend class detail::statement_operation;
  friend class async_transaction;
  template <class>
  friend struct detail::async_api;
  template <class, class>
  friend class detail::async_operation;
  static constexpr const char* atomic_begin = "BEGIN";

  // For the pool: a connection opened without blocking, handed over.
  struct adopted_connection {
    PGconn* conn;
  };
  template <class Executor>
  database(Executor ex, std::string conninfo, adopted_connection adopted) : conninfo_(std::move(conninfo)) {
    conn_ = adopted.conn;
    receive_notices();
    detail::async_api<Executor>::attach(*this, std::move(ex));
  }

  template <query Q>
  typename Q::result_type run_observed(const Q& q, [[maybe_unused]] engine_detail::query_clock::time_point start) {
    if constexpr (Q::kind == result_kind::statements) execute_script(sql_of<Q, postgres_dialect>.data());
    else return run_prepared(q, start);
  }

  // Apart from run_observed so that `result` is in the function's outermost scope: GCC 12
  // elides the copy of a returned local (NRVO) only there (a row in an optional moves its strings).
  template <query Q>
  typename Q::result_type run_prepared(const Q& q, engine_detail::query_clock::time_point start) {
    constexpr std::string_view text = sql_of<Q, postgres_dialect>;
    constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::postgres>::parameters;
    const std::size_t slot = engine_detail::query_slot<Q>;
    prepare_for_sync_call();
    typename Q::result_type result{};
    if constexpr (requires { Q::copyable; }) {
      if constexpr (Q::copyable) {
        if (copy_batch(q, result)) {
          if (observer_) [[unlikely]]
            engine_detail::report_statement(*observer_, text, start, engine_detail::rows_of<Q>(result));
          return result;
        }
      }
    }
    // each run: the execution algorithm (detail/execution.hpp), driven by blocking calls
    auto execute_all = [&] {
      encode_runs(q, slot, [&] {
        detail::query_execution execution{statements_, slot};
        for (auto step = execution.start();;) {
          char name[40];
          statements_.name(slot, name);
          if (step.prepare) {
            result_handle prepared{PQprepare(conn_, name, text.data(), parameters,
                                             statements_.parameter_types(slot, types_, parameters))};
            bool ok = PQresultStatus(prepared.get()) == PGRES_COMMAND_OK;
            execution.prepared(ok);
            if (!ok) throw_result_error(conn_, prepared.get());
          }
          result_handle handle{PQexecPrepared(conn_, name, parameters, pointers_.data(), lengths_.data(),
                                              formats_.data(), 1)};
          step = execution.resume(conn_, handle.get(), in_transaction());
          if (step.what == detail::query_execution::next::rows) [[likely]] {
            check_width<Q>(handle.get());
            cursor rows{handle.get()};
            engine_detail::collect<Q>(rows, result);
            return;
          }
          if (step.what == detail::query_execution::next::failed)
            throw error(execution.failure().code, execution.failure().message);
          step = execution.start();  // retry: prepared anew
        }
      });
    };
    // a batch is all-or-nothing; inside a transaction its failure must not abort the rest
    if constexpr (Q::batched && !columnar<Q>) atomically(execute_all);
    else if constexpr (Q::batched) transaction_depth() > 0 ? in_savepoint(execute_all) : execute_all();
    else execute_all();
    if (observer_) [[unlikely]]
      engine_detail::report_statement(*observer_, text, start, engine_detail::rows_of<Q>(result));
    return result;
  }

  struct result_handle {
    PGresult* result;
    explicit result_handle(PGresult* r) noexcept : result(r) {}
    result_handle(const result_handle&) = delete;
    ~result_handle() { PQclear(result); }
    PGresult* get() const noexcept { return result; }
  };

  class cursor {
   public:
    explicit cursor(const PGresult* result) noexcept
        : result_(result), rows_(PQntuples(result)), row_(result, 0) {}
    bool next() noexcept {
      if (next_ >= rows_) return false;
      row_.move_to(next_++);
      return true;
    }
    const row& reader() const noexcept { return row_; }
    std::int64_t affected() const noexcept { return std::atoll(PQcmdTuples(const_cast<PGresult*>(result_))); }

   private:
    const PGresult* result_;
    int rows_;
    int next_ = 0;
    row row_;
  };

  void connect() {
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      PQfinish(conn_);
      conn_ = nullptr;
      throw error(errc::connection_failed, message);
    }
    receive_notices();
  }

  // Shares observer with this connection (the pool gives all its connections one).
  void observe(engine_detail::observer_ptr observer) {
    if (observer == observer_) return;
    observer_ = std::move(observer);
    if (conn_) receive_notices();
    if (pipeline_) pipeline_->observe(observer_);
  }

  // Notices go to the hook; without one they are dropped (libpq would print them on stderr).
  // The receiver points at the observer, which outlives the connection's use of it: a
  // new observer installs itself again (observe()).
  void receive_notices() noexcept {
    if (!observer_) {
      PQsetNoticeReceiver(conn_, [](void*, const PGresult*) {}, nullptr);
      return;
    }
    PQsetNoticeReceiver(
        conn_,
        [](void* observer, const PGresult* notice) {
          auto field = [&](int code) -> std::string_view {
            const char* text = PQresultErrorField(notice, code);
            return text ? text : "";
          };
          query_event event;
          event.kind = query_event_kind::notice;
          event.message = field(PG_DIAG_MESSAGE_PRIMARY);
          event.severity = field(PG_DIAG_SEVERITY_NONLOCALIZED);
          static_cast<const engine_detail::query_observer*>(observer)->notify(event);
        },
        const_cast<engine_detail::query_observer*>(observer_.get()));
  }

  // Takes over an open connection (made without blocking by the async side).
  void adopt(PGconn* conn) {
    if (conn_) PQfinish(conn_);
    conn_ = conn;
    statements_.clear();
    receive_notices();
    if (pipeline_) {
      pipeline_->fail_all_lost("connection lost");
      pipeline_->attach(conn_);
    }
  }

  // A connection that broke is replaced on next use, but never inside a transaction
  // scope: its statements must not run in autocommit on a new connection.
  void ensure_connected() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) [[likely]]
      return;
    if (!state().may_reconnect()) {
      state().connection_lost(conn_ ? PQerrorMessage(conn_) : "no connection");
      state().check_usable();  // throws connection_lost
    }
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    statements_.clear();
    if (pipeline_) {
      pipeline_->fail_all_lost("connection lost");
      pipeline_->attach(nullptr);
    }
    connect();
    if (pipeline_) pipeline_->attach(conn_);
  }

  void execute_script(const char* sql) {
    try {
      prepare_for_sync_call();
      result_handle handle{PQexec(conn_, sql)};
      ExecStatusType status = PQresultStatus(handle.get());
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result_error(conn_, handle.get());
    } catch (const error& e) {
      statement_failed(e);
      throw;
    }
  }

  std::vector<std::vector<std::optional<std::string>>> text_result(std::string_view sql, bool keep_rows) {
    const std::string text{sql};
    const auto start = engine_detail::statement_start(observer_);
    std::vector<std::vector<std::optional<std::string>>> rows;
    try {
      prepare_for_sync_call();
      result_handle handle{PQexec(conn_, text.c_str())};
      const ExecStatusType status = PQresultStatus(handle.get());
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result_error(conn_, handle.get());
      if (keep_rows)
        for (int r = 0, n = PQntuples(handle.get()); r < n; ++r) {
          auto& row = rows.emplace_back();
          for (int c = 0, m = PQnfields(handle.get()); c < m; ++c) {
            if (PQgetisnull(handle.get(), r, c)) row.emplace_back();
            else row.emplace_back(std::string(PQgetvalue(handle.get(), r, c),
                                              static_cast<std::size_t>(PQgetlength(handle.get(), r, c))));
          }
        }
    } catch (const error& e) {
      if (observer_) [[unlikely]]
        engine_detail::report_failed_statement(*observer_, text, start, e);
      statement_failed(e);
      throw;
    }
    if (observer_) [[unlikely]]
      engine_detail::report_statement(*observer_, text, start, static_cast<std::int64_t>(rows.size()));
    return rows;
  }

  // One statement of the transaction algorithm, answered (never throws).
  engine_detail::statement_answer transaction_statement(const char* sql) noexcept {
    engine_detail::statement_answer answer;
    const auto start = observer_ ? engine_detail::query_clock::now() : engine_detail::query_clock::time_point{};
    try {
      prepare_for_sync_call();
      result_handle handle{PQexec(conn_, sql)};
      ExecStatusType status = PQresultStatus(handle.get());
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result_error(conn_, handle.get());
      answer.rolled_back = std::string_view{PQcmdStatus(handle.get())} == "ROLLBACK";
    } catch (const error& e) {
      answer.code = e.value();
      answer.message = e.engine_message();
    } catch (...) {
      answer.code = errc::engine_error;
      answer.message = "unexpected failure";
    }
    answer.transaction_open = in_transaction();
    if (observer_) [[unlikely]]
      engine_detail::report_transaction_statement(*observer_, sql, start, answer.code, answer.message);
    return answer;
  }

  void statement_failed(const error& e) {
    state().statement_failed(e.value(), in_transaction() || !conn_ || PQstatus(conn_) != CONNECTION_OK,
                             e.engine_message());
  }

  template <class Q>
  static constexpr bool columnar = [] {
    if constexpr (requires { Q::columnar_on_postgres; }) return Q::columnar_on_postgres;
    else return false;
  }();

  // Encodes the parameters of each run of q into pointers_/lengths_/formats_ (and the
  // parameter types into types_ when the statement is not prepared yet), calling
  // each() after every run's encoding. A columnar batch is a single run.
  template <class Q, class Each>
  void encode_runs(const Q& q, std::size_t slot, Each&& each) {
    constexpr int count = piccolo::detail::sql_text<Q, dialect_id::postgres>::parameters;
    bool with_types = statements_.needs_prepare(slot);
    if constexpr (columnar<Q>) {
      batch_.clear();
      std::size_t rows = 0;
      q.for_each_binding([&](const value_view* values) {
        batch_.insert(batch_.end(), values, values + count);
        ++rows;
      });
      if (rows == 0) return;
      encode_columns(rows, count, with_types);
      each();
    } else {
      q.for_each_binding([&](const value_view* values) {
        encode_parameters(values, count, with_types);
        with_types = false;
        each();
      });
    }
  }

  void encode_parameters(const value_view* values, int count, bool with_types) {
    start_parameters(count);
    if (with_types) {
      types_.resize(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) types_[i] = detail::oid_of(values[i]);
    }
    for (int i = 0; i < count; ++i) {
      const value_view& v = values[i];
      if (v.is_null || v.kind == value_kind::null) continue;
      if (v.kind == value_kind::text || v.kind == value_kind::blob) {
        // sent from the caller's memory, no copy; an empty value still needs a pointer
        pointers_[i] = v.size ? static_cast<const char*>(v.data) : "";
        lengths_[i] = static_cast<int>(detail::checked_length(v.size));
        continue;
      }
      std::size_t at = scratch_.size();
      if (detail::is_list(v.kind))
        detail::put_array(scratch_, v);
      else if (v.kind == value_kind::array)
        detail::put_array_value(scratch_, v);
      else
        detail::put_scalar(scratch_, v);
      offsets_[i] = at;
      lengths_[i] = static_cast<int>(detail::checked_length(scratch_.size() - at));
    }
    fix_pointers(count);
  }

  void encode_columns(std::size_t rows, int count, bool with_types) {
    start_parameters(count);
    if (with_types) {
      types_.resize(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) types_[i] = detail::array_oid_of(batch_[i]);
    }
    for (int i = 0; i < count; ++i) {
      std::size_t at = scratch_.size();
      detail::put_column_array(scratch_, batch_.data(), rows, static_cast<std::size_t>(count),
                               static_cast<std::size_t>(i));
      offsets_[i] = at;
      lengths_[i] = static_cast<int>(detail::checked_length(scratch_.size() - at));
    }
    fix_pointers(count);
  }

  // scratch_ is complete: its addresses are stable now
  void fix_pointers(int count) {
    for (int i = 0; i < count; ++i)
      if (offsets_[i] != static_cast<std::size_t>(-1)) pointers_[i] = scratch_.data() + offsets_[i];
  }

  // A batch whose serial keys are all unset goes by COPY (binary), encoded in one pass
  // over the rows; false: it does not qualify, use the unnest() statement. It does not
  // either when the table's column types differ from those of the C++ members (binary
  // COPY has no casts): asked of the catalog once per connection and insert shape.
  template <class Q>
  bool copy_batch(const Q& q, std::int64_t& result) {
    constexpr int count = piccolo::detail::sql_text<Q, dialect_id::postgres>::parameters;
    constexpr auto& widths = Q::copy_widths;
    constexpr int fields = [] {
      int n = 0;
      for (int w : Q::copy_widths) n += w != -2;
      return n;
    }();
    const std::size_t check_slot = engine_detail::query_slot<typename Q::copy_statement>;
    if (check_slot >= copy_checks_.size()) copy_checks_.resize(check_slot + 1);
    detail::copy_type_check& check = copy_checks_[check_slot];
    if (check.backend != PQbackendPID(conn_)) check = {};
    if (check.backend != 0 && !check.matches) return false;
    scratch_.assign("PGCOPY\n\377\r\n\0", 11);
    detail::put_u32(scratch_, 0);  // flags
    detail::put_u32(scratch_, 0);  // header extension
    std::size_t rows = 0;
    bool qualifies = true;
    std::array<unsigned, static_cast<std::size_t>(fields)> expected{};
    q.for_each_binding([&](const value_view* values) {
      if (!qualifies) return;
      scratch_ += static_cast<char>(fields >> 8);
      scratch_ += static_cast<char>(fields);
      for (int c = 0, f = 0; c < count; ++c) {
        if (widths[c] == -2) {
          qualifies = qualifies && values[c].is_null;
          continue;
        }
        if (rows == 0) expected[static_cast<std::size_t>(f++)] = detail::copy_oid_of(values[c], widths[c]);
        detail::put_copy_field(scratch_, values[c], widths[c]);
      }
      ++rows;
    });
    if (!qualifies) return false;
    if (rows == 0) return true;
    if (check.backend == 0) {
      std::optional<bool> matches = detail::copy_types_match<typename Q::table_type>(conn_, widths, expected);
      if (!matches) return false;  // no such table (yet): unnest() reports it
      check = {PQbackendPID(conn_), *matches};
      if (!*matches) return false;
    }
    scratch_ += '\xff';
    scratch_ += '\xff';
    constexpr std::string_view text = sql_of<typename Q::copy_statement, postgres_dialect>;
    auto copy = [&] { result = execute_copy(text.data()); };
    try {
      if (transaction_depth() > 0) in_savepoint(copy);
      else copy();
    } catch (const error& e) {
      check = {};  // the table may have changed underneath: ask again next time
      // a field its column's type does not read (the table changed since it was checked):
      // nothing was stored, and the unnest() statement converts
      if (e.value() == errc::protocol_violation || e.value() == errc::type_mismatch) return false;
      throw;
    }
    return true;
  }

  // Sends scratch_ (a complete binary COPY stream) with COPY ... FROM STDIN.
  std::int64_t execute_copy(const char* text) {
    result_handle start{PQexec(conn_, text)};
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) throw_result_error(conn_, start.get());
    constexpr std::size_t chunk = 1u << 20;
    for (std::size_t at = 0; at < scratch_.size(); at += chunk) {
      int n = static_cast<int>(std::min(chunk, scratch_.size() - at));
      if (PQputCopyData(conn_, scratch_.data() + at, n) != 1) throw_result_error(conn_, nullptr);
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) throw_result_error(conn_, nullptr);
    result_handle done{PQgetResult(conn_)};
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) throw_result_error(conn_, done.get());
    return std::atoll(PQcmdTuples(done.get()));
  }

  template <class Q>
  static void check_width(const PGresult* result) {
    if constexpr (requires { Q::columns + 0; }) {
      if (Q::columns >= 0 && PQnfields(result) != Q::columns)
        throw error(errc::misuse, "raw(): the statement returns " + std::to_string(PQnfields(result)) +
                                      " columns, the row type has " + std::to_string(Q::columns));
    }
  }

  void start_parameters(int count) {
    auto n = static_cast<std::size_t>(count);
    if (pointers_.size() != n) {
      pointers_.resize(n);
      lengths_.resize(n);
      formats_.assign(n, 1);  // every parameter is sent in binary format
      offsets_.resize(n);
    }
    std::fill_n(pointers_.data(), n, nullptr);
    std::fill_n(lengths_.data(), n, 0);
    std::fill_n(offsets_.data(), n, static_cast<std::size_t>(-1));
    scratch_.clear();
  }

  // Synchronous libpq calls need the connection out of pipeline mode, and nothing in flight.
  void prepare_for_sync_call() {
    state().check_usable();
    ensure_connected();
    if (pipeline_) {
      if (!pipeline_->idle())
        throw error(errc::misuse, "a synchronous run() while asynchronous queries are in flight on this connection");
      pipeline_->leave_pipeline_mode();
    }
  }

  std::string conninfo_;
  PGconn* conn_ = nullptr;
  // How long an asynchronous reconnect may take before its queries fail with timed_out.
  std::chrono::milliseconds connect_timeout_{10'000};
  detail::statement_cache statements_;
  // reused between runs: no allocation per query once warmed up
  std::string scratch_;
  std::vector<const char*> pointers_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<std::size_t> offsets_;
  std::vector<Oid> types_;
  std::vector<value_view> batch_;
  std::vector<detail::copy_type_check> copy_checks_;  // by COPY statement slot
  engine_detail::observer_ptr observer_;  // on_query(); null: nothing is measured
  std::unique_ptr<detail::pipeline_base> pipeline_;  // set when built on an executor
};

}  // namespace piccolo::postgres
