// JSON conversions take table rows: a plain value, or a row with a member that has no
// JSON form, is refused at the entry point with one message.

// piccolo-expect: TO_JSON_OF_A_NON_TABLE_TYPE | piccolo: to_json\(\): the type is not a table row
// piccolo-expect: FROM_JSON_OF_A_NON_TABLE_TYPE | piccolo: from_json\(\): the type is not a table row
// piccolo-expect: TO_JSON_OF_A_MEMBER_WITHOUT_JSON | piccolo: to_json\(\): a member of the row has a type without a JSON form
// piccolo-expect: OUTPUT_JSON_OF_A_COUNT | piccolo: output_json\(\): the query must return rows of a table

#include <string>

#include <piccolo/json.hpp>
#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Manager {
  pc::serial id;
  pc::varchar<50> name;
};

struct Point {
  int x = 0;
  int y = 0;
};

struct Place {
  pc::serial id;
  Point at;  // a struct, not a column type
};

void build() {
  (void)pc::to_json(Manager{.id = 1, .name = "Guido"});
  (void)pc::from_json<Manager>(boost::json::value{});
  (void)pc::output_json(pc::objects<Manager>());
#ifdef TO_JSON_OF_A_NON_TABLE_TYPE
  (void)pc::to_json(42);
#endif
#ifdef FROM_JSON_OF_A_NON_TABLE_TYPE
  (void)pc::from_json<std::string>(boost::json::value{});
#endif
#ifdef TO_JSON_OF_A_MEMBER_WITHOUT_JSON
  (void)pc::to_json(Place{});
#endif
#ifdef OUTPUT_JSON_OF_A_COUNT
  (void)pc::output_json(pc::count<Manager>());
#endif
}

}  // namespace broken
