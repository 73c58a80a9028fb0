// Credit model and graded-measure checks. Before:
//   grade A from 90   grade B from 75 to 85   grade D to 60
// after: W0631 scores 85 to 90 have no grade (witness 85), W0631 60 to 75
// likewise; overlapping ranges give W0632 with a score in both.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/analysis.h"

namespace jianguan::analysis {

namespace {

std::string num(double v) {
  if (std::isinf(v)) return v < 0 ? "-∞" : "+∞";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

void credit(Compilation& c) {
  const sema::Model& m = c.model;
  Diagnostics& d = c.diags;
  for (const auto& cm : m.credit_models) {
    struct Band {
      double from, to;
      const ast::GradeBand* decl;
    };
    std::vector<Band> bands;
    for (const auto& g : cm.decl->grades)
      bands.push_back({g.from.value_or(-INFINITY), g.to.value_or(INFINITY), &g});
    if (bands.empty()) {
      d.warning("W0631", cm.decl->name.span,
                {"credit model " + quote(cm.name) + " has no grades",
                 "信用模型 " + quote(cm.name) + " 没有等级"});
      continue;
    }
    std::vector<Band> sorted = bands;
    std::sort(sorted.begin(), sorted.end(),
              [](const Band& a, const Band& b) { return a.from < b.from; });
    // Gaps: below the lowest, between bands, above the highest.
    double covered_to = -INFINITY;
    const Band* prev = nullptr;
    auto gap = [&](double from, double to, Span at) {
      d.warning("W0631", at,
                {"scores from " + num(from) + " up to " + num(to) + " have no grade in " +
                     quote(cm.name) + " (e.g. score " + num(std::isinf(from) ? to - 1 : from) + ")",
                 "信用模型 " + quote(cm.name) + " 中分数 " + num(from) + " 至 " + num(to) +
                     " 没有对应等级（例如 " + num(std::isinf(from) ? to - 1 : from) + " 分）"},
                {"`from` is inclusive and `to` exclusive: make each band start where the previous "
                 "one ends",
                 "`从` 含下限，`到` 不含上限：每个等级应从上一个等级结束处开始"});
    };
    for (const auto& b : sorted) {
      if (b.from > covered_to) gap(covered_to, b.from, b.decl->span);
      if (prev && b.from < covered_to) {
        double witness = b.from;
        auto& diag = d.warning(
            "W0632", b.decl->span,
            {"grades " + quote(prev->decl->grade.text) + " and " + quote(b.decl->grade.text) +
                 " both cover score " + num(witness),
             "等级 " + quote(prev->decl->grade.text) + " 与 " + quote(b.decl->grade.text) +
                 " 的分数区间重叠（例如 " + num(witness) + " 分）"},
            {"the first matching grade in declared order wins; make the ranges meet without "
             "overlapping",
             "按声明顺序取第一个匹配的等级；请使区间首尾相接而不重叠"});
        diag.notes.push_back({prev->decl->span, {"the other grade", "另一个等级"}});
      }
      if (b.to > covered_to) {
        covered_to = b.to;
        prev = &b;
      }
    }
    if (!std::isinf(covered_to)) gap(covered_to, INFINITY, sorted.back().decl->span);
  }

  for (const auto& ms : m.measures) {
    if (ms.model < 0) continue;
    const auto& cm = m.credit_models[static_cast<size_t>(ms.model)];
    // Grades are declared from lowest risk to highest (A .. D): a sampling
    // ratio that falls as risk rises inspects risky entities less.
    double last_ratio = -1;
    std::string last_grade;
    std::vector<std::pair<int, const ast::GradeMeasure*>> by_grade;
    for (size_t i = 0; i < ms.decl->grades.size(); ++i)
      if (ms.grade_of[i] >= 0) by_grade.push_back({ms.grade_of[i], &ms.decl->grades[i]});
    std::sort(by_grade.begin(), by_grade.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [g, gm] : by_grade) {
      if (!gm->ratio) continue;
      if (last_ratio >= 0 && *gm->ratio < last_ratio)
        d.warning("W0633", gm->ratio_span,
                  {"sampling ratio falls as risk rises: grade " + quote(gm->grade.text) + " " +
                       num(*gm->ratio * 100) + "% is below grade " + quote(last_grade) + " " +
                       num(last_ratio * 100) + "%",
                   "抽查比例随风险升高而下降：等级 " + quote(gm->grade.text) + " 为 " +
                       num(*gm->ratio * 100) + "%，低于等级 " + quote(last_grade) + " 的 " +
                       num(last_ratio * 100) + "%"},
                  {"grades are declared from low risk to high in " + quote(cm.name) +
                       "; riskier grades should be sampled at least as often",
                   "信用模型 " + quote(cm.name) +
                       " 中的等级按风险由低到高声明；风险越高，抽查比例应不低于前一等级"});
      last_ratio = *gm->ratio;
      last_grade = gm->grade.text;
    }
    // W0634: restrictions without a legal basis.
    for (const auto& gm : ms.decl->grades)
      if (!gm.restrictions.empty() && !gm.basis)
        d.warning("W0634", gm.restrictions.front().span,
                  {"restriction without a legal basis: add `basis \"...\"`",
                   "限制措施缺少法律依据：请加上 `依据 \"...\"`"},
                  {"joint punishment must cite the law or memorandum that provides for it",
                   "失信联合惩戒须注明所依据的法律法规或合作备忘录"});
    for (const auto& r : ms.decl->restrictions)
      if (!r.basis && !r.measures.empty())
        d.warning("W0634", r.measures.front().span,
                  {"restriction without a legal basis: add `basis \"...\"`",
                   "限制措施缺少法律依据：请加上 `依据 \"...\"`"},
                  {"joint punishment must cite the law or memorandum that provides for it",
                   "失信联合惩戒须注明所依据的法律法规或合作备忘录"});
  }
}

void dates(Compilation& c) {
  const sema::Model& m = c.model;
  Diagnostics& d = c.diags;
  auto text = [](std::optional<ast::Date> x) {
    return x ? ast::format_date(*x) : std::string("-");
  };
  // W0605: an item in force while its lead department is not.
  for (const auto& it : m.items) {
    std::vector<int> reported;
    for (const auto& duty : it.duties) {
      if (!duty.lead ||
          std::find(reported.begin(), reported.end(), duty.department) != reported.end())
        continue;
      const ast::Dated& dd = m.departments[static_cast<size_t>(duty.department)].decl->dates;
      const ast::Dated& id = it.decl->dates;
      bool starts_before = dd.effective && (!id.effective || *id.effective < *dd.effective);
      bool outlives = dd.abolished && (!id.abolished || *id.abolished > *dd.abolished);
      if (!starts_before && !outlives) continue;
      reported.push_back(duty.department);
      d.warning("W0605", duty.span,
                {"item " + quote(it.name) + " (" + text(id.effective) + " to " +
                     text(id.abolished) + ") is in force when its lead department " +
                     quote(m.departments[static_cast<size_t>(duty.department)].name) + " (" +
                     text(dd.effective) + " to " + text(dd.abolished) + ") is not",
                 "事项 " + quote(it.name) + "（" + text(id.effective) + " 至 " +
                     text(id.abolished) + "）生效期间，其牵头部门 " +
                     quote(m.departments[static_cast<size_t>(duty.department)].name) + "（" +
                     text(dd.effective) + " 至 " + text(dd.abolished) + "）并不都在职"},
                {"give the item a lead for the whole period, or align the dates",
                 "请为整个期间指定牵头部门，或调整日期"});
    }
  }
  // W0621: a rule in force outside its item's dates.
  for (const auto& r : m.rules) {
    if (r.item < 0) continue;
    const ast::Dated& rd = r.decl->dates;
    const ast::Dated& id = m.items[static_cast<size_t>(r.item)].decl->dates;
    // A rule without dates of its own follows its item's.
    bool early = rd.effective && id.effective && *rd.effective < *id.effective;
    bool late = rd.abolished && id.abolished && *rd.abolished > *id.abolished;
    if (early || late)
      d.warning(
          "W0621", r.decl->name.span,
          {"rule " + quote(r.name) + " (" + text(rd.effective) + " to " + text(rd.abolished) +
               ") is in force when its item " + quote(m.items[static_cast<size_t>(r.item)].name) +
               " (" + text(id.effective) + " to " + text(id.abolished) + ") is not",
           "规则 " + quote(r.name) + "（" + text(rd.effective) + " 至 " + text(rd.abolished) +
               "）的生效期超出其事项 " + quote(m.items[static_cast<size_t>(r.item)].name) + "（" +
               text(id.effective) + " 至 " + text(id.abolished) + "）"},
          {"a rule applies only while its item is in force; align the dates",
           "规则只在其事项生效期间适用；请调整日期"});
  }
}

}  // namespace jianguan::analysis
