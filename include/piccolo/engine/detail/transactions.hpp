#pragma once
// Transactions and savepoints over an engine's plain statements: commit when the body
// returns, roll back and rethrow when it throws; a nested transaction is a SAVEPOINT.
// Engine supplies: execute_script(const char*), rollback_quietly(const char*),
// commit_or_throw(), and the depth counter.

#include <string>
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
    std::string name = "piccolo_" + std::to_string(depth_);
    self.execute_script(("SAVEPOINT " + name).c_str());
    ++depth_;
    try {
      if constexpr (std::is_void_v<decltype(f())>) {
        f();
        --depth_;
        self.execute_script(("RELEASE SAVEPOINT " + name).c_str());
      } else {
        decltype(auto) value = f();
        --depth_;
        self.execute_script(("RELEASE SAVEPOINT " + name).c_str());
        return value;
      }
    } catch (...) {
      --depth_;
      self.rollback_quietly(("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name).c_str());
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

 private:
  int depth_ = 0;
};

}  // namespace piccolo::engine_detail
