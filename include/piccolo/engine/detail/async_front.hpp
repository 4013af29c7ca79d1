#pragma once
// The asynchronous member functions that both engines' databases offer. Each forwards
// to Api<Q>, which the engine's async header defines; without that header they do
// not compile (Api<Q> is incomplete), and the synchronous engine includes no Asio.

#include <utility>

#include <piccolo/engine/diagnostics.hpp>
#include <piccolo/query/result.hpp>

// Declared only: the default completion token, named without including Asio.
namespace boost::asio {
class deferred_t;
}

namespace piccolo::engine_detail {

template <class Database, template <class> class Api>
class async_front {
 public:
  // async_run(query, token): completes with (error_code, result), or (error_code) for
  // DDL, on the handler's executor. A cancellation slot on the token cancels the query.
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, Token&& token = {}) {
    return Api<Q>::run(self(), std::move(q), nullptr, std::forward<Token>(token));
  }
  // The engine's message of a failure goes to diag.
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, diagnostics& diag, Token&& token = {}) {
    return Api<Q>::run(self(), std::move(q), &diag, std::forward<Token>(token));
  }
  // With a timeout: a query still running after options.timeout is cancelled and
  // completes with errc::timed_out.
  template <query Q, class Token = boost::asio::deferred_t>
  auto async_run(Q q, run_options options, Token&& token = {}) {
    return Api<Q>::run_with_timeout(self(), std::move(q), options, std::forward<Token>(token));
  }

  template <class Self = Database>
  const auto& get_executor() const {
    return Api<Self>::executor(static_cast<const Database&>(*this));
  }

 private:
  Database& self() noexcept { return static_cast<Database&>(*this); }
};

}  // namespace piccolo::engine_detail
