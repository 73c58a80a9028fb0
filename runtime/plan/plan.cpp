#include "plan/plan.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "eval/evaluator.h"
#include "sema/builtins.h"

namespace jianguan::rt {

uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

namespace {

struct Entity {
  std::string key;
  int32_t kind = -1;
  int64_t division = 0;
  std::string grade;  // "" without a credit model
  double grade_ratio = -1;
  std::map<int32_t, std::vector<std::string>>
      last_inspectors;  // department -> latest visit's inspectors
};

std::vector<std::string> split_inspectors(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == ',' || s[i] == ';' || s[i] == ' ') {
      if (i > start) out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

}  // namespace

bool make_plan(const ir::Program& p, RecordSource& source, const std::string& data_path,
               const PlanOptions& o, std::vector<PlannedVisit>& visits, PlanStats& stats,
               std::string& error) {
  // 1. Every entity with its grade and the inspectors of its latest visit
  //    by each department (so the same inspector is not sent twice in a row).
  Evaluator ev(p);
  Record rec;
  EntityResult res;
  std::vector<Entity> entities;
  std::vector<Reject> rejects;
  const ir::Table* insp =
      p.inspection_table >= 0 ? &p.tables[static_cast<size_t>(p.inspection_table)] : nullptr;
  int32_t insp_field = -1;
  if (insp)
    for (size_t f = 0; f < insp->fields.size(); ++f)
      if (insp->fields[f].name == o.inspector_field || insp->fields[f].column == o.inspector_field)
        insp_field = static_cast<int32_t>(f);
  for (;;) {
    bool ok = false;
    rejects.clear();
    if (!source.next(rec, ok, rejects)) break;
    if (!ok) continue;
    ev.evaluate(rec, o.as_of, res);
    Entity e;
    e.key = res.id;
    e.kind = res.kind;
    e.division = res.division;
    if (!res.credit.empty() && res.credit[0].grade >= 0) {
      const auto& cm = p.credit_models[static_cast<size_t>(res.credit[0].model)];
      e.grade = cm.grades[static_cast<size_t>(res.credit[0].grade)].name;
      for (const auto& mr : res.measures)
        if (mr.grade_measure >= 0 &&
            p.measures[static_cast<size_t>(mr.measures)].model == res.credit[0].model)
          e.grade_ratio = p.measures[static_cast<size_t>(mr.measures)]
                              .grades[static_cast<size_t>(mr.grade_measure)]
                              .ratio;
    }
    if (insp && insp_field >= 0 && insp->date >= 0 && insp->department >= 0) {
      std::map<int32_t, int64_t> latest;
      const Rows rows = rec.rows(p.inspection_table);
      for (size_t i = 0; i < rows.size(); ++i) {
        const ir::Value* r = rows[i];
        const auto& d = r[insp->date];
        const auto& dep = r[insp->department];
        const auto& who = r[insp_field];
        if (d.is_missing() || dep.is_missing() || who.is_missing() || d.i > o.as_of) continue;
        int32_t dd = static_cast<int32_t>(dep.i);
        auto it = latest.find(dd);
        if (it == latest.end() || d.i >= it->second) {
          latest[dd] = d.i;
          e.last_inspectors[dd] = split_inspectors(who.str());
        }
      }
    }
    entities.push_back(std::move(e));
  }
  if (!source.error().empty()) {
    error = source.error();
    return false;
  }
  stats.entities = static_cast<int64_t>(entities.size());

  // 2. The draw, item by item and grade by grade.
  const uint64_t seed = fnv1a64(o.seed);
  std::map<size_t, PlannedVisit> by_entity;  // entity index -> visit
  for (size_t ii = 0; ii < p.items.size(); ++ii) {
    const ir::Item& item = p.items[ii];
    if (!(item.methods & (1u << sema::kRandom))) continue;
    if (item.effective > o.to || item.abolished <= o.from) continue;
    bool remote = item.methods & (1u << sema::kRemote);
    std::map<std::string, std::vector<size_t>> by_grade;
    for (size_t ei = 0; ei < entities.size(); ++ei)
      if (std::find(item.kinds.begin(), item.kinds.end(), entities[ei].kind) != item.kinds.end())
        by_grade[entities[ei].grade].push_back(ei);
    const uint64_t item_hash = fnv1a64(item.name);
    PlannedCheck check;
    check.item = static_cast<int32_t>(ii);
    check.remote = remote;
    for (const auto& d : item.duties)
      if (d.lead) check.departments.push_back(d.department);
    for (const auto& d : item.duties)
      if (!d.lead && (d.actions & (1u << sema::kInspection)) &&
          std::find(check.departments.begin(), check.departments.end(), d.department) ==
              check.departments.end())
        check.departments.push_back(d.department);
    for (auto& [grade, members] : by_grade) {
      // The grade's ratio when the measures give one, else the item's.
      double ratio = entities[members.front()].grade_ratio >= 0
                         ? entities[members.front()].grade_ratio
                         : item.ratio;
      int64_t n = static_cast<int64_t>(members.size());
      int64_t k = ratio <= 0 ? 0
                             : std::min<int64_t>(n, static_cast<int64_t>(std::ceil(
                                                        static_cast<double>(n) * ratio - 1e-9)));
      std::vector<std::pair<uint64_t, size_t>> scored;
      scored.reserve(members.size());
      for (size_t ei : members)
        scored.push_back({splitmix64(seed ^ item_hash ^ fnv1a64(entities[ei].key)), ei});
      std::partial_sort(scored.begin(), scored.begin() + k, scored.end(),
                        [&](const auto& a, const auto& b) {
                          return std::tie(a.first, entities[a.second].key) <
                                 std::tie(b.first, entities[b.second].key);
                        });
      stats.per_item[item.name][grade.empty() ? "-" : grade] = {n, k};
      for (int64_t i = 0; i < k; ++i) {
        size_t ei = scored[static_cast<size_t>(i)].second;
        PlannedVisit& v = by_entity[ei];
        if (v.entity.empty()) {
          v.entity = entities[ei].key;
          v.kind = entities[ei].kind;
          v.division = entities[ei].division;
          v.grade = entities[ei].grade;
        }
        v.checks.push_back(check);
        ++stats.draws;
        if (remote)
          ++stats.remote_checks;
        else
          stats.site_inspections += static_cast<int64_t>(check.departments.size());
      }
    }
  }

  // 3. Inspectors from each department's pool in the entity's league/city.
  std::map<std::pair<std::string, int64_t>, std::vector<std::string>> pool;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(data_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT id, department, division FROM inspectors", -1, &st,
                           nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        auto text = [&](int c) {
          const unsigned char* t = sqlite3_column_text(st, c);
          return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
        };
        pool[{text(1), std::atoll(text(2).c_str())}].push_back(text(0));
      }
      sqlite3_finalize(st);
    }
  }
  sqlite3_close(db);
  for (auto& [ei, v] : by_entity) {
    std::vector<int32_t> deps;
    for (const auto& c : v.checks)
      if (!c.remote)
        for (int32_t d : c.departments)
          if (std::find(deps.begin(), deps.end(), d) == deps.end()) deps.push_back(d);
    if (deps.empty()) continue;
    ++stats.visits;
    for (int32_t d : deps) {
      const std::string& dname = p.departments[static_cast<size_t>(d)].name;
      auto it = pool.find({dname, v.division / 100 * 100});
      std::vector<std::pair<uint64_t, std::string>> cands;
      const auto& last = entities[ei].last_inspectors[d];
      if (it != pool.end())
        for (const auto& id : it->second)
          if (std::find(last.begin(), last.end(), id) == last.end())
            cands.push_back(
                {splitmix64(seed ^ fnv1a64(id) ^ fnv1a64(v.entity) ^ fnv1a64(dname)), id});
      std::sort(cands.begin(), cands.end());
      size_t want = static_cast<size_t>(std::max(1, o.inspectors_per_department));
      if (cands.size() < want) ++stats.inspectors_missing;
      auto& chosen = v.inspectors[d];
      for (size_t i = 0; i < cands.size() && i < want; ++i) chosen.push_back(cands[i].second);
    }
  }
  for (auto& [ei, v] : by_entity) visits.push_back(std::move(v));
  // Visits in key order: the published plan reads the same on every run.
  std::sort(visits.begin(), visits.end(),
            [](const PlannedVisit& a, const PlannedVisit& b) { return a.entity < b.entity; });
  return true;
}

}  // namespace jianguan::rt
