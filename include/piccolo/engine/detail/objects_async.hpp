#pragma once
// The asynchronous forms of the objects API (engine/detail/objects_front.hpp): the same
// algorithms as the synchronous ones, their queries run by async_run(), each
// continuation called from its completion.

#include <exception>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/post.hpp>

#include <piccolo/engine/detail/async.hpp>
#include <piccolo/engine/detail/objects_front.hpp>

namespace piccolo::engine_detail {

// Runs an algorithm's queries with async_run(): run() moves the runner (and with it the
// final handler) into the query's completion, which calls the continuation; done() or
// a failure completes the handler. Result... is what the operation completes with after
// its error code.
template <class Database, class Handler, class... Result>
class async_object_runner {
 public:
  using executor_type = std::decay_t<decltype(std::declval<Database&>().get_executor())>;

  async_object_runner(Database& db, Handler handler)
      : db_(&db), completion_(std::move(handler), db.get_executor()) {}

  template <class Q, class Next>
  void run(Q q, Next next) {
    Database& db = *db_;
    started_ = true;
    auto slot = boost::asio::get_associated_cancellation_slot(completion_.handler());
    auto on_result = [self = std::move(*this), next = std::move(next)](error_code ec, auto result) mutable {
      if (ec) return self.fail(ec);
      try {
        next(self, std::move(result));
      } catch (...) {
        self.fail(capture_current_exception(nullptr));
      }
    };
    if (slot.is_connected())
      db.async_run(std::move(q), boost::asio::bind_cancellation_slot(slot, std::move(on_result)));
    else
      db.async_run(std::move(q), std::move(on_result));
  }

  void done(Result... result) { finish(error_code{}, std::move(result)...); }
  void fail(error_code ec) { finish(ec, Result{}...); }
  // Whether a query was handed to async_run (the runner then lives in its completion).
  bool started() const noexcept { return started_; }

 private:
  void finish(error_code ec, Result... result) {
    if (started_) return completion_.complete(ec, std::move(result)...);
    // nothing ran (get_related of a NULL key): never complete inside the initiating call
    auto executor = boost::asio::get_associated_executor(completion_.handler(), db_->get_executor());
    boost::asio::post(executor, [h = std::move(completion_.handler()), ec, ... r = std::move(result)]() mutable {
      std::move(h)(ec, std::move(r)...);
    });
  }

  Database* db_;
  completion<Handler, executor_type> completion_;
  bool started_ = false;
};

// Starts Algorithm(runner) for a handler of void(error_code, Result...). Database has
// async_run(q, handler) and get_executor() (valid even after a transaction object ended);
// a transaction object also ensure_active(), which throws errc::misuse once it has ended.
template <class... Result, class Database, class Token, class Algorithm>
auto start_object_operation(Database& db, Token&& token, Algorithm algorithm) {
  return boost::asio::async_initiate<Token, void(error_code, Result...)>(
      [&db](auto handler, Algorithm algorithm) {
        async_object_runner<Database, decltype(handler), Result...> runner{db, std::move(handler)};
        try {
          // a transaction object that has ended: errc::misuse through the completion
          if constexpr (requires { db.ensure_active(); }) db.ensure_active();
          algorithm(runner);
        } catch (...) {
          // before its first query the runner still holds the handler; after, async_run threw
          if (runner.started()) throw;
          runner.fail(capture_current_exception(nullptr));
        }
      },
      token, std::move(algorithm));
}

template <class Token>
struct objects_async {
  template <class Database, class T>
  static auto save(Database& db, T& row, Token&& token) {
    return start_object_operation<>(db, std::forward<Token>(token),
                                    [&row](auto& runner) { piccolo::detail::save_object(runner, row); });
  }
  // (row, columns..., token) or (row, columns...) with asio::deferred.
  template <class Database, class T, class... Arguments>
  static auto save_columns(Database& db, const T& row, Arguments&&... arguments) {
    constexpr std::size_t n = sizeof...(Arguments);
    auto all = std::forward_as_tuple(std::forward<Arguments>(arguments)...);
    using last = std::remove_cvref_t<std::tuple_element_t<n - 1, std::tuple<Arguments...>>>;
    auto start = [&](auto&& token, const auto&... columns) {
      return start_object_operation<>(db, std::forward<decltype(token)>(token), [&row, columns...](auto& runner) {
        piccolo::detail::save_columns(runner, row, columns...);
      });
    };
    if constexpr (is_column_ref<last>) {
      return start(boost::asio::deferred, arguments...);
    } else {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return start(std::get<n - 1>(std::move(all)), std::get<I>(all)...);
      }(std::make_index_sequence<n - 1>{});
    }
  }
  template <class Database, class T>
  static auto remove(Database& db, const T& row, Token&& token) {
    return start_object_operation<>(db, std::forward<Token>(token),
                                    [&row](auto& runner) { piccolo::detail::remove_object(runner, row); });
  }
  template <class Database, class T>
  static auto refresh(Database& db, T& row, Token&& token) {
    return start_object_operation<>(db, std::forward<Token>(token),
                                    [&row](auto& runner) { piccolo::detail::refresh_object(runner, row); });
  }
  template <class Database, class T, class Column>
  static auto get_related(Database& db, const T& row, const Column& column, Token&& token) {
    using related = std::optional<piccolo::detail::related_row_t<Column>>;
    return start_object_operation<related>(db, std::forward<Token>(token), [&row, column](auto& runner) {
      piccolo::detail::get_related_object(runner, row, column);
    });
  }
  template <class Database, class Q, class T>
  static auto get_or_create(Database& db, const Q& query, T row, Token&& token) {
    return start_object_operation<get_or_create_result<T>>(
        db, std::forward<Token>(token), [query, row = std::move(row)](auto& runner) mutable {
          piccolo::detail::get_or_create_object(runner, query, std::move(row));
        });
  }
};

}  // namespace piccolo::engine_detail
