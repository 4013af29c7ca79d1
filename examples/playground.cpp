// The playground, after Piccolo's `piccolo playground run`: Piccolo's example schema and
// data in a SQLite file, then a tour of the query types. Each step prints its SQL (a
// compile-time constant of the query's type) and its result.
//
//   playground [database-file]        default: piccolo.sqlite in the current directory
//
// Like Piccolo's, it drops and rebuilds its tables on every run: keep nothing there.

#include <piccolo/sqlite.hpp>
#if PICCOLO_PLAYGROUND_JSON
#include <piccolo/json.hpp>  // to_json, output_json (Boost.JSON: the piccolo::json target)
#endif

#include "playground_schema.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>


namespace pc = piccolo;
using pc::c;

using namespace playground;

// ---- printing ----------------------------------------------------------------------

namespace {

using cells = std::vector<std::string>;

std::string format_time(std::chrono::sys_seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss time{t - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
  return text;
}

template <class T>
std::string cell(const T& v) {
  if constexpr (pc::is_optional<T>) {
    return v ? cell(*v) : "null";
  } else if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_enum_v<T>) {
    return std::string{pc::reflect::enum_name(v)};
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", static_cast<double>(v));
    return text;
  } else if constexpr (pc::is_serial<T>) {
    return std::to_string(v.value());
  } else if constexpr (pc::is_foreign_key<T>) {
    return cell(v.value());
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string{std::string_view{v}};
  } else {
    return format_time(std::chrono::floor<std::chrono::seconds>(v));
  }
}

template <class T>
inline constexpr bool is_tuple = false;
template <class... Ts>
inline constexpr bool is_tuple<std::tuple<Ts...>> = true;

// A row as text: a tuple column by column, a table struct field by field (with
// piccolo's own reflection), anything else as one value.
template <class Row>
cells to_cells(const Row& row) {
  cells out;
  if constexpr (is_tuple<Row>) {
    std::apply([&](const auto&... v) { (out.push_back(cell(v)), ...); }, row);
  } else if constexpr (std::is_aggregate_v<Row>) {
    pc::reflect::for_each_field_index<Row>([&](auto i) { out.push_back(cell(pc::reflect::get<i.value>(row))); });
  } else {
    out.push_back(cell(row));
  }
  return out;
}

// The column names of a table, for printing whole objects.
template <class T>
cells columns_of() {
  cells out;
  pc::reflect::for_each_field_index<T>(
      [&](auto i) { out.emplace_back(pc::table_info<T>::template column_name<i.value>); });
  return out;
}

void print_table(const cells& header, const std::vector<cells>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t k = 0; k < header.size(); ++k) width[k] = header[k].size();
  for (const auto& row : rows)
    for (std::size_t k = 0; k < row.size() && k < width.size(); ++k) width[k] = std::max(width[k], row[k].size());
  auto line = [&](const cells& values) {
    std::cout << "   ";
    for (std::size_t k = 0; k < values.size(); ++k) {
      std::cout << (k ? " | " : "") << values[k];
      if (k + 1 < values.size()) std::cout << std::string(width[k] - values[k].size(), ' ');
    }
    std::cout << '\n';
  };
  line(header);
  std::cout << "   ";
  for (std::size_t k = 0; k < width.size(); ++k) std::cout << (k ? "-+-" : "") << std::string(width[k], '-');
  std::cout << '\n';
  for (const auto& row : rows) line(row);
  std::cout << "   (" << rows.size() << (rows.size() == 1 ? " row)\n" : " rows)\n");
}

template <class Row>
void print_rows(const cells& header, const std::vector<Row>& rows) {
  std::vector<cells> text;
  for (const auto& row : rows) text.push_back(to_cells(row));
  print_table(header, text);
}

int step = 0;

// The heading and the query's SQL text, which is a constant of its type.
template <class Query>
void show(std::string_view title, const Query&) {
  constexpr std::string_view sql = Query::template sql<pc::sqlite_dialect>();
  std::cout << "\n" << ++step << ". " << title << "\n   " << sql << "\n\n";
}

std::string_view errc_name(pc::errc e) {
  switch (e) {
    case pc::errc::unique_violation: return "unique_violation";
    case pc::errc::foreign_key_violation: return "foreign_key_violation";
    case pc::errc::not_null_violation: return "not_null_violation";
    case pc::errc::out_of_range: return "out_of_range";
    default: return "other";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "piccolo.sqlite";
  if (argc > 1) {
    std::string_view arg = argv[1];
    if (arg == "-h" || arg == "--help" || argc > 2) {
      std::cout << "usage: playground [database-file]   (default: piccolo.sqlite)\n"
                   "Creates Piccolo's example schema and data in a SQLite file (dropping\n"
                   "its tables first), then runs a tour of piccolo's queries.\n";
      return argc > 2 ? 2 : 0;
    }
    path = arg;
  }

  try {
    pc::sqlite::database db{path};

    // ---- flush and rebuild the tables (in foreign-key order; dropped in reverse)
    db.run(pc::drop_tables<Manager, Band, Venue, Concert, Ticket>().if_exists());
    constexpr auto schema = pc::create_tables<Manager, Band, Venue, Concert, Ticket>();
    db.run(schema);
    std::cout << "piccolo playground: " << path << "\n\nTables:\n"
              << decltype(schema)::sql<pc::sqlite_dialect>() << "\n";

    // ---- Piccolo's playground data
    std::vector<std::int64_t> managers = db.run(
        pc::insert(Manager{.name = "Guido"}, Manager{.name = "Graydon"}, Manager{.name = "Anders"})
            .returning(c<&Manager::id>));
    std::vector<std::int64_t> bands =
        db.run(pc::insert(Band{.name = "Pythonistas", .manager = managers[0], .popularity = 1000},
                          Band{.name = "Rustaceans", .manager = managers[1], .popularity = 500},
                          Band{.name = "C-Sharps", .manager = managers[2], .popularity = 700})
                   .returning(c<&Band::id>));
    // Piccolo has one venue, one concert and one ticket; a few more make the tour livelier.
    std::vector<std::int64_t> venues = db.run(
        pc::insert(Venue{.name = "Amazing Venue", .capacity = 5000}, Venue{.name = "Small Venue", .capacity = 200})
            .returning(c<&Venue::id>));
    using namespace std::chrono;
    std::vector<std::int64_t> concerts = db.run(
        pc::insert(Concert{.band_1 = bands[0], .band_2 = bands[1], .venue = venues[0],
                           .starts = sys_days{2025y / June / 21} + 20h, .duration_minutes = 120},
                   Concert{.band_1 = bands[2], .band_2 = bands[0], .venue = venues[1],
                           .starts = sys_days{2025y / June / 28} + 19h + 30min, .duration_minutes = 90})
            .returning(c<&Concert::id>));
    std::vector<Ticket> tickets{
        {.concert = concerts[0], .price = 50.0},  // Piccolo's ticket; standing by default
        {.concert = concerts[0], .price = 75.0, .ticket_type = TicketType::sitting},
        {.concert = concerts[0], .price = 150.0, .ticket_type = TicketType::premium},
        {.concert = concerts[1], .price = 20.0},
        {.concert = concerts[1], .price = 35.0, .ticket_type = TicketType::sitting},
    };
    std::int64_t inserted = db.run(pc::insert(tickets));  // one statement, run per row, atomically
    std::cout << "\nInserted 3 managers, 3 bands, 2 venues, 2 concerts and " << inserted << " tickets.\n";

    // ---- the tour
    {
      auto q = pc::select(c<&Band::name>);
      static_assert(q.sql<pc::sqlite_dialect>() == R"(SELECT "band"."name" FROM "band")");
      show("select: one column (a one-column select yields the values themselves)", q);
      std::vector<std::string> names = db.run(q);
      print_rows({"name"}, names);
    }
    {
      auto q = pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>);
      show("select through a foreign key (Band.name, Band.manager.name)", q);
      std::vector<std::tuple<std::string, std::string>> rows = db.run(q);
      print_rows({"name", "manager"}, rows);
    }
    {
      auto q = pc::select(c<&Concert::band_1, &Band::name>, c<&Concert::band_1, &Band::manager, &Manager::name>,
                          c<&Concert::band_2, &Band::name>, c<&Concert::venue, &Venue::name>,
                          c<&Concert::starts>, c<&Concert::duration_minutes>)
                   .order_by(c<&Concert::starts>);
      show("select through two levels of foreign keys (concert -> band_1 -> manager -> name)", q);
      print_rows({"band_1", "band_1 manager", "band_2", "venue", "starts", "minutes"}, db.run(q));
    }
    {
      auto q = pc::select(c<&Band::name>, c<&Band::popularity>)
                   .where(c<&Band::popularity> >= 600 && c<&Band::name>.like("P%"));
      show("where: && and like (like is case-sensitive; ilike is not)", q);
      print_rows({"name", "popularity"}, db.run(q));
    }
    {
      auto q = pc::select(c<&Band::name>, c<&Band::popularity>).order_by(c<&Band::popularity>.desc()).limit(2);
      show("order_by(...desc()) and limit(2): the two most popular bands", q);
      print_rows({"name", "popularity"}, db.run(q));
    }
    {
      auto q = pc::objects<Band>().where(c<&Band::manager, &Manager::name> != "Guido").order_by(c<&Band::name>);
      show("objects<Band>(): whole rows as Band structs, filtered through a join", q);
      std::vector<Band> rows = db.run(q);
      print_rows(columns_of<Band>(), rows);
    }
    {
      auto q = pc::objects<Band>().get(c<&Band::name> == "Pythonistas");
      show("objects<Band>().get(...): one row or none, as std::optional<Band>", q);
      std::optional<Band> band = db.run(q);
      print_rows(columns_of<Band>(), band ? std::vector<Band>{*band} : std::vector<Band>{});
    }
    {
      auto q = pc::count<Ticket>().where(c<&Ticket::ticket_type> == TicketType::standing);
      show("count<Ticket>(): standing tickets (an enum compares with its enumerators)", q);
      std::int64_t n = db.run(q);
      std::cout << "   count = " << n << "\n";
    }
    {
      auto q = pc::exists<Band>().where(c<&Band::manager, &Manager::name> == "Graydon");
      show("exists<Band>(): is there a band managed by Graydon?", q);
      bool found = db.run(q);
      std::cout << "   exists = " << (found ? "true" : "false") << "\n";
    }
    {
      using venue = decltype(c<&Ticket::concert, &Concert::venue, &Venue::name>);
      auto q = pc::select(venue{}, pc::count().as<"tickets">(), pc::sum(c<&Ticket::price>), pc::avg(c<&Ticket::price>))
                   .group_by(venue{})
                   .having(pc::count() >= 2)
                   .order_by(pc::alias<"tickets">.desc());
      show("aggregates: count, sum, avg per venue (group_by through joins, having, an alias)", q);
      // std::int64_t for count; optional, as SQL answers NULL over no rows, for sum and avg
      std::vector<std::tuple<std::string, std::int64_t, std::optional<double>, std::optional<double>>> rows = db.run(q);
      print_rows({"venue", "tickets", "revenue", "average"}, rows);
      // pc::select(c<&Ticket::price>, pc::count()) would not compile: price is not grouped
    }
    {
      auto average = pc::scalar(pc::select<Band>(pc::avg(c<&Band::popularity>)));
      auto q = pc::select(c<&Manager::name>)
                   .where(pc::exists(pc::select(c<&Band::id>)
                                         .where(c<&Band::manager> == pc::outer(c<&Manager::id>) &&
                                                c<&Band::popularity> > average)))
                   .order_by(c<&Manager::name>);
      show("subqueries: managers of a band more popular than the average (exists, correlated, scalar)", q);
      std::vector<std::string> names = db.run(q);
      print_rows({"manager"}, names);
    }
    {
      // a request handler's filters: each applies only when the caller sent its value
      std::optional<int> min_popularity = 600;
      std::optional<std::string> manager;  // not sent
      std::size_t sort = 1;                // by popularity, most popular first
      auto q = pc::select(c<&Band::name>, c<&Band::popularity>)
                   .where(pc::when(min_popularity, [](auto v) { return c<&Band::popularity> >= v; }))
                   .where(pc::when(manager, [](auto v) { return c<&Band::manager, &Manager::name> == v; }))
                   .order_by(pc::order_by_one_of(sort, c<&Band::name>, c<&Band::popularity>.desc()));
      // every combination is a text of its own, rendered at compile time; this run's:
      // the first condition set (mask 1), the second ordering (1)
      std::cout << "\n" << ++step << ". filters chosen at run time (pc::when, order_by_one_of): "
                << decltype(q)::variants << " texts, each prepared when first used; this one:\n   "
                << decltype(q)::template sql<pc::sqlite_dialect, 1, 1>() << "\n\n";
      std::vector<std::tuple<std::string, int>> rows = db.run(q);
      print_rows({"name", "popularity"}, rows);
    }
    {
      std::vector<std::string> wanted{"Guido", "Anders"};  // any length, known at run time
      auto q = pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>)
                   .where(c<&Band::manager, &Manager::name>.is_in(wanted));
      show("is_in(a runtime list): one parameter, so the text stays constant", q);
      std::vector<std::tuple<std::string, std::string>> rows = db.run(q);
      print_rows({"name", "manager"}, rows);
      std::size_t cached = db.prepared_statements();
      auto none = db.run(pc::select(c<&Band::name>, c<&Band::manager, &Manager::name>)
                             .where(c<&Band::manager, &Manager::name>.is_in(std::vector<std::string>{})));
      std::cout << "   with an empty list: " << none.size() << " rows, and no new statement ("
                << cached << " prepared before, " << db.prepared_statements() << " after)\n";
    }
    {
      auto q = pc::update<Band>()
                   .set(c<&Band::popularity> = c<&Band::popularity> + 100)
                   .where(c<&Band::popularity> < 1000)
                   .returning(c<&Band::name>, c<&Band::popularity>);
      show("update: popularity + 100 for bands under 1000, returning the new values", q);
      std::vector<std::tuple<std::string, int>> rows = db.run(q);
      print_rows({"name", "popularity"}, rows);
    }
    {
      auto q = pc::insert(Band{.name = "Pythonistas", .manager = managers[0], .popularity = 2000},
                          Band{.name = "Zigzags", .manager = managers[1], .popularity = 50})
                   .on_conflict(c<&Band::name>)
                   .do_update(c<&Band::popularity> = c<&Band::popularity> + pc::excluded(c<&Band::popularity>))
                   .returning(c<&Band::name>, c<&Band::popularity>);
      show("upsert: insert, or add to the popularity of the band whose name is taken", q);
      std::vector<std::tuple<std::string, int>> rows = db.run(q);
      print_rows({"name", "popularity"}, rows);
    }
    {
      auto q = pc::delete_from<Ticket>().where(c<&Ticket::concert, &Concert::venue, &Venue::name> == "Small Venue" &&
                                               c<&Ticket::ticket_type> == TicketType::sitting);
      show("delete_from<Ticket>(): sitting tickets at the Small Venue (a where through joins)", q);
      std::int64_t deleted = db.run(q);
      std::cout << "   deleted " << deleted << " row(s)\n";
      // db.run(pc::delete_from<Ticket>());  would not compile: no where() and no force()
    }
    {
      auto q = pc::raw<"SELECT venue.name, COUNT(ticket.id), SUM(ticket.price) FROM ticket "
                       "JOIN concert ON concert.id = ticket.concert "
                       "JOIN venue ON venue.id = concert.venue "
                       "WHERE ticket.price >= {} GROUP BY venue.name ORDER BY venue.name",
                       std::tuple<std::string, std::int64_t, double>>(20.0);
      show("raw<\"... {} ...\", Row>(args...): hand-written SQL, {} binds a value", q);
      print_rows({"venue", "tickets", "revenue"}, db.run(q));
    }
    {
      auto q = pc::select(c<&Ticket::price>, c<&Ticket::ticket_type>).order_by(c<&Ticket::price>.desc());
      show("stream(q, 2): rows read as the loop goes, two at a time, never all in memory", q);
      double revenue = 0;
      int tickets = 0;
      for (auto [price, type] : db.stream(q, 2)) {
        revenue += price;
        ++tickets;
        if (tickets <= 2) std::cout << "   " << cell(price) << " " << cell(type) << "\n";
      }
      std::cout << "   ... " << tickets << " tickets streamed, " << cell(revenue) << " in all\n";
    }
    {
      // rows are plain structs: save() writes one back by its key, get_or_create() finds or
      // inserts one, and with() reads each row beside the rows its foreign keys reference
      auto q = pc::objects<Band>().with(c<&Band::manager>).where(c<&Band::popularity> >= 600).order_by(c<&Band::name>);
      show("objects: save(), get_or_create(), and with(): each band beside its manager, in one query", q);
      Band gophers{.name = "Gophers", .manager = managers[2]};
      db.save(gophers);  // INSERT: the new key is written into gophers.id
      gophers.popularity = 600;
      db.save(gophers, c<&Band::popularity>);  // UPDATE of that column, by key
      auto [rob, created] =
          db.get_or_create(pc::objects<Manager>().where(c<&Manager::name> == "Rob"), Manager{.name = "Rob"});
      std::cout << "   saved band " << gophers.id.value() << "; manager " << std::string{rob.name}
                << (created ? " created" : " found") << "\n";
      // get_related(): the row a foreign key points at (std::nullopt for a NULL key)
      std::optional<Manager> manager = db.get_related(gophers, c<&Band::manager>);
      std::cout << "   get_related(gophers, c<&Band::manager>): " << std::string{manager->name} << "\n";
#if PICCOLO_PLAYGROUND_JSON
      // rows as JSON: one row by reflection, or a whole query's rows as one JSON array text
      std::cout << "   to_json(gophers): " << boost::json::serialize(pc::to_json(gophers)) << "\n";
      std::string top = db.run(pc::output_json(pc::objects<Manager>().order_by(c<&Manager::id>).limit(2)));
      std::cout << "   output_json(first two managers): " << top << "\n";
#endif
      std::cout << "\n";
      std::vector<cells> rows;
      for (const auto& [band, manager] : db.run(q))
        rows.push_back({std::string{band.name}, std::to_string(band.popularity), std::string{manager.name}});
      print_table({"band", "popularity", "manager"}, rows);
    }
    {
      auto q = pc::count<Ticket>();
      show("transaction(): rolled back when the function throws", q);
      std::int64_t before = db.run(q);
      try {
        db.transaction([&](pc::sqlite::database& tx) {
          tx.run(pc::insert(Ticket{.concert = concerts[0], .price = 60.0},
                            Ticket{.concert = concerts[0], .price = 60.0}));
          std::cout << "   inside the transaction: " << tx.run(q) << " tickets\n";
          throw std::runtime_error("the card payment failed");
        });
      } catch (const std::runtime_error& e) {
        std::cout << "   caught: " << e.what() << "\n";
      }
      std::cout << "   before: " << before << " tickets, after: " << db.run(q) << " tickets\n";
    }
    {
      std::cout << "\n" << ++step << ". errors: what only the database (or a value) can check is a pc::error\n\n";
      std::vector<cells> rows;
      auto attempt = [&](std::string what, auto&& action) {
        try {
          action();
          rows.push_back({std::move(what), "(no error)", ""});
        } catch (const pc::error& e) {
          rows.push_back({std::move(what), std::string{errc_name(e.value())}, e.what()});
        }
      };
      attempt("a 54-character name in a varchar<50>", [&] {
        db.run(pc::insert(Manager{.name = "Johann Chrysostomus Wolfgang Theophilus Amadeus Mozart"}));
      });
      attempt("a manager with an id already taken", [&] { db.run(pc::insert(Manager{.id = managers[0], .name = "Guido"})); });
      attempt("a band name already taken", [&] { db.run(pc::insert(Band{.name = "Pythonistas", .manager = managers[1]})); });
      attempt("a ticket for concert 999", [&] { db.run(pc::insert(Ticket{.concert = 999, .price = 10.0})); });
      print_table({"attempt", "e.value()", "what()"}, rows);
    }

    std::cout << "\nDone: " << db.prepared_statements() << " statements prepared, each once. The data stays in "
              << path << " (rebuilt on the next run).\n";
  } catch (const pc::error& e) {
    std::cerr << "playground: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
