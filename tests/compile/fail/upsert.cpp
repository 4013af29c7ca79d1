// Upserts that cannot be right: a conflict target that is not the key or a unique
// constraint, DO UPDATE without a target or assignments, where() without DO UPDATE,
// excluded() outside DO UPDATE; and multi-column unique constraints that cannot be.

// piccolo-expect: TARGET_NOT_UNIQUE | piccolo: on_conflict..: the columns are not the primary key or a unique constraint
// piccolo-expect: TARGET_PART_OF_CONSTRAINT | piccolo: on_conflict..: the columns are not the primary key or a unique constraint
// piccolo-expect: TARGET_PART_OF_COMPOSITE_KEY | piccolo: on_conflict..: the columns are not the primary key or a unique constraint
// piccolo-expect: TARGET_OTHER_TABLE | piccolo: on_conflict..: name columns of the inserted table
// piccolo-expect: TARGET_THROUGH_PATH | piccolo: on_conflict..: name columns of the inserted table
// piccolo-expect: ON_CONFLICT_TWICE | piccolo: on_conflict..: given twice
// piccolo-expect: DO_UPDATE_WITHOUT_ON_CONFLICT | piccolo: do_update..: call on_conflict.target columns. first
// piccolo-expect: DO_UPDATE_WITHOUT_TARGET | piccolo: do_update..: DO UPDATE needs a conflict target
// piccolo-expect: DO_UPDATE_WITHOUT_ASSIGNMENTS | piccolo: do_update..: give at least one assignment
// piccolo-expect: DO_UPDATE_OTHER_TABLE | piccolo: do_update..: assign columns of the inserted table
// piccolo-expect: DO_UPDATE_VALUE | piccolo: do_update..: assign columns of the inserted table
// piccolo-expect: DO_UPDATE_VALUE_FROM_OTHER_TABLE | piccolo: do_update..: a value refers to a column of another table
// piccolo-expect: WHERE_WITH_DO_NOTHING | piccolo: where..: an insert takes where.. only after on_conflict
// piccolo-expect: WHERE_WITHOUT_ON_CONFLICT | piccolo: where..: an insert takes where.. only after on_conflict
// piccolo-expect: WHERE_NOT_CONDITION | piccolo: where..: the argument must be a condition
// piccolo-expect: WHERE_THROUGH_PATH | piccolo: where..: DO UPDATE's condition may name the inserted table's own columns
// piccolo-expect: EXCLUDED_NOT_COLUMN | piccolo: excluded..: name a column of the inserted table
// piccolo-expect: EXCLUDED_THROUGH_PATH | piccolo: excluded..: name a column of the inserted table
// piccolo-expect: EXCLUDED_IN_UPDATE | piccolo: set..: 
// piccolo-expect: EXCLUDED_IN_SELECT | piccolo: where..: 
// piccolo-expect: UNIQUE_ACROSS_TABLES | piccolo: unique<...>: the members belong to different tables
// piccolo-expect: UNIQUE_MEMBER_TWICE | piccolo: unique<...>: a member is named twice

#include <chrono>
#include <string>

#include "../schema.hpp"

using namespace music;

struct Gig {
  pc::serial id;
  pc::foreign_key<Band> band;
  std::chrono::year_month_day day;
  std::string note;
  static constexpr auto column_options() { return pc::options(pc::unique<&Gig::band, &Gig::day>); }
};

void targets() {
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>);
  (void)pc::insert(Gig{}).on_conflict(c<&Gig::day>, c<&Gig::band>);
  (void)pc::insert(Membership{}).on_conflict(c<&Membership::band>, c<&Membership::manager>);
#ifdef TARGET_NOT_UNIQUE
  (void)pc::insert(Band{}).on_conflict(c<&Band::popularity>);  // indexed, not unique
#endif
#ifdef TARGET_PART_OF_CONSTRAINT
  (void)pc::insert(Gig{}).on_conflict(c<&Gig::band>);
#endif
#ifdef TARGET_PART_OF_COMPOSITE_KEY
  (void)pc::insert(Membership{}).on_conflict(c<&Membership::band>);
#endif
#ifdef TARGET_OTHER_TABLE
  (void)pc::insert(Band{}).on_conflict(c<&Manager::name>);
#endif
#ifdef TARGET_THROUGH_PATH
  (void)pc::insert(Band{}).on_conflict(c<&Band::manager, &Manager::id>);
#endif
#ifdef ON_CONFLICT_TWICE
  (void)pc::insert(Band{}).on_conflict(pc::do_nothing).on_conflict(c<&Band::name>);
#endif
}

void do_update() {
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>,
                                                                 c<&Band::website> = "https://example.org");
#ifdef DO_UPDATE_WITHOUT_ON_CONFLICT
  (void)pc::insert(Band{}).do_update(c<&Band::popularity>);
#endif
#ifdef DO_UPDATE_WITHOUT_TARGET
  (void)pc::insert(Band{}).on_conflict(pc::do_nothing).do_update(c<&Band::popularity>);
#endif
#ifdef DO_UPDATE_WITHOUT_ASSIGNMENTS
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).do_update();
#endif
#ifdef DO_UPDATE_OTHER_TABLE
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).do_update(c<&Manager::name> = "x");
#endif
#ifdef DO_UPDATE_VALUE
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).do_update(5);
#endif
#ifdef DO_UPDATE_VALUE_FROM_OTHER_TABLE
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).do_update(c<&Band::name> = c<&Manager::name>);
#endif
}

void where() {
  (void)pc::insert(Band{})
      .on_conflict(c<&Band::name>)
      .do_update(c<&Band::popularity>)
      .where(c<&Band::popularity> < pc::excluded(c<&Band::popularity>));
#ifdef WHERE_WITH_DO_NOTHING
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).where(c<&Band::popularity> > 1);
#endif
#ifdef WHERE_WITHOUT_ON_CONFLICT
  (void)pc::insert(Band{}).where(c<&Band::popularity> > 1);
#endif
#ifdef WHERE_NOT_CONDITION
  (void)pc::insert(Band{}).on_conflict(c<&Band::name>).do_update(c<&Band::popularity>).where(c<&Band::popularity>);
#endif
#ifdef WHERE_THROUGH_PATH
  (void)pc::insert(Band{})
      .on_conflict(c<&Band::name>)
      .do_update(c<&Band::popularity>)
      .where(c<&Band::manager, &Manager::name> == "Guido");
#endif
}

void excluded() {
#ifdef EXCLUDED_NOT_COLUMN
  (void)pc::excluded(5);
#endif
#ifdef EXCLUDED_THROUGH_PATH
  (void)pc::excluded(c<&Band::manager, &Manager::name>);
#endif
#ifdef EXCLUDED_IN_UPDATE
  (void)pc::update<Band>().set(c<&Band::popularity> = pc::excluded(c<&Band::popularity>));
#endif
#ifdef EXCLUDED_IN_SELECT
  (void)pc::select(c<&Band::name>).where(c<&Band::popularity> < pc::excluded(c<&Band::popularity>));
#endif
}

#ifdef UNIQUE_ACROSS_TABLES
struct Across {
  pc::serial id;
  std::string name;
  static constexpr auto column_options() { return pc::options(pc::unique<&Across::name, &Manager::name>); }
};
#endif
#ifdef UNIQUE_MEMBER_TWICE
struct Twice {
  pc::serial id;
  std::string name;
  int rank;
  static constexpr auto column_options() { return pc::options(pc::unique<&Twice::name, &Twice::rank, &Twice::name>); }
};
#endif
