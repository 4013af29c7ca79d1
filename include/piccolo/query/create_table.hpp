#pragma once
// create_table<T>(), drop_table<T>(), create_tables<Ts...>(), drop_tables<Ts...>().
// The several-table forms order tables by foreign-key dependency at compile time.

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <boost/mp11/list.hpp>

#include <piccolo/core/sql_writer.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/describe.hpp>

namespace piccolo {

namespace detail {
struct ddl_query_base {
  static constexpr result_kind kind = result_kind::statements;
  using result_type = void;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr int parameters = 0;
  template <class F>
  void for_each_binding(F&& f) const {
    f(static_cast<const value_view*>(nullptr));
  }
};

// Whether table A references table B through one of its foreign keys.
template <class A, class B>
constexpr bool references_table() {
  bool found = false;
  reflect::for_each_field_index<A>([&](auto i) {
    found = found || std::is_same_v<typename table_info<A>::template references<i.value>, B>;
  });
  return found;
}

// Positions of Ts in an order where every table follows the tables it references.
template <class... Ts>
constexpr std::array<std::size_t, sizeof...(Ts)> dependency_order() {
  constexpr std::size_t n = sizeof...(Ts);
  bool depends[n][n]{};
  std::size_t i = 0;
  (
      [&]<class A>(std::type_identity<A>) {
        std::size_t j = 0;
        ((depends[i][j++] = !std::is_same_v<A, Ts> && references_table<A, Ts>()), ...);
        ++i;
      }(std::type_identity<Ts>{}),
      ...);
  std::array<std::size_t, n> order{};
  bool placed[n]{};
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t a = 0; a < n; ++a) {
      if (placed[a]) continue;
      bool ready = true;
      for (std::size_t b = 0; b < n; ++b) ready = ready && (placed[b] || !depends[a][b]);
      if (ready) {
        order[k] = a;
        placed[a] = true;
        break;
      }
    }
  }
  return order;
}

template <class... Ts>
constexpr bool dependencies_are_acyclic() {
  // dependency_order places every table exactly once only when there is no cycle
  constexpr std::size_t n = sizeof...(Ts);
  auto order = dependency_order<Ts...>();
  bool seen[n == 0 ? 1 : n]{};
  for (std::size_t k : order) seen[k] = true;
  for (std::size_t k = 0; k < n; ++k)
    if (!seen[k]) return false;
  return true;
}
}  // namespace detail

template <class T, bool IfNotExists = false>
struct create_table_query : detail::ddl_query_base {
  constexpr create_table_query<T, true> if_not_exists() const noexcept { return {}; }
  static constexpr void render(sql_writer& w) { detail::render_create_table<T>(w, IfNotExists); }
  template <dialect_id D>
  static constexpr void render_in(sql_writer& w) {
    detail::render_create_table<T, D>(w, IfNotExists);
  }
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<create_table_query, D>;
  }
};

template <class T, bool IfExists = false>
struct drop_table_query : detail::ddl_query_base {
  constexpr drop_table_query<T, true> if_exists() const noexcept { return {}; }
  static constexpr void render(sql_writer& w) { detail::render_drop_table<T>(w, IfExists); }
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<drop_table_query, D>;
  }
};

template <bool Create, bool Conditional, class... Ts>
struct tables_query : detail::ddl_query_base {
  constexpr tables_query<Create, true, Ts...> if_not_exists() const noexcept
    requires Create
  {
    return {};
  }
  constexpr tables_query<Create, true, Ts...> if_exists() const noexcept
    requires(!Create)
  {
    return {};
  }
  static constexpr void render(sql_writer& w) {
    if (w.dialect() == dialect_id::sqlite) render_in<dialect_id::sqlite>(w);
    else render_in<dialect_id::postgres>(w);
  }
  template <dialect_id D>
  static constexpr void render_in(sql_writer& w) {
    using renderer = void (*)(sql_writer&, bool);
    constexpr renderer renderers[] = {
        (Create ? &detail::render_create_table<Ts, D> : &detail::render_drop_table<Ts>)...};
    constexpr auto order = detail::dependency_order<Ts...>();
    for (std::size_t k = 0; k < sizeof...(Ts); ++k) {
      if (k > 0) w.put(";\n");
      // drop in reverse: referencing tables first
      renderers[order[Create ? k : sizeof...(Ts) - 1 - k]](w, Conditional);
    }
  }
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<tables_query, D>;
  }
};

template <class T>
constexpr create_table_query<T> create_table() noexcept {
  // checked here, where the table is named: the renderer skips what fails
  static_assert(std::is_same_v<detail::unstorable_columns<T>, boost::mp11::mp_list<>>,
                "piccolo: create_table(): a column has a type piccolo cannot store (the note names "
                "it); specialise piccolo::value_traits<T> for it, see docs/value-types.md");
  static_assert(std::is_same_v<detail::foreign_keys_to_keyless_tables<T>, boost::mp11::mp_list<>>,
                "piccolo: create_table(): foreign_key<T>: the referenced table has no primary key (or a composite one; a foreign key references a single-column key)");
  static_assert(std::is_same_v<detail::foreign_keys_with_wrong_key_type<T>, boost::mp11::mp_list<>>,
                "piccolo: create_table(): foreign_key<T, Key>: Key differs from the referenced primary "
                "key type");
  static_assert(!detail::serial_in_composite_key<T>,
                "piccolo: create_table(): a serial key cannot be part of a composite primary key");
  return {};
}
template <class T>
constexpr drop_table_query<T> drop_table() noexcept {
  return {};
}
template <class... Ts>
constexpr tables_query<true, false, Ts...> create_tables() noexcept {
  static_assert(std::is_same_v<detail::unstorable_columns<Ts...>, boost::mp11::mp_list<>>,
                "piccolo: create_tables(): a column has a type piccolo cannot store (the note names "
                "it); specialise piccolo::value_traits<T> for it, see docs/value-types.md");
  static_assert(std::is_same_v<detail::foreign_keys_to_keyless_tables<Ts...>, boost::mp11::mp_list<>>,
                "piccolo: create_tables(): foreign_key<T>: the referenced table has no primary key (or a composite one; a foreign key references a single-column key)");
  static_assert(std::is_same_v<detail::foreign_keys_with_wrong_key_type<Ts...>, boost::mp11::mp_list<>>,
                "piccolo: create_tables(): foreign_key<T, Key>: Key differs from the referenced primary "
                "key type");
  static_assert(!detail::serial_in_composite_key<Ts...>,
                "piccolo: create_tables(): a serial key cannot be part of a composite primary key");
  static_assert(detail::dependencies_are_acyclic<Ts...>(),
                "piccolo: create_tables(): the tables' foreign keys form a cycle");
  return {};
}
template <class... Ts>
constexpr tables_query<false, false, Ts...> drop_tables() noexcept {
  static_assert(detail::dependencies_are_acyclic<Ts...>(),
                "piccolo: drop_tables(): the tables' foreign keys form a cycle");
  return {};
}

}  // namespace piccolo
