// The structural comparison behind `jianguan diff` (compiler/analysis/
// diff.h): declarations matched by name, duties compared per level and
// action, conditions compared as normalised source text.
#include <catch2/catch.hpp>

#include "analysis/diff.h"
#include "test_support.h"

using jianguan::analysis::Change;
using jianguan::testing::compile_rules;

namespace {

std::vector<Change> changes(const std::string& old_rules, const std::string& new_rules) {
  auto a = compile_rules(old_rules);
  auto b = compile_rules(new_rules);
  REQUIRE(!a->c->diags.has_errors());
  REQUIRE(!b->c->diags.has_errors());
  return jianguan::analysis::compare(*a->c, *b->c);
}

// "section name field: before -> after" in English, or "+ name" / "- name".
std::vector<std::string> lines(const std::vector<Change>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) {
    if (c.op == Change::Op::kAdded)
      out.push_back(c.section + " + " + c.name);
    else if (c.op == Change::Op::kRemoved)
      out.push_back(c.section + " - " + c.name);
    else
      out.push_back(c.section + " " + c.name + " " + c.field + ": " + c.before.en + " -> " +
                    c.after.en);
  }
  return out;
}

const std::string kRule =
    "规则 r 属于 燃气 {\n  适用 有值(许可证有效期)\n  要求 许可证有效期 >= 基准日\n}\n";

}  // namespace

TEST_CASE("diff: the same rules laid out differently are no change", "[diff]") {
  auto cs = changes(kRule,
                    "规则 r 属于 燃气 { 适用 有值 (许可证有效期) // 有证\n"
                    "  要求 许可证有效期>=基准日 }\n");
  CHECK(lines(cs).empty());
}

TEST_CASE("diff: rules added, removed and changed", "[diff]") {
  auto cs = changes(kRule + "规则 old 属于 燃气 { 要求 钢瓶数 <= 4 }\n",
                    "规则 r 属于 燃气 {\n  适用 有值(许可证有效期)\n  要求 许可证有效期 > 基准日\n"
                    "  严重 警告\n}\n规则 new 属于 燃气 { 要求 钢瓶数 <= 5 }\n");
  CHECK(lines(cs) == std::vector<std::string>{
                         "rules r severity: error -> warning",
                         "rules r require: 许可证有效期 >= 基准日 -> 许可证有效期 > 基准日",
                         "rules + new",
                         "rules - old",
                     });
  for (const auto& c : cs)
    if (c.field == "require") CHECK(c.source);
}

TEST_CASE("diff: duties compared per level and action", "[diff]") {
  // The prelude's item 燃气 has lead 住建 everywhere; a second item varies.
  auto cs =
      changes("事项 乙 { 对象 燃气经营企业  牵头 住建 在 盟市 负责 许可  牵头 住建 负责 检查 }\n",
              "事项 乙 { 对象 燃气经营企业  牵头 市场监管  配合 住建 在 盟市, 旗县 }\n");
  CHECK(lines(cs) == std::vector<std::string>{
                         "items 乙 lead: 住建 (for inspection / at city for licensing) -> 市场监管",
                         "items 乙 assist: — -> 住建 (at city, county)",
                     });
  // The same duties written in two clauses or one are no change.
  CHECK(lines(changes("事项 乙 { 对象 燃气经营企业  牵头 住建 负责 检查  牵头 住建 负责 处罚 }\n",
                      "事项 乙 { 对象 燃气经营企业  牵头 住建 负责 检查, 处罚 }\n"))
            .empty());
}

TEST_CASE("diff: credit thresholds, indicators and measures", "[diff]") {
  std::string model_a =
      "信用模型 m { 基础分 100  指标 x = 计数(处罚记录 近 365 天) 权重 -10  等级 A 从 90  等级 B "
      "到 "
      "90 }\n"
      "措施 g 按 m { 等级 A 比例 5%  等级 B 比例 20%;  限制 政府采购 当 钢瓶数 > 10 }\n";
  std::string model_b =
      "信用模型 m { 基础分 100  指标 x = 计数(处罚记录 近 365 天) 权重 -20  等级 A 从 80  等级 B "
      "到 "
      "80 }\n"
      "措施 g 按 m { 等级 A 比例 5%  等级 B 比例 30% 频次 2 次/年;  限制 招标投标 当 钢瓶数 > 10 "
      "}\n";
  CHECK(lines(changes(model_a, model_b)) ==
        std::vector<std::string>{
            "credit m indicator x: 计数(处罚记录 近 365 天) weight -10 -> 计数(处罚记录 近 365 天) "
            "weight -20",
            "credit m grade A: from 90 -> from 80",
            "credit m grade B: to 90 -> to 80",
            "measures g grade B: ratio 20% -> ratio 30% frequency 2/year",
            "measures g restriction: restrict 政府采购 when 钢瓶数 > 10 -> —",
            "measures g restriction: — -> restrict 招标投标 when 钢瓶数 > 10",
        });
}

TEST_CASE("diff: departments, kinds, schema fields and items", "[diff]") {
  auto cs =
      changes("部门 应急 { 层级 自治区 }\n类别 餐馆\n事项 乙 { 对象 餐馆  牵头 应急  比例 5% }\n",
              "部门 应急 { 层级 自治区, 盟市 }\n类别 酒店\n"
              "事项 乙 { 对象 酒店  牵头 应急  比例 10%  频次 1 次/年  生效 2024-01-01 }\n");
  CHECK(lines(cs) == std::vector<std::string>{
                         "departments 应急 levels: region -> region, city",
                         "kinds + 酒店",
                         "kinds - 餐馆",
                         "items 乙 covers: 餐馆 -> 酒店",
                         "items 乙 ratio: 5% -> 10%",
                         "items 乙 frequency: — -> 1/year",
                         "items 乙 effective: — -> 2024-01-01",
                     });
}
