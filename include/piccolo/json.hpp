#pragma once
// JSON (Boost.JSON; link piccolo::json): pc::to_json(row), pc::from_json<T>(json),
// pc::output_json(query), json_traits<T> for each column type, and the pc::json /
// pc::jsonb column types with c<&T::data>["key"] in queries. The core never includes
// Boost.JSON; this header opts in.

#include <piccolo/json/access.hpp>
#include <piccolo/json/column.hpp>
#include <piccolo/json/convert.hpp>
#include <piccolo/json/output.hpp>
#include <piccolo/json/traits.hpp>
