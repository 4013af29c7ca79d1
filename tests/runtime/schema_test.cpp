// create_table / drop_table and what a table struct declares: names, keys, defaults,
// unique columns, indexes and foreign key actions, as the database applies them.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class schema_test : public database_test<Engine> {};
TYPED_TEST_SUITE(schema_test, engines, engine_names);

template <class Engine>
class example_schema_test : public example_test<Engine> {};
TYPED_TEST_SUITE(example_schema_test, engines, engine_names);

using strings = std::vector<std::string>;
using ids = std::vector<std::int64_t>;

std::ptrdiff_t position(const strings& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : it - names.begin();
}

// ---- create and drop -----------------------------------------------------------------------

TYPED_TEST(schema_test, create_table_creates_an_empty_table) {
  this->db.run(pc::create_table<Manager>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{"manager"}));
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 0);
}

TYPED_TEST(schema_test, create_table_fails_when_the_table_exists) {
  this->db.run(pc::create_table<Manager>());
  try {
    this->db.run(pc::create_table<Manager>());
    ADD_FAILURE() << "the second CREATE TABLE succeeded";
  } catch (const pc::error& e) {
    EXPECT_NE(e.engine_message().find("already exists"), std::string::npos) << e.what();
  }
}

TYPED_TEST(schema_test, create_table_if_not_exists_keeps_the_existing_table_and_rows) {
  this->db.run(pc::create_table<Manager>().if_not_exists());
  this->db.run(pc::insert(Manager{.name = "Guido"}));
  this->db.run(pc::create_table<Manager>().if_not_exists());
  EXPECT_EQ(this->db.run(pc::select(c<&Manager::name>)), (strings{"Guido"}));
}

TYPED_TEST(schema_test, drop_table_removes_the_table) {
  this->db.run(pc::create_table<Manager>());
  this->db.run(pc::create_table<Venue>());
  this->db.run(pc::drop_table<Manager>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{"venue"}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Manager>()), pc::errc::undefined_object);
}

TYPED_TEST(schema_test, drop_table_of_a_missing_table_fails_with_undefined_object) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::drop_table<Manager>()), pc::errc::undefined_object);
}

TYPED_TEST(schema_test, drop_table_if_exists_accepts_a_missing_table) {
  this->db.run(pc::drop_table<Manager>().if_exists());
  this->db.run(pc::create_table<Manager>());
  this->db.run(pc::drop_table<Manager>().if_exists());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{}));
}

TYPED_TEST(schema_test, create_tables_creates_referenced_tables_first) {
  // listed backwards on purpose: every table names tables listed after it
  this->db.run(pc::create_tables<Ticket, Concert, Venue, Band, Manager>());
  strings names = TypeParam::table_names(this->db);
  strings sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (strings{"band", "concert", "manager", "ticket", "venue"}));
  EXPECT_LT(position(names, "manager"), position(names, "band"));
  EXPECT_LT(position(names, "band"), position(names, "concert"));
  EXPECT_LT(position(names, "venue"), position(names, "concert"));
  EXPECT_LT(position(names, "concert"), position(names, "ticket"));
}

TYPED_TEST(schema_test, create_tables_if_not_exists_runs_twice) {
  this->db.run(pc::create_tables<Band, Manager>().if_not_exists());
  this->db.run(pc::insert(Manager{.name = "Guido"}));
  this->db.run(pc::create_tables<Band, Manager>().if_not_exists());
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 1);
}

TYPED_TEST(schema_test, drop_tables_drops_referencing_tables_first) {
  this->db.run(pc::create_tables<Album, Label>());
  this->db.run(pc::insert(Label{.name = "Blue Note"}));
  this->db.run(pc::insert(Album{.title = "Blue Train", .label = 1}));
  if constexpr (TypeParam::is_sqlite) {
    // the control: label cannot go first while an album RESTRICTs its deletion
    PICCOLO_EXPECT_ERROR(this->db.run(pc::drop_table<Label>()), pc::errc::foreign_key_violation);
  }
  // listed referenced-first on purpose
  this->db.run(pc::drop_tables<Label, Album>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{}));
}

TYPED_TEST(schema_test, drop_tables_if_exists_accepts_missing_tables) {
  this->db.run(pc::create_table<Manager>());
  this->db.run(pc::drop_tables<Manager, Band, Venue, Concert, Ticket>().if_exists());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{}));
}

TYPED_TEST(schema_test, create_table_creates_the_declared_indexes) {
  this->db.run(pc::create_tables<Manager, Band>());
  EXPECT_EQ(TypeParam::index_names(this->db, "band"), (strings{"ix$band$popularity"}));
  EXPECT_EQ(TypeParam::index_names(this->db, "manager"), (strings{}));
  // IF NOT EXISTS covers the index too
  this->db.run(pc::create_table<Band>().if_not_exists());
  EXPECT_EQ(TypeParam::index_names(this->db, "band"), (strings{"ix$band$popularity"}));
  this->db.run(pc::drop_table<Band>());
  EXPECT_EQ(TypeParam::index_names(this->db, "band"), (strings{}));
}

// ---- names ---------------------------------------------------------------------------------

TYPED_TEST(schema_test, table_name_is_the_snake_case_struct_name) {
  this->db.run(pc::create_tables<RecordingStudio, Setting>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{"recording_studio", "setting"}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT COUNT(*) FROM recording_studio", std::int64_t>()),
            (std::vector<std::int64_t>{0}));
}

TYPED_TEST(schema_test, table_name_member_overrides_the_table_name) {
  this->db.run(pc::create_table<Country>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{"countries"}));
  this->db.run(pc::insert(Country{.code = "NL", .name = "Netherlands"}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name FROM countries WHERE code = {}", std::string>("NL")),
            (strings{"Netherlands"}));
}

TYPED_TEST(schema_test, column_name_option_renames_the_database_column) {
  using std::chrono::year, std::chrono::month, std::chrono::day;
  this->db.run(pc::create_table<RecordingStudio>());
  this->db.run(pc::insert(RecordingStudio{.name = "Abbey Road", .opened = year{1931} / month{11} / day{12}},
                          RecordingStudio{.name = "Garage", .opened = std::nullopt}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name FROM recording_studio WHERE opened_on IS NOT NULL", std::string>()),
            (strings{"Abbey Road"}));
  // queries name the column through the member
  strings names = this->db.run(pc::select(c<&RecordingStudio::name>)
                                   .where(c<&RecordingStudio::opened> < year{1950} / month{1} / day{1}));
  EXPECT_EQ(names, (strings{"Abbey Road"}));
  std::vector<RecordingStudio> studios = this->db.run(pc::objects<RecordingStudio>().order_by(c<&RecordingStudio::id>));
  ASSERT_EQ(studios.size(), 2u);
  EXPECT_EQ(studios[0].opened, year{1931} / month{11} / day{12});
  EXPECT_EQ(studios[1].opened, std::nullopt);
}

// ---- keys and constraints ------------------------------------------------------------------

TYPED_TEST(schema_test, a_non_serial_primary_key_is_stored_as_given_and_unique) {
  this->db.run(pc::create_table<Country>());
  this->db.run(pc::insert(Country{.code = "NL", .name = "Netherlands"}, Country{.code = "DK", .name = "Denmark"}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Country{.code = "NL", .name = "Holland"})), pc::errc::unique_violation);
  std::optional<Country> nl = this->db.run(pc::objects<Country>().get(c<&Country::code> == "NL"));
  ASSERT_TRUE(nl.has_value());
  EXPECT_EQ(nl->name, "Netherlands");
  EXPECT_EQ(this->db.run(pc::select(c<&Country::code>).order_by(c<&Country::code>)), (strings{"DK", "NL"}));
}

TYPED_TEST(example_schema_test, a_composite_primary_key_is_unique_only_as_a_whole) {
  this->db.run(pc::create_table<Membership>());
  this->db.run(pc::insert(Membership{.band = 1, .musician = "Ann", .instrument = "bass"},
                          Membership{.band = 1, .musician = "Bob", .instrument = "drums"},
                          Membership{.band = 2, .musician = "Ann", .instrument = "keys"}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Membership{.band = 1, .musician = "Ann", .instrument = "voice"})),
                       pc::errc::unique_violation);
  std::vector<std::tuple<std::int64_t, std::string, std::string>> rows = this->db.run(
      pc::select(c<&Membership::band>, c<&Membership::musician>, c<&Membership::instrument>)
          .order_by(c<&Membership::band>, c<&Membership::musician>));
  EXPECT_EQ(rows, (std::vector<std::tuple<std::int64_t, std::string, std::string>>{
                      {1, "Ann", "bass"}, {1, "Bob", "drums"}, {2, "Ann", "keys"}}));
  // its foreign key part is checked too
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Membership{.band = 9, .musician = "Eve", .instrument = "oboe"})),
                       pc::errc::foreign_key_violation);
}

TYPED_TEST(example_schema_test, a_unique_column_rejects_a_repeated_value) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Band{.name = "Rustaceans", .popularity = 1})),
                       pc::errc::unique_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::update<Band>().set(c<&Band::name> = "Rustaceans").where(c<&Band::id> == 1)),
                       pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>).order_by(c<&Band::id>)),
            (strings{"Pythonistas", "Rustaceans", "C-Sharps"}));
  // a column without the option takes repeats
  this->db.run(pc::insert(Venue{.name = "Amazing Venue", .capacity = 1}));
  EXPECT_EQ(this->db.run(pc::count<Venue>().where(c<&Venue::name> == "Amazing Venue")), 2);
}

TYPED_TEST(schema_test, member_initializers_are_defaults_the_database_applies) {
  this->db.run(pc::create_table<Setting>());
  // a hand-written INSERT that names only the key column
  EXPECT_EQ(this->db.run(pc::raw<"INSERT INTO setting (key) VALUES ({})">("theme")), 1);
  std::vector<Setting> settings = this->db.run(pc::objects<Setting>());
  ASSERT_EQ(settings.size(), 1u);
  EXPECT_EQ(settings[0].id, 1);
  EXPECT_EQ(settings[0].key, "theme");
  EXPECT_EQ(settings[0].retries, 7);
  EXPECT_EQ(settings[0].ratio, 0.5);
  EXPECT_EQ(settings[0].enabled, true);
  EXPECT_EQ(settings[0].mode, "fast");
  EXPECT_EQ(settings[0].limit, 3);
  EXPECT_EQ(settings[0].kind, TicketType::premium);
}

TYPED_TEST(schema_test, example_schema_defaults_apply_to_omitted_columns) {
  this->create_example_schema();
  this->db.run(pc::raw<"INSERT INTO band (name) VALUES ({})">("Gophers"));
  this->db.run(pc::raw<"INSERT INTO venue (name) VALUES ({})">("Cellar"));
  std::vector<std::tuple<std::string, int, std::optional<std::string>>> bands =
      this->db.run(pc::select(c<&Band::name>, c<&Band::popularity>, c<&Band::website>));
  EXPECT_EQ(bands, (std::vector<std::tuple<std::string, int, std::optional<std::string>>>{{"Gophers", 0, std::nullopt}}));
  EXPECT_EQ(this->db.run(pc::select(c<&Venue::capacity>)), (std::vector<int>{0}));
}

// ---- foreign key actions -------------------------------------------------------------------

TYPED_TEST(example_schema_test, on_delete_set_null_clears_the_references) {
  EXPECT_EQ(this->db.run(pc::delete_from<Manager>().where(c<&Manager::name> == "Guido")), 1);
  std::vector<std::tuple<std::int64_t, std::optional<std::int64_t>>> bands =
      this->db.run(pc::select(c<&Band::id>, c<&Band::manager>).order_by(c<&Band::id>));
  EXPECT_EQ(bands, (std::vector<std::tuple<std::int64_t, std::optional<std::int64_t>>>{
                       {1, std::nullopt}, {2, 2}, {3, 3}}));
}

TYPED_TEST(example_schema_test, on_delete_cascade_deletes_the_referencing_rows) {
  // Pythonistas play concert 1 (band_1): the concert goes, and its tickets with it
  EXPECT_EQ(this->db.run(pc::delete_from<Band>().where(c<&Band::name> == "Pythonistas")), 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Concert::id>)), (ids{2}));
  EXPECT_EQ(this->db.run(pc::select(c<&Ticket::id>)), (ids{3}));
  // C-Sharps play concert 2 as band_2
  EXPECT_EQ(this->db.run(pc::delete_from<Band>().where(c<&Band::name> == "C-Sharps")), 1);
  EXPECT_EQ(this->db.run(pc::count<Concert>()), 0);
  EXPECT_EQ(this->db.run(pc::count<Ticket>()), 0);
  EXPECT_EQ(this->db.run(pc::select(c<&Band::name>)), (strings{"Rustaceans"}));
  EXPECT_EQ(this->db.run(pc::count<Venue>()), 2);
}

TYPED_TEST(example_schema_test, on_update_cascade_follows_a_changed_key) {
  EXPECT_EQ(this->db.run(pc::update<Band>().set(c<&Band::id> = 20).where(c<&Band::id> == 2)), 1);
  std::vector<std::tuple<std::int64_t, std::int64_t>> concerts =
      this->db.run(pc::select(c<&Concert::band_1>, c<&Concert::band_2>).order_by(c<&Concert::id>));
  EXPECT_EQ(concerts, (std::vector<std::tuple<std::int64_t, std::int64_t>>{{1, 20}, {20, 3}}));
}

TYPED_TEST(example_schema_test, restrict_refuses_to_delete_a_referenced_row) {
  this->db.run(pc::create_tables<Label, Album>());
  this->db.run(pc::insert(Label{.name = "Blue Note"}, Label{.name = "Impulse!"}));
  this->db.run(pc::insert(Album{.title = "Blue Train", .label = 1}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::delete_from<Label>().where(c<&Label::id> == 1)), pc::errc::foreign_key_violation);
  EXPECT_EQ(this->db.run(pc::delete_from<Label>().where(c<&Label::id> == 2)), 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Label::name>)), (strings{"Blue Note"}));
}

}  // namespace
}  // namespace piccolo_test
