#pragma once
// The playground's example schema (Piccolo's: docs/schema.md shows it, and the doc test
// checks that the two are the same), used by examples/playground.cpp and by
// `piccolo playground` (tools/piccolo.cpp).

#include <chrono>
#include <optional>
#include <string>

#include <boost/describe/enum.hpp>

#include <piccolo/schema.hpp>

namespace playground {

namespace pc = piccolo;

// ---- the example schema (docs/schema.md; the doc test checks that they are the same) --

struct Manager {
  pc::serial id;                                  // INTEGER PRIMARY KEY (SERIAL on PostgreSQL)
  pc::varchar<50> name;                           // VARCHAR(50) NOT NULL
};

struct Band {
  pc::serial id;
  pc::varchar<50> name;                           // VARCHAR(50) NOT NULL UNIQUE (the option below)
  pc::foreign_key<Manager> manager;               // INTEGER NOT NULL REFERENCES "manager" ("id")
  int popularity = 0;                             // INTEGER NOT NULL DEFAULT 0
  std::optional<std::string> website;             // TEXT, NULL allowed
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
  std::chrono::sys_seconds starts;                // TIMESTAMP
  int duration_minutes = 0;                       // Piccolo: an Interval column
};

enum class TicketType { sitting, standing, premium };
BOOST_DESCRIBE_ENUM(TicketType, sitting, standing, premium)   // stored as the enumerator's name

struct Ticket {
  pc::serial id;
  pc::foreign_key<Concert> concert;
  double price = 0;                               // Piccolo: Numeric(digits=(5, 2))
  TicketType ticket_type = TicketType::standing;  // TEXT NOT NULL DEFAULT 'standing'
};

// ---- end of the example schema

}  // namespace playground
