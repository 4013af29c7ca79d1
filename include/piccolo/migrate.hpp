#pragma once
// Migrations: schema snapshots (JSON), introspection of a live database, verify_schema,
// table_exists and the diff of two snapshots into operations (auto
// migrations). Not included by the engine headers; links piccolo::json (Boost.JSON).

#include <piccolo/migrate/diff.hpp>
#include <piccolo/migrate/introspect.hpp>
#include <piccolo/migrate/snapshot.hpp>
#include <piccolo/migrate/verify.hpp>
