#pragma once
// Asynchronous execution for pc::sqlite::database on Boost.Asio. SQLite has no
// non-blocking API: statements run on worker threads and complete on the handler's
// executor. One writer (this database's own connection, behind a strand: writes queue,
// never fail busy) and, for a file database, read-only connections in WAL mode beside it.

#include <atomic>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
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
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <sqlite3.h>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/async_initiation.hpp>
#include <piccolo/engine/detail/objects_async.hpp>
#include <piccolo/engine/detail/timeout.hpp>
#include <piccolo/engine/sqlite/database.hpp>

namespace piccolo::sqlite {

namespace detail {

// Cancellation of one query: set by the slot, seen by the worker.
struct cancel_state {
  std::atomic<bool> cancelled{false};
  std::atomic<sqlite3*> running{nullptr};
  void cancel() {
    cancelled = true;
    if (sqlite3* db = running.load()) sqlite3_interrupt(db);
  }
};

struct async_state final : async_state_base {
  using strand_type = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  async_state(boost::asio::any_io_executor ex, std::size_t reader_count)
      : io(std::move(ex)), threads(reader_count + 1), writer(boost::asio::make_strand(threads.get_executor())) {}
  ~async_state() override { threads.join(); }  // queued work finishes first

  boost::asio::any_io_executor io;
  boost::asio::thread_pool threads;
  strand_type writer;
  std::vector<std::unique_ptr<database>> readers;
  std::vector<strand_type> reader_strands;
  std::atomic<std::size_t> next_reader{0};
  // While an asynchronous transaction is open, other asynchronous writes wait here,
  // and other asynchronous transactions (guarded by writer_mutex).
  std::deque<std::function<void()>> deferred_writes;
  std::deque<std::function<void()>> waiting_transactions;

  void observe(const engine_detail::observer_ptr& observer) override {
    for (auto& reader : readers) reader->observer_ = observer;
  }
};

template <class Q>
using async_signature = engine_detail::signature_of<Q>;

}  // namespace detail

// The body of an asynchronous transaction runs its queries through this handle: they
// run at once on the writer connection, which the transaction holds. So does its
// objects API (tx.async_save(row, token), ..., and the synchronous tx.save(row)).
class transaction_handle : public engine_detail::objects_front<transaction_handle> {
 public:
  explicit transaction_handle(database& db) noexcept : db_(db) {}

  // Where the objects API's operations complete when nothing else says.
  template <class Self = transaction_handle>
  const boost::asio::any_io_executor& get_executor() const {
    return detail::async_api<Self>::executor(db_);
  }

  template <query Q>
  typename Q::result_type run(const Q& q) {
    return db_.run_here(q);
  }

  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, Token&& token = {}) {
    return boost::asio::async_initiate<Token, detail::async_signature<Q>>(
        [this](auto handler, Q query) {
          engine_detail::completion<decltype(handler), boost::asio::any_io_executor> done{
              std::move(handler), detail::async_api<Q>::executor(db_)};
          detail::async_api<Q>::execute_into(db_, done, query, nullptr, nullptr);
        },
        token, std::move(q));
  }

 private:
  database& db_;
};


namespace detail {

template <class T>
struct async_api : engine_detail::async_initiation<async_api<T>, T> {
  static async_state& state(const database& db) {
    if (!db.async_) throw error(errc::misuse, "build the database on an executor to run asynchronously");
    return static_cast<async_state&>(*db.async_);
  }

  template <class Executor>
  static void attach(database& db, Executor ex, std::string_view path, const options& opts, std::size_t readers) {
    auto s = std::make_unique<async_state>(boost::asio::any_io_executor{std::move(ex)}, readers);
    // an in-memory database (by what SQLite reports, whatever the URI) has no readers:
    // another connection would open a private empty one
    if (!db.in_memory()) {
      for (std::size_t i = 0; i < readers; ++i) {
        s->readers.push_back(std::make_unique<database>(path, opts));
        s->reader_strands.push_back(boost::asio::make_strand(s->threads.get_executor()));
      }
    }
    db.async_ = std::move(s);
  }

  static const boost::asio::any_io_executor& executor(const database& db) { return state(db).io; }

  // Runs q on db here and completes `done` with its result or error.
  template <class Completion, class Q>
  static void execute_into(database& db, Completion& done, const Q& q, diagnostics* diag, cancel_state* cancel) {
    using result_type = typename Q::result_type;
    error_code ec;
    std::conditional_t<std::is_void_v<result_type>, int, result_type> result{};
    if (cancel && cancel->cancelled) {
      ec = boost::asio::error::operation_aborted;
    } else {
      if (cancel) cancel->running = db.db_;
      try {
        if constexpr (std::is_void_v<result_type>) db.run_here(q);
        else result = db.run_here(q);
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

  template <class Handler>
  static void start(database& db, Handler handler, T q, diagnostics* diag) {
    async_state& s = state(db);
    auto cancel = std::make_shared<cancel_state>();
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    if (slot.is_connected()) slot.assign([cancel](boost::asio::cancellation_type) { cancel->cancel(); });
    using completion_t = engine_detail::completion<Handler, boost::asio::any_io_executor>;
    auto done = std::make_shared<completion_t>(std::move(handler), s.io);
    constexpr bool reads_only = requires { T::read_only; };
    if (reads_only && !s.readers.empty()) {
      std::size_t i = s.next_reader++ % s.readers.size();
      boost::asio::post(s.reader_strands[i], [&s, i, done, q = std::move(q), diag, cancel]() mutable {
        execute_into(*s.readers[i], *done, q, diag, cancel.get());
      });
      return;
    }
    struct write_task : std::enable_shared_from_this<write_task> {
      write_task(database& d, std::shared_ptr<completion_t> c, T query, diagnostics* g, std::shared_ptr<cancel_state> x)
          : db(d), done(std::move(c)), q(std::move(query)), diag(g), cancel(std::move(x)) {}
      database& db;
      std::shared_ptr<completion_t> done;
      T q;
      diagnostics* diag;
      std::shared_ptr<cancel_state> cancel;
      void operator()() {
        async_state& s = state(db);
        std::lock_guard lock{s.writer_mutex};
        if (s.transaction_open) {
          // an asynchronous transaction holds the writer: run after it ends
          s.deferred_writes.push_back([task = this->shared_from_this()] { (*task)(); });
          return;
        }
        execute_into(db, *done, q, diag, cancel.get());
      }
    };
    auto task = std::make_shared<write_task>(db, std::move(done), std::move(q), diag, std::move(cancel));
    boost::asio::post(s.writer, [task] { (*task)(); });
  }

  // Ends an asynchronous transaction's hold on the writer: waiting writes run again,
  // then the next waiting transaction tries to take it.
  static void release_writer(async_state& s) {
    std::deque<std::function<void()>> waiting;
    std::function<void()> next_transaction;
    {
      std::lock_guard lock{s.writer_mutex};
      s.transaction_open = false;
      waiting = std::move(s.deferred_writes);
      s.deferred_writes.clear();
      if (!s.waiting_transactions.empty()) {
        next_transaction = std::move(s.waiting_transactions.front());
        s.waiting_transactions.pop_front();
      }
    }
    s.writer_free.notify_all();
    for (auto& write : waiting) boost::asio::post(s.writer, std::move(write));
    if (next_transaction) boost::asio::post(s.writer, std::move(next_transaction));
  }

  // Completes (on the writer strand) once this transaction holds the writer: concurrent
  // asynchronous transactions queue, none fails "within a transaction".
  template <class Token>
  static auto hold_writer(async_state& s, Token&& token) {
    return boost::asio::async_initiate<Token, void()>(
        [&s](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          auto attempt = std::make_shared<std::function<void()>>();
          *attempt = [&s, shared, weak = std::weak_ptr<std::function<void()>>(attempt)] {
            {
              std::lock_guard lock{s.writer_mutex};
              if (s.transaction_open) {
                if (auto again = weak.lock()) s.waiting_transactions.push_back([again] { (*again)(); });
                return;
              }
              s.transaction_open = true;
            }
            auto h = std::move(*shared);
            std::move(h)();
          };
          // the attempt keeps itself alive while it waits in the queue
          boost::asio::post(s.writer, [attempt] { (*attempt)(); });
        },
        token);
  }

  // Takes the writer, then BEGINs (letting the writer go if BEGIN fails).
  static boost::asio::awaitable<void> hold_and_begin(database& db, async_state& s, transaction_mode mode) {
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    co_await hold_writer(s, boost::asio::use_awaitable);
    try {
      db.open_transaction_scope(database::begin_statement(mode));
    } catch (...) {
      release_writer(s);
      throw;
    }
  }

  // The body of an asynchronous transaction, between BEGIN and its end, on the writer.
  template <class Body>
  static boost::asio::awaitable<void> transaction_body(database& db, async_state& s, Body& body,
                                                       transaction_mode mode) {
    co_await hold_and_begin(db, s, mode);
    const int inside = db.transaction_depth();
    std::exception_ptr failure;
    transaction_handle tx{db};
    try {
      co_await body(tx);
    } catch (...) {
      failure = std::current_exception();
    }
    if (!failure) {
      try {
        db.close_transaction_scope(engine_detail::scope_end::commit);
      } catch (...) {
        failure = std::current_exception();
      }
    } else if (db.transaction_depth() >= inside) {
      db.close_transaction_scope_quietly();
    }
    release_writer(s);
    if (failure) std::rethrow_exception(failure);
  }

  template <class Token>
  static auto transaction(database& db, T body, Token&& token, transaction_mode mode) {
    async_state& s = state(db);
    return boost::asio::co_spawn(
        s.writer,
        [&db, &s, body = std::move(body), mode]() mutable -> boost::asio::awaitable<void> {
          co_await transaction_body(db, s, body, mode);
        },
        std::forward<Token>(token));
  }

  // async_transaction, defined below, named through T so that it is looked up when used
  using object = std::conditional_t<sizeof(T) != 0, async_transaction, void>;

  template <class Token>
  static auto begin_object(database& db, Token&& token, transaction_mode mode) {
    async_state& s = state(db);
    return boost::asio::co_spawn(
        s.writer,
        [&db, &s, mode]() -> boost::asio::awaitable<object> {
          co_await hold_and_begin(db, s, mode);
          co_return object{db};
        },
        std::forward<Token>(token));
  }
};

}  // namespace detail


// A transaction as an object, asynchronously: `auto tx = co_await db.async_begin(use_awaitable);
// co_await tx.async_run(q, use_awaitable); co_await tx.async_commit(use_awaitable);`. It holds
// the writer from BEGIN to its end (other asynchronous writes and transactions wait);
// destroyed before commit or rollback, it rolls back on the writer and lets it go. Its
// statements run on the writer strand. The database must outlive it.
// Its objects API (tx.async_save(row, token), ...) runs on it too; the object must outlive
// those operations, and once it has ended they complete with errc::misuse.
class async_transaction : public engine_detail::objects_front<async_transaction> {
 public:
  async_transaction() = default;
  explicit async_transaction(database& db) : db_(&db), executor_(detail::async_api<async_transaction>::state(db).io) {}
  async_transaction(async_transaction&& other) noexcept
      : engine_detail::objects_front<async_transaction>(),
        db_(std::exchange(other.db_, nullptr)),
        executor_(other.executor_) {}
  async_transaction& operator=(async_transaction&& other) noexcept {
    if (this != &other) {
      abandon();
      db_ = std::exchange(other.db_, nullptr);
      executor_ = other.executor_;
    }
    return *this;
  }
  ~async_transaction() { abandon(); }

  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, Token&& token = {}) {
    database& db = connection();
    return boost::asio::async_initiate<Token, detail::async_signature<Q>>(
        [&db](auto handler, Q query) {
          auto& s = detail::async_api<Q>::state(db);
          using completion_t = engine_detail::completion<decltype(handler), boost::asio::any_io_executor>;
          auto done = std::make_shared<completion_t>(std::move(handler), s.io);
          boost::asio::post(s.writer, [&db, done, query = std::move(query)] {
            detail::async_api<Q>::execute_into(db, *done, query, nullptr, nullptr);
          });
        },
        token, std::move(q));
  }
  // Completes with void(std::exception_ptr): what COMMIT answered (the transaction is over
  // either way).
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
    return *db_;
  }
  void ensure_active() { connection(); }
  // The database's executor, kept after the end (the objects API completes a misuse there).
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  template <class Token>
  auto finish(engine_detail::scope_end how, Token&& token) {
    database& db = connection();
    db_ = nullptr;
    auto& s = detail::async_api<async_transaction>::state(db);
    return boost::asio::co_spawn(
        s.writer,
        [&db, &s, how]() -> boost::asio::awaitable<void> {
          std::exception_ptr failure;
          try {
            db.close_transaction_scope(how);
          } catch (...) {
            failure = std::current_exception();
          }
          detail::async_api<async_transaction>::release_writer(s);
          if (failure) std::rethrow_exception(failure);
          co_return;
        },
        std::forward<Token>(token));
  }
  void abandon() noexcept {
    database* db = std::exchange(db_, nullptr);
    if (!db) return;
    try {
      auto& s = detail::async_api<async_transaction>::state(*db);
      boost::asio::post(s.writer, [db, &s] {
        db->close_transaction_scope_quietly();
        detail::async_api<async_transaction>::release_writer(s);
      });
    } catch (...) {
    }
  }

  database* db_ = nullptr;
  boost::asio::any_io_executor executor_;
};

}  // namespace piccolo::sqlite
