// A const query holding a JSON value, run from several threads at once, each on its own
// connection (as a pool's threads do): binding it only reads it, as for any other column
// type. The JSON types keep the text they bind inside the value (a bound value is a view);
// ThreadSanitizer runs this suite (scripts/test.sh: the name holds "pool").

#include <atomic>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>

#include <piccolo/json.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

struct JsonDoc {
  pc::serial id;
  pc::jsonb body;
  static constexpr std::string_view table_name = "json_doc";
};

template <class Engine>
class json_threads_test : public database_test<Engine> {};
TYPED_TEST_SUITE(json_threads_test, engines, engine_names);

TYPED_TEST(json_threads_test, a_const_query_holding_json_binds_from_a_pool_of_threads) {
  if constexpr (!TypeParam::shared_storage) {
    GTEST_SKIP() << "an in-memory SQLite database is not shared between connections";
  } else {
    this->db.run(pc::create_table<JsonDoc>());
    this->db.run(pc::insert(JsonDoc{.body = boost::json::parse(R"({"a": 1})")},
                            JsonDoc{.body = boost::json::parse(R"({"a": 2, "tags": ["x", "y"]})")}));
    const auto find = pc::select(c<&JsonDoc::id>)
                          .where(c<&JsonDoc::body> == pc::jsonb{boost::json::parse(R"({"a": 2, "tags": ["x", "y"]})")});
    constexpr int threads = 4, runs = 50;
    std::atomic<int> found{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        auto db = this->engine.connect();
        for (int i = 0; i < runs; ++i) {
          const auto ids = db.run(find);
          if (ids.size() == 1 && ids[0] == 2) ++found;
        }
      });
    for (std::thread& t : pool) t.join();
    EXPECT_EQ(found.load(), threads * runs);
  }
}

}  // namespace
}  // namespace piccolo_test
