// Every column type round-trips through the database unchanged, and a value that does
// not fit its column or its C++ type is a pc::error, never a truncation.

#include <limits>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class types_test : public database_test<Engine> {
 protected:
  void SetUp() override { this->db.run(pc::create_tables<Sample, OptionalSample, Manager, Venue>()); }

  // Writes the sample, reads it back by its assigned key.
  Sample round_trip(const Sample& sample) {
    std::vector<std::int64_t> id = this->db.run(pc::insert(sample).returning(c<&Sample::id>));
    std::optional<Sample> back = this->db.run(pc::objects<Sample>().get(c<&Sample::id> == id.at(0)));
    if (!back) throw std::logic_error("the inserted sample is missing");
    return *back;
  }
  OptionalSample round_trip(const OptionalSample& sample) {
    std::vector<std::int64_t> id = this->db.run(pc::insert(sample).returning(c<&OptionalSample::id>));
    std::optional<OptionalSample> back =
        this->db.run(pc::objects<OptionalSample>().get(c<&OptionalSample::id> == id.at(0)));
    if (!back) throw std::logic_error("the inserted sample is missing");
    return *back;
  }
};
TYPED_TEST_SUITE(types_test, engines, engine_names);

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using micro_time = std::chrono::sys_time<std::chrono::microseconds>;

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

micro_time micro_at(int y, unsigned m, unsigned d, int h, int min, int s, int us) {
  return micro_time{std::chrono::sys_days{year{y} / month{m} / day{d}}} + std::chrono::hours{h} +
         std::chrono::minutes{min} + std::chrono::seconds{s} + std::chrono::microseconds{us};
}

TYPED_TEST(types_test, integers_round_trip_at_their_limits) {
  Sample low{.i16 = std::numeric_limits<std::int16_t>::min(),
             .i32 = std::numeric_limits<std::int32_t>::min(),
             .i64 = std::numeric_limits<std::int64_t>::min()};
  Sample high{.i16 = std::numeric_limits<std::int16_t>::max(),
              .i32 = std::numeric_limits<std::int32_t>::max(),
              .i64 = std::numeric_limits<std::int64_t>::max()};
  Sample back = this->round_trip(low);
  EXPECT_EQ(back.i16, -32768);
  EXPECT_EQ(back.i32, -2147483647 - 1);
  EXPECT_EQ(back.i64, std::numeric_limits<std::int64_t>::min());
  back = this->round_trip(high);
  EXPECT_EQ(back.i16, 32767);
  EXPECT_EQ(back.i32, 2147483647);
  EXPECT_EQ(back.i64, std::numeric_limits<std::int64_t>::max());
  // and compare at their limits in a where clause
  EXPECT_EQ(this->db.run(pc::count<Sample>().where(c<&Sample::i64> == std::numeric_limits<std::int64_t>::max())), 1);
  EXPECT_EQ(this->db.run(pc::count<Sample>().where(c<&Sample::i16> < 0)), 1);
}

TYPED_TEST(types_test, booleans_round_trip) {
  EXPECT_EQ(this->round_trip(Sample{.flag = true}).flag, true);
  EXPECT_EQ(this->round_trip(Sample{.flag = false}).flag, false);
  EXPECT_EQ(this->db.run(pc::select(c<&Sample::id>).where(c<&Sample::flag> == true)), (std::vector<std::int64_t>{1}));
}

TYPED_TEST(types_test, floating_point_values_round_trip_exactly) {
  Sample back = this->round_trip(Sample{.f32 = 0.1f, .f64 = 0.1});
  EXPECT_EQ(back.f32, 0.1f);
  EXPECT_EQ(back.f64, 0.1);
  back = this->round_trip(Sample{.f32 = std::numeric_limits<float>::max(), .f64 = std::numeric_limits<double>::max()});
  EXPECT_EQ(back.f32, std::numeric_limits<float>::max());
  EXPECT_EQ(back.f64, std::numeric_limits<double>::max());
  back = this->round_trip(Sample{.f32 = -std::numeric_limits<float>::denorm_min(),
                                 .f64 = std::numeric_limits<double>::denorm_min()});
  EXPECT_EQ(back.f32, -std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(back.f64, std::numeric_limits<double>::denorm_min());
  back = this->round_trip(Sample{.f32 = -std::numeric_limits<float>::infinity(),
                                 .f64 = std::numeric_limits<double>::infinity()});
  EXPECT_EQ(back.f32, -std::numeric_limits<float>::infinity());
  EXPECT_EQ(back.f64, std::numeric_limits<double>::infinity());
}

TYPED_TEST(types_test, text_round_trips_with_quotes_and_utf8) {
  const std::string tricky = "It's \"quoted\"; -- DROP TABLE sample; \\ %_ {}";
  const std::string utf8 = "Zürich, 東京, Ελλάδα, 🎸";
  EXPECT_EQ(this->round_trip(Sample{.text = tricky}).text, tricky);
  EXPECT_EQ(this->round_trip(Sample{.text = utf8}).text, utf8);
  EXPECT_EQ(this->round_trip(Sample{.text = ""}).text, "");
  EXPECT_EQ(this->round_trip(Sample{.text = std::string(100000, 'x')}).text, std::string(100000, 'x'));
  // a value bound in a where clause matches the stored one byte for byte
  EXPECT_EQ(this->db.run(pc::select(c<&Sample::id>).where(c<&Sample::text> == tricky)), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(this->db.run(pc::select(c<&Sample::id>).where(c<&Sample::text> == utf8)), (std::vector<std::int64_t>{2}));
}

TYPED_TEST(types_test, varchar_takes_exactly_its_length) {
  EXPECT_EQ(this->round_trip(Sample{.code = "abcde"}).code, "abcde");
  EXPECT_EQ(this->db.run(pc::count<Sample>()), 1);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Sample{.code = "abcdef"})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Sample>()), 1);  // nothing written
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Manager{.name = std::string(51, 'm')})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 0);
  // in a batch, the long row stops the whole batch
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Manager{.name = "ok"}, Manager{.name = std::string(51, 'm')})),
                       pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Manager>()), 0);
}

TYPED_TEST(types_test, varchar_length_counts_characters_not_bytes) {
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "é";  // 100 characters, 200 bytes
  ASSERT_EQ(hundred.size(), 200u);
  EXPECT_EQ(this->db.run(pc::insert(Venue{.name = hundred})), 1);
  EXPECT_EQ(this->db.run(pc::select(c<&Venue::name>)), (std::vector<std::string>{hundred}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Venue{.name = hundred + "é"})), pc::errc::out_of_range);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Venue{.name = hundred + "e"})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<Venue>()), 1);
  // four-byte characters count once each
  EXPECT_EQ(this->round_trip(Sample{.code = "🎸🎸🎸🎸🎸"}).code, "🎸🎸🎸🎸🎸");
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(Sample{.code = "🎸🎸🎸🎸🎸🎸"})), pc::errc::out_of_range);
}

TYPED_TEST(types_test, blobs_round_trip_byte_for_byte) {
  EXPECT_EQ(this->round_trip(Sample{.bytes = {}}).bytes, std::vector<std::byte>{});
  EXPECT_EQ(this->round_trip(Sample{.bytes = bytes({0x00})}).bytes, bytes({0x00}));
  EXPECT_EQ(this->round_trip(Sample{.bytes = bytes({0x00, 0xFF, 0x00, 0x7F, 0x80})}).bytes,
            bytes({0x00, 0xFF, 0x00, 0x7F, 0x80}));
  std::vector<std::byte> all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::byte>(i));
  EXPECT_EQ(this->round_trip(Sample{.bytes = all}).bytes, all);
}

TYPED_TEST(types_test, timestamps_round_trip_to_the_microsecond) {
  micro_time leap = micro_at(2024, 2, 29, 23, 59, 59, 123456);
  micro_time before_epoch = micro_at(1969, 12, 31, 23, 59, 59, 999999);
  micro_time epoch{};
  std::chrono::sys_seconds seconds = at(2024, 6, 1, 19, 30);
  Sample back = this->round_trip(Sample{.at = leap, .at_seconds = seconds});
  EXPECT_EQ(back.at, leap);
  EXPECT_EQ(back.at_seconds, seconds);
  EXPECT_EQ(this->round_trip(Sample{.at = before_epoch}).at, before_epoch);
  EXPECT_EQ(this->round_trip(Sample{.at = epoch}).at, epoch);
  // timestamps compare in time order
  std::vector<std::int64_t> later =
      this->db.run(pc::select(c<&Sample::id>).where(c<&Sample::at> > micro_at(2000, 1, 1, 0, 0, 0, 0)));
  EXPECT_EQ(later, (std::vector<std::int64_t>{1}));
}

TYPED_TEST(types_test, a_microsecond_timestamp_read_into_seconds_is_out_of_range) {
  this->round_trip(Sample{.at = micro_at(2024, 2, 29, 23, 59, 59, 123456)});
  this->round_trip(Sample{.at = micro_at(2024, 2, 29, 23, 59, 59, 0)});
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"SELECT at FROM sample WHERE id = 1", std::chrono::sys_seconds>()),
                       pc::errc::out_of_range);
  // a whole second reads fine
  EXPECT_EQ(this->db.run(pc::raw<"SELECT at FROM sample WHERE id = 2", std::chrono::sys_seconds>()),
            (std::vector<std::chrono::sys_seconds>{std::chrono::sys_days{year{2024} / month{2} / day{29}} +
                                                   std::chrono::seconds{86399}}));
}

TYPED_TEST(types_test, dates_round_trip) {
  for (std::chrono::year_month_day d : {year{2024} / month{2} / day{29}, year{1970} / month{1} / day{1},
                                        year{1900} / month{1} / day{1}, year{9999} / month{12} / day{31},
                                        year{1} / month{1} / day{1}}) {
    EXPECT_EQ(this->round_trip(Sample{.day = d}).day, d);
  }
  EXPECT_EQ(this->db.run(pc::count<Sample>().where(c<&Sample::day> < year{1970} / month{1} / day{1})), 2);
}

TYPED_TEST(types_test, described_enums_round_trip_as_their_names) {
  for (TicketType t : {TicketType::sitting, TicketType::standing, TicketType::premium})
    EXPECT_EQ(this->round_trip(Sample{.kind = t}).kind, t);
  EXPECT_EQ(this->db.run(pc::raw<"SELECT kind FROM sample ORDER BY id", std::string>()),
            (std::vector<std::string>{"sitting", "standing", "premium"}));
  EXPECT_EQ(this->db.run(pc::select(c<&Sample::id>).where(c<&Sample::kind> == TicketType::premium)),
            (std::vector<std::int64_t>{3}));
}

TYPED_TEST(types_test, an_unknown_stored_enum_name_is_invalid_enum_value) {
  this->round_trip(Sample{.kind = TicketType::premium});
  EXPECT_EQ(this->db.run(pc::raw<"UPDATE sample SET kind = {} WHERE id = 1">("vip")), 1);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::objects<Sample>()), pc::errc::invalid_enum_value);
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Sample::kind>)), pc::errc::invalid_enum_value);
  // names are case-sensitive
  this->db.run(pc::raw<"UPDATE sample SET kind = {} WHERE id = 1">("Premium"));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::select(c<&Sample::kind>)), pc::errc::invalid_enum_value);
}

TYPED_TEST(types_test, optionals_of_every_type_round_trip_null_and_values) {
  OptionalSample empty = this->round_trip(OptionalSample{});
  EXPECT_EQ(empty.i16, std::nullopt);
  EXPECT_EQ(empty.i32, std::nullopt);
  EXPECT_EQ(empty.i64, std::nullopt);
  EXPECT_EQ(empty.flag, std::nullopt);
  EXPECT_EQ(empty.f32, std::nullopt);
  EXPECT_EQ(empty.f64, std::nullopt);
  EXPECT_EQ(empty.text, std::nullopt);
  EXPECT_EQ(empty.code, std::nullopt);
  EXPECT_EQ(empty.bytes, std::nullopt);
  EXPECT_EQ(empty.at, std::nullopt);
  EXPECT_EQ(empty.at_seconds, std::nullopt);
  EXPECT_EQ(empty.day, std::nullopt);
  EXPECT_EQ(empty.kind, std::nullopt);

  OptionalSample full{.i16 = -7,
                      .i32 = 70000,
                      .i64 = 1LL << 40,
                      .flag = false,
                      .f32 = 2.5f,
                      .f64 = -0.125,
                      .text = "",
                      .code = "héllo",
                      .bytes = std::vector<std::byte>{},
                      .at = micro_at(2000, 1, 1, 0, 0, 0, 1),
                      .at_seconds = at(1999, 12, 31, 23, 59),
                      .day = year{2000} / month{1} / day{1},
                      .kind = TicketType::standing};
  OptionalSample back = this->round_trip(full);
  EXPECT_EQ(back.i16, full.i16);
  EXPECT_EQ(back.i32, full.i32);
  EXPECT_EQ(back.i64, full.i64);
  EXPECT_EQ(back.flag, full.flag);
  EXPECT_EQ(back.f32, full.f32);
  EXPECT_EQ(back.f64, full.f64);
  EXPECT_EQ(back.text, std::optional<std::string>{""});  // empty text is not NULL
  EXPECT_EQ(back.code, full.code);
  EXPECT_EQ(back.bytes, std::optional<std::vector<std::byte>>{std::vector<std::byte>{}});  // nor an empty blob
  EXPECT_EQ(back.at, full.at);
  EXPECT_EQ(back.at_seconds, full.at_seconds);
  EXPECT_EQ(back.day, full.day);
  EXPECT_EQ(back.kind, full.kind);

  EXPECT_EQ(this->db.run(pc::count<OptionalSample>().where(c<&OptionalSample::text>.is_null())), 1);
  EXPECT_EQ(this->db.run(pc::count<OptionalSample>().where(c<&OptionalSample::bytes>.is_null())), 1);
  EXPECT_EQ(this->db.run(pc::count<OptionalSample>().where(c<&OptionalSample::i32> == 70000)), 1);
}

TYPED_TEST(types_test, an_optional_varchar_is_length_checked_too) {
  PICCOLO_EXPECT_ERROR(this->db.run(pc::insert(OptionalSample{.code = "toolong"})), pc::errc::out_of_range);
  EXPECT_EQ(this->db.run(pc::count<OptionalSample>()), 0);
}

}  // namespace
}  // namespace piccolo_test
