// Identifiers and query shapes (issue 8, section 5): every identifier quoted by one
// function, index names that cannot collide, names inside string literals escaped,
// double defaults that read back as the same value, and a text whose parameter count
// is the number of values the query binds. Building this file is the test.

#include "schema.hpp"
#include "shapes_schema.hpp"

namespace shapes {

// ---- quotes in names --------------------------------------------------------

// table, column and index names with " and ': the index name is quoted like the others
using create_odd = decltype(pc::create_table<Odd>());
static_assert(sqlite_text<create_odd> ==
              R"sql(CREATE TABLE "it's ""odd""" ("id" INTEGER PRIMARY KEY, "o'k" TEXT NOT NULL, "v""x" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX "ix$it's ""odd""$v""x" ON "it's ""odd""" ("v""x"))sql");
static_assert(postgres_text<create_odd> ==
              R"sql(CREATE TABLE "it's ""odd""" ("id" SERIAL PRIMARY KEY, "o'k" TEXT NOT NULL, "v""x" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX "ix$it's ""odd""$v""x" ON "it's ""odd""" ("v""x"))sql");

// pg_get_serial_sequence('<the quoted table name as a literal>', '<the column as a literal>')
using insert_odd = decltype(pc::insert(Odd{}));
static_assert(sqlite_text<insert_odd> == R"sql(INSERT INTO "it's ""odd""" ("id", "o'k", "v""x") VALUES (?, ?, ?))sql");
static_assert(postgres_text<insert_odd> ==
              R"sql(INSERT INTO "it's ""odd""" ("id", "o'k", "v""x") VALUES (CASE WHEN $1 IS NULL THEN nextval(pg_get_serial_sequence('"it''s ""odd"""', 'id')) ELSE $1 + 0 * setval(pg_get_serial_sequence('"it''s ""odd"""', 'id'), GREATEST($1, COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('"it''s ""odd"""', 'id') AS regclass)), 1))) END, $2, $3))sql");

// a join alias built from a column name with a quote
using select_through_odd_key = decltype(pc::select(c<&OddChild::parent, &Odd::note>));
static_assert(sqlite_text<select_through_odd_key> == postgres_text<select_through_odd_key>);
static_assert(sqlite_text<select_through_odd_key> ==
              R"sql(SELECT "odd_child$pa""rent"."o'k" FROM "odd_child" LEFT JOIN "it's ""odd""" AS "odd_child$pa""rent" ON "odd_child$pa""rent"."id" = "odd_child"."pa""rent")sql");

// ---- index names ------------------------------------------------------------

// "a" on "b_c" and "a_b" on "c" (both a_b_c before); "$" and "\" inside a name are
// escaped, so "a$" on "b" and "x" on "$b" stay apart from each other and from "a" on "$b"
using create_colliding = decltype(pc::create_tables<A, AB, ADollar, DollarB>().if_not_exists());
static_assert(sqlite_text<create_colliding> ==
              R"sql(CREATE TABLE IF NOT EXISTS "a" ("id" INTEGER PRIMARY KEY, "b_c" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS "ix$a$b_c" ON "a" ("b_c");
CREATE TABLE IF NOT EXISTS "a_b" ("id" INTEGER PRIMARY KEY, "c" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS "ix$a_b$c" ON "a_b" ("c");
CREATE TABLE IF NOT EXISTS "a$" ("id" INTEGER PRIMARY KEY, "b" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS "ix$a\$$b" ON "a$" ("b");
CREATE TABLE IF NOT EXISTS "x" ("id" INTEGER PRIMARY KEY, "$b" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS "ix$x$\$b" ON "x" ("$b"))sql");
static_assert(pc::detail::index_name<A, 1>::view == "ix$a$b_c");
static_assert(pc::detail::index_name<AB, 1>::view == "ix$a_b$c");
static_assert(pc::detail::write_index_name("a$", "b", nullptr) == 8);  // ix$a\$$b
static_assert(pc::detail::index_name<ADollar, 1>::view != pc::detail::index_name<DollarB, 1>::view);

// past 63 bytes: 54 bytes of the name, '$' and the FNV-1a hash of the whole name
using create_long_names = decltype(pc::create_table<LongNames>());
static_assert(postgres_text<create_long_names> ==
              R"sql(CREATE TABLE "a_table_name_of_forty_bytes_for_testing_" ("id" SERIAL PRIMARY KEY, "a_column_name_of_thirty_bytes_1" INTEGER NOT NULL DEFAULT 0, "a_column_name_of_thirty_bytes_2" INTEGER NOT NULL DEFAULT 0);
CREATE INDEX "ix$a_table_name_of_forty_bytes_for_testing_$a_column_n$0b089302" ON "a_table_name_of_forty_bytes_for_testing_" ("a_column_name_of_thirty_bytes_1");
CREATE INDEX "ix$a_table_name_of_forty_bytes_for_testing_$a_column_n$0a08916f" ON "a_table_name_of_forty_bytes_for_testing_" ("a_column_name_of_thirty_bytes_2"))sql");
static_assert(pc::detail::index_name<LongNames, 1>::size == 63);
static_assert(pc::detail::index_name<music::Band, 3>::view == "ix$band$popularity");
// a cut never splits a UTF-8 character
static_assert(pc::detail::postgres_stored_name(
                  "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
                  "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9x")
                  .size() == 62);

// ---- double defaults: the shortest digits that read back as the same value ---

using create_ratios = decltype(pc::create_table<Ratios>());
static_assert(sqlite_text<create_ratios> ==
              R"sql(CREATE TABLE "ratios" ("id" INTEGER PRIMARY KEY, "key" TEXT NOT NULL, "nines" DOUBLE PRECISION NOT NULL DEFAULT 0.9999999999, "tiny" DOUBLE PRECISION NOT NULL DEFAULT 1e-10, "third" DOUBLE PRECISION NOT NULL DEFAULT 0.3333333333333333, "huge" DOUBLE PRECISION NOT NULL DEFAULT 1.5e300, "negative" DOUBLE PRECISION NOT NULL DEFAULT -2.5, "whole" DOUBLE PRECISION NOT NULL DEFAULT 1e21, "single" REAL NOT NULL DEFAULT 0.1, "smallest" DOUBLE PRECISION NOT NULL DEFAULT 5e-324))sql");

template <class F>
constexpr std::string_view real_text(F value, char (&buffer)[64]) {
  pc::sql_writer w{pc::dialect_id::postgres, buffer};
  w.put_real(value);
  return {buffer, w.size()};
}
constexpr bool real_is(double value, std::string_view expected) {
  char buffer[64]{};
  return real_text(value, buffer) == expected;
}
constexpr bool real_is(float value, std::string_view expected) {
  char buffer[64]{};
  return real_text(value, buffer) == expected;
}
static_assert(real_is(0.0, "0.0"));
static_assert(real_is(-0.0, "-0.0"));
static_assert(real_is(1.0, "1.0"));
static_assert(real_is(100.0, "100.0"));
static_assert(real_is(19.99, "19.99"));
static_assert(real_is(0.1 + 0.2, "0.30000000000000004"));
static_assert(real_is(123456789012345678.0, "123456789012345680.0"));
static_assert(real_is(1e22, "1e22"));
static_assert(real_is(1e-5, "0.00001"));
static_assert(real_is(1e-6, "0.000001"));
static_assert(real_is(1e-7, "1e-7"));
static_assert(real_is(1.7976931348623157e308, "1.7976931348623157e308"));
static_assert(real_is(2.2250738585072014e-308, "2.2250738585072014e-308"));
static_assert(real_is(9007199254740993.0, "9007199254740992.0"));
static_assert(real_is(3.4028235e38f, "3.4028235e38"));
static_assert(real_is(16777217.0f, "16777216.0"));
static_assert(real_is(1347419.25f, "1347419.2"));  // a tie takes the even digit, as std::to_chars
static_assert(real_is(std::numeric_limits<double>::infinity(), "'Infinity'"));
static_assert(real_is(-std::numeric_limits<double>::infinity(), "'-Infinity'"));  // -'Infinity' is ambiguous

// ---- parameters in the text = values bound ----------------------------------

using offset_first = decltype(pc::objects<music::Band>().offset(2).first());
static_assert(postgres_text<offset_first> ==
              R"sql(SELECT "band"."id", "band"."name", "band"."manager", "band"."popularity", "band"."site" FROM "band" LIMIT 1 OFFSET $1)sql");
static_assert(offset_first::parameters == 1);
static_assert(pc::binds_rendered_parameters<offset_first, pc::sqlite_dialect, pc::postgres_dialect>);
static_assert(pc::binds_rendered_parameters<decltype(pc::objects<music::Band>().where(c<&music::Band::id> > 1).limit(2).offset(3)), pc::sqlite_dialect, pc::postgres_dialect>);
static_assert(pc::binds_rendered_parameters<decltype(pc::update<music::Band>().set(c<&music::Band::popularity> = c<&music::Band::popularity> + 1, c<&music::Band::name> = "x").where(c<&music::Band::id> == 1).returning(c<&music::Band::id>)), pc::sqlite_dialect, pc::postgres_dialect>);
static_assert(pc::binds_rendered_parameters<decltype(pc::delete_from<music::Band>().where(c<&music::Band::name>.is_in({"a", "b"}) || c<&music::Band::manager, &music::Manager::name> == "x")), pc::sqlite_dialect, pc::postgres_dialect>);
static_assert(pc::binds_rendered_parameters<decltype(pc::insert(Odd{}, Odd{})), pc::sqlite_dialect, pc::postgres_dialect>);
static_assert(pc::binds_rendered_parameters<decltype(pc::raw<"SELECT {} + {}", std::int64_t>(1, 2)), pc::sqlite_dialect, pc::postgres_dialect>);
static_assert(pc::binds_rendered_parameters<decltype(pc::create_tables<A, AB>()), pc::sqlite_dialect, pc::postgres_dialect>);

// a query whose text has a parameter more than it binds is caught
struct one_parameter_too_many {
  static constexpr pc::result_kind kind = pc::result_kind::affected;
  using result_type = std::int64_t;
  static constexpr bool batched = false;
  static constexpr bool runnable = true;
  static constexpr int parameters = 1;
  static constexpr void render(pc::sql_writer& w) { w.put("SELECT ").parameter().put(", ").parameter(); }
};
static_assert(!pc::binds_rendered_parameters<one_parameter_too_many, pc::sqlite_dialect>);

}  // namespace shapes
