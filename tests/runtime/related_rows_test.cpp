// Whole rows in one query: pc::all_columns<T>() and c<&T::fk>.all_columns() in select(),
// objects<T>().with(c<&T::fk>, ...) (any depth, streamed too), and select(...).into<Row>()
// mapping the selected items onto a struct by name; on both engines.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "fixture.hpp"

using namespace piccolo_test;

namespace {

template <class Engine>
class related_rows_test : public example_test<Engine> {};
TYPED_TEST_SUITE(related_rows_test, engines, engine_names);

// A band as comparable values: (id, name, manager, popularity, website).
using band_values = std::tuple<std::int64_t, std::string, std::optional<std::int64_t>, int, std::optional<std::string>>;
band_values values_of(const Band& band) {
  std::optional<std::int64_t> manager;
  if (band.manager) manager = band.manager->value();
  return {band.id.value(), std::string{band.name}, manager, band.popularity, band.website};
}
std::optional<std::string> name_of(const std::optional<Manager>& manager) {
  if (!manager) return std::nullopt;
  return std::string{manager->name};
}

TYPED_TEST(related_rows_test, all_columns_reads_the_whole_row_beside_other_items) {
  auto rows = this->db.run(pc::select(pc::all_columns<Band>(), c<&Band::manager, &Manager::name>)
                               .where(c<&Band::popularity> >= 500)
                               .order_by(c<&Band::id>));
  static_assert(std::is_same_v<decltype(rows), std::vector<std::tuple<Band, std::optional<std::string>>>>);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(values_of(std::get<0>(rows[0])), (band_values{1, "Pythonistas", 1, 1000, "https://python.org"}));
  EXPECT_EQ(std::get<1>(rows[0]), "Guido");
  EXPECT_EQ(values_of(std::get<0>(rows[1])), (band_values{2, "Rustaceans", 2, 500, std::nullopt}));
  EXPECT_EQ(std::get<1>(rows[1]), "Graydon");
}

TYPED_TEST(related_rows_test, all_columns_through_a_nullable_key_reads_none_where_the_key_is_null) {
  this->db.run(pc::update<Band>().set(c<&Band::manager> = std::nullopt).where(c<&Band::id> == 3));
  auto rows = this->db.run(pc::select(c<&Band::name>, c<&Band::manager>.all_columns()).order_by(c<&Band::id>));
  static_assert(std::is_same_v<decltype(rows), std::vector<std::tuple<std::string, std::optional<Manager>>>>);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(std::get<0>(rows[0]), "Pythonistas");
  EXPECT_EQ(name_of(std::get<1>(rows[0])), "Guido");
  EXPECT_EQ(std::get<1>(rows[0])->id, 1);
  EXPECT_EQ(name_of(std::get<1>(rows[1])), "Graydon");
  EXPECT_EQ(std::get<0>(rows[2]), "C-Sharps");
  EXPECT_EQ(std::get<1>(rows[2]), std::nullopt);
}

TYPED_TEST(related_rows_test, with_reads_each_object_beside_the_row_its_key_references) {
  auto rows = this->db.run(pc::objects<Band>()
                               .with(c<&Band::manager>)
                               .where(c<&Band::popularity> >= 500)
                               .order_by(c<&Band::popularity>.desc()));
  static_assert(std::is_same_v<decltype(rows), std::vector<std::tuple<Band, std::optional<Manager>>>>);
  ASSERT_EQ(rows.size(), 2u);
  auto& [pythonistas, guido] = rows[0];
  EXPECT_EQ(values_of(pythonistas), (band_values{1, "Pythonistas", 1, 1000, "https://python.org"}));
  EXPECT_EQ(name_of(guido), "Guido");
  EXPECT_EQ(values_of(std::get<0>(rows[1])), (band_values{2, "Rustaceans", 2, 500, std::nullopt}));
  EXPECT_EQ(name_of(std::get<1>(rows[1])), "Graydon");
  auto first = this->db.run(pc::objects<Band>().with(c<&Band::manager>).get(c<&Band::name> == "C-Sharps"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(name_of(std::get<1>(*first)), "Mads");
}

TYPED_TEST(related_rows_test, with_follows_foreign_keys_to_any_depth_and_several_at_once) {
  this->db.run(pc::update<Band>().set(c<&Band::manager> = std::nullopt).where(c<&Band::id> == 3));
  auto rows = this->db.run(pc::objects<Concert>()
                               .with(c<&Concert::band_1>, c<&Concert::band_2, &Band::manager>)
                               .with(c<&Concert::venue>)
                               .order_by(c<&Concert::id>)
                               .limit(5));
  static_assert(std::is_same_v<decltype(rows),
                               std::vector<std::tuple<Concert, Band, std::optional<Manager>, Venue>>>);
  ASSERT_EQ(rows.size(), 2u);
  auto& [concert, band_1, band_2_manager, venue] = rows[0];
  EXPECT_EQ(concert.id, 1);
  EXPECT_EQ(concert.starts, at(2024, 5, 1, 20, 0));
  EXPECT_EQ(std::string{band_1.name}, "Pythonistas");
  EXPECT_EQ(name_of(band_2_manager), "Graydon");
  EXPECT_EQ(std::string{venue.name}, "Amazing Venue");
  EXPECT_EQ(venue.capacity, 5000);
  EXPECT_EQ(std::get<0>(rows[1]).id, 2);
  EXPECT_EQ(std::string{std::get<1>(rows[1]).name}, "Rustaceans");
  EXPECT_EQ(std::get<2>(rows[1]), std::nullopt);  // band 3 has no manager now
  EXPECT_EQ(std::string{std::get<3>(rows[1]).name}, "Smallish Venue");
}

TYPED_TEST(related_rows_test, with_rows_stream_in_batches) {
  std::vector<std::pair<std::string, std::optional<std::string>>> seen;
  for (auto&& [band, manager] : this->db.stream(pc::objects<Band>().with(c<&Band::manager>).order_by(c<&Band::id>), 2))
    seen.emplace_back(std::string{band.name}, name_of(manager));
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::optional<std::string>>>{
                      {"Pythonistas", "Guido"}, {"Rustaceans", "Graydon"}, {"C-Sharps", "Mads"}}));
}

struct BandSummary {
  std::optional<std::string> manager_name;
  std::string name;
  int popularity;
};
struct ManagerLoad {
  std::string name;
  std::int64_t bands;
  std::optional<int> most_popular;
};

// (inside a template, as these tests are, GCC 12 wants .template into<Row>() and pc::as<>)
TYPED_TEST(related_rows_test, into_maps_columns_and_aliases_onto_fields_by_name) {
  auto rows = this->db.run(pc::select(c<&Band::name>, c<&Band::popularity>, pc::as<"manager_name">(c<&Band::manager, &Manager::name>))
                               .where(c<&Band::popularity> < 1000)
                               .order_by(c<&Band::popularity>)
                               .template into<BandSummary>());
  static_assert(std::is_same_v<decltype(rows), std::vector<BandSummary>>);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "C-Sharps");
  EXPECT_EQ(rows[0].popularity, 10);
  EXPECT_EQ(rows[0].manager_name, "Mads");
  EXPECT_EQ(rows[1].name, "Rustaceans");
  EXPECT_EQ(rows[1].popularity, 500);
  EXPECT_EQ(rows[1].manager_name, "Graydon");
}

TYPED_TEST(related_rows_test, into_reads_aggregates_by_their_aliases) {
  auto rows = this->db.run(pc::select(c<&Manager::name>, pc::as<"bands">(pc::count()),
                                      pc::as<"most_popular">(pc::max(c<&Band::popularity>)))
                               .join_on(c<&Band::manager> == c<&Manager::id>)
                               .group_by(c<&Manager::name>)
                               .order_by(c<&Manager::name>)
                               .template into<ManagerLoad>());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "Graydon");
  EXPECT_EQ(rows[0].bands, 1);
  EXPECT_EQ(rows[0].most_popular, 500);
  EXPECT_EQ(rows[2].name, "Mads");
  EXPECT_EQ(rows[2].most_popular, 10);
}

}  // namespace
