#pragma once
// Timeouts for asynchronous queries. Boost 1.81 has no cancel_after, so a steady_timer
// emits on a cancellation signal bound to the inner operation; a query cut short that
// way completes with errc::timed_out instead of operation_aborted.

#include <chrono>
#include <memory>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/diagnostics.hpp>

namespace piccolo {

namespace engine_detail {

struct timeout_state {
  explicit timeout_state(const boost::asio::any_io_executor& ex) : timer(ex) {}
  boost::asio::cancellation_signal signal;
  boost::asio::steady_timer timer;
  bool fired = false;
};

// Starts start(inner_handler) with a timer that cancels it after `timeout`, then
// completes `handler` (whose own cancellation slot is forwarded too).
template <class Handler, class Start>
void start_with_timeout(Handler handler, const boost::asio::any_io_executor& io,
                        std::chrono::milliseconds timeout, Start&& start) {
  auto state = std::make_shared<timeout_state>(io);
  auto user_slot = boost::asio::get_associated_cancellation_slot(handler);
  if (user_slot.is_connected())
    user_slot.assign([state](boost::asio::cancellation_type type) { state->signal.emit(type); });
  auto done = std::make_shared<completion<Handler, boost::asio::any_io_executor>>(std::move(handler), io);
  state->timer.expires_after(timeout);
  state->timer.async_wait([state](error_code ec) {
    if (ec) return;
    state->fired = true;
    state->signal.emit(boost::asio::cancellation_type::terminal);
  });
  start(boost::asio::bind_cancellation_slot(
      state->signal.slot(), [state, done](error_code ec, auto&&... result) {
        state->timer.cancel();
        if (state->fired && ec == boost::asio::error::operation_aborted) ec = to_error_code(errc::timed_out);
        done->complete(ec, std::move(result)...);
      }));
}

}  // namespace engine_detail
}  // namespace piccolo
