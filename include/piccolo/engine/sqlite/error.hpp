#pragma once
// SQLite result codes -> piccolo::errc, with SQLite's message.

#include <string>
#include <string_view>

#include <sqlite3.h>

#include <piccolo/core/error.hpp>

namespace piccolo::sqlite {

inline errc map_result_code(int extended, std::string_view message) noexcept {
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return errc::unique_violation;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return errc::foreign_key_violation;
    case SQLITE_CONSTRAINT_NOTNULL: return errc::not_null_violation;
    case SQLITE_CONSTRAINT_CHECK: return errc::check_violation;
    case SQLITE_CONSTRAINT_TRIGGER:
      // SQLite enforces ON DELETE / ON UPDATE RESTRICT with an internal trigger
      if (message == "FOREIGN KEY constraint failed") return errc::foreign_key_violation;
      break;
    default: break;
  }
  switch (extended & 0xFF) {
    case SQLITE_CONSTRAINT: return errc::constraint_violation;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return errc::busy;
    case SQLITE_MISMATCH: return errc::type_mismatch;
    case SQLITE_TOOBIG:
    case SQLITE_RANGE: return errc::out_of_range;
    case SQLITE_INTERRUPT: return errc::cancelled;
    case SQLITE_MISUSE: return errc::misuse;
    case SQLITE_FULL: return errc::storage_full;
    case SQLITE_READONLY: return errc::read_only;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB: return errc::connection_failed;
    case SQLITE_ERROR:
      if (message.starts_with("no such table") || message.starts_with("no such column"))
        return errc::undefined_object;
      if (message.find("syntax error") != std::string_view::npos) return errc::syntax_error;
      if (message == "integer overflow") return errc::out_of_range;  // sum() past 64 bits
      return errc::engine_error;
    default: return errc::engine_error;
  }
}

[[noreturn]] inline void throw_error(sqlite3* db, int rc) {
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  if ((extended & 0xFF) != (rc & 0xFF)) extended = rc;
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw error(map_result_code(extended, message), message, extended);
}

}  // namespace piccolo::sqlite
