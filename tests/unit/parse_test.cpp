// The lexer and parser through jianguan::parse_file: Unicode names,
// full-width punctuation, line endings, the BOM, tabs, invalid UTF-8,
// keywords as names, literals and the parse limits.
#include <algorithm>
#include <catch2/catch.hpp>

#include "test_support.h"

using jianguan::ParseLimits;
using jianguan::ast::ExprOp;
using jianguan::ast::Unit;
using jianguan::testing::parse;
using Codes = std::vector<std::string>;

TEST_CASE("parse: Chinese and mixed Unicode identifiers", "[parse]") {
  auto p = parse("类别 燃气经营企业_2 \"标题\"\n类别 café\n类别 _内部\n部门 市场监管局 { }\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.kinds.size() == 3);
  CHECK(p->file.kinds[0].name.text == "燃气经营企业_2");
  CHECK(p->file.kinds[0].title == "标题");
  CHECK(p->text(p->file.kinds[0].name.span) == "燃气经营企业_2");
  CHECK(p->file.kinds[1].name.text == "café");
  CHECK(p->file.kinds[2].name.text == "_内部");
  REQUIRE(p->file.departments.size() == 1);
  CHECK(p->at(p->file.departments[0].name.span).column == 4);
}

TEST_CASE("parse: English and Chinese keywords build the same tree", "[parse]") {
  auto zh = parse(
      "部门 住建 { 层级 自治区, 盟市 }\n事项 燃气 { 对象 甲  牵头 住建 在 盟市 负责 检查 }\n");
  auto en = parse(
      "department 住建 { levels 自治区, 盟市 }\nitem 燃气 { covers 甲 lead 住建 at 盟市 for 检查 "
      "}\n");
  CHECK(zh->codes().empty());
  CHECK(en->codes().empty());
  for (auto* p : {zh.get(), en.get()}) {
    REQUIRE(p->file.departments.size() == 1);
    CHECK(p->file.departments[0].levels.size() == 2);
    REQUIRE(p->file.items.size() == 1);
    REQUIRE(p->file.items[0].duties.size() == 1);
    const auto& duty = p->file.items[0].duties[0];
    CHECK(duty.lead);
    CHECK(duty.departments.size() == 1);
    CHECK(duty.levels.size() == 1);
    CHECK(duty.actions.size() == 1);
  }
}

TEST_CASE("parse: each full-width punctuation mark is E0102 and parsing goes on", "[parse]") {
  struct Case {
    const char* text;
    const char* mark;
    uint32_t column;
  };
  // Every case is a whole ruleset once the mark is read as its ASCII twin.
  auto c = GENERATE(values<Case>({
      {"主体 表甲 { 字段 名称：文本 }\n类别 乙\n", "：", 14},
      {"规则集 \"示例\"；\n类别 乙\n", "；", 9},
      {"部门 住建 { 层级 自治区，盟市 }\n类别 乙\n", "，", 15},
      {"规则 r 属于 x { 要求 有值（名称) }\n类别 乙\n", "（", 18},
      {"规则 r 属于 x { 要求 有值(名称） }\n类别 乙\n", "）", 21},
      {"部门 住建 ｛ 层级 自治区 }\n类别 乙\n", "｛", 7},
      {"部门 住建 { 层级 自治区 ｝\n类别 乙\n", "｝", 16},
      {"枚举 风险 【高, 低]\n类别 乙\n", "【", 7},
      {"枚举 风险 [高, 低】\n类别 乙\n", "】", 12},
      {"规则 r 属于 x { 要求 名称 != “无名” }\n类别 乙\n", "“", 22},
  }));
  INFO(c.text);
  auto p = parse(c.text);
  CHECK(p->codes() == Codes{"E0102"});
  const auto* d = p->first("E0102");
  REQUIRE(d);
  CHECK(p->at(d->span).line == 1);
  CHECK(p->at(d->span).column == c.column);
  CHECK(p->text(d->span) == c.mark);
  CHECK(d->message.en.find(c.mark) != std::string::npos);
  CHECK(d->message.zh.find(c.mark) != std::string::npos);
  // The declaration after the slip is still parsed.
  REQUIRE(p->file.kinds.size() == 1);
  CHECK(p->file.kinds[0].name.text == "乙");
}

TEST_CASE("parse: full-width quotes make a text with the quotes removed", "[parse]") {
  auto p = parse("规则集 “内蒙古试点” 版本 \"1\"\n");
  CHECK(p->codes() == Codes{"E0102"});
  CHECK(p->file.ruleset_name == std::optional<std::string>("内蒙古试点"));
}

TEST_CASE("parse: several full-width marks on one line are each reported once", "[parse]") {
  auto p = parse("部门 住建 ｛ 层级 自治区，盟市，旗县 ｝\n");
  CHECK(p->codes() == Codes{"E0102", "E0102", "E0102", "E0102"});
  REQUIRE(p->file.departments.size() == 1);
  CHECK(p->file.departments[0].levels.size() == 3);
}

TEST_CASE("parse: the enumeration comma 、 separates lists", "[parse]") {
  auto p = parse("部门 住建 { 层级 自治区、盟市、旗县 }\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.departments.size() == 1);
  CHECK(p->file.departments[0].levels.size() == 3);
}

TEST_CASE("parse: the ideographic space U+3000 is white space", "[parse]") {
  auto p = parse("部门\xE3\x80\x80住建\xE3\x80\x80{ 层级 自治区 }\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.departments.size() == 1);
  CHECK(p->file.departments[0].name.text == "住建");
}

TEST_CASE("parse: CRLF line endings parse and count lines once", "[parse]") {
  auto p = parse("部门 住建 {\r\n  层级 自治区,\r\n    省\r\n}\r\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.departments.size() == 1);
  REQUIRE(p->file.departments[0].levels.size() == 2);
  auto lc = p->at(p->file.departments[0].levels[1].span);
  CHECK(lc.line == 3);
  CHECK(lc.column == 5);
}

TEST_CASE("parse: an error after CRLF lines is on the right line and column", "[parse]") {
  auto p = parse("类别 甲\r\n类别 乙\r\n部门 丙 { 层级 自治区；}\r\n");
  REQUIRE(p->codes() == Codes{"E0102"});
  auto lc = p->at(p->first("E0102")->span);
  CHECK(lc.line == 3);
  CHECK(lc.column == 14);
}

TEST_CASE("parse: lone CR line endings", "[parse]") {
  auto p = parse("类别 甲\r类别 乙\r部门 丙 { 层级 自治区；}\r");
  REQUIRE(p->codes() == Codes{"E0102"});
  CHECK(p->at(p->first("E0102")->span).line == 3);
}

TEST_CASE("parse: a file starting with a UTF-8 BOM parses", "[parse][bom]") {
  auto p = parse("\xEF\xBB\xBF部门 住建 { 层级 自治区 }\n类别 燃气\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.departments.size() == 1);
  CHECK(p->file.departments[0].name.text == "住建");
  CHECK(p->file.kinds.size() == 1);
}

// Known bug: ANTLR's input stream drops a leading BOM, so its code point
// indexes are one behind OffsetMap::cp_to_byte, which counts the BOM. Every
// span in a file with a BOM starts one character early. Remove [!shouldfail]
// once fixed.
TEST_CASE("parse: spans in a file with a BOM cover the right bytes", "[parse][bom]") {
  auto p = parse("\xEF\xBB\xBF部门 住建 { 层级 自治区 }\n类别 燃气\n");
  REQUIRE(p->file.departments.size() == 1);
  CHECK(p->text(p->file.departments[0].name.span) == "住建");
  CHECK(p->at(p->file.departments[0].name.span).column == 4);
  REQUIRE(p->file.kinds.size() == 1);
  CHECK(p->text(p->file.kinds[0].name.span) == "燃气");
}

TEST_CASE("parse: tabs separate tokens and count as one column", "[parse]") {
  auto p = parse("部门\t住建\t{\n\t层级\t自治区；\n}\n");
  REQUIRE(p->codes() == Codes{"E0102"});
  auto lc = p->at(p->first("E0102")->span);
  CHECK(lc.line == 2);
  CHECK(lc.column == 8);
}

TEST_CASE("parse: invalid UTF-8 is E0107 at the exact byte", "[parse][utf8]") {
  SECTION("in a comment") {
    auto p = parse("// 注释 \xFF\n类别 燃气\n");
    CHECK(p->codes() == Codes{"E0107"});
    CHECK(p->first("E0107")->span.begin == 10);
    CHECK(p->file.kinds.size() == 1);
  }
  SECTION("in a text") {
    auto p = parse("规则集 \"内\xFF\"\n类别 燃气\n");
    CHECK(p->codes() == Codes{"E0107"});
    CHECK(p->at(p->first("E0107")->span).column == 7);
    CHECK(p->file.kinds.size() == 1);
  }
  SECTION("a truncated sequence at the end of a line") {
    auto p = parse("类别 燃气 // 注\xE6\x9C\n类别 餐饮\n");
    CHECK(p->codes() == Codes{"E0107"});
    CHECK(p->file.kinds.size() == 2);
  }
}

TEST_CASE("parse: invalid UTF-8 bytes never become tokens", "[parse][utf8]") {
  // Neither a lone bad byte inside a name nor two in a row (once read as
  // the `??` operator) may add E0101 / E0106 noise.
  CHECK(parse("类别 燃气\xFF企业\n")->codes() == Codes{"E0107"});
  CHECK(parse("类别 燃气\xFF\xFE\n")->codes() == Codes{"E0107"});
  CHECK(parse("类别 餐饮\xE6\x9C")->codes() == Codes{"E0107"});
}

TEST_CASE("parse: invalid UTF-8 is reported once per line", "[parse][utf8]") {
  auto p = parse("// \xC8\xBC\xC6\xF8 \xFF\n类别 甲\n// \xFF\xFF\n");
  CHECK(p->codes() == Codes{"E0107", "E0107"});
  CHECK(p->file.kinds.size() == 1);
}

TEST_CASE("parse: keywords that read as names are usable as field names", "[parse]") {
  auto p = parse(
      "主体 表甲 {\n"
      "  字段 编码: 文本\n  字段 表: 文本\n  字段 列: 文本\n  字段 主键: 文本 主键\n"
      "  字段 部门: 部门\n  字段 类别: 类别\n  字段 事项: 文本\n  字段 等级: 整数\n"
      "  字段 依据: 文本\n  字段 行为: 文本\n  字段 测试: 文本\n  字段 权重: 小数\n"
      "  字段 层级: 文本\n  字段 领域: 文本\n  字段 比例: 小数\n  字段 生效: 日期\n"
      "}\n"
      "entity t2 { field code: text  field table: text  field column: text  field key: text key\n"
      "  field department: department  field kind: kind  field version: text  field test: text "
      "}\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.schemas.size() == 2);
  CHECK(p->file.schemas[0].fields.size() == 16);
  CHECK(p->file.schemas[0].fields[3].name.text == "主键");
  CHECK(p->file.schemas[0].fields[3].key);
  CHECK(p->file.schemas[1].fields.size() == 8);
}

TEST_CASE("parse: keywords that are not names cannot be one", "[parse]") {
  auto p = parse("事项 燃气 { }\n规则 要求 属于 燃气 { 要求 1 > 0 }\n");
  CHECK(p->codes() == Codes{"E0101"});
  CHECK(p->at(p->first("E0101")->span).column == 4);
}

TEST_CASE("parse: comments are ignored", "[parse]") {
  auto p = parse("// 行注释 { \n/* 块注释\n  跨行 } */ 类别 甲 /* 中间 */ 类别 乙 // 结尾");
  CHECK(p->codes().empty());
  CHECK(p->file.kinds.size() == 2);
}

TEST_CASE("parse: semicolons are optional", "[parse]") {
  auto with = parse("规则集 \"a\" 版本 \"1\"; 部门 住建 { 层级 自治区; 领域 燃气; }\n");
  auto without = parse("规则集 \"a\" 版本 \"1\" 部门 住建 { 层级 自治区 领域 燃气 }\n");
  CHECK(with->codes().empty());
  CHECK(without->codes().empty());
  CHECK(with->file.departments.at(0).domains.size() == 1);
  CHECK(without->file.departments.at(0).domains.size() == 1);
}

TEST_CASE("parse: strings unescape \\\" and \\\\", "[parse]") {
  auto p = parse("规则集 \"甲\\\"乙\\\\丙\" 版本 \"1\"\n");
  CHECK(p->codes().empty());
  CHECK(p->file.ruleset_name == std::optional<std::string>("甲\"乙\\丙"));
  CHECK(p->file.version == std::optional<std::string>("1"));
}

TEST_CASE("parse: numbers, percentages, durations and frequencies", "[parse]") {
  auto p = parse(
      "事项 甲 { 比例 5%  频次 2 次/月 }\n"
      "事项 乙 { 比例 0.25  频次 1/year }\n"
      "联合 丙 { 事项 甲, 乙  窗口 3 个月 }\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.items.size() == 2);
  CHECK(p->file.items[0].ratio == Approx(0.05));
  REQUIRE(p->file.items[0].frequency);
  CHECK(p->file.items[0].frequency->times == 2);
  CHECK(p->file.items[0].frequency->per == Unit::kMonths);
  CHECK(p->file.items[1].ratio == Approx(0.25));
  CHECK(p->file.items[1].frequency->per == Unit::kYears);
  REQUIRE(p->file.joints.size() == 1);
  CHECK(p->file.joints[0].window_n == 3);
  CHECK(p->file.joints[0].window_unit == Unit::kMonths);
}

TEST_CASE("parse: an expression tree keeps precedence", "[parse]") {
  auto p = parse("规则 r 属于 x { 要求 a + b * 2 > 3 且 非 c 或 d 否则 真 }\n");
  CHECK(p->codes().empty());
  REQUIRE(p->file.rules.size() == 1);
  REQUIRE(p->file.rules[0].requires_.size() == 1);
  const auto& e = *p->file.rules[0].requires_[0];
  REQUIRE(e.op == ExprOp::kOr);
  CHECK(e.args[0]->op == ExprOp::kAnd);
  CHECK(e.args[0]->args[0]->op == ExprOp::kGt);
  CHECK(e.args[0]->args[0]->args[0]->op == ExprOp::kAdd);
  CHECK(e.args[0]->args[0]->args[0]->args[1]->op == ExprOp::kMul);
  CHECK(e.args[0]->args[1]->op == ExprOp::kNot);
  CHECK(e.args[1]->op == ExprOp::kDefault);
}

TEST_CASE("parse: `=` in a condition is E0104 and reads as `==`", "[parse]") {
  auto p = parse("规则 r 属于 x {\n  要求 数量 = 3\n}\n");
  CHECK(p->codes() == Codes{"E0104"});
  auto lc = p->at(p->first("E0104")->span);
  CHECK(lc.line == 2);
  CHECK(lc.column == 9);
  REQUIRE(p->file.rules.size() == 1);
  CHECK(p->file.rules[0].requires_.at(0)->op == ExprOp::kEq);
}

TEST_CASE("parse: a block not closed at the end of the file is E0103 at its `{`", "[parse]") {
  auto p = parse("类别 甲\n规则 r 属于 x {\n  要求 数量 > 0\n");
  CHECK(p->codes() == Codes{"E0103"});
  const auto* d = p->first("E0103");
  CHECK(p->at(d->span).line == 2);
  CHECK(p->text(d->span) == "{");
  REQUIRE(d->notes.size() == 1);
  CHECK(p->at(d->notes[0].span).line == 4);
}

TEST_CASE("parse: a date that does not exist is E0108", "[parse]") {
  auto p = parse(
      "规则 r 属于 x {\n  要求 基准日 > 2023-02-29\n  生效 2024-02-29\n  废止 2024-02-30\n}\n");
  CHECK(p->codes() == Codes{"E0108", "E0108"});
  auto lines = std::vector<uint32_t>{};
  for (const auto& d : p->diags.items()) lines.push_back(p->at(d.span).line);
  CHECK(lines == std::vector<uint32_t>{2, 4});
}

TEST_CASE("parse: an integer beyond 64 bits is E0109", "[parse]") {
  auto p = parse("规则 r 属于 x { 要求 n < 99999999999999999999 }\n");
  CHECK(p->codes() == Codes{"E0109"});
  auto ok = parse("规则 r 属于 x { 要求 n < 9223372036854775807 }\n");
  CHECK(ok->codes().empty());
}

TEST_CASE("parse: a stray character is E0106 and is skipped", "[parse]") {
  auto p = parse("部门 住建 @ { 层级 自治区 }\n类别 燃气\n");
  CHECK(p->codes() == Codes{"E0106"});
  CHECK(p->at(p->first("E0106")->span).column == 7);
  CHECK(p->file.departments.size() == 1);
  CHECK(p->file.kinds.size() == 1);
}

// Known bug: an unclosed `"` is one bad character, so the text after it is
// lexed as names and punctuation: E0105 is always followed by E0101 (and by
// E0106 for 《 》 inside the text). Remove [!shouldfail] once the rest of the
// line is taken as the text.
TEST_CASE("parse: an unclosed text is E0105 only", "[parse]") {
  auto p = parse("规则 r 属于 x {\n  要求 n > 0\n  提示 \"燃气许可证已过期\n}\n类别 甲\n");
  CHECK(p->codes() == Codes{"E0105"});
  CHECK(p->file.kinds.size() == 1);
}

TEST_CASE("parse: E0105 names the line of the unclosed text", "[parse]") {
  auto p = parse("规则 r 属于 x {\n  要求 n > 0\n  提示 \"燃气许可证已过期\n}\n类别 甲\n");
  const auto* d = p->first("E0105");
  REQUIRE(d);
  CHECK(p->at(d->span).line == 3);
  CHECK(p->at(d->span).column == 6);
}

TEST_CASE("parse: nesting deeper than the limit is E0151, not a crash", "[parse][limits]") {
  auto nest = [](int n) {
    return "规则 r 属于 x {\n  要求 " + std::string(static_cast<size_t>(n), '(') + "n" +
           std::string(static_cast<size_t>(n), ')') + " > 0\n}\n";
  };
  auto deep = parse(nest(200));
  CHECK(deep->codes() == Codes{"E0151"});
  // The rule's `{` counts as one level.
  CHECK(parse(nest(127))->codes().empty());
  CHECK(parse(nest(128))->codes() == Codes{"E0151"});
  // Far deeper than the parser's stack could take.
  CHECK(parse(nest(100000))->codes() == Codes{"E0151"});
  ParseLimits tight;
  tight.max_nesting = 3;
  CHECK(parse(nest(2), tight)->codes().empty());
  CHECK(parse(nest(3), tight)->codes() == Codes{"E0151"});
}

TEST_CASE("parse: a name longer than 256 bytes is E0152", "[parse][limits]") {
  std::string ok(256, 'a'), bad(257, 'a');
  CHECK(parse("类别 " + ok + "\n")->codes().empty());
  auto p = parse("类别 " + bad + "\n");
  CHECK(p->codes() == Codes{"E0152"});
  CHECK(p->at(p->first("E0152")->span).column == 4);
  std::string cjk;
  for (int i = 0; i < 86; ++i) cjk += "燃";  // 258 bytes, 86 characters
  CHECK(parse("类别 " + cjk + "\n")->codes() == Codes{"E0152"});
}

TEST_CASE("parse: a text longer than the limit is E0153", "[parse][limits]") {
  ParseLimits tight;
  tight.max_string_bytes = 10;
  CHECK(parse("规则集 \"12345678\"\n", tight)->codes().empty());  // 10 bytes with quotes
  CHECK(parse("规则集 \"123456789\"\n", tight)->codes() == Codes{"E0153"});
  std::string big(64 * 1024, 'x');
  CHECK(parse("规则集 \"" + big + "\"\n")->codes() == Codes{"E0153"});
}

TEST_CASE("parse: a file larger than the limit is E0150 and not parsed", "[parse][limits]") {
  ParseLimits tight;
  tight.max_file_bytes = 16;
  auto p = parse("类别 甲\n类别 乙\n类别 丙\n", tight);
  CHECK(p->codes() == Codes{"E0150"});
  CHECK(p->file.kinds.empty());
  CHECK(parse("类别 甲\n", tight)->codes().empty());
}

TEST_CASE("parse: empty and comment-only files are fine", "[parse]") {
  CHECK(parse("")->codes().empty());
  CHECK(parse("\n\n")->codes().empty());
  CHECK(parse("// 只有注释")->codes().empty());
  CHECK(parse("\xEF\xBB\xBF")->codes().empty());
}

TEST_CASE("parse: expression ids are unique across files", "[parse]") {
  jianguan::SourceSet sources;
  jianguan::Diagnostics diags;
  int next = 1;
  auto a = sources.add("a.jg", "规则 r 属于 x { 要求 a > 1 }\n");
  auto b = sources.add("b.jg", "规则 s 属于 x { 要求 b > 1 }\n");
  auto fa = jianguan::parse_file(sources, a, diags, next);
  auto fb = jianguan::parse_file(sources, b, diags, next);
  CHECK(diags.items().empty());
  CHECK(fa.rules.at(0).requires_.at(0)->id != fb.rules.at(0).requires_.at(0)->id);
  CHECK(fb.file == b);
}

TEST_CASE("parse: a flood of stray characters is capped at 100 errors and one summary",
          "[parse][limits]") {
  auto p = parse("类别 甲 " + std::string(20000, '@') + "\n");
  auto codes = p->codes();
  CHECK(codes.size() == 101);
  CHECK(std::count(codes.begin(), codes.end(), std::string("E0106")) == 101);
}
