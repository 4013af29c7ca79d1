#pragma once
// Column references: c<&Band::name> names a column of Band; c<&Band::manager,
// &Manager::name> follows the foreign key Band::manager to Manager and names its column
// (a LEFT JOIN, aliased "band$manager", joined once per query whatever uses it).

#include <cstddef>
#include <optional>
#include <ranges>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/reflect/member.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/sql/alias.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {

template <std::size_t I, auto... Ms>
inline constexpr auto nth_member = std::get<I>(std::tuple{Ms...});

template <class Stored>
struct foreign_key_target {
  using type = void;
};
template <class X, class K>
struct foreign_key_target<foreign_key<X, K>> {
  using type = X;
};
template <class X, class K>
struct foreign_key_target<std::optional<foreign_key<X, K>>> {
  using type = X;
};

// Step I of a path is sound when member I is a foreign key to the class of member I+1.
template <std::size_t I, auto... Ms>
constexpr bool path_step_is_foreign_key() {
  return !std::is_void_v<
      typename foreign_key_target<reflect::member_type_of<nth_member<I, Ms...>>>::type>;
}
template <std::size_t I, auto... Ms>
constexpr bool path_step_reaches_next() {
  using target = typename foreign_key_target<reflect::member_type_of<nth_member<I, Ms...>>>::type;
  return std::is_same_v<target, reflect::class_of<nth_member<I + 1, Ms...>>>;
}

template <auto... Ms>
constexpr bool path_follows_foreign_keys() {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (path_step_is_foreign_key<I, Ms...>() && ...);
  }(std::make_index_sequence<sizeof...(Ms) - 1>{});
}
template <auto... Ms>
constexpr bool path_steps_connect() {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return ((!path_step_is_foreign_key<I, Ms...>() || path_step_reaches_next<I, Ms...>()) && ...);
  }(std::make_index_sequence<sizeof...(Ms) - 1>{});
}

// The checks of a join path, in a function rather than in column_ref itself: Clang drops
// the members of a class whose static_assert failed, and each use would then add an error.
template <auto... Ms>
constexpr bool check_join_path() {
  static_assert(path_follows_foreign_keys<Ms...>(),
                "piccolo: c<>: join path: every member before the last must be a "
                "pc::foreign_key (a path follows foreign keys, then names a column)");
  static_assert(path_steps_connect<Ms...>(),
                "piccolo: c<>: join path: a member after a foreign key must belong to the "
                "table that foreign key references");
  return path_follows_foreign_keys<Ms...>() && path_steps_connect<Ms...>();
}

template <auto M>
inline constexpr std::string_view column_name_of_member =
    table_info<reflect::class_of<M>>::template column_name<reflect::member_index<M>>;

// "band$manager$..." for the foreign keys Fs walked from the root table.
template <auto... Fs>
constexpr void render_alias(sql_writer& w) {
  using root = reflect::class_of<nth_member<0, Fs...>>;
  w.table(table_info<root>::name, column_name_of_member<Fs>...);
}

// The LEFT JOIN that follows foreign keys Fs (the last one joins; the others came first).
template <auto... Fs>
struct join_path {
  static constexpr void render(sql_writer& w) {
    constexpr std::size_t n = sizeof...(Fs);
    using target = typename foreign_key_target<reflect::member_type_of<nth_member<n - 1, Fs...>>>::type;
    using target_info = table_info<target>;
    w.put(" LEFT JOIN ").identifier(target_info::name).put(" AS ");
    render_alias<Fs...>(w);
    w.put(" ON ");
    render_alias<Fs...>(w);
    w.put('.').identifier(target_info::template column_name<target_info::primary_key_index>);
    w.put(" = ");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      if constexpr (sizeof...(I) == 0)
        w.table(table_info<reflect::class_of<nth_member<n - 1, Fs...>>>::name);
      else
        render_alias<nth_member<I, Fs...>...>(w);
    }(std::make_index_sequence<n - 1>{});
    w.put('.').identifier(column_name_of_member<nth_member<n - 1, Fs...>>);
  }
};

// Whether any foreign key before the column is nullable: then a missing row on the
// other side reads as NULL, and the value comes back as std::optional.
template <auto... Ms>
constexpr bool path_is_nullable() {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (is_optional<reflect::member_type_of<nth_member<I, Ms...>>> || ...);
  }(std::make_index_sequence<sizeof...(Ms) - 1>{});
}

template <class Stored, bool Nullable>
using path_value_t = std::conditional_t<Nullable && !is_optional<Stored>, std::optional<Stored>, Stored>;

// is_in() binds its list as an array of the column type's wire form (SQLite: JSON text),
// or of the form its value_traits give lists (in_list_kind, e.g. a time of day as text).
template <class E>
inline constexpr value_kind in_list_kind = [] {
  using bare = typename value_class<E>::bare;
  if constexpr (requires { value_traits<bare>::in_list_kind; }) return value_traits<bare>::in_list_kind;
  else return value_traits<bare>::bind_kind;
}();
template <class E>
using in_list_element_t =
    std::conditional_t<in_list_kind<E> == value_kind::int64, std::int64_t,
                       std::conditional_t<in_list_kind<E> == value_kind::float64, double, std::string>>;

// x IN (SELECT ...): defined in query/subquery.hpp, which every select query includes.
template <bool Negated, class Column, class Query>
constexpr auto make_in_subquery(const Column& column, const Query& query);
template <class T>
concept subquery_argument = requires { typename T::state::shape; };

// c<&Band::manager>.all_columns(): defined in query/detail/whole_row.hpp, which every
// select query includes.
template <auto... Path>
constexpr auto all_columns_through();

// Operators on std::vector<T> columns: defined in sql/array.hpp (<piccolo/arrays.hpp>,
// which declares such columns).
namespace array_tag {
struct any; struct all; struct contains; struct cat; struct length; struct element;
}  // namespace array_tag
template <class Tag, class Column, class... V>
constexpr auto make_array_expression(const Column& column, V&&... v);
template <class Stored>
inline constexpr bool is_array_column = [] {
  if constexpr (value_class<Stored>::known) return value_traits<typename value_class<Stored>::bare>::bind_kind == value_kind::array;
  else return false;
}();

template <class Element, class V, class Column = void>
Element to_list_element(const V& v) {
  using bare = typename column_type_info<V>::type;
  // a column type with its own list form turns the element's wire form into it
  if constexpr (requires { value_traits<Column>::in_list_element(value_traits<bare>::to_value(v)); })
    return value_traits<Column>::in_list_element(value_traits<bare>::to_value(v));
  else if constexpr (std::is_enum_v<bare> && value_traits<bare>::bind_kind == value_kind::int64)
    return static_cast<Element>(v);  // stored by its value (enum_storage)
  else if constexpr (std::is_enum_v<bare>) return std::string{reflect::enum_name(v)};
  else if constexpr (value_class<V>::kind == category::distinct) {
    value_view wire = value_traits<bare>::to_value(v);  // a user type: its wire form
    if constexpr (value_traits<bare>::bind_kind == value_kind::typed_bytes)
      return std::string{static_cast<const char*>(wire.data), wire.size};  // its binary form
    else if constexpr (std::is_same_v<Element, std::string>) return std::string{wire.text()};
    else if constexpr (std::is_same_v<Element, double>) return wire.real;
    else return wire.integer;
  } else if constexpr (is_foreign_key<bare>) return static_cast<Element>(v.value());
  else if constexpr (std::is_same_v<Element, std::string>) return std::string{std::string_view{v}};
  else return static_cast<Element>(v);
}
}  // namespace detail

// c<&T::data>["key"], c<&T::data>[0]: what [] means for a column type, specialised by the
// header of that type (<piccolo/json.hpp> for pc::json and pc::jsonb) with supported = true
// and template <class Column, class Key> static constexpr auto subscript(const Column&, Key&&),
// which checks the key itself.
template <class T>
struct column_subscript {
  static constexpr bool supported = false;
};

// c<&T::data>.has_key("k"), .has_any_keys({...}), .has_all_keys({...}): the keys of a value
// the column holds, specialised by the header of that type (<piccolo/json.hpp> for
// pc::jsonb) with supported = true and template <json_keys Test, class Column>
// static auto test(const Column&, std::string key or std::vector<std::string> keys).
enum class json_keys { one, any, all };
template <class T>
struct column_keys {
  static constexpr bool supported = false;
};

// c<&T::data>.contains(v), .contained_in(v) on a column that is not an array: whether its
// whole value holds v or is held by it, specialised by the header of that type
// (<piccolo/json.hpp> for pc::jsonb: PostgreSQL's @> and <@) with supported = true and
// template <bool Contained, class Column, class V> static auto test(const Column&, V&&).
template <class T>
struct column_containment {
  static constexpr bool supported = false;
};


// ORDER BY expr [DESC]: holds the expression for the values it binds.
template <class Column, bool Descending>
struct order_term {
  using columns = typename Column::columns;
  static constexpr int parameters = Column::parameters;
  Column operand{};
  static constexpr void render(sql_writer& w) {
    Column::render(w);
    if (Descending) w.put(" DESC");
  }
  void bind(value_view*& out) const { operand.bind(out); }
};

// SET "column" = value (or expression)
template <class Column, class Value>
struct assignment {
  using column = Column;
  using columns = typename Value::columns;
  static constexpr int parameters = Value::parameters;
  Value value;
  static constexpr void render(sql_writer& w) {
    Column::render_name(w);
    w.put(" = ");
    Value::render(w);
  }
  void bind(value_view*& out) const { value.bind(out); }
};

template <auto... Ms>
struct column_ref : expression_node<column_ref<Ms...>> {
  static_assert(sizeof...(Ms) > 0, "piccolo: c<>: name at least one member, e.g. c<&Band::name>");
  static_assert((reflect::is_data_member_pointer<Ms> && ...),
                "piccolo: c<>: every argument must be a pointer to a data member, e.g. &Band::name");
  // After check_join_path's message, the column renders no join, so that rendering the
  // query adds no errors of its own (one mistake, one error).
  static constexpr bool path_is_sound = detail::check_join_path<Ms...>();

  static constexpr auto member = detail::nth_member<sizeof...(Ms) - 1, Ms...>;
  using root_table = reflect::class_of<detail::nth_member<0, Ms...>>;
  using table = reflect::class_of<member>;
  using stored_type = reflect::member_type_of<member>;
  static constexpr std::size_t index = reflect::member_index<member>;
  static constexpr bool through_nullable_key = detail::path_is_nullable<Ms...>();
  // What the column holds, as seen through the path.
  using value_type = detail::path_value_t<stored_type, through_nullable_key>;
  static constexpr std::string_view name = table_info<table>::template column_name<index>;
  static constexpr bool is_plain = sizeof...(Ms) == 1;  // a column of the root table itself

  using columns = boost::mp11::mp_list<column_ref>;
  static constexpr int parameters = 0;

  // The joins this column needs: one per foreign key on its path, in path order.
  template <std::size_t K>
  static auto join_prefix() {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return detail::join_path<detail::nth_member<I, Ms...>...>{};
    }(std::make_index_sequence<K + 1>{});
  }
  using joins = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
    if constexpr (path_is_sound) return boost::mp11::mp_list<decltype(join_prefix<K>())...>{};
    else return boost::mp11::mp_list<>{};
  }(std::make_index_sequence<sizeof...(Ms) - 1>{}));

  static constexpr void render(sql_writer& w) {
    if constexpr (!path_is_sound) {
      return;
    } else if constexpr (is_plain) {
      w.table(table_info<table>::name);
    } else {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        detail::render_alias<detail::nth_member<I, Ms...>...>(w);
      }(std::make_index_sequence<sizeof...(Ms) - 1>{});
    }
    w.put('.').identifier(name);
  }
  static constexpr void render_name(sql_writer& w) { w.identifier(name); }
  void bind(value_view*&) const {}

  // ---- in select(): every column of the row this foreign key references
  constexpr auto all_columns() const noexcept { return detail::all_columns_through<Ms...>(); }

  // ---- ordering
  constexpr order_term<column_ref, true> desc() const noexcept { return {}; }
  constexpr order_term<column_ref, false> asc() const noexcept { return {}; }

  // ---- conditions
  template <class Pattern>
  constexpr auto like(Pattern&& pattern) const {
    return make_like<like_kind::like>(std::forward<Pattern>(pattern));
  }
  template <class Pattern>
  constexpr auto ilike(Pattern&& pattern) const {
    return make_like<like_kind::ilike>(std::forward<Pattern>(pattern));
  }
  template <class Pattern>
  constexpr auto not_like(Pattern&& pattern) const {
    return make_like<like_kind::not_like>(std::forward<Pattern>(pattern));
  }
  constexpr unary_expression<unary_kind::is_null, column_ref> is_null() const { return {}; }
  constexpr unary_expression<unary_kind::is_not_null, column_ref> is_not_null() const { return {}; }

  template <std::ranges::input_range Range>
  auto is_in(const Range& values) const {
    return make_in_list<false>(values);
  }
  template <class V>
  auto is_in(std::initializer_list<V> values) const {
    return make_in_list<false>(values);
  }
  template <std::ranges::input_range Range>
  auto not_in(const Range& values) const {
    return make_in_list<true>(values);
  }
  template <class V>
  auto not_in(std::initializer_list<V> values) const {
    return make_in_list<true>(values);
  }
  // c<&Band::manager>.is_in(pc::select(c<&Manager::id>).where(...)): IN (SELECT ...)
  template <detail::subquery_argument Query>
  constexpr auto is_in(const Query& query) const {
    return detail::make_in_subquery<false>(*this, query);
  }
  template <detail::subquery_argument Query>
  constexpr auto not_in(const Query& query) const {
    return detail::make_in_subquery<true>(*this, query);
  }

  // ---- c<&T::data>["key"]: a member (or element) of a value the column holds (JSON)
  template <class Key>
  constexpr auto operator[](Key&& key) const {
    using column_t = typename column_type_info<stored_type>::type;
    static_assert(column_subscript<column_t>::supported,
                  "piccolo: operator[](): the column holds no members to read with []; [\"key\"] and [index] "
                  "read into pc::json / pc::jsonb columns (include <piccolo/json.hpp>)");
    if constexpr (column_subscript<column_t>::supported)
      return column_subscript<column_t>::subscript(*this, std::forward<Key>(key));
    else
      return invalid_expression{};
  }

  // ---- arrays (std::vector<T> columns, <piccolo/arrays.hpp>); docs/arrays.md
  static constexpr bool is_array = detail::is_array_column<stored_type>;
  template <class V>
  constexpr auto any(V&& v) const {
    static_assert(is_array, "piccolo: any(): the column is not an array (std::vector<T>); any() tests an array's elements");
    if constexpr (is_array) return detail::make_array_expression<detail::array_tag::any>(*this, std::forward<V>(v));
    else return invalid_expression{};
  }
  template <class V>
  constexpr auto all(V&& v) const {
    static_assert(is_array, "piccolo: all(): the column is not an array (std::vector<T>); all() tests an array's elements");
    if constexpr (is_array) return detail::make_array_expression<detail::array_tag::all>(*this, std::forward<V>(v));
    else return invalid_expression{};
  }
  template <class V>
  constexpr auto contains(V&& values) const {
    // asked in the body, when called: <piccolo/json.hpp> may come after the table
    constexpr bool holds_whole_values = column_containment<typename column_type_info<stored_type>::type>::supported;
    static_assert(is_array || holds_whole_values,
                  "piccolo: contains(): the column is not an array (std::vector<T>) or a pc::jsonb (PostgreSQL "
                  "has no @> on pc::json: make the column pc::jsonb)");
    if constexpr (is_array)
      return detail::make_array_expression<detail::array_tag::contains>(*this, std::forward<V>(values));
    else if constexpr (holds_whole_values)
      return column_containment<typename column_type_info<stored_type>::type>::template test<false>(
          *this, std::forward<V>(values));
    else return invalid_expression{};
  }
  // c<&T::data>.contained_in(v): the column's pc::jsonb value is held by v (<@)
  template <class V>
  constexpr auto contained_in(V&& value) const {
    // asked in the body, when called: <piccolo/json.hpp> may come after the table
    constexpr bool holds_whole_values = column_containment<typename column_type_info<stored_type>::type>::supported;
    static_assert(holds_whole_values,
                  "piccolo: contained_in(): the column is not a pc::jsonb; contained_in() tests a pc::jsonb "
                  "value (include <piccolo/json.hpp>; PostgreSQL has no <@ on pc::json)");
    if constexpr (holds_whole_values)
      return column_containment<typename column_type_info<stored_type>::type>::template test<true>(
          *this, std::forward<V>(value));
    else return invalid_expression{};
  }
  template <class V>
  constexpr auto contains(std::initializer_list<V> values) const {
    return contains(std::vector<V>(values));
  }
  template <class V>
  constexpr auto cat(V&& v) const {
    static_assert(is_array, "piccolo: cat(): the column is not an array (std::vector<T>)");
    if constexpr (is_array) return detail::make_array_expression<detail::array_tag::cat>(*this, std::forward<V>(v));
    else return invalid_expression{};
  }
  template <class V>
  constexpr auto cat(std::initializer_list<V> values) const {
    return cat(std::vector<V>(values));
  }
  constexpr auto length() const {
    static_assert(is_array, "piccolo: length(): the column is not an array (std::vector<T>); for text use pc::length()");
    if constexpr (is_array) return detail::make_array_expression<detail::array_tag::length>(*this);
    else return invalid_expression{};
  }

  // ---- keys of a pc::jsonb object (<piccolo/json.hpp>); docs/json.md
#define PICCOLO_KEYS_CHECK(NAME)                                                                          \
  static_assert(column_keys<typename column_type_info<stored_type>::type>::supported,                  \
                "piccolo: " NAME "(): the column has no keys to test; has_key(), has_any_keys() and "      \
                "has_all_keys() test the members of a pc::jsonb object (include <piccolo/json.hpp>; "     \
                "PostgreSQL has no ? on pc::json: make the column pc::jsonb)")
  template <class Key>
  auto has_key(Key&& key) const {
    PICCOLO_KEYS_CHECK("has_key");
    static_assert(std::is_convertible_v<Key, std::string_view>, "piccolo: has_key(): a key is text");
    if constexpr (std::is_convertible_v<Key, std::string_view>)
      return make_key_test<json_keys::one>(std::string{std::string_view{key}});
    else
      return invalid_expression{};
  }
  template <std::ranges::input_range Range>
  auto has_any_keys(const Range& keys) const {
    PICCOLO_KEYS_CHECK("has_any_keys");
    return make_key_test<json_keys::any>(key_list(keys));
  }
  template <class V>
  auto has_any_keys(std::initializer_list<V> keys) const {
    PICCOLO_KEYS_CHECK("has_any_keys");
    return make_key_test<json_keys::any>(key_list(keys));
  }
  template <std::ranges::input_range Range>
  auto has_all_keys(const Range& keys) const {
    PICCOLO_KEYS_CHECK("has_all_keys");
    return make_key_test<json_keys::all>(key_list(keys));
  }
  template <class V>
  auto has_all_keys(std::initializer_list<V> keys) const {
    PICCOLO_KEYS_CHECK("has_all_keys");
    return make_key_test<json_keys::all>(key_list(keys));
  }
#undef PICCOLO_KEYS_CHECK

  // ---- SET "column" = value, in update().set(...)
  // A value that may be NULL goes to a std::optional column only; a computed real number
  // does not go to an integer column (SQLite would store the real, PostgreSQL round it).
  template <class V>
  static constexpr bool assigned_value_fits =
      (is_optional<stored_type> || !detail::is_nullable<detail::operand_t<V>>) &&
      !(expression<V> && detail::value_class<stored_type>::kind == category::integer &&
        detail::value_class<detail::operand_value_t<V>>::kind == category::real);
  template <class V>
  constexpr auto operator=(V&& v) const {
    using value_t = detail::stored_value_t<V>;
    constexpr bool is_null_value = std::is_same_v<value_t, std::nullopt_t>;
    static_assert(!is_null_value || is_optional<stored_type>,
                  "piccolo: set(): assigning NULL to a column that is not std::optional");
    static_assert(is_null_value || detail::comparable_values<stored_type, detail::operand_value_t<V>>,
                  "piccolo: set(): the value's type does not match the column's type");
    constexpr bool fits = is_null_value || !detail::comparable_values<stored_type, detail::operand_value_t<V>> ||
                          assigned_value_fits<V>;
    // SQL's NULL would fail the NOT NULL constraint at run time; say it here
    static_assert(fits || !detail::is_nullable<detail::operand_t<V>>,
                  "piccolo: set(): the value may be NULL (a std::optional, or computed from a column "
                  "that may be NULL) and the column is not std::optional; give a fallback with "
                  "pc::coalesce(value, ...)");
    static_assert(fits || detail::is_nullable<detail::operand_t<V>>,
                  "piccolo: set(): the value is a floating-point number and the column an integer; "
                  "compute an integer (integer operands only) or make the column a double");
    if constexpr (!fits) {
      return assignment<column_ref, param<stored_type>>{};
    } else if constexpr (expression<V> && detail::value_class<stored_type>::kind == category::timestamp) {
      // pc::now() set to a TIMESTAMPTZ column is a TIMESTAMPTZ
      return assignment<column_ref, decltype(detail::as_operand_of<stored_type>(v))>{
          detail::as_operand_of<stored_type>(v)};
    } else if constexpr (expression<V>) {
      return assignment<column_ref, std::remove_cvref_t<V>>{std::forward<V>(v)};
    } else if constexpr (is_null_value ? is_optional<stored_type>
                                       : detail::comparable_values<stored_type, value_t>) {
      // stored as the column's own type, so that its checks (varchar length) apply
      return assignment<column_ref, param<stored_type>>{{{}, stored_type(std::forward<V>(v))}};
    } else {
      return assignment<column_ref, param<stored_type>>{};
    }
  }

 private:
  template <like_kind Kind, class Pattern>
  constexpr auto make_like(Pattern&& pattern) const {
    static_assert(detail::value_class<stored_type>::kind == category::text,
                  "piccolo: like(): the column is not text; like/ilike/not_like compare text columns");
    if constexpr (detail::value_class<stored_type>::kind == category::text)
      return like_expression<Kind, column_ref, detail::operand_t<Pattern>>{
          {}, {}, detail::make_operand(std::forward<Pattern>(pattern))};
    else
      return invalid_expression{};
  }

  template <json_keys Test, class Keys>
  auto make_key_test(Keys&& keys) const {
    using column_t = typename column_type_info<stored_type>::type;
    if constexpr (column_keys<column_t>::supported)
      return column_keys<column_t>::template test<Test>(*this, std::forward<Keys>(keys));
    else
      return invalid_expression{};
  }
  template <class Range>
  static std::vector<std::string> key_list(const Range& keys) {
    static_assert(std::is_convertible_v<std::ranges::range_reference_t<const Range&>, std::string_view>,
                  "piccolo: has_any_keys() / has_all_keys(): the keys are text");
    std::vector<std::string> out;
    if constexpr (std::is_convertible_v<std::ranges::range_reference_t<const Range&>, std::string_view>)
      for (const auto& key : keys) out.emplace_back(std::string_view{key});
    return out;
  }

  // The checks of is_in() and not_in(), one level below them so that both name their own.
  template <bool Negated, class Range>
  auto make_in_list(const Range& values) const {
    using element_t = std::ranges::range_value_t<Range>;
    constexpr category kind = detail::value_class<stored_type>::kind;
    constexpr bool boolean = kind == category::boolean;
    constexpr value_kind wire = detail::in_list_kind<stored_type>;
    // a value type may say it has no list form (value_traits<T>::in_list = false: JSON)
    constexpr bool in_list = [] {
      using bare = typename detail::value_class<stored_type>::bare;
      if constexpr (requires { value_traits<bare>::in_list; }) return value_traits<bare>::in_list;
      else return true;
    }();
    constexpr bool listable = !boolean && in_list &&
                              (wire == value_kind::int64 || wire == value_kind::float64 ||
                               wire == value_kind::text || wire == value_kind::typed_bytes);
    constexpr bool matches = detail::comparable_values<stored_type, element_t>;
    constexpr bool array = detail::is_array_column<stored_type>;
    if constexpr (array) {
      static_assert(!array || Negated, "piccolo: is_in(): the column is an array (std::vector<T>); test its "
                                       "elements with .any(v) or .contains({...}), or compare whole arrays with ==");
      static_assert(!array || !Negated, "piccolo: not_in(): the column is an array (std::vector<T>); test its "
                                        "elements with .any(v) or .contains({...}), or compare whole arrays with ==");
      return invalid_expression{};
    } else if constexpr (Negated) {
      static_assert(!boolean, "piccolo: not_in(): the column is boolean; compare it with == true or == false");
      static_assert(listable || boolean,
                    "piccolo: not_in(): the column is a timestamp, date, bytes or JSON column; not_in() takes "
                    "integer, real, text, enum, uuid, numeric, time-of-day and interval columns (and value types of their own PostgreSQL "
                    "type); join != comparisons with && instead");
      static_assert(!listable || matches, "piccolo: not_in(): the list's elements do not match the column's type");
    } else {
      static_assert(!boolean, "piccolo: is_in(): the column is boolean; compare it with == true or == false");
      static_assert(listable || boolean,
                    "piccolo: is_in(): the column is a timestamp, date, bytes or JSON column; is_in() takes "
                    "integer, real, text, enum, uuid, numeric, time-of-day and interval columns (and value types of their own PostgreSQL "
                    "type); join == comparisons with || instead");
      static_assert(!listable || matches, "piccolo: is_in(): the list's elements do not match the column's type");
    }
    using list_t = detail::in_list_element_t<stored_type>;
    using bare_t = typename detail::value_class<stored_type>::bare;
    if constexpr (listable && matches) {
      in_list_expression<column_ref, list_t, Negated, detail::postgres_type_of<bare_t>(), value_traits<bare_t>> node{};
      if constexpr (std::ranges::sized_range<Range>) node.values.reserve(std::ranges::size(values));
      for (const auto& v : values) node.values.push_back(detail::to_list_element<list_t, element_t, bare_t>(v));
      return node;
    } else {
      return invalid_expression{};
    }
  }
};

// c<&Band::name>, c<&Band::manager, &Manager::name>
template <auto... Members>
inline constexpr column_ref<Members...> c{};

template <class T>
inline constexpr bool is_column_ref = false;
template <auto... Ms>
inline constexpr bool is_column_ref<column_ref<Ms...>> = true;

}  // namespace piccolo
