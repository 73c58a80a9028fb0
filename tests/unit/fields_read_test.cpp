// Which fields a check carries from the sort to the evaluator: everything a
// rule, credit model or analysis reads, nothing else. A field left out by
// mistake would read as missing, and a rule over it would pass or fail
// wrongly; a field carried needlessly costs only time. Both are asserted on
// the benchmark's ruleset, whose rules read a known set of fields, and a
// check with the fields left out must give the report a check with all
// of them gives.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "check/checker.h"
#include "compile.h"
#include "eval/fields_read.h"
#include "lower/lower.h"
#include "sample/sample.h"
#include "sources/source.h"
#include "test_support.h"

namespace {

constexpr const char* kRoot = JIANGUAN_GOLDEN_DIR "/../..";

// The names of the fields of `table` that `read` marks.
std::vector<std::string> marked(const jianguan::ir::Program& p, const jianguan::rt::FieldsRead& r,
                                const std::string& table) {
  std::vector<std::string> out;
  for (size_t t = 0; t < p.tables.size(); ++t) {
    if (p.tables[t].name != table) continue;
    for (size_t f = 0; f < p.tables[t].fields.size(); ++f)
      if (r.reads(static_cast<int32_t>(t), static_cast<int32_t>(f)))
        out.push_back(p.tables[t].fields[f].name);
  }
  return out;
}

// Keeps what it is given, as text, in order.
class Collect final : public jianguan::rt::ResultSink {
 public:
  void entity(const jianguan::rt::EntityResult& r) override {
    std::string line = r.id + " " + std::to_string(r.kind) + " " + std::to_string(r.division);
    line += r.responsible ? " responsible" : " unassigned";
    for (const auto& f : r.findings) {
      line += " " + std::to_string(f.rule);
      for (const auto& [label, value] : f.evidence) line += " " + label + "=" + value;
      for (const auto& d : f.routed)
        line += " ->" + std::to_string(d.department) + "/" + std::to_string(d.level) + "/" +
                std::to_string(d.unit) + (d.lead ? "L" : "");
    }
    for (const auto& c : r.credit)
      line += " g" + std::to_string(c.grade) + " " + std::to_string(c.score);
    for (const auto& c : r.credit)
      for (double x : c.contributions) line += " c" + std::to_string(x);
    for (const auto& m : r.measures) {
      line += " m" + std::to_string(m.grade_measure);
      for (const auto& x : m.restrictions)
        line += " r" + std::to_string(x.restriction) + " " + x.basis;
    }
    for (const auto& v : r.repeated_visits) line += " rv" + std::to_string(v.visits.size());
    for (const auto& g : r.repeated_penalties) line += " rp " + g.conduct;
    lines.push_back(line);
  }
  void reject(const jianguan::rt::Reject& r) override {
    lines.push_back("reject " + r.table + " " + std::to_string(r.row) + " " + r.reason);
  }
  std::vector<std::string> lines;
};

}  // namespace

TEST_CASE("fields read: the benchmark's rules, and the analyses", "[check][source]") {
  auto c = jianguan::compile({std::string(kRoot) + "/rulesets/inner-mongolia/schema.jg",
                              std::string(kRoot) + "/bench/rules"});
  REQUIRE_FALSE(c->diags.has_errors());
  const auto p = jianguan::lower(*c);
  const auto r = jianguan::rt::fields_read(p);
  REQUIRE(r.by_table.size() == p.tables.size());
  // Not 成立日期, 注册资本, 经营范围, 许可证编号, 明厨亮灶: no rule reads them.
  CHECK(marked(p, r, "市场主体") ==
        std::vector<std::string>{"信用代码", "名称", "类型", "区划", "许可证有效期", "年报已公示",
                                 "经营异常", "严重失信", "钢瓶数", "钢瓶总重", "软管长度",
                                 "调压器安装日期", "报警器正常", "高层或地下", "健康证齐全",
                                 "执业药师在岗", "检测报告齐全"});
  // 合格 in a filter; 部门 for repeated inspections; not 事项 or 检查人员.
  CHECK(marked(p, r, "检查记录") == std::vector<std::string>{"主体代码", "日期", "部门", "合格"});
  // Every text field for repeated penalties; 金额 summed, 较重 in a filter.
  CHECK(marked(p, r, "处罚记录") ==
        std::vector<std::string>{"主体代码", "日期", "部门", "行为", "依据", "金额", "较重"});
  CHECK(marked(p, r, "投诉记录") == std::vector<std::string>{"主体代码", "日期"});
}

TEST_CASE("fields read: a check with the unread fields left out reports as one with all",
          "[check][source]") {
  jianguan::testing::TempDir dir;
  auto c = jianguan::compile({std::string(kRoot) + "/rulesets/inner-mongolia"});
  REQUIRE_FALSE(c->diags.has_errors());
  const auto p = jianguan::lower(*c);
  const std::string db = (dir.path() / "sample.db").string();
  jianguan::sample::Options o;
  o.entities = 5000;
  jianguan::sample::Stats stats;
  std::string error;
  REQUIRE(jianguan::sample::generate(db, o, stats, error));
  const auto read = jianguan::rt::fields_read(p);
  // Some field is left out, or this compares nothing.
  bool leaves_out = false;
  for (const auto& t : read.by_table)
    for (char f : t) leaves_out |= f == 0;
  REQUIRE(leaves_out);
  std::vector<std::string> got[2];
  for (int i = 0; i < 2; ++i) {
    auto source = jianguan::rt::open_source(p, db, "", 2, error, nullptr, i ? &read : nullptr);
    REQUIRE(source);
    jianguan::rt::CheckOptions co;
    co.as_of = 19904;  // 2024-06-30
    co.threads = 2;
    Collect sink;
    jianguan::rt::Summary s;
    REQUIRE(jianguan::rt::run_check(p, *source, co, sink, s, error));
    got[i] = sink.lines;
  }
  REQUIRE(got[0].size() >= 5000);
  CHECK(got[0] == got[1]);
}
