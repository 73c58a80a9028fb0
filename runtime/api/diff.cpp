// `jianguan diff` in the library: the structural comparison of two rulesets
// (compiler/analysis/diff.h) and, with data, their impact: both versions
// check the same records and every entity whose findings, grade, measures or
// restrictions differ is counted, with examples. Reports as text, JSON or
// markdown (for a merge-request comment).
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analysis/diff.h"
#include "api/ruleset_impl.h"
#include "check/checker.h"
#include "report/report.h"
#include "sources/source.h"
#include "support/json.h"

namespace jianguan {

namespace {

using analysis::Change;

// What one entity gets from one version of the rules, in names that mean
// the same in both versions.
struct Outcome {
  std::vector<std::string> findings;          // rule names, sorted
  std::map<std::string, std::string> grades;  // credit model -> grade ("" none)
  std::vector<std::string> measures;          // "measures grade ratio frequency", sorted
  std::vector<int> restrictions;              // restriction ids, sorted
};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

Outcome outcome_of(const ir::Program& p, const rt::EntityResult& r) {
  Outcome o;
  for (const auto& f : r.findings) o.findings.push_back(p.rules[static_cast<size_t>(f.rule)].name);
  for (const auto& c : r.credit) {
    const auto& m = p.credit_models[static_cast<size_t>(c.model)];
    o.grades[m.name] = c.grade >= 0 ? m.grades[static_cast<size_t>(c.grade)].name : "";
  }
  for (const auto& m : r.measures) {
    const auto& ms = p.measures[static_cast<size_t>(m.measures)];
    if (m.grade_measure >= 0) {
      const auto& g = ms.grades[static_cast<size_t>(m.grade_measure)];
      std::string grade = ms.model >= 0 && g.grade >= 0
                              ? p.credit_models[static_cast<size_t>(ms.model)]
                                    .grades[static_cast<size_t>(g.grade)]
                                    .name
                              : "?";
      o.measures.push_back(ms.name + " " + grade + " ratio " + number(g.ratio) + " " +
                           std::to_string(g.times) + "/" + std::to_string(g.per_days));
    }
    for (const auto& x : m.restrictions) o.restrictions.push_back(x.restriction);
  }
  for (auto* v : {&o.findings, &o.measures}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::sort(o.restrictions.begin(), o.restrictions.end());
  o.restrictions.erase(std::unique(o.restrictions.begin(), o.restrictions.end()),
                       o.restrictions.end());
  return o;
}

// Entities are matched by key; a key seen again (duplicate rows) is told
// apart by its occurrence.
class KeyCounter {
 public:
  std::string key(const std::string& id) {
    int n = seen_[id]++;
    return n == 0 ? id : id + "\x01" + std::to_string(n);
  }

 private:
  std::unordered_map<std::string, int> seen_;
};

std::string display_id(const std::string& key) { return key.substr(0, key.find('\x01')); }

struct Category {
  int64_t entities = 0;
  std::vector<std::string> examples;
  void add(const std::string& id, size_t max_examples) {
    ++entities;
    if (examples.size() < max_examples) examples.push_back(display_id(id));
  }
};

struct Impact {
  std::string data, as_of;
  int64_t old_checked = 0, new_checked = 0, compared = 0, only_old = 0, only_new = 0;
  int64_t changed = 0;
  Category findings, grade, measures, restrictions;
  std::map<std::string, std::pair<int64_t, int64_t>> by_rule;  // rule -> (gained, lost)
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> transitions;
  std::map<int, std::pair<int64_t, int64_t>> by_restriction;  // id -> (gained, lost)
};

class Collect final : public rt::ResultSink {
 public:
  Collect(const ir::Program& p, std::unordered_map<std::string, Outcome>& out) : p_(p), out_(out) {}
  void entity(const rt::EntityResult& r) override { out_[keys_.key(r.id)] = outcome_of(p_, r); }
  void reject(const rt::Reject&) override {}

 private:
  const ir::Program& p_;
  std::unordered_map<std::string, Outcome>& out_;
  KeyCounter keys_;
};

template <typename T>
void gained_lost(const std::vector<T>& before, const std::vector<T>& after,
                 std::map<T, std::pair<int64_t, int64_t>>& counts) {
  std::vector<T> gained, lost;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(gained));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(lost));
  for (const auto& g : gained) ++counts[g].first;
  for (const auto& l : lost) ++counts[l].second;
}

class Compare final : public rt::ResultSink {
 public:
  Compare(const ir::Program& p, std::unordered_map<std::string, Outcome>& before, Impact& impact,
          size_t examples)
      : p_(p), before_(before), im_(impact), examples_(examples) {}

  void entity(const rt::EntityResult& r) override {
    std::string key = keys_.key(r.id);
    auto it = before_.find(key);
    if (it == before_.end()) {
      ++im_.only_new;
      return;
    }
    ++im_.compared;
    const Outcome& a = it->second;
    Outcome b = outcome_of(p_, r);
    bool any = false;
    if (a.findings != b.findings) {
      im_.findings.add(key, examples_);
      gained_lost(a.findings, b.findings, im_.by_rule);
      any = true;
    }
    if (a.grades != b.grades) {
      im_.grade.add(key, examples_);
      std::set<std::string> models;
      for (const auto& [m, g] : a.grades) models.insert(m);
      for (const auto& [m, g] : b.grades) models.insert(m);
      for (const auto& m : models) {
        auto x = a.grades.find(m);
        auto y = b.grades.find(m);
        std::string from = x == a.grades.end() ? "" : x->second;
        std::string to = y == b.grades.end() ? "" : y->second;
        if (from != to) ++im_.transitions[{m, from, to}];
      }
      any = true;
    }
    if (a.measures != b.measures) {
      im_.measures.add(key, examples_);
      any = true;
    }
    if (a.restrictions != b.restrictions) {
      im_.restrictions.add(key, examples_);
      gained_lost(a.restrictions, b.restrictions, im_.by_restriction);
      any = true;
    }
    if (any) ++im_.changed;
    before_.erase(it);
  }
  void reject(const rt::Reject&) override {}

 private:
  const ir::Program& p_;
  std::unordered_map<std::string, Outcome>& before_;
  Impact& im_;
  size_t examples_;
  KeyCounter keys_;
};

bool run_impact(const Ruleset& a, const Ruleset& b, const DiffRequest& req, Impact& im,
                std::string& error) {
  auto as_of = ast::parse_date(req.as_of);
  if (!as_of) {
    error = as_of_error(req.as_of);
    return false;
  }
  im.data = req.data;
  im.as_of = ast::format_date(*as_of);
  rt::CheckOptions o;
  o.as_of = *as_of;
  o.threads = std::max(1, req.threads);
  std::unordered_map<std::string, Outcome> before;
  {
    auto source = rt::open_source(a.program, req.data, req.data_format, o.threads, error);
    if (!source) return false;
    Collect sink(a.program, before);
    rt::Summary s;
    if (!rt::run_check(a.program, *source, o, sink, s, error)) return false;
    im.old_checked = s.checked;
  }
  {
    auto source = rt::open_source(b.program, req.data, req.data_format, o.threads, error);
    if (!source) return false;
    Compare sink(b.program, before, im, static_cast<size_t>(std::max(0, req.examples)));
    rt::Summary s;
    if (!rt::run_check(b.program, *source, o, sink, s, error)) return false;
    im.new_checked = s.checked;
  }
  im.only_old = static_cast<int64_t>(before.size());
  return true;
}

// ---- rendering ---------------------------------------------------------

struct Words {
  bool zh;
  const std::string& t(const Text& x) const { return zh ? x.zh : x.en; }
  std::string s(const char* en, const char* zh_) const { return zh ? zh_ : en; }
};

std::string op_word(Change::Op op, const Words& w) {
  switch (op) {
    case Change::Op::kAdded:
      return w.s("added", "新增");
    case Change::Op::kRemoved:
      return w.s("removed", "删除");
    case Change::Op::kChanged:
      return w.s("changed", "修改");
  }
  return "";
}

char op_mark(Change::Op op) {
  return op == Change::Op::kAdded ? '+' : op == Change::Op::kRemoved ? '-' : '~';
}

std::string grade_name(const std::string& g, const Words& w) {
  return g.empty() ? w.s("(no grade)", "（无等级）") : g;
}

std::string restriction_label(int id, const Words& w) { return rt::restriction_name(id, w.zh); }

// A rule version is named by its dates after the rule's name.
std::string version_suffix(const Change& c, const Words& w) {
  if (c.version.en.empty()) return "";
  return w.zh ? "（" + c.version.zh + "）" : " (" + c.version.en + ")";
}

// Sections in report order, each with its changes in order.
std::vector<std::pair<std::string, std::vector<const Change*>>> by_section(
    const std::vector<Change>& changes) {
  std::vector<std::pair<std::string, std::vector<const Change*>>> out;
  for (const auto& c : changes) {
    if (out.empty() || out.back().first != c.section) out.push_back({c.section, {}});
    out.back().second.push_back(&c);
  }
  return out;
}

std::string examples_text(const Category& c) {
  std::string out;
  for (const auto& e : c.examples) out += (out.empty() ? "" : ", ") + e;
  return out;
}

std::string pad(const std::string& s, uint32_t width) {
  uint32_t w = display_width(s);
  return s + std::string(w < width ? width - w : 1, ' ');
}

std::string render_text(const std::vector<Change>& changes, const Impact* im,
                        const DiffRequest& req) {
  Words w{req.zh};
  std::string o;
  auto line = [&](const std::string& l) { o += l + "\n"; };
  line(w.s("Ruleset diff: ", "规则集对比：") + req.old_label + " -> " + req.new_label);
  if (changes.empty()) {
    line(w.s("No changes in the rules.", "规则没有变化。"));
  } else {
    line(w.zh ? "规则变化 " + std::to_string(changes.size()) + " 处"
              : std::to_string(changes.size()) + (changes.size() == 1 ? " change" : " changes") +
                    " in the rules");
  }
  for (const auto& [section, list] : by_section(changes)) {
    line("");
    line(w.t(analysis::section_title(section)));
    std::string current;
    bool open = false;
    for (const Change* c : list) {
      if (c->op != Change::Op::kChanged) {
        const Text& summary = c->op == Change::Op::kAdded ? c->after : c->before;
        std::string s = w.t(summary);
        line(std::string("  ") + op_mark(c->op) + " " + c->name + version_suffix(*c, w) +
             (s.empty() ? "" : "  " + s));
        open = false;
        continue;
      }
      std::string name = c->name + version_suffix(*c, w);
      if (!open || name != current) {
        line("  ~ " + (c->name.empty() ? w.s("(header)", "（头部）") : name));
        current = name;
        open = true;
      }
      line("      " + w.t(c->label) + ": " + w.t(c->before) + "  ->  " + w.t(c->after));
    }
  }
  if (im) {
    line("");
    line(w.zh ? "对数据的影响：" + im->data + "，基准日 " + im->as_of
              : "Impact on " + im->data + " as of " + im->as_of);
    line("  " + pad(w.s("entities checked", "检查的主体"), 32) + std::to_string(im->compared) +
         (w.zh ? "（仅旧版 " + std::to_string(im->only_old) + "，仅新版 " +
                     std::to_string(im->only_new) + "）"
               : " by both (" + std::to_string(im->only_old) + " only by the old, " +
                     std::to_string(im->only_new) + " only by the new)"));
    line("  " + pad(w.s("entities whose results change", "结果变化的主体"), 32) +
         std::to_string(im->changed));
    auto cat = [&](const char* en, const char* zh, const Category& c) {
      std::string l = "  " + pad(w.s(en, zh), 32) + std::to_string(c.entities);
      if (!c.examples.empty()) l += w.s("  e.g. ", "  例如 ") + examples_text(c);
      line(l);
    };
    cat("findings", "违规", im->findings);
    for (const auto& [rule, gl] : im->by_rule)
      line("      " + pad(rule, 30) + "+" + std::to_string(gl.first) + " -" +
           std::to_string(gl.second));
    cat("grade", "信用等级", im->grade);
    for (const auto& [t, n] : im->transitions)
      line("      " +
           pad(std::get<0>(t) + " " + grade_name(std::get<1>(t), w) + " -> " +
                   grade_name(std::get<2>(t), w),
               30) +
           std::to_string(n));
    cat("measures", "监管措施", im->measures);
    cat("restrictions", "限制", im->restrictions);
    for (const auto& [id, gl] : im->by_restriction)
      line("      " + pad(restriction_label(id, w), 30) + "+" + std::to_string(gl.first) + " -" +
           std::to_string(gl.second));
  }
  return o;
}

// `text` as inline code; a text holding a backtick is fenced with two.
std::string code_span(const std::string& text) {
  return text.find('`') == std::string::npos ? "`" + text + "`" : "`` " + text + " ``";
}

std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out.empty() ? " " : out;
}

std::string render_markdown(const std::vector<Change>& changes, const Impact* im,
                            const DiffRequest& req) {
  Words w{req.zh};
  std::string o;
  auto line = [&](const std::string& l) { o += l + "\n"; };
  line(w.s("## Ruleset diff: `", "## 规则集对比：`") + req.old_label + "` → `" + req.new_label +
       "`");
  line("");
  std::string head;
  if (changes.empty())
    head = w.s("No changes in the rules.", "规则没有变化。");
  else
    head = w.zh ? "规则变化 **" + std::to_string(changes.size()) + "** 处。"
                : "**" + std::to_string(changes.size()) + "** " +
                      (changes.size() == 1 ? "change" : "changes") + " in the rules.";
  if (im)
    head += w.zh ? " 在 `" + im->data + "` 上（基准日 " + im->as_of + "），**" +
                       std::to_string(im->changed) + "** / " + std::to_string(im->compared) +
                       " 个主体的结果发生变化。"
                 : " On `" + im->data + "` as of " + im->as_of + ", **" +
                       std::to_string(im->changed) + "** of " + std::to_string(im->compared) +
                       " entities change results.";
  line(head);
  for (const auto& [section, list] : by_section(changes)) {
    line("");
    line("### " + w.t(analysis::section_title(section)));
    line("");
    line(w.s("| Change | Name | What | Before | After |",
             "| 变化 | 名称 | 内容 | 修改前 | 修改后 |"));
    line("|---|---|---|---|---|");
    for (const Change* c : list) {
      std::string what = c->op == Change::Op::kChanged ? w.t(c->label) : "";
      auto value = [&](const Text& t) {
        const std::string& v = w.t(t);
        return md_cell(c->source && v != "—" && !v.empty() ? code_span(v) : v);
      };
      line("| " + op_word(c->op, w) + " | " +
           md_cell(c->name.empty() ? "" : code_span(c->name) + version_suffix(*c, w)) + " | " +
           md_cell(what) + " | " + value(c->before) + " | " + value(c->after) + " |");
    }
  }
  if (im) {
    line("");
    line(w.s("### Impact on data", "### 对数据的影响"));
    line("");
    line(w.zh ? "`" + im->data + "`，基准日 " + im->as_of + "：两版都检查的主体 " +
                    std::to_string(im->compared) + " 个（仅旧版 " + std::to_string(im->only_old) +
                    "，仅新版 " + std::to_string(im->only_new) + "）。"
              : "`" + im->data + "` as of " + im->as_of + ": " + std::to_string(im->compared) +
                    " entities checked by both versions (" + std::to_string(im->only_old) +
                    " only by the old, " + std::to_string(im->only_new) + " only by the new).");
    line("");
    line(w.s("| Results | Entities | Examples |", "| 结果 | 主体数 | 示例 |"));
    line("|---|---:|---|");
    auto cat = [&](const char* en, const char* zh, const Category& c) {
      std::string ex;
      for (const auto& e : c.examples) ex += (ex.empty() ? "`" : ", `") + e + "`";
      line("| " + w.s(en, zh) + " | " + std::to_string(c.entities) + " | " + md_cell(ex) + " |");
    };
    cat("Findings", "违规", im->findings);
    cat("Grade", "信用等级", im->grade);
    cat("Measures", "监管措施", im->measures);
    cat("Restrictions", "限制", im->restrictions);
    if (!im->by_rule.empty()) {
      line("");
      line(w.s("| Rule | Newly flagged | No longer flagged |",
               "| 规则 | 新增违规主体 | 不再违规主体 |"));
      line("|---|---:|---:|");
      for (const auto& [rule, gl] : im->by_rule)
        line("| `" + md_cell(rule) + "` | " + std::to_string(gl.first) + " | " +
             std::to_string(gl.second) + " |");
    }
    if (!im->transitions.empty()) {
      line("");
      line(w.s("| Credit model | From | To | Entities |",
               "| 信用模型 | 原等级 | 新等级 | 主体数 |"));
      line("|---|---|---|---:|");
      for (const auto& [t, n] : im->transitions)
        line("| `" + md_cell(std::get<0>(t)) + "` | " + md_cell(grade_name(std::get<1>(t), w)) +
             " | " + md_cell(grade_name(std::get<2>(t), w)) + " | " + std::to_string(n) + " |");
    }
    if (!im->by_restriction.empty()) {
      line("");
      line(w.s("| Restriction | Newly restricted | No longer restricted |",
               "| 限制措施 | 新增受限主体 | 不再受限主体 |"));
      line("|---|---:|---:|");
      for (const auto& [id, gl] : im->by_restriction)
        line("| " + restriction_label(id, w) + " | " + std::to_string(gl.first) + " | " +
             std::to_string(gl.second) + " |");
    }
  }
  return o;
}

void json_text(JsonWriter& j, const char* key, const Text& t) {
  j.key(key).begin_object().field("en", t.en).field("zh", t.zh).end_object();
}

std::string render_json(const std::vector<Change>& changes, const Impact* im,
                        const DiffRequest& req, bool differs) {
  std::string o;
  JsonWriter j(o);
  j.begin_object();
  j.field("old", req.old_label).field("new", req.new_label).field("differs", differs);
  j.key("changes").begin_array();
  for (const auto& c : changes) {
    j.begin_object();
    j.field("section", c.section);
    j.field("op", c.op == Change::Op::kAdded     ? "added"
                  : c.op == Change::Op::kRemoved ? "removed"
                                                 : "changed");
    j.field("name", c.name);
    if (!c.version.en.empty()) json_text(j, "version", c.version);
    if (c.op == Change::Op::kChanged) {
      j.field("field", c.field);
      json_text(j, "label", c.label);
      json_text(j, "before", c.before);
      json_text(j, "after", c.after);
    } else {
      json_text(j, "summary", c.op == Change::Op::kAdded ? c.after : c.before);
    }
    j.end_object();
  }
  j.end_array();
  if (im) {
    j.key("impact").begin_object();
    j.field("data", im->data).field("as_of", im->as_of);
    j.field("compared", im->compared)
        .field("only_old", im->only_old)
        .field("only_new", im->only_new);
    j.field("changed", im->changed);
    auto cat = [&](const char* key, const Category& c) {
      j.key(key).begin_object().field("entities", c.entities).key("examples").begin_array();
      for (const auto& e : c.examples) j.value(e);
      j.end_array();
    };
    cat("findings", im->findings);
    j.key("by_rule").begin_array();
    for (const auto& [rule, gl] : im->by_rule)
      j.begin_object()
          .field("rule", rule)
          .field("gained", gl.first)
          .field("lost", gl.second)
          .end_object();
    j.end_array().end_object();
    cat("grade", im->grade);
    j.key("transitions").begin_array();
    for (const auto& [t, n] : im->transitions)
      j.begin_object()
          .field("model", std::get<0>(t))
          .field("from", std::get<1>(t))
          .field("to", std::get<2>(t))
          .field("entities", n)
          .end_object();
    j.end_array().end_object();
    cat("measures", im->measures);
    j.end_object();
    cat("restrictions", im->restrictions);
    j.key("by_restriction").begin_array();
    for (const auto& [id, gl] : im->by_restriction)
      j.begin_object()
          .field("restriction", rt::restriction_name(id, true))
          .field("restriction_en", rt::restriction_name(id, false))
          .field("gained", gl.first)
          .field("lost", gl.second)
          .end_object();
    j.end_array().end_object();
    j.end_object();
  }
  j.end_object();
  return o + "\n";
}

}  // namespace

DiffOutcome diff(const Ruleset& old_rules, const Ruleset& new_rules, const DiffRequest& req) {
  DiffOutcome out;
  std::vector<Change> changes = analysis::compare(*old_rules.compilation, *new_rules.compilation);
  Impact impact;
  const Impact* im = nullptr;
  if (!req.data.empty()) {
    std::string error;
    if (!run_impact(old_rules, new_rules, req, impact, error)) {
      out.bad_input = true;
      out.error = error;
      return out;
    }
    im = &impact;
  }
  out.changes = changes.size();
  out.entities_changed = im ? im->changed : 0;
  out.differs =
      !changes.empty() || (im && (im->changed > 0 || im->only_old > 0 || im->only_new > 0));
  if (req.format == "json")
    out.report = render_json(changes, im, req, out.differs);
  else if (req.format == "markdown")
    out.report = render_markdown(changes, im, req);
  else
    out.report = render_text(changes, im, req);
  out.ok = true;
  return out;
}

}  // namespace jianguan
