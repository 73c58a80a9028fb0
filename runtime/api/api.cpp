#include <algorithm>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "api/ruleset_impl.h"
#include "ast/ast.h"
#include "check/checker.h"
#include "diag/render.h"
#include "eval/evaluator.h"
#include "lower/lower.h"
#include "report/report.h"
#include "sample/sample.h"
#include "sema/builtins.h"
#include "sources/convert.h"
#include "support/json_read.h"

#ifndef JIANGUAN_VERSION
#define JIANGUAN_VERSION "0.0.0"
#endif

namespace jianguan {

std::string version() { return JIANGUAN_VERSION; }

SampleOutcome generate_sample(const std::string& path, int64_t entities, uint64_t seed,
                              const std::string& as_of) {
  sample::Options o;
  o.entities = entities;
  o.seed = seed;
  o.as_of = as_of;
  sample::Stats st;
  SampleOutcome out;
  out.ok = sample::generate(path, o, st, out.error);
  out.entities = st.entities;
  out.events = st.inspections + st.penalties + st.complaints + st.alarms;
  out.planted = st.planted;
  return out;
}

std::string Compiled::render_diagnostics(const std::string& format, bool zh, bool color) const {
  auto c = std::static_pointer_cast<const Compilation>(impl_);
  if (!c) return "";
  RenderOptions o;
  o.zh = zh;
  o.color = color;
  if (format == "json") return render_json(c->diags, c->sources, o);
  if (format == "sarif") return render_sarif(c->diags, c->sources, o, version());
  return render_text(c->diags, c->sources, o);
}

int Compiled::apply_baseline(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read baseline `" + path + "`";
    return -1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  JsonValue doc;
  if (!parse_json(ss.str(), doc, error)) {
    error = "baseline `" + path + "`: " + error;
    return -1;
  }
  const JsonValue* list = doc.get("diagnostics");
  if (!list || list->kind != JsonValue::Kind::kArray) {
    error = "baseline `" + path + "` is not the output of `jianguan lint --format json`";
    return -1;
  }
  std::multiset<std::tuple<std::string, std::string, std::string>> known;
  for (const auto& d : list->array)
    known.insert({d.str("code"), d.str("file"), d.str("message_en")});
  // The compilation is shared with the ruleset only when it compiled
  // cleanly; filtering works on this result's own copy of the list.
  auto c = std::const_pointer_cast<Compilation>(std::static_pointer_cast<const Compilation>(impl_));
  auto& items = c->diags.items();
  int dropped = 0;
  std::vector<Diagnostic> kept;
  for (auto& d : items) {
    std::string file = d.span.valid() ? c->sources.file(d.span.file).path() : d.path;
    auto it = known.find({d.code, file, d.message.en});
    if (it != known.end()) {
      known.erase(it);
      ++dropped;
    } else {
      kept.push_back(std::move(d));
    }
  }
  items = std::move(kept);
  errors = c->diags.error_count();
  warnings = c->diags.warning_count();
  return dropped;
}

Compiled compile(const std::vector<std::string>& paths) { return compile(paths, ""); }

bool is_date(const std::string& yyyy_mm_dd) { return ast::parse_date(yyyy_mm_dd).has_value(); }

std::string as_of_error(const std::string& text) {
  return "as-of date `" + text + "` is not a real date (YYYY-MM-DD)";
}

Compiled compile(const std::vector<std::string>& paths, const std::string& as_of) {
  CompileOptions options;
  if (!as_of.empty()) options.as_of = ast::parse_date(as_of);
  std::shared_ptr<Compilation> c = jianguan::compile(paths, options);
  Compiled out;
  out.errors = c->diags.error_count();
  out.warnings = c->diags.warning_count();
  out.unreadable = c->unreadable;
  out.impl_ = c;
  if (out.errors == 0 && !c->unreadable) {
    auto r = std::make_shared<Ruleset>();
    r->compilation = c;
    r->program = lower(*c);
    out.ruleset = r;
  }
  return out;
}

RulesetInfo info(const Ruleset& r) {
  const auto& p = r.program;
  return {p.ruleset, p.version, p.hash, p.rules.size(), p.items.size(), p.departments.size()};
}

CheckOutcome check(const Ruleset& r, const CheckRequest& req) {
  CheckOutcome out;
  auto as_of = ast::parse_date(req.as_of);
  if (!as_of) {
    out.bad_input = true;
    out.error = as_of_error(req.as_of);
    return out;
  }
  std::string error;
  // A check reads only what the evaluator reads: the rest of each row is
  // checked, then left behind, not carried through the sort.
  const rt::FieldsRead read = rt::fields_read(r.program);
  auto source =
      rt::open_source(r.program, req.data, req.data_format, req.threads, error, req.cancel, &read);
  if (!source) {
    out.bad_input = error != "interrupted";  // a cancelled check is not bad input
    out.error = error;
    return out;
  }
  rt::ReportContext ctx;
  ctx.program = &r.program;
  ctx.as_of = ast::format_date(*as_of);
  ctx.data_source = req.data;
  ctx.tool_version = version();
  ctx.zh = req.zh;
  auto report = rt::make_report(req.format, req.out, ctx, error);
  if (!report) {
    out.bad_input = true;
    out.error = error;
    return out;
  }
  rt::PreviousFindings previous;
  rt::CheckOptions o;
  if (!req.previous.empty()) {
    if (!previous.load(req.previous, error)) {
      out.bad_input = true;
      out.error = error;
      return out;
    }
    o.previous = &previous;
  }
  o.as_of = *as_of;
  o.threads = std::max(1, req.threads);
  o.cancel = req.cancel;
  rt::Summary s;
  if (!rt::run_check(r.program, *source, o, *report, s, error)) {
    out.error = error;
    out.bad_input = error != "interrupted";
    return out;
  }
  if (!report->finish(s, error)) {
    out.error = error;
    return out;
  }
  out.ok = true;
  out.records_read = s.records_read;
  out.checked = s.checked;
  out.rejected = s.rejected;
  out.findings = s.findings;
  out.errors = s.by_severity[0];
  out.warnings = s.by_severity[1];
  return out;
}

bool Decision::restricted(const std::string& measure) const {
  for (const auto& r : restrictions)
    if (r.restriction == measure || r.restriction_en == measure) return true;
  return false;
}

struct Session::State {
  std::shared_ptr<const Ruleset> ruleset;
  rt::Converter converter;
  rt::Evaluator evaluator;
  rt::Record record;
  rt::Row row;  // each row is converted here, then copied into the record
  rt::EntityResult result;
  explicit State(std::shared_ptr<const Ruleset> r)
      : ruleset(std::move(r)), converter(ruleset->program), evaluator(ruleset->program) {}
};

Session::Session(std::shared_ptr<const Ruleset> ruleset)
    : state_(std::make_unique<State>(std::move(ruleset))) {}
Session::~Session() = default;

Decision decide(const ir::Program& p, const rt::EntityResult& r) {
  Decision d;
  d.ok = true;
  for (const auto& f : r.findings) {
    const auto& rule = p.rules[static_cast<size_t>(f.rule)];
    FindingOut fo{rule.name,
                  rule.item >= 0 ? p.items[static_cast<size_t>(rule.item)].name : "",
                  rt::severity_name(rule.severity),
                  rule.message_zh,
                  rule.message_en,
                  rule.basis,
                  {}};
    for (const auto& x : f.routed) fo.departments.push_back(rt::routed_text(p, x, true));
    d.findings.push_back(std::move(fo));
  }
  if (!r.credit.empty()) {
    const auto& c = r.credit.front();
    d.score = c.score;
    if (c.grade >= 0)
      d.grade =
          p.credit_models[static_cast<size_t>(c.model)].grades[static_cast<size_t>(c.grade)].name;
  }
  for (const auto& m : r.measures)
    for (const auto& x : m.restrictions)
      d.restrictions.push_back({rt::restriction_name(x.restriction, true),
                                rt::restriction_name(x.restriction, false), x.basis});
  return d;
}

Decision Session::evaluate(const EntityInput& in, const std::string& as_of_text) {
  Decision d;
  auto as_of = ast::parse_date(as_of_text);
  if (!as_of) {
    d.error = as_of_error(as_of_text);
    return d;
  }
  const ir::Program& p = state_->ruleset->program;
  rt::Record& rec = state_->record;
  rec.reset(p);
  std::string reason;
  auto fill = [&](int32_t table, const std::map<std::string, std::string>& cells, rt::Row& row) {
    const ir::Table& t = p.tables[static_cast<size_t>(table)];
    row.resize(t.fields.size());
    for (size_t f = 0; f < t.fields.size(); ++f) {
      auto it = cells.find(t.fields[f].column);
      std::optional<std::string_view> raw;
      if (it != cells.end()) raw = it->second;
      if (!state_->converter.convert(table, f, raw, row, reason)) {
        reason = t.name + ": " + reason;
        return false;
      }
    }
    return true;
  };
  rt::Row& row = state_->row;
  if (!fill(p.entity, in.fields, row)) {
    d.error = reason;
    return d;
  }
  rec.set_entity(row);
  for (int32_t t = 0; t < static_cast<int32_t>(p.tables.size()); ++t) {
    if (!p.tables[static_cast<size_t>(t)].is_event) continue;
    auto it = in.events.find(p.tables[static_cast<size_t>(t)].source);
    if (it == in.events.end()) continue;
    for (const auto& cells : it->second) {
      if (!fill(t, cells, row)) {
        d.error = reason;
        return d;
      }
      rec.append(t, row);
    }
  }
  state_->evaluator.evaluate(rec, *as_of, state_->result);
  return decide(p, state_->result);
}

}  // namespace jianguan
