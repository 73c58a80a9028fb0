#include "syntax/build_ast.h"

#include <cerrno>
#include <cstdlib>

namespace jianguan::syntax {

using P = gen::JianguanParser;

Span OffsetMap::span(size_t b, size_t e) const {
  size_t n = cp_to_byte.size() - 1;
  if (b > n) b = n;
  if (e > n) e = n;
  if (e < b) e = b;
  return Span{file, cp_to_byte[b], cp_to_byte[e]};
}

Span OffsetMap::token(const antlr4::Token* t) const {
  if (!t) return Span{file, 0, 0};
  if (t->getType() == antlr4::Token::EOF) {
    uint32_t end = cp_to_byte.back();
    return Span{file, end, end};
  }
  return span(t->getStartIndex(), t->getStopIndex() + 1);
}

Span OffsetMap::node(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return Span{file, 0, 0};
  Span s = token(ctx->getStart());
  const antlr4::Token* stop = ctx->getStop();
  if (stop && stop->getType() != antlr4::Token::EOF &&
      stop->getStopIndex() + 1 >= ctx->getStart()->getStartIndex()) {
    Span e = token(stop);
    if (e.end > s.begin) s.end = e.end;
  }
  return s;
}

namespace {

bool has_cjk(const std::string& s) {
  for (size_t pos = 0; pos < s.size();) {
    uint32_t cp;
    pos += decode_utf8(s, pos, cp);
    if (cp >= 0x3400 && cp <= 0x9FFF) return true;
  }
  return false;
}

class Builder {
 public:
  Builder(const OffsetMap& offsets, const std::string& text, Diagnostics& diags, int& next_id)
      : off_(offsets), text_(text), diags_(diags), next_id_(next_id) {}

  ast::File file(P::File_Context* ctx) {
    ast::File f;
    f.file = off_.file;
    if (!ctx) return f;
    for (auto* d : ctx->decl()) decl(d, f);
    return f;
  }

 private:
  const OffsetMap& off_;
  const std::string& text_;
  Diagnostics& diags_;
  int& next_id_;

  Span sp(antlr4::ParserRuleContext* c) const { return off_.node(c); }
  Span sp(antlr4::tree::TerminalNode* t) const { return off_.token(t ? t->getSymbol() : nullptr); }

  ast::Name name(P::NameContext* c) const {
    if (!c) return {};
    return {c->getText(), sp(c)};
  }
  std::vector<ast::Name> names(P::NameListContext* c) const {
    std::vector<ast::Name> out;
    if (c)
      for (auto* n : c->name()) out.push_back(name(n));
    return out;
  }

  std::string str(antlr4::tree::TerminalNode* t) const {
    if (!t) return {};
    std::string raw = t->getText();
    // Full-width quotes were remapped to STRING by the token repair pass.
    if (raw.rfind("\xE2\x80\x9C", 0) == 0 && raw.size() >= 6) return raw.substr(3, raw.size() - 6);
    if (raw.empty()) return {};
    // An unclosed text (E0105, already reported) has no closing quote.
    size_t end = raw.size() >= 2 && raw.back() == '"' ? raw.size() - 1 : raw.size();
    std::string out;
    for (size_t i = 1; i < end; ++i) {
      if (raw[i] == '\\' && i + 1 < end) {
        char c = raw[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        out += raw[i];
      }
    }
    return out;
  }

  std::optional<ast::Date> date(antlr4::tree::TerminalNode* t) {
    if (!t) return std::nullopt;
    auto d = ast::parse_date(t->getText());
    if (!d)
      diags_.error("E0108", sp(t),
                   {"date " + quote(t->getText()) + " does not exist",
                    "日期 " + quote(t->getText()) + " 不存在"},
                   {"write dates as YYYY-MM-DD with a real month and day",
                    "日期写作 YYYY-MM-DD，月份和日期须真实存在"});
    return d;
  }

  // Numbers: INT stays integral; DECIMAL is a double; PERCENT is a fraction.
  void number(P::NumberContext* c, ast::Expr& e) {
    if (!c) return;
    std::string t = c->getText();
    if (c->INT()) {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(t.c_str(), &end, 10);
      if (errno == ERANGE) {
        diags_.error("E0109", sp(c),
                     {"number " + quote(t) + " is too large", "数字 " + quote(t) + " 过大"});
        v = 0;
      }
      e.is_int = true;
      e.int_value = v;
      e.number = static_cast<double>(v);
    } else if (c->PERCENT()) {
      e.number = std::strtod(t.substr(0, t.size() - 1).c_str(), nullptr) / 100.0;
    } else {
      e.number = std::strtod(t.c_str(), nullptr);
    }
  }
  double number_value(P::NumberContext* c) {
    ast::Expr e;
    number(c, e);
    return e.number;
  }
  double signed_value(P::SignedNumberContext* c) {
    if (!c) return 0;
    double v = number_value(c->number());
    return c->MINUS() ? -v : v;
  }
  static ast::Unit unit(P::UnitContext* c) {
    if (!c) return ast::Unit::kDays;
    if (c->MONTHS()) return ast::Unit::kMonths;
    if (c->YEARS()) return ast::Unit::kYears;
    return ast::Unit::kDays;
  }
  int64_t int_of(antlr4::tree::TerminalNode* t) {
    if (!t) return 0;
    errno = 0;
    long long v = std::strtoll(t->getText().c_str(), nullptr, 10);
    if (errno == ERANGE) {
      diags_.error("E0109", sp(t),
                   {"number " + quote(t->getText()) + " is too large",
                    "数字 " + quote(t->getText()) + " 过大"});
      return 0;
    }
    return v;
  }

  void dated(P::EffectiveClauseContext* c, ast::Dated& d) {
    if (!c) return;
    if (c->EFFECTIVE()) {
      d.effective = date(c->DATE());
      d.effective_span = sp(c->DATE());
    } else {
      d.abolished = date(c->DATE());
      d.abolished_span = sp(c->DATE());
    }
  }

  std::optional<std::string> title(antlr4::tree::TerminalNode* t) const {
    if (!t) return std::nullopt;
    return str(t);
  }

  void decl(P::DeclContext* c, ast::File& f) {
    if (auto* d = c->rulesetDecl()) {
      auto s = d->STRING();
      if (!s.empty()) f.ruleset_name = str(s[0]);
      if (s.size() > 1) f.version = str(s[1]);
    } else if (auto* d = c->importDecl()) {
      f.imports.push_back({str(d->STRING()), sp(d->STRING())});
    } else if (auto* d = c->departmentDecl()) {
      f.departments.push_back(department(d));
    } else if (auto* d = c->kindDecl()) {
      ast::Kind k{name(d->name()), title(d->STRING()).value_or(""), {}, sp(d)};
      for (auto* kc : d->kindClause())
        for (auto& n : names(kc->nameList())) k.activities.push_back(n);
      f.kinds.push_back(std::move(k));
    } else if (auto* d = c->enumDecl()) {
      f.enums.push_back({name(d->name()), names(d->nameList()), sp(d)});
    } else if (auto* d = c->entityDecl()) {
      ast::Schema s;
      s.name = name(d->name());
      s.title = title(d->STRING()).value_or("");
      s.span = sp(d);
      for (auto* sc : d->schemaClause()) schema_clause(sc, s);
      f.schemas.push_back(std::move(s));
    } else if (auto* d = c->eventDecl()) {
      ast::Schema s;
      s.is_event = true;
      s.name = name(d->name(0));
      s.title = title(d->STRING()).value_or("");
      if (d->name().size() > 1) s.of = name(d->name(1));
      if (d->name().size() > 2) s.action = name(d->name(2));
      s.span = sp(d);
      for (auto* sc : d->schemaClause()) schema_clause(sc, s);
      f.schemas.push_back(std::move(s));
    } else if (auto* d = c->itemDecl()) {
      f.items.push_back(item(d));
    } else if (auto* d = c->jointDecl()) {
      ast::Joint j;
      j.name = name(d->name());
      j.title = title(d->STRING()).value_or("");
      j.span = sp(d);
      for (auto* jc : d->jointClause()) {
        if (auto* x = dynamic_cast<P::JointItemsContext*>(jc)) {
          for (auto& n : names(x->nameList())) j.items.push_back(n);
        } else if (auto* x = dynamic_cast<P::JointWindowContext*>(jc)) {
          if (auto* du = x->duration()) {
            j.window_n = static_cast<int64_t>(number_value(du->number()));
            j.window_unit = unit(du->unit());
          }
        }
      }
      f.joints.push_back(std::move(j));
    } else if (auto* d = c->ruleDecl()) {
      f.rules.push_back(rule(d));
    } else if (auto* d = c->creditDecl()) {
      f.credit_models.push_back(credit(d));
    } else if (auto* d = c->measuresDecl()) {
      f.measures.push_back(measures(d));
    } else if (auto* d = c->testDecl()) {
      f.tests.push_back(test(d));
    }
  }

  ast::Department department(P::DepartmentDeclContext* d) {
    ast::Department dep;
    dep.name = name(d->name());
    dep.title = title(d->STRING()).value_or("");
    dep.span = sp(d);
    for (auto* c : d->departmentClause()) {
      if (auto* x = dynamic_cast<P::DeptLevelsContext*>(c)) {
        dep.levels = names(x->nameList());
      } else if (auto* x = dynamic_cast<P::DeptJurisdictionContext*>(c)) {
        if (x->divisionList())
          for (auto* t : x->divisionList()->INT())
            dep.jurisdiction.push_back({t->getText(), sp(t)});
      } else if (auto* x = dynamic_cast<P::DeptDomainsContext*>(c)) {
        dep.domains = names(x->nameList());
      } else if (auto* x = dynamic_cast<P::DeptEffectiveContext*>(c)) {
        dated(x->effectiveClause(), dep.dates);
      }
    }
    return dep;
  }

  void schema_clause(P::SchemaClauseContext* c, ast::Schema& s) {
    if (auto* x = dynamic_cast<P::SchemaTableContext*>(c)) {
      s.table = str(x->STRING());
    } else if (auto* x = dynamic_cast<P::SchemaLinkContext*>(c)) {
      s.link = name(x->name());
    } else if (auto* x = dynamic_cast<P::SchemaFieldContext*>(c)) {
      ast::Field f;
      f.name = name(x->name());
      f.span = sp(x);
      if (auto* t = x->typeRef()) {
        f.type.span = sp(t);
        if (auto* e = dynamic_cast<P::EnumTypeRefContext*>(t)) {
          f.type.form = ast::TypeRef::Form::kEnum;
          f.type.values = names(e->nameList());
        } else if (dynamic_cast<P::KindTypeRefContext*>(t)) {
          f.type.form = ast::TypeRef::Form::kKind;
        } else if (dynamic_cast<P::DeptTypeRefContext*>(t)) {
          f.type.form = ast::TypeRef::Form::kDepartment;
        } else if (auto* n = dynamic_cast<P::NamedTypeRefContext*>(t)) {
          f.type.name = name(n->name());
        }
      }
      for (auto* a : x->fieldAttr()) {
        if (a->KEY()) f.key = true;
        if (a->OPTIONAL()) f.optional = true;
        if (a->COLUMN()) f.column = str(a->STRING());
      }
      s.fields.push_back(std::move(f));
    }
  }

  ast::Frequency frequency(antlr4::tree::TerminalNode* times, P::UnitContext* u,
                           antlr4::ParserRuleContext* whole) {
    return {int_of(times), unit(u), sp(whole)};
  }

  ast::Item item(P::ItemDeclContext* d) {
    ast::Item it;
    it.name = name(d->name());
    it.title = title(d->STRING()).value_or("");
    it.span = sp(d);
    for (auto* c : d->itemClause()) {
      if (auto* x = dynamic_cast<P::ItemCodeContext*>(c)) {
        it.code = str(x->STRING());
      } else if (auto* x = dynamic_cast<P::ItemBasisContext*>(c)) {
        it.basis = str(x->STRING());
      } else if (auto* x = dynamic_cast<P::ItemCoversContext*>(c)) {
        for (auto& n : names(x->nameList())) it.covers.push_back(n);
      } else if (auto* x = dynamic_cast<P::ItemDutyContext*>(c)) {
        ast::Duty duty;
        duty.lead = x->role && x->role->getType() == P::LEAD;
        duty.span = sp(x);
        // The lists follow the keywords that introduce them, in order.
        int which = 0;
        for (auto* child : x->children) {
          if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
            if (term->getSymbol()->getType() == P::AT) which = 1;
            if (term->getSymbol()->getType() == P::FOR) which = 2;
          } else if (auto* list = dynamic_cast<P::NameListContext*>(child)) {
            auto& dst = which == 0 ? duty.departments : which == 1 ? duty.levels : duty.actions;
            for (auto& n : names(list)) dst.push_back(n);
          }
        }
        it.duties.push_back(std::move(duty));
      } else if (auto* x = dynamic_cast<P::ItemMethodContext*>(c)) {
        for (auto& n : names(x->nameList())) it.methods.push_back(n);
      } else if (auto* x = dynamic_cast<P::ItemRatioContext*>(c)) {
        it.ratio = number_value(x->number());
        it.ratio_span = sp(x->number());
      } else if (auto* x = dynamic_cast<P::ItemFrequencyContext*>(c)) {
        it.frequency = frequency(x->INT(), x->unit(), x);
      } else if (auto* x = dynamic_cast<P::ItemEffectiveContext*>(c)) {
        dated(x->effectiveClause(), it.dates);
      }
    }
    return it;
  }

  ast::Rule rule(P::RuleDeclContext* d) {
    ast::Rule r;
    r.name = name(d->name(0));
    if (d->name().size() > 1) r.item = name(d->name(1));
    r.span = sp(d);
    for (auto* c : d->ruleClause()) {
      if (auto* x = dynamic_cast<P::RuleWhenContext*>(c)) {
        r.when.push_back(expr(x->expr()));
      } else if (auto* x = dynamic_cast<P::RuleLetContext*>(c)) {
        r.lets.push_back({name(x->name()), expr(x->expr())});
      } else if (auto* x = dynamic_cast<P::RuleRequireContext*>(c)) {
        r.requires_.push_back(expr(x->expr()));
      } else if (auto* x = dynamic_cast<P::RuleSeverityContext*>(c)) {
        r.severity = name(x->name());
      } else if (auto* x = dynamic_cast<P::RuleMessageContext*>(c)) {
        auto s = x->STRING();
        Text t;
        std::string a = s.empty() ? "" : str(s[0]);
        std::string b = s.size() > 1 ? str(s[1]) : a;
        // Either order is accepted: the Chinese text is the one with CJK.
        if (!has_cjk(a) && has_cjk(b)) std::swap(a, b);
        t.zh = a;
        t.en = b;
        r.message = t;
        r.message_span = sp(x);
      } else if (auto* x = dynamic_cast<P::RuleBasisContext*>(c)) {
        r.basis = str(x->STRING());
      } else if (auto* x = dynamic_cast<P::RuleConductContext*>(c)) {
        r.conduct = str(x->STRING());
        r.conduct_span = sp(x->STRING());
      } else if (auto* x = dynamic_cast<P::RuleEffectiveContext*>(c)) {
        dated(x->effectiveClause(), r.dates);
      }
    }
    return r;
  }

  ast::CreditModel credit(P::CreditDeclContext* d) {
    ast::CreditModel m;
    m.name = name(d->name());
    m.title = title(d->STRING()).value_or("");
    m.span = sp(d);
    for (auto* c : d->creditClause()) {
      if (auto* x = dynamic_cast<P::CreditBaseContext*>(c)) {
        m.base = number_value(x->number());
      } else if (auto* x = dynamic_cast<P::CreditIndicatorContext*>(c)) {
        m.indicators.push_back(
            {name(x->name()), expr(x->expr()), signed_value(x->signedNumber()), sp(x)});
      } else if (auto* x = dynamic_cast<P::CreditGradeContext*>(c)) {
        ast::GradeBand g;
        g.grade = name(x->name());
        g.span = sp(x);
        size_t i = 0;
        if (x->FROM()) g.from = signed_value(x->signedNumber(i++));
        if (x->TO()) g.to = signed_value(x->signedNumber(i++));
        m.grades.push_back(g);
      } else if (auto* x = dynamic_cast<P::CreditOverrideContext*>(c)) {
        m.overrides.push_back({name(x->name()), expr(x->expr()), sp(x)});
      }
    }
    return m;
  }

  ast::Measures measures(P::MeasuresDeclContext* d) {
    ast::Measures m;
    m.name = name(d->name(0));
    if (d->name().size() > 1) m.model = name(d->name(1));
    m.span = sp(d);
    for (auto* c : d->measureClause()) {
      if (auto* x = dynamic_cast<P::MeasureGradeContext*>(c)) {
        ast::GradeMeasure g;
        g.grade = name(x->name());
        g.span = sp(x);
        for (auto* a : x->measureAttr()) {
          if (auto* y = dynamic_cast<P::AttrRatioContext*>(a)) {
            g.ratio = number_value(y->number());
            g.ratio_span = sp(y->number());
          } else if (auto* y = dynamic_cast<P::AttrFrequencyContext*>(a)) {
            g.frequency = frequency(y->INT(), y->unit(), y);
          } else if (auto* y = dynamic_cast<P::AttrRestrictContext*>(a)) {
            for (auto& n : names(y->nameList())) g.restrictions.push_back(n);
          } else if (auto* y = dynamic_cast<P::AttrBasisContext*>(a)) {
            g.basis = str(y->STRING());
          }
        }
        m.grades.push_back(std::move(g));
      } else if (auto* x = dynamic_cast<P::MeasureRestrictContext*>(c)) {
        ast::Restriction r;
        r.measures = names(x->nameList());
        if (x->expr()) r.when = expr(x->expr());
        if (x->STRING()) r.basis = str(x->STRING());
        r.span = sp(x);
        m.restrictions.push_back(std::move(r));
      }
    }
    return m;
  }

  ast::Test test(P::TestDeclContext* d) {
    ast::Test t;
    t.title = str(d->STRING());
    t.span = sp(d);
    for (auto* c : d->testClause()) {
      if (auto* x = dynamic_cast<P::TestAsOfContext*>(c)) {
        t.as_of = date(x->DATE());
      } else if (auto* x = dynamic_cast<P::TestGivenContext*>(c)) {
        ast::Given g;
        g.schema = name(x->name());
        g.span = sp(x);
        for (auto* fi : x->fieldInit()) g.fields.push_back({name(fi->name()), expr(fi->expr())});
        t.given.push_back(std::move(g));
      } else if (auto* x = dynamic_cast<P::TestExpectFindingContext*>(c)) {
        t.expect.push_back(
            {ast::Expectation::What::kFinding, x->NO() != nullptr, name(x->name()), sp(x)});
      } else if (auto* x = dynamic_cast<P::TestExpectGradeContext*>(c)) {
        t.expect.push_back({ast::Expectation::What::kGrade, false, name(x->name()), sp(x)});
      } else if (auto* x = dynamic_cast<P::TestExpectRestrictContext*>(c)) {
        t.expect.push_back(
            {ast::Expectation::What::kRestriction, x->NO() != nullptr, name(x->name()), sp(x)});
      }
    }
    return t;
  }

  ast::ExprPtr make(ast::ExprOp op, antlr4::ParserRuleContext* c) {
    auto e = std::make_unique<ast::Expr>();
    e->id = next_id_++;
    e->op = op;
    e->span = sp(c);
    return e;
  }

  ast::ExprPtr binary(ast::ExprOp op, P::ExprContext* c, P::ExprContext* l, P::ExprContext* r) {
    auto e = make(op, c);
    e->args.push_back(expr(l));
    e->args.push_back(expr(r));
    return e;
  }

  static ast::ExprOp op_of(antlr4::Token* t) {
    switch (t ? t->getType() : 0) {
      case P::STAR:
        return ast::ExprOp::kMul;
      case P::SLASH:
        return ast::ExprOp::kDiv;
      case P::PLUS:
        return ast::ExprOp::kAdd;
      case P::MINUS:
        return ast::ExprOp::kSub;
      case P::LT:
        return ast::ExprOp::kLt;
      case P::LE:
        return ast::ExprOp::kLe;
      case P::GT:
        return ast::ExprOp::kGt;
      case P::GE:
        return ast::ExprOp::kGe;
      case P::NE:
        return ast::ExprOp::kNe;
      case P::CONTAINS:
        return ast::ExprOp::kContains;
      case P::STARTS_WITH:
        return ast::ExprOp::kStartsWith;
      default:
        return ast::ExprOp::kEq;
    }
  }

  // A parse that failed mid-expression leaves null children; they become an
  // error-free `true` placeholder since the syntax error is already reported.
  ast::ExprPtr placeholder(antlr4::ParserRuleContext* c) {
    auto e = make(ast::ExprOp::kBool, c);
    e->boolean = true;
    return e;
  }

  ast::ExprPtr expr(P::ExprContext* c) {
    if (!c) return placeholder(nullptr);
    if (auto* x = dynamic_cast<P::PrimaryExprContext*>(c)) return primary(x->primary());
    if (auto* x = dynamic_cast<P::UnaryExprContext*>(c)) {
      auto e = make(x->op && x->op->getType() == P::NOT ? ast::ExprOp::kNot : ast::ExprOp::kNeg, c);
      e->args.push_back(expr(x->expr()));
      return e;
    }
    if (auto* x = dynamic_cast<P::MulExprContext*>(c))
      return binary(op_of(x->op), c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::AddExprContext*>(c))
      return binary(op_of(x->op), c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::CompareExprContext*>(c))
      return binary(op_of(x->op), c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::TextExprContext*>(c))
      return binary(op_of(x->op), c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::DefaultExprContext*>(c))
      return binary(ast::ExprOp::kDefault, c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::AndExprContext*>(c))
      return binary(ast::ExprOp::kAnd, c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::OrExprContext*>(c))
      return binary(ast::ExprOp::kOr, c, x->expr(0), x->expr(1));
    if (auto* x = dynamic_cast<P::AssignTypoExprContext*>(c)) {
      diags_.error("E0104", sp(x->ASSIGN()),
                   {"`=` gives a name a value; to compare, write `==`",
                    "`=` 用于给名称赋值；比较相等请写 `==`"},
                   {"write `==`", "改为 `==`"});
      return binary(ast::ExprOp::kEq, c, x->expr(0), x->expr(1));
    }
    if (auto* x = dynamic_cast<P::InExprContext*>(c)) {
      auto e = make(x->NOT() ? ast::ExprOp::kNotIn : ast::ExprOp::kIn, c);
      for (auto* a : x->expr()) e->args.push_back(expr(a));
      return e;
    }
    return placeholder(c);
  }

  ast::ExprPtr primary(P::PrimaryContext* c) {
    if (!c) return placeholder(nullptr);
    if (auto* x = dynamic_cast<P::NumberLitContext*>(c)) {
      auto e = make(ast::ExprOp::kNumber, c);
      number(x->number(), *e);
      return e;
    }
    if (auto* x = dynamic_cast<P::DurationLitContext*>(c)) {
      auto e = make(ast::ExprOp::kDuration, c);
      number(x->number(), *e);
      e->int_value = static_cast<int64_t>(e->number);
      e->unit = unit(x->unit());
      return e;
    }
    if (auto* x = dynamic_cast<P::StringLitContext*>(c)) {
      auto e = make(ast::ExprOp::kString, c);
      e->text = str(x->STRING());
      return e;
    }
    if (auto* x = dynamic_cast<P::DateLitContext*>(c)) {
      auto e = make(ast::ExprOp::kDate, c);
      e->date = date(x->DATE()).value_or(0);
      return e;
    }
    if (auto* x = dynamic_cast<P::BoolLitContext*>(c)) {
      auto e = make(ast::ExprOp::kBool, c);
      e->boolean = x->TRUE() != nullptr;
      return e;
    }
    if (dynamic_cast<P::AsOfRefContext*>(c)) return make(ast::ExprOp::kAsOf, c);
    if (auto* x = dynamic_cast<P::AggExprContext*>(c)) {
      auto e = make(ast::ExprOp::kAgg, c);
      std::string fn = x->AGG()->getText();
      e->agg = (fn == "count" || fn == "计数") ? ast::AggFn::kCount
               : (fn == "sum" || fn == "求和") ? ast::AggFn::kSum
               : (fn == "min" || fn == "最小") ? ast::AggFn::kMin
               : (fn == "max" || fn == "最大") ? ast::AggFn::kMax
                                               : ast::AggFn::kLatest;
      if (auto* t = x->aggTarget()) {
        e->target = name(t->name(0));
        if (t->name().size() > 1) e->field = name(t->name(1));
      }
      if (x->WHERE()) e->filter = expr(x->expr());
      if (auto* du = x->duration()) {
        e->window_n = static_cast<int64_t>(number_value(du->number()));
        e->window_unit = unit(du->unit());
      }
      return e;
    }
    if (auto* x = dynamic_cast<P::CallExprContext*>(c)) {
      auto e = make(ast::ExprOp::kCall, c);
      auto* callee = x->callee();
      e->text = callee ? callee->getText() : "";
      e->target = {e->text, callee ? sp(callee) : e->span};
      for (auto* a : x->expr()) e->args.push_back(expr(a));
      return e;
    }
    if (auto* x = dynamic_cast<P::NameRefContext*>(c)) {
      auto e = make(ast::ExprOp::kName, c);
      e->text = x->name() ? x->name()->getText() : "";
      return e;
    }
    if (auto* x = dynamic_cast<P::ParenExprContext*>(c)) return expr(x->expr());
    return placeholder(c);
  }
};

}  // namespace

ast::File build_ast(P::File_Context* tree, const OffsetMap& offsets, const std::string& text,
                    Diagnostics& diags, int& next_expr_id) {
  return Builder(offsets, text, diags, next_expr_id).file(tree);
}

}  // namespace jianguan::syntax
