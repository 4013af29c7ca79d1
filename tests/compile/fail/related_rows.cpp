// Whole rows and into<Row>() used wrongly: all_columns() of a column that is no foreign
// key, with() on select() or of a column that is no foreign key, a path from another
// table or one named twice, into() of a field no item names, of a mismatched type, with
// an item left over, on objects<T>(), and all_columns() beside join_on().

// piccolo-expect: ALL_COLUMNS_NOT_FOREIGN_KEY | piccolo: all_columns..: the column is not a pc::foreign_key
// piccolo-expect: WITH_ON_SELECT | piccolo: with..: reads related rows beside objects<T>..
// piccolo-expect: WITH_NOT_FOREIGN_KEY | piccolo: with..: takes foreign key columns
// piccolo-expect: WITH_OTHER_TABLE | piccolo: with..: a path must start at the objects' table
// piccolo-expect: WITH_TWICE | piccolo: with..: that foreign key's row is read already
// piccolo-expect: INTO_FIELD_WITHOUT_ITEM | piccolo: into..: a field of the struct .FieldName, in the notes. has no selected item of its name
// piccolo-expect: INTO_FIELD_TYPE | piccolo: into..: a field's type .FieldName, in the notes. does not match its selected item's
// piccolo-expect: INTO_NULLABLE_ITEM | piccolo: into..: a field's type .FieldName, in the notes. does not match its selected item's
// piccolo-expect: INTO_ITEM_WITHOUT_FIELD | piccolo: into..: a selected item has no field of its name
// piccolo-expect: INTO_OBJECTS | piccolo: into..: maps the columns and expressions of select.. onto a struct
// piccolo-expect: INTO_NOT_STRUCT | piccolo: into..: the target must be a struct
// piccolo-expect: JOIN_ON_AFTER_INTO | piccolo: join_on..: call it before into..
// piccolo-expect: ALL_COLUMNS_WITH_JOIN_ON | piccolo: select..: all_columns.. does not mix with join_on..

#include <optional>
#include <string>

#include "../schema.hpp"

using namespace music;

struct NameOnly {
  std::string name;
};
struct NameAndPopularity {
  std::string name;
  std::string popularity;  // an int column
};
struct Site {
  std::string site;  // the column may be NULL
};

void related_rows() {
  (void)pc::select(pc::all_columns<Band>(), c<&Band::manager>.all_columns());
  (void)pc::objects<Concert>().with(c<&Concert::headliner, &Band::manager>);
  (void)pc::select(c<&Band::name>).into<NameOnly>();
#ifdef ALL_COLUMNS_NOT_FOREIGN_KEY
  (void)pc::select(c<&Band::name>.all_columns());
#endif
#ifdef WITH_ON_SELECT
  (void)pc::select(c<&Band::name>).with(c<&Band::manager>);
#endif
#ifdef WITH_NOT_FOREIGN_KEY
  (void)pc::objects<Band>().with(c<&Band::name>);
#endif
#ifdef WITH_OTHER_TABLE
  (void)pc::objects<Band>().with(c<&Concert::headliner>);
#endif
#ifdef WITH_TWICE
  (void)pc::objects<Band>().with(c<&Band::manager>).with(c<&Band::manager>);
#endif
#ifdef INTO_FIELD_WITHOUT_ITEM
  (void)pc::select(c<&Band::popularity>).into<NameOnly>();
#endif
#ifdef INTO_FIELD_TYPE
  (void)pc::select(c<&Band::name>, c<&Band::popularity>).into<NameAndPopularity>();
#endif
#ifdef INTO_NULLABLE_ITEM
  (void)pc::select(c<&Band::website>).into<Site>();
#endif
#ifdef INTO_ITEM_WITHOUT_FIELD
  (void)pc::select(c<&Band::name>, c<&Band::popularity>).into<NameOnly>();
#endif
#ifdef INTO_OBJECTS
  (void)pc::objects<Band>().into<NameOnly>();
#endif
#ifdef INTO_NOT_STRUCT
  (void)pc::select(c<&Band::name>).into<std::string>();
#endif
#ifdef JOIN_ON_AFTER_INTO
  (void)pc::select(c<&Band::name>).into<NameOnly>().join_on(c<&Band::name> == c<&Manager::name>);
#endif
#ifdef ALL_COLUMNS_WITH_JOIN_ON
  (void)pc::select(pc::all_columns<Band>()).join_on(c<&Band::name> == c<&Manager::name>).sql<pc::sqlite_dialect>();
#endif
}
