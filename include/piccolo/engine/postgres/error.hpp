#pragma once
// SQLSTATE -> piccolo::errc, with the server's message.

#include <string>
#include <string_view>

#include <libpq-fe.h>

#include <piccolo/core/error.hpp>

namespace piccolo::postgres {

inline errc map_sqlstate(std::string_view state) noexcept {
  if (state == "23505") return errc::unique_violation;
  if (state == "23503") return errc::foreign_key_violation;
  if (state == "23502") return errc::not_null_violation;
  if (state == "23514") return errc::check_violation;
  if (state.starts_with("23")) return errc::constraint_violation;
  if (state == "40001" || state == "40P01") return errc::serialization_failure;
  // in_failed_sql_transaction: a statement after an error in the same transaction, which
  // the server refuses until it ends: the transaction is lost, as its COMMIT will say
  if (state == "25P02") return errc::transaction_aborted;
  // 08P01: the server refused a malformed message (a COPY field of the wrong width);
  // the connection itself is fine, so it is not reported as lost
  if (state == "08P01") return errc::protocol_violation;
  if (state == "22021") return errc::invalid_text;  // invalid UTF-8 or a NUL byte
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03")
    return errc::connection_lost;
  if (state == "57014") return errc::cancelled;
  if (state == "55P03") return errc::busy;
  if (state == "53100") return errc::storage_full;  // disk_full
  // read_only_sql_transaction: a READ ONLY transaction, or a write sent to a hot standby
  if (state == "25006") return errc::read_only;
  if (state == "42601") return errc::syntax_error;
  if (state == "42P01" || state == "42703" || state == "42883") return errc::undefined_object;
  if (state == "22001" || state == "22003" || state == "22008") return errc::out_of_range;
  // 22P03: a binary value its type cannot read
  if (state == "22P02" || state == "22P03" || state == "42804") return errc::type_mismatch;
  return errc::engine_error;
}

// What a failed result (or the connection, when there is no result) says: the error
// code and the server's primary message. One mapping for every runner.
struct result_failure {
  errc code = errc::engine_error;
  std::string message;
};
inline result_failure describe_failure(PGconn* conn, const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  result_failure f;
  f.message = primary ? primary : (conn ? PQerrorMessage(conn) : "no connection");
  while (!f.message.empty() && (f.message.back() == '\n' || f.message.back() == ' ')) f.message.pop_back();
  f.code = state ? map_sqlstate(state) : errc::engine_error;
  if (conn && PQstatus(conn) == CONNECTION_BAD) f.code = errc::connection_lost;
  return f;
}

[[noreturn]] inline void throw_result_error(PGconn* conn, const PGresult* result) {
  result_failure f = describe_failure(conn, result);
  throw error(f.code, std::move(f.message));
}

}  // namespace piccolo::postgres
