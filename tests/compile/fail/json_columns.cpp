// pc::json / pc::jsonb columns: PostgreSQL has no = on JSON (only on JSONB), neither has
// an order, a member is read as one of four types, and [] reads into JSON columns only.

// piccolo-expect: EQUAL_ON_A_JSON_COLUMN | piccolo: operator==: the type has no equality in SQL \(PostgreSQL has no = on pc::json\)
// piccolo-expect: ORDERING_OF_A_JSONB_COLUMN | piccolo: operator<: the type has no order \(JSON\)
// piccolo-expect: JSON_AND_JSONB_COMPARED | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: MEMBER_AS_AN_UNSUPPORTED_TYPE | piccolo: as<T>\(\): a JSON member is read as std::string, std::int64_t, double or bool
// piccolo-expect: SUBSCRIPT_OF_A_TEXT_COLUMN | piccolo: operator\[\]\(\): the column holds no members to read with \[\]
// piccolo-expect: JSON_KEY_OF_ANOTHER_TYPE | piccolo: operator\[\]\(\): a JSON key is text \(an object's member, \["name"\]\) or an integer
// piccolo-expect: IS_IN_ON_A_JSONB_COLUMN | piccolo: is_in\(\): the column is a timestamp, date, bytes or JSON column

#include <cstdint>
#include <optional>
#include <string>

#include <piccolo/json.hpp>
#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Document {
  pc::serial id;
  pc::varchar<50> title;
  pc::jsonb body;
  std::optional<pc::json> note;
};

void build() {
  (void)pc::select(c<&Document::id>).where(c<&Document::body> == pc::jsonb{1});
  (void)pc::select(c<&Document::id>).where(c<&Document::body>["name"].as<std::string>() == "x");
  (void)pc::select(c<&Document::note>["a"][0]["b"].as<double>());
#ifdef EQUAL_ON_A_JSON_COLUMN
  (void)pc::select(c<&Document::id>).where(c<&Document::note> == pc::json{1});
#endif
#ifdef ORDERING_OF_A_JSONB_COLUMN
  (void)pc::select(c<&Document::id>).where(c<&Document::body> < pc::jsonb{1});
#endif
#ifdef JSON_AND_JSONB_COMPARED
  (void)pc::select(c<&Document::id>).where(c<&Document::body> == pc::json{1});
#endif
#ifdef MEMBER_AS_AN_UNSUPPORTED_TYPE
  (void)c<&Document::body>["count"].as<int>();
#endif
#ifdef SUBSCRIPT_OF_A_TEXT_COLUMN
  (void)c<&Document::title>["name"];
#endif
#ifdef JSON_KEY_OF_ANOTHER_TYPE
  (void)c<&Document::body>[1.5];
#endif
#ifdef IS_IN_ON_A_JSONB_COLUMN
  (void)pc::select(c<&Document::id>).where(c<&Document::body>.is_in({pc::jsonb{1}}));
#endif
}

}  // namespace broken
