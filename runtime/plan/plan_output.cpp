// Writing the plan: CSV (one row per visit), JSON (summary and visits) or
// SQLite (tables plan_visits, plan_checks, plan_summary), plus the summary
// of visits saved by merging, for people.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "ast/ast.h"
#include "plan/plan_output.h"
#include "report/atomic_file.h"
#include "report/csv_field.h"
#include "support/json.h"

namespace jianguan::rt {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string o;
  for (const auto& x : v) o += (o.empty() ? "" : sep) + x;
  return o;
}

struct Flat {
  std::string items, departments, remote, inspectors;
};

Flat flatten(const ir::Program& p, const PlannedVisit& v) {
  Flat f;
  std::vector<std::string> items, deps, remote, insp;
  for (const auto& c : v.checks) {
    (c.remote ? remote : items).push_back(p.items[static_cast<size_t>(c.item)].name);
    if (!c.remote)
      for (int32_t d : c.departments) {
        const std::string& n = p.departments[static_cast<size_t>(d)].name;
        if (std::find(deps.begin(), deps.end(), n) == deps.end()) deps.push_back(n);
      }
  }
  for (const auto& [d, ids] : v.inspectors)
    insp.push_back(p.departments[static_cast<size_t>(d)].name + ":" + join(ids, "|"));
  f.items = join(items, "; ");
  f.departments = join(deps, "; ");
  f.remote = join(remote, "; ");
  f.inspectors = join(insp, "; ");
  return f;
}

}  // namespace

std::string plan_summary_text(const PlanStats& s, const std::string& seed,
                              const std::string& period, bool zh) {
  std::string o;
  auto n = [](int64_t x) { return std::to_string(x); };
  o += (zh ? "抽查计划  种子 " : "Inspection plan  seed ") + seed + (zh ? "  期间 " : "  period ") +
       period + "\n";
  o += (zh ? "  参与抽取的主体 " : "  entities considered ") + n(s.entities) + "\n";
  o += (zh ? "  抽中（事项×主体） " : "  draws (item x entity) ") + n(s.draws) + "\n";
  o += (zh ? "  合并前现场检查（事项×部门） "
           : "  site inspections before merging (item x department) ") +
       n(s.site_inspections) + "\n";
  o +=
      (zh ? "  合并后联合检查（进一次门） " : "  joint visits after merging ") + n(s.visits) + "\n";
  o += (zh ? "  减少的上门次数 " : "  visits saved by merging ") +
       n(s.site_inspections - s.visits) + "\n";
  o += (zh ? "  非现场核查 " : "  remote checks ") + n(s.remote_checks) + "\n";
  if (s.inspectors_missing)
    o += (zh ? "  执法人员不足的部门次数 " : "  departments short of inspectors ") +
         n(s.inspectors_missing) + "\n";
  return o;
}

bool write_plan(const ir::Program& p, const std::vector<PlannedVisit>& visits, const PlanStats& s,
                const std::string& seed, const std::string& period, const std::string& format,
                const std::string& out, bool zh, std::string& error) {
  if (format == "sqlite") {
    if (out.empty() || out == "-") {
      error = "--format sqlite needs --out FILE.db";
      return false;
    }
    std::string tmp = out + ".tmp-" + std::to_string(::getpid());
    std::remove(tmp.c_str());
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(tmp.c_str(), &db) == SQLITE_OK &&
              sqlite3_exec(db,
                           "BEGIN; CREATE TABLE plan_visits (entity TEXT, kind TEXT, division "
                           "TEXT, grade TEXT, items TEXT, "
                           "departments TEXT, remote_items TEXT, inspectors TEXT);"
                           "CREATE TABLE plan_checks (entity TEXT, item TEXT, department TEXT, "
                           "role TEXT, remote INTEGER);"
                           "CREATE TABLE plan_summary (key TEXT PRIMARY KEY, value TEXT);",
                           nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_stmt *v = nullptr, *c = nullptr, *m = nullptr;
    ok = ok &&
         sqlite3_prepare_v2(db, "INSERT INTO plan_visits VALUES (?,?,?,?,?,?,?,?)", -1, &v,
                            nullptr) == SQLITE_OK &&
         sqlite3_prepare_v2(db, "INSERT INTO plan_checks VALUES (?,?,?,?,?)", -1, &c, nullptr) ==
             SQLITE_OK &&
         sqlite3_prepare_v2(db, "INSERT INTO plan_summary VALUES (?,?)", -1, &m, nullptr) ==
             SQLITE_OK;
    auto bind = [](sqlite3_stmt* st, int i, const std::string& x) {
      sqlite3_bind_text(st, i, x.c_str(), -1, SQLITE_TRANSIENT);
    };
    for (const auto& visit : visits) {
      if (!ok) break;
      Flat f = flatten(p, visit);
      bind(v, 1, visit.entity);
      bind(v, 2, visit.kind >= 0 ? p.kinds[static_cast<size_t>(visit.kind)] : "");
      bind(v, 3, std::to_string(visit.division));
      bind(v, 4, visit.grade);
      bind(v, 5, f.items);
      bind(v, 6, f.departments);
      bind(v, 7, f.remote);
      bind(v, 8, f.inspectors);
      ok = sqlite3_step(v) == SQLITE_DONE;
      sqlite3_reset(v);
      for (const auto& chk : visit.checks)
        for (size_t i = 0; i < chk.departments.size() && ok; ++i) {
          bind(c, 1, visit.entity);
          bind(c, 2, p.items[static_cast<size_t>(chk.item)].name);
          bind(c, 3, p.departments[static_cast<size_t>(chk.departments[i])].name);
          bind(c, 4, i == 0 ? "lead" : "assist");
          sqlite3_bind_int(c, 5, chk.remote);
          ok = sqlite3_step(c) == SQLITE_DONE;
          sqlite3_reset(c);
        }
    }
    std::vector<std::pair<std::string, std::string>> rows = {
        {"seed", seed},
        {"period", period},
        {"entities", std::to_string(s.entities)},
        {"draws", std::to_string(s.draws)},
        {"site_inspections", std::to_string(s.site_inspections)},
        {"visits", std::to_string(s.visits)},
        {"visits_saved", std::to_string(s.site_inspections - s.visits)},
        {"remote_checks", std::to_string(s.remote_checks)}};
    for (const auto& [k, val] : rows) {
      if (!ok) break;
      bind(m, 1, k);
      bind(m, 2, val);
      ok = sqlite3_step(m) == SQLITE_DONE;
      sqlite3_reset(m);
    }
    ok = ok && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok)
      error = std::string("writing `") + out + "`: " + (db ? sqlite3_errmsg(db) : "cannot open");
    for (auto* st : {v, c, m}) sqlite3_finalize(st);
    sqlite3_close(db);
    if (ok && std::rename(tmp.c_str(), out.c_str()) != 0) {
      ok = false;
      error = "cannot write `" + out + "`";
    }
    if (!ok) std::remove(tmp.c_str());
    return ok;
  }
  std::string text;
  if (format == "json") {
    JsonWriter w(text);
    w.begin_object().field("seed", seed).field("period", period);
    w.key("summary").begin_object();
    w.field("entities", s.entities)
        .field("draws", s.draws)
        .field("site_inspections", s.site_inspections);
    w.field("visits", s.visits)
        .field("visits_saved", s.site_inspections - s.visits)
        .field("remote_checks", s.remote_checks);
    w.key("per_item").begin_object();
    for (const auto& [item, grades] : s.per_item) {
      w.key(item).begin_object();
      for (const auto& [g, pd] : grades)
        w.key(g)
            .begin_object()
            .field("population", pd.first)
            .field("drawn", pd.second)
            .end_object();
      w.end_object();
    }
    w.end_object().end_object();
    w.key("visits").begin_array();
    for (const auto& visit : visits) {
      JsonWriter& x = w;
      x.begin_object().field("entity", visit.entity);
      x.field("kind", visit.kind >= 0 ? p.kinds[static_cast<size_t>(visit.kind)] : std::string());
      x.field("division", std::to_string(visit.division)).field("grade", visit.grade);
      x.key("checks").begin_array();
      for (const auto& c : visit.checks) {
        x.begin_object()
            .field("item", p.items[static_cast<size_t>(c.item)].name)
            .field("remote", c.remote);
        x.key("departments").begin_array();
        for (int32_t d : c.departments) x.value(p.departments[static_cast<size_t>(d)].name);
        x.end_array().end_object();
      }
      x.end_array();
      x.key("inspectors").begin_object();
      for (const auto& [d, ids] : visit.inspectors) {
        x.key(p.departments[static_cast<size_t>(d)].name).begin_array();
        for (const auto& id : ids) x.value(id);
        x.end_array();
      }
      x.end_object().end_object();
    }
    w.end_array().end_object();
    text += "\n";
  } else if (format == "csv") {
    text = "entity,kind,division,grade,items,departments,remote_items,inspectors\n";
    for (const auto& visit : visits) {
      Flat f = flatten(p, visit);
      text += csv_field(visit.entity) + "," +
              csv_field(visit.kind >= 0 ? p.kinds[static_cast<size_t>(visit.kind)] : "") + "," +
              std::to_string(visit.division) + "," + csv_field(visit.grade) + "," +
              csv_field(f.items) + "," + csv_field(f.departments) + "," + csv_field(f.remote) +
              "," + csv_field(f.inspectors) + "\n";
    }
  } else {
    text = plan_summary_text(s, seed, period, zh);
    text += zh ? "\n按事项、等级：抽取数 / 总数\n" : "\nBy item and grade: drawn / population\n";
    for (const auto& [item, grades] : s.per_item) {
      text += "  " + item + ":";
      for (const auto& [g, pd] : grades)
        text += "  " + g + " " + std::to_string(pd.second) + "/" + std::to_string(pd.first);
      text += "\n";
    }
  }
  AtomicFile f;
  if (!f.open(out, error)) return false;
  std::fwrite(text.data(), 1, text.size(), f.file());
  return f.commit(error);
}

}  // namespace jianguan::rt
