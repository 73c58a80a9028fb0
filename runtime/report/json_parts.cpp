#include "report/json_parts.h"

#include "ast/ast.h"

namespace jianguan::rt {

void write_header(JsonWriter& w, const ReportContext& ctx) {
  const ir::Program& p = *ctx.program;
  w.field("tool", "jianguan " + ctx.tool_version);
  w.key("ruleset")
      .begin_object()
      .field("name", p.ruleset)
      .field("version", p.version)
      .field("hash", p.hash)
      .end_object();
  w.field("as_of", ctx.as_of);
  w.field("data_source", ctx.data_source);
}

void write_summary(JsonWriter& w, const ir::Program& p, const Summary& s, bool zh) {
  w.begin_object();
  w.field("records_read", s.records_read).field("checked", s.checked).field("rejected", s.rejected);
  w.field("events_read", s.events_read)
      .field("events_attached", s.events_attached)
      .field("events_rejected", s.events_rejected);
  w.field("findings", s.findings);
  w.key("findings_by_severity").begin_object();
  for (int i = 0; i < 3; ++i) w.field(severity_name(i), s.by_severity[i]);
  w.end_object();
  w.key("findings_by_rule").begin_object();
  // By name: the versions of one rule count together (a JSON key once).
  for (const auto& r : rules_by_name(p, 0)) w.field(r.name, r.findings(s));
  w.end_object();
  w.key("findings_by_item").begin_object();
  for (size_t i = 0; i < p.items.size(); ++i) w.field(p.items[i].name, s.by_item[i]);
  w.end_object();
  w.key("findings_by_department").begin_object();
  for (size_t i = 0; i < p.departments.size(); ++i)
    w.field(p.departments[i].name, s.by_department[i]);
  w.end_object();
  w.key("findings_by_city").begin_object();
  for (const auto& [city, n] : s.by_city) w.field(std::to_string(city), n);
  w.end_object();
  w.key("grades").begin_object();
  for (size_t m = 0; m < p.credit_models.size(); ++m) {
    w.key(p.credit_models[m].name).begin_object();
    for (size_t g = 0; g < p.credit_models[m].grades.size(); ++g)
      w.field(p.credit_models[m].grades[g].name, s.grades[m][g]);
    w.field("none", s.grades[m].back());
    w.end_object();
  }
  w.end_object();
  w.key("restrictions").begin_object();
  for (size_t i = 0; i < s.restricted.size(); ++i)
    if (s.restricted[i]) w.field(restriction_name(static_cast<int>(i), zh), s.restricted[i]);
  w.end_object();
  w.key("repeated_inspections").begin_object();
  w.field("entities", s.repeated_entities)
      .field("groups", s.repeated_groups)
      .field("visits", s.repeated_visits);
  w.field("visits_saved", s.repeated_visits - s.repeated_groups);
  w.key("by_department_pair").begin_object();
  for (const auto& [pair, n] : s.repeated_by_pair)
    w.field(p.departments[static_cast<size_t>(pair.first)].name + "+" +
                p.departments[static_cast<size_t>(pair.second)].name,
            n);
  w.end_object().end_object();
  w.key("repeated_penalties").begin_object();
  w.field("entities", s.double_penalty_entities).field("groups", s.double_penalty_groups);
  w.end_object();
  if (s.compared) {
    Summary::Loop total;
    for (const auto& [lead, l] : s.loop) {
      total.fresh += l.fresh;
      total.open += l.open;
      total.resolved += l.resolved;
    }
    w.key("closed_loop").begin_object();
    w.field("new", total.fresh).field("open", total.open).field("resolved", total.resolved);
    w.key("by_department").begin_object();
    for (const auto& [lead, l] : s.loop)
      w.key(lead.empty() ? "(none)" : lead)
          .begin_object()
          .field("new", l.fresh)
          .field("open", l.open)
          .field("resolved", l.resolved)
          .end_object();
    w.end_object().end_object();
  }
  w.key("unassigned").begin_array();
  for (const auto& [key, n] : s.unassigned) {
    w.begin_object();
    w.field("kind", key.first >= 0 ? p.kinds[static_cast<size_t>(key.first)] : std::string());
    w.field("city", std::to_string(key.second)).field("entities", n);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_finding(JsonWriter& w, const ir::Program& p, const EntityResult& r, const Finding& f,
                   bool zh) {
  const ir::Rule& rule = p.rules[static_cast<size_t>(f.rule)];
  w.begin_object();
  w.field("entity", r.id).field("rule", rule.name);
  if (f.status) w.field("status", f.status == 1 ? "new" : "open");
  if (rule.item >= 0) {
    const auto& item = p.items[static_cast<size_t>(rule.item)];
    w.field("item", item.name).field("item_code", item.code);
  }
  w.field("severity", severity_name(rule.severity));
  w.field("message_zh", rule.message_zh).field("message_en", rule.message_en);
  w.field("basis", rule.basis);
  w.key("departments").begin_array();
  for (const auto& d : f.routed) {
    w.begin_object();
    w.field("department", p.departments[static_cast<size_t>(d.department)].name);
    w.field("role", d.lead ? "lead" : "assist")
        .field("level", level_name(d.level, zh))
        .field("unit", std::to_string(d.unit));
    w.end_object();
  }
  w.end_array();
  w.key("location")
      .begin_object()
      .field("file", rule.where.file)
      .field("line", static_cast<int64_t>(rule.where.line))
      .field("column", static_cast<int64_t>(rule.where.column))
      .end_object();
  w.key("evidence").begin_object();
  for (const auto& [label, value] : f.evidence) w.field(label, value);
  w.end_object();
  w.end_object();
}

void write_entity(JsonWriter& w, const ir::Program& p, const EntityResult& r, bool zh) {
  w.begin_object();
  w.field("entity", r.id);
  w.field("kind", r.kind >= 0 ? p.kinds[static_cast<size_t>(r.kind)] : std::string());
  w.field("division", std::to_string(r.division));
  w.key("credit").begin_array();
  for (const auto& c : r.credit) {
    const auto& m = p.credit_models[static_cast<size_t>(c.model)];
    w.begin_object().field("model", m.name).field("score", c.score);
    w.field("grade", c.grade >= 0 ? m.grades[static_cast<size_t>(c.grade)].name : std::string());
    if (c.override_by >= 0) w.field("override", c.override_by);
    w.key("contributions").begin_object();
    for (size_t i = 0; i < c.contributions.size(); ++i)
      w.field(m.indicators[i].name, c.contributions[i]);
    w.end_object().end_object();
  }
  w.end_array();
  w.key("measures").begin_array();
  for (const auto& mr : r.measures) {
    const auto& ms = p.measures[static_cast<size_t>(mr.measures)];
    w.begin_object().field("measures", ms.name);
    if (mr.grade_measure >= 0) {
      const auto& g = ms.grades[static_cast<size_t>(mr.grade_measure)];
      if (g.ratio >= 0) w.field("ratio", g.ratio);
      if (g.times > 0)
        w.field("frequency", std::to_string(g.times) + "/" + std::to_string(g.per_days) + "d");
    }
    w.key("restrictions").begin_array();
    for (const auto& x : mr.restrictions)
      w.begin_object()
          .field("restriction", restriction_name(x.restriction, zh))
          .field("basis", x.basis)
          .end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace jianguan::rt

namespace jianguan::rt {

void write_repeated(JsonWriter& w, const ir::Program& p, const EntityResult& r) {
  auto dept = [&](int32_t d) {
    return d >= 0 ? p.departments[static_cast<size_t>(d)].name : std::string();
  };
  w.begin_object().field("entity", r.id);
  w.key("visits").begin_array();
  for (const auto& g : r.repeated_visits) {
    w.begin_array();
    for (const auto& [date, d] : g.visits)
      w.begin_object()
          .field("date", ast::format_date(static_cast<ast::Date>(date)))
          .field("department", dept(d))
          .end_object();
    w.end_array();
  }
  w.end_array();
  w.key("penalties").begin_array();
  for (const auto& g : r.repeated_penalties) {
    w.begin_object().field("conduct", g.conduct).key("penalties").begin_array();
    for (const auto& [date, d] : g.penalties)
      w.begin_object()
          .field("date", ast::format_date(static_cast<ast::Date>(date)))
          .field("department", dept(d))
          .end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

}  // namespace jianguan::rt
