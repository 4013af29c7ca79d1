#pragma once
// Reading into JSON columns in where() and select(), typed by what the user asks for:
//   c<&T::data>["name"]                 data -> 'name': a JSON value (std::optional: a
//                                       missing member is NULL)
//   c<&T::data>["tags"][0]              data -> 'tags' -> 0 (arrays count from 0)
//   c<&T::data>["name"].as<std::string>()   data ->> 'name' as text; as<std::int64_t>(),
//                                       as<double>(), as<bool>() cast it on PostgreSQL
// Keys and indexes are bound parameters: the SQL text stays one constant whatever they
// are, and no key can break out of it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/core/value.hpp>
#include <piccolo/json/column.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>

namespace piccolo {

namespace detail {
// A key is text (an object's member) or an integer (an array's element).
template <class Key>
inline constexpr bool json_text_key = std::is_convertible_v<Key, std::string_view>;
template <class Key>
inline constexpr bool json_index_key = std::is_integral_v<std::remove_cvref_t<Key>> &&
                                       !std::is_same_v<std::remove_cvref_t<Key>, bool> &&
                                       !std::is_same_v<std::remove_cvref_t<Key>, char>;
template <class Key>
using json_key_t = std::conditional_t<json_text_key<Key>, std::string, std::int64_t>;

// What as<T>() reads a member as: the SQL type it is cast to on PostgreSQL (->> gives
// text there; SQLite's ->> gives the SQL value of the JSON one, text is cast to match).
template <class T>
inline constexpr std::string_view json_cast_type = [] {
  if constexpr (std::is_same_v<T, std::string>) return std::string_view{"TEXT"};
  else if constexpr (std::is_same_v<T, std::int64_t>) return std::string_view{"BIGINT"};
  else if constexpr (std::is_same_v<T, double>) return std::string_view{"DOUBLE PRECISION"};
  else if constexpr (std::is_same_v<T, bool>) return std::string_view{"BOOLEAN"};
  else return std::string_view{};
}();

template <class Key>
constexpr void render_json_key(sql_writer& w) {
  // PostgreSQL's -> takes an INTEGER index; a bound integer is a BIGINT
  if (std::is_same_v<Key, std::int64_t> && w.dialect() == dialect_id::postgres) {
    w.put("CAST(");
    w.parameter();
    w.put(" AS INTEGER)");
  } else {
    w.parameter();
  }
}

#define PICCOLO_JSON_KEY_CHECK(K)                                                                       \
  static_assert(detail::json_text_key<K> || detail::json_index_key<K>,                                 \
                "piccolo: operator[](): a JSON key is text (an object's member, [\"name\"]) or an "    \
                "integer (an array's element, [0])")
}  // namespace detail

template <class E, class Key, bool Binary, class T>
struct json_member_as;

// E -> key: a JSON value, NULL when the member is missing.
template <class E, class Key, bool Binary>
struct json_member : expression_node<json_member<E, Key, Binary>> {
  using value_type = std::optional<basic_json<Binary>>;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters + 1;
  E operand;
  Key key;

  static constexpr void render(sql_writer& w) {
    E::render(w);
    w.put(" -> ");
    detail::render_json_key<Key>(w);
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    *out++ = value_traits<Key>::to_value(key);
  }

  // a missing member is NULL: ["email"].is_null() (as<T>() is NULL for a JSON null too)
  constexpr unary_expression<unary_kind::is_null, json_member> is_null() const { return {{}, *this}; }
  constexpr unary_expression<unary_kind::is_not_null, json_member> is_not_null() const { return {{}, *this}; }

  // ["name"]["first"], ["tags"][0]
  template <class K>
  constexpr auto operator[](K&& k) const {
    PICCOLO_JSON_KEY_CHECK(K);
    if constexpr (detail::json_text_key<K> || detail::json_index_key<K>)
      return json_member<json_member, detail::json_key_t<K>, Binary>{
          {}, *this, detail::json_key_t<K>(std::forward<K>(k))};
    else
      return invalid_expression{};
  }

  // ["tags"].contains(v) (@>), ["tags"].contained_in(v) (<@): the member's jsonb value
  // holds v, or is held by it, as on the column (PostgreSQL only; NULL when the member is
  // missing). column_containment is specialised below: named through Binary so that the
  // specialisation is the one found.
  template <class V>
  constexpr auto contains(V&& v) const {
    static_assert(Binary, "piccolo: contains(): the member is of a pc::json column; PostgreSQL has no @> on json "
                          "(make the column pc::jsonb)");
    if constexpr (Binary) return column_containment<basic_json<Binary>>::template test<false>(*this, std::forward<V>(v));
    else return invalid_expression{};
  }
  template <class V>
  constexpr auto contained_in(V&& v) const {
    static_assert(Binary, "piccolo: contained_in(): the member is of a pc::json column; PostgreSQL has no <@ on "
                          "json (make the column pc::jsonb)");
    if constexpr (Binary) return column_containment<basic_json<Binary>>::template test<true>(*this, std::forward<V>(v));
    else return invalid_expression{};
  }

  // as<std::string>(), as<std::int64_t>(), as<double>(), as<bool>(): the member's value
  // as that SQL type (->>), NULL when missing
  using expression_node<json_member>::as;
  template <class T>
  constexpr auto as() const {
    static_assert(!detail::json_cast_type<T>.empty(),
                  "piccolo: as<T>(): a JSON member is read as std::string, std::int64_t, double or bool; "
                  "read another type from those (or select the JSON value itself)");
    if constexpr (!detail::json_cast_type<T>.empty())
      return json_member_as<E, Key, Binary, T>{{}, operand, key};
    else
      return invalid_expression{};
  }
};

// E ->> key, as T: CAST(E ->> key AS T) on PostgreSQL (text stays as it is); SQLite's ->>
// gives the SQL value already (text is cast, so that a number reads as its text there too).
template <class E, class Key, bool Binary, class T>
struct json_member_as : expression_node<json_member_as<E, Key, Binary, T>> {
  using value_type = std::optional<T>;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters + 1;
  E operand;
  Key key;

  static constexpr void render(sql_writer& w) {
    constexpr bool text = std::is_same_v<T, std::string>;
    const bool cast = w.dialect() == dialect_id::postgres ? !text : text;
    if (cast) w.put("CAST(");
    E::render(w);
    w.put(" ->> ");
    detail::render_json_key<Key>(w);
    if (cast) w.put(" AS ").put(detail::json_cast_type<T>).put(')');
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    *out++ = value_traits<Key>::to_value(key);
  }
  constexpr unary_expression<unary_kind::is_null, json_member_as> is_null() const { return {{}, *this}; }
  constexpr unary_expression<unary_kind::is_not_null, json_member_as> is_not_null() const { return {{}, *this}; }
};

template <bool Binary>
struct column_subscript<basic_json<Binary>> {
  static constexpr bool supported = true;
  template <class Column, class Key>
  static constexpr auto subscript(const Column& column, Key&& key) {
    PICCOLO_JSON_KEY_CHECK(Key);
    if constexpr (detail::json_text_key<Key> || detail::json_index_key<Key>)
      return json_member<Column, detail::json_key_t<Key>, Binary>{
          {}, column, detail::json_key_t<Key>(std::forward<Key>(key))};
    else
      return invalid_expression{};
  }
};

#undef PICCOLO_JSON_KEY_CHECK

// data.has_key(k), has_any_keys(ks), has_all_keys(ks): whether the column holds an object
// with that member, any of those, all of those (NULL for a NULL column, false for an
// array or a scalar on both engines: PostgreSQL's ? also matches an array's strings).
// PostgreSQL: ?, ?| and ?& (a GIN index on the column serves them), the key a text
// parameter and the lists a text[]; SQLite: the object's keys through json_each().
template <json_keys Test, class E>
struct json_key_test : expression_node<json_key_test<Test, E>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = typename E::columns;
  static_assert(E::parameters == 0, "the column is written twice: it binds nothing");
  static constexpr int parameters = 1;
  using keys_type = std::conditional_t<Test == json_keys::one, std::string, std::vector<std::string>>;
  E operand;
  keys_type keys;

  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::postgres) {
      w.put("(jsonb_typeof(");
      E::render(w);
      w.put(") = 'object' AND ");
      E::render(w);
      w.put(Test == json_keys::one ? " ? " : Test == json_keys::any ? " ?| " : " ?& ");
      w.parameter();
      w.put(')');
      return;
    }
    // CASE, not AND: a NULL column must give NULL (PostgreSQL's), and NULL AND FALSE is FALSE
    w.put("CASE WHEN json_type(");
    E::render(w);
    w.put(") = 'object' THEN ");
    if constexpr (Test == json_keys::all) {
      w.put("NOT EXISTS (SELECT 1 FROM json_each(");
      w.parameter();
      w.put(") AS wanted WHERE wanted.value NOT IN (SELECT key FROM json_each(");
      E::render(w);
      w.put(")))");
    } else {
      w.put("EXISTS (SELECT 1 FROM json_each(");
      E::render(w);
      if constexpr (Test == json_keys::one) {
        w.put(") WHERE key = ");
        w.parameter();
        w.put(')');
      } else {
        w.put(") WHERE key IN (SELECT value FROM json_each(");
        w.parameter();
        w.put(")))");
      }
    }
    w.put(" ELSE json_type(");
    E::render(w);
    w.put(") = 'object' END");
  }
  void bind(value_view*& out) const {
    if constexpr (Test == json_keys::one) *out++ = value_view::from_text(keys);
    else *out++ = value_view::from_list(std::span<const std::string>{keys});
  }
};

template <>
struct column_keys<basic_json<true>> {
  static constexpr bool supported = true;
  template <json_keys Test, class Column, class Keys>
  static auto test(const Column& column, Keys&& keys) {
    return json_key_test<Test, Column>{{}, column, std::forward<Keys>(keys)};
  }
};

// data.contains(v) (@>), data.contained_in(v) (<@): whether the column's jsonb value holds
// v, or is held by it, by PostgreSQL's rules (an object holds the members of v, an array
// its elements, recursively; NULL for a NULL column). A GIN index on the column serves
// both. PostgreSQL-only: SQLite has no test that agrees with @> (json_each compares one
// level; arrays nest), so the node says cannot_render() there and SQLite's run() refuses
// the query at compile time (renders_on).
template <bool Contained, class E>
struct json_containment : expression_node<json_containment<Contained, E>> {
  using value_type = bool;
  static constexpr bool compound = true;
  using columns = typename E::columns;
  static constexpr int parameters = E::parameters + 1;
  E operand;
  jsonb value;

  static constexpr void render(sql_writer& w) {
    // elsewhere the same text, never run: its parameters still agree with what binds
    if (w.dialect() != dialect_id::postgres) w.cannot_render();
    // a member, ("body" -> $1) @> $2: -> and @> share a precedence, the parentheses say it
    constexpr bool member = !is_column_ref<E>;
    if (member) w.put('(');
    E::render(w);
    if (member) w.put(')');
    w.put(Contained ? " <@ " : " @> ");
    w.parameter();
  }
  void bind(value_view*& out) const {
    operand.bind(out);
    *out++ = value_traits<jsonb>::to_value(value);
  }
};

template <>
struct column_containment<basic_json<true>> {
  static constexpr bool supported = true;
  template <bool Contained, class Column, class V>
  static auto test(const Column& column, V&& v) {
    constexpr bool json_value = std::is_constructible_v<jsonb, V>;
    static_assert(json_value || Contained, "piccolo: contains(): the value is not JSON; pass a boost::json::value "
                                           "(an object, an array, a scalar) or a pc::jsonb");
    static_assert(json_value || !Contained, "piccolo: contained_in(): the value is not JSON; pass a "
                                            "boost::json::value (an object, an array, a scalar) or a pc::jsonb");
    if constexpr (json_value)
      return json_containment<Contained, Column>{{}, column, jsonb(std::forward<V>(v))};
    else
      return invalid_expression{};
  }
};

namespace detail {
// A JSON column compares with its own kind only: JSONB with JSONB (PostgreSQL has no
// jsonb = json).
template <bool Binary>
struct distinct_result<basic_json<Binary>> {
  using type = basic_json<Binary>;
};
}  // namespace detail

}  // namespace piccolo
