#pragma once
// What the asynchronous API shares across engines: error codes for completion
// handlers, a diagnostics object for the engine's message, and handler completion.

#include <exception>
#include <string>
#include <utility>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/system/error_code.hpp>

#include <piccolo/core/error.hpp>
#include <piccolo/engine/diagnostics.hpp>

namespace piccolo {

// Completion handlers receive an Asio-style error code; piccolo's codes are in it
// (std::error_code(ec) == pc::errc::unique_violation) and asio::error::operation_aborted
// reports a cancellation.
using error_code = boost::system::error_code;

namespace engine_detail {

inline error_code to_error_code(errc e) { return error_code{make_error_code(e)}; }

// What a query's asynchronous run completes with: void(error_code, result), or
// void(error_code) for DDL, whose result is void.
template <class Result>
struct completion_signature {
  using type = void(error_code, Result);
};
template <>
struct completion_signature<void> {
  using type = void(error_code);
};
template <class Q>
using signature_of = typename completion_signature<typename Q::result_type>::type;

// The code and message of the exception being handled.
inline error_code capture_current_exception(diagnostics* diag) {
  try {
    throw;
  } catch (const piccolo::error& e) {
    if (diag) diag->assign(e.engine_message());
    return error_code{e.code()};
  } catch (const std::exception& e) {
    if (diag) diag->assign(e.what());
    return to_error_code(errc::engine_error);
  }
}

// Keeps the handler's executor alive and completes on it.
template <class Handler, class IoExecutor>
class completion {
 public:
  completion(Handler handler, const IoExecutor& io)
      : handler_(std::move(handler)),
        work_(boost::asio::prefer(boost::asio::get_associated_executor(handler_, io),
                                  boost::asio::execution::outstanding_work.tracked)) {}

  Handler& handler() noexcept { return handler_; }

  // Invokes the handler on its executor. The cancellation slot is cleared there, on
  // the thread that may emit to it.
  template <class... Args>
  void complete(Args&&... args) {
    auto work = std::move(work_);
    boost::asio::dispatch(work, [h = std::move(handler_), ... a = std::forward<Args>(args)]() mutable {
      auto slot = boost::asio::get_associated_cancellation_slot(h);
      if (slot.is_connected()) slot.clear();
      std::move(h)(std::move(a)...);
    });
  }

 private:
  Handler handler_;
  std::decay_t<decltype(boost::asio::prefer(
      std::declval<boost::asio::associated_executor_t<Handler, IoExecutor>>(),
      boost::asio::execution::outstanding_work.tracked))>
      work_;
};

}  // namespace engine_detail
}  // namespace piccolo
