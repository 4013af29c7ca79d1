// A compile-time workload: the playground's five tables and twenty varied queries, each
// run through a pc::sqlite::database so that the engine's templates instantiate too.
// Measured by benchmarks/measure-compile.sh (wall time and peak memory of one g++ -O2 -c).
// It is also a program: it runs the queries against an in-memory database.

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
  std::int64_t n = 0;

  // 1. insert with returning
  std::vector<std::int64_t> managers =
      db.run(pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}).returning(c<&Manager::id>));
  // 2. insert a range
  std::vector<Band> bands{{.name = "Pythonistas", .manager = managers[0], .popularity = 1000},
                          {.name = "Rustaceans", .manager = managers[1], .popularity = 800}};
  n += db.run(pc::insert(bands));
  // 3. insert one row
  n += db.run(pc::insert(Venue{.name = "Arena", .capacity = 5000}));
  // 4. raw statement, rows affected
  n += db.run(pc::raw<"INSERT INTO concert (band_1, band_2, venue, starts) VALUES ({}, {}, {}, {})">(
      1, 2, 1, std::string{"2024-06-01 20:00:00.000000"}));
  // 5. insert in a transaction
  db.transaction([&](pc::sqlite::database& tx) {
    for (double price : {25.0, 40.0, 99.5}) n += tx.run(pc::insert(Ticket{.concert = 1, .price = price}));
  });

  // 6. select with a where and an order
  std::vector<std::string> popular = db.run(pc::select(c<&Band::name>)
                                                .where(c<&Band::popularity> >= 500)
                                                .order_by(c<&Band::popularity>.desc()));
  // 7. select through a foreign key (a join), two columns
  std::vector<std::tuple<std::string, std::string>> band_managers =
      db.run(pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>).order_by(c<&Band::name>));
  // 8. two joins from one table, where on a joined column
  auto lineups = db.run(pc::select(c<&Concert::band_1, &Band::name>, c<&Concert::band_2, &Band::name>,
                                   c<&Concert::venue, &Venue::name>, c<&Concert::starts>)
                            .where(c<&Concert::venue, &Venue::capacity> > 1000));
  // 9. a two-step join path, like and limit
  auto ticket_bands = db.run(pc::select(c<&Ticket::price>, c<&Ticket::concert, &Concert::band_1, &Band::name>)
                                 .where(c<&Ticket::concert, &Concert::band_1, &Band::name>.like("Py%"))
                                 .order_by(c<&Ticket::price>)
                                 .limit(10));
  // 10. objects
  std::vector<Band> all_bands = db.run(pc::objects<Band>().order_by(c<&Band::id>));
  // 11. objects().get
  std::optional<Venue> venue = db.run(pc::objects<Venue>().get(c<&Venue::id> == 1));
  // 12. first, with offset
  std::optional<double> second_price =
      db.run(pc::select(c<&Ticket::price>).order_by(c<&Ticket::price>).offset(1).first());
  // 13. count with a where through a join
  n += db.run(pc::count<Ticket>().where(c<&Ticket::concert, &Concert::venue, &Venue::name> == "Arena"));
  // 14. exists
  bool any_cheap = db.run(pc::exists<Ticket>().where(c<&Ticket::price> < 30.0));
  // 15. is_in and ||
  std::vector<std::int64_t> wanted{1, 2};
  auto chosen = db.run(pc::objects<Concert>().where(c<&Concert::band_1>.is_in(wanted) ||
                                                     c<&Concert::starts> > sys_seconds{}));
  // 16. update with an expression
  n += db.run(pc::update<Band>()
                  .set(c<&Band::popularity> = c<&Band::popularity> + 1)
                  .where(c<&Band::name> == "Pythonistas"));
  // 17. update through a foreign key, with returning
  std::vector<double> prices = db.run(pc::update<Ticket>()
                                          .set(c<&Ticket::price> = c<&Ticket::price> * 1.1)
                                          .where(c<&Ticket::concert, &Concert::band_1, &Band::name> == "Pythonistas")
                                          .returning(c<&Ticket::price>));
  // 18. delete
  n += db.run(pc::delete_from<Ticket>().where(c<&Ticket::price> > 100.0));
  // 19. raw select into a tuple
  auto raw_rows = db.run(pc::raw<"SELECT name, capacity FROM venue WHERE capacity > {}",
                                 std::tuple<std::string, int>>(100));
  // 20. delete through a foreign key
  n += db.run(pc::delete_from<Concert>().where(c<&Concert::venue, &Venue::name> == "Nowhere"));

  std::printf("%lld %zu %zu %zu %zu %zu %d %d %zu %zu %zu %zu\n", static_cast<long long>(n),
              popular.size(), band_managers.size(), lineups.size(), ticket_bands.size(),
              all_bands.size(), venue.has_value(), second_price.has_value() + any_cheap,
              chosen.size(), prices.size(), raw_rows.size(), managers.size());
}
