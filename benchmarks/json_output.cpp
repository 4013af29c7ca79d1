// output_json() on PostgreSQL: the rows serialised on the client (what piccolo does)
// against the server building the array (json_agg), for 10k and 100k rows of a
// Band-like table. Needs PICCOLO_PG_CONNINFO; without it every case is skipped.
//
//   json_output/client/N: db.run(pc::output_json(pc::objects<JsonItem>().order_by(id)))
//     (binary rows, read into structs, serialised with Boost.JSON).
//   json_output/server/N: SELECT coalesce(json_agg(t ORDER BY t.id), '[]')::text FROM json_item t,
//     read back as one text value; server_subquery/N: json_agg over an ordered subquery
//     (faster, but PostgreSQL keeps the subquery's order only "usually").
// The figures and the choice: docs/design-decisions.md, "JSON output".

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <piccolo/json.hpp>
#include <piccolo/postgres.hpp>

namespace pc = piccolo;
using pc::c;

namespace bench {

struct JsonItem {
  pc::serial id;
  pc::varchar<100> name;
  int popularity = 0;
  std::optional<std::string> website;
};

const char* conninfo() { return std::getenv("PICCOLO_PG_CONNINFO"); }

void fill(pc::postgres::database& db, int n) {
  db.run(pc::raw<"DROP TABLE IF EXISTS json_item">());
  db.run(pc::create_table<JsonItem>());
  std::vector<JsonItem> rows;
  rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    JsonItem item{.name = "item_" + std::to_string(i), .popularity = i % 1000};
    if (i % 3) item.website = "https://item-" + std::to_string(i) + ".example.com/";
    rows.push_back(std::move(item));
  }
  db.run(pc::insert(rows));
}

void client(benchmark::State& state) {
  if (!conninfo()) return state.SkipWithError("PICCOLO_PG_CONNINFO is not set");
  pc::postgres::database db{conninfo()};
  fill(db, static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = db.run(pc::output_json(pc::objects<JsonItem>().order_by(c<&JsonItem::id>)));
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

void server(benchmark::State& state) {
  if (!conninfo()) return state.SkipWithError("PICCOLO_PG_CONNINFO is not set");
  pc::postgres::database db{conninfo()};
  fill(db, static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::vector<std::string> text = db.run(
        pc::raw<"SELECT coalesce(json_agg(t ORDER BY t.id), '[]')::text FROM json_item t", std::string>());
    bytes = text.at(0).size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

void server_subquery(benchmark::State& state) {
  if (!conninfo()) return state.SkipWithError("PICCOLO_PG_CONNINFO is not set");
  pc::postgres::database db{conninfo()};
  fill(db, static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::vector<std::string> text = db.run(
        pc::raw<"SELECT coalesce(json_agg(t), '[]')::text FROM (SELECT * FROM json_item ORDER BY id) t",
                std::string>());
    benchmark::DoNotOptimize(text);
  }
}

BENCHMARK(client)->Name("json_output/client")->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(server)->Name("json_output/server")->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(server_subquery)->Name("json_output/server_subquery")->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace bench

BENCHMARK_MAIN();
