// The text of pc::table_exists<T>() on both dialects: the table's name is part of the
// constant text. Building this file is the test.

#include <piccolo/migrate/introspect.hpp>

#include "schema.hpp"

namespace music {

using band_exists = decltype(pc::table_exists<Band>());
static_assert(sqlite_text<band_exists> ==
              "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'band')");
static_assert(postgres_text<band_exists> ==
              "SELECT EXISTS(SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
              "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname = 'band')");
// a table_name override
static_assert(sqlite_text<decltype(pc::table_exists<Venue>())> ==
              "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'venues')");
static_assert(band_exists::kind == pc::result_kind::exists && band_exists::parameters == 0);

}  // namespace music
