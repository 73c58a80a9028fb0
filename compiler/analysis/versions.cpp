// Versions of a rule (规则的版本): declarations of one rule name, each in
// force on [生效, 废止). Before:
//   规则 罚款过多 属于 餐饮 { 要求 ... <= 10000 }                 // no end date
//   规则 罚款过多 属于 餐饮 { 要求 ... <= 5000  生效 2024-07-01 }
// after: W0622 at the second `罚款过多`: both versions apply from 2024-07-01
// on (open-ended), with a note at the first and the hint to give it
// `废止 2024-07-01`.
#include <algorithm>
#include <climits>
#include <map>

#include "analysis/analysis.h"

namespace jianguan::analysis {

namespace {

// A half-open period of days [from, to); the limits stand for "no date".
struct Period {
  int64_t from = INT64_MIN, to = INT64_MAX;
};

Period period(const ast::Dated& d) {
  Period p;
  if (d.effective) p.from = *d.effective;
  if (d.abolished) p.to = *d.abolished;
  return p;
}

// A rule applies only while its item is in force too (the evaluator's
// in_force), so two versions clash only on days all three agree on.
Period intersect(Period a, Period b) { return {std::max(a.from, b.from), std::min(a.to, b.to)}; }

std::string day(int64_t d) { return ast::format_date(static_cast<ast::Date>(d)); }

std::string date_or_dash(std::optional<ast::Date> d) { return d ? ast::format_date(*d) : "-"; }

// "both apply from 2024-07-01 to 2024-12-31", naming the first and the
// last day both versions are in force.
Text both_apply(Period p) {
  bool start = p.from != INT64_MIN, end = p.to != INT64_MAX;
  std::string first = start ? day(p.from) : "", last = end ? day(p.to - 1) : "";
  if (start && end)
    return {"both apply from " + first + " to " + last, first + " 至 " + last + " 期间两者都适用"};
  if (start)
    return {"both apply from " + first + " on, open-ended",
            "自 " + first + " 起两者都适用，没有终止日期"};
  if (end) return {"both apply on every day up to " + last, last + " 及以前两者都适用"};
  return {"both apply on every day", "两者始终都适用"};
}

// The note at the other version of a clashing pair, with its dates as
// W0621 gives them.
Text other_version(const ast::Dated& d) {
  if (!d.effective && !d.abolished)
    return {"the other version, without dates: in force on every day",
            "另一个版本，没有日期：每天都生效"};
  return {
      "the other version (" + date_or_dash(d.effective) + " to " + date_or_dash(d.abolished) + ")",
      "另一个版本（" + date_or_dash(d.effective) + " 至 " + date_or_dash(d.abolished) + "）"};
}

// Of two versions, the newer: the one taking effect later, or declared
// later when they take effect on the same day.
bool newer(const sema::RuleInfo& a, const sema::RuleInfo& b) {
  Period pa = period(a.decl->dates), pb = period(b.decl->dates);
  if (pa.from != pb.from) return pa.from > pb.from;
  return &a > &b;
}

}  // namespace

void versions(Compilation& c) {
  const sema::Model& m = c.model;
  Diagnostics& d = c.diags;
  std::map<std::string, std::vector<const sema::RuleInfo*>> by_name;
  for (const auto& r : m.rules) by_name[r.name].push_back(&r);
  for (const auto& [name, rules] : by_name) {
    for (size_t i = 0; i < rules.size(); ++i)
      for (size_t j = i + 1; j < rules.size(); ++j) {
        const sema::RuleInfo* older = rules[i];
        const sema::RuleInfo* later = rules[j];
        if (newer(*older, *later)) std::swap(older, later);
        Period both = intersect(period(older->decl->dates), period(later->decl->dates));
        // Versions share their item (E0511), so one item period serves both.
        if (later->item >= 0)
          both = intersect(both, period(m.items[static_cast<size_t>(later->item)].decl->dates));
        if (both.from >= both.to) continue;
        const ast::Dated& ld = later->decl->dates;
        Text when = both_apply(both);
        Text hint = {
            "give the older version an `abolished` (`废止`) date equal to the newer one's "
            "`effective` (`生效`) date",
            "请让旧版本的 `废止` 日期等于新版本的 `生效` 日期"};
        if (ld.effective) {
          std::string e = ast::format_date(*ld.effective);
          hint = {"give the older version `废止 " + e + "` (`abolished " + e +
                      "`), the day the newer one takes effect",
                  "请给旧版本加上 `废止 " + e + "`，与新版本的 `生效` 日期相同"};
        }
        auto& diag =
            d.warning("W0622", later->decl->name.span,
                      {"two versions of rule " + quote(name) + " are in force at once: " + when.en,
                       "规则 " + quote(name) + " 的两个版本同时生效：" + when.zh},
                      hint);
        diag.notes.push_back({older->decl->name.span, other_version(older->decl->dates)});
      }
  }
}

}  // namespace jianguan::analysis
