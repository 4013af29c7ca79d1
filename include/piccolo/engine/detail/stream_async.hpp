#pragma once
// async_next() of both engines' streams: the completion token's initiation and the
// timeout, around what the engine's stream_async adds (CRTP):
//   static void start(const std::shared_ptr<State>&, Handler)  reads one batch;
//   static boost::asio::any_io_executor timer_executor(State&)   where a timeout's timer runs.

#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/timeout.hpp>
#include <piccolo/engine/diagnostics.hpp>

namespace piccolo::engine_detail {

template <class Api>
struct stream_next {
  // Completes with (error_code, std::vector<row>); an empty batch is the end.
  template <class State, class Token>
  static auto next(const std::shared_ptr<State>& state, Token&& token) {
    using rows_type = std::vector<typename State::row_type>;
    return boost::asio::async_initiate<Token, void(error_code, rows_type)>(
        [state](auto handler) { Api::start(state, std::move(handler)); }, token);
  }

  // With a timeout: a batch still running after options.timeout is cancelled (as by a
  // cancellation slot) and completes with errc::timed_out.
  template <class State, class Token>
  static auto next(const std::shared_ptr<State>& state, run_options options, Token&& token) {
    using rows_type = std::vector<typename State::row_type>;
    return boost::asio::async_initiate<Token, void(error_code, rows_type)>(
        [state, options](auto handler) {
          if (options.timeout.count() <= 0 || !state) return Api::start(state, std::move(handler));
          start_with_timeout(std::move(handler), Api::timer_executor(*state), options.timeout,
                             [&](auto inner) { Api::start(state, std::move(inner)); });
        },
        token);
  }
};

}  // namespace piccolo::engine_detail
