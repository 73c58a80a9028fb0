// Cells to values: what every record source accepts and rejects, and why.
// Only text is checked for UTF-8 before it is taken; a cell of any other
// type is checked only when it does not parse, so the reasons must come out
// as they did when every cell was checked first.
#include <catch2/catch.hpp>

#include <string>

#include "sources/convert.h"
#include "sources/name_table.h"

using jianguan::ir::FieldType;
using jianguan::ir::Value;
using jianguan::rt::Converter;
using jianguan::rt::NameTable;

namespace {

jianguan::ir::Program program() {
  jianguan::ir::Program p;
  p.kinds = {"餐馆", "加气站", "瓶装燃气供应站"};
  p.departments.push_back({"市场监管", "市场监督管理部门", 0, {}});
  p.departments.push_back({"住建", "市场监管", 0, {}});  // a title that is another's name
  jianguan::ir::Table t;
  t.name = "企业";
  for (auto [name, type] : {std::pair{"文本", FieldType::kText},
                            {"日期", FieldType::kDate},
                            {"小数", FieldType::kDecimal},
                            {"整数", FieldType::kInt},
                            {"类别", FieldType::kKind},
                            {"部门", FieldType::kDepartment},
                            {"代码", FieldType::kCreditCode},
                            {"布尔", FieldType::kBool}})
    t.fields.push_back({name, name, type, false, -1});
  p.tables.push_back(t);
  return p;
}

struct Cell {
  bool ok;
  Value value;
  std::string reason;
};

Cell convert(const Converter& c, size_t slot, std::string_view raw) {
  Cell out;
  out.ok = c.convert(0, slot, raw, out.value, out.reason);
  return out;
}

}  // namespace

TEST_CASE("convert: a cell that is not UTF-8 is rejected as such, whatever its type",
          "[convert][source]") {
  const auto p = program();
  const Converter c(p);
  for (size_t slot = 0; slot < p.tables[0].fields.size(); ++slot) {
    INFO("field " << p.tables[0].fields[slot].name);
    const Cell got = convert(c, slot, "12\xff");
    CHECK_FALSE(got.ok);
    CHECK(got.reason == "field `" + p.tables[0].fields[slot].name + "` is not valid UTF-8");
  }
  // After the day, a date's time part is not read, but must be UTF-8 all the same.
  CHECK(convert(c, 1, "2024-01-31 08:00:00").value.tag == Value::Tag::kDate);
  const Cell date = convert(c, 1, "2024-01-31 \xe9");
  CHECK_FALSE(date.ok);
  CHECK(date.reason == "field `日期` is not valid UTF-8");
}

TEST_CASE("convert: a number stops at nothing, not at a NUL", "[convert][source]") {
  const auto p = program();
  const Converter c(p);
  CHECK(convert(c, 2, "0x1p3").value.d == 8.0);  // strtod's forms still pass
  const Cell got = convert(c, 2, std::string_view("12\0abc", 6));
  CHECK_FALSE(got.ok);
  CHECK(got.reason.find("is not a decimal") != std::string::npos);
}

TEST_CASE("convert: kinds and departments by name, a name before a title", "[convert][source]") {
  const auto p = program();
  const Converter c(p);
  CHECK(convert(c, 4, "瓶装燃气供应站").value.i == 2);
  CHECK(convert(c, 4, "餐馆").value.i == 0);
  const Cell unknown = convert(c, 4, "餐");
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.reason == "field `类别`: `餐` is not a declared kind");
  CHECK(convert(c, 5, "市场监督管理部门").value.i == 0);
  CHECK(convert(c, 5, "市场监管").value.i == 0);  // the name, not department 1's title
  CHECK(convert(c, 5, "住建").value.i == 1);
  CHECK(convert(c, 6, "91150102100000024T").value.str() == "91150102100000024T");
  const Cell code = convert(c, 6, "91150102100000024U");
  CHECK_FALSE(code.ok);
  CHECK(code.reason.find("check character") != std::string::npos);
  CHECK(convert(c, 7, "是").value.b);
}

TEST_CASE("name table: every name found after growing, others not", "[convert][source]") {
  NameTable t;
  CHECK(t.find("") == -1);
  for (int i = 0; i < 500; ++i) t.add("名称" + std::to_string(i) + std::string(i % 20, 'x'), i);
  t.add("名称7xxxxxxx", 900);  // present: keeps its id
  t.add("名称8xxxxxxxx", 901, true);
  for (int i = 0; i < 500; ++i) {
    const int want = i == 8 ? 901 : i;
    CHECK(t.find("名称" + std::to_string(i) + std::string(i % 20, 'x')) == want);
  }
  CHECK(t.find("名称500") == -1);
  CHECK(t.find("名称1x") == 1);
  CHECK(t.find("名称1") == -1);
  t.add("", 7);
  CHECK(t.find("") == 7);
}
