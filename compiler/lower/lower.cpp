#include "lower/lower.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

#include "sema/builtins.h"

namespace jianguan {

namespace {

using ir::Node;
using ir::Op;
using ir::Value;
using sema::Ref;
using sema::TypeKind;

int64_t unit_days(ast::Unit u) {
  return u == ast::Unit::kDays ? 1 : u == ast::Unit::kMonths ? 30 : 365;
}

class Lowerer {
 public:
  explicit Lowerer(const Compilation& c) : c_(c), m_(c.model) {}

  ir::Program run() {
    p_.ruleset = m_.name.empty() ? "ruleset" : m_.name;
    p_.version = m_.version;
    p_.hash = ruleset_hash(c_);
    for (const auto& k : m_.kinds) p_.kinds.push_back(k.name);
    for (const auto& d : m_.departments) {
      ir::Department dep{d.name, d.decl->title, d.levels, {}};
      for (const auto& j : d.jurisdiction) dep.jurisdiction.push_back(std::stoll(j));
      p_.departments.push_back(std::move(dep));
    }
    for (const auto& e : m_.enums) p_.enums.push_back(e.values);
    for (const auto& s : m_.schemas) p_.tables.push_back(table(s));
    p_.entity = m_.entity;
    for (const auto& it : m_.items) p_.items.push_back(item(it));
    for (const auto& r : m_.rules) p_.rules.push_back(rule(r));
    for (const auto& cm : m_.credit_models) p_.credit_models.push_back(credit(cm));
    for (const auto& ms : m_.measures) p_.measures.push_back(measures(ms));
    windows();
    for (size_t t = 0; t < p_.tables.size(); ++t) {
      const auto& tab = p_.tables[t];
      if (!tab.is_event) continue;
      if (tab.action == sema::kInspection && p_.inspection_table < 0)
        p_.inspection_table = static_cast<int32_t>(t);
      if (tab.action == sema::kPenalty && p_.penalty_table < 0)
        p_.penalty_table = static_cast<int32_t>(t);
    }
    // Text constants point into const_text, which no longer grows.
    for (auto& v : p_.consts)
      if (v.tag == Value::Tag::kText) v = Value::text(p_.const_text[static_cast<size_t>(v.i)]);
    return std::move(p_);
  }

 private:
  const Compilation& c_;
  const sema::Model& m_;
  ir::Program p_;
  std::unordered_map<int, int32_t> node_of_expr_;
  std::unordered_map<std::string, size_t> aggregate_by_signature_;

  static ir::FieldType field_type(const sema::Type& t) {
    switch (t.kind) {
      case TypeKind::kInt:
        return ir::FieldType::kInt;
      case TypeKind::kDecimal:
        return ir::FieldType::kDecimal;
      case TypeKind::kBool:
        return ir::FieldType::kBool;
      case TypeKind::kDate:
        return ir::FieldType::kDate;
      case TypeKind::kDivision:
        return ir::FieldType::kDivision;
      case TypeKind::kCreditCode:
        return ir::FieldType::kCreditCode;
      case TypeKind::kKind:
        return ir::FieldType::kKind;
      case TypeKind::kDepartment:
        return ir::FieldType::kDepartment;
      case TypeKind::kEnum:
        return ir::FieldType::kEnum;
      default:
        return ir::FieldType::kText;
    }
  }

  void windows() {
    int32_t widest = -1;
    for (const auto& j : m_.joints) widest = std::max(widest, static_cast<int32_t>(j.window_days));
    p_.kind_visit_window.assign(m_.kinds.size(), -1);
    for (const auto& j : m_.joints)
      for (int i : j.items)
        for (int k : m_.items[static_cast<size_t>(i)].kinds)
          p_.kind_visit_window[static_cast<size_t>(k)] = std::max(
              p_.kind_visit_window[static_cast<size_t>(k)], static_cast<int32_t>(j.window_days));
    for (auto& w : p_.kind_visit_window)
      if (w < 0) w = widest;
  }

  ir::Table table(const sema::SchemaInfo& s) {
    ir::Table t;
    t.name = s.name;
    t.source = s.table;
    t.is_event = s.is_event;
    t.action = s.action;
    for (const auto& f : s.fields)
      t.fields.push_back({f.name, f.column, field_type(f.type), f.type.optional, f.type.enum_id});
    t.key = s.key;
    t.link = s.link;
    t.kind = s.kind_field;
    t.division = s.division_field;
    t.date = s.date_field;
    t.department = s.dept_field;
    return t;
  }

  static void dates(const ast::Dated& d, int64_t& effective, int64_t& abolished) {
    if (d.effective) effective = *d.effective;
    if (d.abolished) abolished = *d.abolished;
  }

  ir::Item item(const sema::ItemInfo& it) {
    ir::Item out;
    out.name = it.name;
    out.title = it.decl->title;
    out.code = it.decl->code.value_or("");
    out.basis = it.decl->basis.value_or("");
    out.kinds = it.kinds;
    for (const auto& d : it.duties)
      out.duties.push_back({d.lead, d.department, d.levels, d.actions});
    out.methods = it.methods;
    out.ratio = it.decl->ratio.value_or(-1);
    dates(it.decl->dates, out.effective, out.abolished);
    return out;
  }

  ir::Location location(Span span) const {
    ir::Location l;
    if (!span.valid()) return l;
    const auto& f = c_.sources.file(span.file);
    auto lc = f.line_col(span.begin);
    l.file = f.path();
    l.line = lc.line;
    l.column = lc.column;
    return l;
  }

  ir::Rule rule(const sema::RuleInfo& r) {
    const ast::Rule& d = *r.decl;
    ir::Rule out;
    out.name = r.name;
    out.item = r.item;
    out.severity = r.severity;
    if (d.message) {
      out.message_zh = d.message->zh;
      out.message_en = d.message->en;
    }
    out.basis = d.basis.value_or(
        r.item >= 0 ? m_.items[static_cast<size_t>(r.item)].decl->basis.value_or("") : "");
    out.conduct = d.conduct.value_or("");
    out.where = location(d.name.span);
    dates(d.dates, out.effective, out.abolished);
    for (const auto& l : d.lets) out.lets.push_back(expr(*l.value));
    for (const auto& w : d.when) out.when.push_back(expr(*w));
    for (const auto& q : d.requires_) out.require.push_back(expr(*q));
    p_.max_lets = std::max<int32_t>(p_.max_lets, static_cast<int32_t>(out.lets.size()));
    // Evidence: every field, named value and aggregate the conditions read.
    std::vector<std::string> seen;
    std::function<void(const ast::Expr&)> walk = [&](const ast::Expr& e) {
      std::string label;
      if (e.op == ast::ExprOp::kName) {
        auto ref = m_.refs.find(e.id);
        if (ref != m_.refs.end() &&
            (ref->second.kind == Ref::Kind::kField || ref->second.kind == Ref::Kind::kLet))
          label = e.text;
      } else if (e.op == ast::ExprOp::kAgg) {
        label = c_.sources.file(e.span.file).text().substr(e.span.begin, e.span.end - e.span.begin);
      }
      if (!label.empty()) {
        if (std::find(seen.begin(), seen.end(), label) == seen.end()) {
          seen.push_back(label);
          auto n = node_of_expr_.find(e.id);
          if (n != node_of_expr_.end()) out.evidence.push_back({label, n->second});
        }
        if (e.op == ast::ExprOp::kAgg) return;
      }
      for (const auto& a : e.args) walk(*a);
    };
    for (const auto& w : d.when) walk(*w);
    for (const auto& q : d.requires_) walk(*q);
    return out;
  }

  ir::CreditModel credit(const sema::CreditInfo& cm) {
    ir::CreditModel out;
    out.name = cm.name;
    out.base = cm.decl->base.value_or(0);
    for (const auto& i : cm.decl->indicators)
      out.indicators.push_back({i.name.text, expr(*i.value), i.weight});
    for (const auto& g : cm.decl->grades) {
      ir::Grade gr;
      gr.name = g.grade.text;
      if (g.from) gr.from = *g.from;
      if (g.to) gr.to = *g.to;
      out.grades.push_back(gr);
    }
    for (const auto& o : cm.decl->overrides)
      out.overrides.push_back({cm.grade(o.grade.text), expr(*o.condition)});
    return out;
  }

  ir::Measures measures(const sema::MeasuresInfo& ms) {
    ir::Measures out;
    out.name = ms.name;
    out.model = ms.model;
    for (size_t i = 0; i < ms.decl->grades.size(); ++i) {
      const auto& g = ms.decl->grades[i];
      ir::GradeMeasure gm;
      gm.grade = ms.grade_of[i];
      gm.ratio = g.ratio.value_or(-1);
      if (g.frequency) {
        gm.times = static_cast<int32_t>(g.frequency->times);
        gm.per_days = static_cast<int32_t>(unit_days(g.frequency->per));
      }
      gm.restrictions = ms.grade_restrictions[i];
      gm.basis = g.basis.value_or("");
      out.grades.push_back(std::move(gm));
    }
    for (size_t i = 0; i < ms.decl->restrictions.size(); ++i) {
      const auto& r = ms.decl->restrictions[i];
      out.restrictions.push_back(
          {ms.restrictions[i], r.when ? expr(*r.when) : -1, r.basis.value_or("")});
    }
    return out;
  }

  // The same aggregate written in several rules and credit indicators is
  // one aggregate, so the evaluator's per-record cache computes it once.
  int32_t aggregate_index(ir::Aggregate a) {
    std::string key;
    a.per_record = a.filter < 0 || signature(a.filter, key);
    if (a.per_record) {
      key += '|' + std::to_string(static_cast<int>(a.fn)) + ',' + std::to_string(a.table) + ',' +
             std::to_string(a.field) + ',' + std::to_string(a.window_days);
      auto [it, fresh] = aggregate_by_signature_.emplace(key, p_.aggregates.size());
      if (!fresh) return static_cast<int32_t>(it->second);
    }
    p_.aggregates.push_back(a);
    return static_cast<int32_t>(p_.aggregates.size() - 1);
  }

  // Appends the structure of `node` to `out`; false when it reads a `let`.
  bool signature(int32_t node, std::string& out) const {
    if (node < 0) {
      out += '_';
      return true;
    }
    const Node& n = p_.nodes[static_cast<size_t>(node)];
    if (n.op == Op::kLet) return false;
    out += '(' + std::to_string(static_cast<int>(n.op)) + ':';
    if (n.op != Op::kConst) {
      out += std::to_string(n.index);
    } else {
      // By value: equal constants sit at different places in the table.
      // Text constants hold their const_text index until the end of lowering.
      const Value& v = p_.consts[static_cast<size_t>(n.index)];
      out += std::to_string(static_cast<int>(v.tag)) + ':';
      if (v.tag == Value::Tag::kText) {
        const std::string& t = p_.const_text[static_cast<size_t>(v.i)];
        out += std::to_string(t.size()) + ':' + t;
      } else {
        uint64_t bits = 0;
        if (v.tag == Value::Tag::kDecimal)
          std::memcpy(&bits, &v.d, sizeof bits);
        else
          bits = static_cast<uint64_t>(v.i);
        out += std::to_string(bits);
      }
    }
    bool ok = signature(n.a, out) && signature(n.b, out);
    for (int32_t i = 0; ok && i < n.count; ++i)
      ok = signature(p_.operands[static_cast<size_t>(n.list + i)], out);
    out += ')';
    return ok;
  }

  int32_t push(Node n) {
    p_.nodes.push_back(n);
    return static_cast<int32_t>(p_.nodes.size() - 1);
  }

  int32_t constant(Value v, int expr_id) {
    p_.consts.push_back(v);
    Node n;
    n.op = Op::kConst;
    n.index = static_cast<int32_t>(p_.consts.size() - 1);
    n.expr_id = expr_id;
    return push(n);
  }

  const Value* const_of(int32_t node) const {
    const Node& n = p_.nodes[static_cast<size_t>(node)];
    return n.op == Op::kConst ? &p_.consts[static_cast<size_t>(n.index)] : nullptr;
  }

  static bool is_number(const Value& v) {
    return v.tag == Value::Tag::kInt || v.tag == Value::Tag::kDecimal;
  }
  static double num(const Value& v) {
    return v.tag == Value::Tag::kInt ? static_cast<double>(v.i) : v.d;
  }

  // Folds arithmetic on numeric constants (`2 * 50` -> `100`, `-5`), the
  // common case in thresholds; anything else is left to the evaluator.
  int32_t fold(Node n) {
    if (n.op == Op::kNeg) {
      const Value* a = const_of(n.a);
      if (a && is_number(*a))
        return constant(a->tag == Value::Tag::kInt ? Value::integer(-a->i) : Value::decimal(-a->d),
                        n.expr_id);
    }
    if (n.op == Op::kAdd || n.op == Op::kSub || n.op == Op::kMul || n.op == Op::kDiv) {
      const Value* a = const_of(n.a);
      const Value* b = n.b >= 0 ? const_of(n.b) : nullptr;
      if (a && b && is_number(*a) && is_number(*b) && !(n.op == Op::kDiv && num(*b) == 0)) {
        if (a->tag == Value::Tag::kInt && b->tag == Value::Tag::kInt && n.op != Op::kDiv) {
          int64_t x = a->i, y = b->i, r = 0;
          bool overflow = n.op == Op::kAdd   ? __builtin_add_overflow(x, y, &r)
                          : n.op == Op::kSub ? __builtin_sub_overflow(x, y, &r)
                                             : __builtin_mul_overflow(x, y, &r);
          if (!overflow) return constant(Value::integer(r), n.expr_id);
        } else {
          double x = num(*a), y = num(*b);
          double r = n.op == Op::kAdd   ? x + y
                     : n.op == Op::kSub ? x - y
                     : n.op == Op::kMul ? x * y
                                        : x / y;
          return constant(Value::decimal(r), n.expr_id);
        }
      }
    }
    return push(n);
  }

  int32_t expr(const ast::Expr& e) {
    int32_t id = expr_inner(e);
    node_of_expr_[e.id] = id;
    return id;
  }

  int32_t expr_inner(const ast::Expr& e) {
    using EO = ast::ExprOp;
    Node n;
    n.expr_id = e.id;
    switch (e.op) {
      case EO::kNumber:
        return constant(e.is_int ? Value::integer(e.int_value) : Value::decimal(e.number), e.id);
      case EO::kDuration:
        return constant(Value::duration(e.int_value * unit_days(e.unit)), e.id);
      case EO::kString: {
        p_.const_text.push_back(e.text);
        Value v = Value::text({});
        v.i = static_cast<int64_t>(p_.const_text.size() - 1);
        return constant(v, e.id);
      }
      case EO::kDate:
        return constant(Value::date(e.date), e.id);
      case EO::kBool:
        return constant(Value::boolean(e.boolean), e.id);
      case EO::kAsOf:
        n.op = Op::kAsOf;
        return push(n);
      case EO::kName: {
        auto it = m_.refs.find(e.id);
        if (it == m_.refs.end()) return constant(Value::missing(), e.id);
        const Ref& r = it->second;
        switch (r.kind) {
          case Ref::Kind::kField:
            n.op = Op::kField;
            n.index = r.index;
            return push(n);
          case Ref::Kind::kEventField:
            n.op = Op::kEventField;
            n.index = r.index;
            n.table = r.schema;
            return push(n);
          case Ref::Kind::kLet:
            n.op = Op::kLet;
            n.index = r.index;
            return push(n);
          case Ref::Kind::kKind:
          case Ref::Kind::kDepartment:
          case Ref::Kind::kEnumValue:
            return constant(Value::symbol(r.index), e.id);
          default:
            return constant(Value::missing(), e.id);
        }
      }
      case EO::kAgg: {
        ir::Aggregate a;
        a.fn = static_cast<ir::AggFn>(e.agg);
        auto it = m_.refs.find(e.id);
        if (it != m_.refs.end()) {
          a.table = it->second.schema;
          if (it->second.kind == Ref::Kind::kEventField) a.field = it->second.index;
        }
        if (e.filter) a.filter = expr(*e.filter);
        if (e.window_n)
          a.window_days = static_cast<int32_t>(*e.window_n * unit_days(e.window_unit));
        n.op = Op::kAgg;
        n.index = aggregate_index(a);
        return push(n);
      }
      case EO::kCall: {
        auto it = m_.calls.find(e.id);
        int fn = it == m_.calls.end() ? -1 : it->second;
        static const Op kOps[] = {Op::kPresent, Op::kMissing,   Op::kLength,
                                  Op::kYear,    Op::kValidCode, Op::kCityOf};
        if (fn < 0 || e.args.empty()) return constant(Value::missing(), e.id);
        n.op = kOps[fn];
        n.a = expr(*e.args[0]);
        return push(n);
      }
      case EO::kIn:
      case EO::kNotIn: {
        n.op = e.op == EO::kIn ? Op::kIn : Op::kNotIn;
        n.a = expr(*e.args[0]);
        std::vector<int32_t> list;
        for (size_t i = 1; i < e.args.size(); ++i) list.push_back(expr(*e.args[i]));
        n.list = static_cast<int32_t>(p_.operands.size());
        n.count = static_cast<int32_t>(list.size());
        p_.operands.insert(p_.operands.end(), list.begin(), list.end());
        return push(n);
      }
      case EO::kAdd:
      case EO::kSub: {
        // date ± months / years is calendar arithmetic, not a day count.
        const ast::Expr& rhs = *e.args[1];
        auto lt = m_.types.find(e.args[0]->id);
        if (rhs.op == EO::kDuration && rhs.unit != ast::Unit::kDays && lt != m_.types.end() &&
            lt->second.kind == TypeKind::kDate) {
          n.op = e.op == EO::kAdd ? Op::kAddMonths : Op::kSubMonths;
          n.a = expr(*e.args[0]);
          n.index = static_cast<int32_t>(rhs.int_value * (rhs.unit == ast::Unit::kYears ? 12 : 1));
          return push(n);
        }
        break;
      }
      default:
        break;
    }
    static const std::unordered_map<int, Op> kBinary = {
        {static_cast<int>(EO::kNeg), Op::kNeg},
        {static_cast<int>(EO::kNot), Op::kNot},
        {static_cast<int>(EO::kMul), Op::kMul},
        {static_cast<int>(EO::kDiv), Op::kDiv},
        {static_cast<int>(EO::kAdd), Op::kAdd},
        {static_cast<int>(EO::kSub), Op::kSub},
        {static_cast<int>(EO::kDefault), Op::kDefault},
        {static_cast<int>(EO::kLt), Op::kLt},
        {static_cast<int>(EO::kLe), Op::kLe},
        {static_cast<int>(EO::kGt), Op::kGt},
        {static_cast<int>(EO::kGe), Op::kGe},
        {static_cast<int>(EO::kEq), Op::kEq},
        {static_cast<int>(EO::kNe), Op::kNe},
        {static_cast<int>(EO::kContains), Op::kContains},
        {static_cast<int>(EO::kStartsWith), Op::kStartsWith},
        {static_cast<int>(EO::kAnd), Op::kAnd},
        {static_cast<int>(EO::kOr), Op::kOr}};
    n.op = kBinary.at(static_cast<int>(e.op));
    n.a = expr(*e.args[0]);
    if (e.args.size() > 1) n.b = expr(*e.args[1]);
    return fold(n);
  }
};

}  // namespace

std::string ruleset_hash(const Compilation& c) {
  // FNV-1a over (path, text) of every file in path order: the same sources
  // give the same hash on every machine.
  std::vector<std::pair<std::string, const std::string*>> files;
  for (size_t i = 0; i < c.sources.size(); ++i) {
    const auto& f = c.sources.file(static_cast<FileId>(i));
    files.push_back({f.path(), &f.text()});
  }
  std::sort(files.begin(), files.end());
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  // File names, not whole paths: the hash must not depend on where the
  // ruleset was checked out.
  for (const auto& [path, text] : files) {
    mix(std::string_view(path).substr(path.find_last_of('/') + 1));
    mix(*text);
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

ir::Program lower(const Compilation& c) { return Lowerer(c).run(); }

}  // namespace jianguan
