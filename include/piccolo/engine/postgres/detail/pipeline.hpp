#pragma once
// The asynchronous side of a PostgreSQL connection: libpq in non-blocking pipeline
// mode on the connection's socket, watched by Asio. Queries sent back to back are
// pipelined: each is sent at once (prepare if new, bind + execute, sync) and results
// come back in order. One operation per query, type-erased; the typed part only
// decodes rows and completes the handler.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <sys/socket.h>
#include <boost/asio/steady_timer.hpp>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/strand.hpp>

#include <libpq-fe.h>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/postgres/database.hpp>
#include <piccolo/engine/postgres/error.hpp>
#include <piccolo/engine/query_event.hpp>

namespace piccolo::postgres::detail {

// One query in flight. Results arrive as: [prepare result, NULL], the query's
// result(s), NULL, PIPELINE_SYNC; the operation completes at the sync.
class pipeline_operation {
 public:
  static std::uint64_t next_serial() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
  }
  virtual ~pipeline_operation() = default;
  // A result of the query itself (not of its prepare). Throws on a decoding error.
  virtual void on_rows(PGresult* result) = 0;
  // The server answered the PREPARE sent before the query.
  virtual void on_prepared(bool ok) { (void)ok; }
  // The query itself failed (result is its error): records the error, or asks to be sent
  // again (retry) once this attempt's segment has ended.
  virtual void on_failed(PGconn* conn, const PGresult* result) { fail_with(describe_failure(conn, result)); }
  // Sends the query again (after on_failed asked for a retry); false: the send failed.
  virtual bool resend(PGconn* conn) {
    (void)conn;
    return false;
  }
  void fail_with(result_failure failure) {
    if (error) return;  // the first error is the one reported
    error = engine_detail::to_error_code(failure.code);
    message = std::move(failure.message);
  }
  // Completes the handler with ec (success when !ec).
  virtual void finish(error_code ec, std::string message) = 0;
  // Asks the engine to stop this query (cancellation slot).
  bool prepares = false;
  bool retry = false;
  bool cancelled = false;
  bool cancel_sent = false;
  std::uint64_t serial = next_serial();
  // Gives the connection up when a sent cancel goes unanswered (see cancel_front_if_alone).
  std::shared_ptr<boost::asio::steady_timer> grace;
  error_code error;  // first error seen
  std::string message;
  // For the query hook: the statement's text (empty: a stream's cursor, not reported) and
  // kind; the rest is filled in only while a hook is set.
  std::string_view sql;
  query_event_kind event_kind = query_event_kind::statement;
  engine_detail::observer_ptr observer;
  engine_detail::query_clock::time_point sent_at;
  std::int64_t rows = 0;
};

class pipeline final : public pipeline_base {
 public:
  using executor_type = boost::asio::any_io_executor;
  // How long a sent cancel may go unanswered before the connection counts as stalled.
  static constexpr std::chrono::milliseconds cancel_grace{2000};

  pipeline(executor_type ex) : executor_(std::move(ex)), strand_(boost::asio::make_strand(executor_)) {}
  pipeline(const pipeline&) = delete;
  ~pipeline() override { release_socket(); }

  const executor_type& get_executor() const noexcept { return executor_; }
  // The socket's waits and timers run here, one at a time; the pool starts a lent
  // connection's operations here too.
  const boost::asio::strand<executor_type>& strand() const noexcept { return strand_; }
  bool idle() const noexcept override { return queue_.empty(); }
  std::size_t in_flight() const noexcept { return queue_.size(); }

  // Binds to a freshly opened connection.
  void attach(PGconn* conn) override {
    release_socket();
    conn_ = conn;
    in_pipeline_ = false;
  }
  // Before a synchronous call: libpq's blocking calls need pipeline mode off.
  void leave_pipeline_mode() override {
    if (conn_ && in_pipeline_ && queue_.empty()) {
      PQexitPipelineMode(conn_);
      PQsetnonblocking(conn_, 0);
      in_pipeline_ = false;
    }
  }

  // Queues op after send() put its messages into libpq's buffer; starts I/O.
  // send() must call PQsendPrepare / PQsendQueryPrepared and return false on failure.
  template <class Send>
  void submit(std::unique_ptr<pipeline_operation> op, Send&& send) {
    if (observer_ && !op->sql.empty()) [[unlikely]] {
      op->observer = observer_;
      op->sent_at = engine_detail::query_clock::now();
    }
    if (!enter_pipeline_mode() || !send(conn_) || PQpipelineSync(conn_) != 1) {
      std::string message = PQerrorMessage(conn_);
      complete(*op, engine_detail::to_error_code(PQstatus(conn_) == CONNECTION_BAD ? errc::connection_lost
                                                                                : errc::engine_error),
                 message);
      return;
    }
    queue_.push_back(std::move(op));
    flush();
    start_reading();
  }

  // Cancels op's query on the server. PQcancel stops whatever the backend runs now, so
  // it is sent only while op is the one running and nothing is queued behind it (else the
  // cancel could hit another caller's query); otherwise it waits until that holds, or op
  // ends by itself. PQcancel opens a connection of its own: it runs off the io thread.
  void cancel(pipeline_operation* op) {
    op->cancelled = true;
    cancel_front_if_alone();
  }

  // Operations waiting for a new connection (see transaction_runner::when_connected).
  template <class F>
  void defer(F f) {
    struct call final : deferred_call {
      explicit call(F fn) : f(std::move(fn)) {}
      void operator()(error_code ec, std::string message) override { f(ec, std::move(message)); }
      F f;
    };
    deferred_.push_back(std::make_unique<call>(std::move(f)));
  }
  bool connecting() const noexcept { return connecting_; }
  void set_connecting(bool on) noexcept { connecting_ = on; }
  void resume_deferred(error_code ec, const std::string& message) {
    auto waiting = std::move(deferred_);
    deferred_.clear();
    for (auto& call : waiting) (*call)(ec, message);
  }
  std::weak_ptr<int> alive_token() const noexcept { return alive_; }

  void observe(const engine_detail::observer_ptr& observer) override { observer_ = observer; }

  void fail_all_lost(const std::string& message) override {
    fail_all(engine_detail::to_error_code(errc::connection_lost), message);
  }

  // Every queued operation fails with ec.
  void fail_all(error_code ec, const std::string& message) {
    auto queue = std::move(queue_);
    queue_.clear();
    // first: a handler below may open a new connection whose socket gets the same
    // descriptor number; releasing ours after would unregister it
    release_socket();
    finish_failed(queue, ec, message);
  }

 private:
  bool enter_pipeline_mode() {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return false;
    if (!socket_) {
      socket_.emplace(strand_, PQsocket(conn_));
    }
    if (!in_pipeline_) {
      if (PQsetnonblocking(conn_, 1) != 0 || PQenterPipelineMode(conn_) != 1) return false;
      in_pipeline_ = true;
    }
    return true;
  }

  struct deferred_call {
    virtual ~deferred_call() = default;
    virtual void operator()(error_code ec, std::string message) = 0;
  };

  void cancel_front_if_alone() {
    if (queue_.size() != 1 || !queue_.front()->cancelled || queue_.front()->cancel_sent || !conn_) return;
    pipeline_operation* op = queue_.front().get();
    op->cancel_sent = true;
    if (PGcancel* c = PQgetCancel(conn_)) {
      std::thread([c] {
        char buffer[256];
        PQcancel(c, buffer, sizeof buffer);
        PQfreeCancel(c);
      }).detach();
    }
    // A server that does not answer a cancel within the grace period is unreachable (a
    // stalled network): the connection is given up, so that the operation completes
    // (operation_aborted, a timeout's timed_out) instead of waiting forever.
    auto timer = std::make_shared<boost::asio::steady_timer>(strand_, cancel_grace);
    op->grace = timer;
    timer->async_wait([this, op, serial = op->serial, alive = std::weak_ptr<int>(alive_)](
                          boost::system::error_code ec) {
      if (ec || alive.expired()) return;
      if (queue_.empty() || queue_.front().get() != op || op->serial != serial || !conn_) return;
      ::shutdown(PQsocket(conn_), SHUT_RDWR);  // libpq sees the end of the stream: broken()
      on_readable();
    });
  }

  void release_socket() {
    if (socket_) {
      boost::system::error_code ignored;
      socket_->cancel(ignored);
      socket_->release();  // libpq owns the descriptor
      socket_.reset();
    }
    // waits on the old socket complete later and must not touch the new one's flags
    ++socket_generation_;
    reading_ = false;
    writing_ = false;
  }

  void flush() {
    int rc = PQflush(conn_);
    if (rc < 0) return broken();
    if (rc == 1 && !writing_) {
      writing_ = true;
      socket_->async_wait(boost::asio::posix::stream_descriptor::wait_write,
                          [this, alive = std::weak_ptr<int>(alive_), generation = socket_generation_](
                              boost::system::error_code ec) {
                            if (alive.expired() || generation != socket_generation_) return;
                            writing_ = false;
                            if (!ec && conn_) flush();
                          });
    }
  }

  void start_reading() {
    if (reading_ || queue_.empty() || !socket_) return;
    reading_ = true;
    socket_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                        [this, alive = std::weak_ptr<int>(alive_), generation = socket_generation_](
                            boost::system::error_code ec) {
                          if (alive.expired() || generation != socket_generation_) return;
                          reading_ = false;
                          if (ec) return;  // socket released or cancelled
                          on_readable();
                        });
  }

  void on_readable() {
    // Bookkeeping first, completions last: a handler may hand this connection to a
    // borrower on another thread (the pool), or destroy it; after the first completion
    // nothing here touches the pipeline.
    std::vector<std::unique_ptr<pipeline_operation>> ready;
    std::vector<std::unique_ptr<pipeline_operation>> again;  // sent anew, behind the queue
    bool lost = PQconsumeInput(conn_) != 1 || PQflush(conn_) < 0;
    while (!lost && !queue_.empty() && !PQisBusy(conn_)) {
      PGresult* result = PQgetResult(conn_);
      pipeline_operation& op = *queue_.front();
      if (result == nullptr) {
        // end of one statement's results: the prepare's, or the query's
        if (op.prepares) op.prepares = false;
        continue;
      }
      ExecStatusType status = PQresultStatus(result);
      if (status == PGRES_PIPELINE_SYNC) {
        PQclear(result);
        if (op.grace) op.grace->cancel();
        (op.retry ? again : ready).push_back(std::move(queue_.front()));
        queue_.pop_front();
        continue;
      }
      if (op.prepares) op.on_prepared(status == PGRES_COMMAND_OK);
      if (status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR) {
        if (op.prepares) op.fail_with(describe_failure(conn_, result));
        else op.on_failed(conn_, result);
        if (op.cancelled && op.error == engine_detail::to_error_code(errc::cancelled))
          op.error = boost::asio::error::operation_aborted;
      } else if (status == PGRES_PIPELINE_ABORTED) {
        if (!op.error) op.error = engine_detail::to_error_code(errc::engine_error);
        if (op.message.empty()) op.message = "not run: an earlier statement of its pipeline segment failed";
      } else if (!op.prepares && !op.error) {
        if (op.observer) [[unlikely]]
          op.rows += status == PGRES_TUPLES_OK ? PQntuples(result) : std::atoll(PQcmdTuples(result));
        try {
          op.on_rows(result);
        } catch (...) {
          diagnostics d;
          op.error = engine_detail::capture_current_exception(&d);
          op.message = d.server_message();
        }
      }
      PQclear(result);
    }
    if (!lost && PQstatus(conn_) == CONNECTION_BAD) lost = true;
    std::deque<std::unique_ptr<pipeline_operation>> failed;
    std::string message;
    if (lost) {
      message = conn_ ? PQerrorMessage(conn_) : "connection closed";
      while (!message.empty() && message.back() == '\n') message.pop_back();
      failed = std::move(queue_);
      queue_.clear();
      for (auto& op : again) failed.push_back(std::move(op));
      release_socket();
    } else {
      for (auto& op : again) {
        op->retry = false;
        if (op->cancelled) {
          op->error = boost::asio::error::operation_aborted;
        } else if (op->resend(conn_) && PQpipelineSync(conn_) == 1) {
          queue_.push_back(std::move(op));
          continue;
        } else {
          op->fail_with({PQstatus(conn_) == CONNECTION_BAD ? errc::connection_lost : errc::engine_error,
                         PQerrorMessage(conn_)});
        }
        ready.push_back(std::move(op));
      }
      if (!queue_.empty()) flush();
      cancel_front_if_alone();  // a cancel that waited for its operation's turn
      start_reading();
    }
    // a cancelled operation that the server ran to its end succeeded: only the server's
    // "canceling statement" answer (57014) makes it operation_aborted
    for (auto& done : ready) complete(*done, done->error, std::move(done->message));
    finish_failed(failed, engine_detail::to_error_code(errc::connection_lost), message);
  }

  static void finish_failed(std::deque<std::unique_ptr<pipeline_operation>>& ops, error_code ec,
                            const std::string& message) {
    for (auto& op : ops) {
      if (op->grace) op->grace->cancel();
      complete(*op, op->cancelled ? error_code{boost::asio::error::operation_aborted} : ec, message);
    }
  }

  // Tells the hook (if the operation was sent while one was set), then the caller.
  static void complete(pipeline_operation& op, error_code ec, std::string message) {
    if (op.observer) [[unlikely]] {
      query_event event;
      event.kind = op.event_kind;
      event.sql = op.sql;
      event.duration = engine_detail::since(op.sent_at);
      event.rows = ec ? 0 : op.rows;
      event.error = ec;
      event.message = message;
      op.observer->notify(event);
    }
    op.finish(ec, std::move(message));
  }

  void broken() {
    std::string message = conn_ ? PQerrorMessage(conn_) : "connection closed";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    fail_all(engine_detail::to_error_code(errc::connection_lost), message);
  }

  executor_type executor_;
  boost::asio::strand<executor_type> strand_;
  PGconn* conn_ = nullptr;
  engine_detail::observer_ptr observer_;  // the database's query hook
  std::optional<boost::asio::posix::stream_descriptor> socket_;
  std::deque<std::unique_ptr<pipeline_operation>> queue_;
  std::deque<std::unique_ptr<deferred_call>> deferred_;
  bool connecting_ = false;
  bool in_pipeline_ = false;
  bool reading_ = false;
  bool writing_ = false;
  std::uint64_t socket_generation_ = 0;
  // Handlers check it: the pipeline may be gone when a wait completes.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace piccolo::postgres::detail
