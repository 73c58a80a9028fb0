// Calendar dates: parse_date / format_date / make_date.
#include <catch2/catch.hpp>

#include "ast/ast.h"

using jianguan::ast::Date;
using jianguan::ast::format_date;
using jianguan::ast::make_date;
using jianguan::ast::parse_date;

TEST_CASE("date: day numbers count from 1970-01-01", "[date]") {
  CHECK(make_date(1970, 1, 1) == 0);
  CHECK(make_date(1970, 1, 2) == 1);
  CHECK(make_date(1969, 12, 31) == -1);
  CHECK(parse_date("1970-01-01") == std::optional<Date>(0));
  CHECK(make_date(2024, 3, 1) - make_date(2024, 2, 28) == 2);
  CHECK(make_date(2023, 3, 1) - make_date(2023, 2, 28) == 1);
  CHECK(make_date(2025, 1, 1) - make_date(2024, 1, 1) == 366);
}

TEST_CASE("date: leap days", "[date]") {
  CHECK(parse_date("2024-02-29"));
  CHECK(parse_date("2000-02-29"));
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK_FALSE(parse_date("2100-02-29"));
  CHECK(format_date(*parse_date("2024-02-29")) == "2024-02-29");
}

TEST_CASE("date: months and days out of range are rejected", "[date]") {
  for (const char* s : {"2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-04-31",
                        "2024-06-31", "2024-09-31", "2024-11-31", "2024-02-30"}) {
    INFO(s);
    CHECK_FALSE(parse_date(s));
  }
  for (const char* s : {"2024-01-31", "2024-03-31", "2024-04-30", "2024-12-31"}) {
    INFO(s);
    CHECK(parse_date(s));
  }
}

TEST_CASE("date: only YYYY-MM-DD is a date", "[date]") {
  for (const char* s : {"", "2024-1-01", "2024/01/01", "20240101", "2024-01-1", "2024-01-011",
                        "２０２４-01-01", "2024-0a-01", " 2024-01-01"}) {
    INFO(s);
    CHECK_FALSE(parse_date(s));
  }
}

TEST_CASE("date: years before 1800 are rejected", "[date]") {
  CHECK_FALSE(parse_date("1799-12-31"));
  CHECK(parse_date("1800-01-01"));
  CHECK(parse_date("9999-12-31"));
}

TEST_CASE("date: format_date and parse_date round-trip every day 1800-2200", "[date]") {
  Date first = make_date(1800, 1, 1), last = make_date(2200, 12, 31);
  Date prev_ok = first - 1;
  for (Date d = first; d <= last; ++d) {
    std::string s = format_date(d);
    auto back = parse_date(s);
    if (!back || *back != d) {
      FAIL("day " << d << " formats as " << s);
    }
    prev_ok = d;
  }
  CHECK(prev_ok == last);
  CHECK(format_date(make_date(2024, 1, 31)) == "2024-01-31");
  CHECK(format_date(make_date(1999, 12, 31)) == "1999-12-31");
}
