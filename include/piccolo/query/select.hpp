#pragma once
// select(items...), objects<T>(), count<T>(), exists<T>(): one statement template,
// shaped by what it returns. Its clauses' types sit in one select_state with named
// members; a clause returns a query of a new state, and the text follows the type.
// Adding a clause is one member of select_state and one method.

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
#include <piccolo/query/detail/into.hpp>
#include <piccolo/query/detail/join_on.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/query/detail/shape.hpp>
#include <piccolo/query/detail/whole_row.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/query/subquery.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/sql/aggregate.hpp>
#include <piccolo/sql/alias.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/raw_fragment.hpp>

namespace piccolo {

namespace detail {

// The values a list of items (the select list, the order terms) binds. Items that bind
// nothing (columns, aggregates of columns) hold nothing either, so such a list stores
// nothing and is rebuilt from its types.
struct no_stored_items {
  constexpr no_stored_items() noexcept = default;
  template <class... Items>
  constexpr explicit no_stored_items(const Items&...) noexcept {}
  void bind(value_view*&) const {}
};
template <class... Items>
struct stored_items {
  std::tuple<Items...> items;
  void bind(value_view*& out) const {
    std::apply([&](const Items&... item) { (item.bind(out), ...); }, items);
  }
};
template <class... Items>
using stored_items_t =
    std::conditional_t<(0 + ... + Items::parameters) == 0, no_stored_items, stored_items<Items...>>;

// The stored items of Old... followed by more...
template <class... Old, class Stored, class... New>
auto append_items(boost::mp11::mp_list<Old...>, const Stored& old, const New&... more) {
  using result = stored_items_t<Old..., New...>;
  if constexpr (std::is_same_v<result, no_stored_items>) return result{};
  else if constexpr (std::is_same_v<Stored, no_stored_items>) return result{{Old{}..., more...}};
  else return std::apply([&](const Old&... o) { return result{{o..., more...}}; }, old.items);
}

template <class T>
struct object_shape {
  static constexpr bool is_select_list = false;
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  using storage = no_stored_items;
  using row_type = T;
  static constexpr void render(sql_writer& w) {
    reflect::for_each_field_index<T>([&](auto i) {
      if (i.value > 0) w.put(", ");
      w.table(table_info<T>::name).put('.').identifier(table_info<T>::template column_name<i.value>);
    });
  }
  template <class Reader>
  static T read(Reader& r) {
    return read_row_as<T>(r);
  }
};

struct count_shape {
  static constexpr bool is_select_list = false;
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  using storage = no_stored_items;
  using row_type = std::int64_t;
  static constexpr void render(sql_writer& w) { w.put("COUNT(*)"); }
};

struct exists_shape {
  static constexpr bool is_select_list = false;
  using columns = boost::mp11::mp_list<>;
  static constexpr int parameters = 0;
  using storage = no_stored_items;
  using row_type = bool;
  static constexpr void render(sql_writer& w) { w.put('1'); }
};

// The items of select(): columns and expressions, each read as its value type, and
// whole rows (all_columns()) read as their struct; an aliased item is written
// `expr AS "name"`.
template <class... Items>
struct select_list {
  static constexpr bool is_select_list = true;
  static constexpr bool whole_rows = (is_whole_row<Items> || ...);
  // A whole row's type does not follow join_on()'s NULLs: the two do not mix (checked).
  static constexpr bool own_row = whole_rows;
  using items = boost::mp11::mp_list<Items...>;
  using columns = columns_of<Items...>;
  static constexpr bool has_aggregate = holds_aggregated<columns>::value;
  static constexpr int parameters = (0 + ... + Items::parameters);
  using storage = stored_items_t<Items...>;
  using row_type = std::conditional_t<sizeof...(Items) == 1,
                                      boost::mp11::mp_first<boost::mp11::mp_list<typename item_result<Items>::type...>>,
                                      std::tuple<typename item_result<Items>::type...>>;
  template <class Item>
  static constexpr void render_item(sql_writer& w) {
    Item::render(w);
    if constexpr (is_aliased<Item>) w.put(" AS ").identifier(Item::name);
  }
  static constexpr void render(sql_writer& w) {
    bool first = true;
    ((w.put(first ? "" : ", "), render_item<Items>(w), first = false), ...);
  }
  template <class Reader>
  static row_type read(Reader& r) {
    if constexpr (whole_rows)
      return read_items_spanning<row_type, Items...>(r);
    else if constexpr (sizeof...(Items) == 1)
      return value_traits<typename Items::value_type...>::read(r, 0);
    else
      return read_tuple<row_type>(r, std::index_sequence_for<Items...>{});
  }
};

// objects<T>().with(c<&T::fk>, ...): the row and the rows its foreign keys reference,
// whole rows of a select list that takes no group_by() (as objects<T>() does not).
template <class... Items>
struct objects_with_shape : select_list<Items...> {
  static constexpr bool is_select_list = false;
};

template <class Shape>
inline constexpr bool reads_objects = false;
template <class T>
inline constexpr bool reads_objects<object_shape<T>> = true;
template <class... Items>
inline constexpr bool reads_objects<objects_with_shape<Items...>> = true;

// The whole rows an objects<T>() query reads so far.
template <class Shape>
struct object_items {
  using type = boost::mp11::mp_list<whole_row_item<typename Shape::row_type>>;
};
template <class... Items>
struct object_items<objects_with_shape<Items...>> {
  using type = boost::mp11::mp_list<Items...>;
};

// select() items to map onto a struct: a select list of columns and expressions only.
template <class Shape>
inline constexpr bool maps_into_struct = false;
template <class... Items>
inline constexpr bool maps_into_struct<select_list<Items...>> = !(is_whole_row<Items> || ...);

// A shape that reads its row itself, whatever join_on() joined (see select_list).
template <class Shape>
inline constexpr bool reads_own_row = requires { requires Shape::own_row; };
// select() with all_columns() items (not objects<T>().with(), whose rows join_on() leaves alone).
template <class Shape>
inline constexpr bool selects_whole_rows = requires { requires Shape::is_select_list && Shape::whole_rows; };
template <class Shape>
struct shape_row {
  using type = typename Shape::row_type;
};

// SELECT, SELECT DISTINCT, SELECT DISTINCT ON (...)
struct no_distinct {
  static constexpr bool on_columns = false;
  using columns = boost::mp11::mp_list<>;
  static constexpr void render(sql_writer&) {}
};
struct distinct_rows {
  static constexpr bool on_columns = false;
  using columns = boost::mp11::mp_list<>;
  static constexpr void render(sql_writer& w) { w.put("DISTINCT "); }
};
template <class... Columns>
struct distinct_on_columns {
  static constexpr bool on_columns = true;
  using columns = boost::mp11::mp_list<Columns...>;
  static constexpr void render(sql_writer& w) {
    w.put("DISTINCT ON (");
    render_column_list<Columns...>(w);
    w.put(") ");
  }
};

// The members of select_state that a clause replaces, for with<>.
namespace slot {
enum : std::size_t { kind, where, order, limit, offset, group, having, distinct, joins, shape };
}

// The clauses of a select, one named member each (Kind, Limit and Offset as constants).
// with<slot::x, X> is this state with member x replaced: a clause method names only
// what it changes.
template <class Root, class Shape, class Kind, class Where = no_condition, class Order = boost::mp11::mp_list<>,
          class Limit = std::false_type, class Offset = std::false_type, class Group = boost::mp11::mp_list<>,
          class Having = no_condition, class Distinct = no_distinct, class Joins = boost::mp11::mp_list<>>
struct select_state {
  using root = Root;
  using shape = Shape;
  static constexpr result_kind kind = Kind::value;
  using where = Where;
  using order = Order;  // mp_list of order terms
  static constexpr bool limit = Limit::value;
  static constexpr bool offset = Offset::value;
  using group = Group;  // mp_list of columns
  using having = Having;
  using distinct = Distinct;
  using joins = Joins;  // mp_list of join_on_clause, in call order

  template <std::size_t Slot, class X>
  using with = select_state<Root, std::conditional_t<Slot == slot::shape, X, Shape>, std::conditional_t<Slot == slot::kind, X, Kind>,
                            std::conditional_t<Slot == slot::where, X, Where>,
                            std::conditional_t<Slot == slot::order, X, Order>,
                            std::conditional_t<Slot == slot::limit, X, Limit>,
                            std::conditional_t<Slot == slot::offset, X, Offset>,
                            std::conditional_t<Slot == slot::group, X, Group>,
                            std::conditional_t<Slot == slot::having, X, Having>,
                            std::conditional_t<Slot == slot::distinct, X, Distinct>,
                            std::conditional_t<Slot == slot::joins, X, Joins>>;
};
template <result_kind K>
using kind_constant = std::integral_constant<result_kind, K>;

template <class Term>
struct as_order_term {
  using type = order_term<Term, false>;  // a column or expression, ascending
};
template <class E, bool D>
struct as_order_term<order_term<E, D>> {
  using type = order_term<E, D>;
};
template <class E, fixed_string Name>
struct as_order_term<aliased<E, Name>> {
  using type = alias_order<Name, false>;  // ORDER BY "name": the select list computes it
};
template <fixed_string Name, bool D>
struct as_order_term<alias_order<Name, D>> {
  using type = alias_order<Name, D>;
};

template <class Term>
constexpr auto to_order_term(const Term& term) {
  using result = typename as_order_term<Term>::type;
  if constexpr (std::is_same_v<result, Term>) return term;
  else if constexpr (is_aliased<Term>) return result{};
  else return result{term};
}

template <class T>
inline constexpr bool is_order_term = false;
template <class C, bool D>
inline constexpr bool is_order_term<order_term<C, D>> = true;

// What order_by() takes: columns, expressions (not conditions), aliases, and x.desc() /
// x.asc() of those.
template <class Term>
inline constexpr bool is_order_argument = [] {
  if constexpr (is_order_term<Term> || is_alias_order<Term> || is_aliased<Term> || is_column_ref<Term>)
    return true;
  else if constexpr (expression<Term>)
    return !is_compound<Term>();
  else
    return false;
}();

// What an order_by() term orders by has an order both engines share: not an array or a
// JSON column (unordered_kind_of). An alias ordered by name, pc::alias<"x">: alias_unordered_kind.
template <class Term>
constexpr unordered_kind order_term_unordered_kind() noexcept {
  if constexpr (is_order_term<Term>) return unordered_kind_of<value_of<decltype(Term::operand)>>();
  else if constexpr (requires { typename Term::value_type; }) return unordered_kind_of<value_of<Term>>();
  else return unordered_kind::none;
}
template <class... Terms>
inline constexpr unordered_kind order_unordered_kind = [] {
  unordered_kind kind = unordered_kind::none;
  ((kind = kind == unordered_kind::none ? order_term_unordered_kind<Terms>() : kind), ...);
  return kind;
}();

template <class Order>
struct order_columns_of;
template <class... Terms>
struct order_columns_of<boost::mp11::mp_list<Terms...>> {
  using type = columns_of<Terms...>;
};
template <class Order>
using order_columns = typename order_columns_of<Order>::type;

// ORDER BY a, b DESC, ...
template <class First, class... Terms>
constexpr void render_order(boost::mp11::mp_list<First, Terms...>, sql_writer& w) {
  w.put(" ORDER BY ");
  First::render(w);
  ((w.put(", "), Terms::render(w)), ...);
}

// Whether every column Node reads outside an aggregate is one of Group's.
template <class Group, class Columns>
inline constexpr bool all_grouped = boost::mp11::mp_all_of_q<
    boost::mp11::mp_remove_if<boost::mp11::mp_remove_if<Columns, is_aggregated_column>, is_raw_sql_columns>,
    boost::mp11::mp_bind_front<boost::mp11::mp_contains, Group>>::value;

// A select that aggregates (an aggregate anywhere, group_by or having) reads each column
// either grouped or inside an aggregate: what PostgreSQL demands, and what SQLite needs to
// give an answer that is not an arbitrary row's.
template <class State>
constexpr bool groups_every_column() {
  using shape = typename State::shape;
  if constexpr (!shape::is_select_list) {
    return true;
  } else if constexpr (boost::mp11::mp_empty<typename State::group>::value && !shape::has_aggregate &&
                       std::is_same_v<typename State::having, no_condition> &&
                       !holds_aggregated<order_columns<typename State::order>>::value) {
    return true;  // the common case, answered without building the lists below
  } else {
    using all = boost::mp11::mp_append<typename shape::columns, order_columns<typename State::order>,
                                       typename State::having::columns>;
    if constexpr (boost::mp11::mp_empty<typename State::group>::value && !holds_aggregated<all>::value) return true;
    else return all_grouped<typename State::group, all>;
  }
}

// Whether select list Shape has an item named like alias_order Term.
template <class Shape, class Term>
inline constexpr bool has_alias = [] {
  if constexpr (!Shape::is_select_list) {
    return false;
  } else {
    bool found = false;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, typename Shape::items>>([&](auto id) {
      using item = typename decltype(id)::type;
      if constexpr (is_aliased<item>) found = found || item::name == Term::name;
    });
    return found;
  }
}();
// What the select-list item an alias_order Term names orders by (order_term_unordered_kind);
// none for other terms, and for a name no item has (alias_known reports that).
template <class Shape, class Term>
inline constexpr unordered_kind alias_unordered_kind = [] {
  if constexpr (!is_alias_order<Term> || !Shape::is_select_list) {
    return unordered_kind::none;
  } else {
    unordered_kind kind = unordered_kind::none;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, typename Shape::items>>([&](auto id) {
      using item = typename decltype(id)::type;
      if constexpr (is_aliased<item>)
        if (kind == unordered_kind::none && item::name == Term::name) kind = order_term_unordered_kind<item>();
    });
    return kind;
  }
}();
template <class Shape, class Term>
struct alias_known : std::true_type {};
template <class Shape, fixed_string Name, bool D>
struct alias_known<Shape, alias_order<Name, D>> : std::bool_constant<has_alias<Shape, alias_order<Name, D>>> {};

// Whether the terms More added to a query grouped by Group order by grouped columns or
// aggregates only (an ungrouped query: always).
template <class Group, class More>
struct order_is_grouped : std::bool_constant<all_grouped<Group, order_columns<More>>> {};
template <class More>
struct order_is_grouped<boost::mp11::mp_list<>, More> : std::true_type {};

// DISTINCT ON (a, b) keeps the first row of each (a, b): ORDER BY must start with a and
// b (in any order), or which row is first is undefined; PostgreSQL refuses it otherwise.
template <class Distinct, class Order>
inline constexpr bool order_starts_with_distinct_columns = true;
template <class... Columns, class Order>
inline constexpr bool order_starts_with_distinct_columns<distinct_on_columns<Columns...>, Order> = [] {
  using distinct_columns = boost::mp11::mp_list<Columns...>;
  constexpr std::size_t n = boost::mp11::mp_size<distinct_columns>::value;
  constexpr std::size_t k = boost::mp11::mp_size<Order>::value < n ? boost::mp11::mp_size<Order>::value : n;
  using leading = boost::mp11::mp_take_c<Order, k>;
  // each leading term is one distinct column (with its direction), none twice
  bool ok = boost::mp11::mp_size<boost::mp11::mp_unique<leading>>::value == k;
  boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, leading>>([&](auto id) {
    using term = typename decltype(id)::type;
    if constexpr (is_order_term<term>) {
      using cols = typename term::columns;
      ok = ok && boost::mp11::mp_size<cols>::value == 1 &&
           boost::mp11::mp_contains<distinct_columns, boost::mp11::mp_first<cols>>::value &&
           is_column_ref<boost::mp11::mp_first<cols>>;
    } else {
      ok = false;
    }
  });
  return ok;
}();

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

template <class Column>
using has_void_root = std::is_void<typename Column::root_table>;

// The table of the first column that names one (COUNT(*) names none); void if none does.
template <class Columns, class Named = boost::mp11::mp_remove_if<Columns, has_void_root>>
struct first_root {
  using type = root_of<boost::mp11::mp_first<Named>>;
};
template <class Columns>
struct first_root<Columns, boost::mp11::mp_list<>> {
  using type = void;
};

// The table of select(items...): the first item's, when it is a column (the usual case).
template <class... Items>
struct select_root {
  using type = typename first_root<columns_of<Items...>>::type;
};
template <auto... Ms, class... Items>
struct select_root<column_ref<Ms...>, Items...> {
  using type = typename column_ref<Ms...>::root_table;
};

template <class... Nodes>
struct parameter_sum {
  static constexpr int value = (0 + ... + Nodes::parameters);
};
template <class... Columns>
struct column_list_renderer {
  static constexpr void render(sql_writer& w) { render_column_list<Columns...>(w); }
};
}  // namespace detail

template <class State>
class select_query {
  using Root = typename State::root;
  using Shape = typename State::shape;
  using Where = typename State::where;
  using Order = typename State::order;
  using Group = typename State::group;
  using Having = typename State::having;
  using Distinct = typename State::distinct;
  using Joins = typename State::joins;
  // The tables its columns may start at: Root and those join_on() added.
  using Reach = detail::reach_of<Root, Joins>;
  using join_storage = boost::mp11::mp_rename<detail::join_conditions<Joins>, detail::stored_items_t>;
  static constexpr int join_parameters =
      boost::mp11::mp_rename<detail::join_conditions<Joins>, detail::parameter_sum>::value;
  static constexpr result_kind Kind = State::kind;
  static constexpr bool Limit = State::limit;
  static constexpr bool Offset = State::offset;
  using order_storage = boost::mp11::mp_rename<Order, detail::stored_items_t>;
  static constexpr int order_parameters = boost::mp11::mp_rename<Order, detail::parameter_sum>::value;

 public:
  using state = State;
  static constexpr result_kind kind = Kind;
  using row_type = typename std::conditional_t<detail::reads_own_row<Shape>, detail::shape_row<Shape>,
                                              detail::row_with_joins<Shape, Joins>>::type;
  using result_type = std::conditional_t<
      Kind == result_kind::rows, std::vector<row_type>,
      std::conditional_t<Kind == result_kind::first_row, std::optional<row_type>, row_type>>;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr bool read_only = true;  // a pool may route it to a read replica
  static constexpr int parameters =
      Shape::parameters + join_parameters + Where::parameters + Having::parameters + order_parameters + Limit + Offset;
  // DISTINCT ON is PostgreSQL's: the SQLite engine refuses to run it (see runs_on).
  template <dialect_id D>
  static constexpr bool runs_on_dialect = !Distinct::on_columns || D == dialect_id::postgres;

 private:
  static constexpr bool grouping_or_distinct = !boost::mp11::mp_empty<Group>::value ||
                                               !std::is_same_v<Having, detail::no_condition> ||
                                               !std::is_same_v<Distinct, detail::no_distinct>;

 public:

  select_query() = default;
  explicit select_query(typename Shape::storage list) : list_(std::move(list)) {}

  // .join_on(c<&Band::name> == c<&Label::band_name>): LEFT JOIN "label" ON ..., for a
  // join that follows no foreign key. The table the condition adds is reachable in every
  // clause; in the row its columns read as std::optional (the join may find no row).
  template <class Cond>
  auto join_on(const Cond& cond) const {
    return join<detail::join_kind::left>(cond);
  }
  // .inner_join_on(c<&Band::name> == c<&Label::band_name>): INNER JOIN "label" ON ...,
  // only the rows with a match; the joined columns keep their own types. Its mistakes
  // are join_on()'s, and reported as such.
  template <class Cond>
  auto inner_join_on(const Cond& cond) const {
    return join<detail::join_kind::inner>(cond);
  }
  // .where(cond): several calls AND together.
  template <class Cond>
  auto where(const Cond& cond) const {
    if constexpr (requires { cond.apply_to(*this); }) {
      return cond.apply_to(*this);  // pc::when(...): query/optional_filter.hpp
    } else if constexpr (detail::check_where<Reach, Cond>()) {
      auto combined = detail::and_conditions(where_, cond);
      auto next = with_state<typename State::template with<detail::slot::where, decltype(combined)>>();
      next.where_ = std::move(combined);
      return next;
    } else {
      return *this;
    }
  }

  // .order_by(c<&Band::name>, c<&Band::popularity>.desc(), pc::count().desc(),
  // pc::alias<"total">, ...); several calls append.
  template <class... Terms>
  auto order_by(const Terms&... terms) const {
    if constexpr (sizeof...(Terms) == 1 && (requires { terms.apply_to(*this); } && ...)) {
      return (terms.apply_to(*this), ...);  // pc::order_by_one_of(...): query/optional_filter.hpp
    } else {
      return order_by_terms(terms...);
    }
  }
  template <class... Terms>
  auto order_by_terms(const Terms&... terms) const {
    constexpr bool arguments = (detail::is_order_argument<Terms> && ...);
    static_assert(arguments,
                  "piccolo: order_by(): takes columns, expressions (not conditions) and aliases, or "
                  "x.desc() / x.asc() of those");
    constexpr auto unordered = [] {
      auto kind = detail::order_unordered_kind<Terms...>;
      // pc::alias<"x">: what the select-list item of that name holds
      if constexpr ((detail::is_alias_order<Terms> || ...))
        ((kind = kind == detail::unordered_kind::none ? detail::alias_unordered_kind<Shape, Terms> : kind), ...);
      return kind;
    }();
    static_assert(unordered != detail::unordered_kind::array,
                  "piccolo: order_by(): an array column (std::vector<T>) has no order both engines share "
                  "(SQLite compares its JSON text); order by an element, c<...>[0], or by c<...>.length()");
    static_assert(unordered != detail::unordered_kind::other,
                  "piccolo: order_by(): a JSON column (pc::json / pc::jsonb) has no order both engines share "
                  "(SQLite compares its text); order by a member, c<...>[\"key\"].as<T>()");
    if constexpr (arguments && unordered == detail::unordered_kind::none) {
      using more = boost::mp11::mp_list<typename detail::as_order_term<Terms>::type...>;
      using order = boost::mp11::mp_append<Order, more>;
      constexpr bool reachable = (detail::reachable_from<Reach, typename detail::as_order_term<Terms>::type> && ...);
      constexpr bool aliases = (detail::alias_known<Shape, typename detail::as_order_term<Terms>::type>::value && ...);
      constexpr bool grouped = detail::order_is_grouped<Group, more>::value;
      constexpr bool distinct = detail::order_starts_with_distinct_columns<Distinct, order>;
      static_assert(reachable,
                    "piccolo: order_by(): a column is not reachable from the query's table; start "
                    "its path at that table and follow foreign keys");
      static_assert(aliases,
                    "piccolo: order_by(): no item of select() has that alias; name one with "
                    ".as<\"name\">() in select()");
      static_assert(!reachable || grouped,
                    "piccolo: order_by(): a column is neither in group_by() nor inside an "
                    "aggregate; order a grouped query by grouped columns or aggregates");
      static_assert(!reachable || distinct,
                    "piccolo: order_by(): with distinct_on(), order_by() must start with the "
                    "distinct_on() columns");
      if constexpr (reachable && aliases && grouped && distinct) {
        auto next = with_state<typename State::template with<detail::slot::order, order>>();
        if constexpr (!std::is_same_v<decltype(next.order_), detail::no_stored_items>)
          next.order_ = detail::append_items(Order{}, order_, detail::to_order_term(terms)...);
        return next;
      } else {
        return *this;
      }
    } else {
      return *this;
    }
  }

  // Each at most once, and no limit() after first(): a second value would be bound with
  // no place in the text (and shift the parameters after it).
  auto limit(std::int64_t n) const {
    static_assert(Kind != result_kind::first_row,
                  "piccolo: limit(): first() already limits the query to one row; drop limit() or "
                  "call it instead of first()");
    static_assert(!Limit, "piccolo: limit(): the query has a limit already; call limit() once");
    if constexpr (Kind != result_kind::first_row && !Limit) {
      auto next = with_state<typename State::template with<detail::slot::limit, std::true_type>>();
      next.limit_ = n;
      return next;
    } else {
      return *this;
    }
  }
  auto offset(std::int64_t n) const {
    static_assert(!Offset, "piccolo: offset(): the query has an offset already; call offset() once");
    if constexpr (!Offset) {
      auto next = with_state<typename State::template with<detail::slot::offset, std::true_type>>();
      next.offset_ = n;
      return next;
    } else {
      return *this;
    }
  }
  // The first row or none: LIMIT 1, returns std::optional<row>.
  auto first() const {
    static_assert(Kind == result_kind::rows, "piccolo: first(): only select() and objects() have rows");
    return with_state<typename State::template with<detail::slot::kind, detail::kind_constant<result_kind::first_row>>::template with<
        detail::slot::limit, std::false_type>>();
  }
  // objects<T>().get(cond): the first row matching cond, or none.
  template <class Cond>
  auto get(const Cond& cond) const {
    return where(cond).first();
  }

  // objects<Band>().with(c<&Band::manager>, ...): each row beside the rows its foreign
  // keys reference, in one query: std::tuple<Band, Manager> (std::optional<Manager> when
  // the path has a nullable key). A path follows keys further:
  // with(c<&Concert::headliner, &Band::manager>).
  template <class... Paths>
  auto with(const Paths&...) const {
    constexpr bool objects = detail::reads_objects<Shape>;
    constexpr bool keys = sizeof...(Paths) > 0 && (detail::is_foreign_key_path<Paths> && ...);
    static_assert(objects,
                  "piccolo: with(): reads related rows beside objects<T>(); in select(), name them with "
                  "c<&Band::manager>.all_columns()");
    static_assert(!objects || keys,
                  "piccolo: with(): takes foreign key columns, e.g. with(c<&Band::manager>) or "
                  "with(c<&Concert::headliner, &Band::manager>)");
    if constexpr (objects && keys) {
      constexpr bool from_root = (std::is_same_v<typename Paths::root_table, Root> && ...);
      using items = boost::mp11::mp_append<typename detail::object_items<Shape>::type,
                                           boost::mp11::mp_list<typename detail::whole_row_of_path<Paths>::type...>>;
      constexpr bool once = boost::mp11::mp_is_set<items>::value;
      static_assert(from_root,
                    "piccolo: with(): a path must start at the objects' table, e.g. "
                    "objects<Concert>().with(c<&Concert::headliner, &Band::manager>)");
      static_assert(!from_root || once, "piccolo: with(): that foreign key's row is read already; name each path once");
      if constexpr (from_root && once)
        return with_state<typename State::template with<detail::slot::shape,
                                                        boost::mp11::mp_rename<items, detail::objects_with_shape>>>();
      else
        return *this;
    } else {
      return *this;
    }
  }

  // select(c<&Band::name>, pc::count().as<"members">).into<Row>(): rows as Row, each
  // field the item of its name (a column's name or an alias).
  template <class Row>
  auto into() const {
    constexpr bool list = detail::maps_into_struct<Shape>;
    constexpr bool record = detail::is_record<Row>;
    static_assert(list,
                  "piccolo: into(): maps the columns and expressions of select() onto a struct; objects<T>() "
                  "reads rows as T already, and all_columns() items read as their table's struct");
    static_assert(!list || record,
                  "piccolo: into(): the target must be a struct with a field per selected item, e.g. "
                  "struct Row { std::string name; int popularity; }");
    if constexpr (list && record) {
      using items = typename Shape::items;
      using fields = std::make_index_sequence<reflect::field_count<Row>>;
      constexpr bool fits = detail::check_into<Row, detail::left_joined_tables<Joins>>(items{}, fields{});
      if constexpr (fits) {
        using positions = decltype(detail::into_positions<Row>(items{}, fields{}));
        return with_state<typename State::template with<detail::slot::shape, detail::into_shape<Row, Shape, positions>>>();
      } else {
        return *this;
      }
    } else {
      return *this;
    }
  }

  // .group_by(c<&Band::manager>, ...): one row per group; every other column of the
  // select list must sit inside an aggregate.
  template <class... Columns>
  auto group_by(const Columns&...) const {
    constexpr bool list = Shape::is_select_list;
    constexpr bool columns = sizeof...(Columns) > 0 && (is_column_ref<Columns> && ...);
    constexpr bool once = boost::mp11::mp_empty<Group>::value;
    static_assert(list, "piccolo: group_by(): groups the rows of select(); objects(), count() and exists() do not group");
    static_assert(columns, "piccolo: group_by(): takes columns, e.g. group_by(c<&Band::manager>)");
    static_assert(once, "piccolo: group_by(): the query is grouped already; name every column in one group_by()");
    if constexpr (list && columns && once) {
      using group = boost::mp11::mp_list<Columns...>;
      constexpr bool reachable = (detail::reachable_from<Reach, Columns> && ...);
      static_assert(reachable,
                    "piccolo: group_by(): a column is not reachable from the query's table; start "
                    "its path at that table and follow foreign keys");
      using next_state = typename State::template with<detail::slot::group, group>;
      static_assert(!reachable || detail::groups_every_column<next_state>(),
                    "piccolo: group_by(): a column of select() or order_by() is neither grouped nor "
                    "inside an aggregate; add it to group_by() or aggregate it (pc::max(...), ...)");
      if constexpr (reachable && detail::groups_every_column<next_state>())
        return with_state<next_state>();
      else
        return *this;
    } else {
      return *this;
    }
  }

  // .having(pc::count() > 1): filters the groups; several calls AND together.
  template <class Cond>
  auto having(const Cond& cond) const {
    constexpr bool grouped = !boost::mp11::mp_empty<Group>::value;
    constexpr bool condition = is_condition<Cond>;
    static_assert(grouped, "piccolo: having(): filters groups; call group_by() first (a condition on rows belongs in where())");
    static_assert(condition, "piccolo: having(): the argument must be a condition, e.g. having(pc::count() > 1)");
    if constexpr (grouped && condition) {
      constexpr bool reachable = detail::reachable_from<Reach, Cond>;
      // a raw fragment's text may hold the aggregate
      constexpr bool aggregate = detail::contains_aggregate<Cond> || detail::contains_raw_fragment<Cond>;
      constexpr bool columns_grouped = detail::all_grouped<Group, typename Cond::columns>;
      static_assert(reachable,
                    "piccolo: having(): a column is not reachable from the query's table; start "
                    "its path at that table and follow foreign keys");
      static_assert(!reachable || aggregate,
                    "piccolo: having(): the condition has no aggregate; a condition on rows belongs in where()");
      static_assert(!reachable || !aggregate || columns_grouped,
                    "piccolo: having(): a column is neither in group_by() nor inside an aggregate");
      if constexpr (reachable && aggregate && columns_grouped) {
        auto combined = detail::and_conditions(having_, cond);
        auto next = with_state<typename State::template with<detail::slot::having, decltype(combined)>>();
        next.having_ = std::move(combined);
        return next;
      } else {
        return *this;
      }
    } else {
      return *this;
    }
  }

  // .distinct(): SELECT DISTINCT, each row once.
  auto distinct() const {
    constexpr bool rows = Kind == result_kind::rows || Kind == result_kind::first_row;
    constexpr bool once = std::is_same_v<Distinct, detail::no_distinct>;
    static_assert(rows, "piccolo: distinct(): applies to select() and objects(); count() and exists() have no rows to keep once");
    static_assert(once, "piccolo: distinct(): the query is distinct already; call distinct() or distinct_on() once");
    if constexpr (rows && once) return with_state<typename State::template with<detail::slot::distinct, detail::distinct_rows>>();
    else return *this;
  }

  // .distinct_on(c<&Band::manager>, ...): PostgreSQL's SELECT DISTINCT ON (...), the first
  // row of each distinct value, first by order_by(), which must start with these columns.
  template <class... Columns>
  auto distinct_on(const Columns&...) const {
    constexpr bool rows = Kind == result_kind::rows || Kind == result_kind::first_row;
    constexpr bool once = std::is_same_v<Distinct, detail::no_distinct>;
    constexpr bool columns = sizeof...(Columns) > 0 && (is_column_ref<Columns> && ...);
    static_assert(rows, "piccolo: distinct_on(): applies to select() and objects(); count() and exists() have no rows to keep once");
    static_assert(once, "piccolo: distinct_on(): the query is distinct already; call distinct() or distinct_on() once");
    static_assert(columns, "piccolo: distinct_on(): takes columns, e.g. distinct_on(c<&Band::manager>)");
    if constexpr (rows && once && columns) {
      using distinct = detail::distinct_on_columns<Columns...>;
      constexpr bool reachable = (detail::reachable_from<Reach, Columns> && ...);
      constexpr bool ordered = detail::order_starts_with_distinct_columns<distinct, Order>;
      static_assert(reachable,
                    "piccolo: distinct_on(): a column is not reachable from the query's table; start "
                    "its path at that table and follow foreign keys");
      static_assert(!reachable || ordered,
                    "piccolo: distinct_on(): order_by() must start with the distinct_on() columns");
      if constexpr (reachable && ordered) return with_state<typename State::template with<detail::slot::distinct, distinct>>();
      else return *this;
    } else {
      return *this;
    }
  }

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<select_query, D>;
  }

  // .on(pc::replica): a pool with read replicas runs it on one of them.
  on_replica<select_query> on(replica_t) const { return on_replica<select_query>{*this}; }

  static constexpr void render(sql_writer& w) {
    // Checked here, where the text is made (run() or sql()), because group_by() may
    // follow select() at any distance.
    static_assert(detail::groups_every_column<State>(),
                  "piccolo: select(): a column beside an aggregate is not grouped; add it to "
                  "group_by() or aggregate it (pc::max(...), ...)");
    // Here too: join_on() may follow select(), and makes the tables it joins reachable.
    static_assert(detail::reachable_from<Reach, Shape>,
                  "piccolo: select(): every column must start at the same table, or at one joined with "
                  "join_on(); reach other tables through foreign keys, e.g. c<&Band::manager, &Manager::name>, "
                  "or join them: .join_on(c<&Band::name> == c<&Label::band_name>)");
    static_assert(!detail::selects_whole_rows<Shape> || boost::mp11::mp_empty<Joins>::value,
                  "piccolo: select(): all_columns() does not mix with join_on() (yet); select the joined "
                  "table's columns one by one, or reach it through a foreign key");
    if constexpr (Kind == result_kind::exists) w.put("SELECT EXISTS(");
    w.put("SELECT ");
    Distinct::render(w);
    Shape::render(w);
    w.put(" FROM ").table_declaration(table_info<Root>::name);
    using order_columns = detail::order_columns<Order>;
    if constexpr (!boost::mp11::mp_empty<Joins>::value)
      detail::render_joins_with<Root, Joins,
                                boost::mp11::mp_append<detail::join_on_columns<Joins>, typename Shape::columns,
                                                       typename Where::columns, order_columns, Group,
                                                       typename Having::columns, typename Distinct::columns>>(w);
    else if constexpr (grouping_or_distinct)
      detail::render_joins<boost::mp11::mp_append<typename Shape::columns, typename Where::columns, order_columns,
                                                  Group, typename Having::columns, typename Distinct::columns>>(w);
    else
      detail::render_joins<boost::mp11::mp_append<typename Shape::columns, typename Where::columns, order_columns>>(w);
    detail::render_where<Where>(w);
    if constexpr (!boost::mp11::mp_empty<Group>::value) {
      w.put(" GROUP BY ");
      boost::mp11::mp_apply<detail::column_list_renderer, Group>::render(w);
    }
    if constexpr (!std::is_same_v<Having, detail::no_condition>) {
      w.put(" HAVING ");
      Having::render(w);
    }
    if constexpr (!boost::mp11::mp_empty<Order>::value) detail::render_order(Order{}, w);
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
    else if constexpr (std::is_same_v<row_type, typename Shape::row_type>) return Shape::read(r);
    else return detail::read_row_as<row_type>(r);  // columns of join_on() tables, optional
  }

  // In text order: select list, join_on conditions, where, having, order by, limit, offset.
  template <class F>
  void for_each_binding(F&& f) const {
    std::array<value_view, parameters + 1> values{};
    value_view* out = values.data();
    list_.bind(out);
    joins_.bind(out);
    where_.bind(out);
    having_.bind(out);
    order_.bind(out);
    if constexpr (Limit) *out++ = value_view::from_int(limit_);
    if constexpr (Offset) *out++ = value_view::from_int(offset_);
    f(static_cast<const value_view*>(values.data()));
  }

 private:
  template <class>
  friend class select_query;

  // join_on() or inner_join_on(), checked once for both.
  template <detail::join_kind How, class Cond>
  auto join(const Cond& cond) const {
    using enum detail::join_on_problem;
    constexpr auto problem = detail::join_on_problem_of<Reach, Cond>;
    static_assert(problem != not_a_condition,
                  "piccolo: join_on(): the argument must be a condition, e.g. join_on(c<&Band::name> == c<&Label::band_name>)");
    static_assert(problem != aggregate, "piccolo: join_on(): an aggregate cannot join rows");
    static_assert(problem != no_new_table,
                  "piccolo: join_on(): the condition names no table the query does not have yet; name a column "
                  "of the table to join (each table is joined once; foreign keys are followed by paths)");
    static_assert(problem != joined_twice,
                  "piccolo: join_on(): the condition's table is joined by join_on() already; a table is joined "
                  "once (a second join would need a table alias, which join_on() does not have): put both "
                  "conditions in one join_on() with &&, or reach the table through a foreign key path");
    static_assert(problem != two_new_tables,
                  "piccolo: join_on(): the condition names two tables the query does not have; join one table per join_on()");
    static_assert(problem != joined_path,
                  "piccolo: join_on(): a column of the joined table follows a foreign key in the condition; compare "
                  "its own columns (paths from it work in the other clauses)");
    static_assert(problem != unrelated,
                  "piccolo: join_on(): the condition names no column of the query's tables; compare a column of "
                  "the joined table with one of theirs");
    // into() typed its fields for the joins made before it
    constexpr bool before_into = !requires { requires Shape::into_struct; };
    static_assert(problem != none || before_into, "piccolo: join_on(): call it before into()");
    if constexpr (problem == none && before_into) {
      using clause = detail::join_on_clause<boost::mp11::mp_first<detail::new_tables_of<Reach, Cond>>, Cond, How>;
      using joins = boost::mp11::mp_push_back<Joins, clause>;
      auto next = with_state<typename State::template with<detail::slot::joins, joins>>();
      if constexpr (!std::is_same_v<decltype(next.joins_), detail::no_stored_items>)
        next.joins_ = detail::append_items(detail::join_conditions<Joins>{}, joins_, cond);
      return next;
    } else {
      return *this;
    }
  }

  // This query in state Next: each clause value whose type Next keeps is copied; the
  // caller sets the one that changed.
  template <class Next>
  select_query<Next> with_state() const {
    select_query<Next> next;
    if constexpr (std::is_same_v<decltype(next.list_), decltype(list_)>) next.list_ = list_;
    if constexpr (std::is_same_v<decltype(next.joins_), join_storage>) next.joins_ = joins_;
    if constexpr (std::is_same_v<decltype(next.where_), Where>) next.where_ = where_;
    if constexpr (std::is_same_v<decltype(next.having_), Having>) next.having_ = having_;
    if constexpr (std::is_same_v<decltype(next.order_), order_storage>) next.order_ = order_;
    if constexpr (std::is_same_v<decltype(next.limit_), decltype(limit_)>) next.limit_ = limit_;
    if constexpr (std::is_same_v<decltype(next.offset_), decltype(offset_)>) next.offset_ = offset_;
    return next;
  }

  [[no_unique_address]] typename Shape::storage list_{};
  [[no_unique_address]] join_storage joins_{};
  // Left default-initialised: a query is value-initialised where it starts (zeroed), and
  // with_state() assigns both whenever it makes a new query. An initializer here would
  // store zeros into every query built, one more store than the bound values need.
  [[no_unique_address]] Where where_;
  [[no_unique_address]] Having having_;
  [[no_unique_address]] order_storage order_{};
  [[no_unique_address]] detail::stored_count<Limit> limit_{};
  [[no_unique_address]] detail::stored_count<Offset> offset_{};
};

namespace detail {
// The checks of select()'s items, for both its forms.
template <class... Items>
constexpr bool check_select_items() {
  constexpr bool named = sizeof...(Items) > 0;
  constexpr bool expressions = ((expression<Items> || is_whole_row<Items>) && ...);
  static_assert(named, "piccolo: select(): name at least one column");
  static_assert(expressions,
                "piccolo: select(): takes columns, expressions and whole rows, e.g. select(c<&Band::name>, "
                "pc::count()) or select(pc::all_columns<Band>(), c<&Band::manager>.all_columns())");
  return named && expressions;
}

template <class Root, class... Items>
constexpr auto make_select(const Items&... items) {
  using list = select_list<Items...>;
  using state = select_state<Root, list, kind_constant<result_kind::rows>>;
  if constexpr (std::is_same_v<typename list::storage, no_stored_items>) return select_query<state>{};
  else return select_query<state>{typename list::storage{{items...}}};
}
}  // namespace detail

// select(c<&Band::name>, c<&Band::manager, &Manager::name>, pc::count(), ...): rows of
// those values. Its table is the one its columns start at.
template <class... Items>
constexpr auto select(const Items&... items) {
  if constexpr (detail::check_select_items<Items...>()) {
    using root = typename detail::select_root<Items...>::type;
    constexpr bool has_table = !std::is_void_v<root>;
    static_assert(has_table,
                  "piccolo: select(): no column names the table; write select<Band>(pc::count()) "
                  "or count<Band>()");
    // columns of other tables: join_on() may join them; sql() and run() check it
    if constexpr (has_table) return detail::make_select<root>(items...);
    else return detail::no_condition{};  // after the error above: one mistake, one error
  } else {
    return detail::no_condition{};
  }
}

// select<Band>(pc::count(), pc::max(c<&Band::popularity>)): the table named outright.
template <class T, class... Items>
  requires(!expression<T>)
constexpr auto select(const Items&... items) {
  if constexpr (detail::check_select_items<Items...>()) {
    return detail::make_select<T>(items...);  // columns of other tables: checked as above
  } else {
    return detail::no_condition{};
  }
}

// objects<Band>(): whole rows as Band structs.
template <class T>
constexpr auto objects() {
  return select_query<detail::select_state<T, detail::object_shape<T>, detail::kind_constant<result_kind::rows>>>{};
}

// count<Band>() -> std::int64_t
template <class T>
constexpr auto count() {
  return select_query<detail::select_state<T, detail::count_shape, detail::kind_constant<result_kind::count>>>{};
}

// exists<Band>().where(...) -> bool
template <class T>
constexpr auto exists() {
  return select_query<detail::select_state<T, detail::exists_shape, detail::kind_constant<result_kind::exists>>>{};
}

}  // namespace piccolo
