// raw<"SQL with {} placeholders", Row>(args...): rows as tuples, structs or values;
// without Row, the rows affected.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class raw_test : public example_test<Engine> {};
TYPED_TEST_SUITE(raw_test, engines, engine_names);

using strings = std::vector<std::string>;

struct BandSummary {
  std::string name;
  int popularity;
  std::optional<std::string> website;
};

TYPED_TEST(raw_test, raw_reads_rows_into_tuples) {
  std::vector<std::tuple<std::string, int>> rows = this->db.run(
      pc::raw<"SELECT name, popularity FROM band WHERE popularity > {} ORDER BY id", std::tuple<std::string, int>>(100));
  EXPECT_EQ(rows, (std::vector<std::tuple<std::string, int>>{{"Pythonistas", 1000}, {"Rustaceans", 500}}));
}

TYPED_TEST(raw_test, raw_reads_rows_into_structs) {
  std::vector<BandSummary> rows = this->db.run(
      pc::raw<"SELECT name, popularity, website FROM band WHERE name <> {} ORDER BY popularity", BandSummary>(
          "Pythonistas"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "C-Sharps");
  EXPECT_EQ(rows[0].popularity, 10);
  EXPECT_EQ(rows[0].website, "https://dotnet.microsoft.com");
  EXPECT_EQ(rows[1].name, "Rustaceans");
  EXPECT_EQ(rows[1].popularity, 500);
  EXPECT_EQ(rows[1].website, std::nullopt);
}

TYPED_TEST(raw_test, raw_reads_rows_of_one_value) {
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name FROM band ORDER BY id", std::string>()),
            (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT website FROM band ORDER BY id", std::optional<std::string>>()),
            (std::vector<std::optional<std::string>>{"https://python.org", std::nullopt,
                                                     "https://dotnet.microsoft.com"}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT COUNT(*) FROM ticket WHERE concert = {}", std::int64_t>(1)),
            (std::vector<std::int64_t>{2}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name FROM band WHERE id = {}", std::string>(99)), (strings{}));
}

TYPED_TEST(raw_test, raw_binds_values_of_every_kind) {
  std::vector<std::int64_t> ids = this->db.run(
      pc::raw<"SELECT id FROM ticket WHERE ticket_type = {} AND price > {} ORDER BY id", std::int64_t>(
          TicketType::standing, 40.0));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1}));
  ids = this->db.run(pc::raw<"SELECT id FROM concert WHERE starts >= {}", std::int64_t>(at(2024, 6, 1, 0, 0)));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{2}));
  std::string name = "Rustaceans";
  ids = this->db.run(pc::raw<"SELECT id FROM band WHERE name = {} OR name = {}", std::int64_t>(name, std::string_view{"C-Sharps"}));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::int64_t>{2, 3}));
}

TYPED_TEST(raw_test, raw_without_a_row_type_returns_rows_affected) {
  EXPECT_EQ(this->db.run(pc::raw<"UPDATE band SET popularity = popularity + {} WHERE popularity < {}">(1, 1000)), 2);
  EXPECT_EQ(this->db.run(pc::raw<"DELETE FROM ticket WHERE concert = {}">(1)), 2);
  EXPECT_EQ(this->db.run(pc::raw<"DELETE FROM ticket WHERE concert = {}">(1)), 0);
  EXPECT_EQ(this->db.run(pc::raw<"INSERT INTO manager (name) VALUES ({}), ({})">("Anders", "Bjarne")), 2);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::popularity>).order_by(c<&Band::id>)), (std::vector<int>{1000, 501, 11}));
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 5);
}

TYPED_TEST(raw_test, doubled_braces_are_literal_braces) {
  EXPECT_EQ(this->db.run(pc::raw<"SELECT '{{}}' || {}", std::string>("x")), (strings{"{}x"}));
}

TYPED_TEST(raw_test, a_row_type_of_another_width_is_misuse) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT name, popularity FROM band", std::string>()), pc::errc::misuse);
  PICCOLO_EXPECT_ERROR((this->db.run(pc::raw<"SELECT name, popularity FROM band", std::tuple<std::string, int, int>>())),
                       pc::errc::misuse);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT name FROM band", BandSummary>()), pc::errc::misuse);
  // checked on every run, not only the first
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT name, popularity FROM band", std::string>()), pc::errc::misuse);
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
}

TYPED_TEST(raw_test, raw_and_built_queries_see_the_same_rows) {
  this->db.run(pc::raw<"INSERT INTO band (name, manager, popularity) VALUES ({}, {}, {})">("Gophers", 2, 300));
  std::optional<Band> band = this->db.run(pc::objects<Band>().get(c<&Band::name> == "Gophers"));
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->id, 4);
  EXPECT_EQ(band->manager, std::optional<pc::foreign_key<Manager>>{2});
  EXPECT_EQ(band->popularity, 300);
  EXPECT_EQ(band->website, std::nullopt);
}

}  // namespace
}  // namespace piccolo_test
