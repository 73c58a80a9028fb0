#include "analysis/diff.h"

#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "sema/builtins.h"
#include "syntax/format.h"

namespace jianguan::analysis {

namespace {

const char* const kNone = "—";

Text same(const std::string& s) { return {s, s}; }

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

Text join(const std::vector<Text>& parts, const std::string& sep_en, const std::string& sep_zh) {
  Text out;
  for (const auto& p : parts) {
    if (!out.en.empty()) out.en += sep_en;
    if (!out.zh.empty()) out.zh += sep_zh;
    out.en += p.en;
    out.zh += p.zh;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string percent(double fraction) { return number(fraction * 100) + "%"; }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

Text optional_text(const std::optional<std::string>& s) {
  return same(s ? quoted(*s) : std::string(kNone));
}

Text date_text(const std::optional<ast::Date>& d) {
  return same(d ? ast::format_date(*d) : std::string(kNone));
}

Text unit_text(ast::Unit u) {
  switch (u) {
    case ast::Unit::kDays:
      return {"day", "天"};
    case ast::Unit::kMonths:
      return {"month", "月"};
    case ast::Unit::kYears:
      return {"year", "年"};
  }
  return {"?", "?"};
}

Text frequency_text(const ast::Frequency& f) {
  Text u = unit_text(f.per);
  std::string n = std::to_string(f.times);
  return {n + "/" + u.en, n + " 次/" + u.zh};
}

Text vocab(const std::vector<sema::Builtin>& table, int id) {
  return {sema::label(table, id, false), sema::label(table, id, true)};
}

// Labels of the set bits of `mask`, in the table's order.
Text vocab_list(const std::vector<sema::Builtin>& table, unsigned mask, int count) {
  std::vector<Text> parts;
  for (int i = 0; i < count; ++i)
    if (mask & (1u << i)) parts.push_back(vocab(table, i));
  return parts.empty() ? same(kNone) : join(parts, ", ", ", ");
}

std::string names(const std::vector<ast::Name>& ns) {
  std::vector<std::string> parts;
  for (const auto& n : ns) parts.push_back(n.text);
  return parts.empty() ? std::string(kNone) : join(parts, ", ");
}

// Duties of one role in an item: department -> cells (bit per level and
// action), in the order the departments first appear.
using Cells = uint32_t;
constexpr int kLevels = sema::kLevelCount, kActions = sema::kActionCount;
Cells cell(int level, int action) { return 1u << (level * kActions + action); }
const Cells kAllCells = (1u << (kLevels * kActions)) - 1;

// "在 盟市 负责 许可 / 负责 检查, 处罚": actions grouped by the levels
// they are taken at; a group at every level names no level, a group of
// every action names no action.
Text cells_text(Cells c) {
  const unsigned all_levels = (1u << sema::kLevelCount) - 1;
  std::vector<std::pair<unsigned, unsigned>> groups;  // (levels, actions)
  for (int a = 0; a < sema::kActionCount; ++a) {
    unsigned lv = 0;
    for (int l = 0; l < sema::kLevelCount; ++l)
      if (c & cell(l, a)) lv |= 1u << l;
    if (!lv) continue;
    bool merged = false;
    for (auto& g : groups)
      if (g.first == lv) {
        g.second |= 1u << a;
        merged = true;
      }
    if (!merged) groups.push_back({lv, 1u << a});
  }
  std::vector<Text> parts;
  for (const auto& [lv, ac] : groups) {
    Text t;
    if (lv != all_levels) {
      Text l = vocab_list(sema::levels(), lv, sema::kLevelCount);
      t = {"at " + l.en, "在 " + l.zh};
    }
    if (ac != (1u << sema::kActionCount) - 1) {
      Text a = vocab_list(sema::actions(), ac, sema::kActionCount);
      if (!t.en.empty()) t.en += ' ', t.zh += ' ';
      t.en += "for " + a.en;
      t.zh += "负责 " + a.zh;
    }
    parts.push_back(t);
  }
  return join(parts, " / ", " / ");
}

struct RoleDuties {
  std::vector<std::string> order;
  std::map<std::string, Cells> cells;
};

RoleDuties role_duties(const sema::Model& m, const sema::ItemInfo& it, bool lead) {
  RoleDuties r;
  for (const auto& d : it.duties) {
    if (d.lead != lead || d.department < 0) continue;
    const std::string& name = m.departments[static_cast<size_t>(d.department)].name;
    if (!r.cells.count(name)) r.order.push_back(name);
    for (int l = 0; l < sema::kLevelCount; ++l)
      for (int a = 0; a < sema::kActionCount; ++a)
        if ((d.levels & (1u << l)) && (d.actions & (1u << a))) r.cells[name] |= cell(l, a);
  }
  return r;
}

Text role_text(const RoleDuties& r) {
  std::vector<Text> parts;
  for (const auto& name : r.order) {
    Cells c = r.cells.at(name);
    if (c == kAllCells) {
      parts.push_back(same(name));
    } else {
      Text t = cells_text(c);
      parts.push_back({name + " (" + t.en + ")", name + " (" + t.zh + ")"});
    }
  }
  return parts.empty() ? same(kNone) : join(parts, "; ", "; ");
}

class Differ {
 public:
  Differ(const Compilation& a, const Compilation& b, std::vector<Change>& out)
      : a_(a), b_(b), ma_(a.model), mb_(b.model), out_(out) {}

  void run() {
    ruleset();
    departments();
    kinds();
    schemas();
    items();
    joints();
    rules();
    credit();
    measures();
    tests();
  }

 private:
  const Compilation& a_;
  const Compilation& b_;
  const sema::Model& ma_;
  const sema::Model& mb_;
  std::vector<Change>& out_;
  std::string section_;
  std::string name_;
  Text version_;         // the rule version being compared, if the rule has versions
  bool source_ = false;  // the next fields compare rule source text

  // An expression as normalised source text.
  static std::string src(const Compilation& c, const ast::Expr* e) {
    if (!e || !e->span.valid()) return kNone;
    const std::string& text = c.sources.file(e->span.file).text();
    if (e->span.end > text.size() || e->span.begin > e->span.end) return kNone;
    return normalize_expression(
        std::string_view(text).substr(e->span.begin, e->span.end - e->span.begin));
  }

  void field(const std::string& key, Text label, Text before, Text after) {
    if (before.en == after.en && before.zh == after.zh) return;
    Change c;
    c.op = Change::Op::kChanged;
    c.section = section_;
    c.name = name_;
    c.version = version_;
    c.field = key;
    c.label = std::move(label);
    c.before = std::move(before);
    c.after = std::move(after);
    c.source = source_;
    out_.push_back(std::move(c));
  }
  void field(const std::string& key, Text label, const std::string& before,
             const std::string& after) {
    field(key, std::move(label), same(before), same(after));
  }
  // The same for fields holding conditions or other rule source text.
  template <typename B, typename A>
  void source_field(const std::string& key, Text label, B before, A after) {
    source_ = true;
    field(key, std::move(label), before, after);
    source_ = false;
  }

  void added(const std::string& name, Text summary) {
    Change c;
    c.op = Change::Op::kAdded;
    c.section = section_;
    c.name = name;
    c.version = version_;
    c.after = std::move(summary);
    out_.push_back(std::move(c));
  }
  void removed(const std::string& name, Text summary) {
    Change c;
    c.op = Change::Op::kRemoved;
    c.section = section_;
    c.name = name;
    c.version = version_;
    c.before = std::move(summary);
    out_.push_back(std::move(c));
  }

  // Matches declarations by name: changed and added in the newer order,
  // then the removed ones.
  template <typename Info, typename Compare, typename Summary>
  void match(const std::string& section, const std::vector<Info>& olds,
             const std::vector<Info>& news, Compare compare, Summary summary) {
    section_ = section;
    std::map<std::string, size_t> old_index;
    for (size_t i = 0; i < olds.size(); ++i) old_index.emplace(olds[i].name, i);
    std::set<std::string> seen;
    for (const auto& n : news) {
      seen.insert(n.name);
      auto it = old_index.find(n.name);
      name_ = n.name;
      if (it == old_index.end())
        added(n.name, summary(b_, n));
      else
        compare(olds[it->second], n);
    }
    for (const auto& o : olds)
      if (!seen.count(o.name)) removed(o.name, summary(a_, o));
    name_.clear();
  }

  void ruleset() {
    section_ = "ruleset";
    name_.clear();
    field("name", {"name", "名称"}, ma_.name.empty() ? kNone : quoted(ma_.name),
          mb_.name.empty() ? kNone : quoted(mb_.name));
    field("version", {"version", "版本"}, ma_.version.empty() ? kNone : quoted(ma_.version),
          mb_.version.empty() ? kNone : quoted(mb_.version));
  }

  void departments() {
    auto levels = [](const sema::DepartmentInfo& d) {
      return d.levels ? vocab_list(sema::levels(), d.levels, sema::kLevelCount)
                      : Text{"every level", "各层级"};
    };
    match(
        "departments", ma_.departments, mb_.departments,
        [&](const sema::DepartmentInfo& o, const sema::DepartmentInfo& n) {
          field("title", {"title", "全称"}, quoted(o.decl->title), quoted(n.decl->title));
          field("levels", {"levels", "层级"}, levels(o), levels(n));
          field("jurisdiction", {"jurisdiction", "辖区"},
                o.jurisdiction.empty() ? std::string(kNone) : join(o.jurisdiction, ", "),
                n.jurisdiction.empty() ? std::string(kNone) : join(n.jurisdiction, ", "));
          field("domains", {"domains", "领域"}, names(o.decl->domains), names(n.decl->domains));
          field("effective", {"effective", "生效"}, date_text(o.decl->dates.effective),
                date_text(n.decl->dates.effective));
          field("abolished", {"abolished", "废止"}, date_text(o.decl->dates.abolished),
                date_text(n.decl->dates.abolished));
        },
        [&](const Compilation&, const sema::DepartmentInfo& d) {
          return same(d.decl->title.empty() ? std::string() : quoted(d.decl->title));
        });
  }

  void kinds() {
    match(
        "kinds", ma_.kinds, mb_.kinds,
        [&](const sema::KindInfo& o, const sema::KindInfo& n) {
          field("title", {"title", "全称"}, quoted(o.decl->title), quoted(n.decl->title));
          field("activities", {"activities", "业务"}, names(o.decl->activities),
                names(n.decl->activities));
        },
        [&](const Compilation&, const sema::KindInfo& k) {
          return same(k.decl->title.empty() ? std::string() : quoted(k.decl->title));
        });
  }

  static Text field_text(const sema::Model& m, const sema::FieldInfo& f) {
    Text t = {sema::type_name(m, f.type, false), sema::type_name(m, f.type, true)};
    if (f.type.optional) t.en += " optional", t.zh += " 可选";
    if (f.key) t.en += " key", t.zh += " 主键";
    t.en += " column " + quoted(f.column);
    t.zh += " 列 " + quoted(f.column);
    return t;
  }

  void schemas() {
    match(
        "schema", ma_.schemas, mb_.schemas,
        [&](const sema::SchemaInfo& o, const sema::SchemaInfo& n) {
          field("table", {"table", "表"}, quoted(o.table), quoted(n.table));
          std::set<std::string> seen;
          for (const auto& f : n.fields) {
            seen.insert(f.name);
            int i = o.field(f.name);
            Text before = i < 0 ? same(kNone) : field_text(ma_, o.fields[static_cast<size_t>(i)]);
            field("field " + f.name, {"field " + f.name, "字段 " + f.name}, before,
                  field_text(mb_, f));
          }
          for (const auto& f : o.fields)
            if (!seen.count(f.name))
              field("field " + f.name, {"field " + f.name, "字段 " + f.name}, field_text(ma_, f),
                    same(kNone));
        },
        [&](const Compilation& c, const sema::SchemaInfo& s) {
          std::string table = s.table.empty() ? s.name : s.table;
          return s.is_event ? Text{"event table " + quoted(table), "事件表 " + quoted(table)}
                            : Text{"entity table " + quoted(table), "主体表 " + quoted(table)};
        });
  }

  static Text item_summary(const Compilation& c, const sema::ItemInfo& it) {
    Text lead = role_text(role_duties(c.model, it, true));
    std::string title = it.decl->title.empty() ? "" : quoted(it.decl->title) + " ";
    return {title + "(lead " + lead.en + ")", title + "(牵头 " + lead.zh + ")"};
  }

  void items() {
    auto kinds = [](const sema::Model& m, const sema::ItemInfo& it) {
      std::vector<std::string> parts;
      for (int k : it.kinds) parts.push_back(m.kinds[static_cast<size_t>(k)].name);
      return parts;
    };
    match(
        "items", ma_.items, mb_.items,
        [&](const sema::ItemInfo& o, const sema::ItemInfo& n) {
          const ast::Item& od = *o.decl;
          const ast::Item& nd = *n.decl;
          field("title", {"title", "全称"}, quoted(od.title), quoted(nd.title));
          field("code", {"code", "编码"}, optional_text(od.code), optional_text(nd.code));
          field("basis", {"basis", "依据"}, optional_text(od.basis), optional_text(nd.basis));
          auto ok = kinds(ma_, o), nk = kinds(mb_, n);
          if (std::set<std::string>(ok.begin(), ok.end()) !=
              std::set<std::string>(nk.begin(), nk.end()))
            field("covers", {"covers", "对象"}, ok.empty() ? kNone : join(ok, ", "),
                  nk.empty() ? kNone : join(nk, ", "));
          for (bool lead : {true, false}) {
            RoleDuties ro = role_duties(ma_, o, lead), rn = role_duties(mb_, n, lead);
            if (ro.cells != rn.cells)
              field(lead ? "lead" : "assist", lead ? Text{"lead", "牵头"} : Text{"assist", "配合"},
                    role_text(ro), role_text(rn));
          }
          field("methods", {"methods", "方式"},
                vocab_list(sema::methods(), o.methods, sema::kMethodCount),
                vocab_list(sema::methods(), n.methods, sema::kMethodCount));
          field("ratio", {"ratio", "比例"}, od.ratio ? percent(*od.ratio) : kNone,
                nd.ratio ? percent(*nd.ratio) : kNone);
          field("frequency", {"frequency", "频次"},
                od.frequency ? frequency_text(*od.frequency) : same(kNone),
                nd.frequency ? frequency_text(*nd.frequency) : same(kNone));
          field("effective", {"effective", "生效"}, date_text(od.dates.effective),
                date_text(nd.dates.effective));
          field("abolished", {"abolished", "废止"}, date_text(od.dates.abolished),
                date_text(nd.dates.abolished));
        },
        item_summary);
  }

  void joints() {
    auto items = [](const sema::Model& m, const sema::JointInfo& j) {
      std::vector<std::string> parts;
      for (int i : j.items) parts.push_back(m.items[static_cast<size_t>(i)].name);
      return parts.empty() ? std::string(kNone) : join(parts, ", ");
    };
    auto window = [](const sema::JointInfo& j) {
      return j.window_days ? Text{std::to_string(j.window_days) + " days",
                                  std::to_string(j.window_days) + " 天"}
                           : same(kNone);
    };
    match(
        "joints", ma_.joints, mb_.joints,
        [&](const sema::JointInfo& o, const sema::JointInfo& n) {
          field("title", {"title", "全称"}, quoted(o.decl->title), quoted(n.decl->title));
          field("items", {"items", "事项"}, items(ma_, o), items(mb_, n));
          field("window", {"window", "窗口"}, window(o), window(n));
        },
        [&](const Compilation& c, const sema::JointInfo& j) {
          std::string i = items(c.model, j);
          return Text{"items " + i, "事项 " + i};
        });
  }

  static std::string exprs(const Compilation& c, const std::vector<ast::ExprPtr>& es) {
    std::vector<std::string> parts;
    for (const auto& e : es) parts.push_back(src(c, e.get()));
    return parts.empty() ? std::string(kNone) : join(parts, "; ");
  }

  static std::string lets(const Compilation& c, const std::vector<ast::Let>& ls) {
    std::vector<std::string> parts;
    for (const auto& l : ls) parts.push_back(l.name.text + " = " + src(c, l.value.get()));
    return parts.empty() ? std::string(kNone) : join(parts, "; ");
  }

  static std::string item_of(const sema::Model& m, const sema::RuleInfo& r) {
    return r.item >= 0 ? m.items[static_cast<size_t>(r.item)].name : r.decl->item.text;
  }

  // "version from 2024-07-01": a rule version named by its dates.
  static Text version_text(const ast::Dated& d) {
    std::string from = d.effective ? ast::format_date(*d.effective) : "";
    std::string to = d.abolished ? ast::format_date(*d.abolished) : "";
    if (d.effective && d.abolished)
      return {"version " + from + " to " + to, from + " 至 " + to + " 的版本"};
    if (d.effective) return {"version from " + from, from + " 起的版本"};
    if (d.abolished) return {"version until " + to, "至 " + to + " 的版本"};
    return {"version without dates", "无日期的版本"};
  }

  // Pairs the rules of the two versions of the ruleset: for each newer rule,
  // the index of the older one it continues, or -1 when it is new. Rules
  // with versions (one name, several dated declarations) pair by name and
  // effective date; a name left with one unpaired declaration on each side
  // pairs those two (its effective date changed). So adding a version of a
  // rule shows as that version added, not as every version changed.
  static std::vector<int> pair_rules(const std::vector<sema::RuleInfo>& olds,
                                     const std::vector<sema::RuleInfo>& news) {
    std::map<std::string, std::vector<size_t>> by_name;
    for (size_t o = 0; o < olds.size(); ++o) by_name[olds[o].name].push_back(o);
    std::vector<int> old_of(news.size(), -1);
    std::vector<char> taken(olds.size(), 0);
    for (size_t n = 0; n < news.size(); ++n)
      for (size_t o : by_name[news[n].name])
        if (!taken[o] && olds[o].decl->dates.effective == news[n].decl->dates.effective) {
          old_of[n] = static_cast<int>(o);
          taken[o] = 1;
          break;
        }
    std::map<std::string, std::vector<size_t>> left_new;
    for (size_t n = 0; n < news.size(); ++n)
      if (old_of[n] < 0) left_new[news[n].name].push_back(n);
    for (const auto& [name, ns] : left_new) {
      std::vector<size_t> os;
      for (size_t o : by_name[name])
        if (!taken[o]) os.push_back(o);
      if (ns.size() == 1 && os.size() == 1) {
        old_of[ns[0]] = static_cast<int>(os[0]);
        taken[os[0]] = 1;
      }
    }
    return old_of;
  }

  void rules() {
    section_ = "rules";
    std::map<std::string, int> declared;  // name -> most declarations in either version
    for (const auto* m : {&ma_, &mb_}) {
      std::map<std::string, int> here;
      for (const auto& r : m->rules) ++here[r.name];
      for (const auto& [name, n] : here) declared[name] = std::max(declared[name], n);
    }
    auto version = [&](const sema::RuleInfo& r) {
      return declared[r.name] > 1 ? version_text(r.decl->dates) : Text{};
    };
    std::vector<int> old_of = pair_rules(ma_.rules, mb_.rules);
    std::vector<char> paired(ma_.rules.size(), 0);
    for (size_t n = 0; n < mb_.rules.size(); ++n) {
      const sema::RuleInfo& nr = mb_.rules[n];
      name_ = nr.name;
      version_ = version(nr);
      if (old_of[n] < 0) {
        added(nr.name, rule_summary(b_, nr));
      } else {
        paired[static_cast<size_t>(old_of[n])] = 1;
        compare_rules(ma_.rules[static_cast<size_t>(old_of[n])], nr);
      }
    }
    for (size_t o = 0; o < ma_.rules.size(); ++o)
      if (!paired[o]) {
        version_ = version(ma_.rules[o]);
        removed(ma_.rules[o].name, rule_summary(a_, ma_.rules[o]));
      }
    name_.clear();
    version_ = {};
  }

  static Text rule_summary(const Compilation& c, const sema::RuleInfo& r) {
    std::string item = item_of(c.model, r);
    const auto& m = r.decl->message;
    std::string zh = m ? m->zh : "", en = m ? (m->en.empty() ? m->zh : m->en) : "";
    return Text{"in " + item + (en.empty() ? "" : ": " + quoted(en)),
                "属于 " + item + (zh.empty() ? "" : "：" + quoted(zh))};
  }

  void compare_rules(const sema::RuleInfo& o, const sema::RuleInfo& n) {
    const ast::Rule& od = *o.decl;
    const ast::Rule& nd = *n.decl;
    field("item", {"item", "事项"}, item_of(ma_, o), item_of(mb_, n));
    field("severity", {"severity", "严重"}, vocab(sema::severities(), o.severity),
          vocab(sema::severities(), n.severity));
    source_field("when", {"when", "适用"}, exprs(a_, od.when), exprs(b_, nd.when));
    source_field("let", {"let", "令"}, lets(a_, od.lets), lets(b_, nd.lets));
    source_field("require", {"require", "要求"}, exprs(a_, od.requires_), exprs(b_, nd.requires_));
    auto msg = [](const ast::Rule& r, bool zh) {
      return r.message ? quoted(zh ? r.message->zh : r.message->en) : std::string(kNone);
    };
    field("message_zh", {"message (Chinese)", "提示（中文）"}, msg(od, true), msg(nd, true));
    field("message_en", {"message (English)", "提示（英文）"}, msg(od, false), msg(nd, false));
    field("basis", {"basis", "依据"}, optional_text(od.basis), optional_text(nd.basis));
    field("conduct", {"conduct", "行为"}, optional_text(od.conduct), optional_text(nd.conduct));
    field("effective", {"effective", "生效"}, date_text(od.dates.effective),
          date_text(nd.dates.effective));
    field("abolished", {"abolished", "废止"}, date_text(od.dates.abolished),
          date_text(nd.dates.abolished));
  }

  static Text band(const ast::GradeBand& g) {
    Text t;
    if (g.from) t = {"from " + number(*g.from), "从 " + number(*g.from)};
    if (g.to) {
      if (!t.en.empty()) t.en += ' ', t.zh += ' ';
      t.en += "to " + number(*g.to);
      t.zh += "到 " + number(*g.to);
    }
    return t.en.empty() ? Text{"any score", "任意分数"} : t;
  }

  void credit() {
    match(
        "credit", ma_.credit_models, mb_.credit_models,
        [&](const sema::CreditInfo& o, const sema::CreditInfo& n) {
          const ast::CreditModel& od = *o.decl;
          const ast::CreditModel& nd = *n.decl;
          field("title", {"title", "全称"}, quoted(od.title), quoted(nd.title));
          field("base", {"base", "基础分"}, od.base ? number(*od.base) : kNone,
                nd.base ? number(*nd.base) : kNone);
          auto indicator = [](const Compilation& c, const ast::Indicator* i) -> Text {
            if (!i) return same(kNone);
            std::string e = src(c, i->value.get()), w = number(i->weight);
            return {e + " weight " + w, e + " 权重 " + w};
          };
          auto find_ind = [](const ast::CreditModel& m, const std::string& name) {
            for (const auto& i : m.indicators)
              if (i.name.text == name) return &i;
            return static_cast<const ast::Indicator*>(nullptr);
          };
          for (const auto& i : nd.indicators)
            source_field("indicator " + i.name.text,
                         {"indicator " + i.name.text, "指标 " + i.name.text},
                         indicator(a_, find_ind(od, i.name.text)), indicator(b_, &i));
          for (const auto& i : od.indicators)
            if (!find_ind(nd, i.name.text))
              source_field("indicator " + i.name.text,
                           {"indicator " + i.name.text, "指标 " + i.name.text}, indicator(a_, &i),
                           same(kNone));
          auto find_grade = [](const ast::CreditModel& m, const std::string& name) {
            for (const auto& g : m.grades)
              if (g.grade.text == name) return &g;
            return static_cast<const ast::GradeBand*>(nullptr);
          };
          for (const auto& g : nd.grades) {
            const auto* og = find_grade(od, g.grade.text);
            field("grade " + g.grade.text, {"grade " + g.grade.text, "等级 " + g.grade.text},
                  og ? band(*og) : same(kNone), band(g));
          }
          for (const auto& g : od.grades)
            if (!find_grade(nd, g.grade.text))
              field("grade " + g.grade.text, {"grade " + g.grade.text, "等级 " + g.grade.text},
                    band(g), same(kNone));
          auto overrides = [](const Compilation& c, const ast::CreditModel& m) -> Text {
            std::vector<Text> parts;
            for (const auto& ov : m.overrides) {
              std::string e = src(c, ov.condition.get());
              parts.push_back({ov.grade.text + " when " + e, ov.grade.text + " 当 " + e});
            }
            return parts.empty() ? same(kNone) : join(parts, "; ", "; ");
          };
          source_field("override", {"override", "强制"}, overrides(a_, od), overrides(b_, nd));
        },
        [&](const Compilation&, const sema::CreditInfo& m) {
          std::string g = join(m.grades, ", ");
          std::string title = m.decl->title.empty() ? "" : quoted(m.decl->title) + " ";
          return Text{title + "(grades " + g + ")", title + "（等级 " + g + "）"};
        });
  }

  static Text grade_measure(const ast::GradeMeasure* g) {
    if (!g) return same(kNone);
    std::vector<Text> parts;
    if (g->ratio) parts.push_back({"ratio " + percent(*g->ratio), "比例 " + percent(*g->ratio)});
    if (g->frequency) {
      Text f = frequency_text(*g->frequency);
      parts.push_back({"frequency " + f.en, "频次 " + f.zh});
    }
    if (!g->restrictions.empty()) {
      std::string r = names(g->restrictions);
      parts.push_back({"restrict " + r, "限制 " + r});
    }
    if (g->basis) parts.push_back({"basis " + quoted(*g->basis), "依据 " + quoted(*g->basis)});
    return parts.empty() ? Text{"(no measures)", "（无措施）"} : join(parts, " ", " ");
  }

  static Text restriction(const Compilation& c, const ast::Restriction& r) {
    std::string what = names(r.measures);
    Text t = {"restrict " + what, "限制 " + what};
    if (r.when) {
      std::string e = src(c, r.when.get());
      t.en += " when " + e;
      t.zh += " 当 " + e;
    }
    if (r.basis) {
      t.en += " basis " + quoted(*r.basis);
      t.zh += " 依据 " + quoted(*r.basis);
    }
    return t;
  }

  void measures() {
    match(
        "measures", ma_.measures, mb_.measures,
        [&](const sema::MeasuresInfo& o, const sema::MeasuresInfo& n) {
          const ast::Measures& od = *o.decl;
          const ast::Measures& nd = *n.decl;
          field("model", {"credit model", "信用模型"}, od.model.text, nd.model.text);
          auto find = [](const ast::Measures& m, const std::string& grade) {
            for (const auto& g : m.grades)
              if (g.grade.text == grade) return &g;
            return static_cast<const ast::GradeMeasure*>(nullptr);
          };
          for (const auto& g : nd.grades)
            field("grade " + g.grade.text, {"grade " + g.grade.text, "等级 " + g.grade.text},
                  grade_measure(find(od, g.grade.text)), grade_measure(&g));
          for (const auto& g : od.grades)
            if (!find(nd, g.grade.text))
              field("grade " + g.grade.text, {"grade " + g.grade.text, "等级 " + g.grade.text},
                    grade_measure(&g), same(kNone));
          // Conditional restrictions have no names: one that is not found
          // word for word in the other version counts as removed / added.
          std::multiset<std::string> olds, news;
          for (const auto& r : od.restrictions) olds.insert(restriction(a_, r).en);
          for (const auto& r : nd.restrictions) news.insert(restriction(b_, r).en);
          for (const auto& r : od.restrictions) {
            auto it = news.find(restriction(a_, r).en);
            if (it != news.end()) {
              news.erase(it);
              continue;
            }
            source_field("restriction", {"restriction", "限制"}, restriction(a_, r), same(kNone));
          }
          for (const auto& r : nd.restrictions) {
            auto it = olds.find(restriction(b_, r).en);
            if (it != olds.end()) {
              olds.erase(it);
              continue;
            }
            source_field("restriction", {"restriction", "限制"}, same(kNone), restriction(b_, r));
          }
        },
        [&](const Compilation&, const sema::MeasuresInfo& m) {
          return Text{"by " + m.decl->model.text, "按 " + m.decl->model.text};
        });
  }

  void tests() {
    // Tests have titles, not names; a changed title is a removed and an
    // added test.
    struct Named {
      std::string name;
    };
    std::vector<Named> olds, news;
    for (const auto& t : ma_.tests) olds.push_back({t.decl->title});
    for (const auto& t : mb_.tests) news.push_back({t.decl->title});
    match(
        "tests", olds, news, [&](const Named&, const Named&) {},
        [&](const Compilation&, const Named&) { return Text{}; });
  }
};

}  // namespace

std::vector<Change> compare(const Compilation& before, const Compilation& after) {
  std::vector<Change> out;
  Differ(before, after, out).run();
  return out;
}

Text section_title(const std::string& s) {
  static const std::map<std::string, Text> titles = {
      {"ruleset", {"Ruleset", "规则集"}}, {"departments", {"Departments", "部门"}},
      {"kinds", {"Kinds", "类别"}},       {"schema", {"Record schema", "数据结构"}},
      {"items", {"Items", "事项"}},       {"joints", {"Joint inspections", "联合检查"}},
      {"rules", {"Rules", "规则"}},       {"credit", {"Credit models", "信用模型"}},
      {"measures", {"Measures", "措施"}}, {"tests", {"Tests", "测试"}},
  };
  auto it = titles.find(s);
  return it == titles.end() ? same(s) : it->second;
}

}  // namespace jianguan::analysis
