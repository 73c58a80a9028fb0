// Responsibility analysis. Before: items with 对象 / 牵头 / 配合 clauses.
// After: warnings such as
//   W0601 kind `直播电商` is covered by no item (candidates: 市场监管, 商务)
//   W0603 `药品零售` has no department for `inspection` at `county` level
//   W0611 `加气站`: two lead departments for `inspection` at `county`: 住建, 应急
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "analysis/analysis.h"
#include "sema/builtins.h"

namespace jianguan::analysis {

namespace {

using sema::DutyInfo;
using sema::ItemInfo;
using sema::Model;

std::string list(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + quote(x);
  return out;
}

// What the analysis looks at: everything, or with `lint --as-of` only the
// items, departments and rules in force on that day, so a gap that opens
// when an item is abolished shows on the days after.
struct Scope {
  const Model& m;
  std::optional<ast::Date> as_of;

  bool in_force(const ast::Dated& d) const {
    return !as_of ||
           ((!d.effective || *d.effective <= *as_of) && (!d.abolished || *as_of < *d.abolished));
  }
  bool item(const ItemInfo& it) const { return in_force(it.decl->dates); }
  bool duty(const DutyInfo& d) const {
    return in_force(m.departments[static_cast<size_t>(d.department)].decl->dates);
  }
  bool department(const sema::DepartmentInfo& dep) const { return in_force(dep.decl->dates); }
  bool rule(const sema::RuleInfo& r) const {
    return in_force(r.decl->dates) && (r.item < 0 || item(m.items[static_cast<size_t>(r.item)]));
  }
  bool covers(const ItemInfo& it, int kind) const {
    return item(it) && std::find(it.kinds.begin(), it.kinds.end(), kind) != it.kinds.end();
  }
};

// Levels at which a duty is really carried: the duty's levels that the
// department exists at.
unsigned effective_levels(const Model& m, const DutyInfo& d) {
  unsigned dept = m.departments[static_cast<size_t>(d.department)].levels;
  return d.levels & (dept ? dept : 7u);
}

// The actions that matter for a kind: those any duty for it names
// explicitly, plus inspection, which every covered kind receives.
unsigned needed_actions(const Scope& scope, int kind) {
  unsigned a = 1u << sema::kInspection;
  for (const auto& it : scope.m.items) {
    if (!scope.covers(it, kind)) continue;
    for (const auto& d : it.duties)
      if (scope.duty(d) && d.actions != (1u << sema::kActionCount) - 1) a |= d.actions;
  }
  return a;
}

// Two leads on one matter: named by one item, or by two items on the same
// legal basis.
bool same_matter(const ItemInfo* a, const ItemInfo* b) {
  return a == b || (a->decl->basis && b->decl->basis && *a->decl->basis == *b->decl->basis);
}

}  // namespace

void responsibility(Compilation& c) {
  const Model& m = c.model;
  Diagnostics& d = c.diags;
  const Scope scope{m, c.as_of};
  const size_t first_new = d.items().size();
  const auto& levels = sema::levels();
  const auto& actions = sema::actions();

  // W0601: kinds no item covers, with candidate departments by likeness.
  for (size_t k = 0; k < m.kinds.size(); ++k) {
    bool covered = false;
    for (const auto& it : m.items) covered |= scope.covers(it, static_cast<int>(k));
    if (covered) continue;
    const ast::Kind& kd = *m.kinds[k].decl;
    std::vector<std::pair<int, std::string>> scored;
    for (const auto& dep : m.departments) {
      if (!scope.department(dep)) continue;
      int overlap = 0;
      for (const auto& a : kd.activities)
        for (const auto& dom : dep.decl->domains) overlap += a.text == dom.text;
      if (overlap > 0) scored.push_back({-overlap, dep.name});
    }
    std::sort(scored.begin(), scored.end());
    Text hint;
    if (!scored.empty()) {
      std::vector<std::string> names;
      for (size_t i = 0; i < scored.size() && i < 4; ++i) names.push_back(scored[i].second);
      hint = {"candidate departments by shared activities: " + list(names) +
                  "; assign one with an item that covers this kind",
              "按业务相近，可考虑的部门：" + list(names, "、") +
                  "；请在某个事项的 `对象` 中加入此类别并指定牵头部门"};
    } else {
      hint = {"add this kind to an item's `covers` list", "请在某个事项的 `对象` 中加入此类别"};
    }
    d.warning(
        "W0601", kd.name.span,
        {"kind " + quote(kd.name.text) + " is covered by no item: no department supervises it",
         "类别 " + quote(kd.name.text) + " 没有任何事项覆盖：无部门监管（监管空白）"},
        hint);
  }

  // W0602: items without a lead department.
  for (const auto& it : m.items) {
    if (!scope.item(it)) continue;
    bool lead = false;
    for (const auto& duty : it.duties) lead |= duty.lead && scope.duty(duty);
    if (!lead)
      d.warning("W0602", it.decl->name.span,
                {"item " + quote(it.name) + " has no lead department",
                 "事项 " + quote(it.name) + " 没有牵头部门"},
                {"add `lead <department>`", "请加上 `牵头 <部门>`"});
  }

  // Who leads / takes part in (kind, action, level). Two leads count as an
  // overlap (职责交叉) when one item names both, or when two items on the same
  // legal basis do: items on different bases are different matters (a
  // hotel's hygiene and its public security), each with its own lead.
  struct Who {
    std::vector<std::pair<int, const ItemInfo*>> leads;  // (department, item)
    std::set<int> any;
  };
  std::map<std::tuple<int, int, int>, Who> who;
  for (const auto& it : m.items)
    for (int k : it.kinds)
      for (const auto& duty : it.duties) {
        if (!scope.item(it) || !scope.duty(duty)) continue;
        unsigned lv = effective_levels(m, duty);
        for (int a = 0; a < sema::kActionCount; ++a) {
          if (!(duty.actions & (1u << a))) continue;
          for (int l = 0; l < sema::kLevelCount; ++l) {
            if (!(lv & (1u << l))) continue;
            Who& w = who[{k, a, l}];
            w.any.insert(duty.department);
            if (duty.lead && std::find_if(w.leads.begin(), w.leads.end(), [&](const auto& x) {
                               return x.first == duty.department;
                             }) == w.leads.end())
              w.leads.push_back({duty.department, &it});
          }
        }
      }

  for (size_t k = 0; k < m.kinds.size(); ++k) {
    int kind = static_cast<int>(k);
    bool covered = false;
    for (const auto& it : m.items) covered |= scope.covers(it, kind);
    if (!covered) continue;
    const ast::Kind& kd = *m.kinds[k].decl;
    unsigned needed = needed_actions(scope, kind);
    // W0603: every action the kind needs must have someone at some level,
    // and inspection must reach the banner/county level, where entities are
    // registered and inspected (属地管理).
    for (int a = 0; a < sema::kActionCount; ++a) {
      if (!(needed & (1u << a))) continue;
      std::vector<int> missing;
      for (int l = 0; l < sema::kLevelCount; ++l) {
        auto it = who.find({kind, a, l});
        if (it == who.end() || it->second.any.empty()) missing.push_back(l);
      }
      bool none = missing.size() == static_cast<size_t>(sema::kLevelCount);
      bool no_county = a == sema::kInspection && std::find(missing.begin(), missing.end(),
                                                           int{sema::kCounty}) != missing.end();
      if (!none && !no_county) continue;
      std::string lv_en = none ? "any level" : "level `county`";
      std::string lv_zh = none ? "任何层级" : "`旗县` 层级";
      d.warning("W0603", kd.name.span,
                {"kind " + quote(kd.name.text) + ": no department is responsible for " +
                     quote(actions[static_cast<size_t>(a)].en) + " at " + lv_en,
                 "类别 " + quote(kd.name.text) + "：" + lv_zh + "没有部门负责 " +
                     quote(actions[static_cast<size_t>(a)].zh) + "（监管空白）"},
                {"give a department that exists at that level a duty in an item covering this kind",
                 "请在覆盖此类别的事项中，为该层级设有机构的部门指定职责"});
    }
    // W0611: two lead departments for one kind, action and level; reported
    // once per kind and set of departments, at the first action and level.
    std::set<std::string> seen;
    for (int a = 0; a < sema::kActionCount; ++a)
      for (int l = 0; l < sema::kLevelCount; ++l) {
        auto it = who.find({kind, a, l});
        if (it == who.end() || it->second.leads.size() < 2) continue;
        std::vector<std::pair<int, const ItemInfo*>> leads;
        for (const auto& x : it->second.leads)
          for (const auto& y : it->second.leads)
            if (x.first != y.first && same_matter(x.second, y.second) &&
                std::find(leads.begin(), leads.end(), x) == leads.end())
              leads.push_back(x);
        if (leads.size() < 2) continue;
        std::vector<std::string> names, items;
        for (const auto& [dep, item] : leads) {
          names.push_back(m.departments[static_cast<size_t>(dep)].name);
          items.push_back(item->name);
        }
        std::string key = kd.name.text + "|" + list(names);
        if (!seen.insert(key).second) continue;
        auto& diag = d.warning(
            "W0611", leads[1].second->decl->name.span,
            {"kind " + quote(kd.name.text) + " has two lead departments for " +
                 quote(actions[static_cast<size_t>(a)].en) + " at level " +
                 quote(levels[static_cast<size_t>(l)].en) + ": " + list(names),
             "类别 " + quote(kd.name.text) + " 在 " + quote(levels[static_cast<size_t>(l)].zh) +
                 " 层级的 " + quote(actions[static_cast<size_t>(a)].zh) + " 有多个牵头部门：" +
                 list(names, "、") + "（职责交叉）"},
            {"keep one lead and make the others assist, or split the duty by level or action (`at` "
             "/ `for`)",
             "保留一个牵头部门，其余改为配合，或用 `在` / `负责` 按层级或职能划分"});
        diag.notes.push_back({leads[0].second->decl->name.span,
                              {"lead " + quote(names[0]) + " in item " + quote(items[0]),
                               "事项 " + quote(items[0]) + " 中牵头：" + quote(names[0])}});
      }
  }

  // W0612: several departments inspect one kind with no joint arrangement.
  for (size_t k = 0; k < m.kinds.size(); ++k) {
    int kind = static_cast<int>(k);
    std::set<int> inspecting;
    std::vector<int> items;
    for (size_t i = 0; i < m.items.size(); ++i) {
      const auto& it = m.items[i];
      if (!scope.covers(it, kind)) continue;
      // Remote (非现场) items send nobody to the door.
      if (it.methods & (1u << sema::kRemote)) continue;
      bool inspects = false;
      for (const auto& duty : it.duties)
        if (scope.duty(duty) && (duty.actions & (1u << sema::kInspection))) {
          inspecting.insert(duty.department);
          inspects = true;
        }
      if (inspects) items.push_back(static_cast<int>(i));
    }
    // One item: its departments already inspect together. Items led by one
    // department are that department's own visit to plan.
    std::set<int> item_leads;
    for (int i : items)
      for (const auto& duty : m.items[static_cast<size_t>(i)].duties)
        if (duty.lead && scope.duty(duty)) item_leads.insert(duty.department);
    if (items.size() < 2 || item_leads.size() < 2) continue;
    bool joint = false;
    for (const auto& j : m.joints) {
      size_t in = 0;
      for (int i : items) in += std::find(j.items.begin(), j.items.end(), i) != j.items.end();
      joint |= in >= 2;
    }
    if (joint) continue;
    std::vector<std::string> item_names, dept_names;
    for (int i : items) item_names.push_back(m.items[static_cast<size_t>(i)].name);
    for (int dep : inspecting) dept_names.push_back(m.departments[static_cast<size_t>(dep)].name);
    d.warning("W0612", m.kinds[k].decl->name.span,
              {"kind " + quote(m.kinds[k].name) + " is inspected under " +
                   std::to_string(items.size()) + " items (" + list(item_names) + ") by " +
                   list(dept_names) + " with no joint arrangement",
               "类别 " + quote(m.kinds[k].name) + " 由 " + list(dept_names, "、") + " 在 " +
                   std::to_string(items.size()) + " 个事项（" + list(item_names, "、") +
                   "）中分别检查，未安排联合检查"},
              {"declare `joint ... { item " + item_names[0] + ", " + item_names[1] +
                   " }` so one visit covers them (进一次门、查多件事)",
               "声明 `联合 ... { 事项 " + item_names[0] + ", " + item_names[1] +
                   " }`，实现进一次门、查多件事"});
  }

  // W0613: two rules in different items penalising the same conduct on the same basis.
  std::map<std::pair<std::string, std::string>, const sema::RuleInfo*> conduct;
  for (const auto& r : m.rules) {
    if (!r.decl->conduct || r.item < 0 || !scope.rule(r)) continue;
    const auto& item = m.items[static_cast<size_t>(r.item)];
    std::string basis = r.decl->basis.value_or(item.decl->basis.value_or(""));
    auto [it, fresh] = conduct.emplace(std::make_pair(*r.decl->conduct, basis), &r);
    if (fresh || it->second->item == r.item) continue;
    // Only when one entity can fall under both items.
    const auto& other = m.items[static_cast<size_t>(it->second->item)];
    bool shared = false;
    for (int k : item.kinds)
      shared |= std::find(other.kinds.begin(), other.kinds.end(), k) != other.kinds.end();
    if (!shared) continue;
    auto& diag = d.warning(
        "W0613", r.decl->conduct_span,
        {"rules " + quote(it->second->name) + " and " + quote(r.name) +
             " penalise the same conduct " + quote(*r.decl->conduct) +
             " on the same basis in different items: risk of punishing twice",
         "规则 " + quote(it->second->name) + " 与 " + quote(r.name) +
             " 在不同事项中依据相同的法律对同一行为 " + quote(*r.decl->conduct) +
             " 处罚（重复处罚风险）"},
        {"keep the conduct in one item, or make one rule refer the case to the other item's lead",
         "只在一个事项中处罚该行为，或由另一事项的牵头部门统一处理"});
    diag.notes.push_back({it->second->decl->conduct_span, {"the other rule", "另一条规则"}});
  }

  // Under `lint --as-of` every finding holds on that day only: say so.
  if (c.as_of) {
    std::string day = ast::format_date(*c.as_of);
    for (size_t i = first_new; i < d.items().size(); ++i) {
      d.items()[i].message.en += " (as of " + day + ")";
      d.items()[i].message.zh += "（基准日 " + day + "）";
    }
  }
}

Matrix matrix(const Model& m, std::optional<ast::Date> as_of) {
  const Scope scope{m, as_of};
  Matrix mx;
  std::set<int> used;
  for (const auto& it : m.items)
    for (const auto& duty : it.duties)
      if (scope.item(it) && scope.duty(duty)) used.insert(duty.department);
  mx.departments.assign(used.begin(), used.end());
  for (size_t k = 0; k < m.kinds.size(); ++k) mx.kinds.push_back(static_cast<int>(k));
  mx.cells.assign(mx.kinds.size(), std::vector<MatrixCell>(mx.departments.size()));
  mx.gap.assign(mx.kinds.size(), 0);
  mx.overlap.assign(mx.kinds.size(), 0);
  for (size_t r = 0; r < mx.kinds.size(); ++r) {
    int kind = mx.kinds[r];
    std::map<std::pair<int, int>, std::vector<std::pair<int, const ItemInfo*>>>
        leads;  // (action, level) -> leads
    unsigned lead_levels = 0;
    for (const auto& it : m.items) {
      if (!scope.covers(it, kind)) continue;
      for (const auto& duty : it.duties) {
        if (!scope.duty(duty)) continue;
        size_t col = static_cast<size_t>(
            std::find(mx.departments.begin(), mx.departments.end(), duty.department) -
            mx.departments.begin());
        MatrixCell& cell = mx.cells[r][col];
        unsigned lv = effective_levels(m, duty);
        (duty.lead ? cell.lead_levels : cell.assist_levels) |= lv;
        cell.actions |= duty.actions;
        if (duty.lead) {
          lead_levels |= lv;
          for (int a = 0; a < sema::kActionCount; ++a)
            for (int l = 0; l < sema::kLevelCount; ++l)
              if ((duty.actions & (1u << a)) && (lv & (1u << l)))
                leads[{a, l}].push_back({duty.department, &it});
        }
      }
    }
    mx.gap[r] = lead_levels != 7u;
    for (const auto& [k, v] : leads)
      for (const auto& x : v)
        for (const auto& y : v)
          mx.overlap[r] |= x.first != y.first && same_matter(x.second, y.second);
  }
  return mx;
}

}  // namespace jianguan::analysis
