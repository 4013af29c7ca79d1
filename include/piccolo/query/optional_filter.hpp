#pragma once
// Filters and orderings chosen at run time, each variant's text still a constant:
//   pc::select(c<&Band::name>)
//       .where(pc::when(min_popularity, [](auto v) { return c<&Band::popularity> >= v; }))
//       .where(pc::when(name, [](auto v) { return c<&Band::name> == v; }))
//       .order_by(pc::order_by_one_of(sort, c<&Band::name>, c<&Band::popularity>.desc()))
// An optional condition applies only when its value is set. Every combination of set
// values (2^k) and each ordering is its own select_query type, rendered at compile time;
// a run picks the variant and prepares (once per connection) only the variants it uses.
// Why not one text with ($1 IS NULL OR col = $1): docs/design-decisions.md.

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/query/detail/clauses.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/query/select.hpp>

namespace piccolo {

namespace detail {
// What the condition's function receives: a text as a view of the stored value, so
// that building the condition at each run copies no string.
template <class V>
using filter_argument_t = std::conditional_t<std::is_same_v<V, std::string>, std::string_view, const V&>;

template <class T>
inline constexpr bool is_std_optional = false;
template <class T>
inline constexpr bool is_std_optional<std::optional<T>> = true;

// The most optional conditions one query takes: each doubles the texts rendered.
inline constexpr std::size_t max_optional_conditions = 6;
}  // namespace detail

// pc::when(opt, f): the condition f(*opt) when opt holds a value, none otherwise.
template <class V, class F>
struct optional_condition {
  using value_type = V;
  using condition = std::remove_cvref_t<std::invoke_result_t<const F&, detail::filter_argument_t<V>>>;
  std::optional<V> value;
  F make;

  // .where() of a select_query takes this: the query becomes a filtered_query.
  template <class Query>
  auto apply_to(const Query& q) const;
  condition build() const { return make(detail::filter_argument_t<V>(*value)); }
};

template <class Optional, class F>
auto when(Optional&& value, F make) {
  using bare = std::remove_cvref_t<Optional>;
  constexpr bool optional = detail::is_std_optional<bare>;
  static_assert(optional,
                "piccolo: when(): the first argument must be a std::optional; the condition applies "
                "when it holds a value");
  if constexpr (optional) {
    using V = typename bare::value_type;
    constexpr bool callable = std::is_invocable_v<const F&, detail::filter_argument_t<V>>;
    static_assert(callable,
                  "piccolo: when(): the function must take the optional's value, e.g. [](auto v) { "
                  "return c<&Band::popularity> >= v; }");
    if constexpr (callable) {
      using result = std::remove_cvref_t<std::invoke_result_t<const F&, detail::filter_argument_t<V>>>;
      static_assert(is_condition<result>,
                    "piccolo: when(): the function must return a condition, e.g. c<&Band::popularity> >= v");
      if constexpr (is_condition<result>)
        return optional_condition<V, F>{std::forward<Optional>(value), std::move(make)};
      else
        return invalid_expression{};  // after the error above: one mistake, one error
    } else {
      return invalid_expression{};  // after the error above: one mistake, one error
    }
  } else {
    return invalid_expression{};  // after the error above: one mistake, one error
  }
}

// pc::order_by_one_of(i, a, b.desc(), ...): ORDER BY the i-th term (from 0), chosen at
// run time; each term is a variant of the query's text.
template <class... Terms>
struct order_choice {
  static constexpr std::size_t count = sizeof...(Terms);
  std::size_t index = 0;
  std::tuple<Terms...> terms;

  template <class Query>
  auto apply_to(const Query& q) const;
  template <std::size_t I>
  void bind(value_view*& out) const {
    detail::to_order_term(std::get<I>(terms)).bind(out);
  }
};
namespace detail {
struct no_order_choice {
  static constexpr std::size_t count = 1;
  std::size_t index = 0;
  template <std::size_t>
  void bind(value_view*&) const {}
};
}  // namespace detail

// Throws std::out_of_range when index names no term: the caller's key is checked where
// it is given, not when the query runs.
template <class... Terms>
auto order_by_one_of(std::size_t index, const Terms&... terms) {
  constexpr bool some = sizeof...(Terms) > 0;
  constexpr bool arguments = (detail::is_order_argument<Terms> && ...);
  static_assert(some, "piccolo: order_by_one_of(): name the orderings to choose from, e.g. "
                      "order_by_one_of(i, c<&Band::name>, c<&Band::popularity>.desc())");
  static_assert(arguments,
                "piccolo: order_by_one_of(): takes columns, expressions (not conditions) and aliases, "
                "or x.desc() / x.asc() of those");
  if (index >= sizeof...(Terms)) throw std::out_of_range("piccolo: order_by_one_of(): no ordering has that index");
  return order_choice<Terms...>{index, std::tuple<Terms...>{terms...}};
}

template <class Parent, std::size_t Mask, std::size_t Choice>
class filter_variant;

// A select with optional conditions (Filters: an mp_list of optional_condition) and an
// ordering chosen at run time (Choice). Engines run it through visit(): each variant is
// a query of its own type, so it has its own text and prepared statement.
template <class Base, class Filters, class Choice>
class filtered_query {
  using filter_tuple = boost::mp11::mp_rename<Filters, std::tuple>;
  static constexpr std::size_t filter_count = boost::mp11::mp_size<Filters>::value;
  static constexpr std::size_t masks = std::size_t{1} << filter_count;

  template <class Q, class Cond>
  using where_t = decltype(std::declval<const Q&>().where(std::declval<const Cond&>()));
  template <class Q, class Term>
  using order_t = decltype(std::declval<const Q&>().order_by(std::declval<const Term&>()));
  template <std::size_t Mask>
  struct add_present {
    template <class Q, class I>
    using fn = boost::mp11::mp_eval_if_c<((Mask >> I::value) & 1) == 0, Q, where_t, Q,
                                         typename boost::mp11::mp_at<Filters, I>::condition>;
  };
  template <class Q, std::size_t C>
  struct add_order {
    using type = Q;
  };
  template <class Q, std::size_t C>
    requires(!std::is_same_v<Choice, detail::no_order_choice>)
  struct add_order<Q, C> {
    using type = order_t<Q, std::tuple_element_t<C, decltype(Choice::terms)>>;
  };

 public:
  // The query run when the conditions in Mask (bit i: the i-th when()) are set and the
  // ChoiceIndex-th ordering is chosen.
  template <std::size_t Mask, std::size_t ChoiceIndex = 0>
  using variant = typename add_order<boost::mp11::mp_fold_q<boost::mp11::mp_iota_c<filter_count>, Base, add_present<Mask>>,
                                     ChoiceIndex>::type;
  // How many texts; an engine's run() that sees this member runs the query through visit().
  static constexpr std::size_t variants = masks * Choice::count;

  static constexpr result_kind kind = Base::kind;
  using row_type = typename Base::row_type;
  using result_type = typename Base::result_type;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr bool read_only = true;

  filtered_query(Base base, filter_tuple filters, Choice choice)
      : base_(std::move(base)), filters_(std::move(filters)), choice_(std::move(choice)) {}

  // .where(cond): a condition always applied, or one more pc::when(...).
  template <class Cond>
  auto where(const Cond& cond) const {
    if constexpr (requires { typename Cond::condition; cond.value; }) {
      static_assert(filter_count < detail::max_optional_conditions,
                    "piccolo: where(): at most 6 optional conditions in one query; each doubles the "
                    "statements rendered and prepared");
      if constexpr (filter_count < detail::max_optional_conditions &&
                    detail::check_where<typename Base::state::root, typename Cond::condition>()) {
        using next = filtered_query<Base, boost::mp11::mp_push_back<Filters, Cond>, Choice>;
        return next{base_, std::tuple_cat(filters_, std::tuple<Cond>{cond}), choice_};
      } else {
        return *this;
      }
    } else {
      return rebased(base_.where(cond));
    }
  }
  // .order_by(terms...) orders before the chosen term; order_by(pc::order_by_one_of(...))
  // once.
  template <class... Terms>
  auto order_by(const Terms&... terms) const {
    if constexpr (sizeof...(Terms) == 1 && (requires { Terms::count; terms.terms; } && ...)) {
      static_assert(std::is_same_v<Choice, detail::no_order_choice>,
                    "piccolo: order_by(): the query has an order_by_one_of() already; choose among all "
                    "orderings in one order_by_one_of()");
      if constexpr (std::is_same_v<Choice, detail::no_order_choice>) {
        using next = filtered_query<Base, Filters, Terms...>;
        return next{base_, filters_, terms...};
      } else {
        return *this;
      }
    } else {
      return rebased(base_.order_by(terms...));
    }
  }
  auto limit(std::int64_t n) const { return rebased(base_.limit(n)); }
  auto offset(std::int64_t n) const { return rebased(base_.offset(n)); }
  auto first() const { return rebased(base_.first()); }

  // f(variant): calls f with the variant of the values set, a query that refers to this
  // one (keep this alive while it runs); every f(...) must return one type.
  template <class F>
  decltype(auto) visit(F&& f) const {
    std::size_t mask = 0;
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<filter_count>>([&](auto i) {
      if (std::get<i.value>(filters_).value) mask |= std::size_t{1} << i.value;
    });
    return boost::mp11::mp_with_index<variants>(choice_.index * masks + mask, [&](auto i) -> decltype(auto) {
      return f(filter_variant<filtered_query, i.value % masks, i.value / masks>{*this});
    });
  }

  // The SQL text of one variant.
  template <class D, std::size_t Mask, std::size_t ChoiceIndex = 0>
  static constexpr std::string_view sql() noexcept {
    return sql_of<variant<Mask, ChoiceIndex>, D>;
  }

 private:
  template <class, class, class>
  friend class filtered_query;
  template <class, std::size_t, std::size_t>
  friend class filter_variant;

  template <class NextBase>
  filtered_query<NextBase, Filters, Choice> rebased(NextBase next) const {
    return {std::move(next), filters_, choice_};
  }

  // The values of variant <Mask, C> in its text order: the base's select list and where,
  // the set conditions, the base's having and order terms, the chosen term, limit, offset.
  template <std::size_t Mask, std::size_t C, class F>
  void bind_variant(F&& f) const {
    using state = typename Base::state;
    constexpr int head = state::shape::parameters + state::where::parameters;
    constexpr int middle = state::having::parameters +
                           boost::mp11::mp_rename<typename state::order, detail::parameter_sum>::value;
    constexpr int tail = Base::parameters - head - middle;
    // the conditions live until f returns: their parameters may view their values
    auto conditions = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple<condition_if_set<Mask, I>...>{make_if_set<Mask, I>()...};
    }(std::make_index_sequence<filter_count>{});
    base_.for_each_binding([&](const value_view* base_values) {
      std::array<value_view, variant<Mask, C>::parameters + 1> values{};
      value_view* out = std::copy_n(base_values, head, values.data());
      std::apply([&](const auto&... condition) { (condition.bind(out), ...); }, conditions);
      out = std::copy_n(base_values + head, middle, out);
      choice_.template bind<C>(out);
      std::copy_n(base_values + head + middle, tail, out);
      f(static_cast<const value_view*>(values.data()));
    });
  }
  template <std::size_t Mask, std::size_t I>
  using condition_if_set = std::conditional_t<((Mask >> I) & 1) != 0,
                                              typename boost::mp11::mp_at_c<Filters, I>::condition,
                                              detail::no_condition>;
  template <std::size_t Mask, std::size_t I>
  condition_if_set<Mask, I> make_if_set() const {
    if constexpr (((Mask >> I) & 1) != 0) return std::get<I>(filters_).build();
    else return {};
  }

  Base base_;
  filter_tuple filters_;
  Choice choice_;
};

// One variant of a filtered_query, as a query an engine runs: the variant's type gives
// the text (and so the prepared statement); the values come from the filtered query.
template <class Parent, std::size_t Mask, std::size_t Choice>
class filter_variant {
  using concrete = typename Parent::template variant<Mask, Choice>;

 public:
  static constexpr result_kind kind = concrete::kind;
  using row_type = typename concrete::row_type;
  using result_type = typename concrete::result_type;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr bool read_only = true;
  static constexpr int parameters = concrete::parameters;
  template <dialect_id D>
  static constexpr bool runs_on_dialect = concrete::template runs_on_dialect<D>;

  explicit filter_variant(const Parent& parent) noexcept : parent_(&parent) {}

  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<concrete, D>;
  }
  static constexpr void render(sql_writer& w) { concrete::render(w); }
  template <class Reader>
  static row_type read_row(Reader& r) {
    return concrete::read_row(r);
  }
  template <class F>
  void for_each_binding(F&& f) const {
    parent_->template bind_variant<Mask, Choice>(std::forward<F>(f));
  }

 private:
  const Parent* parent_;
};

template <class V, class F>
template <class Query>
auto optional_condition<V, F>::apply_to(const Query& q) const {
  return filtered_query<Query, boost::mp11::mp_list<>, detail::no_order_choice>{q, {}, {}}.where(*this);
}
template <class... Terms>
template <class Query>
auto order_choice<Terms...>::apply_to(const Query& q) const {
  return filtered_query<Query, boost::mp11::mp_list<>, detail::no_order_choice>{q, {}, {}}.order_by(*this);
}

}  // namespace piccolo
