#pragma once
// pc::postgres::pool: connections to one server opened lazily up to max_size, each
// lent to one query or transaction at a time. A broken connection is dropped when it
// comes back; waiting for a free one is bounded by acquire_timeout (errc::timed_out).
// Optional read replicas (Piccolo's "extra nodes"): reads marked .on(pc::replica), or
// every select with route_selects_to_replicas, go to a replica; the rest to the primary.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/objects_async.hpp>
#include <piccolo/engine/detail/objects_front.hpp>
#include <piccolo/engine/postgres/async.hpp>
#include <piccolo/engine/postgres/async_stream.hpp>
#include <piccolo/engine/postgres/stream.hpp>

namespace piccolo::postgres {

struct pool_options {
  // How long run()/async_run() wait for a free connection before errc::timed_out.
  std::chrono::milliseconds acquire_timeout{10'000};
  // Read replicas (conninfo each); each gets up to max_size connections.
  std::vector<std::string> replicas;
  // Send every select to a replica, not only those marked .on(pc::replica).
  bool route_selects_to_replicas = false;
  // Per-pool timeout of each asynchronous query (0: none): errc::timed_out.
  std::chrono::milliseconds query_timeout{0};
  // A read routed to a replica that cannot be reached runs on the primary instead
  // (false: it fails with the replica's error).
  bool replica_fallback = true;
  // Told of each replica that could not be reached (conninfo, message); e.g. a logger.
  std::function<void(const std::string&, const std::string&)> on_replica_failure;
};

// db.save(row) and the rest of the objects API: engine/detail/objects_front.hpp.
class pool : public engine_detail::objects_front<pool> {
 public:
  pool(boost::asio::any_io_executor ex, std::string conninfo, std::size_t max_size, pool_options options = {})
      : executor_(std::move(ex)), options_(std::move(options)) {
    if (max_size == 0) throw error(errc::misuse, "pool: max_size must be at least 1");
    targets_.push_back(std::make_unique<target>(std::move(conninfo), max_size));
    for (const auto& replica : options_.replicas)
      targets_.push_back(std::make_unique<target>(replica, max_size));
  }
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;
  ~pool() {
    std::lock_guard lock{mutex_};
    for (auto& t : targets_)
      for (auto& w : t->waiters) w->abandon();
  }

  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

  // Connections open now (busy or idle), on the primary.
  std::size_t size() const {
    std::lock_guard lock{mutex_};
    return targets_[0]->open;
  }
  std::size_t idle() const {
    std::lock_guard lock{mutex_};
    return targets_[0]->idle.size();
  }

  // hook(event) after each statement any connection of the pool (replicas included) runs,
  // and for each notice (see database::on_query): idle connections take it now, a lent
  // one when it comes back. The hook may be called from several threads at once.
  void on_query(query_hook hook) {
    std::lock_guard lock{mutex_};
    observer_ = engine_detail::make_observer(std::move(hook));
    for (auto& t : targets_)
      for (auto& db : t->idle) db->observe(observer_);
  }
  template <class Hook>
  void on_query(Hook&& hook) {
    static_assert(engine_detail::query_hook_callable<Hook>, PICCOLO_QUERY_HOOK_MESSAGE);
    if constexpr (engine_detail::query_hook_callable<Hook>) on_query(query_hook{std::forward<Hook>(hook)});
  }
  // How many times the hook threw (each exception is dropped: the statement is unaffected).
  std::size_t query_hook_failures() const {
    std::lock_guard lock{mutex_};
    return observer_ ? observer_->failures() : 0;
  }

  template <query Q>
  typename Q::result_type run(const Q& q) {
    target& t = target_for<Q>();
    lease connection{*this, t, acquire_blocking(t)};
    return connection->run(q);
  }

  template <class F>
  decltype(auto) transaction(F&& f, transaction_options options = {}) {
    target& t = *targets_[0];
    lease connection{*this, t, acquire_blocking(t)};
    return connection->transaction(std::forward<F>(f), options);
  }

  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, Token&& token = {}) {
    using signature = engine_detail::signature_of<Q>;
    return boost::asio::async_initiate<Token, signature>(
        [this](auto handler, Q query) { this->start_run(std::move(handler), std::move(query)); }, token,
        std::move(q));
  }

  // A stream (see database::stream) on a connection lent to it until it is destroyed
  // (and, destroyed half-way while read asynchronously, until its end is answered).
  template <query Q>
  auto stream(Q q, std::size_t batch_size = 1000) {
    static_assert(engine_detail::streamable<Q>, PICCOLO_STREAMABLE_MESSAGE);
    if constexpr (engine_detail::streamable<Q>) {
      target& t = target_for<Q>();
      auto held = std::make_shared<lease>(*this, t, acquire_blocking(t));
      database& connection = **held;
      return row_stream<Q>{connection, std::move(q), batch_size, std::move(held)};
    }
  }
  // co_await pool.async_stream(q, 1000, asio::use_awaitable): the stream, once a
  // connection is lent to it; completes with (error_code, row_stream<Q>).
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_stream(Q q, std::size_t batch_size, Token&& token = {}) {
    static_assert(engine_detail::streamable<Q>, PICCOLO_STREAMABLE_MESSAGE);
    if constexpr (engine_detail::streamable<Q>) {
      return boost::asio::async_initiate<Token, void(error_code, row_stream<Q>)>(
          [this, batch_size](auto handler, Q query) {
            auto done = std::make_shared<engine_detail::completion<decltype(handler), boost::asio::any_io_executor>>(
                std::move(handler), executor_);
            auto lend = [this, done, batch_size](target& t, Q query, error_code ec, std::unique_ptr<database> db) {
              if (ec) return done->complete(ec, row_stream<Q>{});
              auto held = std::make_shared<lease>(*this, t, std::move(db));
              database& connection = **held;
              done->complete(error_code{}, row_stream<Q>{connection, std::move(query), batch_size, std::move(held)});
            };
            target& t = target_for<Q>();
            acquire_async(t, [this, &t, lend, query = std::move(query)](error_code ec,
                                                                         std::unique_ptr<database> db) mutable {
              // a down replica: the primary streams instead, as async_run falls back
              if (replica_down(t, ec) && options_.replica_fallback) {
                target& primary = *targets_[0];
                return acquire_async(primary, [&primary, lend, query = std::move(query)](
                                                  error_code ec, std::unique_ptr<database> db) mutable {
                  lend(primary, std::move(query), ec, std::move(db));
                });
              }
              lend(t, std::move(query), ec, std::move(db));
            });
          },
          token, std::move(q));
    }
  }

 private:
  struct waiter {
    virtual ~waiter() = default;
    // Completes the waiter with db and returns true, or returns false and leaves db to
    // the caller when the waiter has already completed (timed out, abandoned).
    virtual bool grant(std::unique_ptr<database>& db) = 0;
    virtual void abandon() = 0;
  };

  struct target {
    target(std::string info, std::size_t max) : conninfo(std::move(info)), max_size(max) {}
    std::string conninfo;
    std::size_t max_size;
    std::size_t open = 0;
    std::vector<std::unique_ptr<database>> idle;
    std::deque<std::shared_ptr<waiter>> waiters;
    std::condition_variable freed;
  };

  // A borrowed connection, given back on destruction.
  class lease {
   public:
    lease(pool& p, target& t, std::unique_ptr<database> db) : pool_(p), target_(t), db_(std::move(db)) {}
    lease(const lease&) = delete;
    ~lease() {
      if (db_) pool_.release(target_, std::move(db_));
    }
    database* operator->() const noexcept { return db_.get(); }
    database& operator*() const noexcept { return *db_; }

   private:
    pool& pool_;
    target& target_;
    std::unique_ptr<database> db_;
  };

  template <class Q>
  target& target_for() {
    if (targets_.size() > 1) {
      constexpr bool marked = requires { Q::prefers_replica; };
      constexpr bool read = requires { Q::read_only; };
      if (marked || (read && options_.route_selects_to_replicas)) {
        std::size_t n = next_replica_.fetch_add(1, std::memory_order_relaxed) % (targets_.size() - 1);
        return *targets_[1 + n];
      }
    }
    return *targets_[0];
  }

  // Opens a connection for a reserved slot without blocking the io thread, bounded by
  // `timeout`; done(ec, db). A failure frees the slot.
  template <class Done>
  void open_async(target& t, std::chrono::milliseconds timeout, Done done) {
    auto shared_done = std::make_shared<Done>(std::move(done));
    detail::start_connect(executor_, t.conninfo, timeout,
                          [this, &t, shared_done](error_code ec, PGconn* conn, std::string message) {
                            std::unique_ptr<database> db;
                            if (!ec) {
                              try {
                                db.reset(new database(executor_, t.conninfo, database::adopted_connection{conn}));
                                db->observe(current_observer());
                              } catch (...) {
                                ec = engine_detail::capture_current_exception(nullptr);
                              }
                            }
                            if (ec) {
                              {
                                std::lock_guard lock{mutex_};
                                --t.open;
                              }
                              t.freed.notify_one();
                              if (&t != targets_[0].get()) {
                                // a replica that cannot be reached, even one that hangs: down
                                ec = engine_detail::to_error_code(errc::connection_failed);
                                if (options_.on_replica_failure) options_.on_replica_failure(t.conninfo, message);
                              }
                            }
                            (*shared_done)(ec, std::move(db));
                          });
  }

  std::unique_ptr<database> open_connection(target& t) {
    try {
      auto db = std::make_unique<database>(executor_, t.conninfo);
      db->observe(current_observer());
      return db;
    } catch (...) {
      std::lock_guard lock{mutex_};
      --t.open;
      throw;
    }
  }

  // Takes an idle connection, or reserves a slot for a new one (returns null then).
  // false: none free.
  bool try_take(target& t, std::unique_ptr<database>& out) {
    while (!t.idle.empty()) {
      out = std::move(t.idle.back());
      t.idle.pop_back();
      if (PQstatus(out->native_handle()) == CONNECTION_OK) return true;
      out.reset();  // health check failed: drop it
      --t.open;
    }
    if (t.open < t.max_size) {
      ++t.open;
      return true;
    }
    return false;
  }

  std::unique_ptr<database> acquire_blocking(target& t) {
    std::unique_lock lock{mutex_};
    std::unique_ptr<database> db;
    auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
    while (!try_take(t, db)) {
      if (t.freed.wait_until(lock, deadline) == std::cv_status::timeout) {
        if (try_take(t, db)) break;
        throw error(errc::timed_out, "pool: no connection became free within the acquire timeout");
      }
    }
    lock.unlock();
    return db ? std::move(db) : open_connection(t);
  }

  void release(target& t, std::unique_ptr<database> db) {
    std::shared_ptr<waiter> next;
    {
      std::lock_guard lock{mutex_};
      // only a connection outside any transaction (the server's view, not only ours) and
      // with nothing in flight goes back: one left inside a transaction would let the
      // next borrower's writes join it
      bool healthy = db->reusable();
      if (!healthy) {
        db.reset();
        --t.open;
      } else {
        db->observe(observer_);  // the hook set while it was lent
      }
      if (!t.waiters.empty()) {
        next = std::move(t.waiters.front());
        t.waiters.pop_front();
        if (!db) ++t.open;  // the waiter gets a new connection in the freed slot
      } else if (db) {
        t.idle.push_back(std::move(db));
      }
    }
    if (next) {
      if (!db) {
        open_async(t, options_.acquire_timeout, [this, &t, next](error_code ec, std::unique_ptr<database> opened) {
          if (ec) return next->abandon();
          if (!next->grant(opened)) release(t, std::move(opened));
        });
        return;
      }
      // A waiter that completed meanwhile does not take it: give it to the next one.
      if (!next->grant(db)) release(t, std::move(db));
    } else {
      t.freed.notify_one();
    }
  }

  template <class Handler>
  struct async_waiter final : waiter, std::enable_shared_from_this<async_waiter<Handler>> {
    async_waiter(Handler h, const boost::asio::any_io_executor& ex, std::chrono::milliseconds timeout)
        : done(std::move(h), ex), timer(ex, timeout) {}
    // grant(), abandon() and the timer's handler may run on different threads: the
    // first to set `finished` completes the handler.
    bool grant(std::unique_ptr<database>& db) override {
      if (finished.exchange(true)) return false;
      timer.cancel();
      done.complete(error_code{}, std::move(db));
      return true;
    }
    void abandon() override {
      if (finished.exchange(true)) return;
      timer.cancel();
      done.complete(engine_detail::to_error_code(errc::connection_failed), std::unique_ptr<database>{});
    }
    engine_detail::completion<Handler, boost::asio::any_io_executor> done;
    boost::asio::steady_timer timer;
    std::atomic<bool> finished{false};
  };

  // Completes with (error_code, std::unique_ptr<database>).
  template <class Token>
  auto acquire_async(target& t, Token&& token) {
    return boost::asio::async_initiate<Token, void(error_code, std::unique_ptr<database>)>(
        [this, &t](auto handler) {
          using handler_t = decltype(handler);
          std::unique_ptr<database> db;
          std::unique_lock lock{mutex_};
          if (try_take(t, db)) {
            lock.unlock();
            auto done = std::make_shared<engine_detail::completion<handler_t, boost::asio::any_io_executor>>(
                std::move(handler), executor_);
            if (db) return done->complete(error_code{}, std::move(db));
            // a new connection, opened without blocking; the acquire timeout bounds it
            return open_async(t, options_.acquire_timeout, [done](error_code ec, std::unique_ptr<database> opened) {
              done->complete(ec, std::move(opened));
            });
          }
          auto w = std::make_shared<async_waiter<handler_t>>(std::move(handler), executor_, options_.acquire_timeout);
          t.waiters.push_back(w);
          // Started under the lock: a release() that pops the waiter and cancels the
          // timer on another thread comes after it.
          w->timer.async_wait([this, &t, weak = std::weak_ptr<async_waiter<handler_t>>(w)](error_code ec) {
            auto w = weak.lock();
            if (ec || !w) return;
            {
              // Still queued: no release() has picked it, so the timeout wins.
              std::lock_guard lock{mutex_};
              if (std::erase(t.waiters, std::static_pointer_cast<waiter>(w)) == 0) return;
            }
            if (w->finished.exchange(true)) return;
            w->done.complete(engine_detail::to_error_code(errc::timed_out), std::unique_ptr<database>{});
          });
          lock.unlock();
        },
        token);
  }

  template <class Handler, class Q>
  void start_run(Handler handler, Q q) {
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    auto done = std::make_shared<engine_detail::completion<Handler, boost::asio::any_io_executor>>(
        std::move(handler), executor_);
    target& t = target_for<Q>();
    acquire_async(t, [this, &t, done, slot, q = std::move(q)](error_code ec, std::unique_ptr<database> db) mutable {
      if (replica_down(t, ec) && options_.replica_fallback) {
        // the replica is down: the primary answers instead (it has every committed row)
        target& primary = *targets_[0];
        return acquire_async(primary, [this, &primary, done, slot, q = std::move(q)](error_code ec,
                                                                                  std::unique_ptr<database> db) mutable {
          run_on(primary, std::move(done), slot, std::move(q), ec, std::move(db));
        });
      }
      run_on(t, std::move(done), slot, std::move(q), ec, std::move(db));
    });
  }

  // A replica that could not be reached (down or hanging) when a connection was asked of it.
  bool replica_down(const target& t, error_code ec) const noexcept {
    return ec && &t != targets_[0].get() && std::error_code(ec) == errc::connection_failed;
  }

  template <class Done, class Slot, class Q>
  void run_on(target& t, Done done, Slot slot, Q q, error_code ec, std::unique_ptr<database> db) {
    using result_type = typename Q::result_type;
    {
      if (ec) {
        if constexpr (std::is_void_v<result_type>) done->complete(ec);
        else done->complete(ec, result_type{});
        return;
      }
      database& connection = *db;
      auto finish = [this, &t, done, db = std::move(db)](error_code ec, auto... result) mutable {
        release(t, std::move(db));
        done->complete(ec, std::move(result)...);
      };
      run_options options{options_.query_timeout};
      // on the connection's strand: its previous borrower's handlers may still run on
      // another io thread
      boost::asio::dispatch(detail::transaction_runner::pipeline_of(connection).strand(),
                            [&connection, options, slot, q = std::move(q), finish = std::move(finish)]() mutable {
                              if (slot.is_connected())
                                connection.async_run(std::move(q), options,
                                                     boost::asio::bind_cancellation_slot(slot, std::move(finish)));
                              else
                                connection.async_run(std::move(q), options, std::move(finish));
                            });
    }
  }

 public:
  // The body runs on one connection inside a transaction; see database::async_transaction.
  template <class Body, class Token = boost::asio::deferred_t>
  auto async_transaction(Body body, Token&& token = {}, transaction_options options = {}) {
    return boost::asio::co_spawn(
        executor_,
        [this, body = std::move(body), options]() mutable -> boost::asio::awaitable<void> {
          target& t = *targets_[0];
          auto [ec, db] = co_await acquire_async(t, boost::asio::as_tuple(boost::asio::use_awaitable));
          if (ec) throw boost::system::system_error(ec);
          lease connection{*this, t, std::move(db)};
          co_await connection->async_transaction(std::move(body), boost::asio::use_awaitable, options);
        },
        std::forward<Token>(token));
  }

  // co_await pool.async_begin(asio::use_awaitable): a transaction object on one connection
  // of the primary, lent as long as the object lives (and until its rollback is answered).
  template <class Token = boost::asio::deferred_t>
  auto async_begin(Token&& token = {}, transaction_options options = {}) {
    return boost::asio::co_spawn(
        executor_,
        [this, options]() -> boost::asio::awaitable<postgres::async_transaction> {
          target& t = *targets_[0];
          auto [ec, db] = co_await acquire_async(t, boost::asio::as_tuple(boost::asio::use_awaitable));
          if (ec) throw boost::system::system_error(ec);
          auto held = std::make_shared<lease>(*this, t, std::move(db));
          database& connection = **held;
          co_await boost::asio::this_coro::throw_if_cancelled(false);
          co_await detail::transaction_runner::run_scope(
              connection, engine_detail::open_scope{connection.state(), detail::begin_statement(options)});
          co_return postgres::async_transaction{connection, connection.transaction_depth(), std::move(held)};
        },
        std::forward<Token>(token));
  }

  // auto tx = pool.begin(); tx.run(q); tx.commit();  the connection is lent to the object.
  [[nodiscard]] engine_detail::basic_transaction<database, std::shared_ptr<void>> begin(transaction_options options = {}) {
    target& t = *targets_[0];
    auto held = std::make_shared<lease>(*this, t, acquire_blocking(t));
    database& connection = **held;
    return {connection, std::move(held), detail::begin_statement(options)};
  }

 private:
  boost::asio::any_io_executor executor_;
  pool_options options_;
  mutable std::mutex mutex_;
  engine_detail::observer_ptr observer_;  // on_query(), guarded by mutex_

  engine_detail::observer_ptr current_observer() const {
    std::lock_guard lock{mutex_};
    return observer_;
  }
  std::vector<std::unique_ptr<target>> targets_;
  std::atomic<std::size_t> next_replica_{0};
};

}  // namespace piccolo::postgres
