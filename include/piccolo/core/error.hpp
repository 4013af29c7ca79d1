#pragma once
// piccolo::error: the one exception type of the library, with a code that tells
// what went wrong independently of the engine, plus the engine's own message.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace piccolo {

enum class errc : int {
  ok = 0,
  unique_violation = 1,       // UNIQUE or PRIMARY KEY constraint
  foreign_key_violation,      // FOREIGN KEY constraint
  not_null_violation,         // NOT NULL constraint
  check_violation,            // CHECK constraint
  constraint_violation,       // another constraint
  busy,                       // database is locked / busy timeout expired
  type_mismatch,              // a stored value has another type than the C++ field
  out_of_range,               // a value does not fit its C++ type or column (varchar length)
  unexpected_null,            // NULL read into a non-optional field
  invalid_enum_value,         // a stored enum name has no enumerator
  serialization_failure,      // concurrent transaction conflict, retry it
  connection_lost,            // the connection broke; the next use reconnects
  connection_failed,          // opening a connection failed
  syntax_error,               // the engine rejected the SQL text
  undefined_object,           // unknown table or column
  timed_out,
  cancelled,
  misuse,                     // API used in a way the engine refuses
  engine_error,               // anything else the engine reported
  transaction_aborted,        // the transaction ended by itself (an error rolled it back); retry it
  invalid_text,               // text that is not valid UTF-8, or holds a NUL byte
  protocol_violation,         // the server refused a malformed message (SQLSTATE 08P01); the connection is fine
  storage_full,               // the disk (or SQLite's max_page_count) is full; nothing of the statement was stored
  read_only,                  // a write refused: read-only file, READ ONLY transaction, or a hot-standby replica
  not_found,                  // the row an object names by its key is gone (refresh(), save() of a partial update)
};

namespace detail {
class error_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "piccolo"; }
  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::ok: return "ok";
      case errc::unique_violation: return "unique constraint violated";
      case errc::foreign_key_violation: return "foreign key constraint violated";
      case errc::not_null_violation: return "not null constraint violated";
      case errc::check_violation: return "check constraint violated";
      case errc::constraint_violation: return "constraint violated";
      case errc::busy: return "database is busy";
      case errc::type_mismatch: return "stored value has an unexpected type";
      case errc::out_of_range: return "value out of range";
      case errc::unexpected_null: return "unexpected NULL";
      case errc::invalid_enum_value: return "invalid enum value";
      case errc::serialization_failure: return "serialization failure";
      case errc::connection_lost: return "connection lost";
      case errc::connection_failed: return "connection failed";
      case errc::syntax_error: return "syntax error";
      case errc::undefined_object: return "undefined table or column";
      case errc::timed_out: return "timed out";
      case errc::cancelled: return "cancelled";
      case errc::misuse: return "misuse";
      case errc::engine_error: return "engine error";
      case errc::invalid_text: return "invalid text (not UTF-8, or a NUL byte)";
      case errc::protocol_violation: return "protocol violation";
      case errc::transaction_aborted: return "transaction aborted";
      case errc::storage_full: return "storage full";
      case errc::read_only: return "read-only database or transaction";
      case errc::not_found: return "row not found";
    }
    return "unknown piccolo error";
  }
};
}  // namespace detail

inline const std::error_category& error_category() noexcept {
  static const detail::error_category_impl category;
  return category;
}

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

// What the engine said beside the code: its message, and the SQL it was running.
class error : public std::runtime_error {
 public:
  error(errc code, const std::string& message)
      : std::runtime_error(make_what(code, message)), code_(make_error_code(code)),
        engine_message_(message) {}
  error(errc code, const std::string& message, int engine_code)
      : error(code, message) {
    engine_code_ = engine_code;
  }

  std::error_code code() const noexcept { return code_; }
  errc value() const noexcept { return static_cast<errc>(code_.value()); }
  // The engine's own text (SQLite's errmsg, PostgreSQL's primary message), unchanged.
  const std::string& engine_message() const noexcept { return engine_message_; }
  // The engine's own code (SQLite extended result code); 0 when not from an engine.
  int engine_code() const noexcept { return engine_code_; }

 private:
  static std::string make_what(errc code, const std::string& message) {
    std::string what = "piccolo: ";
    what += make_error_code(code).message();
    if (!message.empty()) {
      what += ": ";
      what += message;
    }
    return what;
  }
  std::error_code code_;
  std::string engine_message_;
  int engine_code_ = 0;
};

}  // namespace piccolo

template <>
struct std::is_error_code_enum<piccolo::errc> : std::true_type {};
