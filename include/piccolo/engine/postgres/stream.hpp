#pragma once
// pc::postgres::row_stream<Q>, what db.stream(q, batch_size) returns: the rows of q read
// batch_size at a time through a server-side cursor, so that a large result never sits
// in memory (neither the client's nor, as a whole, the connection's buffers).
//
//   BEGIN                                  only when no transaction is open (a scope of
//                                          the connection: the depth counts it)
//   DECLARE piccolo_cursor_<n> NO SCROLL CURSOR FOR <q's text>    with q's parameters
//   FETCH FORWARD <batch_size> FROM piccolo_cursor_<n>            per batch, binary rows
//   COMMIT, or CLOSE piccolo_cursor_<n> inside the caller's transaction (or while another
//   stream still reads in the streams' transaction: the last one out commits it)
// with DECLARE and each FETCH inside SAVEPOINT piccolo_stream_call ... RELEASE.
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
// the last batch, an error, or destruction half-way (COMMIT, or CLOSE), after which the
// connection is reusable. An error (the server's, or a value that does not decode) is
// rolled back to the savepoint of the statement it came from and then ends the stream as
// its last batch would have, so the caller's writes in the transaction are kept, sync or
// async, whatever the token. A lost connection fails the stream with
// errc::connection_lost, never a short result.

#include <atomic>
#include <cstddef>
#include <cstdint>
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

class pipeline_operation;

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

// The savepoint each of a stream's own statements (DECLARE, FETCH) runs in, on both
// runners: a server error in one returns the transaction to where the statement found it,
// so what else ran in it (the caller's writes between batches) survives the stream's end.
inline constexpr const char* stream_savepoint_sql = "SAVEPOINT piccolo_stream_call";
inline constexpr const char* stream_release_sql = "RELEASE SAVEPOINT piccolo_stream_call";
inline constexpr const char* stream_rollback_to_sql = "ROLLBACK TO SAVEPOINT piccolo_stream_call";

template <class Q>
class stream_state : public engine_detail::stream_state_base<typename Q::row_type> {
 public:
  using row_type = typename Q::row_type;

  stream_state(database& db, Q query, std::size_t batch_size, std::shared_ptr<void> hold = {})
      : hold_(std::move(hold)),
        db_(&db),
        query_(std::move(query)),
        batch_size_(batch_size ? batch_size : 1),
        statements_(sql_of<Q, postgres_dialect>, batch_size_) {}
  stream_state(const stream_state&) = delete;
  stream_state& operator=(const stream_state&) = delete;
  ~stream_state() {
    if (this->finished_ || this->reading_mode() == stream_state::mode::none) return;
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
  void start_sync() {
    this->set_sync();
    try {
      db_->prepare_for_sync_call();
      if (db_->transaction_depth() == 0) {
        db_->open_transaction_scope("BEGIN");
        enter_stream_transaction();
      } else if (may_join_stream_transaction()) {
        enter_stream_transaction();
      }
      encode_parameters();
      run_guarded(statements_.declare.c_str(), parameters, PGRES_COMMAND_OK);
      opened = true;
    } catch (const error& e) {
      fail(e);
      throw;
    }
  }

  // The next row: from the batch at hand, or from the next FETCH.
  bool advance() {
    if (this->finished_) return false;
    try {
      while (next_row_ >= rows_in_batch_) {
        if (last_batch_) {
          close_sync();
          return false;
        }
        fetch_sync();
      }
      const postgres::row reader{batch_.get(), next_row_++};
      this->row_.emplace(Q::read_row(reader));
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
  bool opened = false;  // DECLARE answered: the cursor exists
  // async: the call in progress (its cancellation slot reaches it through this), the
  // statement of it in the pipeline now, and whether a cancellation ended the stream
  std::uint64_t call = 0;
  bool call_running = false;
  bool cancel_requested = false;
  pipeline_operation* in_flight = nullptr;
  bool aborted = false;
  // Queues the end of an asynchronous stream destroyed half-way, keeping the lease.
  std::function<void(std::shared_ptr<void>)> close_elsewhere;

  // The connection's streams' transaction (opened by the first stream, at depth 1): a
  // stream that finds it open reads in it too, counted, so that the last one out ends it.
  bool may_join_stream_transaction() const noexcept {
    return db_->state().stream_scope() && db_->transaction_depth() == 1;
  }
  void enter_stream_transaction() noexcept {
    db_->state().stream_entered();
    in_stream_transaction_ = true;
    level_ = db_->transaction_depth();
  }
  // At the stream's end: true when it was the last stream in the streams' transaction and
  // must end it (COMMIT); false when only its cursor is to be closed (other streams still
  // read in the transaction, or it is the caller's).
  bool leave_stream_transaction() noexcept {
    if (!std::exchange(in_stream_transaction_, false)) return false;
    return db_->state().stream_left() && db_->transaction_depth() == level_;
  }
  // The stream still counts in the streams' transaction (a destroyed one queues its end).
  bool in_stream_transaction() const noexcept { return in_stream_transaction_; }

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
  // One of the stream's statements, inside the stream's savepoint (kept in batch_).
  void run_guarded(const char* sql, int parameter_count, ExecStatusType expected) {
    db_->execute_script(stream_savepoint_sql);
    in_savepoint_ = true;
    batch_.reset(parameter_count ? PQexecParams(db_->conn_, sql, parameter_count, db_->types_.data(),
                                                db_->pointers_.data(), db_->lengths_.data(),
                                                db_->formats_.data(), 1)
                                 : PQexecParams(db_->conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 1));
    if (PQresultStatus(batch_.get()) != expected) throw_result_error(db_->conn_, batch_.get());
    db_->execute_script(stream_release_sql);
    in_savepoint_ = false;
  }

  void fetch_sync() {
    db_->prepare_for_sync_call();
    run_guarded(statements_.fetch.c_str(), 0, PGRES_TUPLES_OK);
    database::check_width<Q>(batch_.get());
    rows_in_batch_ = PQntuples(batch_.get());
    next_row_ = 0;
    last_batch_ = static_cast<std::size_t>(rows_in_batch_) < batch_size_;
  }

  // COMMIT the streams' transaction (the last stream in it), else CLOSE the cursor.
  void close_sync() {
    this->finished_ = true;
    batch_.reset(nullptr);
    if (leave_stream_transaction()) {
      db_->close_transaction_scope(engine_detail::scope_end::commit);
      return;
    }
    if (opened) db_->execute_script(statements_.close.c_str());
  }

  // After an error: a server error is rolled back to the savepoint of the statement that
  // failed, the cursor is closed, and then the stream ends as it would have at its end
  // (the streams' transaction committed by the last stream in it), so the caller's
  // writes in the transaction survive. Only when that cannot be done (a lost connection)
  // is the transaction rolled back, by the last stream in it.
  void fail(const error& e) noexcept {
    this->finished_ = true;
    batch_.reset(nullptr);
    db_->statement_failed(e);
    bool recovered = !db_->state().dead() && db_->conn_ && PQstatus(db_->conn_) == CONNECTION_OK;
    try {
      if (recovered && std::exchange(in_savepoint_, false)) {
        db_->execute_script(stream_rollback_to_sql);
        db_->execute_script(stream_release_sql);
      }
      if (recovered && opened) db_->execute_script(statements_.close.c_str());
    } catch (...) {
      recovered = false;
    }
    if (!leave_stream_transaction()) return;
    if (!recovered) return db_->close_transaction_scope_quietly();
    try {
      db_->close_transaction_scope(engine_detail::scope_end::commit);
    } catch (...) {  // the stream's error is what its reader is told
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
  bool in_stream_transaction_ = false;
  int level_ = 0;
  bool in_savepoint_ = false;  // sync: a statement's savepoint is open
  owned_result batch_;
  int rows_in_batch_ = 0;
  int next_row_ = 0;
  bool last_batch_ = false;
};

}  // namespace detail

// db.stream(q, batch_size); see the top of this file.
template <class Q>
class row_stream : public engine_detail::basic_row_stream<detail::stream_state<Q>, detail::stream_async> {
 public:
  using row_stream::basic_row_stream::basic_row_stream;
};

}  // namespace piccolo::postgres
