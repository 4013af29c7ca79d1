#pragma once
// pc::postgres::database: one PostgreSQL connection (libpq). run(query) uses the
// extended protocol: each query type is prepared once per connection (named by its
// statement-cache slot) with parameter types from its first binding, then only bound
// and executed; parameters and results travel in binary format.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
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
#include <piccolo/engine/detail/collect.hpp>
#include <piccolo/engine/detail/query_slot.hpp>
#include <piccolo/engine/detail/transactions.hpp>
#include <piccolo/engine/postgres/detail/binary.hpp>
#include <piccolo/engine/postgres/error.hpp>
#include <piccolo/engine/postgres/row.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo::postgres {

enum class isolation { read_committed, repeatable_read, serializable };

struct transaction_options {
  isolation level = isolation::read_committed;
  bool read_only = false;
};

class database : public engine_detail::transaction_support<database> {
 public:
  // conninfo: "host=... port=... dbname=..." or a postgresql:// URI.
  explicit database(std::string conninfo) : conninfo_(std::move(conninfo)) { connect(); }
  database(database&& other) noexcept
      : engine_detail::transaction_support<database>(std::move(other)),
        conninfo_(std::move(other.conninfo_)),
        conn_(std::exchange(other.conn_, nullptr)),
        prepared_(std::move(other.prepared_)) {}
  database& operator=(database&& other) noexcept {
    if (this != &other) {
      if (conn_) PQfinish(conn_);
      engine_detail::transaction_support<database>::operator=(std::move(other));
      conninfo_ = std::move(other.conninfo_);
      conn_ = std::exchange(other.conn_, nullptr);
      prepared_ = std::move(other.prepared_);
    }
    return *this;
  }
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database() {
    if (conn_) PQfinish(conn_);
  }

  template <query Q>
  typename Q::result_type run(const Q& q) {
    static_assert(engine_detail::runnable_query<Q>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    constexpr std::string_view text = sql_of<Q, postgres_dialect>;
    if constexpr (Q::kind == result_kind::statements) {
      execute_script(text.data());
    } else {
      constexpr int parameters = piccolo::detail::sql_text<Q, dialect_id::postgres>::parameters;
      int expected_columns = -1;
      if constexpr (requires { Q::columns + 0; }) expected_columns = Q::columns;
      typename Q::result_type result{};
      if constexpr (requires { Q::columnar_on_postgres; }) {
        if constexpr (Q::columnar_on_postgres) {
          // one statement for the whole batch: each parameter is a column's array
          batch_.clear();
          std::size_t rows = 0;
          q.for_each_binding([&](const value_view* values) {
            batch_.insert(batch_.end(), values, values + parameters);
            ++rows;
          });
          if (rows == 0) return result;
          result_handle handle{execute_columns(engine_detail::query_slot<Q>, text, rows, parameters)};
          cursor out{handle.get()};
          engine_detail::collect<Q>(out, result);
          return result;
        }
      }
      auto execute = [&] {
        q.for_each_binding([&](const value_view* values) {
          result_handle handle{execute_prepared(engine_detail::query_slot<Q>, text, values, parameters)};
          if (expected_columns >= 0 && PQnfields(handle.get()) != expected_columns)
            throw error(errc::misuse, "raw(): the statement returns " + std::to_string(PQnfields(handle.get())) +
                                          " columns, the row type has " + std::to_string(expected_columns));
          cursor rows{handle.get()};
          engine_detail::collect<Q>(rows, result);
        });
      };
      if constexpr (Q::batched) atomically(execute);
      else execute();
      return result;
    }
  }

  // Runs f(db) in a transaction (BEGIN with the isolation level, READ ONLY if asked):
  // commits when f returns, rolls back and rethrows when it throws. Nested: SAVEPOINT.
  template <class F>
  decltype(auto) transaction(F&& f, transaction_options options = {}) {
    const char* begin = nullptr;
    switch (options.level) {
      case isolation::read_committed:
        begin = options.read_only ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY" : "BEGIN";
        break;
      case isolation::repeatable_read:
        begin = options.read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                  : "BEGIN ISOLATION LEVEL REPEATABLE READ";
        break;
      case isolation::serializable:
        begin = options.read_only ? "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"
                                  : "BEGIN ISOLATION LEVEL SERIALIZABLE";
        break;
    }
    return run_transaction(begin, std::forward<F>(f));
  }

  PGconn* native_handle() const noexcept { return conn_; }
  std::size_t prepared_statements() const noexcept {
    std::size_t n = 0;
    for (bool p : prepared_) n += p;
    return n;
  }
  // The backend's process id (pg_backend_pid()), e.g. to find this session on the server.
  int backend_pid() const noexcept { return conn_ ? PQbackendPID(conn_) : 0; }

 private:
  friend class engine_detail::transaction_support<database>;
  static constexpr const char* atomic_begin = "BEGIN";

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
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }

  // A connection that broke is replaced on next use; what it had prepared is gone.
  void ensure_connected() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) [[likely]]
      return;
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    prepared_.clear();
    forget_transactions();
    connect();
  }

  void execute_script(const char* sql) {
    ensure_connected();
    result_handle handle{PQexec(conn_, sql)};
    ExecStatusType status = PQresultStatus(handle.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result_error(conn_, handle.get());
  }

  void commit_or_throw() {
    result_handle handle{PQexec(conn_, "COMMIT")};
    if (PQresultStatus(handle.get()) != PGRES_COMMAND_OK) throw_result_error(conn_, handle.get());
    // COMMIT of a transaction an earlier error aborted answers ROLLBACK, not an error
    if (std::string_view{PQcmdStatus(handle.get())} == "ROLLBACK")
      throw error(errc::engine_error,
                  "transaction was aborted by an earlier error and has been rolled back");
  }

  void rollback_quietly(const char* sql) noexcept {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, sql));
  }

  PGresult* execute_prepared(std::size_t slot, std::string_view text, const value_view* values, int count) {
    ensure_connected();
    if (!is_prepared(slot)) {
      types_.resize(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) types_[i] = detail::oid_of(values[i].kind);
      prepare(slot, text, count);
    }
    start_parameters(count);
    for (int i = 0; i < count; ++i) {
      const value_view& v = values[i];
      if (v.is_null || v.kind == value_kind::null) continue;
      if (v.kind == value_kind::text || v.kind == value_kind::blob) {
        // sent from the caller's memory, no copy; an empty value still needs a pointer
        pointers_[i] = v.size ? static_cast<const char*>(v.data) : "";
        lengths_[i] = static_cast<int>(v.size);
        continue;
      }
      std::size_t at = scratch_.size();
      if (v.kind == value_kind::int64_list || v.kind == value_kind::float64_list ||
          v.kind == value_kind::text_list)
        detail::put_array(scratch_, v);
      else
        detail::put_scalar(scratch_, v);
      offsets_[i] = at;
      lengths_[i] = static_cast<int>(scratch_.size() - at);
    }
    return execute(slot, count);
  }

  PGresult* execute_columns(std::size_t slot, std::string_view text, std::size_t rows, int count) {
    ensure_connected();
    if (!is_prepared(slot)) {
      types_.resize(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) types_[i] = detail::array_oid_of(batch_[i].kind);
      prepare(slot, text, count);
    }
    start_parameters(count);
    for (int i = 0; i < count; ++i) {
      std::size_t at = scratch_.size();
      detail::put_column_array(scratch_, batch_.data(), rows, static_cast<std::size_t>(count),
                               static_cast<std::size_t>(i));
      offsets_[i] = at;
      lengths_[i] = static_cast<int>(scratch_.size() - at);
    }
    return execute(slot, count);
  }

  void start_parameters(int count) {
    auto n = static_cast<std::size_t>(count);
    pointers_.assign(n, nullptr);
    lengths_.assign(n, 0);
    formats_.assign(n, 1);
    offsets_.assign(n, static_cast<std::size_t>(-1));
    scratch_.clear();
  }

  PGresult* execute(std::size_t slot, int count) {
    // scratch_ is complete: its addresses are stable now
    for (int i = 0; i < count; ++i)
      if (offsets_[i] != static_cast<std::size_t>(-1)) pointers_[i] = scratch_.data() + offsets_[i];
    char name[32];
    statement_name(slot, name);
    PGresult* result = PQexecPrepared(conn_, name, count, pointers_.data(), lengths_.data(), formats_.data(), 1);
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) [[unlikely]] {
      result_handle handle{result};
      throw_result_error(conn_, result);
    }
    return result;
  }

  bool is_prepared(std::size_t slot) const noexcept { return slot < prepared_.size() && prepared_[slot]; }

  // Prepares with the parameter types in types_.
  void prepare(std::size_t slot, std::string_view text, int count) {
    char name[32];
    statement_name(slot, name);
    result_handle handle{PQprepare(conn_, name, text.data(), count, types_.data())};
    if (PQresultStatus(handle.get()) != PGRES_COMMAND_OK) throw_result_error(conn_, handle.get());
    if (slot >= prepared_.size()) prepared_.resize(slot + 1, false);
    prepared_[slot] = true;
  }

  static void statement_name(std::size_t slot, char* out) noexcept {
    const char prefix[] = "piccolo_";
    std::memcpy(out, prefix, sizeof prefix - 1);
    char digits[24];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + slot % 10);
      slot /= 10;
    } while (slot);
    char* p = out + sizeof prefix - 1;
    while (n) *p++ = digits[--n];
    *p = '\0';
  }

  std::string conninfo_;
  PGconn* conn_ = nullptr;
  std::vector<bool> prepared_;
  // reused between runs: no allocation per query once warmed up
  std::string scratch_;
  std::vector<const char*> pointers_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<std::size_t> offsets_;
  std::vector<Oid> types_;
  std::vector<value_view> batch_;
};

}  // namespace piccolo::postgres
