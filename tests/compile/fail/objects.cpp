// The objects API (db.save, remove, refresh, get_related, get_or_create) on rows it
// cannot handle, and columns named by a position past the last field.

// piccolo-expect: SAVE_WITHOUT_PRIMARY_KEY | piccolo: save..: the table has no primary key
// piccolo-expect: REMOVE_WITHOUT_PRIMARY_KEY | piccolo: remove..: the table has no primary key
// piccolo-expect: REFRESH_WITHOUT_PRIMARY_KEY | piccolo: refresh..: the table has no primary key
// piccolo-expect: ASYNC_SAVE_WITHOUT_PRIMARY_KEY | piccolo: async_save..: the table has no primary key
// piccolo-expect: SAVE_COLUMN_OF_OTHER_TABLE | piccolo: save..: name columns of the saved row's table
// piccolo-expect: SAVE_COLUMN_THROUGH_PATH | piccolo: save..: name columns of the saved row's table
// piccolo-expect: SAVE_KEY_COLUMN | piccolo: save..: a named column is part of the primary key
// piccolo-expect: ASYNC_SAVE_KEY_COLUMN | piccolo: save..: a named column is part of the primary key
// piccolo-expect: GET_RELATED_NOT_FOREIGN_KEY | piccolo: get_related..: the column is not a pc::foreign_key
// piccolo-expect: GET_RELATED_OTHER_TABLE | piccolo: get_related..: name a foreign key column of the row's table
// piccolo-expect: GET_OR_CREATE_NOT_OBJECTS | piccolo: get_or_create..: the first argument must be an objects<T>.. query
// piccolo-expect: GET_OR_CREATE_OTHER_TABLE | piccolo: get_or_create..: the new row is not of the queried table
// piccolo-expect: FIELD_PAST_THE_END | piccolo: field<T, I>: I is past the last field of T
// piccolo-expect: TX_SAVE_WITHOUT_PRIMARY_KEY | piccolo: save..: the table has no primary key
// piccolo-expect: PG_ASYNC_TX_SYNC_SAVE | piccolo: save..: this transaction object runs asynchronously only.*co_await tx.async_save
// piccolo-expect: PG_ASYNC_TX_SYNC_GET_OR_CREATE | piccolo: get_or_create..: this transaction object runs asynchronously only

#include <string>

#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite.hpp>

#include "../schema.hpp"

using namespace music;

struct LogLine {  // no primary key
  std::string text;
};

void objects_api(pc::sqlite::database& db) {
  Band band{};
  db.save(band);
  db.save(band, c<&Band::popularity>, c<&Band::website>);
  db.remove(band);
  db.refresh(band);
  {
    auto clean_tx = db.begin();
    clean_tx.save(band);
    clean_tx.commit();
  }
  (void)db.get_related(band, c<&Band::manager>);
  (void)db.get_or_create(pc::objects<Band>().where(c<&Band::name> == "x"), Band{});
  (void)pc::column_at<Band, 4>;
  LogLine line{};
#ifdef SAVE_WITHOUT_PRIMARY_KEY
  db.save(line);
#endif
#ifdef REMOVE_WITHOUT_PRIMARY_KEY
  db.remove(line);
#endif
#ifdef REFRESH_WITHOUT_PRIMARY_KEY
  db.refresh(line);
#endif
#ifdef ASYNC_SAVE_WITHOUT_PRIMARY_KEY
  (void)db.async_save(line, [](auto) {});
#endif
#ifdef SAVE_COLUMN_OF_OTHER_TABLE
  db.save(band, c<&Manager::name>);
#endif
#ifdef SAVE_COLUMN_THROUGH_PATH
  db.save(band, c<&Band::manager, &Manager::name>);
#endif
#ifdef SAVE_KEY_COLUMN
  db.save(band, c<&Band::id>);
#endif
#ifdef ASYNC_SAVE_KEY_COLUMN
  (void)db.async_save(band, c<&Band::id>, [](auto) {});
#endif
#ifdef GET_RELATED_NOT_FOREIGN_KEY
  (void)db.get_related(band, c<&Band::name>);
#endif
#ifdef GET_RELATED_OTHER_TABLE
  (void)db.get_related(band, c<&Concert::headliner>);
#endif
#ifdef GET_OR_CREATE_NOT_OBJECTS
  (void)db.get_or_create(pc::select(c<&Band::name>).where(c<&Band::name> == "x"), Band{});
#endif
#ifdef GET_OR_CREATE_OTHER_TABLE
  (void)db.get_or_create(pc::objects<Band>().where(c<&Band::name> == "x"), Manager{});
#endif
#ifdef FIELD_PAST_THE_END
  (void)pc::column_at<Band, 5>;
#endif
#ifdef TX_SAVE_WITHOUT_PRIMARY_KEY
  auto tx = db.begin();  // a transaction object checks as the database does
  tx.save(line);
#endif
  (void)line;
}

// A PostgreSQL async_transaction has the asynchronous forms only.
void async_transaction_objects(pc::postgres::async_transaction& tx) {
  Band band{};
  (void)tx.async_save(band);
  (void)tx.async_get_related(band, c<&Band::manager>);
#ifdef PG_ASYNC_TX_SYNC_SAVE
  tx.save(band);
#endif
#ifdef PG_ASYNC_TX_SYNC_GET_OR_CREATE
  (void)tx.get_or_create(pc::objects<Band>().where(c<&Band::name> == "x"), Band{});
#endif
}
