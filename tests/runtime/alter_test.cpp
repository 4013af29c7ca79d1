// pc::alter<T>(): each schema change applied to a table holding rows, on every engine,
// with the rows checked after it; a change the data refuses fails with a typed error and
// leaves the table as it was (SQLite's table rebuild included).

#include <piccolo/alter.hpp>

#include "async_fixture.hpp"

namespace piccolo_test {
namespace {

// Two shapes of one table "band": v1 before a change, v2 after it.
namespace v1 {
struct Band {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> title;
  std::optional<std::string> website;
  std::string popularity;  // text before change_type
  std::optional<std::int64_t> manager;
};
// The same table under its old name, for rename_from().
struct Bands {
  static constexpr std::string_view table_name = "bands";
  pc::serial id;
  pc::varchar<50> title;
};
}  // namespace v1

namespace v2 {
// title renamed to name.
struct Band {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  std::optional<std::string> website;
  std::string popularity;
  std::optional<std::int64_t> manager;
};
// website made NOT NULL with a default, popularity an integer, manager a foreign key.
struct StrictBand {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  std::string website = "none";
  int popularity = 0;
  std::optional<pc::foreign_key<Manager>> manager;
  static constexpr auto column_options() {
    return pc::options(pc::unique<&StrictBand::name>, pc::index<&StrictBand::popularity>);
  }
};
// website dropped, a nullable genre and a unique code added.
struct SlimBand {
  static constexpr std::string_view table_name = "band";
  pc::serial id;
  pc::varchar<50> name;
  std::string popularity;
  std::optional<std::int64_t> manager;
  std::optional<std::string> genre;
  std::optional<std::string> code;
  static constexpr auto column_options() { return pc::options(pc::unique<&SlimBand::code>); }
};
}  // namespace v2

// A table referencing band, whose rows a rebuild of band must keep.
struct Gig {
  static constexpr std::string_view table_name = "gig";
  pc::serial id;
  pc::foreign_key<v2::Band> band;
  pc::varchar<50> city;
};

template <class Engine>
class alter_test : public database_test<Engine> {
 protected:
  // band (title, website, popularity, manager) with two rows, then renamed to v2's name.
  void create_renamed_bands() {
    this->db.run(pc::create_table<Manager>());
    this->db.run(pc::insert(Manager{.name = "Guido"}));
    this->db.run(pc::create_table<v1::Band>());
    this->db.run(pc::insert(v1::Band{.title = "Pythonistas", .website = "https://python.org", .popularity = "1000", .manager = 1},
                            v1::Band{.title = "Rustaceans", .website = std::nullopt, .popularity = "500", .manager = std::nullopt}));
    this->db.run(pc::alter<v2::Band>().rename_column<"title">(c<&v2::Band::name>));
  }
  std::vector<std::string> bands() {
    std::vector<std::string> rows;
    for (const v2::Band& b : this->db.run(pc::objects<v2::Band>().order_by(c<&v2::Band::id>)))
      rows.push_back(std::to_string(b.id) + " " + std::string(b.name) + " " + b.website.value_or("NULL") + " " +
                     b.popularity + " " + (b.manager ? std::to_string(*b.manager) : "NULL"));
    return rows;
  }
  std::vector<std::string> strict_bands() {
    std::vector<std::string> rows;
    for (const v2::StrictBand& b : this->db.run(pc::objects<v2::StrictBand>().order_by(c<&v2::StrictBand::id>)))
      rows.push_back(std::to_string(b.id) + " " + std::string(b.name) + " " + b.website + " " +
                     std::to_string(b.popularity) + " " + (b.manager ? std::to_string(std::int64_t(*b.manager)) : "NULL"));
    return rows;
  }
  using strings = std::vector<std::string>;
  const strings renamed_rows{"1 Pythonistas https://python.org 1000 1", "2 Rustaceans NULL 500 NULL"};
};
TYPED_TEST_SUITE(alter_test, engines, engine_names);

TYPED_TEST(alter_test, rename_column_keeps_every_row) {
  this->create_renamed_bands();
  EXPECT_EQ(this->bands(), this->renamed_rows);
}

TYPED_TEST(alter_test, rename_from_renames_the_table_with_its_rows) {
  this->db.run(pc::create_table<v1::Bands>());
  this->db.run(pc::insert(v1::Bands{.title = "Pythonistas"}));
  this->db.run(pc::alter<v1::Band>().rename_from<"bands">());
  EXPECT_EQ(TypeParam::table_names(this->db), (std::vector<std::string>{"band"}));
  EXPECT_EQ(this->db.run(pc::select(c<&v1::Band::title>)), (std::vector<std::string>{"Pythonistas"}));
}

TYPED_TEST(alter_test, add_and_drop_columns_keep_the_other_columns) {
  this->create_renamed_bands();
  // SQLite's rebuild (for the UNIQUE column) makes the table SlimBand at once: native
  // changes (the nullable genre) come first
  this->db.run(pc::raw<"CREATE INDEX by_site ON band (website)">());
  this->db.run(pc::alter<v2::SlimBand>().add_column(c<&v2::SlimBand::genre>));
  this->db.run(pc::alter<v2::SlimBand>().add_column(c<&v2::SlimBand::code>));
  this->db.run(pc::alter<v2::SlimBand>().drop_column<"website">());
  EXPECT_EQ(TypeParam::index_names(this->db, "band"), (std::vector<std::string>{}));  // went with its column
  std::vector<std::string> rows;
  for (const v2::SlimBand& b : this->db.run(pc::objects<v2::SlimBand>().order_by(c<&v2::SlimBand::id>)))
    rows.push_back(std::string(b.name) + " " + b.popularity + " " + b.genre.value_or("NULL") + " " + b.code.value_or("NULL"));
  EXPECT_EQ(rows, (std::vector<std::string>{"Pythonistas 1000 NULL NULL", "Rustaceans 500 NULL NULL"}));
  this->db.run(pc::update<v2::SlimBand>().set(c<&v2::SlimBand::code> = std::optional<std::string>{"P"}).where(c<&v2::SlimBand::id> == 1));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::update<v2::SlimBand>()
                                        .set(c<&v2::SlimBand::code> = std::optional<std::string>{"P"})
                                        .where(c<&v2::SlimBand::id> == 2)),
                       pc::errc::unique_violation);
}

TYPED_TEST(alter_test, set_not_null_over_nulls_fails_and_changes_nothing) {
  this->create_renamed_bands();
  PICCOLO_EXPECT_ERROR(this->db.run(pc::alter<v2::StrictBand>().set_not_null(c<&v2::StrictBand::website>)),
                       pc::errc::not_null_violation);
  EXPECT_EQ(this->bands(), this->renamed_rows);
  EXPECT_FALSE(this->db.in_transaction());
  // still nullable
  this->db.run(pc::insert(v2::Band{.name = "C-Sharps", .website = std::nullopt, .popularity = "10"}));
  EXPECT_EQ(this->bands().size(), 3u);
}

TYPED_TEST(alter_test, strict_shape_reached_change_by_change_with_every_row) {
  this->create_renamed_bands();
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::website> = std::optional<std::string>{"none"}).where(c<&v2::Band::id> == 2));
  this->db.run(pc::alter<v2::StrictBand>().set_not_null(c<&v2::StrictBand::website>));
  this->db.run(pc::alter<v2::StrictBand>().set_default(c<&v2::StrictBand::website>));
  this->db.run(pc::alter<v2::StrictBand>().change_type<"CAST(\"popularity\" AS INTEGER)">(c<&v2::StrictBand::popularity>));
  this->db.run(pc::alter<v2::StrictBand>().set_default(c<&v2::StrictBand::popularity>));
  this->db.run(pc::alter<v2::StrictBand>().add_foreign_key(c<&v2::StrictBand::manager>));
  this->db.run(pc::alter<v2::StrictBand>().add_unique(c<&v2::StrictBand::name>));
  this->db.run(pc::alter<v2::StrictBand>().create_index(c<&v2::StrictBand::popularity>));
  EXPECT_EQ(this->strict_bands(), (std::vector<std::string>{"1 Pythonistas https://python.org 1000 1", "2 Rustaceans none 500 NULL"}));
  EXPECT_EQ(TypeParam::index_names(this->db, "band"), (std::vector<std::string>{"ix$band$popularity"}));
  // the defaults apply to a row that names neither column
  this->db.run(pc::raw<"INSERT INTO band (name) VALUES ('C-Sharps')">());
  EXPECT_EQ(this->strict_bands().back(), "3 C-Sharps none 0 NULL");
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO band (name, website) VALUES ('X', NULL)">()), pc::errc::not_null_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO band (name, manager) VALUES ('Y', 99)">()), pc::errc::foreign_key_violation);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO band (name) VALUES ('C-Sharps')">()), pc::errc::unique_violation);

  // and back: each change reversed by its counterpart on the older shape
  this->db.run(pc::alter<v2::Band>().drop_index(c<&v2::Band::popularity>));
  this->db.run(pc::alter<v2::Band>().drop_unique(c<&v2::Band::name>));
  this->db.run(pc::alter<v2::Band>().drop_foreign_key(c<&v2::Band::manager>));
  this->db.run(pc::alter<v2::Band>().drop_default(c<&v2::Band::popularity>));
  this->db.run(pc::alter<v2::Band>().change_type<"CAST(\"popularity\" AS TEXT)">(c<&v2::Band::popularity>));
  this->db.run(pc::alter<v2::Band>().drop_default(c<&v2::Band::website>));
  this->db.run(pc::alter<v2::Band>().drop_not_null(c<&v2::Band::website>));
  EXPECT_EQ(TypeParam::index_names(this->db, "band"), (std::vector<std::string>{}));
  // (an explicit id: PostgreSQL's sequence moved on with each failed insert above)
  this->db.run(pc::raw<"INSERT INTO band (id, name, website, popularity, manager) VALUES (4, 'C-Sharps', NULL, '7', 99)">());
  EXPECT_EQ(this->bands(), (std::vector<std::string>{"1 Pythonistas https://python.org 1000 1", "2 Rustaceans none 500 NULL",
                                                     "3 C-Sharps none 0 NULL", "4 C-Sharps NULL 7 99"}));
}

TYPED_TEST(alter_test, add_foreign_key_over_a_dangling_reference_fails_and_changes_nothing) {
  this->create_renamed_bands();
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::manager> = std::optional<std::int64_t>{42}).where(c<&v2::Band::id> == 2));
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::popularity> = std::string{"0"}).where(c<&v2::Band::id> > 0));
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::website> = std::optional<std::string>{"none"}).where(c<&v2::Band::id> == 2));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::alter<v2::StrictBand>().add_foreign_key(c<&v2::StrictBand::manager>)),
                       pc::errc::foreign_key_violation);
  // the dangling row is still there and may still dangle
  this->db.run(pc::raw<"UPDATE band SET manager = 43 WHERE id = 2">());
  EXPECT_EQ(this->db.run(pc::select(c<&v2::Band::manager>).order_by(c<&v2::Band::id>)),
            (std::vector<std::optional<std::int64_t>>{1, 43}));
}

TYPED_TEST(alter_test, add_unique_over_duplicates_fails_and_changes_nothing) {
  this->create_renamed_bands();
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::name> = std::string{"Pythonistas"}).where(c<&v2::Band::id> == 2));
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::website> = std::optional<std::string>{"none"}).where(c<&v2::Band::id> == 2));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::alter<v2::StrictBand>().add_unique(c<&v2::StrictBand::name>)),
                       pc::errc::unique_violation);
  EXPECT_EQ(this->db.run(pc::select(c<&v2::Band::name>).order_by(c<&v2::Band::id>)),
            (std::vector<std::string>{"Pythonistas", "Pythonistas"}));
}

TYPED_TEST(alter_test, rebuild_keeps_referencing_rows_indexes_and_triggers) {
  this->create_renamed_bands();
  this->db.run(pc::create_table<Gig>());
  this->db.run(pc::insert(Gig{.band = 1, .city = "Oslo"}, Gig{.band = 2, .city = "Lima"}));
  if constexpr (std::is_same_v<typename TypeParam::database, pc::sqlite::database>) {
    this->db.run(pc::raw<"CREATE INDEX by_hand ON band (popularity)">());
    this->db.run(pc::raw<"CREATE VIEW band_names AS SELECT name FROM band">());
    this->db.run(pc::raw<"CREATE TRIGGER shout AFTER INSERT ON band BEGIN UPDATE band SET name = upper(new.name) "
                         "WHERE id = new.id; END">());
  }
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::website> = std::optional<std::string>{"none"}).where(c<&v2::Band::id> == 2));
  this->db.run(pc::alter<v2::StrictBand>().set_not_null(c<&v2::StrictBand::website>));
  EXPECT_EQ(this->db.run(pc::select(c<&Gig::city>).order_by(c<&Gig::id>)), (std::vector<std::string>{"Oslo", "Lima"}));
  if constexpr (std::is_same_v<typename TypeParam::database, pc::sqlite::database>) {
    EXPECT_EQ(TypeParam::index_names(this->db, "band"), (std::vector<std::string>{"by_hand"}));
    this->db.run(pc::raw<"INSERT INTO band (name, website, popularity) VALUES ('quiet', 'x', '1')">());
    EXPECT_EQ(this->db.run(pc::select(c<&v2::Band::name>).where(c<&v2::Band::id> == 3)), (std::vector<std::string>{"QUIET"}));
    // the foreign key still holds
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO gig (band, city) VALUES (99, 'Rome')">()),
                         pc::errc::foreign_key_violation);
    EXPECT_EQ(this->db.run(pc::raw<"PRAGMA foreign_keys", std::int64_t>()), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(this->db.run(pc::raw<"PRAGMA legacy_alter_table", std::int64_t>()), (std::vector<std::int64_t>{0}));
    EXPECT_EQ(this->db.run(pc::raw<"SELECT count(*) FROM band_names", std::int64_t>()), (std::vector<std::int64_t>{3}));
  }
}

TYPED_TEST(alter_test, change_inside_a_transaction_rolls_back_with_it) {
  this->create_renamed_bands();
  this->db.run(pc::update<v2::Band>().set(c<&v2::Band::website> = std::optional<std::string>{"none"}).where(c<&v2::Band::id> == 2));
  {
    auto tx = this->db.begin();
    tx.run(pc::alter<v2::StrictBand>().set_not_null(c<&v2::StrictBand::website>));
    PICCOLO_EXPECT_ERROR(tx.run(pc::raw<"INSERT INTO band (name, website, popularity) VALUES ('X', NULL, '1')">()),
                         pc::errc::not_null_violation);
  }  // rolled back
  this->db.run(pc::raw<"INSERT INTO band (id, name, website, popularity) VALUES (3, 'X', NULL, '1')">());
  EXPECT_EQ(this->bands().back(), "3 X NULL 1 NULL");
}

TYPED_TEST(alter_test, sqlite_failed_rebuild_inside_a_transaction_leaves_it_usable) {
  if constexpr (!std::is_same_v<typename TypeParam::database, pc::sqlite::database>) {
    GTEST_SKIP() << "on PostgreSQL a failed statement ends the transaction";
  } else {
    this->create_renamed_bands();
    auto tx = this->db.begin();
    tx.run(pc::raw<"INSERT INTO band (name, website, popularity) VALUES ('X', NULL, '1')">());
    PICCOLO_EXPECT_ERROR(tx.run(pc::alter<v2::StrictBand>().set_not_null(c<&v2::StrictBand::website>)),
                         pc::errc::not_null_violation);
    tx.run(pc::raw<"INSERT INTO band (name, website, popularity) VALUES ('Y', NULL, '2')">());
    tx.commit();
    EXPECT_EQ(this->bands(), (std::vector<std::string>{"1 Pythonistas https://python.org 1000 1", "2 Rustaceans NULL 500 NULL",
                                                       "3 X NULL 1 NULL", "4 Y NULL 2 NULL"}));
  }
}

TYPED_TEST(alter_test, sqlite_refuses_a_rebuild_of_a_referenced_table_inside_a_transaction) {
  if constexpr (!std::is_same_v<typename TypeParam::database, pc::sqlite::database>) {
    GTEST_SKIP() << "PostgreSQL alters a referenced table in place";
  } else {
    this->create_renamed_bands();
    this->db.run(pc::create_table<Gig>());
    this->db.run(pc::insert(Gig{.band = 1, .city = "Oslo"}));
    auto tx = this->db.begin();
    PICCOLO_EXPECT_ERROR(tx.run(pc::alter<v2::Band>().drop_not_null(c<&v2::Band::website>)), pc::errc::misuse);
    tx.commit();
    EXPECT_EQ(this->db.run(pc::select(c<&Gig::city>)), (std::vector<std::string>{"Oslo"}));
    EXPECT_EQ(this->bands(), this->renamed_rows);
  }
}

// async_run() runs a change as run() does: SQLite's rebuild on its writer, PostgreSQL's
// ALTER TABLE in the pipeline.
template <class Engine>
class alter_async_test : public async_database_test<Engine> {};
using async_engines = ::testing::Types<sqlite_file_async, postgres_async>;
TYPED_TEST_SUITE(alter_async_test, async_engines, engine_names);

TYPED_TEST(alter_async_test, async_run_applies_a_change_and_reports_a_refused_one) {
  auto& db = *this->db;
  db.run(pc::create_table<Manager>());
  db.run(pc::create_table<v1::Band>());
  db.run(pc::insert(v1::Band{.title = "Pythonistas", .website = std::nullopt, .popularity = "1", .manager = std::nullopt}));
  pc::error_code renamed = boost::asio::error::eof, refused;
  db.async_run(pc::alter<v2::Band>().rename_column<"title">(c<&v2::Band::name>), [&](pc::error_code ec) {
    renamed = ec;
    db.async_run(pc::alter<v2::StrictBand>().set_not_null(c<&v2::StrictBand::website>),
                 [&](pc::error_code ec2) { refused = ec2; });
  });
  this->io.run();
  EXPECT_FALSE(renamed) << renamed.message();
  EXPECT_EQ(refused, pc::errc::not_null_violation) << refused.message();
  EXPECT_EQ(db.run(pc::select(c<&v2::Band::name>)), (std::vector<std::string>{"Pythonistas"}));
  EXPECT_EQ(db.run(pc::select(c<&v2::Band::website>)), (std::vector<std::optional<std::string>>{std::nullopt}));
}

}  // namespace
}  // namespace piccolo_test
