#pragma once
// piccolo core: reflection, schema, expressions and queries. Needs only Boost and
// range-v3 headers. Add <piccolo/sqlite.hpp> or <piccolo/postgres.hpp> for an engine.

#include <piccolo/core/dialect.hpp>
#include <piccolo/core/error.hpp>
#include <piccolo/core/sql_writer.hpp>
#include <piccolo/query.hpp>
#include <piccolo/reflect.hpp>
#include <piccolo/schema.hpp>
#include <piccolo/sql.hpp>
