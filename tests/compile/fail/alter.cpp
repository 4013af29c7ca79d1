// Schema changes that contradict the table's new shape (the struct): a column of another
// table, a default or constraint the struct does not declare, a primary key added to a
// table that exists, a dropped or renamed column the struct still has.

// piccolo-expect: COLUMN_OF_OTHER_TABLE | piccolo: add_column..: the column is not a column of the altered table
// piccolo-expect: COLUMN_THROUGH_PATH | piccolo: set_not_null..: the column is not a column of the altered table
// piccolo-expect: ADD_PRIMARY_KEY | piccolo: add_column..: a primary key column cannot be added
// piccolo-expect: DROP_EXISTING_COLUMN | piccolo: drop_column..: the struct still has this column
// piccolo-expect: RENAME_FROM_EXISTING_COLUMN | piccolo: rename_column..: the old name is still a column of the struct
// piccolo-expect: RENAME_FROM_OWN_NAME | piccolo: rename_from..: the old name is the table's name
// piccolo-expect: SET_NOT_NULL_ON_OPTIONAL | piccolo: set_not_null..: the member is optional
// piccolo-expect: DROP_NOT_NULL_ON_VALUE | piccolo: drop_not_null..: the member is not optional
// piccolo-expect: SET_DEFAULT_WITHOUT_DEFAULT | piccolo: set_default..: the column has no default in the struct
// piccolo-expect: DROP_DEFAULT_WITH_DEFAULT | piccolo: drop_default..: the member still has an initializer
// piccolo-expect: CHANGE_TYPE_OF_SERIAL | piccolo: change_type..: a serial key's type cannot change
// piccolo-expect: USING_WITHOUT_CHANGE_TYPE | piccolo: using_sql..: only change_type.. takes a USING expression
// piccolo-expect: ADD_UNDECLARED_UNIQUE | piccolo: add_unique..: the struct declares no unique constraint over these columns
// piccolo-expect: DROP_DECLARED_UNIQUE | piccolo: drop_unique..: the struct still declares this unique constraint
// piccolo-expect: CREATE_UNDECLARED_INDEX | piccolo: create_index..: the struct declares no index on these columns
// piccolo-expect: DROP_DECLARED_INDEX | piccolo: drop_index..: the struct still declares this index
// piccolo-expect: ADD_FOREIGN_KEY_ON_VALUE | piccolo: add_foreign_key..: the member is not a pc::foreign_key
// piccolo-expect: DROP_FOREIGN_KEY_STILL_DECLARED | piccolo: drop_foreign_key..: the member is still a pc::foreign_key

#include <piccolo/alter.hpp>

#include "../schema.hpp"

using namespace music;

void changes() {
  (void)pc::alter<Band>().add_column(c<&Band::website>);
  (void)pc::alter<Band>().drop_column<"genre">();
  (void)pc::alter<Band>().set_default(c<&Band::popularity>);
#ifdef COLUMN_OF_OTHER_TABLE
  (void)pc::alter<Band>().add_column(c<&Manager::name>);
#endif
#ifdef COLUMN_THROUGH_PATH
  (void)pc::alter<Band>().set_not_null(c<&Band::manager, &Manager::name>);
#endif
#ifdef ADD_PRIMARY_KEY
  (void)pc::alter<Band>().add_column(c<&Band::id>);
#endif
#ifdef DROP_EXISTING_COLUMN
  (void)pc::alter<Band>().drop_column<"popularity">();
#endif
#ifdef RENAME_FROM_EXISTING_COLUMN
  (void)pc::alter<Band>().rename_column<"popularity">(c<&Band::name>);
#endif
#ifdef RENAME_FROM_OWN_NAME
  (void)pc::alter<Band>().rename_from<"band">();
#endif
#ifdef SET_NOT_NULL_ON_OPTIONAL
  (void)pc::alter<Band>().set_not_null(c<&Band::website>);
#endif
#ifdef DROP_NOT_NULL_ON_VALUE
  (void)pc::alter<Band>().drop_not_null(c<&Band::name>);
#endif
#ifdef SET_DEFAULT_WITHOUT_DEFAULT
  (void)pc::alter<Band>().set_default(c<&Band::name>);
#endif
#ifdef DROP_DEFAULT_WITH_DEFAULT
  (void)pc::alter<Band>().drop_default(c<&Band::popularity>);
#endif
#ifdef CHANGE_TYPE_OF_SERIAL
  (void)pc::alter<Band>().change_type(c<&Band::id>);
#endif
#ifdef USING_WITHOUT_CHANGE_TYPE
  (void)pc::alter<Band>().set_not_null(c<&Band::name>).using_sql<"upper(name)">();
#endif
#ifdef ADD_UNDECLARED_UNIQUE
  (void)pc::alter<Band>().add_unique(c<&Band::popularity>);
#endif
#ifdef DROP_DECLARED_UNIQUE
  (void)pc::alter<Band>().drop_unique(c<&Band::name>);
#endif
#ifdef CREATE_UNDECLARED_INDEX
  (void)pc::alter<Band>().create_index(c<&Band::name>);
#endif
#ifdef DROP_DECLARED_INDEX
  (void)pc::alter<Band>().drop_index(c<&Band::popularity>);
#endif
#ifdef ADD_FOREIGN_KEY_ON_VALUE
  (void)pc::alter<Band>().add_foreign_key(c<&Band::popularity>);
#endif
#ifdef DROP_FOREIGN_KEY_STILL_DECLARED
  (void)pc::alter<Band>().drop_foreign_key(c<&Band::manager>);
#endif
}
