// The second compile-time workload (issue 9): the same five tables as twenty_queries.cpp
// and twenty queries that use the query language added since: aggregates, group_by and
// having, aliases, distinct, arithmetic and functions in the select list, where and
// order_by, NULL-safe comparisons, update operators and upsert. Measured by
// benchmarks/measure-compile.sh like the first; it is also a program that runs them
// against an in-memory database.

#include <piccolo/sqlite.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace pc = piccolo;
using pc::c;

// ---- Piccolo's playground schema ---------------------------------------------------

struct Manager {
  pc::serial id;
  pc::varchar<50> name;
};

struct Band {
  pc::serial id;
  pc::varchar<50> name;
  pc::foreign_key<Manager> manager;
  int popularity = 0;
  std::optional<std::string> website;
  static constexpr auto column_options() { return pc::options(pc::unique<&Band::name>); }
};

struct Venue {
  pc::serial id;
  pc::varchar<100> name;
  int capacity = 0;
};

struct Concert {
  pc::serial id;
  pc::foreign_key<Band> band_1;
  pc::foreign_key<Band> band_2;
  pc::foreign_key<Venue> venue;
  std::chrono::sys_seconds starts;
};

struct Ticket {
  pc::serial id;
  pc::foreign_key<Concert> concert;
  double price = 0;
};

int main() {
  using namespace std::chrono;
  pc::sqlite::database db{":memory:"};
  db.run(pc::create_tables<Manager, Band, Venue, Concert, Ticket>());
  db.run(pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}));
  db.run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = 1000},
                    Band{.name = "Rustaceans", .manager = 2, .popularity = 800}));
  db.run(pc::insert(Venue{.name = "Arena", .capacity = 5000}));
  db.run(pc::insert(Concert{.band_1 = 1, .band_2 = 2, .venue = 1, .starts = sys_seconds{hours{480000}}}));
  db.run(pc::insert(Ticket{.concert = 1, .price = 25.0}, Ticket{.concert = 1, .price = 40.0}));
  std::int64_t n = 0;
  using venue_name = decltype(c<&Ticket::concert, &Concert::venue, &Venue::name>);

  // 1. count, sum, avg, min, max over a table
  auto totals = db.run(pc::select<Band>(pc::count(), pc::sum(c<&Band::popularity>), pc::avg(c<&Band::popularity>),
                                        pc::min(c<&Band::name>), pc::max(c<&Band::popularity>)));
  // 2. group_by through joins, having, an alias in order_by
  auto per_venue = db.run(pc::select(venue_name{}, pc::count().as<"tickets">(), pc::sum(c<&Ticket::price>))
                              .group_by(venue_name{})
                              .having(pc::count() >= 1)
                              .order_by(pc::alias<"tickets">.desc()));
  // 3. count_distinct per manager
  auto per_manager = db.run(pc::select(c<&Band::manager, &Manager::name>, pc::count_distinct(c<&Band::popularity>))
                                .group_by(c<&Band::manager, &Manager::name>));
  // 4. distinct
  std::vector<double> prices = db.run(pc::select(c<&Ticket::price>).distinct().order_by(c<&Ticket::price>));
  // 5. arithmetic in the select list and where
  auto doubled = db.run(pc::select(c<&Band::name>, c<&Band::popularity> * 2 + 1).where(1000 - c<&Band::popularity> < 500));
  // 6. text concatenation
  std::vector<std::string> titles = db.run(pc::select("The " + c<&Band::name> + "!"));
  // 7. upper, length, lower, trim
  auto shouted = db.run(pc::select(pc::upper(c<&Band::name>), pc::length(c<&Band::name>))
                            .where(pc::lower(pc::trim(c<&Band::name>)) == "rustaceans"));
  // 8. order_by an expression
  std::vector<std::string> by_length =
      db.run(pc::select(c<&Band::name>).order_by(pc::length(c<&Band::name>).desc(), c<&Band::name>));
  // 9. round and abs
  auto rounded = db.run(pc::select(pc::round(c<&Ticket::price> / 3, 2), pc::abs(c<&Ticket::price> - 100)));
  // 10. coalesce of a nullable column
  std::vector<std::string> sites = db.run(pc::select(pc::coalesce(c<&Band::website>, "no website")));
  // 11. a time point minus a duration, against now()
  std::vector<std::int64_t> soon = db.run(pc::select(c<&Concert::id>).where(c<&Concert::starts> - 2h < pc::now()));
  // 12. NULL-safe comparison with an optional
  std::optional<std::string> wanted;
  std::vector<std::string> without_site = db.run(pc::select(c<&Band::name>).where(c<&Band::website> == wanted));
  // 13. aggregate of an expression, where through a join
  auto takings = db.run(pc::select<Ticket>(pc::sum(c<&Ticket::price> * 2))
                            .where(c<&Ticket::concert, &Concert::band_1, &Band::name> == "Pythonistas"));
  // 14. update operator on numbers
  n += db.run(pc::update<Band>().set(c<&Band::popularity> = c<&Band::popularity> + 10).where(c<&Band::id> == 1));
  // 15. update operator on text
  n += db.run(pc::update<Band>().set(c<&Band::name> = c<&Band::name> + "!").where(c<&Band::id> == 2));
  // 16. update a time point by a duration
  n += db.run(pc::update<Concert>().set(c<&Concert::starts> = c<&Concert::starts> + 90min).force());
  // 17. upsert: do nothing
  n += db.run(pc::insert(Band{.name = "Pythonistas", .manager = 1}).on_conflict(pc::do_nothing));
  // 18. upsert: do update with excluded, returning
  auto upserted = db.run(pc::insert(Band{.name = "Pythonistas", .manager = 1, .popularity = 5})
                             .on_conflict(c<&Band::name>)
                             .do_update(c<&Band::popularity> = c<&Band::popularity> + pc::excluded(c<&Band::popularity>))
                             .returning(c<&Band::popularity>));
  // 19. upsert of a batch with a where on the update
  std::vector<Band> batch{{.name = "Rustaceans!", .manager = 2, .popularity = 900}, {.name = "Gophers", .manager = 2}};
  n += db.run(pc::insert(batch)
                  .on_conflict(c<&Band::name>)
                  .do_update(c<&Band::popularity> = pc::excluded(c<&Band::popularity>))
                  .where(c<&Band::popularity> < pc::excluded(c<&Band::popularity>)));
  // 20. max per group with having on an aggregate of an expression
  auto best = db.run(pc::select(c<&Band::manager, &Manager::name>, pc::max(c<&Band::popularity>))
                         .group_by(c<&Band::manager, &Manager::name>)
                         .having(pc::sum(c<&Band::popularity> * 2) > 100));

  std::printf("%lld %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu\n", static_cast<long long>(n),
              totals.size(), per_venue.size(), per_manager.size(), prices.size(), doubled.size(), titles.size(),
              shouted.size(), by_length.size(), rounded.size(), sites.size(), soon.size(), without_site.size(),
              takings.size(), upserted.size(), best.size(), static_cast<std::size_t>(0));
}
