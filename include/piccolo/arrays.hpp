#pragma once
// std::vector<T> columns and their operators (docs/arrays.md): a PostgreSQL array
// (INTEGER[], TEXT[], ...), JSON text on SQLite; .any(v), .all(v), .contains({...}),
// .cat(v or {...}), .length(), [i] on both engines.

#include <piccolo/piccolo.hpp>
// the engines' readers of array values (no libpq or sqlite3 header): engines parse them
// only for code that has array columns
#include <piccolo/engine/postgres/detail/array_reader.hpp>
#include <piccolo/engine/sqlite/detail/json_array.hpp>
#include <piccolo/schema/array.hpp>
#include <piccolo/sql/array.hpp>
