#pragma once
// diagnostics and run_options: what the asynchronous API takes beside a query. Plain
// types, so that a synchronous-only user includes no Asio header for them.

#include <chrono>
#include <string>
#include <utility>

namespace piccolo {

// The engine's own message of the last failed asynchronous operation, for the
// overloads that take it (as Boost.MySQL does); the error code alone carries the kind.
class diagnostics {
 public:
  const std::string& server_message() const noexcept { return message_; }
  void clear() noexcept { message_.clear(); }
  void assign(std::string message) { message_ = std::move(message); }

 private:
  std::string message_;
};

struct run_options {
  // 0: no timeout.
  std::chrono::milliseconds timeout{0};
};

}  // namespace piccolo
