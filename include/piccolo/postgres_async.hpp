#pragma once
// piccolo with the PostgreSQL engine, asynchronous execution on Boost.Asio and the
// connection pool.
#include <piccolo/engine/postgres/async.hpp>
#include <piccolo/engine/postgres/async_stream.hpp>
#include <piccolo/engine/postgres/pool.hpp>
#include <piccolo/postgres.hpp>
