// pc::json / pc::jsonb columns (<piccolo/json.hpp>): values round-trip unchanged on both
// engines (one row, a COPY batch, a columnar batch), NULL is an empty optional, members
// read with -> and ->> filter and select, and a stored value that is not JSON is a
// piccolo::error, never a crash.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <piccolo/json.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

struct Document {
  pc::serial id;
  pc::jsonb body;
  std::optional<pc::json> note;  // JSON, not JSONB: kept as written on PostgreSQL
};

boost::json::value parsed(std::string_view text) { return boost::json::parse(text); }

// Nested objects and arrays, unicode (escaped and not), and the edges of Boost.JSON's
// numbers: int64 min, uint64 max, a double.
constexpr std::string_view nested_text =
    R"({"name":"Grüße \"quoted\" \\ ✓","tags":["a","b",{"deep":[1,2,[3]]}],"count":7,)"
    R"("ratio":2.5E-1,"ok":true,"nothing":null,"min":-9223372036854775808,"max":18446744073709551615})";

// The queries are written outside the typed tests: GCC 12 takes c<...> in a template as
// dependent, which would ask for `.template as<T>()` there.
auto ids_where_name_is(std::string name) {
  return pc::select(c<&Document::id>).where(c<&Document::body>["name"].as<std::string>() == name).order_by(c<&Document::id>);
}
auto ids_where_count_above(std::int64_t n) {
  return pc::select(c<&Document::id>).where(c<&Document::body>["count"].as<std::int64_t>() > n).order_by(c<&Document::id>);
}
auto ids_where_ratio_below(double r) {
  return pc::select(c<&Document::id>).where(c<&Document::body>["ratio"].as<double>() < r).order_by(c<&Document::id>);
}
auto ids_where_ok() {
  return pc::select(c<&Document::id>).where(c<&Document::body>["ok"].as<bool>() == true).order_by(c<&Document::id>);
}
auto members_by_id() {
  return pc::select(c<&Document::id>, c<&Document::body>["tags"], c<&Document::body>["tags"][2]["deep"][1],
                    c<&Document::body>["count"].as<std::int64_t>(), c<&Document::body>["name"].as<std::string>())
      .order_by(c<&Document::id>);
}

template <class Engine>
class json_columns_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_table<Document>()); }
  std::vector<Document> all() { return this->db.run(pc::objects<Document>().order_by(c<&Document::id>)); }
};
TYPED_TEST_SUITE(json_columns_test, engines, engine_names);

TYPED_TEST(json_columns_test, nested_objects_arrays_unicode_and_large_numbers_round_trip) {
  std::vector<std::int64_t> ids = this->db.run(
      pc::insert(Document{.body = parsed(nested_text), .note = parsed(R"([1, "two", {"3": 3.5}])")})
          .returning(c<&Document::id>));
  ASSERT_EQ(ids, std::vector<std::int64_t>{1});
  std::vector<Document> rows = this->all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].body.value(), parsed(nested_text));
  EXPECT_EQ(boost::json::serialize(rows[0].body.value().at("max")), "18446744073709551615");
  EXPECT_EQ(rows[0].body->at("min").as_int64(), std::numeric_limits<std::int64_t>::min());
  ASSERT_TRUE(rows[0].note.has_value());
  EXPECT_EQ(rows[0].note->value(), parsed(R"([1,"two",{"3":3.5}])"));
}

TYPED_TEST(json_columns_test, scalars_and_json_null_round_trip_and_sql_null_is_an_empty_optional) {
  // top-level scalars: SQLite keeps the text "3" as text in a TEXT column
  this->db.run(pc::insert(Document{.body = 3, .note = std::nullopt}, Document{.body = "text", .note = nullptr},
                          Document{.body = nullptr, .note = 1.5}, Document{.body = false, .note = "é"}));
  std::vector<Document> rows = this->all();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].body.value(), boost::json::value(3));
  EXPECT_FALSE(rows[0].note.has_value());
  EXPECT_EQ(rows[1].body.value(), boost::json::value("text"));
  ASSERT_TRUE(rows[1].note.has_value());
  EXPECT_TRUE(rows[1].note->value().is_null());  // JSON null, not SQL NULL
  EXPECT_TRUE(rows[2].body.value().is_null());
  EXPECT_EQ(rows[2].note->value(), boost::json::value(1.5));
  EXPECT_EQ(rows[3].body.value(), boost::json::value(false));
  EXPECT_EQ(rows[3].note->value(), boost::json::value("é"));
}

TYPED_TEST(json_columns_test, batches_round_trip_by_copy_and_by_columnar_insert) {
  std::vector<Document> batch;
  for (int i = 0; i < 50; ++i)
    batch.push_back(Document{.body = boost::json::object{{"i", i}, {"pad", std::string(static_cast<std::size_t>(i) * 7, 'x')}},
                             .note = i % 2 ? std::optional<pc::json>{parsed("[" + std::to_string(i) + "]")} : std::nullopt});
  this->db.run(pc::insert(batch));  // PostgreSQL: COPY, a variable-width value per row
  std::vector<std::int64_t> ids = this->db.run(pc::insert(batch).returning(c<&Document::id>));  // columnar
  ASSERT_EQ(ids.size(), 50u);
  std::vector<Document> rows = this->all();
  ASSERT_EQ(rows.size(), 100u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Document& expected = batch[i % 50];
    EXPECT_EQ(rows[i].body.value(), expected.body.value()) << "row " << i;
    ASSERT_EQ(rows[i].note.has_value(), expected.note.has_value()) << "row " << i;
    if (expected.note) EXPECT_EQ(rows[i].note->value(), expected.note->value());
  }
}

TYPED_TEST(json_columns_test, members_filter_as_text_integer_real_and_boolean) {
  this->db.run(pc::insert(Document{.body = parsed(R"({"name":"a","count":1,"ratio":0.5,"ok":true})")},
                          Document{.body = parsed(R"({"name":"b","count":10,"ratio":0.125,"ok":false})")},
                          Document{.body = parsed(R"({"name":"Grüße","count":100})")},
                          Document{.body = parsed(R"([1,2,3])")}));
  using ids = std::vector<std::int64_t>;
  EXPECT_EQ(this->db.run(ids_where_name_is("b")), ids{2});
  EXPECT_EQ(this->db.run(ids_where_name_is("Grüße")), ids{3});
  EXPECT_EQ(this->db.run(ids_where_name_is("zzz")), ids{});
  EXPECT_EQ(this->db.run(ids_where_count_above(5)), (ids{2, 3}));
  EXPECT_EQ(this->db.run(ids_where_ratio_below(0.25)), ids{2});
  EXPECT_EQ(this->db.run(ids_where_ok()), ids{1});
}

TYPED_TEST(json_columns_test, selected_members_are_json_values_and_missing_ones_are_empty) {
  this->db.run(pc::insert(Document{.body = parsed(nested_text)}, Document{.body = parsed(R"({"count":2})")}));
  auto rows = this->db.run(members_by_id());
  ASSERT_EQ(rows.size(), 2u);
  auto& [id, tags, deep, count, name] = rows[0];
  EXPECT_EQ(id, 1);
  ASSERT_TRUE(tags.has_value());
  EXPECT_EQ(tags->value(), parsed(R"(["a","b",{"deep":[1,2,[3]]}])"));
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->value(), boost::json::value(2));
  EXPECT_EQ(count, std::optional<std::int64_t>{7});
  EXPECT_EQ(name, std::optional<std::string>{"Grüße \"quoted\" \\ ✓"});
  auto& [id2, tags2, deep2, count2, name2] = rows[1];
  EXPECT_EQ(id2, 2);
  EXPECT_FALSE(tags2.has_value());
  EXPECT_FALSE(deep2.has_value());
  EXPECT_EQ(count2, std::optional<std::int64_t>{2});
  EXPECT_FALSE(name2.has_value());
}

TYPED_TEST(json_columns_test, jsonb_columns_compare_with_equal_values_and_update) {
  this->db.run(pc::insert(Document{.body = parsed(R"({"a":1})")}, Document{.body = parsed(R"([1,2])")}));
  std::vector<std::int64_t> found =
      this->db.run(pc::select(c<&Document::id>).where(c<&Document::body> == pc::jsonb{parsed("[1,2]")}));
  EXPECT_EQ(found, std::vector<std::int64_t>{2});
  this->db.run(pc::update<Document>()
                   .set(c<&Document::body> = pc::jsonb{boost::json::object{{"b", "new"}}})
                   .where(c<&Document::id> == 1));
  EXPECT_EQ(this->all()[0].body.value(), parsed(R"({"b":"new"})"));
}

TYPED_TEST(json_columns_test, rows_with_json_columns_embed_the_value_in_to_json_and_output_json) {
  Document doc{.id = 1, .body = parsed(R"({"a":[1,"x"]})"), .note = std::nullopt};
  EXPECT_EQ(boost::json::serialize(pc::to_json(doc)), R"({"id":1,"body":{"a":[1,"x"]},"note":null})");
  Document back = pc::from_json<Document>(parsed(R"({"body":{"k":true},"note":[null]})"));
  EXPECT_EQ(back.body.value(), parsed(R"({"k":true})"));
  ASSERT_TRUE(back.note.has_value());
  EXPECT_EQ(back.note->value(), parsed("[null]"));
  this->db.run(pc::insert(doc));
  std::string text = this->db.run(pc::output_json(pc::objects<Document>()));
  EXPECT_EQ(text, R"([{"id":1,"body":{"a":[1,"x"]},"note":null}])");
}

TYPED_TEST(json_columns_test, a_stored_value_that_is_not_json_is_a_typed_error) {
  if constexpr (TypeParam::is_sqlite) {
    this->db.run(pc::raw<"INSERT INTO document (body, note) VALUES ('not json', '[1')">());
    try {
      (void)this->all();
      FAIL() << "expected a piccolo::error";
    } catch (const pc::error& e) {
      EXPECT_EQ(e.value(), pc::errc::type_mismatch);
      EXPECT_NE(std::string_view{e.what()}.find("not valid JSON"), std::string_view::npos) << e.what();
    }
  } else {
    // PostgreSQL validates JSON itself: the text never gets stored
    EXPECT_THROW(this->db.run(pc::raw<"INSERT INTO document (body) VALUES ('not json')">()), pc::error);
    EXPECT_TRUE(this->all().empty());
  }
}

// ---- keys of a jsonb object: has_key, has_any_keys, has_all_keys -------------------------

struct Tagged {
  pc::serial id;
  std::optional<pc::jsonb> data;
};

template <class Condition>
auto tagged_ids(const Condition& condition) {
  return pc::select(c<&Tagged::id>).where(condition).order_by(c<&Tagged::id>);
}

TYPED_TEST(json_columns_test, key_tests_are_false_for_arrays_and_scalars_and_null_for_null) {
  this->db.run(pc::create_table<Tagged>());
  // an array holding the key as a string, a string that is the key, a number, JSON null, SQL NULL
  this->db.run(pc::insert(std::vector<Tagged>{{.data = parsed(R"(["a", "b"])")}, {.data = parsed(R"("a")")},
                                              {.data = parsed("7")}, {.data = pc::jsonb{}}, {.data = std::nullopt}}));
  using ids_t = std::vector<std::int64_t>;
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_key("a"))), ids_t{});
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_any_keys({"a", "b"}))), ids_t{});
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_all_keys(std::vector<std::string>{}))), ids_t{});
  // NULL, not false, for SQL NULL: NOT(...) keeps it out too; false for the others
  EXPECT_EQ(this->db.run(tagged_ids(!c<&Tagged::data>.has_key("a"))), (ids_t{1, 2, 3, 4}));
}

TYPED_TEST(json_columns_test, key_tests_find_members_of_objects) {
  this->db.run(pc::create_table<Tagged>());
  this->db.run(pc::insert(std::vector<Tagged>{
      {.data = parsed(R"({"a": 1, "b": null})")},
      {.data = parsed(R"({"b": {"a": 2}, "it's \"quoted\"": true})")},
      {.data = parsed(R"({})")},
      {.data = parsed(R"({"a": [], "c": "b"})")},
      {.data = std::nullopt},
  }));
  using ids_t = std::vector<std::int64_t>;
  // a member whose value is JSON null is there; a nested one is not a key of the object
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_key("a"))), (ids_t{1, 4}));
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_key("b"))), (ids_t{1, 2}));
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_key(std::string{"it's \"quoted\""}))), (ids_t{2}));
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_key("A"))), ids_t{});  // keys are case-sensitive
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_any_keys({"c", "b"}))), (ids_t{1, 2, 4}));
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_all_keys({"a", "b"}))), (ids_t{1}));
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_all_keys({"c", "a"}))), (ids_t{4}));
  // an empty list: no key is any of it; every object has all of it
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_any_keys(std::vector<std::string>{}))), ids_t{});
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_all_keys(std::vector<std::string_view>{}))),
            (ids_t{1, 2, 3, 4}));
  EXPECT_EQ(this->db.run(tagged_ids(c<&Tagged::data>.has_key("a") && !c<&Tagged::data>.has_key("b"))), (ids_t{4}));
}

// ---- jsonb containment: contains (@>), contained_in (<@), PostgreSQL only ----------------
// SQLite has no test that agrees with @>: a query using them does not compile for the
// SQLite engine (tests/compile/fail/json_columns.cpp), so these run on PostgreSQL only.

// A jsonb column with a GIN index, which serves @> and <@ (and ?, ?|, ?&).
struct Bag {
  pc::serial id;
  std::optional<pc::jsonb> data;
  static constexpr auto column_options() { return pc::options(pc::index_using<pc::index_method::gin, &Bag::data>); }
};

template <class Condition>
auto bag_ids(const Condition& condition) {
  return pc::select(c<&Bag::id>).where(condition).order_by(c<&Bag::id>);
}
auto bags_holding(boost::json::value v) { return bag_ids(c<&Bag::data>.contains(std::move(v))); }
auto bags_not_holding(boost::json::value v) { return bag_ids(!c<&Bag::data>.contains(std::move(v))); }
auto bags_held_by(boost::json::value v) { return bag_ids(c<&Bag::data>.contained_in(std::move(v))); }

TYPED_TEST(json_columns_test, containment_is_null_for_a_null_column_and_false_across_kinds) {
  if constexpr (TypeParam::is_sqlite) {
    GTEST_SKIP() << "contains() / contained_in() are PostgreSQL-only (refused at compile time on SQLite)";
  } else {
    this->db.run(pc::create_table<Bag>());
    this->db.run(pc::insert(std::vector<Bag>{{.data = std::nullopt}, {.data = parsed(R"({"a": 1})")},
                                             {.data = parsed(R"(["a"])")}, {.data = parsed(R"("a")")}}));
    using ids_t = std::vector<std::int64_t>;
    // SQL NULL: neither true nor false, so NOT(...) keeps it out too
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({})"))), (ids_t{2}));
    EXPECT_EQ(this->db.run(bags_not_holding(parsed(R"({})"))), (ids_t{3, 4}));
    EXPECT_EQ(this->db.run(bags_held_by(parsed(R"({"a": 1, "b": 2})"))), (ids_t{2}));
    // an object never holds an array, nor an array an object; a key is not a member
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"([{"a": 1}])"))), ids_t{});
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"0": "a"})"))), ids_t{});
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"a": "1"})"))), ids_t{});  // 1 is not "1"
    // PostgreSQL's one exception: an array holds a scalar it has as an element
    EXPECT_EQ(this->db.run(bags_holding("a")), (ids_t{3, 4}));
    EXPECT_EQ(this->db.run(bags_held_by("a")), (ids_t{4}));
  }
}

TYPED_TEST(json_columns_test, containment_finds_nested_members_and_elements_through_a_gin_index) {
  if constexpr (TypeParam::is_sqlite) {
    GTEST_SKIP() << "contains() / contained_in() are PostgreSQL-only (refused at compile time on SQLite)";
  } else {
    this->db.run(pc::create_table<Bag>());
    std::vector<std::string> index =
        this->db.run(pc::raw<"SELECT indexdef FROM pg_indexes WHERE tablename = 'bag' AND indexdef LIKE '%USING gin%'",
                             std::string>());
    ASSERT_EQ(index.size(), 1u);
    EXPECT_NE(index[0].find("(data)"), std::string::npos) << index[0];
    this->db.run(pc::insert(std::vector<Bag>{
        {.data = parsed(R"({"name": "Pythonistas", "tags": ["rock", "jazz"], "meta": {"year": 2020, "live": true}})")},
        {.data = parsed(R"({"name": "Rustaceans", "tags": ["rock"], "meta": {"year": 2021}})")},
        {.data = parsed(R"([1, [2, 3], {"k": null}])")},
        {.data = parsed("7")},
    }));
    using ids_t = std::vector<std::int64_t>;
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"tags": ["rock"]})"))), (ids_t{1, 2}));
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"tags": ["jazz", "rock"]})"))), (ids_t{1}));  // any order
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"meta": {"live": true}})"))), (ids_t{1}));
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"meta": {"year": 2021}, "name": "Rustaceans"})"))), (ids_t{2}));
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"([[3], {"k": null}])"))), (ids_t{3}));
    EXPECT_EQ(this->db.run(bags_holding(7)), (ids_t{4}));
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"tags": ["pop"]})"))), ids_t{});
    // on a member: a missing member (or not an object) is NULL, so no row
    const auto member_holding = [](auto key, boost::json::value v) {
      return pc::select(c<&Bag::id>).where(c<&Bag::data>[key].contains(std::move(v))).order_by(c<&Bag::id>);
    };
    EXPECT_EQ(this->db.run(member_holding("tags", parsed(R"(["rock"])"))), (ids_t{1, 2}));
    EXPECT_EQ(this->db.run(member_holding("meta", parsed(R"({"year": 2020})"))), (ids_t{1}));
    EXPECT_EQ(this->db.run(member_holding("tags", parsed(R"(["pop"])"))), ids_t{});
    EXPECT_EQ(this->db.run(pc::select(c<&Bag::id>)
                               .where(c<&Bag::data>["tags"].contained_in(parsed(R"(["rock", "pop"])")))
                               .order_by(c<&Bag::id>)),
              (ids_t{2}));
    EXPECT_EQ(this->db.run(pc::select(c<&Bag::id>).where(c<&Bag::data>[1].contains(parsed("[3]")))), (ids_t{3}));
    EXPECT_EQ(this->db.run(bags_held_by(parsed(R"({"name": "Rustaceans", "tags": ["rock", "pop"], "meta": {"year": 2021}, "x": 0})"))),
              (ids_t{2}));
    EXPECT_EQ(this->db.run(bags_held_by(parsed(R"([1, 2, [3, 2], {"k": null, "j": 1}, 4])"))), (ids_t{3}));
    // in update().where(): the rows it holds and no other
    this->db.run(pc::update<Bag>().set(c<&Bag::data> = pc::jsonb{parsed(R"({"gone": true})")})
                     .where(c<&Bag::data>.contains(parsed(R"({"meta": {"year": 2020}})"))));
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"gone": true})"))), (ids_t{1}));
    EXPECT_EQ(this->db.run(bags_holding(parsed(R"({"tags": ["rock"]})"))), (ids_t{2}));
  }
}

}  // namespace
}  // namespace piccolo_test
