#pragma once
// The synchronous runner of the transaction algorithm (transaction_algorithm.hpp), shared
// by the engines: transaction(f) (commit when f returns, roll back and rethrow when it
// throws; nested: a savepoint), the transaction object returned by begin(), named
// savepoints, and the all-or-nothing wrapper of batches.
//
// Engine supplies:
//   statement_answer transaction_statement(const char* sql) noexcept   runs one statement
//   void execute_script(const char* sql)                                 runs statements, throws
//   transaction_lock lock_for_transaction()   what keeps other users off the connection for
//                                             the whole transaction (SQLite's writer), or {}

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <piccolo/core/error.hpp>
#include <piccolo/engine/detail/objects_front.hpp>
#include <piccolo/engine/detail/transaction_algorithm.hpp>

namespace piccolo::engine_detail {

// A named savepoint inside a transaction: rollback() returns to it (and keeps it),
// release() forgets it; the destructor releases it if neither happened. The name is
// checked (letters, digits, underscore) and quoted, so it cannot change the statement.
template <class Engine>
class savepoint_guard {
 public:
  savepoint_guard(Engine& engine, std::string_view name) : engine_(&engine), quoted_(quote(name)) {
    statement("SAVEPOINT ");
  }
  savepoint_guard(savepoint_guard&& other) noexcept
      : engine_(std::exchange(other.engine_, nullptr)), quoted_(std::move(other.quoted_)) {}
  savepoint_guard& operator=(savepoint_guard&&) = delete;
  ~savepoint_guard() {
    if (engine_) {
      try {
        release();
      } catch (...) {  // the transaction is already gone (rolled back, connection lost)
      }
    }
  }
  void rollback() { statement("ROLLBACK TO SAVEPOINT "); }
  void release() {
    Engine* engine = std::exchange(engine_, nullptr);
    if (!engine) throw error(errc::misuse, "savepoint: already released");
    std::string sql = "RELEASE SAVEPOINT " + quoted_;
    engine->execute_script(sql.c_str());
  }

 private:
  void statement(const char* verb) {
    if (!engine_) throw error(errc::misuse, "savepoint: already released");
    std::string sql = verb + quoted_;
    engine_->execute_script(sql.c_str());
  }
  static std::string quote(std::string_view name) {
    bool valid = !name.empty() && name.size() <= 63 && !(name[0] >= '0' && name[0] <= '9');
    for (char ch : name)
      valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_');
    if (!valid)
      throw error(errc::misuse, "savepoint(): a name is 1 to 63 letters, digits or underscores, not starting with a digit");
    return "\"" + std::string{name} + "\"";
  }
  Engine* engine_;
  std::string quoted_;
};

// A transaction as an object: `auto tx = db.begin(); tx.run(q); tx.commit();`. Rolls back
// in its destructor unless committed or rolled back. Nested begin() on the same
// connection opens a savepoint; scopes end innermost first. Hold is whatever must live
// as long as the transaction (SQLite's writer lock, a pool's lease); it is released
// after the rollback. The objects API (tx.save(row), ...) runs through run(), so on the
// transaction's connection, and is errc::misuse once the transaction has ended.
template <class Engine, class Hold>
class basic_transaction : public objects_front<basic_transaction<Engine, Hold>> {
 public:
  basic_transaction(Engine& engine, Hold hold, const char* begin) : hold_(std::move(hold)), engine_(&engine) {
    engine.open_transaction_scope(begin);
    level_ = engine.transaction_depth();
  }
  basic_transaction(basic_transaction&& other) noexcept
      : objects_front<basic_transaction>(), hold_(std::move(other.hold_)), engine_(std::exchange(other.engine_, nullptr)), level_(other.level_) {}
  basic_transaction& operator=(basic_transaction&&) = delete;
  ~basic_transaction() {
    if (engine_) engine_->close_transaction_scope_quietly();
  }

  template <class Q>
  decltype(auto) run(const Q& q) {
    return engine().run(q);
  }
  // Commits (a savepoint: releases it). Throws what the engine answered; the
  // transaction is over either way.
  void commit() { end(scope_end::commit); }
  void rollback() { end(scope_end::rollback); }
  [[nodiscard]] savepoint_guard<Engine> savepoint(std::string_view name) { return {engine(), name}; }
  bool active() const noexcept { return engine_ != nullptr; }
  // The connection, for what the object does not forward.
  Engine& connection() { return engine(); }
  // Throws errc::misuse once the transaction has ended (or an inner one is open).
  void ensure_active() { engine(); }

 private:
  Engine& engine() {
    if (!engine_) throw error(errc::misuse, "transaction: already committed or rolled back");
    if (engine_->transaction_depth() != level_)
      throw error(errc::misuse, "transaction: an inner transaction on this connection is still open");
    return *engine_;
  }
  void end(scope_end how) {
    Engine& e = engine();
    engine_ = nullptr;
    e.close_transaction_scope(how);
  }

  Hold hold_;
  Engine* engine_;
  int level_ = 0;
};

template <class Engine>
class transaction_support {
 public:
  // auto sp = tx.savepoint("before_import"); ... sp.rollback();
  [[nodiscard]] savepoint_guard<Engine> savepoint(std::string_view name) { return {self(), name}; }

  // Runs f() as a savepoint: released on return, rolled back on throw.
  template <class F>
  decltype(auto) in_savepoint(F&& f) {
    return scoped(savepoint_statement, [&](Engine&) -> decltype(auto) { return f(); });
  }

  // Runs f() all-or-nothing: a savepoint inside a transaction, else a transaction of
  // its own (PostgreSQL allows savepoints only inside one).
  template <class F>
  decltype(auto) atomically(F&& f) {
    return scoped(Engine::atomic_begin, [&](Engine&) -> decltype(auto) { return f(); });
  }

  int transaction_depth() const noexcept { return state_.depth(); }

  // The connection's side of the transaction algorithm (depth, dead scope).
  const transaction_state& transaction_status() const noexcept { return state_; }

  // Opens a scope (BEGIN, or a savepoint inside one) and closes it: used by the
  // transaction object and by the async runners' callers.
  void open_transaction_scope(const char* begin) {
    run_blocking(open_scope{state_, begin}, [&](const char* sql) { return self().transaction_statement(sql); });
  }
  void close_transaction_scope(scope_end how) {
    run_blocking(close_scope{state_, how}, [&](const char* sql) { return self().transaction_statement(sql); });
  }
  void close_transaction_scope_quietly() noexcept {
    try {
      close_transaction_scope(scope_end::rollback);
    } catch (...) {  // a rollback reports nothing: the server rolls back a lost transaction
    }
  }

 protected:
  // Runs f(self) in a scope: the transaction begun by `begin` at depth 0, a savepoint
  // inside one.
  template <class F>
  decltype(auto) scoped(const char* begin, F&& f) {
    Engine& engine = self();
    open_transaction_scope(begin);
    const int inside = state_.depth();
    try {
      if constexpr (std::is_void_v<decltype(f(engine))>) {
        f(engine);
        close_transaction_scope(scope_end::commit);
      } else {
        decltype(auto) value = f(engine);
        close_transaction_scope(scope_end::commit);
        return value;
      }
    } catch (...) {
      // a failed commit has closed the scope already (depth dropped)
      if (state_.depth() >= inside) close_transaction_scope_quietly();
      throw;
    }
  }
  // Kept for the engines' readability: the whole scope on one connection.
  template <class F>
  decltype(auto) run_transaction(const char* begin, F&& f) {
    return scoped(begin, std::forward<F>(f));
  }

  transaction_state& state() noexcept { return state_; }

 private:
  Engine& self() noexcept { return static_cast<Engine&>(*this); }
  transaction_state state_;
};

}  // namespace piccolo::engine_detail
