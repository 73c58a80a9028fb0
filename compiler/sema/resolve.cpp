#include <algorithm>
#include <set>

#include "sema/builtins.h"
#include "sema/passes.h"
#include "sema/suggest.h"

namespace jianguan::sema {

void report_unknown(Diagnostics& diags, const char* code, const ast::Name& name, const Text& what,
                    const std::vector<std::string>& candidates) {
  Text hint;
  if (auto best = closest(name.text, candidates)) {
    hint = {"did you mean " + quote(*best) + "?", "是否想写 " + quote(*best) + "？"};
  } else if (!candidates.empty() && candidates.size() <= 12) {
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + quote(c);
    hint = {"known: " + list, "可用的有：" + list};
  }
  diags.error(code, name.span,
              {what.en + " " + quote(name.text) + " is not declared",
               what.zh + " " + quote(name.text) + " 未声明"},
              hint);
}

namespace {

template <typename Map>
std::vector<std::string> keys(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

class Resolver {
 public:
  explicit Resolver(Compilation& c) : c_(c), m_(c.model), d_(c.diags) {}

  void run() {
    for (const auto& f : c_.files) header(f);
    for (const auto& f : c_.files) declare(f);
    declare_rules();
    for (auto& s : m_.schemas) schema(s);
    for (auto& it : m_.items) item(it);
    for (auto& j : m_.joints) joint(j);
    for (auto& r : m_.rules) rule(r);
    versions_in_one_item();
    for (auto& cm : m_.credit_models) credit(cm);
    for (auto& ms : m_.measures) measures(ms);
    for (auto& t : m_.tests) test(t);
  }

 private:
  Compilation& c_;
  Model& m_;
  Diagnostics& d_;

  void header(const ast::File& f) {
    if (!f.ruleset_name) return;
    if (!m_.name.empty() && (m_.name != *f.ruleset_name || m_.version != f.version.value_or("")))
      d_.error("E0301", Span{f.file, 0, 0},
               {"the ruleset is named twice: " + quote(m_.name) + " and " + quote(*f.ruleset_name),
                "规则集名称重复声明：" + quote(m_.name) + " 与 " + quote(*f.ruleset_name)},
               {"keep one `ruleset` line in the ruleset", "一个规则集只保留一行 `规则集` 声明"});
    if (m_.name.empty()) {
      m_.name = *f.ruleset_name;
      m_.version = f.version.value_or("");
    }
  }

  // Adds `n` to `index`, reporting a duplicate against the first declaration.
  bool add(std::map<std::string, int>& index, const ast::Name& n, int value, const Text& what,
           const std::map<std::string, Span>& first) {
    if (n.text.empty()) return false;
    auto [it, fresh] = index.emplace(n.text, value);
    if (!fresh) {
      auto& diag = d_.error(
          "E0301", n.span,
          {what.en + " " + quote(n.text) + " is declared twice",
           what.zh + " " + quote(n.text) + " 重复声明"},
          {"rename one of them, or remove the copy", "请重命名其中一个，或删除重复的声明"});
      auto f = first.find(what.en + n.text);
      if (f != first.end())
        diag.notes.push_back({f->second, {"first declared here", "首次声明于此"}});
    }
    return fresh;
  }
  std::map<std::string, Span> first_;
  bool declare_name(std::map<std::string, int>& index, const ast::Name& n, int value, Text what) {
    bool fresh = add(index, n, value, what, first_);
    if (fresh) first_[what.en + n.text] = n.span;
    return fresh;
  }

  void declare(const ast::File& f) {
    for (const auto& d : f.departments) {
      if (!declare_name(m_.department_index, d.name, static_cast<int>(m_.departments.size()),
                        {"department", "部门"}))
        continue;
      DepartmentInfo info{&d, d.name.text, 0, {}};
      for (const auto& l : d.levels) {
        if (auto id = lookup(levels(), l.text))
          info.levels |= 1u << *id;
        else
          report_unknown(d_, "E0306", l, {"level", "层级"}, spellings(levels()));
      }
      for (const auto& j : d.jurisdiction) {
        if (j.text.size() != 6)
          d_.error("E0503", j.span,
                   {"division code " + quote(j.text) + " must have 6 digits",
                    "行政区划代码 " + quote(j.text) + " 应为 6 位数字"});
        info.jurisdiction.push_back(j.text);
      }
      dates(d.dates);
      m_.departments.push_back(std::move(info));
    }
    for (const auto& k : f.kinds)
      if (declare_name(m_.kind_index, k.name, static_cast<int>(m_.kinds.size()), {"kind", "类别"}))
        m_.kinds.push_back({&k, k.name.text});
    for (const auto& e : f.enums) {
      if (!declare_name(m_.enum_index, e.name, static_cast<int>(m_.enums.size()),
                        {"enumeration", "枚举"}))
        continue;
      m_.enums.push_back({e.name.text, {}});
      enum_values(m_.enums.back(), e.values);
    }
    for (const auto& s : f.schemas) {
      if (!declare_name(m_.schema_index, s.name, static_cast<int>(m_.schemas.size()),
                        {"table", "数据表"}))
        continue;
      SchemaInfo info;
      info.decl = &s;
      info.name = s.name.text;
      info.is_event = s.is_event;
      info.table = s.table.value_or(s.name.text);
      m_.schemas.push_back(std::move(info));
    }
    for (const auto& it : f.items)
      if (declare_name(m_.item_index, it.name, static_cast<int>(m_.items.size()), {"item", "事项"}))
        m_.items.push_back({&it, it.name.text, {}, {}, 0});
    for (const auto& j : f.joints)
      if (declare_name(m_.joint_index, j.name, static_cast<int>(m_.joints.size()),
                       {"joint arrangement", "联合检查"}))
        m_.joints.push_back({&j, j.name.text, {}, 0});
    for (const auto& r : f.rules) rule_decls_.push_back(&r);
    for (const auto& cm : f.credit_models)
      if (declare_name(m_.credit_index, cm.name, static_cast<int>(m_.credit_models.size()),
                       {"credit model", "信用模型"}))
        m_.credit_models.push_back({&cm, cm.name.text, {}});
    for (const auto& ms : f.measures)
      if (declare_name(m_.measures_index, ms.name, static_cast<int>(m_.measures.size()),
                       {"measures", "措施"}))
        m_.measures.push_back({&ms, ms.name.text, -1, {}, {}, {}});
    for (const auto& t : f.tests) m_.tests.push_back({&t, {}});
  }

  // Every rule declaration, in file order, for declare_rules().
  std::vector<const ast::Rule*> rule_decls_;

  static bool dated(const ast::Rule& r) { return r.dates.effective || r.dates.abolished; }

  // Rules are declared once every file has been read: whether a second
  // declaration of a name is a duplicate (E0301) or a new version of the rule
  // (规则的版本) depends on all declarations of that name. They are versions
  // when at least one of them carries `生效` or `废止`; each is then a rule of
  // its own in the model, in force on its own dates, and `rule_index` names
  // the first.
  void declare_rules() {
    std::map<std::string, bool> versioned;
    std::map<std::string, int> count;
    for (const ast::Rule* r : rule_decls_) {
      ++count[r->name.text];
      versioned[r->name.text] = versioned[r->name.text] || dated(*r);
    }
    for (const ast::Rule* r : rule_decls_) {
      const std::string& name = r->name.text;
      int index = static_cast<int>(m_.rules.size());
      if (!name.empty() && count[name] > 1 && versioned[name]) {
        m_.rule_index.emplace(name, index);
        m_.rules.push_back({r, name, -1, 0});
      } else if (declare_name(m_.rule_index, r->name, index, {"rule", "规则"})) {
        m_.rules.push_back({r, name, -1, 0});
      }
    }
  }

  // E0511: the versions of one rule answer to one item; a version in
  // another item would be a different rule that happens to share a name.
  void versions_in_one_item() {
    for (const auto& r : m_.rules) {
      auto first = m_.rule_index.find(r.name);
      if (first == m_.rule_index.end()) continue;
      const RuleInfo& f = m_.rules[static_cast<size_t>(first->second)];
      if (&f == &r || f.item < 0 || r.item < 0 || f.item == r.item) continue;
      const std::string& here = m_.items[static_cast<size_t>(r.item)].name;
      const std::string& there = m_.items[static_cast<size_t>(f.item)].name;
      auto& diag =
          d_.error("E0511", r.decl->item.span,
                   {"this version of rule " + quote(r.name) + " is in item " + quote(here) +
                        ", but its first version is in item " + quote(there) +
                        ": the versions of a rule belong to one item",
                    "规则 " + quote(r.name) + " 的这个版本属于事项 " + quote(here) +
                        "，而它的第一个版本属于事项 " + quote(there) +
                        "：同一规则的各个版本必须属于同一事项"},
                   {"move this version into " + quote(there) + ", or give it a name of its own",
                    "请把这个版本放入事项 " + quote(there) + "，或给它另起一个名称"});
      diag.notes.push_back(
          {f.decl->item.span,
           {"the first version, in item " + quote(there), "第一个版本，属于事项 " + quote(there)}});
    }
  }

  void enum_values(EnumInfo& e, const std::vector<ast::Name>& values) {
    std::set<std::string> seen;
    for (const auto& v : values) {
      if (!seen.insert(v.text).second)
        d_.error(
            "E0301", v.span,
            {"value " + quote(v.text) + " is listed twice", "取值 " + quote(v.text) + " 重复列出"});
      else
        e.values.push_back(v.text);
    }
  }

  std::optional<int> dept(const ast::Name& n) {
    auto it = m_.department_index.find(n.text);
    if (it != m_.department_index.end()) return it->second;
    report_unknown(d_, "E0302", n, {"department", "部门"}, keys(m_.department_index));
    return std::nullopt;
  }
  std::optional<int> kind(const ast::Name& n) {
    auto it = m_.kind_index.find(n.text);
    if (it != m_.kind_index.end()) return it->second;
    report_unknown(d_, "E0303", n, {"kind", "类别"}, keys(m_.kind_index));
    return std::nullopt;
  }
  std::optional<int> item_ref(const ast::Name& n) {
    auto it = m_.item_index.find(n.text);
    if (it != m_.item_index.end()) return it->second;
    report_unknown(d_, "E0304", n, {"item", "事项"}, keys(m_.item_index));
    return std::nullopt;
  }
  // Built-in words cannot be declared, so the message says "unknown".
  std::optional<int> builtin(const std::vector<Builtin>& table, const ast::Name& n, Text what) {
    if (auto id = lookup(table, n.text)) return id;
    Text hint;
    if (auto best = closest(n.text, spellings(table))) {
      hint = {"did you mean " + quote(*best) + "?", "是否想写 " + quote(*best) + "？"};
    } else {
      std::string en, zh;
      for (const auto& b : table) {
        en += (en.empty() ? "" : ", ") + quote(b.en);
        zh += (zh.empty() ? "" : "、") + quote(b.zh);
      }
      hint = {"use one of " + en, "可用的有 " + zh};
    }
    d_.error("E0306", n.span,
             {"unknown " + what.en + " " + quote(n.text), "未知的" + what.zh + " " + quote(n.text)},
             hint);
    return std::nullopt;
  }

  void dates(const ast::Dated& d) {
    if (d.effective && d.abolished && *d.abolished <= *d.effective)
      d_.error("E0504", d.abolished_span,
               {"abolished on " + ast::format_date(*d.abolished) +
                    ", not after it takes effect on " + ast::format_date(*d.effective),
                "废止日期 " + ast::format_date(*d.abolished) + " 不晚于生效日期 " +
                    ast::format_date(*d.effective)});
  }

  void ratio(std::optional<double> r, Span span) {
    if (r && (*r < 0 || *r > 1.0000001))
      d_.error("E0503", span, {"a ratio must be between 0% and 100%", "比例应在 0% 到 100% 之间"},
               {"write a percentage such as `5%`", "请写成百分数，例如 `5%`"});
  }

  void schema(SchemaInfo& s) {
    const ast::Schema& decl = *s.decl;
    std::set<std::string> seen;
    for (const auto& f : decl.fields) {
      if (!seen.insert(f.name.text).second) {
        d_.error("E0301", f.name.span,
                 {"field " + quote(f.name.text) + " is declared twice",
                  "字段 " + quote(f.name.text) + " 重复声明"});
        continue;
      }
      FieldInfo fi;
      fi.name = f.name.text;
      fi.column = f.column.value_or(f.name.text);
      fi.key = f.key;
      fi.decl = &f;
      fi.type.optional = f.optional;
      switch (f.type.form) {
        case ast::TypeRef::Form::kKind:
          fi.type.kind = TypeKind::kKind;
          break;
        case ast::TypeRef::Form::kDepartment:
          fi.type.kind = TypeKind::kDepartment;
          break;
        case ast::TypeRef::Form::kEnum: {
          fi.type.kind = TypeKind::kEnum;
          fi.type.enum_id = static_cast<int>(m_.enums.size());
          m_.enums.push_back({s.name + "." + f.name.text, {}});
          enum_values(m_.enums.back(), f.type.values);
          break;
        }
        case ast::TypeRef::Form::kNamed: {
          if (auto id = lookup(scalar_types(), f.type.name.text)) {
            static const TypeKind kMap[] = {
                TypeKind::kText, TypeKind::kInt,      TypeKind::kDecimal,   TypeKind::kBool,
                TypeKind::kDate, TypeKind::kDivision, TypeKind::kCreditCode};
            fi.type.kind = kMap[*id];
          } else if (auto it = m_.enum_index.find(f.type.name.text); it != m_.enum_index.end()) {
            fi.type.kind = TypeKind::kEnum;
            fi.type.enum_id = it->second;
          } else {
            auto cands = spellings(scalar_types());
            for (auto& k : keys(m_.enum_index)) cands.push_back(k);
            Text hint;
            if (auto best = closest(f.type.name.text, cands)) {
              hint = {"did you mean " + quote(*best) + "?", "是否想写 " + quote(*best) + "？"};
            } else {
              std::string list;
              for (const auto& b : scalar_types())
                list += (list.empty() ? "" : ", ") + quote(b.zh) + "/" + quote(b.en);
              hint = {"types are " + list +
                          ", `enum [..]`, `kind`, `department` or a declared enumeration",
                      "类型有 " + list + "、`枚举 [..]`、`类别`、`部门` 或已声明的枚举"};
            }
            d_.error(
                "E0307", f.type.name.span,
                {"unknown type " + quote(f.type.name.text), "未知类型 " + quote(f.type.name.text)},
                hint);
          }
          break;
        }
      }
      int slot = static_cast<int>(s.fields.size());
      if (f.key) {
        if (s.key >= 0)
          d_.error("E0505", f.name.span,
                   {"table " + quote(s.name) + " has two key fields",
                    "数据表 " + quote(s.name) + " 有两个主键字段"});
        else
          s.key = slot;
      }
      if (fi.type.kind == TypeKind::kKind) {
        if (s.kind_field >= 0)
          d_.error("E0508", f.name.span,
                   {"table " + quote(s.name) + " has two kind fields",
                    "数据表 " + quote(s.name) + " 有两个类别字段"});
        else
          s.kind_field = slot;
      }
      if (fi.type.kind == TypeKind::kDivision && s.division_field < 0) s.division_field = slot;
      if (fi.type.kind == TypeKind::kDate && s.date_field < 0) s.date_field = slot;
      if (fi.type.kind == TypeKind::kDepartment && s.dept_field < 0) s.dept_field = slot;
      s.fields.push_back(std::move(fi));
    }
    if (!s.is_event) {
      if (m_.entity >= 0 && m_.entity != static_cast<int>(&s - m_.schemas.data())) {
        d_.error(
            "E0507", decl.name.span,
            {"a ruleset has one entity table; " +
                 quote(m_.schemas[static_cast<size_t>(m_.entity)].name) + " is declared already",
             "一个规则集只能有一个主体表；已声明 " +
                 quote(m_.schemas[static_cast<size_t>(m_.entity)].name)},
            {"declare other tables as `event ... of` the entity",
             "其他数据表请用 `事件 ... 关联` 声明"});
      } else {
        m_.entity = static_cast<int>(&s - m_.schemas.data());
      }
      if (s.key < 0)
        d_.error("E0505", decl.name.span,
                 {"entity table " + quote(s.name) + " has no `key` field",
                  "主体表 " + quote(s.name) + " 没有 `主键` 字段"},
                 {"mark the identifying field, e.g. `field code: credit_code key`",
                  "请标记唯一标识字段，例如 `字段 信用代码: 信用代码 主键`"});
      return;
    }
    if (decl.of) {
      auto it = m_.schema_index.find(decl.of->text);
      if (it == m_.schema_index.end() || m_.schemas[static_cast<size_t>(it->second)].is_event) {
        std::vector<std::string> entities;
        for (const auto& sc : m_.schemas)
          if (!sc.is_event) entities.push_back(sc.name);
        report_unknown(d_, "E0308", *decl.of, {"entity table", "主体表"}, entities);
      } else {
        s.entity = it->second;
      }
    }
    if (decl.action) {
      if (auto a = builtin(actions(), *decl.action, {"action", "职能"})) s.action = *a;
    }
    if (!decl.link) {
      d_.error("E0506", decl.name.span,
               {"event table " + quote(s.name) + " has no `link` field",
                "事件表 " + quote(s.name) + " 没有 `外键` 字段"},
               {"name the field that holds the entity's key: `link entity_code`",
                "指明保存主体主键的字段：`外键 主体代码`"});
    } else {
      s.link = s.field(decl.link->text);
      if (s.link < 0) {
        std::vector<std::string> names;
        for (auto& f : s.fields) names.push_back(f.name);
        report_unknown(d_, "E0313", *decl.link, {"field", "字段"}, names);
      }
    }
  }

  void item(ItemInfo& it) {
    const ast::Item& d = *it.decl;
    for (const auto& k : d.covers)
      if (auto id = kind(k)) it.kinds.push_back(*id);
    for (const auto& duty : d.duties) {
      unsigned lv = 0, ac = 0;
      for (const auto& l : duty.levels)
        if (auto id = builtin(levels(), l, {"level", "层级"})) lv |= 1u << *id;
      for (const auto& a : duty.actions)
        if (auto id = builtin(actions(), a, {"action", "职能"})) ac |= 1u << *id;
      if (duty.levels.empty()) lv = (1u << kLevelCount) - 1;
      if (duty.actions.empty()) ac = (1u << kActionCount) - 1;
      for (const auto& dn : duty.departments)
        if (auto id = dept(dn)) it.duties.push_back({duty.lead, *id, lv, ac, dn.span});
    }
    for (const auto& mth : d.methods)
      if (auto id = builtin(methods(), mth, {"method", "方式"})) it.methods |= 1u << *id;
    ratio(d.ratio, d.ratio_span);
    dates(d.dates);
  }

  void joint(JointInfo& j) {
    for (const auto& n : j.decl->items)
      if (auto id = item_ref(n)) j.items.push_back(*id);
    if (j.decl->window_n) {
      int n = static_cast<int>(*j.decl->window_n);
      j.window_days = j.decl->window_unit == ast::Unit::kDays     ? n
                      : j.decl->window_unit == ast::Unit::kMonths ? n * 30
                                                                  : n * 365;
    }
  }

  void rule(RuleInfo& r) {
    const ast::Rule& d = *r.decl;
    // An empty name means the header did not parse; that is reported already.
    if (d.item.text.empty()) return;
    if (auto id = item_ref(d.item)) r.item = *id;
    if (d.severity) {
      if (auto s = builtin(severities(), *d.severity, {"severity", "严重程度"})) r.severity = *s;
    }
    if (d.requires_.empty())
      d_.error("E0501", d.name.span,
               {"rule " + quote(r.name) + " has no `require` condition",
                "规则 " + quote(r.name) + " 没有 `要求` 条件"},
               {"add `require <condition that compliant records meet>`",
                "请加上 `要求 <合规记录应满足的条件>`"});
    dates(d.dates);
  }

  void credit(CreditInfo& cm) {
    for (const auto& g : cm.decl->grades) {
      if (cm.grade(g.grade.text) >= 0) {
        d_.error("E0301", g.grade.span,
                 {"grade " + quote(g.grade.text) + " is declared twice",
                  "等级 " + quote(g.grade.text) + " 重复声明"});
        continue;
      }
      cm.grades.push_back(g.grade.text);
      if (g.from && g.to && *g.from >= *g.to)
        d_.error("E0509", g.span,
                 {"grade " + quote(g.grade.text) + " has an empty score range",
                  "等级 " + quote(g.grade.text) + " 的分数区间为空"},
                 {"`from` is inclusive and must be below `to`, which is exclusive",
                  "`从` 包含下限，`到` 不包含上限，下限须小于上限"});
    }
    for (const auto& o : cm.decl->overrides)
      if (cm.grade(o.grade.text) < 0)
        report_unknown(d_, "E0309", o.grade, {"grade", "等级"}, cm.grades);
  }

  void measures(MeasuresInfo& ms) {
    const ast::Measures& d = *ms.decl;
    auto it = m_.credit_index.find(d.model.text);
    if (it == m_.credit_index.end()) {
      report_unknown(d_, "E0310", d.model, {"credit model", "信用模型"}, keys(m_.credit_index));
    } else {
      ms.model = it->second;
    }
    for (const auto& g : d.grades) {
      int gi = -1;
      if (ms.model >= 0) {
        const auto& cm = m_.credit_models[static_cast<size_t>(ms.model)];
        gi = cm.grade(g.grade.text);
        if (gi < 0) report_unknown(d_, "E0309", g.grade, {"grade", "等级"}, cm.grades);
      }
      ms.grade_of.push_back(gi);
      std::vector<int> rs;
      for (const auto& n : g.restrictions)
        if (auto id = builtin(restrictions(), n, {"restriction", "限制措施"})) rs.push_back(*id);
      ms.grade_restrictions.push_back(rs);
      ratio(g.ratio, g.ratio_span);
    }
    for (const auto& r : d.restrictions) {
      std::vector<int> rs;
      for (const auto& n : r.measures)
        if (auto id = builtin(restrictions(), n, {"restriction", "限制措施"})) rs.push_back(*id);
      ms.restrictions.push_back(rs);
    }
  }

  void test(TestInfo& t) {
    const ast::Test& d = *t.decl;
    bool has_entity = false;
    for (const auto& g : d.given) {
      auto it = m_.schema_index.find(g.schema.text);
      if (it == m_.schema_index.end()) {
        report_unknown(d_, "E0308", g.schema, {"table", "数据表"}, keys(m_.schema_index));
        t.given_schema.push_back(-1);
        continue;
      }
      t.given_schema.push_back(it->second);
      if (!m_.schemas[static_cast<size_t>(it->second)].is_event) {
        if (has_entity)
          d_.error("E0510", g.schema.span,
                   {"a test gives one entity record; this is a second one",
                    "一个测试只能给定一条主体记录；这是第二条"},
                   {"split it into two tests", "请拆成两个测试"});
        has_entity = true;
      }
    }
    if (!has_entity)
      d_.error("E0510", d.span,
               {"test " + quote(d.title) + " gives no entity record",
                "测试 " + quote(d.title) + " 没有给定主体记录"},
               {"add `given <entity table> { field: value, ... }`",
                "请加上 `给定 <主体表> { 字段: 值, ... }`"});
    for (const auto& e : d.expect) {
      if (e.what == ast::Expectation::What::kFinding) {
        if (!m_.rule_index.count(e.name.text))
          report_unknown(d_, "E0312", e.name, {"rule", "规则"}, keys(m_.rule_index));
      } else if (e.what == ast::Expectation::What::kRestriction) {
        builtin(restrictions(), e.name, {"restriction", "限制措施"});
      } else {
        std::vector<std::string> grades;
        for (const auto& cm : m_.credit_models)
          grades.insert(grades.end(), cm.grades.begin(), cm.grades.end());
        if (std::find(grades.begin(), grades.end(), e.name.text) == grades.end())
          report_unknown(d_, "E0309", e.name, {"grade", "等级"}, grades);
      }
    }
  }
};

}  // namespace

void resolve(Compilation& c) { Resolver(c).run(); }

}  // namespace jianguan::sema
