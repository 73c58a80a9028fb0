// Lowering: the same aggregate written in several places becomes one, so the
// evaluator's per-record cache computes it once; different ones stay apart.
#include <catch2/catch.hpp>

#include "lower/lower.h"
#include "test_support.h"

using jianguan::testing::compile_rules;

TEST_CASE("lower: equal aggregates share one entry, different ones do not", "[lower]") {
  auto r = compile_rules(
      "规则 甲 属于 燃气 { 要求 计数(处罚记录 其中 金额 > 100 近 365 天) == 0 }\n"
      "规则 乙 属于 燃气 { 要求 计数(处罚记录 其中 金额 > 100 近 365 天) <= 1 }\n"
      "规则 丙 属于 燃气 { 要求 计数(处罚记录 其中 金额 > 200 近 365 天) == 0 }\n"
      "规则 丁 属于 燃气 { 要求 计数(处罚记录 其中 金额 > 100 近 180 天) == 0 }\n"
      "规则 戊 属于 燃气 { 要求 求和(处罚记录.金额 其中 金额 > 100 近 365 天) < 1000 }\n"
      "规则 己 属于 燃气 { 要求 计数(处罚记录 其中 行为 == \"甲\") == 0 }\n"
      "规则 庚 属于 燃气 { 要求 计数(处罚记录 其中 行为 == \"乙\") == 0 }\n"
      "规则 辛 属于 燃气 {\n"
      "  令 限额 = 钢瓶数\n"
      "  要求 计数(处罚记录 其中 金额 > 限额) == 0\n"
      "}\n"
      "规则 壬 属于 燃气 {\n"
      "  令 限额 = 钢瓶数\n"
      "  要求 计数(处罚记录 其中 金额 > 限额) == 0\n"
      "}\n");
  REQUIRE(r->codes().empty());
  jianguan::ir::Program p = jianguan::lower(*r->c);
  // 甲 and 乙 share; 丙 (another constant), 丁 (another window), 戊 (sum),
  // 己 and 庚 (other texts) are their own; 辛 and 壬 read a rule's `let`,
  // whose value belongs to that rule, so they are never shared.
  REQUIRE(p.aggregates.size() == 8);
  int per_record = 0;
  for (const auto& a : p.aggregates) per_record += a.per_record;
  CHECK(per_record == 6);
}
