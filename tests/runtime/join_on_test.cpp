// join_on(): joins that follow no foreign key. The joined table's columns in the select
// list (optional: a LEFT JOIN may find no row), in where, order_by and group_by, foreign
// keys followed from it, and the condition's values bound in text order: exact rows on
// every engine; inner_join_on(), an INNER JOIN whose columns are not optional.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

// Awards name their band by name, not by a foreign key.
struct Award {
  pc::serial id;
  std::string band_name;
  int year = 0;
};

template <class Engine>
class join_on_test : public example_test<Engine> {
 protected:
  void SetUp() override {
    example_test<Engine>::SetUp();
    this->db.run(pc::create_table<Award>());
    this->db.run(pc::insert(Award{.band_name = "Pythonistas", .year = 2020}, Award{.band_name = "Rustaceans", .year = 2021},
                            Award{.band_name = "Nobody", .year = 2022}));
  }
};
TYPED_TEST_SUITE(join_on_test, engines, engine_names);

TYPED_TEST(join_on_test, join_on_reads_joined_columns_as_optional_and_null_without_a_match) {
  auto q = pc::select(c<&Band::name>, c<&Award::year>)
               .join_on(c<&Band::name> == c<&Award::band_name>)
               .order_by(c<&Band::name>);
  using row = std::tuple<std::string, std::optional<int>>;
  static_assert(std::is_same_v<typename decltype(q)::row_type, row>);
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{"C-Sharps", std::nullopt}, {"Pythonistas", 2020}, {"Rustaceans", 2021}}));
}

TYPED_TEST(join_on_test, join_on_table_filters_in_where) {
  auto joined = pc::select(c<&Band::name>).join_on(c<&Band::name> == c<&Award::band_name>);
  std::vector<std::string> recent = this->db.run(joined.where(c<&Award::year> >= 2021));
  EXPECT_EQ(recent, (std::vector<std::string>{"Rustaceans"}));
  std::vector<std::string> never = this->db.run(joined.where(c<&Award::id>.is_null()));
  EXPECT_EQ(never, (std::vector<std::string>{"C-Sharps"}));
}

TYPED_TEST(join_on_test, join_on_condition_binds_between_select_list_and_where) {
  auto q = pc::select(c<&Band::name>, c<&Band::popularity> + 1, c<&Award::year>)
               .join_on(c<&Band::name> == c<&Award::band_name> && c<&Award::year> > 2020)
               .where(c<&Band::popularity> < 900)
               .order_by(c<&Band::name>);
  using row = std::tuple<std::string, std::int64_t, std::optional<int>>;
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{"C-Sharps", 11, std::nullopt}, {"Rustaceans", 501, 2021}}));
}

TYPED_TEST(join_on_test, join_on_groups_and_counts_matches) {
  auto q = pc::select(c<&Award::band_name>, pc::count(c<&Band::id>))
               .join_on(c<&Award::band_name> == c<&Band::name>)
               .group_by(c<&Award::band_name>)
               .order_by(c<&Award::band_name>);
  using row = std::tuple<std::string, std::int64_t>;
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{"Nobody", 0}, {"Pythonistas", 1}, {"Rustaceans", 1}}));
}

TYPED_TEST(join_on_test, join_on_table_follows_its_foreign_keys) {
  auto q = pc::select(c<&Award::band_name>, c<&Band::manager, &Manager::name>)
               .join_on(c<&Award::band_name> == c<&Band::name>)
               .order_by(c<&Award::band_name>);
  using row = std::tuple<std::string, std::optional<std::string>>;
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{"Nobody", std::nullopt}, {"Pythonistas", "Guido"}, {"Rustaceans", "Graydon"}}));
}

TYPED_TEST(join_on_test, join_on_with_objects_and_count) {
  std::vector<Band> awarded = this->db.run(pc::objects<Band>()
                                               .join_on(c<&Band::name> == c<&Award::band_name>)
                                               .where(c<&Award::id>.is_not_null())
                                               .order_by(c<&Band::id>));
  ASSERT_EQ(awarded.size(), 2u);
  EXPECT_EQ(std::string{awarded[0].name}, "Pythonistas");
  EXPECT_EQ(std::string{awarded[1].name}, "Rustaceans");
  std::int64_t unmatched = this->db.run(
      pc::count<Award>().join_on(c<&Award::band_name> == c<&Band::name>).where(c<&Band::id>.is_null()));
  EXPECT_EQ(unmatched, 1);
}

TYPED_TEST(join_on_test, inner_join_on_keeps_matched_rows_with_plain_columns) {
  auto q = pc::select(c<&Band::name>, c<&Award::year>, c<&Band::manager, &Manager::name>)
               .inner_join_on(c<&Band::name> == c<&Award::band_name>)
               .order_by(c<&Award::year>.desc());
  // the award's year is an int; the manager's name optional only because Band::manager is
  using row = std::tuple<std::string, int, std::optional<std::string>>;
  static_assert(std::is_same_v<typename decltype(q)::row_type, row>);
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{"Rustaceans", 2021, "Graydon"}, {"Pythonistas", 2020, "Guido"}}));
}

TYPED_TEST(join_on_test, inner_join_on_with_objects_count_and_a_left_join_after_it) {
  std::int64_t awarded = this->db.run(pc::count<Band>().inner_join_on(c<&Band::name> == c<&Award::band_name>));
  EXPECT_EQ(awarded, 2);
  std::vector<Award> of_bands = this->db.run(
      pc::objects<Award>().inner_join_on(c<&Award::band_name> == c<&Band::name>).order_by(c<&Award::id>));
  ASSERT_EQ(of_bands.size(), 2u);
  EXPECT_EQ(of_bands[0].band_name, "Pythonistas");
  EXPECT_EQ(of_bands[1].band_name, "Rustaceans");
  // bands with a popular award year, and the venue named like the band if any (none)
  auto q = pc::select(c<&Band::name>, c<&Venue::capacity>)
               .inner_join_on(c<&Band::name> == c<&Award::band_name> && c<&Award::year> > 2020)
               .join_on(c<&Venue::name> == c<&Band::name>);
  using row = std::tuple<std::string, std::optional<int>>;
  std::vector<row> rows = this->db.run(q);
  EXPECT_EQ(rows, (std::vector<row>{{"Rustaceans", std::nullopt}}));
}

}  // namespace
}  // namespace piccolo_test
