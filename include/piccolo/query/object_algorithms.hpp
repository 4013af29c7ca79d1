#pragma once
// The objects API as algorithms written once for the synchronous and the asynchronous
// engines. An algorithm never runs a query itself: it hands a runner the next query and
// what to do with its result,
//   runner.run(query, [](auto& runner, result) { ... runner.done(value) or runner.run(...) })
// and a synchronous runner calls the continuation with db.run(query)'s result, an
// asynchronous one from async_run's completion. Failures are piccolo::error exceptions;
// an asynchronous runner turns them into the completion's error code.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <piccolo/core/error.hpp>
#include <piccolo/query/by_key.hpp>

namespace piccolo::detail {

[[noreturn]] inline void throw_row_gone(std::string_view operation, std::string_view table) {
  throw error(errc::not_found, std::string{operation} + ": no row of \"" + std::string{table} +
                                   "\" has the object's primary key (it was removed)");
}

// save(row): INSERT of a row whose serial key is unset (the key written back, only once
// the row is stored), UPDATE by key of one whose key is set (errc::not_found when no row
// has it), an upsert on the key for a table whose key is not one serial.
// A table with database-side defaults (pc::default_now, ...) gets the whole row back from
// an INSERT, so the object holds what the database stored, and is read again after an upsert.
template <class Runner, class T>
auto save_object(Runner& runner, T& row) {
  using info = table_info<T>;
  auto store_returned = [&row](auto& next, std::vector<T> stored) {
    row = std::move(stored.front());
    return next.done();
  };
  if constexpr (has_serial_key<T>()) {
    constexpr std::size_t key = info::primary_key_index;
    if (!reflect::get<key>(row).has_value()) {
      if constexpr (info::any_db_default) {
        return runner.run(insert_returning_row(row), store_returned);
      } else {
        return runner.run(insert_returning_key(row), [&row](auto& next, auto keys) {
          reflect::get<key>(row) = keys.front();
          return next.done();
        });
      }
    }
    return runner.run(update_by_key(row), [](auto& next, std::int64_t updated) {
      if (updated == 0) throw_row_gone("save()", info::name);
      return next.done();
    });
  } else if constexpr (info::any_db_default) {
    if (key_left_to_database(row)) return runner.run(insert_returning_row(row), store_returned);
    return runner.run(upsert_by_key(row), [&row](auto& next, std::int64_t) {
      return next.run(select_by_key(row), [&row](auto& then, std::optional<T> stored) {
        if (stored) row = std::move(*stored);
        return then.done();
      });
    });
  } else {
    return runner.run(upsert_by_key(row), [](auto& next, std::int64_t) { return next.done(); });
  }
}

// save(row, columns...): UPDATE of those columns by key.
template <class Runner, class T, class... Columns>
auto save_columns(Runner& runner, const T& row, const Columns&... columns) {
  return runner.run(update_columns_by_key(row, columns...), [](auto& next, std::int64_t updated) {
    if (updated == 0) throw_row_gone("save()", table_info<T>::name);
    return next.done();
  });
}

template <class Runner, class T>
auto remove_object(Runner& runner, const T& row) {
  return runner.run(delete_by_key(row), [](auto& next, std::int64_t) { return next.done(); });
}

// refresh(row): every column read again; errc::not_found (and the row unchanged) when
// the row is gone.
template <class Runner, class T>
auto refresh_object(Runner& runner, T& row) {
  return runner.run(select_by_key(row), [&row](auto& next, std::optional<T> stored) {
    if (!stored) throw_row_gone("refresh()", table_info<T>::name);
    row = std::move(*stored);
    return next.done();
  });
}

// get_related(row, c<&T::fk>): the referenced row, none for a NULL key.
template <class Runner, class T, class Column>
auto get_related_object(Runner& runner, const T& row, const Column&) {
  using target = related_row_t<Column>;
  const auto& key = reflect::get<Column::index>(row);
  if constexpr (is_optional<typename Column::stored_type>) {
    if (!key) return runner.done(std::optional<target>{});
    return runner.run(select_referenced<target>(key->value()),
                      [](auto& next, std::optional<target> found) { return next.done(std::move(found)); });
  } else {
    return runner.run(select_referenced<target>(key.value()),
                      [](auto& next, std::optional<target> found) { return next.done(std::move(found)); });
  }
}

// get_or_create(query, row): the first row the query finds; else the row inserted, ON
// CONFLICT DO NOTHING; else (another writer inserted it meanwhile) the query again. Two
// writers racing thus agree on one row, when a unique constraint covers what the query
// filters on (without one, both may insert).
template <class Runner, class Q, class T>
auto get_or_create_object(Runner& runner, const Q& query, T row) {
  using result = get_or_create_result<T>;
  auto lookup = first_of(query);
  return runner.run(lookup, [lookup, row = std::move(row)](auto& next, std::optional<T> found) mutable {
    if (found) return next.done(result{std::move(*found), false});
    return next.run(insert_unless_conflict(std::move(row)), [lookup](auto& then, std::vector<T> inserted) {
      if (!inserted.empty()) return then.done(result{std::move(inserted.front()), true});
      return then.run(lookup, [](auto& last, std::optional<T> found_now) {
        if (!found_now)
          throw error(errc::unique_violation,
                      "get_or_create(): the new row conflicts with a row of \"" +
                          std::string{table_info<T>::name} + "\" that the query does not find");
        return last.done(result{std::move(*found_now), false});
      });
    });
  });
}

}  // namespace piccolo::detail
