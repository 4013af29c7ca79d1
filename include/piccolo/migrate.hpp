#pragma once
// Migrations: schema snapshots (JSON), introspection of a live database, verify_schema,
// table_exists, the diff of two snapshots into operations (auto migrations), migration
// files and the runner. Not included by the engine headers; links piccolo::json (Boost.JSON).

#include <piccolo/migrate/diff.hpp>
#include <piccolo/migrate/introspect.hpp>
#include <piccolo/migrate/migration.hpp>
#include <piccolo/migrate/runner.hpp>
#include <piccolo/migrate/snapshot.hpp>
#include <piccolo/migrate/verify.hpp>
