// The exact SQL text of pc::alter<T>() changes, for SQLite and PostgreSQL: ALTER TABLE
// where the dialect has it, SQLite's table rebuild otherwise. Building this file is the test.

#include <piccolo/alter.hpp>

#include "schema.hpp"

namespace music {
namespace {

// music::Band's table (band: id, name UNIQUE, manager, popularity = 0 indexed, site).
using add_nullable = decltype(pc::alter<Band>().add_column(c<&Band::website>));
static_assert(postgres_text<add_nullable> == R"sql(ALTER TABLE "band" ADD COLUMN "site" TEXT)sql");
static_assert(sqlite_text<add_nullable> == R"sql(ALTER TABLE "band" ADD COLUMN "site" TEXT)sql");
static_assert(!add_nullable::rebuilds_on_sqlite);

using add_with_default = decltype(pc::alter<Band>().add_column(c<&Band::popularity>));
static_assert(postgres_text<add_with_default> ==
              R"sql(ALTER TABLE "band" ADD COLUMN "popularity" INTEGER NOT NULL DEFAULT 0)sql");
static_assert(sqlite_text<add_with_default> == postgres_text<add_with_default>);

// SQLite adds neither a UNIQUE column nor a NOT NULL foreign key: the rebuild, which
// copies every other column
constexpr std::string_view band_rebuild_table =
    R"sql(CREATE TABLE "band$new" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(50) NOT NULL UNIQUE, "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "popularity" INTEGER NOT NULL DEFAULT 0, "site" TEXT);
)sql";
constexpr std::string_view band_rebuild_rename = R"sql(;
DROP TABLE "band";
ALTER TABLE "band$new" RENAME TO "band")sql";
template <class Q>
constexpr bool sqlite_rebuilds_with(std::string_view copy) {
  const std::string_view text = sqlite_text<Q>;
  return Q::rebuilds_on_sqlite && text.substr(0, band_rebuild_table.size()) == band_rebuild_table &&
         text.substr(band_rebuild_table.size(), copy.size()) == copy &&
         text.substr(band_rebuild_table.size() + copy.size()) == band_rebuild_rename;
}
constexpr std::string_view copy_all =
    R"sql(INSERT INTO "band$new" ("id", "name", "manager", "popularity", "site") SELECT "id", "name", "manager", "popularity", "site" FROM "band")sql";

using add_unique_column = decltype(pc::alter<Band>().add_column(c<&Band::name>));
static_assert(postgres_text<add_unique_column> == R"sql(ALTER TABLE "band" ADD COLUMN "name" VARCHAR(50) NOT NULL UNIQUE)sql");
static_assert(sqlite_rebuilds_with<add_unique_column>(
    R"sql(INSERT INTO "band$new" ("id", "manager", "popularity", "site") SELECT "id", "manager", "popularity", "site" FROM "band")sql"));

using add_foreign_key_column = decltype(pc::alter<Band>().add_column(c<&Band::manager>));
static_assert(postgres_text<add_foreign_key_column> ==
              R"sql(ALTER TABLE "band" ADD COLUMN "manager" INTEGER NOT NULL REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE)sql");
static_assert(add_foreign_key_column::rebuilds_on_sqlite);

using drop_column = decltype(pc::alter<Band>().drop_column<"genre">());
static_assert(postgres_text<drop_column> == R"sql(ALTER TABLE "band" DROP COLUMN "genre")sql");
static_assert(sqlite_rebuilds_with<drop_column>(copy_all));

using rename_column = decltype(pc::alter<Band>().rename_column<"title">(c<&Band::name>));
static_assert(postgres_text<rename_column> == R"sql(ALTER TABLE "band" RENAME COLUMN "title" TO "name")sql");
static_assert(sqlite_text<rename_column> == postgres_text<rename_column>);

// what is named after the table follows it, as if created under the new name: PostgreSQL's
// own constraint and sequence names and piccolo's index (SQLite: the index made again)
using rename_table = decltype(pc::alter<Band>().rename_from<"bands">());
static_assert(postgres_text<rename_table> == R"sql(ALTER TABLE "bands" RENAME TO "band";
ALTER TABLE "band" RENAME CONSTRAINT "bands_pkey" TO "band_pkey";
ALTER TABLE "band" RENAME CONSTRAINT "bands_name_key" TO "band_name_key";
ALTER TABLE "band" RENAME CONSTRAINT "bands_manager_fkey" TO "band_manager_fkey";
ALTER SEQUENCE "bands_id_seq" RENAME TO "band_id_seq";
ALTER INDEX "ix$bands$popularity" RENAME TO "ix$band$popularity")sql");
static_assert(sqlite_text<rename_table> == R"sql(ALTER TABLE "bands" RENAME TO "band";
DROP INDEX "ix$bands$popularity";
CREATE INDEX "ix$band$popularity" ON "band" ("popularity"))sql");

// PostgreSQL's names past 63 bytes (makeObjectName): the longer of table and columns
// loses a byte at a time until "<table>_<columns>_<label>" fits (each text below is the
// name PostgreSQL 15 gave)
static_assert(pc::detail::postgres_object_name("a_table_name_of_forty_bytes_for_testing_",
                                               std::array<std::string_view, 1>{"a_column_name_of_thirty_bytes_1"}, "key")
                  .view() == "a_table_name_of_forty_bytes_f_a_column_name_of_thirty_bytes_key");
static_assert(pc::detail::postgres_object_name("a_table_name_of_forty_bytes_for_testing_",
                                               std::array<std::string_view, 1>{"id"}, "seq")
                  .view() == "a_table_name_of_forty_bytes_for_testing__id_seq");
static_assert(pc::detail::postgres_object_name(std::string_view(
                                                   "a_table_name_of_sixty_three_bytes_which_postgres_keeps_whole_xx"),
                                               {}, "pkey")
                  .view() == "a_table_name_of_sixty_three_bytes_which_postgres_keeps_who_pkey");
// a cut never splits a UTF-8 character: 29 two-byte characters and 31 bytes of column
static_assert(pc::detail::postgres_object_name(
                  "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
                  "\u00e9\u00e9",
                  std::array<std::string_view, 1>{"a_column_name_of_thirty_bytes_1"}, "key")
                  .view() == "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9_a_column_name_of_thirty_bytes_key");

using set_not_null = decltype(pc::alter<Band>().set_not_null(c<&Band::name>));
static_assert(postgres_text<set_not_null> == R"sql(ALTER TABLE "band" ALTER COLUMN "name" SET NOT NULL)sql");
static_assert(sqlite_rebuilds_with<set_not_null>(copy_all));

using drop_not_null = decltype(pc::alter<Band>().drop_not_null(c<&Band::website>));
static_assert(postgres_text<drop_not_null> == R"sql(ALTER TABLE "band" ALTER COLUMN "site" DROP NOT NULL)sql");
static_assert(sqlite_rebuilds_with<drop_not_null>(copy_all));

using set_default = decltype(pc::alter<Band>().set_default(c<&Band::popularity>));
static_assert(postgres_text<set_default> == R"sql(ALTER TABLE "band" ALTER COLUMN "popularity" SET DEFAULT 0)sql");
static_assert(sqlite_rebuilds_with<set_default>(copy_all));

using drop_default = decltype(pc::alter<Band>().drop_default(c<&Band::name>));
static_assert(postgres_text<drop_default> == R"sql(ALTER TABLE "band" ALTER COLUMN "name" DROP DEFAULT)sql");
static_assert(sqlite_rebuilds_with<drop_default>(copy_all));

using change_type = decltype(pc::alter<Band>().change_type(c<&Band::popularity>));
static_assert(postgres_text<change_type> == R"sql(ALTER TABLE "band" ALTER COLUMN "popularity" TYPE INTEGER)sql");
static_assert(sqlite_rebuilds_with<change_type>(copy_all));

// USING: PostgreSQL's conversion, and the rebuild's copy of that column
using change_type_using =
    decltype(pc::alter<Band>().change_type(c<&Band::popularity>).using_sql<"CAST(\"popularity\" AS INTEGER)">());
static_assert(std::is_same_v<change_type_using, decltype(pc::alter<Band>().change_type<"CAST(\"popularity\" AS INTEGER)">(
                                                    c<&Band::popularity>))>);
static_assert(postgres_text<change_type_using> ==
              R"sql(ALTER TABLE "band" ALTER COLUMN "popularity" TYPE INTEGER USING CAST("popularity" AS INTEGER))sql");
static_assert(sqlite_rebuilds_with<change_type_using>(
    R"sql(INSERT INTO "band$new" ("id", "name", "manager", "popularity", "site") SELECT "id", "name", "manager", CAST("popularity" AS INTEGER), "site" FROM "band")sql"));

// constraints get the names PostgreSQL gives those of CREATE TABLE
using add_unique = decltype(pc::alter<Band>().add_unique(c<&Band::name>));
static_assert(postgres_text<add_unique> == R"sql(ALTER TABLE "band" ADD CONSTRAINT "band_name_key" UNIQUE ("name"))sql");
static_assert(sqlite_rebuilds_with<add_unique>(copy_all));

using drop_unique = decltype(pc::alter<Band>().drop_unique(c<&Band::manager>, c<&Band::popularity>));
static_assert(postgres_text<drop_unique> == R"sql(ALTER TABLE "band" DROP CONSTRAINT "band_manager_popularity_key")sql");
static_assert(sqlite_rebuilds_with<drop_unique>(copy_all));

using create_index = decltype(pc::alter<Band>().create_index(c<&Band::popularity>));
static_assert(postgres_text<create_index> == R"sql(CREATE INDEX "ix$band$popularity" ON "band" ("popularity"))sql");
static_assert(sqlite_text<create_index> == postgres_text<create_index>);

// an index over several columns, and one with a method SQLite does not have
struct Setlist {
  pc::serial id;
  pc::foreign_key<Band> band;
  int position = 0;
  std::string tags;
  static constexpr auto column_options() {
    return pc::options(pc::index_on<&Setlist::band, &Setlist::position>,
                       pc::index_using<pc::index_method::gin, &Setlist::tags>);
  }
};
using create_pair_index = decltype(pc::alter<Setlist>().create_index(c<&Setlist::band>, c<&Setlist::position>));
static_assert(postgres_text<create_pair_index> ==
              R"sql(CREATE INDEX "ix$setlist$band$position" ON "setlist" ("band", "position"))sql");
static_assert(sqlite_text<create_pair_index> == postgres_text<create_pair_index>);
using create_gin_index = decltype(pc::alter<Setlist>().create_index(c<&Setlist::tags>));
static_assert(postgres_text<create_gin_index> == R"sql(CREATE INDEX "ix_gin$setlist$tags" ON "setlist" USING gin ("tags"))sql");
static_assert(sqlite_text<create_gin_index>.empty());

using drop_index = decltype(pc::alter<Band>().drop_index(c<&Band::name>));
static_assert(postgres_text<drop_index> == R"sql(DROP INDEX "ix$band$name")sql");
static_assert(sqlite_text<drop_index> == postgres_text<drop_index>);

using add_foreign_key = decltype(pc::alter<Band>().add_foreign_key(c<&Band::manager>));
static_assert(postgres_text<add_foreign_key> ==
              R"sql(ALTER TABLE "band" ADD CONSTRAINT "band_manager_fkey" FOREIGN KEY ("manager") REFERENCES "manager" ("id") ON DELETE CASCADE ON UPDATE CASCADE)sql");
static_assert(sqlite_rebuilds_with<add_foreign_key>(copy_all));

using drop_foreign_key = decltype(pc::alter<Band>().drop_foreign_key(c<&Band::popularity>));
static_assert(postgres_text<drop_foreign_key> == R"sql(ALTER TABLE "band" DROP CONSTRAINT "band_popularity_fkey")sql");
static_assert(sqlite_rebuilds_with<drop_foreign_key>(copy_all));

}  // namespace
}  // namespace music
