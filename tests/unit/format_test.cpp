// The formatter behind `jianguan fmt` (compiler/syntax/format.h): the
// canonical layout, idempotence, comments, alignment by display width, and
// refusing files with syntax errors.
#include <catch2/catch.hpp>

#include "syntax/format.h"
#include "test_support.h"

namespace {

struct Formatted {
  std::optional<std::string> text;
  std::vector<std::string> codes;
};

Formatted fmt(const std::string& text) {
  jianguan::SourceSet sources;
  jianguan::FileId id = sources.add("t.jg", text);
  jianguan::Diagnostics diags;
  auto r = jianguan::format_source(sources, id, diags);
  Formatted out;
  out.text = r.text;
  for (const auto& d : diags.items()) out.codes.push_back(d.code);
  CHECK(r.internal_error.empty());
  return out;
}

// Formats `text`, requires it to succeed, and checks that formatting the
// result changes nothing.
std::string canonical(const std::string& text) {
  auto once = fmt(text);
  REQUIRE(once.text);
  auto twice = fmt(*once.text);
  REQUIRE(twice.text);
  CHECK(*twice.text == *once.text);
  return *once.text;
}

}  // namespace

TEST_CASE("format: one clause per line, blocks opened on the header line", "[format]") {
  CHECK(canonical("部门 住建 \"住建部门\" { 层级 自治区, 盟市,旗县 }\n") ==
        "部门 住建 \"住建部门\" {\n  层级 自治区, 盟市, 旗县\n}\n");
  CHECK(canonical("事项 燃气 { 编码 \"T-001\"  依据 \"x\"  对象 燃气站  牵头 住建  配合 市场监管 "
                  "负责 检查 }\n") ==
        "事项 燃气 {\n  编码 \"T-001\"\n  依据 \"x\"\n  对象 燃气站\n  牵头 住建\n"
        "  配合 市场监管 负责 检查\n}\n");
  CHECK(canonical("规则 r 属于 i\n{\n要求 a>=1\n}\n") == "规则 r 属于 i {\n  要求 a >= 1\n}\n");
  CHECK(canonical("部门 应急 { 层级 盟市; 领域 安全生产; }\n") ==
        "部门 应急 {\n  层级 盟市;\n  领域 安全生产;\n}\n");
  CHECK(canonical("主体 空 { }\n") == "主体 空 {}\n");
}

TEST_CASE("format: spacing of operators, calls, lists and frequencies", "[format]") {
  CHECK(canonical("规则 r 属于 i { 要求 (钢瓶数??0)<=4 且 有值 (x) 且 计数(检查 其中 合格 近 365 "
                  "天)>0 }\n") ==
        "规则 r 属于 i {\n  要求 (钢瓶数 ?? 0) <= 4 且 有值(x) 且 计数(检查 其中 合格 近 365 天) > "
        "0\n}\n");
  CHECK(canonical("规则 r 属于 i { 要求 最近( 检查 . 日期 ) + - 3 > a / 2 }\n") ==
        "规则 r 属于 i {\n  要求 最近(检查.日期) + -3 > a / 2\n}\n");
  CHECK(canonical("事项 i { 频次 2 次 / 年\n比例 5% }\n") ==
        "事项 i {\n  频次 2 次/年\n  比例 5%\n}\n");
  // `、` keeps the author's choice and takes no space; `,` takes one after.
  CHECK(canonical("部门 d { 领域 燃气 、 建筑,餐饮 }\n") ==
        "部门 d {\n  领域 燃气、建筑, 餐饮\n}\n");
  CHECK(canonical("信用模型 m { 指标 x = a 权重 - 5\n等级 A 从 90 }\n") ==
        "信用模型 m {\n  指标 x = a 权重 -5\n  等级 A 从 90\n}\n");
  CHECK(canonical("枚举 风险 [ 高,中 ,低 ]\n") == "枚举 风险 [高, 中, 低]\n");
}

TEST_CASE("format: the author's line breaks inside a clause stay", "[format]") {
  std::string given =
      "测试 \"t\" {\n"
      "基准日 2024-03-01\n"
      "      给定 主体 {\n"
      "  代码: \"1\", 名称: \"甲\",\n"
      "          类型: 燃气站\n"
      "}\n"
      "  给定 检查 { 日期: 2024-03-20, 合格: 假 }  期望 违规 r\n"
      "}\n";
  CHECK(canonical(given) ==
        "测试 \"t\" {\n"
        "  基准日 2024-03-01\n"
        "  给定 主体 {\n"
        "    代码: \"1\", 名称: \"甲\",\n"
        "    类型: 燃气站\n"
        "  }\n"
        "  给定 检查 { 日期: 2024-03-20, 合格: 假 }\n"
        "  期望 违规 r\n"
        "}\n");
  CHECK(canonical("规则 r 属于 i {\n  要求 a 或\nb\n  或 c\n}\n") ==
        "规则 r 属于 i {\n  要求 a 或\n    b\n    或 c\n}\n");
  // Breaks before `,` `:` `.` `{` are not the author's to keep.
  CHECK(canonical("规则 r 属于 i {\n  要求 最近(检查\n.日期)\n}\n") ==
        "规则 r 属于 i {\n  要求 最近(检查.日期)\n}\n");
}

TEST_CASE("format: blank lines between declarations and clauses, one at most", "[format]") {
  CHECK(canonical("\n\n类别 a\n\n\n\n类别 b\n类别 c\n\n") == "类别 a\n\n类别 b\n类别 c\n");
  CHECK(canonical("事项 i {\n\n  对象 a\n\n\n  牵头 b\n\n}\n") ==
        "事项 i {\n  对象 a\n\n  牵头 b\n}\n");
}

TEST_CASE("format: comments are kept, trailing ones aligned by display width", "[format]") {
  std::string in =
      "// 文件头\n"
      "/* 块注释\n   第二行 */\n"
      "主体 企业 {\n"
      "  字段 注册资本: 小数 列 \"capital\" // 万元\n"
      "  字段 名称: 文本    // name\n"
      "  // 独立一行的注释\n"
      "  字段 a: 文本\n"
      "\n"
      "  字段 金额: 小数  // 元\n"
      "  // 块末注释\n"
      "}\n";
  CHECK(canonical(in) ==
        "// 文件头\n"
        "/* 块注释\n   第二行 */\n"
        "主体 企业 {\n"
        "  字段 注册资本: 小数 列 \"capital\" // 万元\n"
        "  字段 名称: 文本                  // name\n"
        "  // 独立一行的注释\n"
        "  字段 a: 文本\n"
        "\n"
        "  字段 金额: 小数 // 元\n"
        "  // 块末注释\n"
        "}\n");
  // A comment inside a clause keeps the clause going.
  CHECK(canonical("规则 r 属于 i {\n要求 a 或 // 说明\nb\n}\n") ==
        "规则 r 属于 i {\n  要求 a 或 // 说明\n    b\n}\n");
}

TEST_CASE("format: line endings, BOM, tabs and trailing spaces", "[format]") {
  CHECK(canonical("\xEF\xBB\xBF类别 a\r\n类别\tb   \r\n// x  \r\n") == "类别 a\n类别 b\n// x\n");
  CHECK(canonical("类别 a") == "类别 a\n");
  CHECK(canonical("") == "");
  CHECK(canonical("\n\n  \n") == "");
}

TEST_CASE("format: strings and keyword spellings are never changed", "[format]") {
  std::string in = "rule r in i { require 名称 != \"a  b\\\"c\"  message \"x\" / \"y\" }\n";
  CHECK(canonical(in) ==
        "rule r in i {\n  require 名称 != \"a  b\\\"c\"\n  message \"x\" / \"y\"\n}\n");
}

TEST_CASE("format: a file with syntax errors is refused", "[format]") {
  auto r = fmt("部门 住建 { 层级 自治区，盟市 }\n");
  CHECK(!r.text);
  CHECK(r.codes == std::vector<std::string>{"E0102"});
  r = fmt("规则 r 属于 i { 要求 a >\n");
  CHECK(!r.text);
  CHECK(!r.codes.empty());
}

TEST_CASE("format: every golden and bundled rule file formats idempotently", "[format]") {
  namespace fs = std::filesystem;
  size_t formatted = 0;
  for (const char* root : {JIANGUAN_GOLDEN_DIR, JIANGUAN_GOLDEN_DIR "/../../rulesets"}) {
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
      if (!it->is_regular_file() || it->path().extension() != ".jg") continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), {});
      auto once = fmt(text);
      if (!once.text) continue;  // a case with syntax errors
      INFO(it->path().string());
      auto twice = fmt(*once.text);
      REQUIRE(twice.text);
      CHECK(*twice.text == *once.text);
      ++formatted;
    }
  }
  CHECK(formatted > 50);
}

TEST_CASE("format: expressions normalised for comparison", "[format]") {
  using jianguan::normalize_expression;
  CHECK(normalize_expression("a>=b  或(c)") == "a >= b 或 (c)");
  CHECK(normalize_expression("计数 (检查 其中 合格 /* x */ 近 365 天)>0") ==
        "计数(检查 其中 合格 近 365 天) > 0");
  CHECK(normalize_expression("-3+ 有值(x)") == "-3 + 有值(x)");
}
