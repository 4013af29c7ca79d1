// Reflection facts (field names, type names, member indexes, table names) and the
// C++ type each query returns (its result_type: what db.run(q) gives back).
// Building this file is the test.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "schema.hpp"

namespace music {

namespace reflect = pc::reflect;

// ---- field names and counts ------------------------------------------------------

static_assert(reflect::field_count<Band> == 5);
static_assert(reflect::field_name<Band, 0> == "id");
static_assert(reflect::field_name<Band, 1> == "name");
static_assert(reflect::field_name<Band, 4> == "website");
static_assert(reflect::field_name<AllTypes, 11> == "on");
static_assert(reflect::field_count<AllTypes> == 15);
static_assert(std::is_same_v<reflect::field_type<Band, 2>, pc::foreign_key<Manager>>);
static_assert(std::is_same_v<reflect::field_type<Concert, 2>, std::optional<pc::foreign_key<Band>>>);

// A described class: names from its description, private members included.
static_assert(reflect::is_described<Secret>);
static_assert(reflect::field_count<Secret> == 2);
static_assert(reflect::field_name<Secret, 0> == "id");
static_assert(reflect::field_name<Secret, 1> == "value_");

// A local struct needs no linkage.
inline void local_struct_names() {
  struct Stage {
    pc::serial id;
    std::string stage_name;
  };
  static_assert(reflect::field_count<Stage> == 2);
  static_assert(reflect::field_name<Stage, 0> == "id");
  static_assert(reflect::field_name<Stage, 1> == "stage_name");
  static_assert(reflect::type_name<Stage> == "Stage");
  static_assert(pc::table_info<Stage>::name == "stage");
  static_assert(pc::reflect::member_index<&Stage::stage_name> == 1);
}

// ---- type names and table names --------------------------------------------------

static_assert(reflect::type_name<RecordingStudio> == "RecordingStudio");  // namespace dropped
static_assert(reflect::type_name<Secret> == "Secret");
static_assert(pc::table_info<RecordingStudio>::name == "recording_studio");
static_assert(pc::table_info<AllTypes>::name == "all_types");
static_assert(pc::table_info<Venue>::name == "venues");  // table_name override
static_assert(pc::table_info<Secret>::name == "secret");

// ---- member indexes and column facts ---------------------------------------------

static_assert(reflect::member_index<&Band::id> == 0);
static_assert(reflect::member_index<&Band::popularity> == 3);
static_assert(reflect::member_index<&Concert::day> == 5);
static_assert(reflect::member_index<&Secret::id> == 0);
static_assert(std::is_same_v<reflect::class_of<&Band::manager>, Band>);
static_assert(std::is_same_v<reflect::member_type_of<&Band::name>, pc::varchar<50>>);

static_assert(pc::table_info<Band>::column_name<4> == "site");  // column_name option
static_assert(pc::table_info<Band>::primary_key_index == 0);
static_assert(pc::table_info<Band>::unique<1>);
static_assert(pc::table_info<Band>::indexed<3>);
static_assert(pc::table_info<Band>::nullable<4> && !pc::table_info<Band>::nullable<3>);
static_assert(std::is_same_v<pc::table_info<Band>::references<2>, Manager>);
static_assert(std::is_same_v<pc::table_info<Concert>::references<2>, Band>);  // optional FK
static_assert(std::is_void_v<pc::table_info<Band>::references<1>>);
static_assert(pc::table_info<Concert>::on_delete<2> == pc::action::set_null);
static_assert(pc::table_info<Concert>::on_update<2> == pc::action::restrict);
static_assert(pc::table_info<Concert>::on_delete<1> == pc::action::cascade);
static_assert(pc::table_info<Country>::primary_key_index == 0 &&
              pc::table_info<Country>::primary_key_count == 1);
static_assert(pc::table_info<Membership>::primary_key_count == 2);

// column_ref facts: the table a path starts at, and the table of the column it names
using manager_of_headliner = decltype(c<&Concert::headliner, &Band::manager, &Manager::name>);
static_assert(std::is_same_v<manager_of_headliner::root_table, Concert>);
static_assert(std::is_same_v<manager_of_headliner::table, Manager>);
static_assert(!manager_of_headliner::is_plain && decltype(c<&Band::name>)::is_plain);

// ---- result types: what db.run(q) returns ----------------------------------------

template <class Q>
using result_of = typename Q::result_type;

// One column: a vector of its value; varchar<N> reads as std::string.
static_assert(std::is_same_v<result_of<decltype(pc::select(c<&Band::name>))>, std::vector<std::string>>);
// serial and foreign_key read as their key value
static_assert(std::is_same_v<result_of<decltype(pc::select(c<&Band::id>))>, std::vector<std::int64_t>>);
static_assert(std::is_same_v<result_of<decltype(pc::select(c<&City::country>))>, std::vector<std::string>>);

// Several columns: a vector of tuples; optional stays optional; a path through a
// non-null foreign key keeps the column's own type.
static_assert(std::is_same_v<
              result_of<decltype(pc::select(c<&Band::name>, c<&Band::popularity>, c<&Band::manager>,
                                            c<&Band::website>, c<&Band::manager, &Manager::name>))>,
              std::vector<std::tuple<std::string, int, std::int64_t, std::optional<std::string>,
                                     std::string>>>);

// A path through a nullable foreign key may find no row: its values are optional
// (and an optional column is not doubly so).
static_assert(std::is_same_v<
              result_of<decltype(pc::select(c<&Concert::support, &Band::name>,
                                            c<&Concert::support, &Band::website>,
                                            c<&Concert::support, &Band::manager, &Manager::name>,
                                            c<&Concert::support>,
                                            c<&Concert::studio, &RecordingStudio::id>))>,
              std::vector<std::tuple<std::optional<std::string>, std::optional<std::string>,
                                     std::optional<std::string>, std::optional<std::int64_t>,
                                     std::optional<std::int64_t>>>>);

// Every column type reads back as itself.
static_assert(std::is_same_v<
              result_of<decltype(pc::select(c<&AllTypes::small>, c<&AllTypes::medium>, c<&AllTypes::big>,
                                            c<&AllTypes::flag>, c<&AllTypes::ratio>, c<&AllTypes::amount>,
                                            c<&AllTypes::data>, c<&AllTypes::at>, c<&AllTypes::on>,
                                            c<&AllTypes::genre>, c<&AllTypes::maybe_int>))>,
              std::vector<std::tuple<std::int16_t, std::int32_t, std::int64_t, bool, float, double,
                                     std::vector<std::byte>,
                                     std::chrono::sys_time<std::chrono::microseconds>,
                                     std::chrono::year_month_day, Genre,
                                     std::optional<std::int32_t>>>>);

// first(): an optional row
static_assert(std::is_same_v<result_of<decltype(pc::select(c<&Band::name>).first())>,
                             std::optional<std::string>>);
static_assert(std::is_same_v<result_of<decltype(pc::select(c<&Band::name>, c<&Band::id>).first())>,
                             std::optional<std::tuple<std::string, std::int64_t>>>);
// count, exists
static_assert(std::is_same_v<result_of<decltype(pc::count<Band>().where(c<&Band::popularity> > 1))>,
                             std::int64_t>);
static_assert(std::is_same_v<result_of<decltype(pc::exists<Band>().where(c<&Band::popularity> > 1))>,
                             bool>);
// objects, get, first
static_assert(std::is_same_v<result_of<decltype(pc::objects<Band>())>, std::vector<Band>>);
static_assert(std::is_same_v<result_of<decltype(pc::objects<Secret>())>, std::vector<Secret>>);
static_assert(std::is_same_v<result_of<decltype(pc::objects<Band>().get(c<&Band::id> == 1))>,
                             std::optional<Band>>);
static_assert(std::is_same_v<result_of<decltype(pc::objects<Band>().first())>, std::optional<Band>>);
// insert / update / delete: rows affected, or the returned values
static_assert(std::is_same_v<result_of<decltype(pc::insert(Band{}))>, std::int64_t>);
static_assert(std::is_same_v<result_of<decltype(pc::insert(Band{}).returning(c<&Band::id>))>,
                             std::vector<std::int64_t>>);
static_assert(std::is_same_v<
              result_of<decltype(pc::update<Band>().set(c<&Band::popularity> = 1).force())>,
              std::int64_t>);
static_assert(std::is_same_v<result_of<decltype(pc::update<Band>()
                                                    .set(c<&Band::popularity> = 1)
                                                    .force()
                                                    .returning(c<&Band::id>, c<&Band::website>))>,
                             std::vector<std::tuple<std::int64_t, std::optional<std::string>>>>);
static_assert(std::is_same_v<result_of<decltype(pc::delete_from<Band>().force())>, std::int64_t>);
static_assert(std::is_same_v<
              result_of<decltype(pc::delete_from<Band>().force().returning(c<&Band::name>))>,
              std::vector<std::string>>);
// raw: the row type given, or rows affected
static_assert(std::is_same_v<result_of<decltype(pc::raw<"SELECT name FROM band", std::string>())>,
                             std::vector<std::string>>);
static_assert(std::is_same_v<
              result_of<decltype(pc::raw<"SELECT name, popularity FROM band", std::tuple<std::string, int>>())>,
              std::vector<std::tuple<std::string, int>>>);
static_assert(std::is_same_v<result_of<decltype(pc::raw<"DELETE FROM band">())>, std::int64_t>);
// DDL returns nothing
static_assert(std::is_void_v<result_of<decltype(pc::create_table<Band>())>>);
static_assert(std::is_void_v<result_of<decltype(pc::drop_tables<Band, Manager>())>>);

// ---- runnable: UPDATE and DELETE need a filter -----------------------------------

static_assert(!decltype(pc::delete_from<Band>())::runnable);
static_assert(decltype(pc::delete_from<Band>().force())::runnable);
static_assert(decltype(pc::delete_from<Band>().where(c<&Band::id> == 1))::runnable);
static_assert(!decltype(pc::update<Band>().set(c<&Band::popularity> = 1))::runnable);
static_assert(!decltype(pc::update<Band>().force())::runnable);  // nothing to set
static_assert(decltype(pc::update<Band>().set(c<&Band::popularity> = 1).force())::runnable);

// ---- parameters: one per bound value, in text order --------------------------------

static_assert(pc::detail::sql_text<decltype(pc::select(c<&Band::name>)
                                                .where(c<&Band::id> > 1 && c<&Band::name>.is_in({"a", "b"}))
                                                .limit(1)
                                                .offset(2)),
                                   pc::dialect_id::postgres>::parameters == 4);

}  // namespace music
