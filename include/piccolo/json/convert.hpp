#pragma once
// pc::to_json(row) -> boost::json::object and pc::from_json<T>(json) -> T: a table row
// (an aggregate or a described class) as a JSON object keyed by its column names, each
// value mapped by json_traits<field type>.

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <piccolo/core/error.hpp>
#include <piccolo/json/traits.hpp>
#include <piccolo/query/detail/row.hpp>
#include <piccolo/reflect/fields.hpp>
#include <piccolo/schema/table.hpp>

namespace piccolo {

namespace detail {
template <class T>
inline constexpr bool json_record = is_record<T>;

template <class T>
constexpr bool fields_have_json() {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (json_value<reflect::field_type<T, I>> && ...);
  }(std::make_index_sequence<reflect::field_count<T>>{});
}

template <class T>
boost::json::object record_to_json(const T& row) {
  boost::json::object out;
  out.reserve(reflect::field_count<T>);
  reflect::for_each_field_index<T>([&](auto i) {
    using field = reflect::field_type<T, i.value>;
    out.emplace(table_info<T>::template column_name<i.value>, json_traits<field>::to_json(reflect::get<i.value>(row)));
  });
  return out;
}

template <class T>
T record_from_json(const boost::json::object& object) {
  static const boost::json::value missing;
  auto member = [&](std::string_view name) -> const boost::json::value& {
    const boost::json::value* found = object.if_contains(name);
    return found ? *found : missing;
  };
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    if constexpr (reflect::is_described<T>) {
      T row{};
      ((reflect::get<I>(row) = json_traits<reflect::field_type<T, I>>::from_json(
            member(table_info<T>::template column_name<I>), table_info<T>::template column_name<I>)),
       ...);
      return row;
    } else {
      // braced initialisation evaluates left to right: fields are read in order
      return T{json_traits<reflect::field_type<T, I>>::from_json(member(table_info<T>::template column_name<I>),
                                                                 table_info<T>::template column_name<I>)...};
    }
  }(std::make_index_sequence<reflect::field_count<T>>{});
}
}  // namespace detail

#define PICCOLO_JSON_RECORD_MESSAGE(clause)                                                             \
  "piccolo: " clause "(): the type is not a table row (an aggregate struct or a class described with " \
  "BOOST_DESCRIBE_STRUCT); pass a row such as Band{...}, or convert a single value with json_traits<T>"
#define PICCOLO_JSON_FIELDS_MESSAGE(clause)                                                               \
  "piccolo: " clause "(): a member of the row has a type without a JSON form; use a column type (see " \
  "docs/json.md) or specialise piccolo::json_traits for it"

// {"id": 1, "name": "Pythonistas", ...}: keys are the column names (db_column_name options
// included), values as json_traits says.
template <class T>
boost::json::object to_json(const T& row) {
  static_assert(detail::json_record<T>, PICCOLO_JSON_RECORD_MESSAGE("to_json"));
  if constexpr (detail::json_record<T>) {
    static_assert(detail::fields_have_json<T>(), PICCOLO_JSON_FIELDS_MESSAGE("to_json"));
    if constexpr (detail::fields_have_json<T>()) return detail::record_to_json(row);
    else return {};
  } else {
    return {};
  }
}

// The row back from a JSON object. Keys it does not know are ignored; a missing key reads
// as null (an unset serial, an empty optional, an error for anything else). Throws
// piccolo::error naming the field: unexpected_null (missing), type_mismatch (another JSON
// kind, malformed text), out_of_range (an integer too large, a varchar too long),
// invalid_enum_value.
template <class T>
T from_json(const boost::json::value& json) {
  static_assert(detail::json_record<T>, PICCOLO_JSON_RECORD_MESSAGE("from_json"));
  if constexpr (detail::json_record<T>) {
    static_assert(detail::fields_have_json<T>(), PICCOLO_JSON_FIELDS_MESSAGE("from_json"));
    if constexpr (detail::fields_have_json<T>()) {
      if (!json.is_object())
        throw error(errc::type_mismatch, "JSON for a row must be an object, found " +
                                             std::string{detail::json_kind_name(json)});
      return detail::record_from_json<T>(json.get_object());
    } else {
      return T{};
    }
  } else {
    return T{};
  }
}

}  // namespace piccolo
