// pc::numeric<P, S>: exact decimals that never pass through a double. They round-trip
// on both engines (PostgreSQL's binary NUMERIC, SQLite's sortable text) at their limits
// and with NULL, compare and sort in SQL as numbers, go through batches (COPY and the
// unnest() upsert on PostgreSQL), and refuse what does not fit P and S (out_of_range).

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using amount = pc::numeric<10, 2>;
using rate = pc::numeric<30, 12>;

struct Price {
  pc::serial id;
  amount value;
  std::optional<rate> ratio;
  pc::numeric<4> units;
};

template <class Engine>
class numeric_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_table<Price>()); }

  std::vector<Price> prices() {
    std::vector<Price> rows = this->db.run(pc::objects<Price>().order_by(c<&Price::id>));
    return rows;
  }
};
TYPED_TEST_SUITE(numeric_test, engines, engine_names);

TYPED_TEST(numeric_test, numerics_round_trip_exactly_at_their_limits_with_null) {
  std::vector<Price> rows{
      {.value = amount{"0"}, .units = 0},
      {.value = amount{"99999999.99"}, .ratio = rate{"123456789012345678.000000000001"}, .units = 9999},
      {.value = amount{"-99999999.99"}, .ratio = rate{"-0.000000000001"}, .units = -9999},
      {.value = amount{"0.1"}, .ratio = rate{"10000"}, .units = 1000},  // 0.1: no double holds it
  };
  for (const Price& price : rows) this->db.run(pc::insert(price));
  std::vector<Price> back = this->prices();
  ASSERT_EQ(back.size(), rows.size());
  std::vector<std::string> texts;
  for (const Price& price : back) {
    texts.push_back(price.value.to_string() + " " + (price.ratio ? price.ratio->to_string() : "NULL") + " " +
                    price.units.to_string());
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"0.00 NULL 0", "99999999.99 123456789012345678.000000000001 9999",
                                             "-99999999.99 -0.000000000001 -9999",
                                             "0.10 10000.000000000000 1000"}));
}

TYPED_TEST(numeric_test, numerics_compare_and_sort_as_numbers) {
  for (const char* text : {"10.5", "-3", "9.99", "-20.01", "100", "0", "-0.5"})
    this->db.run(pc::insert(Price{.value = amount{text}}));
  std::vector<amount> ordered = this->db.run(pc::select(c<&Price::value>).order_by(c<&Price::value>));
  std::vector<std::string> texts;
  for (const amount& a : ordered) texts.push_back(a.to_string());
  EXPECT_EQ(texts, (std::vector<std::string>{"-20.01", "-3.00", "-0.50", "0.00", "9.99", "10.50", "100.00"}));
  std::int64_t above = this->db.run(pc::count<Price>().where(c<&Price::value> > amount{"9.99"}));
  EXPECT_EQ(above, 2);
  std::int64_t between = this->db.run(
      pc::count<Price>().where(c<&Price::value> >= amount{-3} && c<&Price::value> < amount{10}));
  EXPECT_EQ(between, 4);
  std::int64_t exact = this->db.run(pc::count<Price>().where(c<&Price::value> == amount{"-0.50"}));
  EXPECT_EQ(exact, 1);
  std::int64_t without_ratio = this->db.run(pc::count<Price>().where(c<&Price::ratio>.is_null()));
  EXPECT_EQ(without_ratio, 7);
}

TYPED_TEST(numeric_test, is_in_and_not_in_compare_numerics_as_numbers) {
  for (const char* text : {"10.5", "-3", "9.99", "-20.01", "100", "0", "-0.5"})
    this->db.run(pc::insert(Price{.value = amount{text}, .ratio = std::string_view{text} == "0" ? std::nullopt : std::optional<rate>{rate{1}}}));
  auto values_of = [&](auto condition) {
    std::vector<std::string> texts;
    for (const amount& a : this->db.run(pc::select(c<&Price::value>).where(condition).order_by(c<&Price::value>)))
      texts.push_back(a.to_string());
    return texts;
  };
  // negatives, a value written with fewer digits, one that is not there
  EXPECT_EQ(values_of(c<&Price::value>.is_in({amount{"-20.01"}, amount{"-0.50"}, amount{"10.50"}, amount{"7"}})),
            (std::vector<std::string>{"-20.01", "-0.50", "10.50"}));
  EXPECT_EQ(values_of(c<&Price::value>.not_in({amount{"-20.01"}, amount{"-0.50"}, amount{"10.50"}, amount{0}})),
            (std::vector<std::string>{"-3.00", "9.99", "100.00"}));
  // an empty list: nothing is in it, everything is not
  EXPECT_EQ(values_of(c<&Price::value>.is_in(std::vector<amount>{})), (std::vector<std::string>{}));
  EXPECT_EQ(values_of(c<&Price::value>.not_in(std::vector<amount>{})).size(), 7u);
  // a NULL column is in no list (the row with ratio NULL is not counted either way)
  std::int64_t ratio_in = this->db.run(pc::count<Price>().where(c<&Price::ratio>.is_in({rate{1}})));
  std::int64_t ratio_not_in = this->db.run(pc::count<Price>().where(c<&Price::ratio>.not_in({rate{1}})));
  EXPECT_EQ(ratio_in, 6);
  EXPECT_EQ(ratio_not_in, 0);
}

TYPED_TEST(numeric_test, batches_take_numerics) {
  std::vector<Price> rows;
  for (int i = 0; i < 30; ++i)
    rows.push_back(Price{.value = amount{std::to_string(i * 37 - 500) + "." + std::to_string(10 + i)},
                         .ratio = i % 2 ? std::nullopt : std::optional{rate{"0." + std::string(11, '0') + "1"}},
                         .units = i});
  this->db.run(pc::insert(rows));
  std::vector<Price> updates{Price{.id = 1, .value = amount{"1.25"}, .units = 7},
                             Price{.id = 50, .value = amount{"-1.25"}, .units = 8}};
  this->db.run(pc::insert(updates).on_conflict(c<&Price::id>).do_update(c<&Price::value>, c<&Price::units>));
  std::vector<Price> back = this->prices();
  ASSERT_EQ(back.size(), 31u);
  EXPECT_EQ(back[0].value.to_string(), "1.25");
  EXPECT_EQ(back[0].units, 7);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].value, rows[i].value) << i;
    EXPECT_EQ(back[i].ratio, rows[i].ratio) << i;
    EXPECT_EQ(back[i].units, rows[i].units) << i;
  }
  EXPECT_EQ(back[30].value.to_string(), "-1.25");
}

TYPED_TEST(numeric_test, a_stored_value_that_does_not_fit_is_out_of_range) {
  this->db.run(pc::insert(Price{.value = amount{"12.34"}, .units = 5}));
  // read into a narrower numeric: a fraction too fine, or too many integer digits
  PICCOLO_EXPECT_ERROR((this->db.run(pc::raw<"SELECT value FROM price", pc::numeric<10, 1>>())), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR((this->db.run(pc::raw<"SELECT value FROM price", pc::numeric<3, 2>>())), pc::errc::out_of_range);
  std::vector<pc::numeric<6, 4>> wider = this->db.run(pc::raw<"SELECT value FROM price", pc::numeric<6, 4>>());
  ASSERT_EQ(wider.size(), 1u);
  EXPECT_EQ(wider[0].to_string(), "12.3400");
}

TYPED_TEST(numeric_test, engine_forms_of_numerics) {
  this->db.run(pc::insert(Price{.value = amount{"-12.3"}, .units = 42}));
  if constexpr (std::is_same_v<TypeParam, postgres>) {
    std::vector<std::string> text = this->db.run(pc::raw<"SELECT value::text || ' ' || units::text FROM price", std::string>());
    EXPECT_EQ(text, (std::vector<std::string>{"-12.30 42"}));
    this->db.run(pc::raw<"ALTER TABLE price ALTER COLUMN ratio TYPE numeric">());
    this->db.run(pc::raw<"UPDATE price SET ratio = 'NaN'">());
    PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Price>()), pc::errc::out_of_range);
  } else {
    // text of a fixed width that sorts: a negative value as '!' and the nines' complement
    std::vector<std::string> text = this->db.run(pc::raw<"SELECT value || ' ' || units FROM price", std::string>());
    EXPECT_EQ(text, (std::vector<std::string>{"!99999987.69 0042"}));
  }
}

// ---- arithmetic and comparison with integers in SQL, aggregates -----------------------

struct Item {
  pc::serial id;
  amount price;
  int qty = 0;
  std::optional<pc::numeric<6, 3>> discount;
};

template <class Engine>
class numeric_sql_test : public database_test<Engine> {
 protected:
  void SetUp() override {
    this->db.run(pc::create_table<Price>());
    this->db.run(pc::create_table<Item>());
  }
  template <class N>
  static std::vector<std::string> texts(const std::vector<N>& values) {
    std::vector<std::string> out;
    for (const auto& v : values) {
      if constexpr (requires { v.has_value(); }) out.push_back(v ? v->to_string() : "NULL");
      else out.push_back(v.to_string());
    }
    return out;
  }
};
TYPED_TEST_SUITE(numeric_sql_test, engines, engine_names);

TYPED_TEST(numeric_sql_test, sql_arithmetic_past_the_type_is_out_of_range_never_rounded) {
  this->db.run(pc::insert(Item{.price = amount{"99999999.99"}, .qty = 1000}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Item::price> + 1)), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Item::price> * c<&Item::qty>)), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(-3 - c<&Item::price>)), pc::errc::out_of_range);
  // an integer compared with a numeric is bound as one: it must fit
  PICCOLO_EXPECT_ERROR(this->db.run(pc::count<Item>().where(c<&Item::price> > std::int64_t{1'000'000'000})),
                       pc::errc::out_of_range);
  std::vector<amount> at_the_limit = this->db.run(pc::select(c<&Item::price> - 99'999'999));
  EXPECT_EQ(TestFixture::texts(at_the_limit), (std::vector<std::string>{"0.99"}));
}

TYPED_TEST(numeric_sql_test, numerics_compare_with_integers_as_numbers) {
  this->db.run(pc::insert(std::vector<Item>{{.price = amount{"10.00"}}, {.price = amount{"9.50"}},
                                            {.price = amount{"-3"}}, {.price = amount{"100"}}}));
  auto prices = [&](const auto& condition) {
    std::vector<amount> found = this->db.run(pc::select(c<&Item::price>).where(condition).order_by(c<&Item::price>));
    return TestFixture::texts(found);
  };
  using texts_t = std::vector<std::string>;
  // '10.00' < '9.50' as plain text: piccolo compares the numbers
  EXPECT_EQ(prices(c<&Item::price> > 9), (texts_t{"9.50", "10.00", "100.00"}));
  EXPECT_EQ(prices(c<&Item::price> < 10), (texts_t{"-3.00", "9.50"}));
  EXPECT_EQ(prices(c<&Item::price> == 10), (texts_t{"10.00"}));
  EXPECT_EQ(prices(c<&Item::price> != 10), (texts_t{"-3.00", "9.50", "100.00"}));
  EXPECT_EQ(prices(-3 >= c<&Item::price>), (texts_t{"-3.00"}));
  EXPECT_EQ(prices(c<&Item::price> >= std::int16_t{-3} && c<&Item::price> <= 10u), (texts_t{"-3.00", "9.50", "10.00"}));
}

TYPED_TEST(numeric_sql_test, numeric_arithmetic_with_integers_and_numerics_is_exact) {
  this->db.run(pc::insert(std::vector<Item>{
      {.price = amount{"0.10"}, .qty = 3, .discount = pc::numeric<6, 3>{"0.005"}},
      {.price = amount{"-12.30"}, .qty = -2},
      {.price = amount{"9.50"}, .qty = 0, .discount = pc::numeric<6, 3>{"-999.999"}},
  }));
  auto column = [&](const auto& expression) {
    auto rows = this->db.run(pc::select(expression).order_by(c<&Item::id>));
    return TestFixture::texts(rows);
  };
  using texts_t = std::vector<std::string>;
  EXPECT_EQ(column(c<&Item::price> + 1), (texts_t{"1.10", "-11.30", "10.50"}));
  EXPECT_EQ(column(c<&Item::price> - 2), (texts_t{"-1.90", "-14.30", "7.50"}));
  EXPECT_EQ(column(1 - c<&Item::price>), (texts_t{"0.90", "13.30", "-8.50"}));
  EXPECT_EQ(column(c<&Item::price> * c<&Item::qty>), (texts_t{"0.30", "24.60", "0.00"}));
  EXPECT_EQ(column(c<&Item::price> * -3), (texts_t{"-0.30", "36.90", "-28.50"}));
  // two numerics: + and - at the larger scale, * at the sum of the scales; NULL stays NULL
  EXPECT_EQ(column(c<&Item::price> + c<&Item::discount>), (texts_t{"0.105", "NULL", "-990.499"}));
  EXPECT_EQ(column(c<&Item::price> * c<&Item::discount>), (texts_t{"0.00050", "NULL", "-9499.99050"}));
  EXPECT_EQ(column((c<&Item::price> + 1) * 2 - c<&Item::price>), (texts_t{"2.10", "-10.30", "11.50"}));
  EXPECT_EQ(column(c<&Item::price> - pc::numeric<4, 3>{"-0.125"}), (texts_t{"0.225", "-12.175", "9.625"}));
  static_assert(std::is_same_v<typename decltype(c<&Item::price> * c<&Item::discount>)::value_type,
                               std::optional<pc::numeric<16, 5>>>);
  // in where(), compared with integers and numerics
  std::int64_t over_ten = this->db.run(pc::count<Item>().where(c<&Item::price> + 1 > 10));
  EXPECT_EQ(over_ten, 1);
  std::int64_t below = this->db.run(pc::count<Item>().where(c<&Item::price> * c<&Item::qty> < amount{"0.31"}));
  EXPECT_EQ(below, 2);
  // and assigned
  this->db.run(pc::update<Item>().set(c<&Item::price> = c<&Item::price> * 2 + 1).where(c<&Item::qty> >= 0));
  EXPECT_EQ(column(c<&Item::price>), (texts_t{"1.20", "-12.30", "20.00"}));
}

TYPED_TEST(numeric_sql_test, sum_min_and_max_of_numerics_are_exact) {
  // over no row: NULL
  auto empty = this->db.run(pc::select(pc::sum(c<&Item::price>), pc::min(c<&Item::price>), pc::max(c<&Item::discount>)));
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_FALSE(std::get<0>(empty[0]).has_value());
  EXPECT_FALSE(std::get<1>(empty[0]).has_value());
  EXPECT_FALSE(std::get<2>(empty[0]).has_value());
  // 0.1 + 0.2 is 0.3 here (doubles would give 0.30000000000000004)
  this->db.run(pc::insert(std::vector<Item>{
      {.price = amount{"0.10"}, .qty = 1, .discount = pc::numeric<6, 3>{"1.5"}},
      {.price = amount{"0.20"}, .qty = 1},
      {.price = amount{"-99999999.99"}, .qty = 2, .discount = pc::numeric<6, 3>{"-2.25"}},
      {.price = amount{"99999999.99"}, .qty = 2, .discount = pc::numeric<6, 3>{"10"}},
      {.price = amount{"99999999.99"}, .qty = 3},
  }));
  auto totals = this->db.run(pc::select(c<&Item::qty>, pc::sum(c<&Item::price>), pc::min(c<&Item::price>),
                                        pc::max(c<&Item::price>), pc::sum(c<&Item::discount>),
                                        pc::max(c<&Item::discount>))
                                 .group_by(c<&Item::qty>)
                                 .order_by(c<&Item::qty>));
  static_assert(std::is_same_v<typename decltype(pc::sum(c<&Item::price>))::value_type, std::optional<pc::numeric<18, 2>>>);
  std::vector<std::string> rows;
  for (const auto& [qty, total, low, high, discounts, top] : totals)
    rows.push_back(std::to_string(qty) + " " + total->to_string() + " " + low->to_string() + " " + high->to_string() +
                   " " + (discounts ? discounts->to_string() : "NULL") + " " + (top ? top->to_string() : "NULL"));
  EXPECT_EQ(rows, (std::vector<std::string>{"1 0.30 0.10 0.20 1.500 1.500", "2 0.00 -99999999.99 99999999.99 7.750 10.000",
                                            "3 99999999.99 99999999.99 99999999.99 NULL NULL"}));
  // past the column's digits: the sum's type has 18
  std::optional<pc::numeric<18, 2>> all = this->db.run(pc::select(pc::sum(c<&Item::price>)))[0];
  EXPECT_EQ(all->to_string(), "100000000.29");
}

TYPED_TEST(numeric_sql_test, sum_of_a_numeric_wider_than_18_digits_is_exact_or_refused) {
  this->db.run(pc::insert(std::vector<Price>{{.value = amount{"1"}, .ratio = rate{"123456789012345678.000000000001"}},
                                             {.value = amount{"2"}, .ratio = rate{"0.000000000002"}}}));
  if constexpr (std::is_same_v<TypeParam, postgres>) {
    std::optional<pc::numeric<39, 12>> total = this->db.run(pc::select(pc::sum(c<&Price::ratio>)))[0];
    EXPECT_EQ(total->to_string(), "123456789012345678.000000000003");
  } else {
    // SQLite has no exact integer of 30 digits: refused, not summed as doubles
    PICCOLO_EXPECT_ERROR(this->db.run(pc::select(pc::sum(c<&Price::ratio>))), pc::errc::out_of_range);
  }
  // min and max compare the stored values: exact on both
  std::optional<rate> top = this->db.run(pc::select(pc::max(c<&Price::ratio>)))[0];
  EXPECT_EQ(top->to_string(), "123456789012345678.000000000001");
}

TEST(numeric, exact_arithmetic_on_values) {
  EXPECT_EQ((amount{"0.10"} + amount{"0.20"}).to_string(), "0.30");
  EXPECT_EQ((amount{"12.30"} - pc::numeric<6, 4>{"0.0001"}).to_string(), "12.2999");
  static_assert(std::is_same_v<decltype(amount{} - pc::numeric<6, 4>{}), pc::numeric<12, 4>>);
  EXPECT_EQ((amount{"-12.30"} * pc::numeric<4, 1>{"-1.5"}).to_string(), "18.450");
  static_assert(std::is_same_v<decltype(amount{} * pc::numeric<4, 1>{}), pc::numeric<14, 3>>);
  EXPECT_EQ((amount{"12.30"} * 3).to_string(), "36.90");
  EXPECT_EQ((7 - amount{"12.30"}).to_string(), "-5.30");
  EXPECT_EQ((amount{"12.30"} - 7).to_string(), "5.30");
  EXPECT_EQ((-amount{"12.30"}).to_string(), "-12.30");
  EXPECT_EQ((amount{"0.01"} * 0).sign(), 0);
  EXPECT_EQ(amount{"99999999.99"} - amount{"99999999.99"}, 0);
  amount widened = pc::numeric<4, 1>{"3.5"};  // every numeric<4, 1> fits: implicit
  EXPECT_EQ(widened.to_string(), "3.50");
  EXPECT_EQ((amount{pc::numeric<20, 2>{"12.5"}}).to_string(), "12.50");  // narrowing: explicit
  PICCOLO_EXPECT_ERROR((amount{pc::numeric<20, 2>{"123456789"}}), pc::errc::out_of_range);
  // a result the type cannot hold is out_of_range, never rounded or wrapped
  PICCOLO_EXPECT_ERROR(amount{"99999999.99"} + 1, pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(amount{"-99999999.99"} - amount{"0.01"}, pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(amount{"50000000"} * 2, pc::errc::out_of_range);
  const pc::numeric<1000, 999> tiny{"0." + std::string(998, '0') + "3"};  // 3e-999
  EXPECT_EQ((pc::numeric<1000, 999>{"0.5"} * tiny).to_string(), "0." + std::string(998, '0') + "15");
  PICCOLO_EXPECT_ERROR(tiny * tiny, pc::errc::out_of_range);  // 1000 fraction digits at most: never rounded
  // comparison with integers, exactly
  EXPECT_GT(amount{"10.00"}, 9);
  EXPECT_LT(amount{"9.50"}, 10);
  EXPECT_EQ(amount{"-3"}, -3);
}

TEST(numeric, text_integers_and_limits) {
  EXPECT_EQ(amount{"00012.300"}.to_string(), "12.30");
  EXPECT_EQ(amount{"-0.00"}.to_string(), "0.00");
  EXPECT_EQ(amount{".5"}.to_string(), "0.50");
  EXPECT_EQ(amount{-7}.to_string(), "-7.00");
  EXPECT_EQ(amount{"12.00"}, 12);
  EXPECT_NE(amount{"12.30"}, 12);
  EXPECT_LT(amount{"-1.5"}, -1);
  EXPECT_GT(amount{"-1.5"}, amount{-2});
  EXPECT_GT(amount{"99999999.99"}, std::int64_t{99'999'999});
  EXPECT_EQ(amount{"-1.5"}.sign(), -1);
  EXPECT_EQ(amount{}.sign(), 0);
  EXPECT_FALSE(amount::parse("1.2.3").has_value());
  EXPECT_FALSE(amount::parse("123456789").has_value());
  try {
    amount{"1.234"};
    ADD_FAILURE() << "1.234 was rounded into NUMERIC(10, 2)";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::out_of_range);
    EXPECT_EQ(e.engine_message(),
              "'1.234' has more than 2 fraction digits, which NUMERIC(10, 2) cannot hold (it is not rounded)");
  }
  PICCOLO_EXPECT_ERROR(amount{123'456'789}, pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(amount{"1e5"}, pc::errc::type_mismatch);
  EXPECT_EQ(amount{"1.230"}, amount{"1.23"});  // zeros past the scale are not a finer value
}

}  // namespace
}  // namespace piccolo_test
