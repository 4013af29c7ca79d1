// Array columns (std::vector<T>, <piccolo/arrays.hpp>): an operator's value must fit the
// array's elements, array operators take array columns only, is_in() on an array is
// refused (it compares single values), and a whole array has no order (<, order_by,
// min/max: the engines would disagree) while == stays.

// piccolo-expect: ANY_WITH_WRONG_ELEMENT_TYPE | piccolo: any\(\): the value's type does not match the array's element type
// piccolo-expect: ALL_WITH_WRONG_ELEMENT_TYPE | piccolo: all\(\): the value's type does not match the array's element type
// piccolo-expect: CONTAINS_A_SINGLE_VALUE | piccolo: contains\(\): the argument is not a list of the array's element type
// piccolo-expect: CAT_WITH_WRONG_ELEMENT_TYPE | piccolo: cat\(\): the argument is neither a value nor a list of the array's element type
// piccolo-expect: ANY_ON_A_TEXT_COLUMN | piccolo: any\(\): the column is not an array
// piccolo-expect: LENGTH_ON_AN_INTEGER_COLUMN | piccolo: length\(\): the column is not an array
// piccolo-expect: INDEX_BY_TEXT | piccolo: operator\[\]\(\): an array's index is an integer
// piccolo-expect: IS_IN_ON_AN_ARRAY | piccolo: is_in\(\): the column is an array
// piccolo-expect: ANY_ON_UUID_ELEMENTS | piccolo: array operators: the array's elements are bytes or a type of its own PostgreSQL type
// piccolo-expect: ARRAY_COMPARED_WITH_OTHER_ELEMENTS | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: ORDERING_OF_AN_ARRAY | piccolo: operator<: an array column \(std::vector<T>\) has no order both engines share
// piccolo-expect: VALUE_FIRST_ORDERING_OF_AN_ARRAY | piccolo: operator>=: an array column \(std::vector<T>\) has no order both engines share
// piccolo-expect: ORDER_BY_AN_ARRAY | piccolo: order_by\(\): an array column \(std::vector<T>\) has no order both engines share
// piccolo-expect: ORDER_BY_THE_ALIAS_OF_AN_ARRAY | piccolo: order_by\(\): an array column \(std::vector<T>\) has no order both engines share
// piccolo-expect: ORDER_BY_AN_ARRAY_DESCENDING | piccolo: order_by\(\): an array column \(std::vector<T>\) has no order both engines share
// piccolo-expect: MIN_OF_AN_ARRAY | piccolo: min\(\): the argument is an array column \(std::vector<T>\), which has no order both engines share
// piccolo-expect: MAX_OF_AN_ARRAY | piccolo: max\(\): the argument is an array column \(std::vector<T>\), which has no order both engines share

#include <string>
#include <vector>

#include <piccolo/arrays.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Post {
  pc::serial id;
  std::string title;
  std::vector<std::string> tags;
  std::vector<int> scores;
  std::vector<pc::uuid> keys;
};

void build() {
  (void)pc::select(c<&Post::id>).where(c<&Post::tags>.any("x") && c<&Post::scores>.all(2) &&
                                       c<&Post::tags>.contains({"a"}) && c<&Post::scores>.length() > 1);
  (void)pc::update<Post>().set(c<&Post::scores> = c<&Post::scores>.cat(3)).where(c<&Post::scores>[0] == 1);
  // equality stays, and an element has an order
  (void)pc::select(c<&Post::id>).where(c<&Post::scores> == std::vector<int>{1} && c<&Post::scores>[0] < 3)
      .order_by(c<&Post::scores>[0].desc(), c<&Post::scores>.length());
  (void)pc::select(pc::min(c<&Post::scores>[0]), pc::max(c<&Post::tags>[1]));
#ifdef ANY_WITH_WRONG_ELEMENT_TYPE
  (void)pc::select(c<&Post::id>).where(c<&Post::scores>.any("three"));
#endif
#ifdef ALL_WITH_WRONG_ELEMENT_TYPE
  (void)pc::select(c<&Post::id>).where(c<&Post::tags>.all(3));
#endif
#ifdef CONTAINS_A_SINGLE_VALUE
  (void)pc::select(c<&Post::id>).where(c<&Post::scores>.contains(3));
#endif
#ifdef CAT_WITH_WRONG_ELEMENT_TYPE
  (void)pc::select(c<&Post::id>).where(c<&Post::scores>.cat(std::string{"x"}));
#endif
#ifdef ANY_ON_A_TEXT_COLUMN
  (void)pc::select(c<&Post::id>).where(c<&Post::title>.any("x"));
#endif
#ifdef LENGTH_ON_AN_INTEGER_COLUMN
  (void)pc::select(c<&Post::id>).where(c<&Post::id>.length());
#endif
#ifdef INDEX_BY_TEXT
  (void)pc::select(c<&Post::id>).where(c<&Post::tags>["first"]);
#endif
#ifdef IS_IN_ON_AN_ARRAY
  (void)pc::select(c<&Post::id>).where(c<&Post::scores>.is_in({std::vector<int>{1}}));
#endif
#ifdef ANY_ON_UUID_ELEMENTS
  (void)pc::select(c<&Post::id>).where(c<&Post::keys>.any(pc::uuid{}));
#endif
#ifdef ARRAY_COMPARED_WITH_OTHER_ELEMENTS
  (void)pc::select(c<&Post::id>).where(c<&Post::scores> == std::vector<std::string>{"1"});
#endif
#ifdef ORDERING_OF_AN_ARRAY
  (void)pc::select(c<&Post::id>).where(c<&Post::scores> < std::vector<int>{1});
#endif
#ifdef VALUE_FIRST_ORDERING_OF_AN_ARRAY
  (void)pc::select(c<&Post::id>).where(std::vector<int>{1} >= c<&Post::scores>);
#endif
#ifdef ORDER_BY_AN_ARRAY
  (void)pc::select(c<&Post::id>).order_by(c<&Post::id>, c<&Post::tags>);
#endif
#ifdef ORDER_BY_THE_ALIAS_OF_AN_ARRAY
  (void)pc::select(c<&Post::id>.as<"id">(), c<&Post::tags>.as<"t">()).order_by(pc::alias<"id">, pc::alias<"t">);
#endif
#ifdef ORDER_BY_AN_ARRAY_DESCENDING
  (void)pc::objects<Post>().order_by(c<&Post::scores>.desc());
#endif
#ifdef MIN_OF_AN_ARRAY
  (void)pc::select(pc::min(c<&Post::scores>));
#endif
#ifdef MAX_OF_AN_ARRAY
  (void)pc::select(pc::max(c<&Post::tags>));
#endif
}

}  // namespace broken
