// pc::json / pc::jsonb columns: PostgreSQL has no = on JSON (only on JSONB), neither has
// an order (no <, order_by, min/max), a member is read as one of four types, [] reads into
// JSON columns only, contains() / contained_in() are pc::jsonb's and PostgreSQL's only
// (SQLite's run, stream and SQL text refuse them), and std::vector<pc::jsonb> is no column.

// piccolo-expect: EQUAL_ON_A_JSON_COLUMN | piccolo: operator==: the type has no equality in SQL \(PostgreSQL has no = on pc::json\)
// piccolo-expect: ORDERING_OF_A_JSONB_COLUMN | piccolo: operator<: the type has no order both engines share \(JSON
// piccolo-expect: ORDER_BY_A_JSONB_COLUMN | piccolo: order_by\(\): a JSON column \(pc::json / pc::jsonb\) has no order both engines share
// piccolo-expect: ORDER_BY_THE_ALIAS_OF_A_JSONB_COLUMN | piccolo: order_by\(\): a JSON column \(pc::json / pc::jsonb\) has no order both engines share
// piccolo-expect: ORDER_BY_A_JSON_MEMBER | piccolo: order_by\(\): a JSON column \(pc::json / pc::jsonb\) has no order both engines share
// piccolo-expect: MIN_OF_A_JSONB_COLUMN | piccolo: min\(\): the argument is a JSON column \(pc::json / pc::jsonb\)
// piccolo-expect: MAX_OF_A_JSON_COLUMN | piccolo: max\(\): the argument is a JSON column \(pc::json / pc::jsonb\)
// piccolo-expect: JSON_AND_JSONB_COMPARED | piccolo: operator==: the two sides have unrelated types
// piccolo-expect: MEMBER_AS_AN_UNSUPPORTED_TYPE | piccolo: as<T>\(\): a JSON member is read as std::string, std::int64_t, double or bool
// piccolo-expect: SUBSCRIPT_OF_A_TEXT_COLUMN | piccolo: operator\[\]\(\): the column holds no members to read with \[\]
// piccolo-expect: JSON_KEY_OF_ANOTHER_TYPE | piccolo: operator\[\]\(\): a JSON key is text \(an object's member, \["name"\]\) or an integer
// piccolo-expect: CONTAINS_RUN_ON_SQLITE | piccolo: run\(\): the query uses an operation SQLite does not have \(contains\(\) / contained_in\(\) on pc::jsonb are PostgreSQL-only\)
// piccolo-expect: CONTAINED_IN_STREAMED_FROM_SQLITE | piccolo: stream\(\): the query uses an operation SQLite does not have \(contains\(\) / contained_in\(\) on pc::jsonb are PostgreSQL-only\)
// piccolo-expect: MEMBER_CONTAINS_RUN_ON_SQLITE | piccolo: run\(\): the query uses an operation SQLite does not have
// piccolo-expect: MEMBER_CONTAINS_ON_A_JSON_COLUMN | piccolo: contains\(\): the member is of a pc::json column; PostgreSQL has no @> on json
// piccolo-expect: MEMBER_CONTAINED_IN_ON_A_JSON_COLUMN | piccolo: contained_in\(\): the member is of a pc::json column
// piccolo-expect: MEMBER_CONTAINS_A_VALUE_THAT_IS_NOT_JSON | piccolo: contains\(\): the value is not JSON
// piccolo-expect: CONTAINS_SQL_TEXT_FOR_SQLITE | piccolo: the query has no SQL text in this dialect: it uses an operation only PostgreSQL has \(contains\(\) / contained_in\(\) on pc::jsonb are PostgreSQL-only\)
// piccolo-expect: CONTAINS_ON_A_JSON_COLUMN | piccolo: contains\(\): the column is not an array \(std::vector<T>\) or a pc::jsonb \(PostgreSQL has no @> on pc::json
// piccolo-expect: CONTAINED_IN_ON_A_TEXT_COLUMN | piccolo: contained_in\(\): the column is not a pc::jsonb
// piccolo-expect: CONTAINS_A_VALUE_THAT_IS_NOT_JSON | piccolo: contains\(\): the value is not JSON
// piccolo-expect: VECTOR_OF_JSONB_AS_A_COLUMN | (piccolo: create_table\(\): a column has a type piccolo cannot store.*std::vector<piccolo::basic_json<true>|std::vector<piccolo::basic_json<true>.*piccolo: create_table\(\): a column has a type piccolo cannot store)
// piccolo-expect: IS_IN_ON_A_JSONB_COLUMN | piccolo: is_in\(\): the column is a timestamp, date, bytes or JSON column

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <piccolo/arrays.hpp>
#include <piccolo/json.hpp>
#include <piccolo/piccolo.hpp>
#include <piccolo/postgres.hpp>
#include <piccolo/sqlite.hpp>

namespace pc = piccolo;
using pc::c;

namespace broken {

struct Document {
  pc::serial id;
  pc::varchar<50> title;
  pc::jsonb body;
  std::optional<pc::json> note;
};

void run_on(pc::sqlite::database& sqlite, pc::postgres::database& postgres) {
  auto holding = pc::select(c<&Document::id>).where(c<&Document::body>.contains(boost::json::object{{"a", 1}}));
  (void)postgres.run(holding);  // PostgreSQL has @>
  (void)postgres.run(pc::delete_from<Document>().where(c<&Document::body>.contained_in(pc::jsonb{1})));
  (void)sqlite.run(pc::select(c<&Document::id>).where(c<&Document::body>.has_key("a")));
#ifdef CONTAINS_RUN_ON_SQLITE
  (void)sqlite.run(holding);
#endif
  (void)postgres.run(pc::select(c<&Document::id>).where(c<&Document::body>["tags"].contains(boost::json::array{"x"})));
#ifdef MEMBER_CONTAINS_RUN_ON_SQLITE
  (void)sqlite.run(pc::select(c<&Document::id>).where(c<&Document::body>["tags"].contains(boost::json::array{"x"})));
#endif
#ifdef MEMBER_CONTAINS_ON_A_JSON_COLUMN
  (void)c<&Document::note>["tags"].contains(boost::json::array{"x"});
#endif
#ifdef MEMBER_CONTAINED_IN_ON_A_JSON_COLUMN
  (void)c<&Document::note>["tags"].contained_in(boost::json::array{"x"});
#endif
#ifdef MEMBER_CONTAINS_A_VALUE_THAT_IS_NOT_JSON
  (void)c<&Document::body>["tags"].contains(std::chrono::seconds{1});
#endif
#ifdef CONTAINED_IN_STREAMED_FROM_SQLITE
  for (auto id : sqlite.stream(pc::select(c<&Document::id>).where(c<&Document::body>.contained_in(pc::jsonb{1})))) (void)id;
#endif
#ifdef CONTAINS_SQL_TEXT_FOR_SQLITE
  (void)holding.sql<pc::sqlite_dialect>();
#endif
}

// std::vector<pc::jsonb> is no column type (the engines read array elements as scalars),
// but a struct holding one goes to JSON and back
struct Bundle {
  pc::serial id;
  std::vector<pc::jsonb> parts;
};

void build() {
  (void)pc::from_json<Bundle>(pc::to_json(Bundle{}));
#ifdef VECTOR_OF_JSONB_AS_A_COLUMN
  (void)pc::create_table<Bundle>();
#endif
  (void)pc::select(c<&Document::id>).where(c<&Document::body> == pc::jsonb{1});
  (void)pc::select(c<&Document::id>).where(c<&Document::body>["name"].as<std::string>() == "x");
  (void)pc::select(c<&Document::note>["a"][0]["b"].as<double>());
  // a member read as a value has an order
  (void)pc::select(c<&Document::id>).order_by(c<&Document::body>["rank"].as<std::int64_t>().desc());
  (void)pc::select(c<&Document::body>["rank"].as<std::int64_t>().as<"rank">(), c<&Document::body>.as<"b">())
      .order_by(pc::alias<"rank">);
  (void)pc::select(pc::min(c<&Document::body>["rank"].as<double>()), pc::max(c<&Document::note>["n"].as<std::string>()));
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
#ifdef ORDER_BY_A_JSONB_COLUMN
  (void)pc::select(c<&Document::id>).order_by(c<&Document::body>);
#endif
#ifdef ORDER_BY_THE_ALIAS_OF_A_JSONB_COLUMN
  (void)pc::select(c<&Document::id>, c<&Document::body>.as<"b">()).order_by(pc::alias<"b">.desc());
#endif
#ifdef ORDER_BY_A_JSON_MEMBER
  (void)pc::select(c<&Document::id>).order_by(c<&Document::body>["rank"].desc());
#endif
#ifdef MIN_OF_A_JSONB_COLUMN
  (void)pc::select(pc::min(c<&Document::body>));
#endif
#ifdef MAX_OF_A_JSON_COLUMN
  (void)pc::select(pc::max(c<&Document::note>));
#endif
#ifdef CONTAINS_ON_A_JSON_COLUMN
  (void)pc::select(c<&Document::id>).where(c<&Document::note>.contains(pc::json{1}));
#endif
#ifdef CONTAINED_IN_ON_A_TEXT_COLUMN
  (void)pc::select(c<&Document::id>).where(c<&Document::title>.contained_in(pc::jsonb{1}));
#endif
#ifdef CONTAINS_A_VALUE_THAT_IS_NOT_JSON
  (void)pc::select(c<&Document::id>).where(c<&Document::body>.contains(std::chrono::seconds{1}));
#endif
#ifdef IS_IN_ON_A_JSONB_COLUMN
  (void)pc::select(c<&Document::id>).where(c<&Document::body>.is_in({pc::jsonb{1}}));
#endif
}

}  // namespace broken
