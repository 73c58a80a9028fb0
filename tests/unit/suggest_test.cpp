// "Did you mean": the closest declared name by edit distance over code points.
#include <catch2/catch.hpp>

#include "sema/suggest.h"

using jianguan::sema::closest;
using Names = std::vector<std::string>;

TEST_CASE("suggest: one wrong Chinese character is a likely slip", "[suggest]") {
  CHECK(closest("住键", Names{"住建", "市场监管"}) == "住建");
  CHECK(closest("钢平数", Names{"钢瓶数", "名称"}) == "钢瓶数");
  CHECK(closest("许可证编码", Names{"许可证编号", "许可证有效期"}) == "许可证编号");
}

TEST_CASE("suggest: a missing or extra character", "[suggest]") {
  CHECK(closest("燃气经营企", Names{"燃气经营企业", "餐饮服务"}) == "燃气经营企业");
  CHECK(closest("燃气经营企业业", Names{"燃气经营企业"}) == "燃气经营企业");
  CHECK(closest("县", Names{"自治区", "盟市", "旗县"}) == "旗县");
}

TEST_CASE("suggest: the closest of several candidates wins", "[suggest]") {
  CHECK(closest("检查纪录", Names{"处罚记录", "检查记录"}) == "检查记录");
  CHECK(closest("inspectoin", Names{"inspection", "penalty", "licensing"}) == "inspection");
}

TEST_CASE("suggest: ties go to the first candidate", "[suggest]") {
  CHECK(closest("ab", Names{"ac", "ad"}) == "ac");
  CHECK(closest("ab", Names{"ad", "ac"}) == "ad");
}

TEST_CASE("suggest: ASCII case is ignored", "[suggest]") {
  CHECK(closest("Housing", Names{"housing", "market"}) == "housing");
  CHECK(closest("INSPECTION", Names{"inspection"}) == "inspection");
}

TEST_CASE("suggest: nothing when no candidate is close", "[suggest]") {
  CHECK_FALSE(closest("cylinders", Names{"信用代码", "钢瓶数"}));
  CHECK_FALSE(closest("abc", Names{"xyz"}));
  CHECK_FALSE(closest("应急管理", Names{"住建", "市场监管"}));
  CHECK_FALSE(closest("严重", Names{"error", "错误", "warning", "警告", "info", "信息"}));
}

TEST_CASE("suggest: a single character is never replaced by another", "[suggest]") {
  CHECK_FALSE(closest("省", Names{"县"}));
  CHECK_FALSE(closest("A", Names{"B", "C"}));
}

TEST_CASE("suggest: no candidates, or an exact match", "[suggest]") {
  CHECK_FALSE(closest("住建", Names{}));
  CHECK(closest("住建", Names{"住建"}) == "住建");
}
