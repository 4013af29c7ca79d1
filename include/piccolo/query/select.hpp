#pragma once
// select(columns...), objects<T>(), count<T>(), exists<T>(): one statement template,
// shaped by what it returns. Clauses return a new query type; the text follows the type.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/query/detail/shape.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo {

namespace detail {


template <class T>
struct object_shape {
  using columns = boost::mp11::mp_list<>;
  using row_type = T;
  static constexpr void render(sql_writer& w) {
    reflect::for_each_field_index<T>([&](auto i) {
      if (i.value > 0) w.put(", ");
      w.identifier(table_info<T>::name).put('.').identifier(table_info<T>::template column_name<i.value>);
    });
  }
  template <class Reader>
  static T read(Reader& r) {
    return read_row_as<T>(r);
  }
};

struct count_shape {
  using columns = boost::mp11::mp_list<>;
  using row_type = std::int64_t;
  static constexpr void render(sql_writer& w) { w.put("COUNT(*)"); }
};

struct exists_shape {
  using columns = boost::mp11::mp_list<>;
  using row_type = bool;
  static constexpr void render(sql_writer& w) { w.put('1'); }
};

template <class Term>
struct as_order_term {
  using type = Term;
};
template <auto... Ms>
struct as_order_term<column_ref<Ms...>> {
  using type = order_term<column_ref<Ms...>, false>;
};

template <class T>
inline constexpr bool is_order_term = false;
template <class C, bool D>
inline constexpr bool is_order_term<order_term<C, D>> = true;

// A LIMIT or OFFSET value, stored only when the query has that clause, so that a query
// object holds the values it binds and nothing more (without: reads as 0).
template <bool Present>
struct stored_count {
  std::int64_t value = 0;
  constexpr stored_count(std::int64_t v = 0) noexcept : value(v) {}
  constexpr operator std::int64_t() const noexcept { return value; }
};
template <>
struct stored_count<false> {
  constexpr stored_count(std::int64_t = 0) noexcept {}
  constexpr operator std::int64_t() const noexcept { return 0; }
};
}  // namespace detail

template <class Root, class Shape, result_kind Kind, class Where = detail::no_condition,
          class Order = boost::mp11::mp_list<>, bool Limit = false, bool Offset = false>
class select_query {
 public:
  static constexpr result_kind kind = Kind;
  using row_type = typename Shape::row_type;
  using result_type = std::conditional_t<
      Kind == result_kind::rows, std::vector<row_type>,
      std::conditional_t<Kind == result_kind::first_row, std::optional<row_type>, row_type>>;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr bool read_only = true;  // a pool may route it to a read replica
  static constexpr int parameters = Where::parameters + Limit + Offset;

  select_query() = default;
  select_query(Where where, std::int64_t limit, std::int64_t offset)
      : where_(std::move(where)), limit_(limit), offset_(offset) {}

  // .where(cond): several calls AND together.
  template <class Cond>
  auto where(const Cond& cond) const {
    static_assert(is_condition<Cond>,
                  "piccolo: where(): the argument must be a condition (a comparison, like, "
                  "is_in, is_null, or && || ! of those)");
    static_assert(detail::reachable_from<Root, Cond>,
                  "piccolo: where(): a column is not reachable from the query's table; start "
                  "its path at that table and follow foreign keys, e.g. c<&Band::manager, &Manager::name>");
    if constexpr (is_condition<Cond> && detail::reachable_from<Root, Cond>) {
      auto combined = detail::and_conditions(where_, cond);
      return select_query<Root, Shape, Kind, decltype(combined), Order, Limit, Offset>{
          std::move(combined), limit_, offset_};
    } else {
      return *this;
    }
  }

  // .order_by(c<&Band::name>, c<&Band::popularity>.desc(), ...)
  template <class... Terms>
  auto order_by(const Terms&...) const {
    static_assert(((is_column_ref<Terms> || detail::is_order_term<Terms>) && ...),
                  "piccolo: order_by(): takes columns, or column.desc() / column.asc()");
    static_assert((detail::reachable_from<Root, Terms> && ...),
                  "piccolo: order_by(): a column is not reachable from the query's table; start "
                  "its path at that table and follow foreign keys");
    using more = boost::mp11::mp_list<typename detail::as_order_term<Terms>::type...>;
    return select_query<Root, Shape, Kind, Where, boost::mp11::mp_append<Order, more>, Limit, Offset>{
        where_, limit_, offset_};
  }

  // Each at most once, and no limit() after first(): a second value would be bound with
  // no place in the text (and shift the parameters after it).
  auto limit(std::int64_t n) const {
    static_assert(Kind != result_kind::first_row,
                  "piccolo: limit(): first() already limits the query to one row; drop limit() or "
                  "call it instead of first()");
    static_assert(!Limit, "piccolo: limit(): the query has a limit already; call limit() once");
    if constexpr (Kind != result_kind::first_row && !Limit)
      return select_query<Root, Shape, Kind, Where, Order, true, Offset>{where_, n, offset_};
    else
      return *this;
  }
  auto offset(std::int64_t n) const {
    static_assert(!Offset, "piccolo: offset(): the query has an offset already; call offset() once");
    if constexpr (!Offset)
      return select_query<Root, Shape, Kind, Where, Order, Limit, true>{where_, limit_, n};
    else
      return *this;
  }
  // The first row or none: LIMIT 1, returns std::optional<row>.
  auto first() const {
    static_assert(Kind == result_kind::rows, "piccolo: first(): only select() and objects() have rows");
    return select_query<Root, Shape, result_kind::first_row, Where, Order, false, Offset>{
        where_, 0, offset_};
  }
  // objects<T>().get(cond): the first row matching cond, or none.
  template <class Cond>
  auto get(const Cond& cond) const {
    return where(cond).first();
  }

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<select_query, D>;
  }

  // .on(pc::replica): a pool with read replicas runs it on one of them.
  on_replica<select_query> on(replica_t) const { return on_replica<select_query>{*this}; }

  static constexpr void render(sql_writer& w) {
    if constexpr (Kind == result_kind::exists) w.put("SELECT EXISTS(");
    w.put("SELECT ");
    Shape::render(w);
    w.put(" FROM ").identifier(table_info<Root>::name);
    using order_columns =
        boost::mp11::mp_apply<boost::mp11::mp_append,
                              boost::mp11::mp_push_front<boost::mp11::mp_transform<detail::columns_of, Order>,
                                                         boost::mp11::mp_list<>>>;
    detail::render_joins<boost::mp11::mp_append<typename Shape::columns, typename Where::columns,
                                                order_columns>>(w);
    detail::render_where<Where>(w);
    if constexpr (boost::mp11::mp_size<Order>::value > 0) {
      w.put(" ORDER BY ");
      bool first = true;
      boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Order>>([&](auto id) {
        if (!first) w.put(", ");
        first = false;
        decltype(id)::type::render(w);
      });
    }
    if constexpr (Kind == result_kind::first_row) {
      w.put(" LIMIT 1");
    } else if constexpr (Limit) {
      w.put(" LIMIT ").parameter();
    } else if constexpr (Offset) {
      if (w.dialect() == dialect_id::sqlite) w.put(" LIMIT -1");  // SQLite needs a LIMIT before OFFSET
    }
    if constexpr (Offset) w.put(" OFFSET ").parameter();
    if constexpr (Kind == result_kind::exists) w.put(')');
  }

  template <class Reader>
  static row_type read_row(Reader& r) {
    if constexpr (Kind == result_kind::exists) return r.read_bool(0);
    else if constexpr (Kind == result_kind::count) return r.read_int64(0);
    else return Shape::read(r);
  }

  template <class F>
  void for_each_binding(F&& f) const {
    std::array<value_view, parameters + 1> values{};
    value_view* out = values.data();
    where_.bind(out);
    if constexpr (Limit) *out++ = value_view::from_int(limit_);
    if constexpr (Offset) *out++ = value_view::from_int(offset_);
    f(static_cast<const value_view*>(values.data()));
  }

 private:
  template <class, class, result_kind, class, class, bool, bool>
  friend class select_query;
  Where where_{};
  [[no_unique_address]] detail::stored_count<Limit> limit_{};
  [[no_unique_address]] detail::stored_count<Offset> offset_{};
};

// select(c<&Band::name>, c<&Band::manager, &Manager::name>): rows of those values.
template <class... Columns>
constexpr auto select(const Columns&...) {
  static_assert(sizeof...(Columns) > 0, "piccolo: select(): name at least one column");
  static_assert((is_column_ref<Columns> && ...),
                "piccolo: select(): takes columns, e.g. select(c<&Band::name>)");
  if constexpr (sizeof...(Columns) > 0 && (is_column_ref<Columns> && ...)) {
    using root = typename boost::mp11::mp_first<boost::mp11::mp_list<Columns...>>::root_table;
    static_assert((std::is_same_v<typename Columns::root_table, root> && ...),
                  "piccolo: select(): every column must start at the same table; reach other "
                  "tables through foreign keys, e.g. c<&Band::manager, &Manager::name>");
    return select_query<root, detail::column_shape<Columns...>, result_kind::rows>{};
  } else {
    return detail::no_condition{};  // after the error above: one mistake, one error
  }
}

// objects<Band>(): whole rows as Band structs.
template <class T>
constexpr auto objects() {
  return select_query<T, detail::object_shape<T>, result_kind::rows>{};
}

// count<Band>() -> std::int64_t
template <class T>
constexpr auto count() {
  return select_query<T, detail::count_shape, result_kind::count>{};
}

// exists<Band>().where(...) -> bool
template <class T>
constexpr auto exists() {
  return select_query<T, detail::exists_shape, result_kind::exists>{};
}

}  // namespace piccolo
