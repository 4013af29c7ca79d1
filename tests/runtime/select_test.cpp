// select / objects / first / get / count / exists, where operators, ordering, paging,
// join paths, and the prepared statement cache.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class select_test : public example_test<Engine> {};
TYPED_TEST_SUITE(select_test, engines, engine_names);

using strings = std::vector<std::string>;
using ids = std::vector<std::int64_t>;

// ---- columns and rows -------------------------------------------------------------------

TYPED_TEST(select_test, select_one_column_returns_its_values) {
  std::vector<std::string> names = this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::id>));
  EXPECT_EQ(names, (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
}

TYPED_TEST(select_test, select_several_columns_returns_tuples) {
  std::vector<std::tuple<std::int64_t, std::string, int, std::optional<std::string>>> rows =
      this->db.run(pc::select(c<&Band::id>, c<&Band::name>, c<&Band::popularity>, c<&Band::website>)
                       .order_by(c<&Band::id>));
  using row = std::tuple<std::int64_t, std::string, int, std::optional<std::string>>;
  EXPECT_EQ(rows, (std::vector<row>{{1, "Pythonistas", 1000, "https://python.org"},
                                    {2, "Rustaceans", 500, std::nullopt},
                                    {3, "C-Sharps", 10, "https://dotnet.microsoft.com"}}));
}

TYPED_TEST(select_test, select_follows_one_foreign_key) {
  std::vector<std::tuple<std::int64_t, std::string>> rows =
      this->db.run(pc::select(c<&Concert::id>, c<&Concert::venue, &Venue::name>).order_by(c<&Concert::id>));
  EXPECT_EQ(rows, (std::vector<std::tuple<std::int64_t, std::string>>{{1, "Amazing Venue"},
                                                                      {2, "Smallish Venue"}}));
}

TYPED_TEST(select_test, select_follows_two_foreign_keys) {
  // Band::manager is nullable, so the manager's name comes back as std::optional.
  std::vector<std::tuple<std::string, std::optional<std::string>, std::optional<std::string>>> rows =
      this->db.run(pc::select(c<&Concert::band_1, &Band::name>, c<&Concert::band_1, &Band::manager, &Manager::name>,
                              c<&Concert::band_2, &Band::manager, &Manager::name>)
                       .order_by(c<&Concert::id>));
  using row = std::tuple<std::string, std::optional<std::string>, std::optional<std::string>>;
  EXPECT_EQ(rows, (std::vector<row>{{"Pythonistas", "Guido", "Graydon"}, {"Rustaceans", "Graydon", "Mads"}}));
}

TYPED_TEST(select_test, select_through_a_null_foreign_key_yields_nullopt) {
  this->db.run(pc::insert(Band{.name = "Freelancers", .manager = std::nullopt, .popularity = 1}));
  std::vector<std::tuple<std::string, std::optional<std::string>>> rows =
      this->db.run(pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>).order_by(c<&Band::id>));
  using row = std::tuple<std::string, std::optional<std::string>>;
  EXPECT_EQ(rows, (std::vector<row>{{"Pythonistas", "Guido"},
                                    {"Rustaceans", "Graydon"},
                                    {"C-Sharps", "Mads"},
                                    {"Freelancers", std::nullopt}}));
}

TYPED_TEST(select_test, where_and_order_by_follow_foreign_keys) {
  std::vector<std::int64_t> concerts =
      this->db.run(pc::select(c<&Concert::id>)
                       .where(c<&Concert::band_2, &Band::manager, &Manager::name> == "Mads")
                       .order_by(c<&Concert::venue, &Venue::capacity>.desc()));
  EXPECT_EQ(concerts, (ids{2}));
  std::vector<std::string> by_venue = this->db.run(
      pc::select(c<&Concert::band_1, &Band::name>).order_by(c<&Concert::venue, &Venue::name>.desc()));
  EXPECT_EQ(by_venue, (strings{"Rustaceans", "Pythonistas"}));
}

TYPED_TEST(select_test, objects_returns_whole_rows) {
  std::vector<Band> bands = this->db.run(pc::objects<Band>().order_by(c<&Band::id>));
  ASSERT_EQ(bands.size(), 3u);
  EXPECT_EQ(bands[0].id, 1);
  EXPECT_EQ(bands[0].name, "Pythonistas");
  EXPECT_EQ(bands[0].manager, std::optional<pc::foreign_key<Manager>>{1});
  EXPECT_EQ(bands[0].popularity, 1000);
  EXPECT_EQ(bands[0].website, "https://python.org");
  EXPECT_EQ(bands[1].id, 2);
  EXPECT_EQ(bands[1].name, "Rustaceans");
  EXPECT_EQ(bands[1].website, std::nullopt);

  std::vector<Concert> concerts = this->db.run(pc::objects<Concert>().where(c<&Concert::id> == 2));
  ASSERT_EQ(concerts.size(), 1u);
  EXPECT_EQ(concerts[0].band_1, 2);
  EXPECT_EQ(concerts[0].band_2, 3);
  EXPECT_EQ(concerts[0].venue, 2);
  EXPECT_EQ(concerts[0].starts, at(2024, 6, 1, 19, 30));

  std::vector<Ticket> tickets = this->db.run(pc::objects<Ticket>().order_by(c<&Ticket::id>));
  ASSERT_EQ(tickets.size(), 3u);
  EXPECT_EQ(tickets[1].concert, 1);
  EXPECT_EQ(tickets[1].price, 75.5);
  EXPECT_EQ(tickets[1].ticket_type, TicketType::sitting);
}

TYPED_TEST(select_test, first_returns_the_first_row_or_nullopt) {
  std::optional<std::string> top =
      this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::popularity>.desc()).first());
  EXPECT_EQ(top, "Pythonistas");
  std::optional<Band> none = this->db.run(pc::objects<Band>().where(c<&Band::popularity> > 5000).first());
  EXPECT_EQ(none.has_value(), false);
  std::optional<Band> least = this->db.run(pc::objects<Band>().order_by(c<&Band::popularity>).first());
  ASSERT_TRUE(least.has_value());
  EXPECT_EQ(least->name, "C-Sharps");
}

TYPED_TEST(select_test, get_returns_the_matching_row_or_nullopt) {
  std::optional<Band> band = this->db.run(pc::objects<Band>().get(c<&Band::name> == "Rustaceans"));
  ASSERT_TRUE(band.has_value());
  EXPECT_EQ(band->id, 2);
  EXPECT_EQ(band->popularity, 500);
  std::optional<Band> missing = this->db.run(pc::objects<Band>().get(c<&Band::id> == 42));
  EXPECT_FALSE(missing.has_value());
}

TYPED_TEST(select_test, count_counts_matching_rows) {
  EXPECT_EQ(this->db.run(pc::count<Band>()), 3);
  EXPECT_EQ(this->db.run(pc::count<Band>().where(c<&Band::popularity> >= 500)), 2);
  EXPECT_EQ(this->db.run(pc::count<Ticket>().where(c<&Ticket::concert, &Concert::venue, &Venue::name> ==
                                                   "Amazing Venue")),
            2);
  EXPECT_EQ(this->db.run(pc::count<Band>().where(c<&Band::popularity> > 5000)), 0);
}

TYPED_TEST(select_test, exists_is_true_only_when_a_row_matches) {
  EXPECT_TRUE(this->db.run(pc::exists<Band>().where(c<&Band::name> == "C-Sharps")));
  EXPECT_FALSE(this->db.run(pc::exists<Band>().where(c<&Band::name> == "Haskellers")));
  EXPECT_TRUE(this->db.run(pc::exists<Manager>()));
}

// ---- where operators -----------------------------------------------------------------------

TYPED_TEST(select_test, comparison_operators_filter_rows) {
  auto names = [&](const auto& condition) -> strings {
    return this->db.run(pc::select(c<&Band::name>).where(condition).order_by(c<&Band::id>));
  };
  EXPECT_EQ(names(c<&Band::popularity> == 500), (strings{"Rustaceans"}));
  EXPECT_EQ(names(c<&Band::popularity> != 500), (strings{"Pythonistas", "C-Sharps"}));
  EXPECT_EQ(names(c<&Band::popularity> < 500), (strings{"C-Sharps"}));
  EXPECT_EQ(names(c<&Band::popularity> <= 500), (strings{"Rustaceans", "C-Sharps"}));
  EXPECT_EQ(names(c<&Band::popularity> > 500), (strings{"Pythonistas"}));
  EXPECT_EQ(names(c<&Band::popularity> >= 500), (strings{"Pythonistas", "Rustaceans"}));
  EXPECT_EQ(names(c<&Band::name> == std::string{"C-Sharps"}), (strings{"C-Sharps"}));
  EXPECT_EQ(names(c<&Band::name> < "D"), (strings{"C-Sharps"}));
}

TYPED_TEST(select_test, logical_operators_combine_conditions) {
  auto names = [&](const auto& condition) -> strings {
    return this->db.run(pc::select(c<&Band::name>).where(condition).order_by(c<&Band::id>));
  };
  EXPECT_EQ(names(c<&Band::popularity> > 100 && c<&Band::popularity> < 1000), (strings{"Rustaceans"}));
  EXPECT_EQ(names(c<&Band::popularity> == 10 || c<&Band::name> == "Pythonistas"),
            (strings{"Pythonistas", "C-Sharps"}));
  EXPECT_EQ(names(!(c<&Band::popularity> == 500)), (strings{"Pythonistas", "C-Sharps"}));
  // && binds tighter than ||, and the rendered SQL keeps that grouping
  EXPECT_EQ(names(c<&Band::popularity> == 10 || (c<&Band::popularity> > 100 && c<&Band::popularity> < 1000)),
            (strings{"Rustaceans", "C-Sharps"}));
  EXPECT_EQ(names((c<&Band::popularity> == 10 || c<&Band::popularity> > 100) && c<&Band::popularity> < 1000),
            (strings{"Rustaceans", "C-Sharps"}));
  EXPECT_EQ(names(!(c<&Band::popularity> == 10 || c<&Band::popularity> == 1000)), (strings{"Rustaceans"}));
}

TYPED_TEST(select_test, like_is_case_sensitive) {
  auto names = [&](const auto& condition) -> strings {
    return this->db.run(pc::select(c<&Band::name>).where(condition).order_by(c<&Band::id>));
  };
  EXPECT_EQ(names(c<&Band::name>.like("Py%")), (strings{"Pythonistas"}));
  EXPECT_EQ(names(c<&Band::name>.like("py%")), (strings{}));
  EXPECT_EQ(names(c<&Band::name>.like("%a%")), (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
  EXPECT_EQ(names(c<&Band::name>.like("_-%")), (strings{"C-Sharps"}));
}

TYPED_TEST(select_test, ilike_ignores_case) {
  auto names = [&](const auto& condition) -> strings {
    return this->db.run(pc::select(c<&Band::name>).where(condition).order_by(c<&Band::id>));
  };
  EXPECT_EQ(names(c<&Band::name>.ilike("py%")), (strings{"Pythonistas"}));
  EXPECT_EQ(names(c<&Band::name>.ilike("%SHARPS")), (strings{"C-Sharps"}));
  EXPECT_EQ(names(c<&Band::name>.ilike("rUsTaCeAnS")), (strings{"Rustaceans"}));
}

TYPED_TEST(select_test, not_like_excludes_matches) {
  strings names = this->db.run(pc::select(c<&Band::name>).where(c<&Band::name>.not_like("%s")).order_by(c<&Band::id>));
  EXPECT_EQ(names, (strings{}));
  names = this->db.run(pc::select(c<&Band::name>).where(c<&Band::name>.not_like("P%")).order_by(c<&Band::id>));
  EXPECT_EQ(names, (strings{"Rustaceans", "C-Sharps"}));
  // case-sensitive like like(): "p%" excludes nothing
  names = this->db.run(pc::select(c<&Band::name>).where(c<&Band::name>.not_like("p%")).order_by(c<&Band::id>));
  EXPECT_EQ(names, (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
}

TYPED_TEST(select_test, is_in_and_not_in_match_a_list_of_integers) {
  std::vector<int> wanted{1000, 10, 77};
  strings names = this->db.run(pc::select(c<&Band::name>).where(c<&Band::popularity>.is_in(wanted)).order_by(c<&Band::id>));
  EXPECT_EQ(names, (strings{"Pythonistas", "C-Sharps"}));
  names = this->db.run(pc::select(c<&Band::name>).where(c<&Band::popularity>.not_in(wanted)).order_by(c<&Band::id>));
  EXPECT_EQ(names, (strings{"Rustaceans"}));
  ids found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::id>.is_in({2, 3})).order_by(c<&Band::id>));
  EXPECT_EQ(found, (ids{2, 3}));
}

TYPED_TEST(select_test, is_in_and_not_in_match_a_list_of_strings) {
  std::vector<std::string> wanted{"Rustaceans", "Haskellers", "C-Sharps"};
  ids found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::name>.is_in(wanted)).order_by(c<&Band::id>));
  EXPECT_EQ(found, (ids{2, 3}));
  found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::name>.not_in(wanted)).order_by(c<&Band::id>));
  EXPECT_EQ(found, (ids{1}));
  // text with quotes and non-ASCII characters survives the list encoding
  this->db.run(pc::insert(Band{.name = "Quote \"'\\ Band", .popularity = 1}, Band{.name = "Ünïcødé", .popularity = 2}));
  std::vector<std::string> odd{"Quote \"'\\ Band", "Ünïcødé"};
  found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::name>.is_in(odd)).order_by(c<&Band::id>));
  EXPECT_EQ(found, (ids{4, 5}));
}

TYPED_TEST(select_test, is_in_and_not_in_match_a_list_of_enums) {
  std::vector<TicketType> wanted{TicketType::sitting, TicketType::premium};
  ids found = this->db.run(pc::select(c<&Ticket::id>).where(c<&Ticket::ticket_type>.is_in(wanted)).order_by(c<&Ticket::id>));
  EXPECT_EQ(found, (ids{2}));
  found = this->db.run(pc::select(c<&Ticket::id>).where(c<&Ticket::ticket_type>.not_in(wanted)).order_by(c<&Ticket::id>));
  EXPECT_EQ(found, (ids{1, 3}));
}

TYPED_TEST(select_test, is_in_an_empty_list_matches_no_row_and_not_in_matches_every_row) {
  std::vector<int> no_ints;
  std::vector<std::string> no_strings;
  EXPECT_EQ(this->db.run(pc::count<Band>().where(c<&Band::popularity>.is_in(no_ints))), 0);
  EXPECT_EQ(this->db.run(pc::count<Band>().where(c<&Band::name>.is_in(no_strings))), 0);
  ids all = this->db.run(pc::select(c<&Band::id>).where(c<&Band::popularity>.not_in(no_ints)).order_by(c<&Band::id>));
  EXPECT_EQ(all, (ids{1, 2, 3}));
  all = this->db.run(pc::select(c<&Band::id>).where(c<&Band::name>.not_in(no_strings)).order_by(c<&Band::id>));
  EXPECT_EQ(all, (ids{1, 2, 3}));
}

TYPED_TEST(select_test, is_null_and_is_not_null_test_for_null) {
  ids found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::website>.is_null()).order_by(c<&Band::id>));
  EXPECT_EQ(found, (ids{2}));
  found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::website>.is_not_null()).order_by(c<&Band::id>));
  EXPECT_EQ(found, (ids{1, 3}));
  this->db.run(pc::insert(Band{.name = "Freelancers", .manager = std::nullopt}));
  found = this->db.run(pc::select(c<&Band::id>).where(c<&Band::manager, &Manager::name>.is_null()));
  EXPECT_EQ(found, (ids{4}));
}

TYPED_TEST(select_test, several_where_calls_and_together) {
  auto query = pc::select(c<&Band::name>)
                   .where(c<&Band::popularity> > 5)
                   .where(c<&Band::popularity> < 1000)
                   .where(c<&Band::name>.like("%s"))
                   .order_by(c<&Band::id>);
  EXPECT_EQ(this->db.run(query), (strings{"Rustaceans", "C-Sharps"}));
  EXPECT_EQ(this->db.run(query.where(c<&Band::manager, &Manager::name> == "Mads")), (strings{"C-Sharps"}));
}

// ---- ordering and paging -----------------------------------------------------------------

TYPED_TEST(select_test, order_by_sorts_by_several_columns_and_directions) {
  this->db.run(pc::insert(Band{.name = "Alpha", .popularity = 500}, Band{.name = "Zeta", .popularity = 10}));
  strings names = this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::popularity>.desc(), c<&Band::name>));
  EXPECT_EQ(names, (strings{"Pythonistas", "Alpha", "Rustaceans", "C-Sharps", "Zeta"}));
  names = this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::popularity>.asc(), c<&Band::name>.desc()));
  EXPECT_EQ(names, (strings{"Zeta", "C-Sharps", "Rustaceans", "Alpha", "Pythonistas"}));
  names = this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::popularity>).order_by(c<&Band::name>.desc()));
  EXPECT_EQ(names, (strings{"Zeta", "C-Sharps", "Rustaceans", "Alpha", "Pythonistas"}));
}

TYPED_TEST(select_test, limit_caps_the_row_count) {
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).limit(2)), (ids{1, 2}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).limit(0)), (ids{}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).limit(10)), (ids{1, 2, 3}));
}

TYPED_TEST(select_test, offset_skips_rows_with_and_without_limit) {
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).offset(1)), (ids{2, 3}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).limit(1).offset(1)), (ids{2}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).offset(1).limit(1)), (ids{2}));
  EXPECT_EQ(this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).offset(5)), (ids{}));
  std::optional<std::int64_t> second = this->db.run(pc::select(c<&Band::id>).order_by(c<&Band::id>).offset(1).first());
  EXPECT_EQ(second, 2);
}

// ---- prepared statement cache ------------------------------------------------------------

TYPED_TEST(select_test, running_a_query_shape_again_does_not_prepare_again) {
  auto by_popularity = [](int n) { return pc::select(c<&Band::name>).where(c<&Band::popularity> > n).order_by(c<&Band::id>); };
  std::size_t before = this->db.prepared_statements();
  EXPECT_EQ(this->db.run(by_popularity(100)), (strings{"Pythonistas", "Rustaceans"}));
  std::size_t after_first = this->db.prepared_statements();
  EXPECT_EQ(after_first, before + 1);
  // same shape, other values: bind + step only
  EXPECT_EQ(this->db.run(by_popularity(600)), (strings{"Pythonistas"}));
  EXPECT_EQ(this->db.run(by_popularity(0)), (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
  EXPECT_EQ(this->db.prepared_statements(), after_first);
}

TYPED_TEST(select_test, different_query_shapes_prepare_once_each) {
  std::size_t before = this->db.prepared_statements();
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(this->db.run(pc::count<Band>().where(c<&Band::popularity> > 100)), 2);
    EXPECT_EQ(this->db.run(pc::count<Band>().where(c<&Band::popularity> < 100)), 1);
    EXPECT_EQ(this->db.run(pc::exists<Band>().where(c<&Band::popularity> < 100)), true);
  }
  EXPECT_EQ(this->db.prepared_statements(), before + 3);
}

}  // namespace
}  // namespace piccolo_test
