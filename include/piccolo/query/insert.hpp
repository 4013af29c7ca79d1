#pragma once
// insert(row, ...) and insert(range). One single-row statement whatever the row count:
// the text stays constant, the engine runs it once per row inside a savepoint, so a
// failing row leaves nothing of the batch behind. Unset serial keys are assigned by
// the database (NULL on SQLite; nextval() of the key's sequence on PostgreSQL).

#include <array>
#include <cstdint>
#include <ranges>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/query/detail/returning.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo {

namespace detail {
// Rows the query owns (from insert(a, b) or an rvalue range) or a view of the caller's.
template <class Rows>
struct owned_rows {
  Rows rows;
  const Rows& get() const noexcept { return rows; }
};
template <class T>
struct borrowed_row {
  const T* row;
  std::span<const T> get() const noexcept { return {row, 1}; }
};
template <class Range>
struct borrowed_rows {
  const Range* rows;
  const Range& get() const noexcept { return *rows; }
};
}  // namespace detail

template <class T, class Rows, bool Batched, class Returning = detail::no_returning>
class insert_query {
 public:
  static constexpr result_kind kind = Returning::present ? result_kind::rows : result_kind::affected;
  using row_type = typename Returning::row_type;
  using result_type = std::conditional_t<Returning::present, std::vector<row_type>, std::int64_t>;
  static constexpr bool batched = Batched;
  static constexpr bool runnable = true;
  using table_type = T;
  static constexpr int parameters = static_cast<int>(table_info<T>::column_count);

  explicit insert_query(Rows rows) : rows_(std::move(rows)) {}

  // .returning(c<&Band::id>, ...): the inserted rows' values, e.g. assigned keys.
  template <class... Columns>
  auto returning(const Columns&...) const& {
    static_assert(sizeof...(Columns) > 0, "piccolo: returning(): name at least one column");
    static_assert(detail::returning_allowed<T, Columns...>,
                  "piccolo: returning(): names a column of another table; return columns of the "
                  "table being written, e.g. c<&Band::id>");
    if constexpr (sizeof...(Columns) > 0 && detail::returning_allowed<T, Columns...>)
      return insert_query<T, Rows, Batched, detail::returning_columns<Columns...>>{rows_};
    else
      return *this;
  }
  template <class... Columns>
  auto returning(const Columns&...) && {
    static_assert(sizeof...(Columns) > 0, "piccolo: returning(): name at least one column");
    static_assert(detail::returning_allowed<T, Columns...>,
                  "piccolo: returning(): names a column of another table; return columns of the "
                  "table being written, e.g. c<&Band::id>");
    if constexpr (sizeof...(Columns) > 0 && detail::returning_allowed<T, Columns...>)
      return insert_query<T, Rows, Batched, detail::returning_columns<Columns...>>{std::move(rows_)};
    else
      return *this;
  }

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<insert_query, D>;
  }

  // On PostgreSQL a batch is one statement whatever its size: each parameter is one
  // column's values as an array, expanded by unnest().
  static constexpr bool columnar_on_postgres = Batched;

  // Faster still: a batch without RETURNING whose serial keys are all unset goes by
  // COPY "t" ("a", "b") FROM STDIN (FORMAT binary), serial columns left out.
  static constexpr bool copyable = Batched && !Returning::present;
  struct copy_statement {
    static constexpr void render(sql_writer& w) {
      using info = table_info<T>;
      w.put("COPY ").identifier(info::name).put(" (");
      bool first = true;
      reflect::for_each_field_index<T>([&](auto i) {
        if constexpr (!info::template is_serial<i.value>) {
          if (!first) w.put(", ");
          first = false;
          w.identifier(info::template column_name<i.value>);
        }
      });
      w.put(") FROM STDIN (FORMAT binary)");
    }
  };
  // Per column: its width in the binary format, -1 when variable, -2 for a serial key
  // (not sent by COPY).
  static constexpr auto copy_widths = [] {
    std::array<int, table_info<T>::column_count> widths{};
    reflect::for_each_field_index<T>([&](auto i) {
      if constexpr (table_info<T>::template is_serial<i.value>) widths[i.value] = -2;
      else widths[i.value] = detail::postgres_binary_width<T, i.value>();
    });
    return widths;
  }();

  static constexpr void render(sql_writer& w) {
    if constexpr (Batched) {
      if (w.dialect() == dialect_id::postgres) return render_unnest(w);
    }
    using info = table_info<T>;
    w.put("INSERT INTO ").identifier(info::name).put(" (");
    reflect::for_each_field_index<T>([&](auto i) {
      if (i.value > 0) w.put(", ");
      w.identifier(info::template column_name<i.value>);
    });
    w.put(") VALUES (");
    reflect::for_each_field_index<T>([&](auto i) {
      if (i.value > 0) w.put(", ");
      if constexpr (info::template is_serial<i.value>) {
        if (w.dialect() == dialect_id::postgres) {
          const int n = w.take_parameter();
          render_serial_key<i.value>(w, [&] { w.put('$').put_int(n); });
          return;
        }
      }
      w.parameter();
    });
    w.put(')');
    Returning::render(w);
  }

  // A serial key on PostgreSQL: unset (NULL) takes the sequence's next value; an explicit
  // key is kept and moves the sequence past it, so that later keys do not collide (as
  // SQLite's INTEGER PRIMARY KEY does).
  template <std::size_t I, class Value>
  static constexpr void render_serial_key(sql_writer& w, Value value) {
    using info = table_info<T>;
    // The table is parsed as an identifier (quoted, then escaped as a literal); the
    // column is taken as it is, past PostgreSQL's 63 bytes cut as the server cuts it.
    auto sequence = [&] {
      w.put("pg_get_serial_sequence(").literal_of([&] { w.identifier(info::name); }).put(", ");
      w.string_literal(detail::postgres_stored_name(info::template column_name<I>)).put(')');
    };
    w.put("CASE WHEN ");
    value();
    w.put(" IS NULL THEN nextval(");
    sequence();
    w.put(") ELSE ");
    value();
    w.put(" + 0 * setval(");
    sequence();
    w.put(", GREATEST(");
    value();
    w.put(", COALESCE(pg_sequence_last_value(CAST(");
    sequence();
    w.put(" AS regclass)), 1))) END");
  }

  // INSERT INTO "t" ("a", "b") SELECT <key of u."a">, u."b"
  //   FROM unnest($1, $2) AS u("a", "b")
  static constexpr void render_unnest(sql_writer& w) {
    using info = table_info<T>;
    auto column_list = [&](bool qualified) {
      reflect::for_each_field_index<T>([&](auto i) {
        if (i.value > 0) w.put(", ");
        if (qualified) w.put("u.");
        w.identifier(info::template column_name<i.value>);
      });
    };
    w.put("INSERT INTO ").identifier(info::name).put(" (");
    column_list(false);
    w.put(") SELECT ");
    reflect::for_each_field_index<T>([&](auto i) {
      if (i.value > 0) w.put(", ");
      if constexpr (info::template is_serial<i.value>) {
        render_serial_key<i.value>(w, [&] { w.put("u.").identifier(info::template column_name<i.value>); });
      } else {
        w.put("u.").identifier(info::template column_name<i.value>);
      }
    });
    w.put(" FROM unnest(");
    reflect::for_each_field_index<T>([&](auto i) {
      if (i.value > 0) w.put(", ");
      w.parameter();
    });
    w.put(") AS u (");
    column_list(false);
    w.put(')');
    Returning::render(w);
  }

  template <class Reader>
  static auto read_row(Reader& r) {
    return Returning::read(r);
  }

  template <class F>
  void for_each_binding(F&& f) const {
    std::array<value_view, parameters> values{};
    for (const T& row : rows_.get()) {
      reflect::for_each_field_index<T>([&](auto i) {
        values[i.value] = value_traits<reflect::field_type<T, i.value>>::to_value(reflect::get<i.value>(row));
      });
      f(static_cast<const value_view*>(values.data()));
    }
  }

 private:
  template <class, class, bool, class>
  friend class insert_query;
  Rows rows_;
};

// insert(Band{...}) or insert(a, b, c): rows of one table.
// insert(row): one row. An lvalue row is read in place, as an lvalue range is (keep it
// alive until run; no copy of its strings); an rvalue row is moved into the query.
template <class Row>
  requires(!std::ranges::range<std::remove_cvref_t<Row>>)
auto insert(Row&& row) {
  using T = std::remove_cvref_t<Row>;
  if constexpr (std::is_lvalue_reference_v<Row>) {
    return insert_query<T, detail::borrowed_row<T>, false>{detail::borrowed_row<T>{&row}};
  } else {
    using rows_t = std::array<T, 1>;
    return insert_query<T, detail::owned_rows<rows_t>, false>{detail::owned_rows<rows_t>{rows_t{std::move(row)}}};
  }
}

// insert(a, b, c): several rows of one table, copied into the query.
template <class T, class Second, class... More>
  requires(!std::ranges::range<T>)
auto insert(T row, Second second, More... more) {
  static_assert(std::is_same_v<T, Second> && (std::is_same_v<T, More> && ...),
                "piccolo: insert(): all rows must be of the same table type");
  using rows_t = std::array<T, 2 + sizeof...(More)>;
  return insert_query<T, detail::owned_rows<rows_t>, true>{
      detail::owned_rows<rows_t>{rows_t{std::move(row), std::move(second), std::move(more)...}}};
}

// insert(rows): any range of table rows. An lvalue range is read in place (keep it
// alive until run); an rvalue range is moved into the query.
template <std::ranges::input_range Range>
auto insert(Range&& rows) {
  using T = std::ranges::range_value_t<Range>;
  if constexpr (std::is_lvalue_reference_v<Range>) {
    using R = std::remove_cvref_t<Range>;
    return insert_query<T, detail::borrowed_rows<R>, true>{detail::borrowed_rows<R>{&rows}};
  } else {
    using V = std::vector<T>;
    return insert_query<T, detail::owned_rows<V>, true>{
        detail::owned_rows<V>{V(std::make_move_iterator(std::ranges::begin(rows)),
                                std::make_move_iterator(std::ranges::end(rows)))}};
  }
}

}  // namespace piccolo
