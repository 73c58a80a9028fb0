// Loading a ruleset through jianguan::compile: files and folders, imports,
// unreadable input and the file limit.
#include <catch2/catch.hpp>

#include "diag/render.h"
#include "test_support.h"

using jianguan::CompileOptions;
using jianguan::testing::compile_files;
using jianguan::testing::compile_text;
using jianguan::testing::TempDir;
using Codes = std::vector<std::string>;
using Lines = std::vector<uint32_t>;

TEST_CASE("compile: declarations are shared across the files given", "[compile]") {
  auto r = compile_files({
      {"a.jg", "部门 住建 { 层级 自治区 }\n类别 燃气经营企业\n"},
      {"b.jg", "事项 燃气 { 对象 燃气经营企业  牵头 住建  配合 应急 }\n"},
  });
  CHECK(r->codes() == Codes{"E0302"});
  CHECK(r->c->files.size() == 2);
  CHECK(r->c->model.departments.size() == 1);
}

TEST_CASE("compile: a folder contributes every .jg file below it", "[compile]") {
  auto r = compile_files(
      {
          {"rules/a.jg", "部门 住建 { 层级 自治区 }\n"},
          {"rules/sub/b.jg", "类别 燃气经营企业\n"},
          {"rules/notes.txt", "不是规则文件 {"},
      },
      {"rules"});
  CHECK(r->codes().empty());
  CHECK(r->c->files.size() == 2);
}

TEST_CASE("compile: imports load once, relative to the importing file", "[compile]") {
  auto r = compile_files(
      {
          {"main.jg", "导入 \"common/d.jg\"\n导入 \"./common/d.jg\"\n导入 \"k.jg\"\n"},
          {"common/d.jg", "部门 住建 { 层级 自治区 }\n"},
          {"k.jg", "导入 \"common/d.jg\"\n类别 燃气经营企业\n"},
      },
      {"main.jg"});
  CHECK(r->codes().empty());
  CHECK(r->c->files.size() == 3);
}

TEST_CASE("compile: E0202 an import cycle", "[compile]") {
  auto r =
      compile_files({{"a.jg", "导入 \"b.jg\"\n"}, {"b.jg", "类别 甲\n导入 \"a.jg\"\n"}}, {"a.jg"});
  CHECK(r->codes() == Codes{"E0202"});
  CHECK(r->lines("E0202") == Lines{2});
  CHECK(r->first("E0202")->notes.size() == 1);
}

TEST_CASE("compile: E0202 a file importing itself", "[compile]") {
  auto r = compile_files({{"a.jg", "类别 甲\n导入 \"a.jg\"\n"}}, {"a.jg"});
  CHECK(r->codes() == Codes{"E0202"});
  CHECK(r->lines("E0202") == Lines{2});
}

TEST_CASE("compile: E0203 an import that leaves the ruleset folder", "[compile]") {
  auto r = compile_files(
      {
          {"set/main.jg", "导入 \"../outside.jg\"\n导入 \"sub/../ok.jg\"\n"},
          {"set/ok.jg", "类别 甲\n"},
          {"outside.jg", "类别 乙\n"},
      },
      {"set"});
  CHECK(r->codes() == Codes{"E0203"});
  CHECK(r->lines("E0203") == Lines{1});
  CHECK(r->c->model.kinds.size() == 1);
}

TEST_CASE("compile: E0204 an imported file that does not exist", "[compile]") {
  auto r = compile_files({{"a.jg", "类别 甲\n导入 \"b.jg\"\n"}}, {"a.jg"});
  CHECK(r->codes() == Codes{"E0204"});
  CHECK(r->lines("E0204") == Lines{2});
  CHECK_FALSE(r->c->unreadable);
}

TEST_CASE("compile: E0201 a path that does not exist is unreadable", "[compile]") {
  auto r = compile_files({{"a.jg", "类别 甲\n"}}, {"a.jg", "missing.jg"});
  CHECK(r->codes() == Codes{"E0201"});
  CHECK(r->c->unreadable);
  CHECK(r->c->files.size() == 1);
}

TEST_CASE("compile: E0205 a folder without rule files is a warning", "[compile]") {
  auto r = compile_files({{"empty/readme.md", "x"}}, {"empty"});
  CHECK(r->codes() == Codes{"E0205"});
  CHECK(r->c->diags.error_count() == 0);
  CHECK(r->c->diags.warning_count() == 1);
  CHECK_FALSE(r->c->unreadable);
}

TEST_CASE("compile: E0154 more files than the limit", "[compile]") {
  CompileOptions o;
  o.max_files = 2;
  auto r = compile_files(
      {{"d/a.jg", "类别 甲\n"}, {"d/b.jg", "类别 乙\n"}, {"d/c.jg", "类别 丙\n"}}, {"d"}, o);
  CHECK(r->codes() == Codes{"E0154"});
  CHECK(r->c->files.size() == 2);
  auto ok = compile_files({{"d/a.jg", "类别 甲\n"}, {"d/b.jg", "类别 乙\n"}}, {"d"}, o);
  CHECK(ok->codes().empty());
}

TEST_CASE("compile: E0301 the same name declared in two files", "[compile]") {
  auto r = compile_files({{"a.jg", "类别 甲\n"}, {"b.jg", "\n类别 甲\n"}});
  CHECK(r->codes() == Codes{"E0301"});
  REQUIRE(r->first("E0301")->notes.size() == 1);
  CHECK(r->lines("E0301") == Lines{2});
}

TEST_CASE("compile: diagnostics are sorted by file and position", "[compile]") {
  auto r = compile_text("部门 住建 { 层级 省 }\n事项 燃气 { 牵头 住键 }\n规则 r 属于 燃 { }\n");
  CHECK(r->codes() == Codes{"E0306", "E0302", "E0501", "E0304"});
  CHECK(r->lines("E0304") == Lines{3});
}

TEST_CASE("compile: an empty file is a valid ruleset", "[compile]") {
  auto r = compile_text("");
  CHECK(r->codes().empty());
}

TEST_CASE("render: SARIF is 2.1.0 and uses code point columns", "[render]") {
  auto r = compile_text("部门 住建 { 层级 省 }\n");
  jianguan::RenderOptions o;
  std::string s = jianguan::render_sarif(r->c->diags, r->c->sources, o, "9.9.9");
  CHECK(s.find("\"version\": \"2.1.0\"") != std::string::npos);
  CHECK(s.find("\"columnKind\": \"unicodeCodePoints\"") != std::string::npos);
  CHECK(s.find("\"ruleId\": \"E0306\"") != std::string::npos);
  CHECK(s.find("\"startColumn\": 12") != std::string::npos);
  CHECK(s.find("\"endColumn\": 13") != std::string::npos);
}

// Known bug: diagnostics without a position (E0201, E0205, E0154) become
// SARIF results with `"locations": []`, and GitHub code scanning rejects the
// whole upload ("locationFromSarifResult: expected at least one location").
TEST_CASE("render: every SARIF result has a location", "[render]") {
  TempDir dir;
  auto c = jianguan::compile({(dir.path() / "missing.jg").string()});
  REQUIRE(c->diags.items().size() == 1);
  jianguan::RenderOptions o;
  std::string s = jianguan::render_sarif(c->diags, c->sources, o, "9.9.9");
  CHECK(s.find("\"locations\": []") == std::string::npos);
}

TEST_CASE("render: text output puts the caret under wide characters", "[render]") {
  auto r = compile_text("部门 住建 { 层级 省 }\n");
  jianguan::RenderOptions o;
  std::string s = jianguan::render_text(r->c->diags, r->c->sources, o);
  // `部门 住建 { 层级 ` is 17 columns, then the caret under the 2 columns of 省.
  CHECK(s.find("\n  | " + std::string(17, ' ') + "^^\n") != std::string::npos);
  CHECK(s.find("1 error, 0 warnings\n") != std::string::npos);
  o.zh = true;
  std::string zh = jianguan::render_text(r->c->diags, r->c->sources, o);
  CHECK(zh.find("错误[E0306]") != std::string::npos);
  CHECK(zh.find("1 个错误，0 个警告") != std::string::npos);
}

namespace {
// One item over one kind, for the rule-version and as-of cases below.
const std::string kVersionBase =
    "部门 市场监管 { 层级 自治区, 盟市, 旗县 }\n类别 餐馆\n"
    "主体 企业 { 字段 代码: 信用代码 主键  字段 类型: 类别  字段 罚款: 小数 }\n"
    "事项 餐饮 { 对象 餐馆  牵头 市场监管 }\n";
}  // namespace

TEST_CASE("compile: dated rules of one name in two files are versions of one rule",
          "[compile][versions]") {
  auto r = compile_files({
      {"a.jg", kVersionBase + "规则 罚款过多 属于 餐饮 { 要求 罚款 <= 10000  废止 2024-07-01 }\n"},
      {"b.jg", "规则 罚款过多 属于 餐饮 { 要求 罚款 <= 5000  生效 2024-07-01 }\n"},
  });
  CHECK(r->codes().empty());
  CHECK(r->count("W0622") == 0);
  REQUIRE(r->c->model.rules.size() == 2);
  CHECK(r->c->model.rule_index.at("罚款过多") == 0);
}

TEST_CASE("compile: undated rules of one name stay E0301, one date makes them versions",
          "[compile][versions]") {
  auto twice = compile_text(kVersionBase + "规则 r 属于 餐饮 { 要求 罚款 <= 1 }\n" +
                            "规则 r 属于 餐饮 { 要求 罚款 <= 2 }\n");
  CHECK(twice->codes() == Codes{"E0301"});
  // The first has no dates: in force on every day, so it overlaps the second.
  auto open = compile_text(kVersionBase + "规则 r 属于 餐饮 { 要求 罚款 <= 1 }\n" +
                           "规则 r 属于 餐饮 { 要求 罚款 <= 2  生效 2024-07-01 }\n");
  CHECK(open->codes().empty());
  CHECK(open->lines("W0622") == Lines{6});
}

TEST_CASE("compile: W0622 only where versions and their item are all in force",
          "[compile][versions]") {
  // The versions overlap in 2026, but the item is abolished at the end of 2025.
  auto r = compile_text(
      "部门 市场监管 { 层级 自治区, 盟市, 旗县 }\n类别 餐馆\n"
      "主体 企业 { 字段 代码: 信用代码 主键  字段 类型: 类别  字段 罚款: 小数 }\n"
      "事项 餐饮 { 对象 餐馆  牵头 市场监管  废止 2026-01-01 }\n"
      "规则 r 属于 餐饮 { 要求 罚款 <= 1  废止 2026-06-01 }\n"
      "规则 r 属于 餐饮 { 要求 罚款 <= 2  生效 2026-01-01 }\n");
  CHECK(r->codes().empty());
  CHECK(r->count("W0622") == 0);
}

TEST_CASE("compile: as_of limits the responsibility analysis to what is in force",
          "[compile][as_of]") {
  std::string text =
      "部门 市场监管 { 层级 自治区, 盟市, 旗县 }\n类别 餐馆\n"
      "主体 企业 { 字段 代码: 信用代码 主键  字段 类型: 类别 }\n"
      "事项 餐饮 { 对象 餐馆  牵头 市场监管  废止 2025-01-01 }\n";
  CHECK(compile_files({{"t.jg", text}})->count("W0601") == 0);
  CompileOptions before, after;
  before.as_of = jianguan::ast::parse_date("2024-12-31");
  after.as_of = jianguan::ast::parse_date("2025-01-01");
  CHECK(compile_files({{"t.jg", text}}, {}, before)->count("W0601") == 0);
  auto r = compile_files({{"t.jg", text}}, {}, after);
  CHECK(r->lines("W0601") == Lines{2});
}
