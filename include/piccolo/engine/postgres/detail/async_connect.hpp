#pragma once
// Opening a PostgreSQL connection without blocking the io thread: PQconnectStart and
// PQconnectPoll on the socket, watched by Asio, bounded by a timeout (a server that
// accepts TCP and never answers cannot hang the caller). Completes with
// (error_code, PGconn*): the connection, owned by the handler, or null with
// errc::connection_failed / errc::timed_out.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <libpq-fe.h>

#include <piccolo/engine/detail/async.hpp>

namespace piccolo::postgres::detail {

class connect_attempt : public std::enable_shared_from_this<connect_attempt> {
 public:
  using callback = std::function<void(error_code, PGconn*, std::string)>;

  connect_attempt(boost::asio::any_io_executor ex, std::chrono::milliseconds timeout, callback done)
      : executor_(boost::asio::make_strand(ex)), timer_(executor_), timeout_(timeout), done_(std::move(done)) {}
  ~connect_attempt() {
    if (conn_) PQfinish(conn_);
  }

  // Everything after PQconnectStart runs on the attempt's strand: the timer and the
  // socket's waits may complete on different io threads.
  void start(const std::string& conninfo) {
    conn_ = PQconnectStart(conninfo.c_str());
    boost::asio::post(executor_, [self = shared_from_this()] { self->begin(); });
  }

 private:
  void begin() {
    if (!conn_ || PQstatus(conn_) == CONNECTION_BAD) return fail(errc::connection_failed);
    if (timeout_.count() > 0) {
      timer_.expires_after(timeout_);
      timer_.async_wait([self = shared_from_this()](error_code ec) {
        if (ec || self->finished_) return;
        self->timed_out_ = true;
        self->fail(errc::timed_out, "connecting timed out");
      });
    }
    // libpq asks to be polled as if the socket had just become writable
    step(PGRES_POLLING_WRITING);
  }

  void step(PostgresPollingStatusType want) {
    if (finished_) return;
    switch (want) {
      case PGRES_POLLING_OK: return succeed();
      case PGRES_POLLING_FAILED: return fail(errc::connection_failed);
      default: break;
    }
    // libpq may change the socket between steps (another host of the list)
    socket_.reset();
    int fd = PQsocket(conn_);
    if (fd < 0) return fail(errc::connection_failed);
    socket_ = std::make_unique<boost::asio::posix::stream_descriptor>(executor_, fd);
    auto kind = want == PGRES_POLLING_READING ? boost::asio::posix::stream_descriptor::wait_read
                                               : boost::asio::posix::stream_descriptor::wait_write;
    socket_->async_wait(kind, [self = shared_from_this()](error_code ec) {
      if (self->finished_) return;
      if (ec) return self->fail(errc::connection_failed, ec.message());
      self->release_socket();
      self->step(PQconnectPoll(self->conn_));
    });
  }

  void release_socket() {
    if (socket_) {
      boost::system::error_code ignored;
      socket_->cancel(ignored);
      socket_->release();  // libpq owns the descriptor
      socket_.reset();
    }
  }

  void succeed() {
    finished_ = true;
    timer_.cancel();
    release_socket();
    PGconn* conn = std::exchange(conn_, nullptr);
    done_(error_code{}, conn, {});
  }

  void fail(errc code, std::string message = {}) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    release_socket();
    if (message.empty() && conn_) message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    done_(engine_detail::to_error_code(code), nullptr, std::move(message));
  }

  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds timeout_;
  callback done_;
  PGconn* conn_ = nullptr;
  std::unique_ptr<boost::asio::posix::stream_descriptor> socket_;
  bool finished_ = false;
  bool timed_out_ = false;
};

// Starts a non-blocking connect; done(ec, conn, message) runs on ex's thread. A
// timeout of zero waits as long as libpq does (connect_timeout in the conninfo).
inline void start_connect(const boost::asio::any_io_executor& ex, const std::string& conninfo,
                          std::chrono::milliseconds timeout, connect_attempt::callback done) {
  std::make_shared<connect_attempt>(ex, timeout, std::move(done))->start(conninfo);
}

}  // namespace piccolo::postgres::detail
