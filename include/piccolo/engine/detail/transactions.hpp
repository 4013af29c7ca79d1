#pragma once
// Transactions and savepoints over an engine's plain statements: commit when the body
// returns, roll back and rethrow when it throws; a nested transaction is a SAVEPOINT.
// Engine supplies: execute_script(const char*), rollback_quietly(const char*),
// commit_or_throw(), and the depth counter.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <piccolo/core/error.hpp>

namespace piccolo::engine_detail {

template <class Engine>
class transaction_support {
 public:
  // A named savepoint inside a transaction: rollback() returns to it (and keeps it),
  // release() forgets it; the destructor releases it if neither happened. The name is
  // checked (letters, digits, underscore) and quoted, so it cannot change the statement.
  class savepoint_guard {
   public:
    savepoint_guard(Engine& engine, std::string_view name) : engine_(engine), quoted_(quote(name)) {
      transaction_support::statement(engine_, "SAVEPOINT " + quoted_);
    }
    savepoint_guard(const savepoint_guard&) = delete;
    savepoint_guard& operator=(const savepoint_guard&) = delete;
    ~savepoint_guard() {
      if (!released_) {
        try {
          release();
        } catch (...) {  // the transaction is already gone (rolled back, connection lost)
        }
      }
    }
    void rollback() { transaction_support::statement(engine_, "ROLLBACK TO SAVEPOINT " + quoted_); }
    void release() {
      released_ = true;
      transaction_support::statement(engine_, "RELEASE SAVEPOINT " + quoted_);
    }

   private:
    static std::string quote(std::string_view name) {
      bool valid = !name.empty() && name.size() <= 63 && !(name[0] >= '0' && name[0] <= '9');
      for (char ch : name)
        valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_');
      if (!valid)
        throw error(errc::misuse, "savepoint(): a name is 1 to 63 letters, digits or underscores, not starting with a digit");
      return "\"" + std::string{name} + "\"";
    }
    Engine& engine_;
    std::string quoted_;
    bool released_ = false;
  };

  // auto sp = tx.savepoint("before_import"); ... sp.rollback();
  [[nodiscard]] savepoint_guard savepoint(std::string_view name) {
    return savepoint_guard{static_cast<Engine&>(*this), name};
  }

  // Runs f() as a savepoint: released on return, rolled back on throw.
  template <class F>
  decltype(auto) in_savepoint(F&& f) {
    Engine& self = static_cast<Engine&>(*this);
    // One name serves every level: both engines release or roll back the innermost
    // savepoint of that name.
    self.execute_script("SAVEPOINT piccolo_savepoint");
    ++depth_;
    try {
      if constexpr (std::is_void_v<decltype(f())>) {
        f();
        --depth_;
        self.execute_script("RELEASE SAVEPOINT piccolo_savepoint");
      } else {
        decltype(auto) value = f();
        --depth_;
        self.execute_script("RELEASE SAVEPOINT piccolo_savepoint");
        return value;
      }
    } catch (...) {
      --depth_;
      self.rollback_quietly("ROLLBACK TO SAVEPOINT piccolo_savepoint; RELEASE SAVEPOINT piccolo_savepoint");
      throw;
    }
  }

  // Runs f() all-or-nothing: a savepoint inside a transaction, else a transaction of
  // its own (PostgreSQL allows savepoints only inside one).
  template <class F>
  decltype(auto) atomically(F&& f) {
    if (depth_ > 0) return in_savepoint(std::forward<F>(f));
    return run_transaction(Engine::atomic_begin, [&](Engine&) -> decltype(auto) { return f(); });
  }

  int transaction_depth() const noexcept { return depth_; }

 protected:
  template <class F>
  decltype(auto) run_transaction(const char* begin, F&& f) {
    Engine& self = static_cast<Engine&>(*this);
    if (depth_ > 0) return in_savepoint([&]() -> decltype(auto) { return f(self); });
    self.execute_script(begin);
    ++depth_;
    try {
      if constexpr (std::is_void_v<decltype(f(self))>) {
        f(self);
        --depth_;
        self.commit_or_throw();
      } else {
        decltype(auto) value = f(self);
        --depth_;
        self.commit_or_throw();
        return value;
      }
    } catch (...) {
      if (depth_ > 0) {
        --depth_;
        self.rollback_quietly("ROLLBACK");
      }
      throw;
    }
  }

  void forget_transactions() noexcept { depth_ = 0; }
  static void statement(Engine& engine, const std::string& sql) { engine.execute_script(sql.c_str()); }
  // For asynchronous transactions, which run their own BEGIN / COMMIT.
  void enter_transaction() noexcept { ++depth_; }
  void leave_transaction() noexcept {
    if (depth_ > 0) --depth_;
  }

 private:
  int depth_ = 0;
};

}  // namespace piccolo::engine_detail
