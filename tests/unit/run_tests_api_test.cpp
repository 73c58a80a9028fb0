// The library's run_tests: a host program that passes an impossible as-of
// date gets an error, not tests quietly run on another date.
#include <catch2/catch.hpp>

#include "jianguan/jianguan.h"

TEST_CASE("run_tests: an impossible as_of is an error, a real one dates the tests", "[api]") {
  // Its first test expects a licence that ran out on 2024-01-01 to be
  // found expired, so it passes only on a later as-of date.
  auto compiled = jianguan::compile({JIANGUAN_GOLDEN_DIR "/test/as_of.jg"});
  REQUIRE(compiled.ruleset);
  auto bad = jianguan::run_tests(*compiled.ruleset, "text", false, "2024-02-30");
  CHECK(bad.error.find("2024-02-30") != std::string::npos);
  CHECK(bad.passed + bad.failed == 0);
  auto dated = jianguan::run_tests(*compiled.ruleset, "text", false, "2024-06-30");
  CHECK(dated.error.empty());
  CHECK(dated.passed == 2);
  auto undated = jianguan::run_tests(*compiled.ruleset, "text", false);
  CHECK(undated.passed == 1);
  CHECK(undated.failed == 1);
}
