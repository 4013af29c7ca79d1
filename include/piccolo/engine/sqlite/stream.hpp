#pragma once
// pc::sqlite::row_stream<Q>, what db.stream(q, batch_size) returns: the rows of q read as
// the range advances, so that a large result never sits in memory.
//
// It has a statement of its own (not the connection's cached one of q's type, which a
// run() of the same query meanwhile resets), prepared and bound on first use, stepped
// one row per ++, finalized at the end, at the first error, or when the stream is
// destroyed. While it is open the statement holds a read transaction: in WAL mode a
// snapshot (rows committed after the stream began are not seen, and the WAL cannot be
// checkpointed past it); without WAL a SHARED lock that keeps writers of other
// connections waiting. Statements of the same connection may run between rows.
//
// Synchronously (begin()/end()) it reads on the database's own connection (holding the
// writer of a database built on an executor, as run() does, until the stream ends: use
// it on one thread). Asynchronously (co_await stream.async_next(token), with
// <piccolo/sqlite_async.hpp>) it reads batch_size rows per call on one reader
// connection's strand, or the writer's for an in-memory database. A stream is read one
// way or the other, not both.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include <piccolo/core/error.hpp>
#include <piccolo/engine/detail/stream.hpp>
#include <piccolo/engine/sqlite/database.hpp>
#include <piccolo/engine/sqlite/error.hpp>

namespace piccolo::sqlite {

namespace detail {

template <class Q>
class stream_state : public engine_detail::stream_state_base<typename Q::row_type> {
  using base = engine_detail::stream_state_base<typename Q::row_type>;

 public:
  using row_type = typename Q::row_type;

  stream_state(database& db, Q query, std::size_t batch_size)
      : owner_(&db), query_(std::move(query)), batch_size_(batch_size ? batch_size : 1) {}
  stream_state(const stream_state&) = delete;
  stream_state& operator=(const stream_state&) = delete;
  ~stream_state() { close(); }

  // ---- the synchronous range (engine_detail::begin_rows) ----
  void start_sync() {
    this->set_sync();
    if (owner_->async_) lock_ = owner_->async_->lock_writer();
    open(*owner_);
  }

  // Steps once: true with the next row decoded, false at the end (the statement is
  // finalized). An error finalizes it too, and is thrown.
  bool advance() {
    if (this->finished_) return false;
    try {
      if (!connection_->step(statement_)) {
        close();
        return false;
      }
      if (expected_columns_ >= 0) [[unlikely]] {
        // a schema change re-prepares the statement: the width checked at prepare may not hold
        int actual = sqlite3_column_count(statement_);
        if (actual != expected_columns_)
          throw error(errc::misuse, "raw(): the statement now returns " + std::to_string(actual) +
                                        " columns, the row type has " + std::to_string(expected_columns_));
        expected_columns_ = -1;
      }
      const sqlite::row reader{statement_};
      this->row_.emplace(Q::read_row(reader));
      return true;
    } catch (const error& e) {
      connection_->state().statement_failed(e.value(), connection_->in_transaction(), e.engine_message());
      close();
      throw;
    }
  }

  // ---- the asynchronous side (<piccolo/sqlite_async.hpp>) ----
  database& owner() const noexcept { return *owner_; }
  // Reads up to batch_size rows on conn (opening the stream there on the first call).
  // `stop` set (a cancellation) ends the stream between rows with errc::cancelled.
  void next_batch(database& conn, std::vector<row_type>& rows, const std::atomic<bool>* stop = nullptr) {
    if (this->reading_mode() != base::mode::async) {
      this->set_async();  // throws after a synchronous read
      open(conn);
    }
    rows.reserve(batch_size_);
    while (rows.size() < batch_size_) {
      if (stop && stop->load()) {
        close();
        throw error(errc::cancelled, "stream: the batch was cancelled");
      }
      if (!advance()) break;
      rows.push_back(std::move(*this->row_));
    }
  }
  bool aborted = false;  // a cancelled batch ended the stream: later calls say so
  // Where an asynchronously read statement must be finalized (its connection's strand).
  std::function<void(sqlite3_stmt*)> finalize_elsewhere;
  int async_reader = -2;  // chosen on the first async_next: -1 the writer, else a reader's index

 private:
  void open(database& conn) {
    connection_ = &conn;
    conn.state().check_usable();  // a dead transaction scope runs nothing
    constexpr std::string_view text = sql_of<Q, sqlite_dialect>;
    constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::sqlite>::parameters;
    try {
      int rc = sqlite3_prepare_v3(conn.db_, text.data(), static_cast<int>(text.size()), 0, &statement_, nullptr);
      if (rc != SQLITE_OK) throw_error(conn.db_, rc);
      if constexpr (requires { Q::columns + 0; }) {
        expected_columns_ = Q::columns;
        if (sqlite3_column_count(statement_) != Q::columns)
          throw error(errc::misuse, "raw(): the statement returns " + std::to_string(sqlite3_column_count(statement_)) +
                                        " columns, the row type has " + std::to_string(Q::columns));
      }
      query_.for_each_binding([&](const value_view* values) {
        for (int i = 0; i < parameters; ++i) bind(conn, i + 1, values[i]);
      });
    } catch (...) {
      close();
      throw;
    }
  }

  // Text and blobs are copied (SQLITE_TRANSIENT): the statement outlives this call.
  void bind(database& conn, int index, const value_view& v) {
    int rc;
    if (!v.is_null && v.kind == value_kind::text)
      rc = sqlite3_bind_text64(statement_, index, static_cast<const char*>(v.data), v.size, SQLITE_TRANSIENT,
                               SQLITE_UTF8);
    else if (!v.is_null && v.kind == value_kind::typed_bytes && v.sqlite_text)
      rc = sqlite3_bind_text64(statement_, index, static_cast<const char*>(v.data) + v.text_offset,
                               v.size - v.text_offset, SQLITE_TRANSIENT, SQLITE_UTF8);
    else if (!v.is_null && (v.kind == value_kind::blob || v.kind == value_kind::typed_bytes) && v.size)
      rc = sqlite3_bind_blob64(statement_, index, v.data, v.size, SQLITE_TRANSIENT);
    else if (v.is_null)
      rc = sqlite3_bind_null(statement_, index);
    else
      rc = database::bind_value(statement_, index, v);
    if (rc != SQLITE_OK) throw_error(conn.db_, rc);
  }

  void close() noexcept {
    this->finished_ = true;
    if (sqlite3_stmt* statement = std::exchange(statement_, nullptr)) {
      if (finalize_elsewhere) finalize_elsewhere(statement);
      else sqlite3_finalize(statement);
    }
    if (lock_.owns_lock()) lock_.unlock();
  }

  database* owner_;
  database* connection_ = nullptr;
  Q query_;
  std::size_t batch_size_;
  sqlite3_stmt* statement_ = nullptr;
  int expected_columns_ = -1;
  std::unique_lock<std::recursive_mutex> lock_;  // the writer, for a synchronous stream
};

// async_next(), defined by <piccolo/sqlite_async.hpp>.
template <class T>
struct stream_async;

}  // namespace detail

// db.stream(q, batch_size); see the top of this file.
template <class Q>
class row_stream : public engine_detail::basic_row_stream<detail::stream_state<Q>, detail::stream_async> {
 public:
  using row_stream::basic_row_stream::basic_row_stream;
};

}  // namespace piccolo::sqlite
