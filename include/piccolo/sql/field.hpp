#pragma once
// Columns named by field position, for generic code that addresses every column of a
// row: pc::column_at<Band, 1> is c<&Band::name> (the same node, the same text), and
// pc::field<Manager, 1> takes a member pointer's place in a join path,
// c<&Band::manager, pc::field<Manager, 1>>.

#include <cstddef>

#include <piccolo/reflect/member.hpp>
#include <piccolo/sql/column.hpp>

namespace piccolo {

template <class T, std::size_t I>
inline constexpr reflect::field_position<T, I> field{};

template <class T, std::size_t I>
inline constexpr column_ref<field<T, I>> column_at{};

}  // namespace piccolo
