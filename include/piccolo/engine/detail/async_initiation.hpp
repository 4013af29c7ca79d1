#pragma once
// Starting an asynchronous query, shared by the engines: Api::start(db, handler, q,
// diag) sends it, Api::executor(db) is the I/O executor. With run_options, a timer
// cancels it after the timeout.

#include <utility>

#include <boost/asio/async_result.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/collect.hpp>
#include <piccolo/engine/detail/timeout.hpp>

namespace piccolo::engine_detail {

template <class Api, class T>
struct async_initiation {
  template <class Database, class Token>
  static auto run(Database& db, T q, diagnostics* diag, Token&& token) {
    static_assert(binds_rendered_parameters<T, sqlite_dialect, postgres_dialect>, "piccolo: run(): the query binds a different number of values than its text has parameters (T::parameters)");
    static_assert(runnable_query<T>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    return boost::asio::async_initiate<Token, signature_of<T>>(
        [&db](auto handler, T query, diagnostics* d) { Api::start(db, std::move(handler), std::move(query), d); },
        token, std::move(q), diag);
  }

  template <class Database, class Token>
  static auto run_with_timeout(Database& db, T q, run_options options, Token&& token) {
    static_assert(binds_rendered_parameters<T, sqlite_dialect, postgres_dialect>, "piccolo: run(): the query binds a different number of values than its text has parameters (T::parameters)");
    static_assert(runnable_query<T>,
                  "piccolo: run(): UPDATE and DELETE need .where(...) or .force() (and an "
                  "UPDATE needs .set(...)); refusing to touch every row by accident");
    return boost::asio::async_initiate<Token, signature_of<T>>(
        [&db, options](auto handler, T query) {
          if (options.timeout.count() <= 0) return Api::start(db, std::move(handler), std::move(query), nullptr);
          start_with_timeout(std::move(handler), Api::executor(db), options.timeout,
                             [&](auto inner) { Api::start(db, std::move(inner), std::move(query), nullptr); });
        },
        token, std::move(q));
  }
};

}  // namespace piccolo::engine_detail
