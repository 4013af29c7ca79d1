#pragma once
// The transaction algorithm, written once for every engine and for both the sync and the
// async runner (as Boost.MySQL runs its sans-io algorithms): it says which statement to
// send next and what each answer means; a runner only performs the statements.
//
//   open_scope:  BEGIN ... at depth 0, SAVEPOINT deeper
//   close_scope: COMMIT / RELEASE, or ROLLBACK / ROLLBACK TO + RELEASE
//
// transaction_state is the connection's side: the depth of open scopes and whether the
// open scope is dead. A scope dies when its connection is lost or when the engine ended
// the transaction by itself (SQLite's FULL / IOERR / NOMEM / INTERRUPT, PostgreSQL's
// COMMIT answered by ROLLBACK): from then on no statement runs on the connection, no
// reconnect happens, until the outermost scope has ended. So no statement of a scope can
// ever escape it into autocommit.

#include <string>
#include <string_view>
#include <utility>

#include <piccolo/core/error.hpp>

namespace piccolo::engine_detail {

// One savepoint name serves every level: both engines release or roll back the innermost
// savepoint of that name.
inline constexpr const char* savepoint_statement = "SAVEPOINT piccolo_savepoint";
inline constexpr const char* release_statement = "RELEASE SAVEPOINT piccolo_savepoint";
inline constexpr const char* rollback_to_statement = "ROLLBACK TO SAVEPOINT piccolo_savepoint";

// What the engine answered to one statement the algorithm asked for.
struct statement_answer {
  errc code = errc::ok;
  std::string message;
  // PostgreSQL answers COMMIT of a transaction that an earlier error aborted with ROLLBACK.
  bool rolled_back = false;
  // After the answer the connection still has a transaction open.
  bool transaction_open = true;
};

// What a runner does next: run `sql` and resume with its answer, or stop with `result`.
struct transaction_step {
  const char* sql = nullptr;
  errc result = errc::ok;
  std::string message;
  bool finished() const noexcept { return sql == nullptr; }

  static transaction_step send(const char* sql) { return {sql, errc::ok, {}}; }
  static transaction_step finish(errc result = errc::ok, std::string message = {}) {
    return {nullptr, result, std::move(message)};
  }
};

class transaction_state {
 public:
  int depth() const noexcept { return depth_; }
  bool dead() const noexcept { return dead_ != errc::ok; }
  // A lost connection may be replaced only outside every scope.
  bool may_reconnect() const noexcept { return depth_ == 0; }

  // Before any statement runs on the connection.
  void check_usable() const {
    if (dead_ != errc::ok) [[unlikely]]
      throw error(dead_, dead_message_);
  }

  // A statement failed: inside a scope, a lost connection or a transaction that the
  // engine ended by itself kills the scope.
  void statement_failed(errc code, bool transaction_open, std::string_view message = {}) {
    if (depth_ == 0 || dead_ != errc::ok) return;
    if (code == errc::connection_lost) {
      kill(errc::connection_lost, "the connection was lost inside a transaction: the transaction is gone (" +
                                      std::string{message} + "); nothing more runs in it");
    } else if (!transaction_open) {
      kill(errc::transaction_aborted, "the engine ended the transaction after an error (" + std::string{message} +
                                          "): it was rolled back; nothing more runs in it");
    }
  }
  void connection_lost(std::string_view message) { statement_failed(errc::connection_lost, false, message); }

  // The outermost scope is the streams' (PostgreSQL: opened by the first stream for its
  // cursor, committed when the last of the streams reading in it ends, so that no COMMIT
  // closes another stream's cursor). A user's transaction inside it would only be a
  // savepoint whose commit the streams' end (or failure) decides: it is refused instead.
  void stream_entered() noexcept { ++streams_; }
  // True for the last stream out: it ends the transaction.
  bool stream_left() noexcept { return streams_ > 0 && --streams_ == 0; }
  bool stream_scope() const noexcept { return streams_ > 0; }
  void check_user_transaction_allowed() const {
    if (streams_ > 0) [[unlikely]]
      throw error(errc::misuse,
                  "transaction: a stream holds this connection's transaction for its cursor (committed when the "
                  "stream ends); begin the transaction before the stream, or read the stream to its end first");
  }

  // For an engine that must drop its connection's state (moved-from, closed).
  void reset() noexcept {
    depth_ = 0;
    streams_ = 0;
    dead_ = errc::ok;
    dead_message_.clear();
  }

 private:
  friend class open_scope;
  friend class close_scope;
  void kill(errc code, std::string message) {
    dead_ = code;
    dead_message_ = std::move(message);
  }
  void entered() noexcept { ++depth_; }
  void left() noexcept {
    if (depth_ > 0) --depth_;
    if (depth_ == 0) {
      streams_ = 0;
      dead_ = errc::ok;  // the outermost scope has ended: the next use may reconnect
      dead_message_.clear();
    }
  }

  int depth_ = 0;
  int streams_ = 0;  // streams reading in the outermost scope, which the first opened
  errc dead_ = errc::ok;
  std::string dead_message_;
};

// Opens a scope: the transaction (with the engine's BEGIN text) at depth 0, a savepoint
// inside one.
class open_scope {
 public:
  open_scope(transaction_state& state, const char* begin) noexcept : state_(state), begin_(begin) {}

  transaction_step resume(const statement_answer* answer) {
    if (!answer) {
      if (state_.dead()) return transaction_step::finish(state_.dead_, state_.dead_message_);
      return transaction_step::send(state_.depth() == 0 ? begin_ : savepoint_statement);
    }
    if (answer->code != errc::ok) {
      state_.statement_failed(answer->code, answer->transaction_open, answer->message);
      return transaction_step::finish(answer->code, answer->message);
    }
    state_.entered();
    return transaction_step::finish();
  }

 private:
  transaction_state& state_;
  const char* begin_;
};

enum class scope_end { commit, rollback };

// Closes the innermost scope. Commit: COMMIT (whose ROLLBACK answer is a failure) or
// RELEASE; a failed commit rolls back. Rollback: ROLLBACK, or ROLLBACK TO + RELEASE,
// whose failures change nothing (the error that caused the rollback is what the caller
// reports). The depth drops by one whatever happens, and never below zero.
class close_scope {
 public:
  close_scope(transaction_state& state, scope_end end) noexcept : state_(state), end_(end) {}

  transaction_step resume(const statement_answer* answer) {
    switch (stage_) {
      case stage::start:
        if (state_.depth() <= 0) return transaction_step::finish(errc::misuse, "no transaction is open");
        outermost_ = state_.depth() == 1;
        if (state_.dead()) {
          errc code = state_.dead_;
          std::string message = state_.dead_message_;
          state_.left();
          // nothing to roll back: the server did; a commit must report that it did not happen
          if (end_ == scope_end::rollback) return transaction_step::finish();
          return transaction_step::finish(code, std::move(message));
        }
        if (end_ == scope_end::commit) {
          stage_ = stage::committing;
          return transaction_step::send(outermost_ ? "COMMIT" : release_statement);
        }
        return roll_back();
      case stage::committing:
        if (answer->code == errc::ok && !answer->rolled_back) {
          state_.left();
          return transaction_step::finish();
        }
        if (answer->code == errc::ok) {
          failure_ = errc::transaction_aborted;
          failure_message_ = "the transaction was aborted by an earlier error and has been rolled back";
        } else {
          failure_ = answer->code;
          failure_message_ = answer->message;
        }
        // a failed COMMIT may leave the transaction open (SQLite: busy, deferred constraint)
        if (answer->code == errc::connection_lost || !answer->transaction_open) {
          state_.statement_failed(answer->code, answer->transaction_open, answer->message);
          state_.left();
          return transaction_step::finish(failure_, failure_message_);
        }
        return roll_back();
      case stage::rolling_back:
        if (answer->code != errc::ok) state_.statement_failed(answer->code, answer->transaction_open, answer->message);
        if (!outermost_ && !state_.dead()) {
          stage_ = stage::releasing;
          return transaction_step::send(release_statement);
        }
        state_.left();
        return transaction_step::finish(failure_, failure_message_);
      case stage::releasing:
        if (answer->code != errc::ok) state_.statement_failed(answer->code, answer->transaction_open, answer->message);
        state_.left();
        return transaction_step::finish(failure_, failure_message_);
    }
    return transaction_step::finish(errc::misuse, "close_scope resumed after it finished");
  }

 private:
  enum class stage { start, committing, rolling_back, releasing };
  transaction_step roll_back() {
    stage_ = stage::rolling_back;
    return transaction_step::send(outermost_ ? "ROLLBACK" : rollback_to_statement);
  }

  transaction_state& state_;
  scope_end end_;
  stage stage_ = stage::start;
  bool outermost_ = false;
  errc failure_ = errc::ok;
  std::string failure_message_;
};

// The sync runner: performs each statement with execute(sql) -> statement_answer
// (which never throws) and throws the algorithm's failure.
template <class Algorithm, class Execute>
void run_blocking(Algorithm algorithm, Execute&& execute) {
  transaction_step step = algorithm.resume(nullptr);
  while (!step.finished()) {
    statement_answer answer = execute(step.sql);
    step = algorithm.resume(&answer);
  }
  if (step.result != errc::ok) throw error(step.result, step.message);
}

}  // namespace piccolo::engine_detail
