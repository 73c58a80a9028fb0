// The library calls behind `jianguan plan` and `jianguan restrictions`.
#include <cstdio>

#include "api/ruleset_impl.h"
#include "ast/ast.h"
#include "eval/evaluator.h"
#include "plan/plan_output.h"
#include "sources/source.h"

namespace jianguan {

namespace {

// "2024", "2024Q3", "2024-07" or "FROM..TO" -> inclusive day range.
bool parse_period(const std::string& s, int64_t& from, int64_t& to) {
  auto dot = s.find("..");
  if (dot != std::string::npos) {
    auto a = ast::parse_date(s.substr(0, dot)), b = ast::parse_date(s.substr(dot + 2));
    if (!a || !b || *b < *a) return false;
    from = *a;
    to = *b;
    return true;
  }
  int y = 0, q = 0, m = 0;
  char tail = 0;
  if (s.size() == 4 && std::sscanf(s.c_str(), "%4d%c", &y, &tail) == 1) {
    from = ast::make_date(y, 1, 1);
    to = ast::make_date(y + 1, 1, 1) - 1;
  } else if (s.size() == 6 && std::sscanf(s.c_str(), "%4dQ%1d%c", &y, &q, &tail) == 2 && q >= 1 &&
             q <= 4) {
    from = ast::make_date(y, static_cast<unsigned>(q * 3 - 2), 1);
    to = (q == 4 ? ast::make_date(y + 1, 1, 1)
                 : ast::make_date(y, static_cast<unsigned>(q * 3 + 1), 1)) -
         1;
  } else if (s.size() == 7 && std::sscanf(s.c_str(), "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 &&
             m <= 12) {
    from = ast::make_date(y, static_cast<unsigned>(m), 1);
    to = (m == 12 ? ast::make_date(y + 1, 1, 1)
                  : ast::make_date(y, static_cast<unsigned>(m + 1), 1)) -
         1;
  } else {
    return false;
  }
  return y >= 1800;
}

}  // namespace

PlanOutcome plan(const Ruleset& r, const PlanRequest& req) {
  PlanOutcome out;
  rt::PlanOptions o;
  o.seed = req.seed;
  o.inspectors_per_department = req.inspectors_per_department;
  if (!parse_period(req.period, o.from, o.to)) {
    out.bad_input = true;
    out.error = "period `" + req.period +
                "` is not a year (2024), quarter (2024Q3), month (2024-07) or range "
                "(2024-07-01..2024-09-30)";
    return out;
  }
  o.as_of = o.from;
  if (!req.as_of.empty()) {
    auto d = ast::parse_date(req.as_of);
    if (!d) {
      out.bad_input = true;
      out.error = as_of_error(req.as_of);
      return out;
    }
    o.as_of = *d;
  }
  std::string error;
  auto source = rt::open_source(r.program, req.data, req.data_format, 1, error);
  if (!source) {
    out.bad_input = true;
    out.error = error;
    return out;
  }
  std::vector<rt::PlannedVisit> visits;
  rt::PlanStats stats;
  if (!rt::make_plan(r.program, *source, req.data, o, visits, stats, error)) {
    out.bad_input = true;
    out.error = error;
    return out;
  }
  if (!rt::write_plan(r.program, visits, stats, req.seed, req.period, req.format, req.out, req.zh,
                      error)) {
    out.error = error;
    return out;
  }
  out.ok = true;
  out.entities = stats.entities;
  out.draws = stats.draws;
  out.site_inspections = stats.site_inspections;
  out.visits = stats.visits;
  out.remote_checks = stats.remote_checks;
  out.summary = rt::plan_summary_text(stats, req.seed, req.period, req.zh);
  return out;
}

RestrictionAnswer query_restrictions(const Ruleset& r, const RestrictionQuery& q) {
  RestrictionAnswer a;
  auto as_of = ast::parse_date(q.as_of);
  if (!as_of) {
    a.error = as_of_error(q.as_of);
    return a;
  }
  std::string error;
  auto source = rt::open_source(r.program, q.data, q.data_format, 1, error);
  if (!source) {
    a.error = error;
    return a;
  }
  const ir::Table& et = r.program.tables[static_cast<size_t>(r.program.entity)];
  rt::Evaluator ev(r.program);
  rt::Record rec;
  rt::EntityResult res;
  std::vector<rt::Reject> rejects;
  for (;;) {
    bool ok = false;
    if (!source->next(rec, ok, rejects)) break;
    if (!ok || et.key < 0 || rec.entity()[et.key].str() != q.entity) continue;
    ev.evaluate(rec, *as_of, res);
    a.found = true;
    a.decision = decide(r.program, res);
    a.restricted =
        q.measure.empty() ? !a.decision.restrictions.empty() : a.decision.restricted(q.measure);
    break;
  }
  if (!source->error().empty()) {
    a.error = source->error();
    return a;
  }
  if (!a.found) {
    for (const auto& rj : rejects)
      if (rj.key == q.entity) {
        a.error = "entity `" + q.entity + "` was rejected: " + rj.reason;
        return a;
      }
    a.error = "no entity `" + q.entity + "` in `" + q.data + "`";
    return a;
  }
  a.ok = true;
  return a;
}

}  // namespace jianguan
