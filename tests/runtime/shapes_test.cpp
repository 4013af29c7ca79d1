// Identifiers and query shapes (issue 8, section 5; the double defaults of section 4):
// names with quotes in them, index names that cannot collide or be cut short by
// PostgreSQL, an offset kept by first(), and double defaults that read back equal.

#include <limits>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class shapes_test : public database_test<Engine> {};
TYPED_TEST_SUITE(shapes_test, engines, engine_names);

using strings = std::vector<std::string>;

// Both quote characters in the table name and in column names, one of them indexed.
struct Odd {
  pc::serial id;
  std::string note;
  int vx = 0;
  static constexpr std::string_view table_name = "it's \"odd\"";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&Odd::note, "o'k">, pc::column_name<&Odd::vx, "v\"x">,
                       pc::index<&Odd::vx>);
  }
};
// A foreign key to it whose column name has a quote: the join alias carries it.
struct OddChild {
  pc::serial id;
  pc::foreign_key<Odd> parent;
  static constexpr auto column_options() { return pc::options(pc::column_name<&OddChild::parent, "pa\"rent">); }
};

TYPED_TEST(shapes_test, names_with_quotes_create_a_table_and_its_index_and_work) {
  this->db.run(pc::create_tables<Odd, OddChild>());
  EXPECT_EQ(TypeParam::index_names(this->db, "it's \"odd\""), (strings{"ix$it's \"odd\"$v\"x"}));
  // the serial key: on PostgreSQL the insert names the table inside a string literal
  this->db.run(pc::insert(Odd{.note = "first", .vx = 1}, Odd{.note = "second", .vx = 2}));
  auto ids = this->db.run(pc::insert(Odd{.note = "third", .vx = 2}).returning(c<&Odd::id>));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{3}));
  this->db.run(pc::insert(OddChild{.parent = 3}));
  EXPECT_EQ(this->db.run(pc::select(c<&Odd::note>).where(c<&Odd::vx> == 2).order_by(c<&Odd::id>)),
            (strings{"second", "third"}));
  EXPECT_EQ(this->db.run(pc::select(c<&OddChild::parent, &Odd::note>)), (strings{"third"}));
  EXPECT_EQ(this->db.run(pc::update<Odd>().set(c<&Odd::note> = "it's").where(c<&Odd::vx> == 1)), 1);
  EXPECT_EQ(this->db.run(pc::delete_from<OddChild>().where(c<&OddChild::parent, &Odd::vx> == 2)), 1);
  EXPECT_EQ(this->db.run(pc::objects<Odd>().where(c<&Odd::id> == 1).first())->note, "it's");
}

// Before: both indexes were named "a_b_c", and IF NOT EXISTS silently skipped the second.
struct A {
  pc::serial id;
  int b_c = 0;
  static constexpr auto column_options() { return pc::options(pc::index<&A::b_c>); }
};
struct AB {
  pc::serial id;
  int c = 0;
  static constexpr std::string_view table_name = "a_b";
  static constexpr auto column_options() { return pc::options(pc::index<&AB::c>); }
};
// The separator inside names: "a$" on "b" and "a" on "$b".
struct ADollar {
  pc::serial id;
  int b = 0;
  static constexpr std::string_view table_name = "a$";
  static constexpr auto column_options() { return pc::options(pc::index<&ADollar::b>); }
};
struct ADollarB {
  pc::serial id;
  int b = 0;
  static constexpr std::string_view table_name = "a";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&ADollarB::b, "$b">, pc::index<&ADollarB::b>);
  }
};

TYPED_TEST(shapes_test, indexes_of_tables_a_and_a_b_do_not_collide) {
  this->db.run(pc::create_tables<A, AB>().if_not_exists());
  EXPECT_EQ(TypeParam::index_names(this->db, "a"), (strings{"ix$a$b_c"}));
  EXPECT_EQ(TypeParam::index_names(this->db, "a_b"), (strings{"ix$a_b$c"}));
  // again: nothing to do, nothing fails
  this->db.run(pc::create_tables<A, AB>().if_not_exists());
  EXPECT_EQ(TypeParam::index_names(this->db, "a_b"), (strings{"ix$a_b$c"}));
}

TYPED_TEST(shapes_test, a_dollar_inside_a_name_does_not_make_index_names_collide) {
  this->db.run(pc::create_table<ADollar>().if_not_exists());
  this->db.run(pc::create_table<ADollarB>().if_not_exists());
  EXPECT_EQ(TypeParam::index_names(this->db, "a$"), (strings{"ix$a\\$$b"}));
  EXPECT_EQ(TypeParam::index_names(this->db, "a"), (strings{"ix$a$\\$b"}));
}

// Index names past PostgreSQL's 63 bytes, alike in their first 63: each keeps its index.
// The table and a column name are past 63 bytes too (PostgreSQL keeps 63 of them).
struct LongNames {
  pc::serial id;
  int first = 0;
  int second = 0;
  int third = 0;
  static constexpr std::string_view table_name =
      "a_table_name_of_seventy_bytes_which_postgresql_cuts_at_63_bytes_______";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&LongNames::first, "a_column_name_of_thirty_bytes_1">,
                       pc::column_name<&LongNames::second, "a_column_name_of_thirty_bytes_2">,
                       pc::column_name<&LongNames::third,
                                       "a_column_name_of_seventy_bytes_which_postgresql_cuts_at_63_bytes______">,
                       pc::index<&LongNames::first>, pc::index<&LongNames::second>,
                       pc::index<&LongNames::third>);
  }
};
static_assert(LongNames::table_name.size() == 70);

TYPED_TEST(shapes_test, long_index_names_stay_apart) {
  this->db.run(pc::create_table<LongNames>().if_not_exists());
  this->db.run(pc::create_table<LongNames>().if_not_exists());
  std::string stored{LongNames::table_name};
  if constexpr (!TypeParam::is_sqlite) stored.resize(63);
  // 54 bytes of "ix$<table>$<column>", '$' and the FNV-1a hash of the whole name
  EXPECT_EQ(TypeParam::index_names(this->db, stored),
            (strings{"ix$a_table_name_of_seventy_bytes_which_postgresql_cuts$0a77efc4",
                     "ix$a_table_name_of_seventy_bytes_which_postgresql_cuts$0d77f47d",
                     "ix$a_table_name_of_seventy_bytes_which_postgresql_cuts$7eca670d"}));
  // the long names work in queries, the serial key's sequence included
  this->db.run(pc::insert(LongNames{.first = 1, .second = 2, .third = 3}));
  this->db.run(pc::insert(LongNames{.first = 4, .second = 5, .third = 6}));
  EXPECT_EQ(this->db.run(pc::select(c<&LongNames::id>).where(c<&LongNames::third> == 6)),
            (std::vector<std::int64_t>{2}));
}

// Defaults that need every digit (0.9999999999 became 1.0 and 1e-10 became 0.0).
struct Ratios {
  pc::serial id;
  std::string key;
  double nines = 0.9999999999;
  double tiny = 1e-10;
  double third = 1.0 / 3;
  double huge = 1.5e300;
  double negative = -2.5;
  double whole = 1e21;
  double pi = 3.141592653589793;
  float single = 0.1f;
  float single_third = 1.0f / 3;
  double up = std::numeric_limits<double>::infinity();
  double down = -std::numeric_limits<double>::infinity();
};

TYPED_TEST(shapes_test, double_defaults_read_back_equal) {
  this->db.run(pc::create_table<Ratios>());
  this->db.run(pc::raw<R"(INSERT INTO "ratios" ("key") VALUES ('defaults'))">());
  auto row = this->db.run(pc::objects<Ratios>().first());
  ASSERT_TRUE(row.has_value());
  const Ratios expected{};
  EXPECT_EQ(row->key, "defaults");
  EXPECT_EQ(row->nines, expected.nines);
  EXPECT_EQ(row->tiny, expected.tiny);
  EXPECT_EQ(row->third, expected.third);
  EXPECT_EQ(row->huge, expected.huge);
  EXPECT_EQ(row->negative, expected.negative);
  EXPECT_EQ(row->whole, expected.whole);
  EXPECT_EQ(row->pi, expected.pi);
  EXPECT_EQ(row->single, expected.single);
  EXPECT_EQ(row->single_third, expected.single_third);
  EXPECT_EQ(row->up, expected.up);
  EXPECT_EQ(row->down, expected.down);
}

// offset(n).first(): one parameter in the text, one value bound (the offset).
TYPED_TEST(shapes_test, first_keeps_the_offset) {
  this->db.run(pc::create_table<Odd>());
  for (int i = 1; i <= 5; ++i) this->db.run(pc::insert(Odd{.note = "n" + std::to_string(i), .vx = i}));
  auto third = this->db.run(pc::objects<Odd>().order_by(c<&Odd::id>).offset(2).first());
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->note, "n3");
  EXPECT_EQ(this->db.run(pc::select(c<&Odd::vx>).order_by(c<&Odd::id>).limit(2).offset(3)),
            (std::vector<int>{4, 5}));
}

}  // namespace
}  // namespace piccolo_test
