#pragma once
// Tables with awkward names and defaults, shared by tests/compile/shapes_text.cpp and
// tests/compile/fail/shapes.cpp: quotes in table, column and index names, index names
// that could collide, names past PostgreSQL's 63 bytes, double defaults.

#include <string_view>

#include <piccolo/piccolo.hpp>

namespace pc = piccolo;
using pc::c;

namespace shapes {

// Both quote characters in the table name, a column name and an indexed column.
struct Odd {
  pc::serial id;
  std::string note;
  int vx = 0;
  static constexpr std::string_view table_name = "it's \"odd\"";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&Odd::note, "o'k">, pc::column_name<&Odd::vx, "v\"x">,
                       pc::index<&Odd::vx>);
  }
};
// A foreign key whose column name has a quote: the join alias quotes it.
struct OddChild {
  pc::serial id;
  pc::foreign_key<Odd> parent;
  static constexpr auto column_options() { return pc::options(pc::column_name<&OddChild::parent, "pa\"rent">); }
};

// "a" indexed on "b_c" and "a_b" indexed on "c": table_column names would both be a_b_c.
struct A {
  pc::serial id;
  int b_c = 0;
  static constexpr auto column_options() { return pc::options(pc::index<&A::b_c>); }
};
struct AB {
  pc::serial id;
  int c = 0;
  static constexpr std::string_view table_name = "a_b";
  static constexpr auto column_options() { return pc::options(pc::index<&AB::c>); }
};
// "a$" indexed on "b" and "a" ... on "$b": the separator itself inside names.
struct ADollar {
  pc::serial id;
  int b = 0;
  static constexpr std::string_view table_name = "a$";
  static constexpr auto column_options() { return pc::options(pc::index<&ADollar::b>); }
};
struct DollarB {
  pc::serial id;
  int b = 0;
  static constexpr std::string_view table_name = "x";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&DollarB::b, "$b">, pc::index<&DollarB::b>);
  }
};

// Table and column names whose index names pass 63 bytes, alike up to their last byte.
struct LongNames {
  pc::serial id;
  int first = 0;
  int second = 0;
  static constexpr std::string_view table_name = "a_table_name_of_forty_bytes_for_testing_";
  static constexpr auto column_options() {
    return pc::options(pc::column_name<&LongNames::first, "a_column_name_of_thirty_bytes_1">,
                       pc::column_name<&LongNames::second, "a_column_name_of_thirty_bytes_2">,
                       pc::index<&LongNames::first>, pc::index<&LongNames::second>);
  }
};

// Defaults that need every digit to read back (0.9999999999 once rendered as 1.0 and
// 1e-10 as 0.0).
struct Ratios {
  pc::serial id;
  std::string key;
  double nines = 0.9999999999;
  double tiny = 1e-10;
  double third = 1.0 / 3;
  double huge = 1.5e300;
  double negative = -2.5;
  double whole = 1e21;
  float single = 0.1f;
  double smallest = 5e-324;
};

}  // namespace shapes
