// Tables that are not plain namespace-scope aggregates: a described class with private
// members, and a struct declared inside a function.

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class reflection_test : public database_test<Engine> {};
TYPED_TEST_SUITE(reflection_test, engines, engine_names);

using strings = std::vector<std::string>;

TYPED_TEST(reflection_test, a_described_class_with_private_members_is_a_table) {
  this->db.run(pc::create_table<Musician>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{"musician"}));
  EXPECT_EQ(this->db.run(pc::insert(Musician{"Ella Fitzgerald", 1917}, Musician{"Miles Davis", 1926})), 2);
  std::vector<Musician> musicians = this->db.run(pc::objects<Musician>());
  ASSERT_EQ(musicians.size(), 2u);
  EXPECT_EQ(musicians[0].id(), 1);
  EXPECT_EQ(musicians[0].name(), "Ella Fitzgerald");
  EXPECT_EQ(musicians[0].born(), 1917);
  EXPECT_EQ(musicians[1].id(), 2);
  EXPECT_EQ(musicians[1].name(), "Miles Davis");
  EXPECT_EQ(musicians[1].born(), 1926);
  // the columns carry the member names
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name_ FROM musician WHERE born_ > {}", std::string>(1920)),
            (strings{"Miles Davis"}));
  EXPECT_EQ(this->db.run(pc::count<Musician>()), 2);
  std::optional<Musician> first = this->db.run(pc::objects<Musician>().first());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name(), "Ella Fitzgerald");
  // read as a raw row type too
  std::vector<Musician> raw = this->db.run(pc::raw<"SELECT id_, name_, born_ FROM musician ORDER BY born_ DESC", Musician>());
  ASSERT_EQ(raw.size(), 2u);
  EXPECT_EQ(raw[0].name(), "Miles Davis");
}

TYPED_TEST(reflection_test, a_struct_declared_in_a_function_is_a_table) {
  struct Gadget {
    pc::serial id;
    std::string label;
    int weight = 3;
    std::optional<double> price;
  };
  this->db.run(pc::create_table<Gadget>().if_not_exists());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{"gadget"}));
  this->db.run(pc::insert(Gadget{.label = "lever", .weight = 5, .price = 9.5}, Gadget{.label = "cog", .weight = 1}));
  // field names became column names
  EXPECT_EQ((this->db.run(pc::raw<"SELECT label, weight, price FROM gadget ORDER BY id",
                                  std::tuple<std::string, int, std::optional<double>>>())),
            (std::vector<std::tuple<std::string, int, std::optional<double>>>{{"lever", 5, 9.5}, {"cog", 1, std::nullopt}}));
  // and the member initializer a DEFAULT
  this->db.run(pc::raw<"INSERT INTO gadget (label) VALUES ({})">("spring"));
  EXPECT_EQ(this->db.run(pc::select(c<&Gadget::weight>).where(c<&Gadget::label> == "spring")), (std::vector<int>{3}));
  std::vector<Gadget> heavy = this->db.run(pc::objects<Gadget>().where(c<&Gadget::weight> > 2).order_by(c<&Gadget::weight>));
  ASSERT_EQ(heavy.size(), 2u);
  EXPECT_EQ(heavy[0].label, "spring");
  EXPECT_EQ(heavy[1].label, "lever");
  EXPECT_EQ(heavy[1].price, 9.5);
  EXPECT_EQ(this->db.run(pc::update<Gadget>().set(c<&Gadget::price> = 1.0).where(c<&Gadget::price>.is_null())), 2);
  EXPECT_EQ(this->db.run(pc::delete_from<Gadget>().where(c<&Gadget::id> == 1)), 1);
  this->db.run(pc::drop_table<Gadget>());
  EXPECT_EQ(TypeParam::table_names(this->db), (strings{}));
}

}  // namespace
}  // namespace piccolo_test
