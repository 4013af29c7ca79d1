// std::vector<T> columns (<piccolo/arrays.hpp>): PostgreSQL arrays bound and read in
// binary, JSON text on SQLite; empty and NULL arrays, NULL elements, awkward strings,
// batch inserts (COPY on PostgreSQL) and the operators any / all / contains / cat /
// length / [i] with the same results on both engines.

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <piccolo/arrays.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

struct Post {
  pc::serial id;
  std::string title;
  std::vector<std::string> tags;
  std::vector<int> scores;
  std::optional<std::vector<double>> weights;
  std::vector<bool> flags;
  std::vector<std::int64_t> big;
  std::vector<std::int16_t> small;
};

struct Typed {
  pc::serial id;
  std::vector<pc::uuid> keys;
  std::vector<std::chrono::year_month_day> days;
  std::vector<std::chrono::sys_time<std::chrono::microseconds>> times;
  std::vector<pc::varchar<5>> codes;
};

// An array whose elements may be NULL, and the same table read as plain vectors.
struct Sparse {
  pc::serial id;
  std::vector<std::optional<int>> values;
};
struct SparseStrict {
  static constexpr std::string_view table_name = "sparse";
  pc::serial id;
  std::vector<int> values;
};

const std::vector<std::string> awkward = {"",       "plain", "with \"quotes\"", "a,b", "back\\slash", "{braces}",
                                          "NULL",   "ünï©ødé ✓ 𝄞", "tab\there", "new\nline", "[1]"};

template <class Engine>
class array_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_tables<Post, Typed, Sparse>()); }
  std::vector<std::string> titles_where(const auto& condition) {
    std::vector<std::string> titles =
        this->db.run(pc::select(c<&Post::title>).where(condition).order_by(c<&Post::title>));
    return titles;
  }
  void insert_three() {
    this->db.run(pc::insert(Post{.title = "a", .tags = {"x", "y"}, .scores = {1, 2, 3}, .weights = std::vector<double>{0.5}}));
    this->db.run(pc::insert(Post{.title = "b", .tags = {"y"}, .scores = {2, 2}, .weights = std::nullopt}));
    this->db.run(pc::insert(Post{.title = "c", .tags = {}, .scores = {}, .weights = std::vector<double>{}}));
  }
};

TYPED_TEST_SUITE(array_test, engines, engine_names);

TYPED_TEST(array_test, arrays_round_trip_with_empty_null_and_awkward_strings) {
  Post full{.title = "full",
            .tags = awkward,
            .scores = {std::numeric_limits<int>::min(), -1, 0, std::numeric_limits<int>::max()},
            .weights = std::vector<double>{0.1, -2.5e300, 3.0},
            .flags = {true, false, true},
            .big = {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()},
            .small = {-32768, 32767}};
  Post empty{.title = "empty", .weights = std::nullopt};
  Post empty_weights{.title = "empty weights", .weights = std::vector<double>{}};
  // the NULL array first: PostgreSQL prepares the statement with its array type
  this->db.run(pc::insert(empty));
  this->db.run(pc::insert(full));
  this->db.run(pc::insert(empty_weights));
  std::vector<Post> posts = this->db.run(pc::objects<Post>().order_by(c<&Post::id>));
  ASSERT_EQ(posts.size(), 3u);
  std::swap(posts[0], posts[1]);
  EXPECT_EQ(posts[0].tags, awkward);
  EXPECT_EQ(posts[0].scores, full.scores);
  EXPECT_EQ(posts[0].weights, full.weights);
  EXPECT_EQ(posts[0].flags, full.flags);
  EXPECT_EQ(posts[0].big, full.big);
  EXPECT_EQ(posts[0].small, full.small);
  EXPECT_TRUE(posts[1].tags.empty());
  EXPECT_TRUE(posts[1].scores.empty());
  EXPECT_FALSE(posts[1].weights.has_value());
  ASSERT_TRUE(posts[2].weights.has_value());
  EXPECT_TRUE(posts[2].weights->empty());
  std::int64_t without_weights = this->db.run(pc::count<Post>().where(c<&Post::weights>.is_null()));
  EXPECT_EQ(without_weights, 1);
}

TYPED_TEST(array_test, arrays_of_typed_elements_round_trip) {
  using namespace std::chrono;
  pc::uuid key = *pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f");
  Typed row{.keys = {key, pc::uuid{}},
            .days = {year_month_day{year{2024}, month{2}, day{29}}, year_month_day{year{1970}, month{1}, day{1}}},
            .times = {sys_days{year{2001} / 9 / 9} + 1h + 46min + 40s + 123456us},
            .codes = {"ab", "cdé"}};
  this->db.run(pc::insert(row));
  std::vector<Typed> back = this->db.run(pc::objects<Typed>());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].keys, row.keys);
  EXPECT_EQ(back[0].days, row.days);
  EXPECT_EQ(back[0].times, row.times);
  EXPECT_EQ(back[0].codes.size(), 2u);
  EXPECT_EQ(back[0].codes[1].str(), "cdé");
  // an element past VARCHAR(5) is refused before it is stored, on both engines
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Typed{.codes = {"toolong"}})), pc::errc::out_of_range);
}

TYPED_TEST(array_test, null_elements_read_into_optionals_and_refused_by_plain_vectors) {
  this->db.run(pc::insert(Sparse{.values = {1, std::nullopt, 3}}));
  std::vector<std::vector<std::optional<int>>> values = this->db.run(pc::select(c<&Sparse::values>));
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0], (std::vector<std::optional<int>>{1, std::nullopt, 3}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<SparseStrict>()), pc::errc::unexpected_null);
}

TYPED_TEST(array_test, a_multidimensional_array_or_a_scalar_is_a_type_mismatch) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT 1", std::vector<int>>()), pc::errc::type_mismatch);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT 'hello, world'", std::vector<int>>()), pc::errc::type_mismatch);
  if constexpr (TypeParam::is_sqlite) {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT '[[1,2],[3,4]]'", std::vector<int>>()), pc::errc::type_mismatch);
  } else {
    PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT ARRAY[[1,2],[3,4]]", std::vector<int>>()), pc::errc::type_mismatch);
  }
}

TYPED_TEST(array_test, any_and_all_test_elements) {
  this->insert_three();
  EXPECT_EQ(this->titles_where(c<&Post::tags>.any("y")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(this->titles_where(c<&Post::scores>.any(3)), (std::vector<std::string>{"a"}));
  EXPECT_EQ(this->titles_where(!c<&Post::tags>.any("x")), (std::vector<std::string>{"b", "c"}));
  // every element equal: an empty array is true, a NULL array is not
  EXPECT_EQ(this->titles_where(c<&Post::scores>.all(2)), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(this->titles_where(c<&Post::weights>.all(0.5)), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(this->titles_where(c<&Post::weights>.any(0.5)), (std::vector<std::string>{"a"}));
}

TYPED_TEST(array_test, contains_needs_every_element) {
  this->insert_three();
  EXPECT_EQ(this->titles_where(c<&Post::tags>.contains({"y", "x"})), (std::vector<std::string>{"a"}));
  EXPECT_EQ(this->titles_where(c<&Post::tags>.contains({"y"})), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(this->titles_where(c<&Post::scores>.contains(std::vector<int>{})),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(this->titles_where(c<&Post::weights>.contains({0.5})), (std::vector<std::string>{"a"}));
}

TYPED_TEST(array_test, length_and_elements_counted_from_zero) {
  this->insert_three();
  auto rows = this->db.run(pc::select(c<&Post::title>, c<&Post::scores>.length(), c<&Post::weights>.length(),
                                      c<&Post::scores>[0], c<&Post::scores>[2], c<&Post::scores>[3],
                                      c<&Post::tags>[-1], c<&Post::tags>[1])
                               .order_by(c<&Post::title>));
  ASSERT_EQ(rows.size(), 3u);
  auto [title, length, weights, first, third, fourth, negative, second_tag] = rows[0];
  EXPECT_EQ(title, "a");
  EXPECT_EQ(length, 3);
  EXPECT_EQ(weights, 1);
  EXPECT_EQ(first, 1);
  EXPECT_EQ(third, 3);
  EXPECT_EQ(fourth, std::nullopt);
  EXPECT_EQ(negative, std::nullopt);
  EXPECT_EQ(second_tag, "y");
  EXPECT_EQ(std::get<1>(rows[1]), 2);
  EXPECT_EQ(std::get<2>(rows[1]), std::nullopt);  // a NULL array has no length
  EXPECT_EQ(std::get<1>(rows[2]), 0);
  EXPECT_EQ(std::get<3>(rows[2]), std::nullopt);
  EXPECT_EQ(this->titles_where(c<&Post::scores>.length() >= 2), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(this->titles_where(c<&Post::scores>[1] == 2), (std::vector<std::string>{"a", "b"}));
}

TYPED_TEST(array_test, update_sets_and_appends) {
  this->insert_three();
  this->db.run(pc::update<Post>().set(c<&Post::tags> = std::vector<std::string>{"new", "it's"}).where(c<&Post::title> == "c"));
  this->db.run(pc::update<Post>().set(c<&Post::scores> = c<&Post::scores>.cat(9)).where(c<&Post::title> == "a"));
  this->db.run(pc::update<Post>().set(c<&Post::scores> = c<&Post::scores>.cat({7, 8})).where(c<&Post::title> == "c"));
  // a NULL array is taken as empty
  this->db.run(pc::update<Post>().set(c<&Post::weights> = c<&Post::weights>.cat(1.5)).where(c<&Post::title> == "b"));
  std::vector<Post> posts = this->db.run(pc::objects<Post>().order_by(c<&Post::title>));
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[0].scores, (std::vector<int>{1, 2, 3, 9}));
  EXPECT_EQ(posts[1].weights, (std::vector<double>{1.5}));
  EXPECT_EQ(posts[2].tags, (std::vector<std::string>{"new", "it's"}));
  EXPECT_EQ(posts[2].scores, (std::vector<int>{7, 8}));
  std::vector<std::vector<std::string>> joined =
      this->db.run(pc::select(c<&Post::tags>.cat({"z"})).where(c<&Post::title> == "a"));
  EXPECT_EQ(joined, (std::vector<std::vector<std::string>>{{"x", "y", "z"}}));
  std::int64_t equal = this->db.run(pc::count<Post>().where(c<&Post::scores> == std::vector<int>{7, 8}));
  EXPECT_EQ(equal, 1);
}

TYPED_TEST(array_test, batch_inserts_carry_arrays) {
  // PostgreSQL: a batch without serial keys goes by binary COPY, each array in binary
  std::vector<Post> batch;
  for (int i = 0; i < 40; ++i) {
    Post p{.title = "p" + std::to_string(100 + i)};
    for (int k = 0; k < i % 4; ++k) {
      p.tags.push_back(awkward[static_cast<std::size_t>((i + k) % awkward.size())]);
      p.scores.push_back(i * 10 + k);
    }
    if (i % 3 == 0) p.weights = std::vector<double>(static_cast<std::size_t>(i % 5), 0.25);
    p.flags = {i % 2 == 0};
    batch.push_back(p);
  }
  this->db.run(pc::insert(batch));
  std::vector<Post> back = this->db.run(pc::objects<Post>().order_by(c<&Post::title>));
  ASSERT_EQ(back.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(back[i].tags, batch[i].tags) << i;
    EXPECT_EQ(back[i].scores, batch[i].scores) << i;
    EXPECT_EQ(back[i].weights, batch[i].weights) << i;
    EXPECT_EQ(back[i].flags, batch[i].flags) << i;
  }
  // a batch whose first row holds a NULL array, and VARCHAR(5)[] elements, by COPY too
  std::vector<Typed> typed{{.codes = {"a", "b\"c"}}, {.codes = {}}};
  this->db.run(pc::insert(typed));
  std::vector<std::vector<pc::varchar<5>>> codes = this->db.run(pc::select(c<&Typed::codes>).order_by(c<&Typed::id>));
  ASSERT_EQ(codes.size(), 2u);
  ASSERT_EQ(codes[0].size(), 2u);
  EXPECT_EQ(codes[0][1].str(), "b\"c");
  EXPECT_TRUE(codes[1].empty());
  std::vector<Post> nulls{{.title = "n1", .weights = std::nullopt}, {.title = "n2", .weights = std::vector<double>{2}}};
  this->db.run(pc::insert(nulls));
  std::vector<std::optional<std::vector<double>>> weights =
      this->db.run(pc::select(c<&Post::weights>).where(c<&Post::title>.like("n%")).order_by(c<&Post::title>));
  EXPECT_EQ(weights, (std::vector<std::optional<std::vector<double>>>{std::nullopt, std::vector<double>{2}}));
  std::vector<Sparse> sparse{{.values = {std::nullopt}}, {.values = {}}, {.values = {4, std::nullopt}}};
  this->db.run(pc::insert(sparse));
  std::vector<std::vector<std::optional<int>>> values =
      this->db.run(pc::select(c<&Sparse::values>).order_by(c<&Sparse::id>));
  EXPECT_EQ(values, (std::vector<std::vector<std::optional<int>>>{{std::nullopt}, {}, {4, std::nullopt}}));
}

}  // namespace
}  // namespace piccolo_test
