// pc::numeric<P, S>: exact decimals that never pass through a double. They round-trip
// on both engines (PostgreSQL's binary NUMERIC, SQLite's sortable text) at their limits
// and with NULL, compare and sort in SQL as numbers, go through batches (COPY and the
// unnest() upsert on PostgreSQL), and refuse what does not fit P and S (out_of_range).

#include <cstdint>
#include <optional>
#include <string>
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
