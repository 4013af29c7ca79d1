#pragma once
// piccolo with the PostgreSQL engine (links libpq), synchronous. Asynchronous
// execution and the connection pool: <piccolo/postgres_async.hpp>.
#include <piccolo/engine/postgres/database.hpp>
#include <piccolo/engine/postgres/stream.hpp>
#include <piccolo/piccolo.hpp>
