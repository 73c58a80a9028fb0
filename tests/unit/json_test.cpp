// The JSON writer: escaping (valid UTF-8 copied in runs, invalid bytes as
// U+FFFD) and numbers printed as "%.10g" prints them, by the fast path or not.
#include <catch2/catch.hpp>

#include <cmath>

#include "support/json.h"

namespace {
std::string escaped(std::string_view s) {
  std::string out;
  jianguan::json_escape(out, s);
  return out;
}
std::string number(double v) {
  std::string out;
  jianguan::JsonWriter(out, false).value(v);
  return out;
}
}  // namespace

TEST_CASE("json: escaping keeps UTF-8 and escapes ASCII controls", "[json]") {
  CHECK(escaped("燃气 \"经营\"\n\\") == "\"燃气 \\\"经营\\\"\\n\\\\\"");
  CHECK(escaped(std::string("a\x01z", 3)) == "\"a\\u0001z\"");
  CHECK(escaped("") == "\"\"");
  // An invalid byte becomes U+FFFD, and the rest is still escaped.
  CHECK(escaped("a\xff\"") == "\"a\xEF\xBF\xBD\\\"\"");
}

TEST_CASE("json: numbers print as %.10g would", "[json]") {
  for (double v : {0.0, -0.0, 100.0, -10.0, 2.5, -0.125, 1e9, 9999999999.0, 1e10, 12345678901.0,
                   1.0 / 3.0, 1e-7}) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    CHECK(number(v) == buf);
  }
  CHECK(number(std::nan("")) == "null");
}
