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
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/post.hpp>

#include <sqlite3.h>

#include <piccolo/core/dialect.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/time_format.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/collect.hpp>
#include <piccolo/engine/detail/timeout.hpp>
#include <piccolo/engine/detail/list_json.hpp>
#include <piccolo/engine/detail/query_slot.hpp>
#include <piccolo/engine/detail/transactions.hpp>
#include <piccolo/engine/sqlite/detail/async_state.hpp>
#include <piccolo/engine/sqlite/error.hpp>
#include <piccolo/engine/sqlite/row.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo::sqlite {

struct options {
  // How long a statement waits for another connection's lock before failing with busy.
  std::chrono::milliseconds busy_timeout{5000};
  // WAL journal and synchronous=NORMAL for files (not for ":memory:").
  bool write_ahead_log = true;
  bool foreign_keys = true;
};

// BEGIN DEFERRED (default) / IMMEDIATE (take the write lock now) / EXCLUSIVE.
enum class transaction_mode { deferred, immediate, exclusive };

class database : public engine_detail::transaction_support<database> {
 public:
  explicit database(std::string_view path, options opts = {}) { open(path, opts); }

  // A database that also runs queries asynchronously: on worker threads (SQLite has no
  // non-blocking API), completing on the handler's executor (by default ex). Writes
  // go through this connection, one at a time; reads of a file database go to `readers`
  // read-only connections beside it (WAL). run() still executes inline on the caller.
  database(boost::asio::any_io_executor ex, std::string_view path, options opts = {},
           std::size_t readers = 2)
      : database(path, opts) {
    async_ = std::make_unique<detail::async_state<database>>(std::move(ex), readers);
    std::string file{path};
    bool in_memory = file.empty() || file == ":memory:" || file.find("mode=memory") != std::string::npos;
    if (!in_memory) {
      for (std::size_t i = 0; i < readers; ++i) {
        async_->readers.push_back(std::make_unique<database>(path, opts));
        async_->reader_strands.push_back(boost::asio::make_strand(async_->threads.get_executor()));
      }
    }
  }
  database(database&& other) noexcept
      : engine_detail::transaction_support<database>(std::move(other)),
        db_(std::exchange(other.db_, nullptr)),
        statements_(std::move(other.statements_)),
        async_(std::move(other.async_)) {}
  database& operator=(database&& other) noexcept {
    if (this != &other) {
      close();
      engine_detail::transaction_support<database>::operator=(std::move(other));
      db_ = std::exchange(other.db_, nullptr);
      statements_ = std::move(other.statements_);
      async_ = std::move(other.async_);
    }
    return *this;
  }
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database() {
    if (async_) async_->threads.join();  // let queued work finish before the connection goes
    async_.reset();
    close();
  }

  // Runs a query; returns what the query type says (rows, optional row, count, ...).
  template <query Q>
  typename Q::result_type run(const Q& q) {
    if (async_) {
      std::lock_guard lock{async_->writer_mutex};
      return run_here(q);
    }
    return run_here(q);
  }

  // ---- asynchronous execution (a database built on an executor) --------------------

  // async_run(query, token): completes with (error_code, result). A cancellation slot on
  // the token interrupts the running statement (sqlite3_interrupt) or drops a queued one,
  // completing with asio::error::operation_aborted.
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, Token&& token = {}) {
    return initiate_run(std::move(q), static_cast<diagnostics*>(nullptr), std::forward<Token>(token));
  }
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, diagnostics& diag, Token&& token = {}) {
    return initiate_run(std::move(q), &diag, std::forward<Token>(token));
  }
  // With a timeout: a query still running after options.timeout is cancelled and
  // completes with errc::timed_out.
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, run_options options, Token&& token = {}) {
    using result_type = typename Q::result_type;
    using signature = std::conditional_t<std::is_void_v<result_type>, void(error_code),
                                         void(error_code, result_type)>;
    return boost::asio::async_initiate<Token, signature>(
        [this, options](auto handler, Q query) {
          if (options.timeout.count() <= 0) return async_run(std::move(query), std::move(handler));
          engine_detail::start_with_timeout(std::move(handler), async_->io, options.timeout,
                                            [&](auto inner) { async_run(std::move(query), std::move(inner)); });
        },
        token, std::move(q));
  }

  // A transaction handle: inside async_transaction's body, run queries through it.
  class transaction_handle {
   public:
    explicit transaction_handle(database& db) noexcept : db_(db) {}
    template <query Q>
    typename Q::result_type run(const Q& q) {
      return db_.run_here(q);
    }
    // Runs at once on the writer (the body already holds it) and completes.
    template <query Q, class Token = boost::asio::deferred_t>
    auto async_run(Q q, Token&& token = {}) {
      using result_type = typename Q::result_type;
      using signature = std::conditional_t<std::is_void_v<result_type>, void(error_code),
                                           void(error_code, result_type)>;
      return boost::asio::async_initiate<Token, signature>(
          [this](auto handler, Q query) {
            engine_detail::completion<decltype(handler), boost::asio::any_io_executor> done{
                std::move(handler), db_.async_->io};
            db_.execute_into(done, query, nullptr, nullptr);
          },
          token, std::move(q));
    }

   private:
    database& db_;
  };

  // co_await db.async_transaction([](auto& tx) -> asio::awaitable<void> {
  //   co_await tx.async_run(q, asio::use_awaitable); }, asio::use_awaitable);
  // BEGIN IMMEDIATE by default: the write lock is taken up front, so concurrent
  // writers queue instead of failing busy. Other asynchronous writes on this database
  // wait until it ends. Completes with void(std::exception_ptr).
  template <class Body, class Token = boost::asio::deferred_t>
  auto async_transaction(Body body, Token&& token = {},
                         transaction_mode mode = transaction_mode::immediate) {
    require_async();
    return boost::asio::co_spawn(
        async_->writer,
        [this, body = std::move(body), mode]() mutable -> boost::asio::awaitable<void> {
          execute_script(begin_statement(mode));
          async_->transaction_open = true;
          enter_transaction();
          transaction_handle tx{*this};
          std::exception_ptr failure;
          try {
            co_await body(tx);
          } catch (...) {
            failure = std::current_exception();
          }
          leave_transaction();
          if (!failure) {
            try {
              commit_or_throw();
            } catch (...) {
              failure = std::current_exception();
            }
          } else {
            rollback_quietly("ROLLBACK");
          }
          async_->transaction_open = false;
          auto waiting = std::move(async_->deferred_writes);
          async_->deferred_writes.clear();
          for (auto& write : waiting) boost::asio::post(async_->writer, std::move(write));
          if (failure) std::rethrow_exception(failure);
        },
        std::forward<Token>(token));
  }

  const boost::asio::any_io_executor& get_executor() const {
    require_async();
    return async_->io;
  }

  template <query Q>
  typename Q::result_type run_here(const Q& q) {
    static_assert(engine_detail::runnable_query<Q>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    constexpr std::string_view text = sql_of<Q, sqlite_dialect>;
    if constexpr (Q::kind == result_kind::statements) {
      execute_script(text.data());
    } else {
      constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::sqlite>::parameters;
      int expected_columns = -1;
      if constexpr (requires { Q::columns + 0; }) expected_columns = Q::columns;
      sqlite3_stmt* statement = prepared(engine_detail::query_slot<Q>, text, expected_columns);
      typename Q::result_type result{};
      auto execute = [&] {
        q.for_each_binding([&](const value_view* values) {
          reset_guard guard{statement};
          bind_all(statement, values, parameters);
          cursor rows{*this, statement};
          engine_detail::collect<Q>(rows, result);
        });
      };
      if constexpr (Q::batched) atomically(execute);
      else execute();
      return result;
    }
  }

  // Runs f(db) in a transaction: commits when f returns, rolls back and rethrows when
  // it throws. Inside another transaction it becomes a SAVEPOINT.
  template <class F>
  decltype(auto) transaction(F&& f, transaction_mode mode = transaction_mode::deferred) {
    if (async_) {
      // the writer is this thread's for the whole transaction
      std::lock_guard lock{async_->writer_mutex};
      return run_transaction(begin_statement(mode), std::forward<F>(f));
    }
    return run_transaction(begin_statement(mode), std::forward<F>(f));
  }

  bool in_transaction() const noexcept { return db_ && !sqlite3_get_autocommit(db_); }
  sqlite3* native_handle() const noexcept { return db_; }
  // Statements prepared so far (one per query type run on this connection).
  std::size_t prepared_statements() const noexcept {
    std::size_t n = 0;
    for (auto* s : statements_) n += s != nullptr;
    return n;
  }

 private:
  friend class engine_detail::transaction_support<database>;

  static const char* begin_statement(transaction_mode mode) noexcept {
    return mode == transaction_mode::immediate   ? "BEGIN IMMEDIATE"
           : mode == transaction_mode::exclusive ? "BEGIN EXCLUSIVE"
                                                 : "BEGIN DEFERRED";
  }

  void require_async() const {
    if (!async_) throw error(errc::misuse, "build the database on an executor to run asynchronously");
  }

  // Runs q here and completes `done` with its result or error.
  template <class Completion, class Q>
  void execute_into(Completion& done, const Q& q, diagnostics* diag, detail::cancel_state* cancel) {
    using result_type = typename Q::result_type;
    error_code ec;
    std::conditional_t<std::is_void_v<result_type>, int, result_type> result{};
    if (cancel && cancel->cancelled) {
      ec = boost::asio::error::operation_aborted;
    } else {
      if (cancel) cancel->running = db_;
      try {
        if constexpr (std::is_void_v<result_type>) run_here(q);
        else result = run_here(q);
      } catch (...) {
        ec = engine_detail::capture_current_exception(diag);
      }
      if (cancel) {
        cancel->running = nullptr;
        if (cancel->cancelled && ec == engine_detail::to_error_code(errc::cancelled))
          ec = boost::asio::error::operation_aborted;
      }
    }
    if constexpr (std::is_void_v<result_type>) done.complete(ec);
    else done.complete(ec, std::move(result));
  }

  template <class Q, class Token>
  auto initiate_run(Q q, diagnostics* diag, Token&& token) {
    static_assert(engine_detail::runnable_query<Q>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    using result_type = typename Q::result_type;
    using signature = std::conditional_t<std::is_void_v<result_type>, void(error_code),
                                         void(error_code, result_type)>;
    return boost::asio::async_initiate<Token, signature>(
        [this](auto handler, Q query, diagnostics* d) { start_async(std::move(handler), std::move(query), d); },
        token, std::move(q), diag);
  }

  template <class Handler, class Q>
  void start_async(Handler handler, Q q, diagnostics* diag) {
    require_async();
    auto cancel = std::make_shared<detail::cancel_state>();
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    if (slot.is_connected()) slot.assign([cancel](boost::asio::cancellation_type) { cancel->cancel(); });
    auto done = std::make_shared<engine_detail::completion<Handler, boost::asio::any_io_executor>>(
        std::move(handler), async_->io);
    constexpr bool reads_only = requires { Q::read_only; };
    if (reads_only && !async_->readers.empty()) {
      std::size_t i = async_->next_reader++ % async_->readers.size();
      boost::asio::post(async_->reader_strands[i], [this, i, done, q = std::move(q), diag, cancel]() mutable {
        async_->readers[i]->execute_into(*done, q, diag, cancel.get());
      });
      return;
    }
    struct write_task : std::enable_shared_from_this<write_task> {
      write_task(database* s, std::shared_ptr<engine_detail::completion<Handler, boost::asio::any_io_executor>> d,
                 Q q, diagnostics* g, std::shared_ptr<detail::cancel_state> c)
          : self(s), done(std::move(d)), query(std::move(q)), diag(g), cancel(std::move(c)) {}
      database* self;
      std::shared_ptr<engine_detail::completion<Handler, boost::asio::any_io_executor>> done;
      Q query;
      diagnostics* diag;
      std::shared_ptr<detail::cancel_state> cancel;
      void operator()() {
        if (self->async_->transaction_open) {
          // an asynchronous transaction holds the writer: run after it ends
          self->async_->deferred_writes.push_back([task = this->shared_from_this()] { (*task)(); });
          return;
        }
        std::lock_guard lock{self->async_->writer_mutex};
        self->execute_into(*done, query, diag, cancel.get());
      }
    };
    auto task = std::make_shared<write_task>(this, std::move(done), std::move(q), diag, std::move(cancel));
    boost::asio::post(async_->writer, [task] { (*task)(); });
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
    // LIKE is case-sensitive, as on PostgreSQL; ilike() folds case explicitly.
    execute_script("PRAGMA case_sensitive_like = ON");
    if (opts.foreign_keys) execute_script("PRAGMA foreign_keys = ON");
    bool in_memory = file.empty() || file == ":memory:" || file.find("mode=memory") != std::string::npos;
    if (opts.write_ahead_log && !in_memory)
      execute_script("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  }

  void close() noexcept {
    for (auto* s : statements_) sqlite3_finalize(s);
    statements_.clear();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  void execute_script(const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      sqlite3_free(message);
      throw_error(db_, rc);
    }
  }

  void commit_or_throw() {
    int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    // a failed COMMIT (deferred constraint, busy) leaves the transaction open: undo it
    std::string message = sqlite3_errmsg(db_);
    int extended = sqlite3_extended_errcode(db_);
    rollback_quietly("ROLLBACK");
    throw error(map_result_code(extended, message), message, extended);
  }

  // Rolling back after an error must not hide that error; SQLite may already have
  // rolled the transaction back by itself.
  void rollback_quietly(const char* sql) noexcept {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
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

  void bind_all(sqlite3_stmt* statement, const value_view* values, int count) {
    for (int i = 0; i < count; ++i) {
      const value_view& v = values[i];
      int rc = SQLITE_OK;
      int index = i + 1;
      if (v.is_null) {
        rc = sqlite3_bind_null(statement, index);
        if (rc != SQLITE_OK) throw_error(db_, rc);
        continue;
      }
      switch (v.kind) {
        case value_kind::null: rc = sqlite3_bind_null(statement, index); break;
        case value_kind::int64:
        case value_kind::boolean: rc = sqlite3_bind_int64(statement, index, v.integer); break;
        case value_kind::float64: rc = sqlite3_bind_double(statement, index, v.real); break;
        case value_kind::text:
          rc = sqlite3_bind_text64(statement, index, static_cast<const char*>(v.data), v.size,
                                   SQLITE_STATIC, SQLITE_UTF8);
          break;
        case value_kind::blob:
          rc = v.size == 0 ? sqlite3_bind_zeroblob(statement, index, 0)
                           : sqlite3_bind_blob64(statement, index, v.data, v.size, SQLITE_STATIC);
          break;
        case value_kind::timestamp: {
          char buffer[32];
          std::size_t n = piccolo::detail::format_timestamp(v.integer, buffer);
          rc = sqlite3_bind_text(statement, index, buffer, static_cast<int>(n), SQLITE_TRANSIENT);
          break;
        }
        case value_kind::date: {
          char buffer[16];
          std::size_t n = piccolo::detail::format_date(v.integer, buffer);
          rc = sqlite3_bind_text(statement, index, buffer, static_cast<int>(n), SQLITE_TRANSIENT);
          break;
        }
        case value_kind::int64_list:
        case value_kind::float64_list:
        case value_kind::text_list: {
          std::string json = engine_detail::list_as_json(v);
          rc = sqlite3_bind_text64(statement, index, json.data(), json.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
          break;
        }
      }
      if (rc != SQLITE_OK) throw_error(db_, rc);
    }
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
    cursor(database& db, sqlite3_stmt* statement) noexcept : db_(db), statement_(statement), row_(statement) {}
    bool next() { return db_.step(statement_); }
    const row& reader() const noexcept { return row_; }
    std::int64_t affected() const noexcept { return sqlite3_changes64(db_.db_); }

   private:
    database& db_;
    sqlite3_stmt* statement_;
    row row_;
  };

  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
  std::unique_ptr<detail::async_state<database>> async_;
};

}  // namespace piccolo::sqlite
