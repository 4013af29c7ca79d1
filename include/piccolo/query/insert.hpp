#pragma once
// insert(row, ...) and insert(range). One single-row statement whatever the row count:
// the text stays constant, the engine runs it once per row inside a savepoint, so a
// failing row leaves nothing of the batch behind. Unset serial keys are assigned by
// the database (NULL on SQLite; nextval() of the key's sequence on PostgreSQL), and so
// are unset columns with a database-side default (pc::default_now, ...): the value is
// bound as NULL and the INSERT writes COALESCE(value, default).

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
#include <piccolo/query/upsert.hpp>
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

template <class T, class Rows, bool Batched, class Returning = detail::no_returning,
          class Conflict = detail::no_conflict>
class insert_query {
 public:
  static constexpr result_kind kind = Returning::present ? result_kind::rows : result_kind::affected;
  using row_type = typename Returning::row_type;
  using result_type = std::conditional_t<Returning::present, std::vector<row_type>, std::int64_t>;
  static constexpr bool batched = Batched;
  static constexpr bool runnable = true;
  using table_type = T;
  static constexpr int parameters = static_cast<int>(table_info<T>::column_count) + Conflict::parameters;

  explicit insert_query(Rows rows, Conflict conflict = {})
      : rows_(std::move(rows)), conflict_(std::move(conflict)) {}

  // .returning(c<&Band::id>, ...): the inserted rows' values, e.g. assigned keys.
  template <class... Columns>
  auto returning(const Columns&...) const& {
    if constexpr (detail::check_returning<T, Columns...>())
      return insert_query<T, Rows, Batched, detail::returning_columns<Columns...>, Conflict>{rows_, conflict_};
    else
      return *this;
  }
  template <class... Columns>
  auto returning(const Columns&...) && {
    if constexpr (detail::check_returning<T, Columns...>())
      return insert_query<T, Rows, Batched, detail::returning_columns<Columns...>, Conflict>{std::move(rows_),
                                                                                         std::move(conflict_)};
    else
      return *this;
  }

  // ---- upsert (query/upsert.hpp) ------------------------------------------------------

  // .on_conflict(pc::do_nothing): ON CONFLICT DO NOTHING, whichever constraint the row breaks.
  auto on_conflict(do_nothing_t) const& { return with_conflict(rows_, detail::conflict_clause<boost::mp11::mp_list<>>{}); }
  auto on_conflict(do_nothing_t) && {
    return with_conflict(std::move(rows_), detail::conflict_clause<boost::mp11::mp_list<>>{});
  }
  // .on_conflict(c<&Band::name>): ON CONFLICT ("name") DO NOTHING, or DO UPDATE once
  // .do_update(...) follows. The columns are the primary key or a unique constraint.
  template <class... Columns>
    requires(sizeof...(Columns) > 0 && (!std::is_same_v<Columns, do_nothing_t> && ...))
  auto on_conflict(const Columns&...) const& {
    return on_conflict_target<Columns...>(rows_);
  }
  template <class... Columns>
    requires(sizeof...(Columns) > 0 && (!std::is_same_v<Columns, do_nothing_t> && ...))
  auto on_conflict(const Columns&...) && {
    return on_conflict_target<Columns...>(std::move(rows_));
  }

  // .do_update(c<&Band::popularity> = pc::excluded(c<&Band::popularity>), c<&Band::website>):
  // DO UPDATE SET; a column alone takes the proposed row's value.
  template <class... As>
  auto do_update(As... as) const& {
    return do_update_with(rows_, std::move(as)...);
  }
  template <class... As>
  auto do_update(As... as) && {
    return do_update_with(std::move(rows_), std::move(as)...);
  }

  // .where(cond) after do_update(): only conflicting rows that match are updated.
  template <class Cond>
  auto where(const Cond& cond) const& {
    return where_with(rows_, cond);
  }
  template <class Cond>
  auto where(const Cond& cond) && {
    return where_with(std::move(rows_), cond);
  }

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<insert_query, D>;
  }

  // On PostgreSQL a batch is one statement whatever its size: each parameter is one
  // column's values as an array, expanded by unnest(). Not an upsert whose DO UPDATE
  // binds values of its own: those are one value, not a column, and the batch runs
  // row by row (in a savepoint) instead.
  // Nor a table with an array column (std::vector<T>): an array of arrays is a second
  // dimension, which unnest() would flatten.
  static constexpr bool columnar_on_postgres = Batched && Conflict::parameters == 0 && [] {
    bool arrays = false;
    reflect::for_each_field_index<T>([&](auto i) {
      using column = typename column_type_info<reflect::field_type<T, i.value>>::type;
      if constexpr (column_value<column>) arrays = arrays || value_traits<column>::bind_kind == value_kind::array;
    });
    return !arrays;
  }();

  // Faster still: a batch without RETURNING whose serial keys are all unset goes by
  // COPY "t" ("a", "b") FROM STDIN (FORMAT binary), serial columns left out. COPY has
  // no ON CONFLICT: an upsert never goes by COPY.
  // Nor does it compute expressions: a table with database-side defaults (pc::default_now,
  // ...) goes by the columnar INSERT, which applies them to unset values.
  static constexpr bool copyable =
      Batched && !Returning::present && !Conflict::present && !table_info<T>::any_db_default;
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

  // An upsert into a table with a serial key, on PostgreSQL: the key of a row that
  // conflicted must not move the sequence, and a row's values are computed before its
  // conflict is known. So the INSERT only takes nextval() for unset keys, and the
  // statement around it moves the sequence past the keys of rows it wrote:
  //   WITH "piccolo$upserted" AS (INSERT ... ON CONFLICT ... RETURNING "id" AS "piccolo$key", ...)
  //   SELECT ... FROM "piccolo$upserted" WHERE CASE WHEN "piccolo$key" > <last value>
  //                                            THEN setval(<sequence>, "piccolo$key") > 0 ELSE true END
  static constexpr bool upsert_with_sequence = [] {
    using info = table_info<T>;
    if constexpr (Conflict::present && info::primary_key_index != info::npos)
      return info::template is_serial<info::primary_key_index>;
    else
      return false;
  }();

  static constexpr void render(sql_writer& w) {
    if constexpr (upsert_with_sequence) {
      if (w.dialect() == dialect_id::postgres) return render_upsert_with_sequence(w);
    }
    render_insert(w, true);
    Returning::render(w);
  }

  static constexpr void render_upsert_with_sequence(sql_writer& w) {
    using info = table_info<T>;
    constexpr std::size_t key = info::primary_key_index;
    auto sequence = [&] { render_sequence_once<key>(w); };
    w.put("WITH \"piccolo$upserted\" AS (");
    render_insert(w, false);
    w.put(" RETURNING ").identifier(info::template column_name<key>).put(" AS \"piccolo$key\"");
    detail::returning_names<Returning>::render(w, ", ");
    w.put(") SELECT");
    detail::returning_names<Returning>::render(w, " ");
    w.put(" FROM \"piccolo$upserted\" WHERE CASE WHEN \"piccolo$key\" > COALESCE(pg_sequence_last_value(");
    sequence();
    w.put("), 0) THEN setval(");
    sequence();
    w.put(", \"piccolo$key\") > 0 ELSE true END");
  }

  // INSERT INTO ... VALUES (...) or, for a PostgreSQL batch, ... SELECT ... FROM unnest(...),
  // then the ON CONFLICT clause; moves_sequence: whether an explicit serial key moves
  // the sequence past itself as part of the row (not in an upsert: see above).
  static constexpr void render_insert(sql_writer& w, bool moves_sequence) {
    if constexpr (columnar_on_postgres) {
      if (w.dialect() == dialect_id::postgres) return render_unnest(w, moves_sequence);
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
          render_serial_key<i.value>(w, [&] { w.put('$').put_int(n); }, moves_sequence);
          return;
        }
      }
      if constexpr (info::any_db_default) {
        if constexpr (info::template has_db_default<i.value>) {
          // an unset value is bound as NULL (see for_each_binding): the database's default
          w.put("COALESCE(");
          w.parameter();
          w.put(", ");
          detail::write_db_default<T, i.value>(w);
          w.put(')');
          return;
        }
      }
      w.parameter();
    });
    w.put(')');
    Conflict::render(w);
  }

  // A serial key on PostgreSQL: unset (NULL) takes the sequence's next value; an explicit
  // key is kept and moves the sequence past it, so that later keys do not collide (as
  // SQLite's INTEGER PRIMARY KEY does).
  template <std::size_t I, class Value>
  static constexpr void render_serial_key(sql_writer& w, Value value, bool moves_sequence) {
    auto sequence = [&] { render_sequence<I>(w); };
    w.put("CASE WHEN ");
    value();
    w.put(" IS NULL THEN nextval(");
    if (moves_sequence) sequence();
    else render_sequence_once<I>(w);
    w.put(") ELSE ");
    value();
    if (!moves_sequence) {
      w.put(" END");
      return;
    }
    w.put(" + 0 * setval(");
    sequence();
    w.put(", GREATEST(");
    value();
    w.put(", COALESCE(pg_sequence_last_value(CAST(");
    sequence();
    w.put(" AS regclass)), 1))) END");
  }

  // The sequence of serial column I. The table is parsed as an identifier (quoted, then
  // escaped as a literal); the column is taken as it is, past PostgreSQL's 63 bytes cut
  // as the server cuts it.
  template <std::size_t I>
  static constexpr void render_sequence(sql_writer& w) {
    using info = table_info<T>;
    w.put("pg_get_serial_sequence(").literal_of([&] { w.identifier(info::name); }).put(", ");
    w.string_literal(detail::postgres_stored_name(info::template column_name<I>)).put(')');
  }

  // The same, looked up once per statement (an InitPlan) rather than once per row: a
  // batch of 100k rows spends half a second in pg_get_serial_sequence() otherwise.
  template <std::size_t I>
  static constexpr void render_sequence_once(sql_writer& w) {
    w.put("(SELECT CAST(");
    render_sequence<I>(w);
    w.put(" AS regclass))");
  }

  // INSERT INTO "t" ("a", "b") SELECT <key of u."a">, u."b"
  //   FROM unnest($1, $2) AS u("a", "b")
  static constexpr void render_unnest(sql_writer& w, bool moves_sequence) {
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
        render_serial_key<i.value>(
            w, [&] { w.put("u.").identifier(info::template column_name<i.value>); }, moves_sequence);
      } else if constexpr (detail::has_db_default_column<T, i.value>()) {
        w.put("COALESCE(u.").identifier(info::template column_name<i.value>).put(", ");
        detail::write_db_default<T, i.value>(w);
        w.put(')');
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
    Conflict::render(w);
  }

  template <class Reader>
  static auto read_row(Reader& r) {
    return Returning::read(r);
  }

  template <class F>
  void for_each_binding(F&& f) const {
    // Not zero-filled (a value_view initialises every member: 24 instructions a run of a
    // one-row insert): each slot is written below before f reads it.
    union unset_values {
      value_view at[parameters];
      unset_values() noexcept {}
    } values;
    // DO UPDATE's own values follow the row's, the same for every row
    value_view* conflict_values = values.at + table_info<T>::column_count;
    conflict_.bind(conflict_values);
    for (const T& row : rows_.get()) {
      reflect::for_each_field_index<T>([&](auto i) {
        using field = reflect::field_type<T, i.value>;
        const field& value = reflect::get<i.value>(row);
        if constexpr (detail::has_db_default_column<T, i.value>() && !is_optional<field>) {
          // T{} is "unset": NULL, which the INSERT's COALESCE turns into the default
          values.at[i.value] = detail::is_unset_for_default(value)
                                   ? value_traits<std::optional<field>>::to_value(std::nullopt)
                                   : value_traits<field>::to_value(value);
        } else {
          values.at[i.value] = value_traits<field>::to_value(value);
        }
      });
      f(static_cast<const value_view*>(values.at));
    }
  }

 private:
  template <class, class, bool, class, class>
  friend class insert_query;

  template <class R, class C>
  static auto with_conflict(R&& rows, C conflict) {
    static_assert(!Conflict::present, "piccolo: on_conflict(): given twice; an insert has one ON CONFLICT clause");
    if constexpr (!Conflict::present)
      return insert_query<T, Rows, Batched, Returning, C>{std::forward<R>(rows), std::move(conflict)};
    else
      return insert_query{std::forward<R>(rows)};
  }

  template <class... Columns, class R>
  static auto on_conflict_target(R&& rows) {
    constexpr bool own = detail::conflict_target_names_own_columns<T, Columns...>;
    static_assert(own, "piccolo: on_conflict(): name columns of the inserted table, e.g. "
                       "on_conflict(c<&Band::name>), or pass pc::do_nothing");
    constexpr bool constraint = [] {
      if constexpr (own) return detail::conflict_target_is_constraint<T, Columns...>();
      else return true;
    }();
    static_assert(constraint,
                  "piccolo: on_conflict(): the columns are not the primary key or a unique constraint "
                  "of the table; declare one in column_options() (pc::unique<&T::a> or "
                  "pc::unique<&T::a, &T::b>) or name the key's columns");
    if constexpr (own && constraint)
      return with_conflict(std::forward<R>(rows), detail::conflict_clause<boost::mp11::mp_list<Columns...>>{});
    else
      return insert_query{std::forward<R>(rows)};
  }

  // Each check assumes the ones before it passed: one mistake, one message.
  template <class R, class... As>
  auto do_update_with(R&& rows, As... as) const {
    constexpr bool after_on_conflict = Conflict::present;
    static_assert(after_on_conflict, "piccolo: do_update(): call on_conflict(target columns) first, "
                                     "e.g. .on_conflict(c<&Band::name>).do_update(...)");
    constexpr bool has_target = !after_on_conflict || Conflict::has_target;
    static_assert(has_target, "piccolo: do_update(): DO UPDATE needs a conflict target; write "
                              "on_conflict(c<&Band::name>).do_update(...) instead of on_conflict(pc::do_nothing)");
    constexpr bool assigns_something = !(after_on_conflict && has_target) || sizeof...(As) > 0;
    static_assert(assigns_something, "piccolo: do_update(): give at least one assignment, e.g. "
                                     "c<&Band::popularity> = pc::excluded(c<&Band::popularity>)");
    constexpr bool own_columns = (detail::assigns_upserted_column<T, As> && ...);
    static_assert(own_columns, "piccolo: do_update(): assign columns of the inserted table, written "
                               "c<&T::member> = value (or name a column alone to take the proposed row's value)");
    constexpr bool readable = [] {
      if constexpr (own_columns)
        return (detail::reads_only_upserted_row<T, decltype(detail::to_upsert_assignment(std::declval<As>()))> &&
                ...);
      else
        return true;
    }();
    static_assert(readable, "piccolo: do_update(): a value refers to a column of another table; use the "
                            "inserted table's columns (the existing row) and pc::excluded(column) (the "
                            "proposed row)");
    if constexpr (after_on_conflict && has_target && sizeof...(As) > 0 && own_columns && readable) {
      auto assignments =
          std::tuple_cat(conflict_.assignments, std::tuple{detail::to_upsert_assignment(std::move(as))...});
      using clause = detail::conflict_clause<typename Conflict::targets, decltype(assignments),
                                             typename Conflict::where_type>;
      return insert_query<T, Rows, Batched, Returning, clause>{std::forward<R>(rows),
                                                               clause{std::move(assignments), conflict_.where}};
    } else {
      return insert_query{std::forward<R>(rows), conflict_};
    }
  }

  template <class R, class Cond>
  auto where_with(R&& rows, const Cond& cond) const {
    static_assert(Conflict::updates,
                  "piccolo: where(): an insert takes where() only after on_conflict(...).do_update(...), "
                  "to choose which conflicting rows are updated");
    static_assert(!Conflict::updates || is_condition<Cond>,
                  "piccolo: where(): the argument must be a condition (a comparison, like, "
                  "is_in, is_null, or && || ! of those)");
    static_assert(!Conflict::updates || !is_condition<Cond> || detail::reads_only_upserted_row<T, Cond>,
                  "piccolo: where(): DO UPDATE's condition may name the inserted table's own columns (the "
                  "existing row) and pc::excluded(column) (the proposed row) only");
    if constexpr (Conflict::updates && is_condition<Cond> && detail::reads_only_upserted_row<T, Cond>) {
      auto combined = detail::and_conditions(conflict_.where, cond);
      using clause = detail::conflict_clause<typename Conflict::targets, typename Conflict::assignments_type,
                                             decltype(combined)>;
      return insert_query<T, Rows, Batched, Returning, clause>{std::forward<R>(rows),
                                                               clause{conflict_.assignments, std::move(combined)}};
    } else {
      return insert_query{std::forward<R>(rows), conflict_};
    }
  }

  Rows rows_;
  Conflict conflict_{};
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
