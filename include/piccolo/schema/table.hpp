#pragma once
// table_info<T>: everything the schema knows of a table struct, at compile time.

#include <cstddef>
#include <string_view>
#include <type_traits>

#include <boost/mp11/algorithm.hpp>

#include <piccolo/reflect/detail/pretty_name.hpp>
#include <piccolo/reflect/fields.hpp>
#include <piccolo/reflect/member.hpp>
#include <piccolo/schema/options.hpp>
#include <piccolo/schema/types.hpp>
#include <piccolo/schema/value_traits.hpp>

namespace piccolo {

namespace detail {

constexpr bool is_upper(char ch) noexcept { return ch >= 'A' && ch <= 'Z'; }
constexpr bool is_lower_or_digit(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

// RecordingStudio -> recording_studio, HTTPServer -> http_server. Writes nothing when
// out is null; returns the length either way.
constexpr std::size_t snake_case(std::string_view name, char* out) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char ch = name[i];
    if (is_upper(ch)) {
      bool after_word = i > 0 && (is_lower_or_digit(name[i - 1]) ||
                                  (is_upper(name[i - 1]) && i + 1 < name.size() &&
                                   is_lower_or_digit(name[i + 1]) && name[i + 1] >= 'a'));
      if (after_word) {
        if (out) out[n] = '_';
        ++n;
      }
      ch = static_cast<char>(ch - 'A' + 'a');
    }
    if (out) out[n] = ch;
    ++n;
  }
  return n;
}

template <class T>
struct snake_name {
  static constexpr std::size_t size = snake_case(reflect::type_name<T>, nullptr);
  static constexpr auto value = [] {
    std::array<char, size + 1> chars{};
    snake_case(reflect::type_name<T>, chars.data());
    return chars;
  }();
};

template <class T>
constexpr std::string_view table_name_of() {
  if constexpr (requires { std::string_view{T::table_name}; }) {
    return std::string_view{T::table_name};
  } else {
    return {snake_name<T>::value.data(), snake_name<T>::size};
  }
}

template <class T>
struct options_of {
  using type = option_list<>;
};
template <class T>
  requires requires { T::column_options(); }
struct options_of<T> {
  using type = decltype(T::column_options());
};

template <class Option, class T>
inline constexpr bool option_names_member_of =
    std::is_same_v<reflect::class_of<Option::member>, T>;

// Is there an option of kind Kind (a template over the member) for field I of T?
template <class T, std::size_t I, template <auto> class Kind>
struct has_option {
  template <class Option>
  struct matches : std::false_type {};
  template <auto M>
  struct matches<Kind<M>> : std::bool_constant<reflect::member_index<M> == I> {};
  static constexpr bool value =
      boost::mp11::mp_any_of<boost::mp11::mp_rename<typename options_of<T>::type, boost::mp11::mp_list>,
                             matches>::value;
};

template <class Option>
using is_db_default_option_type = std::bool_constant<is_db_default_option<Option>>;

// The db_default_option naming field I of T (pc::default_now<&T::m>, ...), or void.
template <class T, std::size_t I>
struct db_default_of {
  template <class Option>
  struct matches : std::false_type {};
  template <auto M, default_kind K, fixed_string S, fixed_string P>
  struct matches<db_default_option<M, K, S, P>> : std::bool_constant<reflect::member_index<M> == I> {};
  using options = boost::mp11::mp_rename<typename options_of<T>::type, boost::mp11::mp_list>;
  using found = boost::mp11::mp_find_if<options, matches>;
  using type = boost::mp11::mp_eval_if_c<found::value == boost::mp11::mp_size<options>::value, void,
                                         boost::mp11::mp_at, options, found>;
};

template <class T, std::size_t I>
constexpr std::string_view column_name_of() {
  std::string_view name = reflect::field_name<T, I>;
  boost::mp11::mp_for_each<boost::mp11::mp_rename<typename options_of<T>::type, boost::mp11::mp_list>>(
      [&]<class Option>(Option) {
        if constexpr (requires { Option::name; }) {
          if (reflect::member_index<Option::member> == I) name = Option::name;
        }
      });
  return name;
}

template <class T, std::size_t I, bool OnDelete>
constexpr action fk_action_of() {
  action result = action::cascade;
  boost::mp11::mp_for_each<boost::mp11::mp_rename<typename options_of<T>::type, boost::mp11::mp_list>>(
      [&]<class Option>(Option) {
        if constexpr (requires { Option::value; }) {
          constexpr bool is_delete =
              std::is_same_v<Option, on_delete_option<Option::member, Option::value>>;
          if (is_delete == OnDelete && reflect::member_index<Option::member> == I)
            result = Option::value;
        }
      });
  return result;
}

template <class Options, class T>
struct options_check;
template <class... Options, class T>
struct options_check<option_list<Options...>, T> {
  static constexpr bool value = (option_names_member_of<Options, T> && ...);
};

template <class F>
struct referenced_table {
  using type = void;
};
template <class X, class K>
struct referenced_table<foreign_key<X, K>> {
  using type = X;
};
template <class X, class K>
struct referenced_table<std::optional<foreign_key<X, K>>> {
  using type = X;
};
}  // namespace detail

template <class T>
struct table_info {
  using type = T;
  static constexpr std::string_view name = detail::table_name_of<T>();
  static constexpr std::size_t column_count = reflect::field_count<T>;

  template <std::size_t I>
  using field_type = reflect::field_type<T, I>;
  template <std::size_t I>
  using column_type = typename column_type_info<field_type<I>>::type;  // without optional

  template <std::size_t I>
  static constexpr std::string_view column_name = detail::column_name_of<T, I>();
  template <std::size_t I>
  static constexpr bool nullable = column_type_info<field_type<I>>::nullable;
  template <std::size_t I>
  static constexpr bool is_serial = piccolo::is_serial<field_type<I>>;
  template <std::size_t I>
  static constexpr bool primary_key =
      is_serial<I> || detail::has_option<T, I, detail::primary_key_option>::value;
  template <std::size_t I>
  static constexpr bool unique = detail::has_option<T, I, detail::unique_option>::value;
  template <std::size_t I>
  static constexpr bool indexed = detail::has_option<T, I, detail::index_option>::value;
  // The pc::default_now / default_uuid4 / default_uuid7 / default_sql option of column I,
  // or void: the database computes the column's value when an insert leaves it unset.
  template <std::size_t I>
  using db_default = typename detail::db_default_of<T, I>::type;
  template <std::size_t I>
  static constexpr bool has_db_default = !std::is_void_v<db_default<I>>;
  // Whether any column has one: asked first, so that a table without costs one test.
  static constexpr bool any_db_default =
      boost::mp11::mp_any_of<boost::mp11::mp_rename<typename detail::options_of<T>::type, boost::mp11::mp_list>,
                             detail::is_db_default_option_type>::value;
  // The table a foreign_key column references, or void.
  template <std::size_t I>
  using references = typename detail::referenced_table<field_type<I>>::type;
  template <std::size_t I>
  static constexpr action on_delete = detail::fk_action_of<T, I, true>();
  template <std::size_t I>
  static constexpr action on_update = detail::fk_action_of<T, I, false>();

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  static constexpr std::size_t primary_key_count = [] {
    std::size_t n = 0;
    reflect::for_each_field_index<T>([&](auto i) { n += primary_key<i.value>; });
    return n;
  }();
  // The index of the (first) primary key column, or npos.
  static constexpr std::size_t primary_key_index = [] {
    std::size_t found = npos;
    reflect::for_each_field_index<T>([&](auto i) {
      if (found == npos && primary_key<i.value>) found = i.value;
    });
    return found;
  }();

  template <std::size_t I>
  static constexpr std::size_t index_of_column = I;

  // Last, so that Clang, which stops a class at a failed assertion, has declared the
  // members above and reports no further errors.
  static_assert(detail::options_check<typename detail::options_of<T>::type, T>::value,
                "piccolo: column_options(): an option names a member of another table");
};

template <class T>
concept table_with_primary_key = table_info<T>::primary_key_index != table_info<T>::npos;

template <class Table, class Key>
template <class Row>
  requires std::is_same_v<Row, Table>
constexpr foreign_key<Table, Key>::foreign_key(const Row& row)
    : key_(static_cast<Key>(detail::referenced_key(reflect::get<table_info<Table>::primary_key_index>(row)))) {}

}  // namespace piccolo
