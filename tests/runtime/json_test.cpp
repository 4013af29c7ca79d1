// JSON (<piccolo/json.hpp>): a row of every column type goes to JSON and back unchanged,
// also through the database; output_json() returns the rows as one array text, the same
// on every engine, sync and async; malformed JSON is a piccolo::error naming the field.

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <piccolo/arrays.hpp>
#include <piccolo/json.hpp>
#include <piccolo/postgres_async.hpp>
#include <piccolo/sqlite_async.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

using micro_time = std::chrono::sys_time<std::chrono::microseconds>;

// One column of every kind JSON maps, and nullable ones.
struct JsonSample {
  pc::serial id;
  std::int16_t i16 = 0;
  std::uint32_t u32 = 0;
  std::int64_t i64 = 0;
  bool flag = false;
  float f32 = 0;
  double f64 = 0;
  std::string text;
  pc::varchar<5> code;
  std::vector<std::byte> bytes;
  micro_time at{};
  std::chrono::sys_seconds at_seconds{};
  pc::timestamptz instant;
  std::chrono::year_month_day day{std::chrono::year{1970} / 1 / 1};
  TicketType kind = TicketType::sitting;
  pc::foreign_key<Manager> manager;
  std::optional<std::string> note;
  std::optional<std::int32_t> missing;
};

JsonSample full_sample() {
  using namespace std::chrono;
  return JsonSample{.i16 = -32768,
                    .u32 = 4294967295u,
                    .i64 = std::numeric_limits<std::int64_t>::min(),
                    .flag = true,
                    .f32 = 2.5f,
                    .f64 = -0.125,
                    .text = "quote \" backslash \\ é",
                    .code = "héllo",
                    .bytes = {std::byte{0}, std::byte{0xFF}, std::byte{0x10}, std::byte{'a'}},
                    .at = micro_time{sys_days{year{2024} / 5 / 1}} + hours{20} + microseconds{250000},
                    .at_seconds = sys_days{year{1999} / 12 / 31} + hours{23} + minutes{59},
                    .instant = sys_days{year{2024} / 6 / 1} + hours{19} + minutes{30},
                    .day = year{2000} / 2 / 29,
                    .kind = TicketType::premium,
                    .manager = 1,
                    .note = "n",
                    .missing = std::nullopt};
}

constexpr std::string_view full_sample_json =
    R"({"id":1,"i16":-32768,"u32":4294967295,"i64":-9223372036854775808,"flag":true,"f32":2.5E0,)"
    R"("f64":-1.25E-1,"text":"quote \" backslash \\ é","code":"héllo","bytes":"AP8QYQ==",)"
    R"("at":"2024-05-01T20:00:00.250000","at_seconds":"1999-12-31T23:59:00",)"
    R"("instant":"2024-06-01T19:30:00Z","day":"2000-02-29","kind":"premium","manager":1,)"
    R"("note":"n","missing":null})";

void expect_same(const JsonSample& a, const JsonSample& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.i16, b.i16);
  EXPECT_EQ(a.u32, b.u32);
  EXPECT_EQ(a.i64, b.i64);
  EXPECT_EQ(a.flag, b.flag);
  EXPECT_EQ(a.f32, b.f32);
  EXPECT_EQ(a.f64, b.f64);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.at_seconds, b.at_seconds);
  EXPECT_EQ(a.instant, b.instant);
  EXPECT_EQ(a.day, b.day);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.manager, b.manager);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.missing, b.missing);
}

template <class Engine>
class json_test : public example_test<Engine> {};
TYPED_TEST_SUITE(json_test, engines, engine_names);

TYPED_TEST(json_test, a_row_of_every_type_round_trips_through_the_database_and_json) {
  this->db.run(pc::create_table<JsonSample>());
  std::vector<std::int64_t> id = this->db.run(pc::insert(full_sample()).returning(c<&JsonSample::id>));
  ASSERT_EQ(id, std::vector<std::int64_t>{1});
  std::optional<JsonSample> stored = this->db.run(pc::objects<JsonSample>().get(c<&JsonSample::id> == 1));
  ASSERT_TRUE(stored);

  boost::json::object json = pc::to_json(*stored);
  EXPECT_EQ(boost::json::serialize(json), full_sample_json);

  JsonSample back = pc::from_json<JsonSample>(boost::json::parse(full_sample_json));
  JsonSample expected = full_sample();
  expected.id = 1;
  expect_same(back, expected);

  // and what came from JSON is written again as it was read
  back.id = {};
  this->db.run(pc::insert(back));
  std::optional<JsonSample> again = this->db.run(pc::objects<JsonSample>().get(c<&JsonSample::id> == 2));
  ASSERT_TRUE(again);
  expected.id = 2;
  expect_same(*again, expected);
}

// Array columns (std::vector<T>) are JSON arrays of their elements' own forms.
struct Playlist {
  pc::serial id;
  std::vector<std::string> titles;
  std::vector<std::optional<std::int32_t>> ratings;
  std::optional<std::vector<std::int64_t>> plays;
};

TYPED_TEST(json_test, array_columns_go_to_json_arrays_and_back_through_the_database) {
  this->db.run(pc::create_table<Playlist>());
  this->db.run(pc::insert(Playlist{.titles = {"Intro", "it's \"quoted\"", ""}, .ratings = {5, std::nullopt, -1}},
                          Playlist{.titles = {}, .ratings = {}, .plays = std::vector<std::int64_t>{}}));
  std::vector<Playlist> stored = this->db.run(pc::objects<Playlist>().order_by(c<&Playlist::id>));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(boost::json::serialize(pc::to_json(stored[0])),
            R"({"id":1,"titles":["Intro","it's \"quoted\"",""],"ratings":[5,null,-1],"plays":null})");
  EXPECT_EQ(boost::json::serialize(pc::to_json(stored[1])), R"({"id":2,"titles":[],"ratings":[],"plays":[]})");

  Playlist back = pc::from_json<Playlist>(boost::json::parse(
      R"({"titles": ["Outro"], "ratings": [null, 3], "plays": [9223372036854775807, -9223372036854775808]})"));
  EXPECT_FALSE(back.id.has_value());
  this->db.run(pc::insert(back));
  std::optional<Playlist> again = this->db.run(pc::objects<Playlist>().get(c<&Playlist::id> == 3));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->titles, std::vector<std::string>{"Outro"});
  EXPECT_EQ(again->ratings, (std::vector<std::optional<std::int32_t>>{std::nullopt, 3}));
  EXPECT_EQ(again->plays, (std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::max(),
                                                     std::numeric_limits<std::int64_t>::min()}));
}

TYPED_TEST(json_test, output_json_returns_the_rows_as_one_array_text) {
  std::string managers = this->db.run(pc::output_json(pc::objects<Manager>().order_by(c<&Manager::id>)));
  EXPECT_EQ(managers, R"([{"id":1,"name":"Guido"},{"id":2,"name":"Graydon"},{"id":3,"name":"Mads"}])");

  pc::json_text bands = this->db.run(pc::output_json(
      pc::objects<Band>().where(c<&Band::popularity> < 600).order_by(c<&Band::popularity>.desc())));
  EXPECT_EQ(bands.str(),
            R"([{"id":2,"name":"Rustaceans","manager":2,"popularity":500,"website":null},)"
            R"({"id":3,"name":"C-Sharps","manager":3,"popularity":10,"website":"https://dotnet.microsoft.com"}])");
}

TYPED_TEST(json_test, output_json_of_no_rows_is_an_empty_array) {
  std::string none = this->db.run(pc::output_json(pc::objects<Band>().where(c<&Band::popularity> > 5000)));
  EXPECT_EQ(none, "[]");
}

TYPED_TEST(json_test, output_json_runs_asynchronously_too) {
  if constexpr (std::is_same_v<TypeParam, sqlite_memory>) {
    GTEST_SKIP() << "an in-memory database has no asynchronous readers beside it";
  } else {
    boost::asio::io_context io;
    typename TypeParam::database db = [&] {
      if constexpr (TypeParam::is_sqlite) return pc::sqlite::database{io.get_executor(), this->engine.path};
      else return pc::postgres::database{io.get_executor(), this->engine.schema.conninfo()};
    }();
    auto query = pc::output_json(pc::objects<Venue>().order_by(c<&Venue::id>));
    std::future<pc::json_text> venues = db.async_run(query, boost::asio::use_future);
    io.run();
    EXPECT_EQ(venues.get().str(),
              R"([{"id":1,"name":"Amazing Venue","capacity":5000},{"id":2,"name":"Smallish Venue","capacity":200}])");
  }
}

// ---- from_json's errors name the field --------------------------------------------------

template <class T>
pc::error from_json_error(std::string_view json) {
  try {
    (void)pc::from_json<T>(boost::json::parse(json));
  } catch (const pc::error& e) {
    return e;
  }
  throw std::logic_error("from_json did not throw");
}

TEST(json_errors, a_missing_field_is_unexpected_null_naming_it) {
  pc::error e = from_json_error<Manager>(R"({"id": 1})");
  EXPECT_EQ(e.value(), pc::errc::unexpected_null);
  EXPECT_EQ(e.engine_message(), "JSON field 'name': missing or null; expected a string");
}

TEST(json_errors, a_missing_serial_or_optional_is_unset) {
  Band band = pc::from_json<Band>(boost::json::parse(R"({"name": "Jazzers", "manager": null, "popularity": 3})"));
  EXPECT_FALSE(band.id.has_value());
  EXPECT_EQ(band.name, "Jazzers");
  EXPECT_EQ(band.manager, std::nullopt);
  EXPECT_EQ(band.popularity, 3);
  EXPECT_EQ(band.website, std::nullopt);
}

TEST(json_errors, a_value_of_another_kind_is_type_mismatch) {
  pc::error e = from_json_error<Venue>(R"({"id": 1, "name": "Hall", "capacity": "large"})");
  EXPECT_EQ(e.value(), pc::errc::type_mismatch);
  EXPECT_EQ(e.engine_message(), "JSON field 'capacity': expected an integer, found a string");
  EXPECT_EQ(from_json_error<Venue>(R"({"id": 1, "name": "Hall", "capacity": 1.5})").value(), pc::errc::type_mismatch);
  EXPECT_EQ(from_json_error<Venue>(R"([1, "Hall", 3])").value(), pc::errc::type_mismatch);
}

TEST(json_errors, an_integer_out_of_range_is_out_of_range) {
  pc::error e = from_json_error<Venue>(R"({"id": 1, "name": "Hall", "capacity": 2147483648})");
  EXPECT_EQ(e.value(), pc::errc::out_of_range);
  EXPECT_EQ(e.engine_message(), "JSON field 'capacity': 2147483648 is out of range");
  EXPECT_EQ(from_json_error<Venue>(R"({"id": 18446744073709551615, "name": "Hall", "capacity": 1})").value(),
            pc::errc::out_of_range);
}

struct Website {
  pc::serial id;
  std::string address;
  static constexpr auto column_options() { return pc::options(pc::column_name<&Website::address, "url">); }
};

TEST(json_errors, keys_are_the_column_names) {
  boost::json::object json = pc::to_json(Website{.id = 4, .address = "https://python.org"});
  EXPECT_EQ(boost::json::serialize(json), R"({"id":4,"url":"https://python.org"})");
  EXPECT_EQ(pc::from_json<Website>(json).address, "https://python.org");
}

// A valid JsonSample with one field replaced by `value` (JSON text): the error from_json throws.
pc::error sample_error_with(std::string_view field, std::string_view value) {
  boost::json::value json = boost::json::parse(
      R"({"i16":0,"u32":0,"i64":0,"flag":false,"f32":0,"f64":0,"text":"","code":"",)"
      R"("bytes":"","at":"2024-01-01T00:00:00","at_seconds":"2024-01-01T00:00:00",)"
      R"("instant":"2024-01-01T00:00:00Z","day":"2024-01-01","kind":"sitting","manager":1})");
  EXPECT_NO_THROW((void)pc::from_json<JsonSample>(json));
  json.as_object()[field] = boost::json::parse(value);
  return from_json_error<JsonSample>(boost::json::serialize(json));
}

TEST(json_errors, a_varchar_too_long_is_out_of_range) {
  pc::error e = sample_error_with("code", R"("toolong")");
  EXPECT_EQ(e.value(), pc::errc::out_of_range);
  EXPECT_EQ(e.engine_message(), "JSON field 'code': value of 7 characters is too long for VARCHAR(5)");
  EXPECT_EQ(sample_error_with("code", R"("h\u0000")").value(), pc::errc::invalid_text);
}

TEST(json_errors, malformed_text_for_bytes_times_and_enums_is_refused) {
  EXPECT_EQ(sample_error_with("bytes", R"("AP8")").engine_message(),
            "JSON field 'bytes': not base64 text (RFC 4648, padded)");
  EXPECT_EQ(sample_error_with("at", R"("2024-02-30T00:00:00")").engine_message(),
            "JSON field 'at': '2024-02-30T00:00:00' is not an ISO 8601 timestamp");
  EXPECT_EQ(sample_error_with("at_seconds", R"("2024-01-01T00:00:00.5")").value(), pc::errc::out_of_range);
  EXPECT_EQ(sample_error_with("instant", R"("2024-01-01T00:00:00+02:00")").value(), pc::errc::type_mismatch);
  EXPECT_EQ(sample_error_with("day", R"("2024-01-01T00:00:00")").value(), pc::errc::type_mismatch);
  EXPECT_EQ(sample_error_with("kind", R"("vip")").value(), pc::errc::invalid_enum_value);
  EXPECT_EQ(sample_error_with("f32", "1e39").value(), pc::errc::out_of_range);
}

TEST(json_errors, bytes_round_trip_as_base64_of_every_length) {
  std::vector<std::byte> bytes;
  for (int n = 0; n < 8; ++n) {
    boost::json::value json = pc::json_traits<std::vector<std::byte>>::to_json(bytes);
    EXPECT_EQ(json.as_string().size(), (bytes.size() + 2) / 3 * 4);
    EXPECT_EQ(pc::json_traits<std::vector<std::byte>>::from_json(json, "bytes"), bytes);
    bytes.push_back(static_cast<std::byte>(0xF0 + n));
  }
  EXPECT_EQ(pc::json_traits<std::vector<std::byte>>::to_json(bytes), boost::json::value("8PHy8/T19vc="));
}

struct JsonDevice {
  pc::uuid id;
  std::optional<pc::uuid> parent;
};

TEST(json_errors, uuid_round_trips_as_its_text_form) {
  JsonDevice device{*pc::uuid::parse("0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f"), std::nullopt};
  boost::json::value json = pc::to_json(device);
  EXPECT_EQ(boost::json::serialize(json), R"({"id":"0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f","parent":null})");
  EXPECT_EQ(pc::from_json<JsonDevice>(json).id, device.id);
  json.as_object()["parent"] = "0190B2A4-5C1E-7D3A-9F00-1A2B3C4D5E6F";  // either case
  EXPECT_EQ(pc::from_json<JsonDevice>(json).parent, device.id);
  json.as_object()["id"] = "0190b2a4";
  try {
    (void)pc::from_json<JsonDevice>(json);
    ADD_FAILURE() << "a short uuid was accepted";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::type_mismatch);
    EXPECT_EQ(e.engine_message(),
              R"(JSON field 'id': not a uuid (36 characters, e.g. "0190b2a4-5c1e-7d3a-9f00-1a2b3c4d5e6f"))");
  }
}

struct JsonShift {
  pc::time_of_day starts;
  std::chrono::hh_mm_ss<std::chrono::seconds> ends{std::chrono::seconds{0}};
  std::chrono::minutes length{};
};

TEST(json_errors, times_of_day_are_text_and_durations_microseconds) {
  using namespace std::chrono_literals;
  JsonShift shift{pc::time_of_day{20h, 30min, 0s, 250'000us}, std::chrono::hh_mm_ss<std::chrono::seconds>{17h}, 90min};
  boost::json::value json = pc::to_json(shift);
  EXPECT_EQ(boost::json::serialize(json), R"({"starts":"20:30:00.250000","ends":"17:00:00","length":5400000000})");
  JsonShift back = pc::from_json<JsonShift>(json);
  EXPECT_EQ(back.starts, shift.starts);
  EXPECT_EQ(back.ends.to_duration(), 17h);
  EXPECT_EQ(back.length, 90min);
  json.as_object()["length"] = 1'000'000;  // one second is not whole minutes
  try {
    (void)pc::from_json<JsonShift>(json);
    ADD_FAILURE() << "a second was read as minutes";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::out_of_range);
    EXPECT_EQ(e.engine_message(),
              "JSON field 'length': stored interval of 1000000 microseconds is more precise than the C++ duration");
  }
  json.as_object()["length"] = 0;
  json.as_object()["ends"] = "17:00:00.5";
  EXPECT_THROW((void)pc::from_json<JsonShift>(json), pc::error);
  json.as_object()["ends"] = "25:00:00";
  EXPECT_THROW((void)pc::from_json<JsonShift>(json), pc::error);
}

// A struct (not a table) with vectors of every kind that has json_traits, JSON values too.
struct JsonLists {
  std::vector<pc::varchar<3>> codes;
  std::vector<std::optional<std::int8_t>> small;
  std::vector<bool> flags;
  std::vector<pc::jsonb> parts;
  std::vector<std::vector<std::byte>> blobs;
};

TEST(json_errors, a_vector_that_is_not_an_array_or_holds_a_bad_element_names_it) {
  const std::string good = R"({"codes": ["ab"], "small": [1], "flags": [true], "parts": [], "blobs": []})";
  auto with = [&](std::string_view member, std::string_view value) {
    boost::json::object json = boost::json::parse(good).as_object();
    json[member] = boost::json::parse(value);
    return boost::json::serialize(json);
  };
  pc::error e = from_json_error<JsonLists>(with("codes", R"("ab")"));
  EXPECT_EQ(e.value(), pc::errc::type_mismatch);
  EXPECT_EQ(e.engine_message(), "JSON field 'codes': expected an array, found a string");
  e = from_json_error<JsonLists>(with("flags", "null"));
  EXPECT_EQ(e.value(), pc::errc::unexpected_null);
  EXPECT_EQ(e.engine_message(), "JSON field 'flags': missing or null; expected an array");
  e = from_json_error<JsonLists>(with("small", "[1, null, 128]"));
  EXPECT_EQ(e.value(), pc::errc::out_of_range);
  EXPECT_EQ(e.engine_message(), "JSON field 'small[2]': 128 is out of range");
  e = from_json_error<JsonLists>(with("codes", R"(["ab", "abcd"])"));
  EXPECT_EQ(e.value(), pc::errc::out_of_range);
  EXPECT_EQ(e.engine_message().rfind("JSON field 'codes[1]': ", 0), 0u) << e.engine_message();
  e = from_json_error<JsonLists>(with("flags", "[true, 1]"));
  EXPECT_EQ(e.value(), pc::errc::type_mismatch);
  EXPECT_EQ(e.engine_message(), "JSON field 'flags[1]': expected a boolean, found an integer");
  e = from_json_error<JsonLists>(with("blobs", R"(["AQI=", "not base64"])"));
  EXPECT_EQ(e.value(), pc::errc::type_mismatch);
  EXPECT_EQ(e.engine_message(), "JSON field 'blobs[1]': not base64 text (RFC 4648, padded)");
}

TEST(json_errors, vectors_round_trip_as_json_arrays) {
  JsonLists lists{.codes = {pc::varchar<3>{"abc"}, pc::varchar<3>{""}},
                  .small = {-128, std::nullopt, 127},
                  .flags = {true, false},
                  .parts = {boost::json::parse(R"({"k": [1, {"n": null}]})"), boost::json::parse("7")},
                  .blobs = {{std::byte{1}, std::byte{2}}, {}}};
  boost::json::object json = pc::to_json(lists);
  EXPECT_EQ(boost::json::serialize(json),
            R"({"codes":["abc",""],"small":[-128,null,127],"flags":[true,false],"parts":[{"k":[1,{"n":null}]},7],)"
            R"("blobs":["AQI=",""]})");
  JsonLists back = pc::from_json<JsonLists>(json);
  EXPECT_EQ(back.codes, lists.codes);
  EXPECT_EQ(back.small, lists.small);
  EXPECT_EQ(back.flags, lists.flags);
  EXPECT_EQ(back.parts, lists.parts);
  EXPECT_EQ(back.blobs, lists.blobs);
}

struct JsonPrice {
  pc::numeric<10, 2> value;
};

TEST(json_errors, numerics_are_exact_text) {
  boost::json::value json = pc::to_json(JsonPrice{pc::numeric<10, 2>{"-12.3"}});
  EXPECT_EQ(boost::json::serialize(json), R"({"value":"-12.30"})");
  EXPECT_EQ(pc::from_json<JsonPrice>(json).value.to_string(), "-12.30");
  json.as_object()["value"] = 7;  // an integer is exact too
  EXPECT_EQ(pc::from_json<JsonPrice>(json).value.to_string(), "7.00");
  json.as_object()["value"] = "0.125";
  try {
    (void)pc::from_json<JsonPrice>(json);
    ADD_FAILURE() << "0.125 was rounded";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::out_of_range);
    EXPECT_EQ(e.engine_message(), "JSON field 'value': '0.125' has more than 2 fraction digits, which NUMERIC(10, 2) "
                                  "cannot hold (it is not rounded)");
  }
}

}  // namespace
}  // namespace piccolo_test
