#pragma once
// pc::postgres::row_stream<Q>, what db.stream(q, batch_size) returns: the rows of q read
// batch_size at a time through a server-side cursor, so that a large result never sits
// in memory (neither the client's nor, as a whole, the connection's buffers).
//
//   BEGIN                                  only when no transaction is open (a scope of
//                                          the connection: the depth counts it)
//   DECLARE piccolo_cursor_<n> NO SCROLL CURSOR FOR <q's text>    with q's parameters
//   FETCH FORWARD <batch_size> FROM piccolo_cursor_<n>            per batch, binary rows
//   COMMIT, or CLOSE piccolo_cursor_<n> inside the caller's transaction
//
// Why a cursor and not single-row mode: the connection stays usable between batches
// (a stream's rows may drive other queries on it), the asynchronous side sends each
// FETCH as an ordinary pipelined query (the consumer's pace is the server's: natural
// backpressure), and both runners follow the same statements. libpq 15 has no chunked
// rows mode, and single-row mode costs a PGresult per row. The DECLARE is sent
// unprepared (PQexecParams, parameters bound in binary as for run()): a cursor's query
// cannot be a prepared statement, and it is parsed once per stream, not per row.
//
// Statements run on the connection while a stream's own transaction is open run inside
// it, and are committed when the stream ends (as autocommit would have, later). Ending:
// the last batch, an error (the transaction is rolled back), or destruction half-way
// (COMMIT, or CLOSE), after which the connection is reusable. A lost connection fails
// the stream with errc::connection_lost, never a short result.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

#include <piccolo/core/error.hpp>
#include <piccolo/engine/detail/stream.hpp>
#include <piccolo/engine/postgres/database.hpp>
#include <piccolo/engine/postgres/error.hpp>
#include <piccolo/engine/postgres/row.hpp>

namespace piccolo::postgres {

namespace detail {

// The statements of one cursor; the query's text is a compile-time constant, the
// cursor's name is unique in the process (so several streams may share a connection).
struct cursor_statements {
  std::string declare;
  std::string fetch;
  std::string close;

  cursor_statements(std::string_view query_text, std::size_t batch_size) {
    static std::atomic<unsigned long long> counter{0};
    std::string name = "piccolo_cursor_" + std::to_string(++counter);
    declare.reserve(name.size() + query_text.size() + 40);
    declare.append("DECLARE ").append(name).append(" NO SCROLL CURSOR FOR ").append(query_text);
    fetch = "FETCH FORWARD " + std::to_string(batch_size) + " FROM " + name;
    close = "CLOSE " + name;
  }
};

template <class Q>
class stream_state {
 public:
  using row_type = typename Q::row_type;
  enum class mode : unsigned char { none, sync, async };

  stream_state(database& db, Q query, std::size_t batch_size, std::shared_ptr<void> hold)
      : hold_(std::move(hold)),
        db_(&db),
        query_(std::move(query)),
        batch_size_(batch_size ? batch_size : 1),
        statements_(sql_of<Q, postgres_dialect>, batch_size_) {}
  stream_state(const stream_state&) = delete;
  stream_state& operator=(const stream_state&) = delete;
  ~stream_state() {
    if (finished_ || mode_ == mode::none) return;
    if (close_elsewhere) {  // queued on the connection's pipeline
      close_elsewhere(std::move(hold_));
      return;
    }
    try {
      close_sync();
    } catch (...) {  // a lost connection: the server dropped the cursor with its session
    }
  }

  // ---- the synchronous range (engine_detail::begin_rows) ----
  bool started_sync() const noexcept { return mode_ == mode::sync; }
  bool finished() const noexcept { return finished_; }
  row_type& row() noexcept { return *row_; }

  void start_sync() {
    if (mode_ == mode::async) throw error(errc::misuse, "stream: read asynchronously already; keep to async_next()");
    mode_ = mode::sync;
    try {
      db_->prepare_for_sync_call();
      if (db_->transaction_depth() == 0) {
        db_->open_transaction_scope("BEGIN");
        owns_transaction_ = true;
        level_ = db_->transaction_depth();
      }
      encode_parameters();
      database::result_handle declared{PQexecParams(db_->conn_, statements_.declare.c_str(), parameters,
                                                    db_->types_.data(), db_->pointers_.data(),
                                                    db_->lengths_.data(), db_->formats_.data(), 1)};
      if (PQresultStatus(declared.get()) != PGRES_COMMAND_OK) throw_result_error(db_->conn_, declared.get());
    } catch (const error& e) {
      fail(e);
      throw;
    }
  }

  // The next row: from the batch at hand, or from the next FETCH.
  bool advance() {
    if (finished_) return false;
    try {
      while (next_row_ >= rows_in_batch_) {
        if (last_batch_) {
          finished_ = true;
          close_sync();
          return false;
        }
        fetch_sync();
      }
      const postgres::row reader{batch_.get(), next_row_++};
      row_.emplace(Q::read_row(reader));
      return true;
    } catch (const error& e) {
      fail(e);
      throw;
    }
  }

  // ---- the asynchronous side (<piccolo/postgres_async.hpp>) ----
  static constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::postgres>::parameters;
  database& connection() const noexcept { return *db_; }
  const cursor_statements& statements() const noexcept { return statements_; }
  std::size_t batch_size() const noexcept { return batch_size_; }
  mode reading_mode() const noexcept { return mode_; }
  void set_async() {
    if (mode_ == mode::sync) throw error(errc::misuse, "stream: read as a range already; keep to begin()/end()");
    mode_ = mode::async;
  }
  bool opened = false;  // async: DECLARE answered
  bool owns_transaction_ = false;
  int level_ = 0;
  bool finished_ = false;
  // Queues the end of an asynchronous stream destroyed half-way, keeping the lease.
  std::function<void(std::shared_ptr<void>)> close_elsewhere;

  // q's parameters into the connection's buffers (types always: DECLARE is unprepared).
  void encode_parameters() {
    query_.for_each_binding([&](const value_view* values) { db_->encode_parameters(values, parameters, true); });
    if (db_->types_.size() < static_cast<std::size_t>(parameters)) db_->types_.resize(static_cast<std::size_t>(parameters));
  }
  // Decodes a FETCH result into rows (async).
  void decode(const PGresult* result, std::vector<row_type>& rows) {
    database::check_width<Q>(result);
    const int count = PQntuples(result);
    rows.reserve(static_cast<std::size_t>(count));
    postgres::row reader{result, 0};
    for (int i = 0; i < count; ++i) {
      reader.move_to(i);
      rows.push_back(Q::read_row(static_cast<const postgres::row&>(reader)));
    }
  }

 private:
  void fetch_sync() {
    db_->prepare_for_sync_call();
    batch_.reset(PQexecParams(db_->conn_, statements_.fetch.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1));
    if (PQresultStatus(batch_.get()) != PGRES_TUPLES_OK) throw_result_error(db_->conn_, batch_.get());
    database::check_width<Q>(batch_.get());
    rows_in_batch_ = PQntuples(batch_.get());
    next_row_ = 0;
    last_batch_ = static_cast<std::size_t>(rows_in_batch_) < batch_size_;
  }

  // COMMIT our transaction, or CLOSE the cursor inside the caller's.
  void close_sync() {
    finished_ = true;
    batch_.reset(nullptr);
    if (owns_transaction_) {
      owns_transaction_ = false;
      if (db_->transaction_depth() == level_) db_->close_transaction_scope(engine_detail::scope_end::commit);
      return;
    }
    db_->execute_script(statements_.close.c_str());
  }

  // After an error: the transaction we opened is rolled back; inside the caller's, the
  // cursor is closed when the transaction still can (a decoding error), else the
  // caller's rollback drops it.
  void fail(const error& e) noexcept {
    finished_ = true;
    batch_.reset(nullptr);
    db_->statement_failed(e);
    if (owns_transaction_) {
      owns_transaction_ = false;
      if (db_->transaction_depth() == level_) db_->close_transaction_scope_quietly();
      return;
    }
    if (db_->conn_ && PQtransactionStatus(db_->conn_) == PQTRANS_INTRANS) {
      try {
        db_->execute_script(statements_.close.c_str());
      } catch (...) {
      }
    }
  }

  struct owned_result {
    PGresult* result = nullptr;
    owned_result() = default;
    owned_result(const owned_result&) = delete;
    ~owned_result() { PQclear(result); }
    void reset(PGresult* r) noexcept {
      PQclear(result);
      result = r;
    }
    PGresult* get() const noexcept { return result; }
  };

  std::shared_ptr<void> hold_;  // a pool's lease: given back after everything above ended
  database* db_;
  Q query_;
  std::size_t batch_size_;
  cursor_statements statements_;
  mode mode_ = mode::none;
  owned_result batch_;
  int rows_in_batch_ = 0;
  int next_row_ = 0;
  bool last_batch_ = false;
  std::optional<row_type> row_;
};

}  // namespace detail

// db.stream(q, batch_size); see the top of this file.
template <class Q>
class row_stream : public engine_detail::basic_row_stream<detail::stream_state<Q>, detail::stream_async> {
  using base = engine_detail::basic_row_stream<detail::stream_state<Q>, detail::stream_async>;

 public:
  row_stream() = default;
  row_stream(database& db, Q query, std::size_t batch_size, std::shared_ptr<void> hold = {})
      : base(std::make_shared<detail::stream_state<Q>>(db, std::move(query), batch_size, std::move(hold))) {}
};

}  // namespace piccolo::postgres
