#pragma once
// The objects API of a database, a pool or anything with run(query): save, remove,
// refresh, get_related, get_or_create, and their async_ forms. Each runs the one
// algorithm of query/object_algorithms.hpp: here by run() on the caller's thread, in
// <piccolo/engine/detail/objects_async.hpp> (included by the async headers) by async_run().

#include <optional>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <piccolo/query/object_algorithms.hpp>

// Declared only: the default completion token, named without including Asio.
namespace boost::asio {
class deferred_t;
}

namespace piccolo::engine_detail {

// Runs an algorithm's queries with run(): each continuation's value is the algorithm's.
template <class Database>
struct sync_runner {
  Database& db;
  template <class Q, class Next>
  decltype(auto) run(const Q& q, Next&& next) {
    return std::forward<Next>(next)(*this, db.run(q));
  }
  void done() {}
  template <class V>
  V done(V value) {
    return value;
  }
};

// The asynchronous operations; defined by <piccolo/engine/detail/objects_async.hpp>.
template <class Token>
struct objects_async;

// The entry points that find a row by its primary key, each named in its message.
enum class keyed_operation { save, remove, refresh, async_save, async_remove, async_refresh };

template <keyed_operation Op, class T>
constexpr bool check_keyed() {
  constexpr bool keyed = table_with_primary_key<T>;
#define PICCOLO_KEYED_MESSAGE(name)                                                                  \
  "piccolo: " name "(): the table has no primary key, so the row cannot be found again; declare one " \
  "(a pc::serial member, or pc::primary_key<&T::member> in column_options())"
  static_assert(keyed || Op != keyed_operation::save, PICCOLO_KEYED_MESSAGE("save"));
  static_assert(keyed || Op != keyed_operation::remove, PICCOLO_KEYED_MESSAGE("remove"));
  static_assert(keyed || Op != keyed_operation::refresh, PICCOLO_KEYED_MESSAGE("refresh"));
  static_assert(keyed || Op != keyed_operation::async_save, PICCOLO_KEYED_MESSAGE("async_save"));
  static_assert(keyed || Op != keyed_operation::async_remove, PICCOLO_KEYED_MESSAGE("async_remove"));
  static_assert(keyed || Op != keyed_operation::async_refresh, PICCOLO_KEYED_MESSAGE("async_refresh"));
#undef PICCOLO_KEYED_MESSAGE
  return keyed;
}

// The synchronous entry points, on an object that may run asynchronously only (a
// PostgreSQL async_transaction declares asynchronous_only: it has no run()).
enum class sync_operation { save, remove, refresh, get_related, get_or_create };

template <class Database, sync_operation Op>
constexpr bool check_synchronous() {
  constexpr bool sync = !requires { Database::asynchronous_only; };
#define PICCOLO_SYNC_MESSAGE(name)                                                                   \
  "piccolo: " name "(): this transaction object runs asynchronously only (a PostgreSQL "             \
  "async_transaction: its statements go through the connection's pipeline); co_await tx.async_" name \
  "(..., token) instead"
  static_assert(sync || Op != sync_operation::save, PICCOLO_SYNC_MESSAGE("save"));
  static_assert(sync || Op != sync_operation::remove, PICCOLO_SYNC_MESSAGE("remove"));
  static_assert(sync || Op != sync_operation::refresh, PICCOLO_SYNC_MESSAGE("refresh"));
  static_assert(sync || Op != sync_operation::get_related, PICCOLO_SYNC_MESSAGE("get_related"));
  static_assert(sync || Op != sync_operation::get_or_create, PICCOLO_SYNC_MESSAGE("get_or_create"));
#undef PICCOLO_SYNC_MESSAGE
  return sync;
}

// The checks, one message each (the caller stops at the first with if constexpr).
template <class T, class... Columns>
constexpr bool check_saved_columns() {
  constexpr bool own = ((is_column_ref<Columns> && Columns::is_plain &&
                         std::is_same_v<typename Columns::table, T>) && ...);
  static_assert(own, "piccolo: save(): name columns of the saved row's table, e.g. "
                     "db.save(band, c<&Band::popularity>)");
  constexpr bool not_key = [] {
    if constexpr (own) return (!table_info<T>::template primary_key<Columns::index> && ...);
    else return true;
  }();
  static_assert(not_key, "piccolo: save(): a named column is part of the primary key, which finds the "
                         "row; save the other columns (or remove() the row and save() a new one)");
  return own && not_key;
}

template <class T, class Column>
constexpr bool check_related() {
  constexpr bool own = [] {
                         if constexpr (is_column_ref<Column>)
                           return Column::is_plain && std::is_same_v<typename Column::table, T>;
                         else
                           return false;
                       }();
  static_assert(own, "piccolo: get_related(): name a foreign key column of the row's table, e.g. "
                     "db.get_related(band, c<&Band::manager>)");
  constexpr bool foreign = [] {
    if constexpr (own) return !std::is_void_v<piccolo::detail::related_row_t<Column>>;
    else return true;
  }();
  static_assert(foreign, "piccolo: get_related(): the column is not a pc::foreign_key; name a column "
                         "that references another table");
  return own && foreign;
}

template <class Q, class T>
constexpr bool check_get_or_create() {
  using table = typename piccolo::detail::objects_query_table<Q>::type;
  constexpr bool objects = !std::is_void_v<table>;
  static_assert(objects, "piccolo: get_or_create(): the first argument must be an objects<T>() query, "
                         "e.g. pc::objects<Band>().where(c<&Band::name> == \"x\")");
  constexpr bool same = !objects || std::is_same_v<table, T>;
  static_assert(same, "piccolo: get_or_create(): the new row is not of the queried table; pass a row "
                      "of the table objects<T>() reads");
  return objects && same;
}
template <class T, class... Columns>
constexpr bool check_saved_column_list(boost::mp11::mp_list<Columns...>) {
  return check_saved_columns<T, Columns...>();
}

template <class Database>
class objects_front {
 public:
  // db.save(band): INSERT when band's serial key is unset (the key is written back),
  // UPDATE of every other column by key when it is set, an upsert on the key when the
  // key is not one serial.
  template <class T>
  void save(T& row) {
    if constexpr (check_synchronous<Database, sync_operation::save>() && check_keyed<keyed_operation::save, T>()) {
      sync_runner<Database> runner = start_sync();
      piccolo::detail::save_object(runner, row);
    }
  }
  // db.save(band, c<&Band::popularity>, ...): UPDATE of those columns only, by key.
  template <class T, class Column, class... More>
  void save(const T& row, const Column& column, const More&... more) {
    if constexpr (check_synchronous<Database, sync_operation::save>() && check_keyed<keyed_operation::save, T>() &&
                  check_saved_columns<T, Column, More...>()) {
      sync_runner<Database> runner = start_sync();
      piccolo::detail::save_columns(runner, row, column, more...);
    }
  }
  // db.remove(band): DELETE of its row, by key.
  template <class T>
  void remove(const T& row) {
    if constexpr (check_synchronous<Database, sync_operation::remove>() && check_keyed<keyed_operation::remove, T>()) {
      sync_runner<Database> runner = start_sync();
      piccolo::detail::remove_object(runner, row);
    }
  }
  // db.refresh(band): every column read again; errc::not_found when the row is gone.
  template <class T>
  void refresh(T& row) {
    if constexpr (check_synchronous<Database, sync_operation::refresh>() &&
                  check_keyed<keyed_operation::refresh, T>()) {
      sync_runner<Database> runner = start_sync();
      piccolo::detail::refresh_object(runner, row);
    }
  }
  // db.get_related(band, c<&Band::manager>) -> std::optional<Manager>, empty for a NULL key.
  template <class T, class Column>
  auto get_related(const T& row, const Column& column) {
    if constexpr (check_synchronous<Database, sync_operation::get_related>() && check_related<T, Column>()) {
      sync_runner<Database> runner = start_sync();
      return piccolo::detail::get_related_object(runner, row, column);
    }
  }
  // db.get_or_create(pc::objects<Band>().where(...), Band{...}) -> {row, created}.
  template <class Q, class T>
  auto get_or_create(const Q& query, T row) {
    if constexpr (check_synchronous<Database, sync_operation::get_or_create>() && check_get_or_create<Q, T>()) {
      sync_runner<Database> runner = start_sync();
      return piccolo::detail::get_or_create_object(runner, query, std::move(row));
    }
  }

  // ---- asynchronous forms: completion tokens, as async_run ----
  // async_save / async_remove / async_refresh complete with (error_code);
  // async_get_related with (error_code, std::optional<Related>); async_get_or_create with
  // (error_code, pc::get_or_create_result<T>). The row must outlive the operation.
  template <class T, class Token = boost::asio::deferred_t>
  auto async_save(T& row, Token&& token = {}) {
    if constexpr (check_keyed<keyed_operation::async_save, T>())
      return objects_async<Token>::save(self(), row, std::forward<Token>(token));
  }
  // db.async_save(band, c<&Band::popularity>, ..., token): those columns only, by key.
  template <class T, class Column, class... More>
    requires is_column_ref<std::remove_cvref_t<Column>>
  auto async_save(T& row, const Column& column, More&&... more) {
    // the columns, then the token (asio::deferred when left out)
    using arguments = boost::mp11::mp_list<Column, std::remove_cvref_t<More>...>;
    constexpr bool ends_with_column = is_column_ref<boost::mp11::mp_back<arguments>>;
    using columns = std::conditional_t<ends_with_column, arguments, boost::mp11::mp_pop_back<arguments>>;
    constexpr bool checked = [] {
      if constexpr (check_keyed<keyed_operation::async_save, T>())
        return check_saved_column_list<T>(columns{});
      else
        return false;
    }();
    if constexpr (checked)
      return objects_async<Column>::save_columns(self(), row, column, std::forward<More>(more)...);
  }
  template <class T, class Token = boost::asio::deferred_t>
  auto async_remove(const T& row, Token&& token = {}) {
    if constexpr (check_keyed<keyed_operation::async_remove, T>())
      return objects_async<Token>::remove(self(), row, std::forward<Token>(token));
  }
  template <class T, class Token = boost::asio::deferred_t>
  auto async_refresh(T& row, Token&& token = {}) {
    if constexpr (check_keyed<keyed_operation::async_refresh, T>())
      return objects_async<Token>::refresh(self(), row, std::forward<Token>(token));
  }
  template <class T, class Column, class Token = boost::asio::deferred_t>
  auto async_get_related(const T& row, const Column& column, Token&& token = {}) {
    if constexpr (check_related<T, Column>())
      return objects_async<Token>::get_related(self(), row, column, std::forward<Token>(token));
  }
  template <class Q, class T, class Token = boost::asio::deferred_t>
  auto async_get_or_create(const Q& query, T row, Token&& token = {}) {
    if constexpr (check_get_or_create<Q, T>())
      return objects_async<Token>::get_or_create(self(), query, std::move(row), std::forward<Token>(token));
  }

 private:
  Database& self() noexcept { return static_cast<Database&>(*this); }
  // A transaction object that has ended is errc::misuse, even for a call that would run
  // no query (get_related of a NULL key).
  sync_runner<Database> start_sync() {
    if constexpr (requires { self().ensure_active(); }) self().ensure_active();
    return {self()};
  }
};

}  // namespace piccolo::engine_detail
