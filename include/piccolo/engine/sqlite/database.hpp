#pragma once
// pc::sqlite::database: one SQLite connection. run(query) executes on the calling
// thread: a cached prepared statement per query type, bind, step, rows decoded straight
// into the result type. The typed front end is thin; preparing, binding, stepping and
// errors are plain functions below, compiled once.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include <piccolo/core/decimal.hpp>
#include <piccolo/core/dialect.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/engine/detail/async_front.hpp>
#include <piccolo/engine/detail/collect.hpp>
#include <piccolo/engine/detail/objects_front.hpp>
#include <piccolo/engine/detail/list_json.hpp>
#include <piccolo/engine/detail/query_slot.hpp>
#include <piccolo/engine/detail/stream.hpp>
#include <piccolo/engine/detail/transactions.hpp>
#include <piccolo/engine/diagnostics.hpp>
#include <piccolo/engine/query_event.hpp>
#include <piccolo/engine/sqlite/error.hpp>
#include <piccolo/engine/sqlite/row.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/schema/uuid.hpp>

namespace piccolo::sqlite {

namespace detail {
// What a database built on an executor owns (threads, strands, reader connections);
// defined by <piccolo/sqlite_async.hpp>.
struct async_state_base {
  virtual ~async_state_base() = default;
  // The writer connection is shared by run() on the caller's thread and the writer strand.
  std::recursive_mutex writer_mutex;
  // An asynchronous transaction holds the writer from BEGIN to COMMIT, across its
  // awaits: run() on another thread waits for it to end (guarded by writer_mutex).
  bool transaction_open = false;
  std::condition_variable_any writer_free;

  // Locks the writer for a synchronous call, once no asynchronous transaction holds it.
  std::unique_lock<std::recursive_mutex> lock_writer() {
    std::unique_lock lock{writer_mutex};
    writer_free.wait(lock, [&] { return !transaction_open; });
    return lock;
  }
  // The reader connections report to the same hook as the writer.
  virtual void observe(const engine_detail::observer_ptr& observer) = 0;
};
// The asynchronous operations, defined by <piccolo/sqlite_async.hpp>: without that
// header, async_run() fails to compile on this incomplete type.
template <class T>
struct async_api;
// What a database built on an executor owns, defined by <piccolo/sqlite_async.hpp>.
struct async_state;
// A stream's statement and position, defined by <piccolo/engine/sqlite/stream.hpp>.
template <class Q>
class stream_state;
}  // namespace detail
class transaction_handle;
template <class Q>
class row_stream;
class async_transaction;
class database;
// auto tx = db.begin(); tx.run(q); tx.commit();  (rolls back unless committed). It holds
// the writer of a database built on an executor: use it on one thread.
using transaction = engine_detail::basic_transaction<database, std::unique_lock<std::recursive_mutex>>;

struct options {
  // How long a statement waits for another connection's lock before failing with busy.
  std::chrono::milliseconds busy_timeout{5000};
  // WAL journal and synchronous=NORMAL for files (not for ":memory:").
  bool write_ahead_log = true;
  bool foreign_keys = true;
};

// BEGIN DEFERRED (default) / IMMEDIATE (take the write lock now) / EXCLUSIVE.
enum class transaction_mode { deferred, immediate, exclusive };

class database : public engine_detail::transaction_support<database>,
                 public engine_detail::async_front<database, detail::async_api>,
                 public engine_detail::objects_front<database> {
 public:
  explicit database(std::string_view path, options opts = {}) { open(path, opts); }

  // A database that also runs queries asynchronously (include <piccolo/sqlite_async.hpp>):
  // on worker threads (SQLite has no non-blocking API), completing on the handler's
  // executor (by default ex). Writes go through this connection, one at a time; reads of
  // a file database go to `readers` read-only connections beside it (WAL). run() still
  // executes inline on the caller.
  template <class Executor>
    requires(!std::is_convertible_v<Executor, std::string_view>)
  database(Executor ex, std::string_view path, options opts = {}, std::size_t readers = 2)
      : database(path, opts) {
    detail::async_api<Executor>::attach(*this, std::move(ex), path, opts, readers);
  }
  database(database&& other) noexcept
      : engine_detail::transaction_support<database>(std::move(other)),
        db_(std::exchange(other.db_, nullptr)),
        statements_(std::move(other.statements_)),
        observer_(std::move(other.observer_)),
        async_(std::move(other.async_)) {}
  database& operator=(database&& other) noexcept {
    if (this != &other) {
      close();
      engine_detail::transaction_support<database>::operator=(std::move(other));
      db_ = std::exchange(other.db_, nullptr);
      statements_ = std::move(other.statements_);
      observer_ = std::move(other.observer_);
      async_ = std::move(other.async_);
    }
    return *this;
  }
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database() {
    async_.reset();  // lets queued asynchronous work finish before the connection goes
    close();
  }

  // A query with filters chosen at run time (pc::when, pc::order_by_one_of): runs the
  // variant of the values set, each variant its own prepared statement.
  template <query Q>
    requires requires { Q::variants; }
  typename Q::result_type run(const Q& q) {
    return q.visit([&](const auto& variant) { return run(variant); });
  }

  // Runs a query; returns what the query type says (rows, optional row, count, ...).
  template <query Q>
  typename Q::result_type run(const Q& q) {
    if (async_) {
      auto lock = async_->lock_writer();
      return run_here(q);
    }
    return run_here(q);
  }

  // A transaction as an object: commit() it, or it rolls back when destroyed. Inside
  // another transaction of this connection, a savepoint.
  [[nodiscard]] sqlite::transaction begin(transaction_mode mode = transaction_mode::deferred) {
    std::unique_lock<std::recursive_mutex> lock;
    if (async_) lock = async_->lock_writer();
    return sqlite::transaction{*this, std::move(lock), begin_statement(mode)};
  }

  // co_await db.async_begin(asio::use_awaitable): the same, asynchronously, holding the
  // writer until it ends; completes with (std::exception_ptr, async_transaction).
  // Defined by <piccolo/sqlite_async.hpp>.
  template <class Token = boost::asio::deferred_t>
  auto async_begin(Token&& token = {}, transaction_mode mode = transaction_mode::immediate) {
    return detail::async_api<Token>::begin_object(*this, std::forward<Token>(token), mode);
  }

  // ---- asynchronous execution: declared here, defined by <piccolo/sqlite_async.hpp> ----

  // co_await db.async_transaction([](auto& tx) -> asio::awaitable<void> {
  //   co_await tx.async_run(q, asio::use_awaitable); }, asio::use_awaitable);
  // BEGIN IMMEDIATE by default: the write lock is taken up front, so concurrent
  // writers queue instead of failing busy. Other asynchronous writes on this database
  // wait until it ends. Completes with void(std::exception_ptr).
  template <class Body, class Token = boost::asio::deferred_t>
  auto async_transaction(Body body, Token&& token = {},
                         transaction_mode mode = transaction_mode::immediate) {
    return detail::async_api<Body>::transaction(*this, std::move(body), std::forward<Token>(token), mode);
  }



  // Runs f(db) in a transaction: commits when f returns, rolls back and rethrows when
  // it throws. Inside another transaction it becomes a SAVEPOINT.
  template <class F>
  decltype(auto) transaction(F&& f, transaction_mode mode = transaction_mode::deferred) {
    if (async_) {
      // the writer is this thread's for the whole transaction
      auto lock = async_->lock_writer();
      return run_transaction(begin_statement(mode), std::forward<F>(f));
    }
    return run_transaction(begin_statement(mode), std::forward<F>(f));
  }

  // for (auto&& row : db.stream(q, 1000)) ...: q's rows read as the range advances, never
  // all in memory; co_await stream.async_next(token) for batches. What an open stream
  // holds: <piccolo/engine/sqlite/stream.hpp> (which defines it; <piccolo/sqlite.hpp>).
  template <query Q>
  auto stream(Q q, std::size_t batch_size = 1000) {
    static_assert(engine_detail::streamable<Q>, PICCOLO_STREAMABLE_MESSAGE);
    if constexpr (engine_detail::streamable<Q>) {
      static_assert(runs_on<Q, sqlite_dialect>,
                    "piccolo: stream(): the query uses a clause SQLite does not have (distinct_on() is "
                    "PostgreSQL's); stream it from a PostgreSQL database, or use group_by() instead");
      static_assert(renders_on<Q, sqlite_dialect>,
                    "piccolo: stream(): the query uses an operation SQLite does not have (contains() / "
                    "contained_in() on pc::jsonb are PostgreSQL-only); stream it from a PostgreSQL database");
      return row_stream<Q>{*this, std::move(q), batch_size};
    }
  }

  // hook(event) after each statement this database runs, its transactions' included
  // (<piccolo/engine/query_event.hpp>); an empty hook removes it. Set it before running
  // queries on other threads: it is not synchronised with them.
  void on_query(query_hook hook) {
    observer_ = engine_detail::make_observer(std::move(hook));
    if (async_) async_->observe(observer_);
  }
  template <class Hook>
  void on_query(Hook&& hook) {
    static_assert(engine_detail::query_hook_callable<Hook>, PICCOLO_QUERY_HOOK_MESSAGE);
    if constexpr (engine_detail::query_hook_callable<Hook>) on_query(query_hook{std::forward<Hook>(hook)});
  }
  // How many times the hook threw (each exception is dropped: the statement is unaffected).
  std::size_t query_hook_failures() const noexcept { return observer_ ? observer_->failures() : 0; }

  // ---- runtime SQL text (migrations, tools): not for queries a program knows at compile time ----

  // Runs one or more statements of runtime text, no parameters; rows are not kept. Told to
  // the query hook and mapped to piccolo::error like run()'s; a dead transaction scope
  // runs nothing.
  void execute(std::string_view sql) {
    std::unique_lock<std::recursive_mutex> lock;
    if (async_) lock = async_->lock_writer();
    const std::string text{sql};
    const auto start = engine_detail::statement_start(observer_);
    try {
      execute_script(text.c_str());
    } catch (const error& e) {
      if (observer_) [[unlikely]]
        engine_detail::report_failed_statement(*observer_, text, start, e);
      throw;
    }
    if (observer_) [[unlikely]]
      engine_detail::report_statement(*observer_, text, start, 0);
  }

  // The rows of one statement of runtime text, each value as text (NULL: nullopt; a BLOB:
  // its bytes).
  std::vector<std::vector<std::optional<std::string>>> text_rows(std::string_view sql) {
    std::unique_lock<std::recursive_mutex> lock;
    if (async_) lock = async_->lock_writer();
    state().check_usable();
    const auto start = engine_detail::statement_start(observer_);
    std::vector<std::vector<std::optional<std::string>>> result;
    try {
      sqlite3_stmt* prepared = nullptr;
      if (int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &prepared, nullptr); rc != SQLITE_OK)
        throw_error(db_, rc);
      const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement{prepared, &sqlite3_finalize};
      while (prepared && step(prepared)) {
        auto& row = result.emplace_back();
        for (int i = 0, n = sqlite3_column_count(prepared); i < n; ++i) {
          if (sqlite3_column_type(prepared, i) == SQLITE_NULL) {
            row.emplace_back();
            continue;
          }
          const auto* bytes = static_cast<const char*>(sqlite3_column_blob(prepared, i));
          row.emplace_back(std::string(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(prepared, i))));
        }
      }
    } catch (const error& e) {
      if (observer_) [[unlikely]]
        engine_detail::report_failed_statement(*observer_, sql, start, e);
      state().statement_failed(e.value(), in_transaction(), e.engine_message());
      throw;
    }
    if (observer_) [[unlikely]]
      engine_detail::report_statement(*observer_, sql, start, static_cast<std::int64_t>(result.size()));
    return result;
  }

  // Holds the writer connection for this thread until the returned lock is released: calls
  // on other threads and the executor's writes wait (an empty lock when the database is not
  // built on an executor). For a sequence that must not interleave with them, such as a
  // migration's PRAGMA foreign_keys = OFF, BEGIN ... COMMIT, PRAGMA foreign_keys = ON.
  [[nodiscard]] std::unique_lock<std::recursive_mutex> hold_writer() {
    if (async_) return async_->lock_writer();
    return {};
  }

  // The statement runner SQLite's table rebuild needs (in_transaction(), execute(text),
  // rows(text); query/detail/sqlite_rebuild.hpp), for pc::run_sqlite_rebuild(): the one
  // pc::alter<T>() uses.
  auto table_rebuild_runner() { return rebuild_runner<database>{*this}; }

  bool in_transaction() const noexcept { return db_ && !sqlite3_get_autocommit(db_); }
  // An in-memory database (":memory:", "file::memory:", mode=memory, a temporary one), as
  // SQLite reports it: no other connection can read it.
  bool in_memory() const noexcept {
    const char* file = db_ ? sqlite3_db_filename(db_, "main") : nullptr;
    return !file || !*file;
  }
  sqlite3* native_handle() const noexcept { return db_; }
  // Statements prepared so far (one per query type run on this connection).
  std::size_t prepared_statements() const noexcept {
    std::size_t n = 0;
    for (auto* s : statements_) n += s != nullptr;
    return n;
  }

 private:
  friend class engine_detail::transaction_support<database>;
  friend class engine_detail::savepoint_guard<database>;
  friend class engine_detail::basic_transaction<database, std::unique_lock<std::recursive_mutex>>;
  friend class async_transaction;

  // run() without the writer lock: the caller holds it, or there is no async side.
  template <query Q>
  typename Q::result_type run_here(const Q& q) {
    static_assert(binds_rendered_parameters<Q, sqlite_dialect>, "piccolo: run(): the query binds a different number of values than its text has parameters (Q::parameters)");
    static_assert(runs_on<Q, sqlite_dialect>,
                  "piccolo: run(): the query uses a clause SQLite does not have (distinct_on() is "
                  "PostgreSQL's); run it on a PostgreSQL database, or use group_by() instead");
    static_assert(renders_on<Q, sqlite_dialect>,
                  "piccolo: run(): the query uses an operation SQLite does not have (contains() / "
                  "contained_in() on pc::jsonb are PostgreSQL-only); run it on a PostgreSQL database");
    static_assert(engine_detail::runnable_query<Q>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    // a query refused above: its SQL text is not asked for (one message, not two)
    if constexpr (!renders_on<Q, sqlite_dialect>) {
      throw error(errc::misuse, "refused at compile time");
    } else {
      state().check_usable();  // a dead transaction scope runs nothing
      const auto start = engine_detail::statement_start(observer_);
      try {
        if constexpr (std::is_void_v<typename Q::result_type>) {
          run_checked(q, start);
          if (observer_) [[unlikely]]
            engine_detail::report_statement(*observer_, sql_of<Q, sqlite_dialect>, start, 0);
        } else {
          return run_checked(q, start);  // run_prepared tells the hook
        }
      } catch (const error& e) {
        if (observer_) [[unlikely]]
          engine_detail::report_failed_statement(*observer_, sql_of<Q, sqlite_dialect>, start, e);
        // an error that ended the transaction by itself (FULL, IOERR, NOMEM, INTERRUPT)
        // makes the whole scope dead
        state().statement_failed(e.value(), in_transaction(), e.engine_message());
        throw;
      }
    }
  }

  template <query Q>
  typename Q::result_type run_checked(const Q& q, [[maybe_unused]] engine_detail::query_clock::time_point start) {
    if constexpr (requires { Q::rebuilds_on_sqlite; } && Q::kind == result_kind::statements) {
      // a schema change ALTER TABLE cannot make: the query's table rebuild reads the
      // database between its statements (pc::alter<T>(), query/detail/sqlite_rebuild.hpp)
      if constexpr (Q::rebuilds_on_sqlite) {
        rebuild_runner<database> runner{*this};
        Q::rebuild_table(runner);
      } else {
        execute_script(sql_of<Q, sqlite_dialect>.data());
      }
    } else if constexpr (Q::kind == result_kind::statements) {
      execute_script(sql_of<Q, sqlite_dialect>.data());
    } else {
      return run_prepared(q, start);
    }
  }

  // The statements a table rebuild runs, and the rows of those that read (as text). A
  // template: only a translation unit that alters a table instantiates its containers.
  template <class Database>
  struct rebuild_runner {
    Database& db;
    bool in_transaction() const noexcept { return db.in_transaction(); }
    void execute(const std::string& sql) { db.execute_script(sql.c_str()); }
    std::vector<std::vector<std::string>> rows(const std::string& sql) {
      sqlite3_stmt* prepared = nullptr;
      if (int rc = sqlite3_prepare_v2(db.db_, sql.c_str(), -1, &prepared, nullptr); rc != SQLITE_OK)
        throw_error(db.db_, rc);
      const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement{prepared, &sqlite3_finalize};
      std::vector<std::vector<std::string>> result;
      int rc;
      while ((rc = sqlite3_step(prepared)) == SQLITE_ROW) {
        std::vector<std::string>& row = result.emplace_back();
        for (int i = 0, n = sqlite3_column_count(prepared); i < n; ++i) {
          const auto* text = sqlite3_column_text(prepared, i);
          row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
      }
      if (rc != SQLITE_DONE) throw_error(db.db_, rc);
      return result;
    }
  };

  // Apart from run_checked so that `result` is in the function's outermost scope: GCC 12
  // elides the copy of a returned local (NRVO) only there (a row in an optional moves its strings).
  template <query Q>
  typename Q::result_type run_prepared(const Q& q, engine_detail::query_clock::time_point start) {
    constexpr std::string_view text = sql_of<Q, sqlite_dialect>;
    constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::sqlite>::parameters;
    int expected_columns = -1;
    if constexpr (requires { Q::columns + 0; }) expected_columns = Q::columns;
    sqlite3_stmt* statement = prepared(engine_detail::query_slot<Q>, text, expected_columns);
    typename Q::result_type result{};
    auto execute = [&] {
      q.for_each_binding([&](const value_view* values) {
        reset_guard guard{statement};
        bind_all(statement, values, parameters);
        cursor rows{*this, statement, expected_columns};
        engine_detail::collect<Q>(rows, result);
      });
    };
    if constexpr (Q::batched) atomically(execute);
    else execute();
    if (observer_) [[unlikely]]
      engine_detail::report_statement(*observer_, text, start, engine_detail::rows_of<Q>(result));
    return result;
  }


  template <class>
  friend struct detail::async_api;
  friend class transaction_handle;
  friend struct detail::async_state;
  template <class>
  friend class detail::stream_state;

  static const char* begin_statement(transaction_mode mode) noexcept {
    return mode == transaction_mode::immediate   ? "BEGIN IMMEDIATE"
           : mode == transaction_mode::exclusive ? "BEGIN EXCLUSIVE"
                                                 : "BEGIN DEFERRED";
  }

  // A batch takes the write lock up front: no upgrade from a read lock that could fail busy.
  static constexpr const char* atomic_begin = "BEGIN IMMEDIATE";

  struct reset_guard {
    sqlite3_stmt* statement;
    ~reset_guard() { sqlite3_reset(statement); }
  };

  void open(std::string_view path, const options& opts) {
    std::string file{path};
    int rc = sqlite3_open_v2(file.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                                 SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      close();
      throw error(errc::connection_failed, message + " (" + file + ")", rc);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(opts.busy_timeout.count()));
    register_uuid_functions();
    // LIKE is case-sensitive, as on PostgreSQL; ilike() folds case explicitly.
    execute_script("PRAGMA case_sensitive_like = ON");
    if (opts.foreign_keys) execute_script("PRAGMA foreign_keys = ON");
    if (opts.write_ahead_log && !in_memory())
      execute_script("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  }

  // piccolo_uuid4() / piccolo_uuid7(): the DEFAULT of pc::default_uuid4 / default_uuid7
  // columns (SQLite 3.40 cannot build a uuid's bytes in SQL), a 16-byte BLOB.
  void register_uuid_functions() {
    struct functions {
      static void uuid4(sqlite3_context* context, int, sqlite3_value**) { result(context, &uuid::v4); }
      static void uuid7(sqlite3_context* context, int, sqlite3_value**) { result(context, &uuid::v7); }
      static void result(sqlite3_context* context, uuid (*make_uuid)()) {
        try {
          const uuid u = make_uuid();
          sqlite3_result_blob(context, u.bytes().data(), static_cast<int>(uuid::size), SQLITE_TRANSIENT);
        } catch (const std::exception& e) {
          sqlite3_result_error(context, e.what(), -1);
        }
      }
    };
    for (auto [name, function] : {std::pair{"piccolo_uuid4", &functions::uuid4},
                                  std::pair{"piccolo_uuid7", &functions::uuid7}}) {
      // innocuous: usable in a DEFAULT even where the schema is not trusted; not deterministic
      int rc = sqlite3_create_function_v2(db_, name, 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, nullptr, function, nullptr,
                                          nullptr, nullptr);
      if (rc != SQLITE_OK) throw_error(db_, rc);
    }
  }

  void close() noexcept {
    for (auto* s : statements_) sqlite3_finalize(s);
    statements_.clear();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  void execute_script(const char* sql) {
    state().check_usable();
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      sqlite3_free(message);
      try {
        throw_error(db_, rc);
      } catch (const error& e) {
        state().statement_failed(e.value(), in_transaction(), e.engine_message());
        throw;
      }
    }
  }

  // One statement of the transaction algorithm, answered (never throws).
  engine_detail::statement_answer transaction_statement(const char* sql) noexcept {
    engine_detail::statement_answer answer;
    const auto start = observer_ ? engine_detail::query_clock::now() : engine_detail::query_clock::time_point{};
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      answer.message = sqlite3_errmsg(db_);
      answer.code = map_result_code(sqlite3_extended_errcode(db_), answer.message);
    }
    answer.transaction_open = in_transaction();
    if (observer_) [[unlikely]]
      engine_detail::report_transaction_statement(*observer_, sql, start, answer.code, answer.message);
    return answer;
  }

  sqlite3_stmt* prepared(std::size_t slot, std::string_view text, int expected_columns) {
    if (slot < statements_.size() && statements_[slot]) [[likely]]
      return statements_[slot];
    return prepare(slot, text, expected_columns);
  }

  sqlite3_stmt* prepare(std::size_t slot, std::string_view text, int expected_columns) {
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.data(), static_cast<int>(text.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) throw_error(db_, rc);
    if (expected_columns >= 0 && sqlite3_column_count(statement) != expected_columns) {
      int actual = sqlite3_column_count(statement);
      sqlite3_finalize(statement);
      throw error(errc::misuse, "raw(): the statement returns " + std::to_string(actual) +
                                    " columns, the row type has " + std::to_string(expected_columns));
    }
    if (slot >= statements_.size()) statements_.resize(slot + 1, nullptr);
    statements_[slot] = statement;
    return statement;
  }

  // NULLs, integers and short text, the values of nearly every row, bind inline; the
  // other kinds (and their range checks) in bind_value, out of line.
  void bind_all(sqlite3_stmt* statement, const value_view* values, int count) {
    for (int i = 0; i < count; ++i) {
      const value_view& v = values[i];
      const int index = i + 1;
      int rc;
      if (v.is_null)
        rc = sqlite3_bind_null(statement, index);
      else if (v.kind == value_kind::int64 || v.kind == value_kind::boolean)
        rc = sqlite3_bind_int64(statement, index, v.integer);
      else if (v.kind == value_kind::text && v.size <= 0x7fffffff)
        rc = sqlite3_bind_text(statement, index, static_cast<const char*>(v.data), static_cast<int>(v.size),
                               SQLITE_STATIC);
      else
        rc = bind_value(statement, index, v);
      if (rc != SQLITE_OK) [[unlikely]]
        throw_error(db_, rc);
    }
  }

  [[gnu::noinline]] static int bind_value(sqlite3_stmt* statement, int index, const value_view& v) {
    switch (v.kind) {
      case value_kind::null: return sqlite3_bind_null(statement, index);
      case value_kind::int64:
      case value_kind::boolean: return sqlite3_bind_int64(statement, index, v.integer);
      case value_kind::float64: return sqlite3_bind_double(statement, index, v.real);
      case value_kind::text:  // past 2 GiB: SQLite answers TOOBIG
        return sqlite3_bind_text64(statement, index, static_cast<const char*>(v.data), v.size, SQLITE_STATIC,
                                   SQLITE_UTF8);
      case value_kind::typed_bytes:
        if (v.sqlite_text)  // JSON: its text, which SQLite's JSON functions read
          return sqlite3_bind_text64(statement, index, static_cast<const char*>(v.data) + v.text_offset,
                                     v.size - v.text_offset, SQLITE_STATIC, SQLITE_UTF8);
        [[fallthrough]];
      case value_kind::blob:
        return v.size == 0 ? sqlite3_bind_zeroblob(statement, index, 0)
                           : sqlite3_bind_blob64(statement, index, v.data, v.size, SQLITE_STATIC);
      case value_kind::timestamp:
      case value_kind::timestamptz: {
        // the text form has four year digits: a time point outside 0000..9999 is refused
        if (!piccolo::detail::timestamp_fits_text(v.integer)) [[unlikely]]
          throw error(errc::out_of_range, "time point outside the years 0000..9999 cannot be stored in SQLite");
        char buffer[40];
        std::size_t n = piccolo::detail::format_timestamp(v.integer, buffer);
        // an instant says so: "+00:00" (it sorts below a fraction, unlike "Z")
        if (v.kind == value_kind::timestamptz)
          for (char ch : std::string_view{"+00:00"}) buffer[n++] = ch;
        return sqlite3_bind_text(statement, index, buffer, static_cast<int>(n), SQLITE_TRANSIENT);
      }
      case value_kind::date: {
        if (!piccolo::detail::date_fits_text(v.integer)) [[unlikely]]
          throw error(errc::out_of_range, "date outside the years 0000..9999 cannot be stored in SQLite");
        char buffer[16];
        std::size_t n = piccolo::detail::format_date(v.integer, buffer);
        return sqlite3_bind_text(statement, index, buffer, static_cast<int>(n), SQLITE_TRANSIENT);
      }
      case value_kind::time_of_day: {
        char buffer[16];
        std::size_t n = piccolo::detail::format_time_of_day(v.integer, buffer);
        return sqlite3_bind_text(statement, index, buffer, static_cast<int>(n), SQLITE_TRANSIENT);
      }
      case value_kind::interval: return sqlite3_bind_int64(statement, index, v.integer);
      case value_kind::numeric: {
        std::string text = piccolo::detail::sortable_decimal(v.text(), static_cast<int>(v.integer));
        return sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
      case value_kind::int64_list:
      case value_kind::float64_list:
      case value_kind::text_list:
      case value_kind::typed_bytes_list:
      case value_kind::array: {
        std::string json =
            v.kind == value_kind::array ? engine_detail::array_as_json(v) : engine_detail::list_as_json(v);
        return sqlite3_bind_text64(statement, index, json.data(), json.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
    }
    return SQLITE_OK;
  }

  // true: a row is ready; false: done.
  bool step(sqlite3_stmt* statement) {
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) [[likely]]
      return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(db_, rc);
  }

  class cursor {
   public:
    cursor(database& db, sqlite3_stmt* statement, int expected_columns) noexcept
        : db_(db), statement_(statement), row_(statement), expected_columns_(expected_columns) {}
    bool next() {
      if (!db_.step(statement_)) return false;
      // SQLite re-prepares a statement when the schema changed (another connection
      // dropped a column): the width checked at prepare may no longer hold
      if (expected_columns_ >= 0) [[unlikely]] {
        int actual = sqlite3_column_count(statement_);
        if (actual != expected_columns_) width_changed(actual, expected_columns_);
        expected_columns_ = -1;  // once per run
      }
      return true;
    }
    [[noreturn, gnu::noinline, gnu::cold]] static void width_changed(int actual, int expected) {
      throw error(errc::misuse, "raw(): the statement now returns " + std::to_string(actual) +
                                    " columns, the row type has " + std::to_string(expected));
    }
    const row& reader() const noexcept { return row_; }
    std::int64_t affected() const noexcept { return sqlite3_changes64(db_.db_); }

   private:
    database& db_;
    sqlite3_stmt* statement_;
    row row_;
    int expected_columns_;
  };

  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
  engine_detail::observer_ptr observer_;  // on_query(); null: nothing is measured
  std::unique_ptr<detail::async_state_base> async_;  // set when built on an executor
};

}  // namespace piccolo::sqlite
