#pragma once
// Transactions and savepoints over an engine's plain statements: commit when the body
// returns, roll back and rethrow when it throws; a nested transaction is a SAVEPOINT.
// Engine supplies: execute_script(const char*), rollback_quietly(const char*),
// commit_or_throw(), and the depth counter.

#include <type_traits>
#include <utility>

namespace piccolo::engine_detail {

template <class Engine>
class transaction_support {
 public:
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
  // For asynchronous transactions, which run their own BEGIN / COMMIT.
  void enter_transaction() noexcept { ++depth_; }
  void leave_transaction() noexcept {
    if (depth_ > 0) --depth_;
  }

 private:
  int depth_ = 0;
};

}  // namespace piccolo::engine_detail
