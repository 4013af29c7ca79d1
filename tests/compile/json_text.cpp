// output_json() runs the query's own SQL text (the rows are serialised on the client):
// the same text as the query it wraps, on both dialects. Building this file is the test.

#include <piccolo/json.hpp>

#include "schema.hpp"

namespace music {

using managers_as_json = decltype(pc::output_json(pc::objects<Manager>().order_by(c<&Manager::id>)));
static_assert(sqlite_text<managers_as_json> ==
              R"sql(SELECT "manager"."id", "manager"."name" FROM "manager" ORDER BY "manager"."id")sql");
static_assert(postgres_text<managers_as_json> == sqlite_text<managers_as_json>);

using popular_bands_as_json =
    decltype(pc::output_json(pc::objects<Band>().where(c<&Band::popularity> > 100).limit(10)));
static_assert(sqlite_text<popular_bands_as_json> ==
              sqlite_text<decltype(pc::objects<Band>().where(c<&Band::popularity> > 100).limit(10))>);
static_assert(postgres_text<popular_bands_as_json> ==
              postgres_text<decltype(pc::objects<Band>().where(c<&Band::popularity> > 100).limit(10))>);
static_assert(popular_bands_as_json::parameters == 2);

}  // namespace music
