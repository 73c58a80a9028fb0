// Runs the `test` blocks of a ruleset: builds the given records from their
// literal values, evaluates them as of the test's date, and compares the
// findings, grades and restrictions with the expectations.
#include <algorithm>
#include <ctime>

#include "api/ruleset_impl.h"
#include "diag/render.h"
#include "eval/evaluator.h"
#include "report/report.h"
#include "sema/builtins.h"
#include "support/json.h"

namespace jianguan {

namespace {

using ir::Value;

// The value of a test literal for a field of type `t`.
Value literal(const Compilation& c, const ast::Expr& e, ir::FieldType t, std::string& owned) {
  const auto& m = c.model;
  switch (e.op) {
    case ast::ExprOp::kNumber:
      if (t == ir::FieldType::kDecimal) return Value::decimal(e.number);
      if (t == ir::FieldType::kDivision || e.is_int) return Value::integer(e.int_value);
      return Value::decimal(e.number);
    case ast::ExprOp::kNeg: {
      Value v = literal(c, *e.args[0], t, owned);
      if (v.tag == Value::Tag::kInt) v.i = -v.i;
      if (v.tag == Value::Tag::kDecimal) v.d = -v.d;
      return v;
    }
    case ast::ExprOp::kString:
      owned = e.text;
      if (t == ir::FieldType::kDivision) return Value::integer(std::atoll(e.text.c_str()));
      return Value::text(owned);
    case ast::ExprOp::kDate:
      return Value::date(e.date);
    case ast::ExprOp::kBool:
      return Value::boolean(e.boolean);
    case ast::ExprOp::kName: {
      auto r = m.refs.find(e.id);
      if (r != m.refs.end()) return Value::symbol(r->second.index);
      return Value::missing();
    }
    default:
      return Value::missing();
  }
}

struct CaseResult {
  std::string title;
  ir::Location where;
  std::vector<std::string> failures;
};

std::string xml(const std::string& s) {
  std::string o;
  for (char ch : s) {
    switch (ch) {
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += ch;
    }
  }
  return o;
}

}  // namespace

TestOutcome run_tests(const Ruleset& r, const std::string& format, bool zh,
                      const std::string& as_of_text) {
  auto given = ast::parse_date(as_of_text);
  if (!as_of_text.empty() && !given) {
    TestOutcome out;
    out.error = as_of_error(as_of_text);
    return out;
  }
  const int64_t default_as_of = given.value_or(ast::make_date(2000, 1, 1));
  const Compilation& c = *r.compilation;
  const ir::Program& p = r.program;
  rt::Evaluator evaluator(p);
  std::vector<CaseResult> results;
  for (const auto& t : c.model.tests) {
    const ast::Test& test = *t.decl;
    CaseResult cr;
    cr.title = test.title;
    const auto& f = c.sources.file(test.span.file);
    auto lc = f.line_col(test.span.begin);
    cr.where = {f.path(), lc.line, lc.column};
    rt::Record rec;
    rec.reset(p);
    std::string key = "TEST";
    // Storage for text literals: rows keep their own copies.
    std::string owned;
    auto fill = [&](int32_t table, const ast::Given& g, rt::Row& row) {
      const ir::Table& tab = p.tables[static_cast<size_t>(table)];
      row.resize(tab.fields.size());
      for (auto& v : row.values) v = Value::missing();
      for (const auto& fi : g.fields) {
        auto slot = std::find_if(tab.fields.begin(), tab.fields.end(),
                                 [&](const ir::FieldDef& d) { return d.name == fi.name.text; });
        if (slot == tab.fields.end()) continue;
        size_t s = static_cast<size_t>(slot - tab.fields.begin());
        Value v = literal(c, *fi.value, slot->type, owned);
        if (v.tag == Value::Tag::kText)
          row.set_text(s, v.str());
        else
          row.values[s] = v;
      }
    };
    for (size_t i = 0; i < test.given.size(); ++i) {
      int32_t table = t.given_schema[i];
      if (table < 0) continue;
      if (table == p.entity) {
        rt::Row row;
        fill(table, test.given[i], row);
        const ir::Table& et = p.tables[static_cast<size_t>(p.entity)];
        if (et.key >= 0 && row.values[static_cast<size_t>(et.key)].is_missing())
          row.set_text(static_cast<size_t>(et.key), key);
        if (et.key >= 0) key = std::string(row.values[static_cast<size_t>(et.key)].str());
        rec.set_entity(row);
      }
    }
    for (size_t i = 0; i < test.given.size(); ++i) {
      int32_t table = t.given_schema[i];
      if (table < 0 || table == p.entity) continue;
      const ir::Table& tab = p.tables[static_cast<size_t>(table)];
      rt::Row row;
      fill(table, test.given[i], row);
      if (tab.link >= 0 && row.values[static_cast<size_t>(tab.link)].is_missing())
        row.set_text(static_cast<size_t>(tab.link), key);
      rec.append(table, row);
    }
    // Without a date of its own a test runs as of 2000-01-01 minus nothing:
    // the as-of date must be stable for a test to be repeatable.
    int64_t as_of = test.as_of ? *test.as_of : default_as_of;
    rt::EntityResult res;
    evaluator.evaluate(rec, as_of, res);
    std::vector<std::string> found;
    // Expectations name rules, not versions: two versions in force at once
    // (W0622) that both find something are one finding here.
    for (const auto& fd : res.findings) {
      const std::string& name = p.rules[static_cast<size_t>(fd.rule)].name;
      if (std::find(found.begin(), found.end(), name) == found.end()) found.push_back(name);
    }
    std::string grade;
    for (const auto& cres : res.credit)
      if (cres.grade >= 0)
        grade = p.credit_models[static_cast<size_t>(cres.model)]
                    .grades[static_cast<size_t>(cres.grade)]
                    .name;
    std::vector<int> restricted;
    for (const auto& mr : res.measures)
      for (const auto& x : mr.restrictions) restricted.push_back(x.restriction);
    auto list = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s.empty() ? std::string("-") : s;
    };
    for (const auto& e : test.expect) {
      auto line = std::to_string(c.sources.file(e.span.file).line_col(e.span.begin).line);
      if (e.what == ast::Expectation::What::kFinding) {
        bool has = std::find(found.begin(), found.end(), e.name.text) != found.end();
        if (has == e.negated)
          cr.failures.push_back("line " + line + ": " +
                                (zh ? (e.negated ? "不应有违规 " : "应有违规 ")
                                    : (e.negated ? "expected no finding " : "expected finding ")) +
                                e.name.text + (zh ? "，实际违规：" : "; actual findings: ") +
                                list(found));
      } else if (e.what == ast::Expectation::What::kGrade) {
        if (grade != e.name.text)
          cr.failures.push_back("line " + line + ": " + (zh ? "应为等级 " : "expected grade ") +
                                e.name.text + (zh ? "，实际：" : "; actual: ") +
                                (grade.empty() ? "-" : grade));
      } else {
        auto id = sema::lookup(sema::restrictions(), e.name.text);
        bool has = id && std::find(restricted.begin(), restricted.end(), *id) != restricted.end();
        if (has == e.negated) {
          std::vector<std::string> names;
          for (int x : restricted) names.push_back(rt::restriction_name(x, zh));
          cr.failures.push_back(
              "line " + line + ": " +
              (zh ? (e.negated ? "不应限制 " : "应限制 ")
                  : (e.negated ? "expected no restriction " : "expected restriction ")) +
              e.name.text + (zh ? "，实际限制：" : "; actual: ") + list(names));
        }
      }
    }
    results.push_back(std::move(cr));
  }

  TestOutcome out;
  for (const auto& cr : results) (cr.failures.empty() ? out.passed : out.failed)++;
  std::string& o = out.report;
  if (format == "junit") {
    o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    o += "<testsuites tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
         std::to_string(out.failed) + "\">\n";
    std::map<std::string, std::vector<const CaseResult*>> by_file;
    for (const auto& cr : results) by_file[cr.where.file].push_back(&cr);
    for (const auto& [file, cases] : by_file) {
      size_t failures = static_cast<size_t>(
          std::count_if(cases.begin(), cases.end(), [](auto* x) { return !x->failures.empty(); }));
      o += "  <testsuite name=\"" + xml(file) + "\" tests=\"" + std::to_string(cases.size()) +
           "\" failures=\"" + std::to_string(failures) + "\">\n";
      for (const auto* cr : cases) {
        o += "    <testcase name=\"" + xml(cr->title) + "\" classname=\"" + xml(file) +
             "\" file=\"" + xml(file) + "\" line=\"" + std::to_string(cr->where.line) + "\"";
        if (cr->failures.empty()) {
          o += "/>\n";
          continue;
        }
        o += ">\n      <failure message=\"" + xml(cr->failures.front()) + "\">";
        for (const auto& f : cr->failures) o += xml(f) + "\n";
        o += "</failure>\n    </testcase>\n";
      }
      o += "  </testsuite>\n";
    }
    o += "</testsuites>\n";
  } else {
    for (const auto& cr : results) {
      std::string loc = cr.where.file + ":" + std::to_string(cr.where.line);
      o += (cr.failures.empty() ? "PASS  " : "FAIL  ") + loc + "  " + cr.title + "\n";
      for (const auto& f : cr.failures) o += "        " + f + "\n";
    }
    o += (zh ? "测试：" : "tests: ") + std::to_string(out.passed) + " passed, " +
         std::to_string(out.failed) + " failed\n";
  }
  return out;
}

}  // namespace jianguan
