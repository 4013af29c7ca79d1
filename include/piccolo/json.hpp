#pragma once
// JSON (Boost.JSON; link piccolo::json): pc::to_json(row), pc::from_json<T>(json),
// pc::output_json(query), and json_traits<T> for each column type. The core never
// includes Boost.JSON; this header opts in.

#include <piccolo/json/convert.hpp>
#include <piccolo/json/output.hpp>
#include <piccolo/json/traits.hpp>
