#pragma once
// One run of a prepared statement on PostgreSQL, written once as a sans-io state machine
// (in the style of Boost.MySQL's algorithms) and driven by two runners: the synchronous
// run() performs each step with blocking libpq calls, the asynchronous pipeline with
// non-blocking sends and resumes as the answers arrive. So the two cannot disagree on
// when a statement is prepared, what a stale plan means, or which error a failure is.
//
//   start()        -> send, with PREPARE first when the connection lacks the statement
//   prepared(ok)   <- the server answered that PREPARE
//   resume(...)    <- the server answered the EXECUTE:
//                     rows:   read them
//                     retry:  the plan went stale (the table changed, or the server forgot
//                             the statement) outside a transaction: call start() again when
//                             sending it once more (it prepares anew under a new name,
//                             unless another run already does: queries pipelined behind
//                             this one met the same stale plan)
//                     failed: failure() says why (inside a transaction a stale plan is
//                             transaction_aborted: PostgreSQL aborted the transaction)

#include <cstddef>
#include <string>
#include <string_view>

#include <libpq-fe.h>

#include <piccolo/core/error.hpp>
#include <piccolo/engine/postgres/detail/statement_cache.hpp>
#include <piccolo/engine/postgres/error.hpp>

namespace piccolo::postgres::detail {

class query_execution {
 public:
  enum class next : unsigned char { send, rows, retry, failed };
  struct step {
    next what = next::send;
    bool prepare = false;  // with send: PREPARE before EXECUTE
  };

  query_execution(statement_cache& cache, std::size_t slot) noexcept : cache_(&cache), slot_(slot) {}

  step start() {
    generation_ = cache_->generation(slot_);
    bool prepare = cache_->needs_prepare(slot_);
    // later operations of this type rely on it; confirmed or undone by prepared()
    if (prepare) cache_->mark(slot_, prepared_status::pending);
    return {next::send, prepare};
  }

  // An unanswered PREPARE (the connection broke, the send failed) counts as failed.
  void prepared(bool ok) { cache_->mark(slot_, ok ? prepared_status::ready : prepared_status::none); }

  // result: the EXECUTE's answer; inside_transaction: whether the statement ran inside a
  // transaction block (a retry there would only meet "transaction is aborted").
  step resume(PGconn* conn, const PGresult* result, bool inside_transaction) {
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) [[likely]]
      return {next::rows};
    if (stale(result)) {
      // the first run to meet the stale plan retires its name; the others ran under it too
      if (cache_->generation(slot_) == generation_) cache_->mark_stale(slot_);
      if (inside_transaction)
        return fail(errc::transaction_aborted,
                    "a table changed under a prepared statement inside a transaction, which PostgreSQL "
                    "aborted; run the transaction again (the statement is prepared anew)");
      if (!retried_) {
        retried_ = true;
        return {next::retry};
      }
      return fail(errc::engine_error, "the statement failed again after it was prepared anew");
    }
    failure_ = describe_failure(conn, result);
    return {next::failed};
  }

  const result_failure& failure() const noexcept { return failure_; }
  std::size_t slot() const noexcept { return slot_; }

 private:
  // "cached plan must not change result type" (0A000) or an unknown statement (26000)
  static bool stale(const PGresult* result) noexcept {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    return state && (std::string_view{state} == "0A000" || std::string_view{state} == "26000");
  }
  step fail(errc code, const char* message) {
    failure_ = {code, message};
    return {next::failed};
  }

  statement_cache* cache_;
  std::size_t slot_;
  unsigned generation_ = 0;  // of the name this run was sent under
  bool retried_ = false;
  result_failure failure_;
};

}  // namespace piccolo::postgres::detail
