#pragma once
// piccolo with the SQLite engine and asynchronous execution on Boost.Asio.
#include <piccolo/engine/sqlite/async.hpp>
#include <piccolo/engine/sqlite/async_stream.hpp>
#include <piccolo/sqlite.hpp>
