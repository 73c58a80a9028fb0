// Types every expression against the declared schema. Before:
//   require 许可证有效期 >= 基准日        (许可证有效期: date optional)
// after: types[id] = bool, refs[许可证有效期] = field slot 3, and E0403
// because the optional field is used without `present(...)`, `??` or a
// `when present(...)` guard.
#include <algorithm>
#include <set>

#include "sema/builtins.h"
#include "sema/passes.h"
#include "sema/suggest.h"

namespace jianguan::sema {

std::string type_name(const Model& m, const Type& t, bool zh) {
  std::string s;
  switch (t.kind) {
    case TypeKind::kError:
      s = zh ? "未知" : "unknown";
      break;
    case TypeKind::kBool:
      s = zh ? "布尔" : "boolean";
      break;
    case TypeKind::kInt:
      s = zh ? "整数" : "integer";
      break;
    case TypeKind::kDecimal:
      s = zh ? "小数" : "decimal";
      break;
    case TypeKind::kText:
      s = zh ? "文本" : "text";
      break;
    case TypeKind::kDate:
      s = zh ? "日期" : "date";
      break;
    case TypeKind::kDuration:
      s = zh ? "时长" : "duration";
      break;
    case TypeKind::kEnum:
      s = (zh ? "枚举 " : "enumeration ") +
          (t.enum_id >= 0 ? m.enums[static_cast<size_t>(t.enum_id)].name : std::string("?"));
      break;
    case TypeKind::kKind:
      s = zh ? "类别" : "kind";
      break;
    case TypeKind::kDepartment:
      s = zh ? "部门" : "department";
      break;
    case TypeKind::kDivision:
      s = zh ? "区划" : "division";
      break;
    case TypeKind::kCreditCode:
      s = zh ? "信用代码" : "credit code";
      break;
  }
  if (t.optional) s += zh ? " (可选)" : " (optional)";
  return s;
}

namespace {

bool numeric(const Type& t) { return t.kind == TypeKind::kInt || t.kind == TypeKind::kDecimal; }
bool textual(const Type& t) { return t.kind == TypeKind::kText || t.kind == TypeKind::kCreditCode; }

using RefKey = std::pair<int, int>;  // (Ref::Kind, index) of a name known to be present

struct Scope {
  int entity = -1;
  int event = -1;  // inside an aggregate's `where`: the event table
  const std::vector<ast::Let>* lets = nullptr;
  std::vector<Type> let_types;  // lets checked so far (visible)
  std::set<RefKey> present;
};

class Checker {
 public:
  explicit Checker(Compilation& c) : m_(c.model), d_(c.diags) {}

  void run() {
    for (auto& r : m_.rules) rule(r);
    for (auto& cm : m_.credit_models) credit(cm);
    for (auto& ms : m_.measures) measures(ms);
    for (auto& t : m_.tests) test(t);
  }

 private:
  Model& m_;
  Diagnostics& d_;

  std::string tn(const Type& t, bool zh) const { return type_name(m_, t, zh); }
  // "an integer", "a date": English needs the article to match.
  std::string a_tn(const Type& t) const {
    std::string n = tn(t, false);
    return (std::string("aeiou").find(n[0]) != std::string::npos ? "an " : "a ") + n;
  }

  Type set(const ast::Expr& e, Type t) {
    m_.types[e.id] = t;
    return t;
  }

  void rule(const RuleInfo& r) {
    Scope s;
    s.entity = m_.entity;
    s.lets = &r.decl->lets;
    std::set<std::string> let_names;
    for (const auto& l : r.decl->lets) {
      if (!let_names.insert(l.name.text).second)
        d_.error("E0301", l.name.span,
                 {"name " + quote(l.name.text) + " is given a value twice",
                  "名称 " + quote(l.name.text) + " 重复定义"});
      s.let_types.push_back(check(*l.value, s));
    }
    for (const auto& w : r.decl->when) {
      condition(*w, s, {"`when`", "`适用`"});
      facts(*w, true, s.present);
    }
    for (const auto& q : r.decl->requires_) condition(*q, s, {"`require`", "`要求`"});
  }

  void condition(const ast::Expr& e, Scope& s, Text clause) {
    Type t = value(e, s);
    if (t.kind != TypeKind::kBool && t.kind != TypeKind::kError)
      d_.error("E0405", e.span,
               {clause.en + " needs a condition (true or false), not " + a_tn(t),
                clause.zh + " 需要一个条件（真或假），而不是" + tn(t, true)},
               {"compare it with something, e.g. `x > 0`", "请与某个值比较，例如 `x > 0`"});
  }

  void credit(const CreditInfo& cm) {
    Scope s;
    s.entity = m_.entity;
    for (const auto& ind : cm.decl->indicators) {
      Type t = value(*ind.value, s);
      if (!numeric(t) && t.kind != TypeKind::kBool && t.kind != TypeKind::kError)
        d_.error("E0407", ind.value->span,
                 {"an indicator must be a number or a condition, not " + a_tn(t),
                  "指标应为数值或条件，而不是" + tn(t, true)});
    }
    for (const auto& o : cm.decl->overrides) condition(*o.condition, s, {"`override`", "`强制`"});
  }

  void measures(const MeasuresInfo& ms) {
    Scope s;
    s.entity = m_.entity;
    for (const auto& r : ms.decl->restrictions)
      if (r.when) condition(*r.when, s, {"`restrict ... when`", "`限制 ... 当`"});
  }

  void test(const TestInfo& t) {
    for (size_t i = 0; i < t.decl->given.size(); ++i) {
      int si = t.given_schema[i];
      if (si < 0) continue;
      const SchemaInfo& schema = m_.schemas[static_cast<size_t>(si)];
      std::set<std::string> seen;
      for (const auto& fi : t.decl->given[i].fields) {
        int slot = schema.field(fi.name.text);
        if (slot < 0) {
          std::vector<std::string> names;
          for (const auto& f : schema.fields) names.push_back(f.name);
          report_unknown(d_, "E0313", fi.name, {"field", "字段"}, names);
          continue;
        }
        if (!seen.insert(fi.name.text).second)
          d_.error("E0301", fi.name.span,
                   {"field " + quote(fi.name.text) + " is given twice",
                    "字段 " + quote(fi.name.text) + " 重复给定"});
        Scope s;  // test values are constants: no fields in scope
        Type want = schema.fields[static_cast<size_t>(slot)].type;
        Type got = against(want, *fi.value, s);
        if (!compatible(want, got, *fi.value)) mismatch("E0408", fi.value->span, want, got);
      }
    }
  }

  void mismatch(const char* code, Span span, const Type& want, const Type& got) {
    if (want.kind == TypeKind::kError || got.kind == TypeKind::kError) return;
    d_.error(code, span,
             {"expected " + a_tn(want) + ", found " + a_tn(got),
              "这里应为" + tn(want, true) + "，实际是" + tn(got, true)});
  }

  // Can a value of type `b` be compared with / stored in `a`? `b_expr` lets a
  // plain integer literal stand for a division code.
  bool compatible(const Type& a, const Type& b, const ast::Expr& b_expr) const {
    if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return true;
    if (numeric(a) && numeric(b)) return true;
    if (textual(a) && textual(b)) return true;
    if (a.kind == TypeKind::kDivision && b.kind == TypeKind::kInt &&
        b_expr.op == ast::ExprOp::kNumber)
      return true;
    if (a.kind == TypeKind::kDivision && b.kind == TypeKind::kText) return true;
    if (a.kind == TypeKind::kText && b.kind == TypeKind::kDivision) return true;
    return a == b;
  }

  // Facts that hold when `e` evaluates to `truth`: names known present.
  void facts(const ast::Expr& e, bool truth, std::set<RefKey>& out) const {
    if (e.op == ast::ExprOp::kNot) return facts(*e.args[0], !truth, out);
    if (e.op == ast::ExprOp::kAnd && truth) {
      facts(*e.args[0], true, out);
      facts(*e.args[1], true, out);
      return;
    }
    if (e.op == ast::ExprOp::kOr && !truth) {
      facts(*e.args[0], false, out);
      facts(*e.args[1], false, out);
      return;
    }
    if (e.op == ast::ExprOp::kCall && e.args.size() == 1) {
      auto fn = m_.calls.find(e.id);
      if (fn == m_.calls.end()) return;
      bool says_present = (fn->second == kFnPresent) == truth;
      if ((fn->second == kFnPresent || fn->second == kFnMissing) && says_present) {
        auto r = m_.refs.find(e.args[0]->id);
        if (r != m_.refs.end()) out.insert({static_cast<int>(r->second.kind), r->second.index});
      }
    }
  }

  // check() may return an optional type; value() is for operands, where an
  // unhandled optional is an error.
  Type value(const ast::Expr& e, Scope& s) {
    Type t = check(e, s);
    if (t.optional) {
      d_.error("E0403", e.span,
               {quote(text_of(e)) + " may be missing, and this does not say what to do then",
                quote(text_of(e)) + " 可能缺失，但这里没有说明缺失时怎么办"},
               {"guard it with `present(x) and ...`, or give a default: `x ?? value`",
                "请用 `有值(x) 且 ...` 加以判断，或给出默认值：`x 否则 默认值`"});
      t.optional = false;
    }
    return t;
  }

  static std::string text_of(const ast::Expr& e) {
    if (e.op == ast::ExprOp::kName) return e.text;
    if (e.op == ast::ExprOp::kAgg) return e.target.text + (e.field ? "." + e.field->text : "");
    return e.text.empty() ? "value" : e.text;
  }

  // Checks `e` where a value of type `want` is expected, so that a bare
  // name can be an enumeration value, kind or department of that type.
  Type against(const Type& want, const ast::Expr& e, Scope& s) {
    // A bare name where a value of `want` is expected is first a field or
    // named value, then a value of that very type: an enumeration value
    // beats a kind of the same name when an enumeration is expected.
    if (e.op == ast::ExprOp::kName && !resolves_value(e.text, s)) {
      // The other side is already reported; a second error would be noise.
      if (want.kind == TypeKind::kError) return set(e, Type{});
      if (want.kind == TypeKind::kEnum && want.enum_id >= 0) {
        const auto& en = m_.enums[static_cast<size_t>(want.enum_id)];
        auto it = std::find(en.values.begin(), en.values.end(), e.text);
        if (it != en.values.end()) {
          m_.refs[e.id] = {Ref::Kind::kEnumValue, static_cast<int>(it - en.values.begin()), -1};
          return set(e, Type{TypeKind::kEnum, want.enum_id, false});
        }
        Text hint;
        if (auto best = closest(e.text, en.values))
          hint = {"did you mean " + quote(*best) + "?", "是否想写 " + quote(*best) + "？"};
        else
          hint = {"the values are " + join(en.values), "可选的取值为 " + join(en.values)};
        d_.error("E0402", e.span,
                 {quote(e.text) + " is not a value of " + quote(en.name),
                  quote(e.text) + " 不是 " + quote(en.name) + " 的取值"},
                 hint);
        return set(e, Type{});
      }
      if (want.kind == TypeKind::kDepartment && !m_.department_index.count(e.text)) {
        report_unknown(d_, "E0302", {e.text, e.span}, {"department", "部门"},
                       keys(m_.department_index));
        return set(e, Type{});
      }
      if (want.kind == TypeKind::kKind && !m_.kind_index.count(e.text)) {
        report_unknown(d_, "E0303", {e.text, e.span}, {"kind", "类别"}, keys(m_.kind_index));
        return set(e, Type{});
      }
    }
    return value(e, s);
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + quote(x);
    return out;
  }

  template <typename Map>
  static std::vector<std::string> keys(const Map& m) {
    std::vector<std::string> out;
    for (const auto& [k, v] : m) out.push_back(k);
    return out;
  }

  // Does `n` name a field or named value (not a kind or department)?
  bool resolves_value(const std::string& n, const Scope& s) const {
    if (s.lets)
      for (size_t i = 0; i < s.let_types.size(); ++i)
        if ((*s.lets)[i].name.text == n) return true;
    if (s.event >= 0 && m_.schemas[static_cast<size_t>(s.event)].field(n) >= 0) return true;
    return s.entity >= 0 && m_.schemas[static_cast<size_t>(s.entity)].field(n) >= 0;
  }

  bool resolves(const std::string& n, const Scope& s) const {
    if (s.lets)
      for (size_t i = 0; i < s.let_types.size(); ++i)
        if ((*s.lets)[i].name.text == n) return true;
    if (s.event >= 0 && m_.schemas[static_cast<size_t>(s.event)].field(n) >= 0) return true;
    if (s.entity >= 0 && m_.schemas[static_cast<size_t>(s.entity)].field(n) >= 0) return true;
    return m_.kind_index.count(n) || m_.department_index.count(n);
  }

  Type name(const ast::Expr& e, Scope& s) {
    const std::string& n = e.text;
    auto narrowed = [&](Ref::Kind k, int idx, Type t) {
      if (s.present.count({static_cast<int>(k), idx})) t.optional = false;
      return t;
    };
    if (s.lets)
      for (size_t i = s.let_types.size(); i-- > 0;)
        if ((*s.lets)[i].name.text == n) {
          m_.refs[e.id] = {Ref::Kind::kLet, static_cast<int>(i), -1};
          return narrowed(Ref::Kind::kLet, static_cast<int>(i), s.let_types[i]);
        }
    for (int schema : {s.event, s.entity}) {
      if (schema < 0) continue;
      const auto& sc = m_.schemas[static_cast<size_t>(schema)];
      int slot = sc.field(n);
      if (slot >= 0) {
        auto kind = schema == s.event ? Ref::Kind::kEventField : Ref::Kind::kField;
        m_.refs[e.id] = {kind, slot, schema};
        return narrowed(kind, slot, sc.fields[static_cast<size_t>(slot)].type);
      }
    }
    if (auto it = m_.kind_index.find(n); it != m_.kind_index.end()) {
      m_.refs[e.id] = {Ref::Kind::kKind, it->second, -1};
      return Type{TypeKind::kKind};
    }
    if (auto it = m_.department_index.find(n); it != m_.department_index.end()) {
      m_.refs[e.id] = {Ref::Kind::kDepartment, it->second, -1};
      return Type{TypeKind::kDepartment};
    }
    std::vector<std::string> cands;
    if (s.lets)
      for (size_t i = 0; i < s.let_types.size(); ++i) cands.push_back((*s.lets)[i].name.text);
    for (int schema : {s.event, s.entity})
      if (schema >= 0)
        for (const auto& f : m_.schemas[static_cast<size_t>(schema)].fields)
          cands.push_back(f.name);
    for (const auto& [k, v] : m_.kind_index) cands.push_back(k);
    for (const auto& [k, v] : m_.department_index) cands.push_back(k);
    report_unknown(d_, "E0305", {n, e.span}, {"name", "名称"}, cands);
    return Type{};
  }

  Type check(const ast::Expr& e, Scope& s) {
    using Op = ast::ExprOp;
    switch (e.op) {
      case Op::kNumber:
        return set(e, Type{e.is_int ? TypeKind::kInt : TypeKind::kDecimal});
      case Op::kDuration:
        return set(e, Type{TypeKind::kDuration});
      case Op::kString:
        return set(e, Type{TypeKind::kText});
      case Op::kDate:
        return set(e, Type{TypeKind::kDate});
      case Op::kBool:
        return set(e, Type{TypeKind::kBool});
      case Op::kAsOf:
        return set(e, Type{TypeKind::kDate});
      case Op::kName:
        return set(e, name(e, s));
      case Op::kAgg:
        return set(e, aggregate(e, s));
      case Op::kCall:
        return set(e, call(e, s));
      case Op::kNeg: {
        Type t = value(*e.args[0], s);
        if (!numeric(t) && t.kind != TypeKind::kDuration && t.kind != TypeKind::kError)
          return set(e, operand_error(e, t, {"`-` needs a number", "`-` 需要数值"}));
        return set(e, t);
      }
      case Op::kNot: {
        Type t = value(*e.args[0], s);
        if (t.kind != TypeKind::kBool && t.kind != TypeKind::kError)
          return set(e, operand_error(e, t, {"`not` needs a condition", "`非` 需要条件"}));
        return set(e, Type{TypeKind::kBool});
      }
      case Op::kMul:
      case Op::kDiv: {
        Type a = value(*e.args[0], s), b = value(*e.args[1], s);
        if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return set(e, Type{});
        if (!numeric(a))
          return set(
              e, operand_error(*e.args[0], a, {"arithmetic needs numbers", "算术运算需要数值"}));
        if (!numeric(b))
          return set(
              e, operand_error(*e.args[1], b, {"arithmetic needs numbers", "算术运算需要数值"}));
        bool both_int = a.kind == TypeKind::kInt && b.kind == TypeKind::kInt && e.op == Op::kMul;
        return set(e, Type{both_int ? TypeKind::kInt : TypeKind::kDecimal});
      }
      case Op::kAdd:
      case Op::kSub:
        return set(e, additive(e, s));
      case Op::kDefault: {
        Type a = check(*e.args[0], s);
        a.optional = false;  // the default is what is used when `a` is missing
        Type b = against(a, *e.args[1], s);
        if (!compatible(a, b, *e.args[1])) mismatch("E0401", e.args[1]->span, a, b);
        return set(e, a);
      }
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kEq:
      case Op::kNe: {
        Type a, b;
        if (e.args[0]->op == Op::kName && !resolves(e.args[0]->text, s)) {
          // `瓶装燃气 == 经营类别`: the value is on the left.
          b = value(*e.args[1], s);
          a = against(b, *e.args[0], s);
        } else {
          a = value(*e.args[0], s);
          b = against(a, *e.args[1], s);
        }
        if (a.kind == TypeKind::kError || b.kind == TypeKind::kError)
          return set(e, Type{TypeKind::kBool});
        bool ordered = e.op != Op::kEq && e.op != Op::kNe;
        if (!compatible(a, b, *e.args[1])) {
          d_.error("E0401", e.span,
                   {"cannot compare " + a_tn(a) + " with " + a_tn(b),
                    tn(a, true) + "不能与" + tn(b, true) + "比较"},
                   comparison_hint(a, b));
        } else if (ordered &&
                   !(numeric(a) || a.kind == TypeKind::kDate || a.kind == TypeKind::kDuration ||
                     a.kind == TypeKind::kError || textual(a))) {
          d_.error("E0404", e.span,
                   {a_tn(a) + " has no order; use `==` or `!=`",
                    tn(a, true) + "没有大小之分；请使用 `==` 或 `!=`"});
        }
        return set(e, Type{TypeKind::kBool});
      }
      case Op::kIn:
      case Op::kNotIn: {
        Type a = value(*e.args[0], s);
        for (size_t i = 1; i < e.args.size(); ++i) {
          Type b = against(a, *e.args[i], s);
          if (!compatible(a, b, *e.args[i])) mismatch("E0401", e.args[i]->span, a, b);
        }
        return set(e, Type{TypeKind::kBool});
      }
      case Op::kContains:
      case Op::kStartsWith: {
        Type a = value(*e.args[0], s), b = value(*e.args[1], s);
        if (!textual(a) && a.kind != TypeKind::kError)
          operand_error(*e.args[0], a, {"text matching needs text", "文本匹配需要文本"});
        if (!textual(b) && b.kind != TypeKind::kError)
          operand_error(*e.args[1], b, {"text matching needs text", "文本匹配需要文本"});
        return set(e, Type{TypeKind::kBool});
      }
      case Op::kAnd:
      case Op::kOr: {
        condition(*e.args[0], s,
                  {e.op == Op::kAnd ? "`and`" : "`or`", e.op == Op::kAnd ? "`且`" : "`或`"});
        auto saved = s.present;
        facts(*e.args[0], e.op == Op::kAnd, s.present);
        condition(*e.args[1], s,
                  {e.op == Op::kAnd ? "`and`" : "`or`", e.op == Op::kAnd ? "`且`" : "`或`"});
        s.present = saved;
        return set(e, Type{TypeKind::kBool});
      }
    }
    return set(e, Type{});
  }

  Text comparison_hint(const Type& a, const Type& b) const {
    if ((a.kind == TypeKind::kDate && numeric(b)) || (numeric(a) && b.kind == TypeKind::kDate))
      return {
          "compare a date with a date (`as_of`, `2024-01-01`) or a duration with a duration (`365 "
          "days`)",
          "日期应与日期比较（`基准日`、`2024-01-01`），时长应与时长比较（`365 天`）"};
    if ((a.kind == TypeKind::kDuration && numeric(b)) ||
        (numeric(a) && b.kind == TypeKind::kDuration))
      return {"give the number a unit, e.g. `30 days`", "请给数字加上单位，例如 `30 天`"};
    return {};
  }

  Type operand_error(const ast::Expr& e, const Type& t, Text what) {
    d_.error("E0404", e.span, {what.en + ", not " + a_tn(t), what.zh + "，而不是" + tn(t, true)});
    return Type{};
  }

  Type additive(const ast::Expr& e, Scope& s) {
    Type a = value(*e.args[0], s), b = value(*e.args[1], s);
    if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return Type{};
    bool sub = e.op == ast::ExprOp::kSub;
    if (numeric(a) && numeric(b))
      return Type{a.kind == TypeKind::kInt && b.kind == TypeKind::kInt ? TypeKind::kInt
                                                                       : TypeKind::kDecimal};
    if (a.kind == TypeKind::kDate && b.kind == TypeKind::kDuration) return Type{TypeKind::kDate};
    if (a.kind == TypeKind::kDate && b.kind == TypeKind::kDate && sub)
      return Type{TypeKind::kDuration};
    if (a.kind == TypeKind::kDuration && b.kind == TypeKind::kDuration)
      return Type{TypeKind::kDuration};
    Text hint;
    if (a.kind == TypeKind::kDate && numeric(b))
      hint = {"add a duration with a unit, e.g. `+ 30 days`", "请加上带单位的时长，例如 `+ 30 天`"};
    d_.error("E0404", e.span,
             {std::string("cannot ") + (sub ? "subtract a " : "add a ") + tn(b, false) +
                  (sub ? " from a " : " to a ") + tn(a, false),
              tn(a, true) + (sub ? "不能减去" : "不能加上") + tn(b, true)},
             hint);
    return Type{};
  }

  Type aggregate(const ast::Expr& e, Scope& s) {
    // An aggregate in another's `where` walks every event once per event:
    // nested k deep that is events^k steps, which never ends in practice.
    // One level keeps every evaluation linear in the events (docs/limits.md).
    if (s.event >= 0) {
      d_.error("E0406", e.span,
               {"an aggregate cannot be used inside another aggregate's `where`",
                "聚合不能用在另一个聚合的 `其中` 条件里"},
               {"compute it once with `let` and use that name here",
                "先用 `令` 算出它的值，再在这里使用该名称"});
      return Type{};
    }
    auto it = m_.schema_index.find(e.target.text);
    if (it != m_.schema_index.end() && !m_.schemas[static_cast<size_t>(it->second)].is_event) {
      d_.error(
          "E0308", e.target.span,
          {quote(e.target.text) + " is the entity table; aggregates count rows of an event table",
           quote(e.target.text) + " 是主体表；聚合只能统计事件表中的记录"},
          {"name an event table declared with `event ... of " + e.target.text + "`",
           "请使用以 `事件 ... 关联 " + e.target.text + "` 声明的事件表"});
      return Type{};
    }
    if (it == m_.schema_index.end()) {
      std::vector<std::string> events;
      for (const auto& sc : m_.schemas)
        if (sc.is_event) events.push_back(sc.name);
      report_unknown(d_, "E0308", e.target, {"event table", "事件表"}, events);
      return Type{};
    }
    int ev = it->second;
    const SchemaInfo& sc = m_.schemas[static_cast<size_t>(ev)];
    m_.refs[e.id] = {Ref::Kind::kNone, -1, ev};
    Type field_type{TypeKind::kInt};
    if (e.field) {
      int slot = sc.field(e.field->text);
      if (slot < 0) {
        std::vector<std::string> names;
        for (const auto& f : sc.fields) names.push_back(f.name);
        report_unknown(d_, "E0313", *e.field, {"field", "字段"}, names);
        return Type{};
      }
      field_type = sc.fields[static_cast<size_t>(slot)].type;
      field_type.optional = false;
      m_.refs[e.id] = {Ref::Kind::kEventField, slot, ev};
    }
    if (e.filter) {
      Scope inner = s;
      inner.event = ev;
      condition(*e.filter, inner, {"`where`", "`其中`"});
    }
    if (e.window_n && sc.date_field < 0)
      d_.error("E0406", e.span,
               {"`within` needs a date field in " + quote(sc.name),
                "`近` 需要事件表 " + quote(sc.name) + " 中有日期字段"});
    switch (e.agg) {
      case ast::AggFn::kCount:
        return Type{TypeKind::kInt};
      case ast::AggFn::kSum:
        if (!e.field || !numeric(field_type)) {
          d_.error("E0406", e.span,
                   {"`sum` needs a number field: `sum(table.field)`",
                    "`求和` 需要数值字段：`求和(表.字段)`"});
          return Type{};
        }
        return field_type;
      default:
        if (!e.field) {
          d_.error("E0406", e.span,
                   {"this aggregate needs a field: `latest(table.field)`",
                    "此聚合需要指明字段：`最近(表.字段)`"});
          return Type{};
        }
        // No events means no value: the result may be missing.
        field_type.optional = true;
        return field_type;
    }
  }

  Type call(const ast::Expr& e, Scope& s) {
    auto fn = lookup(functions(), e.text);
    if (!fn) {
      report_unknown(d_, "E0311", e.target, {"function", "函数"}, spellings(functions()));
      for (const auto& a : e.args) check(*a, s);
      return Type{};
    }
    m_.calls[e.id] = *fn;
    if (e.args.size() != 1) {
      d_.error("E0406", e.span,
               {quote(e.text) + " takes one value", quote(e.text) + " 需要一个参数"});
      for (const auto& a : e.args) check(*a, s);
      return Type{};
    }
    const ast::Expr& arg = *e.args[0];
    switch (*fn) {
      case kFnPresent:
      case kFnMissing:
        check(arg, s);
        return Type{TypeKind::kBool};
      case kFnLength: {
        Type t = value(arg, s);
        if (!textual(t) && t.kind != TypeKind::kError)
          operand_error(arg, t, {"`length` needs text", "`长度` 需要文本"});
        return Type{TypeKind::kInt};
      }
      case kFnYear: {
        Type t = value(arg, s);
        if (t.kind != TypeKind::kDate && t.kind != TypeKind::kError)
          operand_error(arg, t, {"`year` needs a date", "`年份` 需要日期"});
        return Type{TypeKind::kInt};
      }
      case kFnValidCode: {
        Type t = value(arg, s);
        if (!textual(t) && t.kind != TypeKind::kError)
          operand_error(arg, t, {"`valid_code` needs a credit code", "`代码有效` 需要信用代码"});
        return Type{TypeKind::kBool};
      }
      case kFnCity: {
        Type t = value(arg, s);
        if (t.kind != TypeKind::kDivision && t.kind != TypeKind::kError)
          operand_error(arg, t, {"`city_of` needs a division code", "`所属盟市` 需要区划代码"});
        return Type{TypeKind::kDivision};
      }
    }
    return Type{};
  }
};

}  // namespace

void typecheck(Compilation& c) { Checker(c).run(); }

}  // namespace jianguan::sema
