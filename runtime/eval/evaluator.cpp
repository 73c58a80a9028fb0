#include "eval/evaluator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "ast/ast.h"

namespace jianguan::rt {

using ir::Op;
using ir::Value;
using Tag = ir::Value::Tag;

namespace {

double num(const Value& v) { return v.tag == Tag::kInt ? static_cast<double>(v.i) : v.d; }
bool is_num(const Value& v) { return v.tag == Tag::kInt || v.tag == Tag::kDecimal; }

// Three-way comparison of two present values of compatible types.
int compare(const Value& a, const Value& b) {
  if (is_num(a) && is_num(b)) {
    if (a.tag == Tag::kInt && b.tag == Tag::kInt) return a.i < b.i ? -1 : a.i > b.i;
    double x = num(a), y = num(b);
    return x < y ? -1 : x > y;
  }
  if (a.tag == Tag::kText && b.tag == Tag::kText) {
    int c = a.str().compare(b.str());
    return c < 0 ? -1 : c > 0;
  }
  if (a.tag == Tag::kBool && b.tag == Tag::kBool)
    return static_cast<int>(a.b) - static_cast<int>(b.b);
  return a.i < b.i ? -1 : a.i > b.i;  // dates, durations, symbols, divisions
}

constexpr int64_t kLevelMaskAll = 7;

}  // namespace

int64_t add_months(int64_t date, int64_t months) {
  ast::CivilDate c = ast::civil_date(static_cast<ast::Date>(date));
  int64_t total = static_cast<int64_t>(c.year) * 12 + (c.month - 1) + months;
  int y = static_cast<int>(total / 12);
  unsigned m = static_cast<unsigned>(total % 12) + 1;
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  unsigned max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return ast::make_date(y, m, c.day > max ? max : c.day);
}

namespace {

// Per byte: its value as a credit-code character (0-30, or -1), and as an
// organisation-code character (0-35, or -1). Built once, not checked for at
// every call: every record's key and every event's link is a credit code.
constexpr char kCodeChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

struct CodeTables {
  std::array<int8_t, 256> code{}, org{};
  CodeTables() {
    code.fill(-1);
    org.fill(-1);
    for (int i = 0; i < 31; ++i)
      code[static_cast<unsigned char>(kCodeChars[i])] = static_cast<int8_t>(i);
    for (int c = '0'; c <= '9'; ++c) org[static_cast<size_t>(c)] = static_cast<int8_t>(c - '0');
    for (int c = 'A'; c <= 'Z'; ++c)
      org[static_cast<size_t>(c)] = static_cast<int8_t>(c - 'A' + 10);
  }
};
const CodeTables kCodeTables;

}  // namespace

bool valid_credit_code(std::string_view code) {
  if (code.size() != 18) return false;
  static constexpr int kW[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  const auto& t = kCodeTables.code;
  int sum = 0, bad = 0;
  for (int i = 0; i < 17; ++i) {
    const int v = t[static_cast<unsigned char>(code[static_cast<size_t>(i)])];
    bad |= v;
    sum += v * kW[i];
  }
  if (bad < 0 || kCodeChars[(31 - sum % 31) % 31] != code[17]) return false;
  // Positions 9-17 are the organisation code (GB 11714) with its own check.
  static constexpr int kOw[] = {3, 7, 9, 10, 5, 8, 4, 2};
  const auto& o = kCodeTables.org;
  int osum = 0;
  bad = 0;
  for (int i = 0; i < 8; ++i) {
    const int v = o[static_cast<unsigned char>(code[static_cast<size_t>(8 + i)])];
    bad |= v;
    osum += v * kOw[i];
  }
  if (bad < 0) return false;
  int c9 = 11 - osum % 11;
  char expect = c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);
  return code[16] == expect;
}

std::string format_value(const ir::Program& p, const Value& v) {
  char buf[64];
  switch (v.tag) {
    case Tag::kMissing:
      return "(missing)";
    case Tag::kBool:
      return v.b ? "true" : "false";
    case Tag::kInt:
      return std::to_string(v.i);
    case Tag::kDecimal:
      std::snprintf(buf, sizeof buf, "%.10g", v.d);
      return buf;
    case Tag::kText:
      return std::string(v.str());
    case Tag::kDate:
      return ast::format_date(static_cast<ast::Date>(v.i));
    case Tag::kDuration:
      return std::to_string(v.i) + " days";
    case Tag::kSymbol:
      // Appended, not "#" + string: GCC 12 warns falsely (-Wrestrict) on that.
      return std::string("#").append(std::to_string(v.i));
  }
  (void)p;
  return "";
}

Evaluator::Evaluator(const ir::Program& p)
    : p_(p),
      lets_(static_cast<size_t>(p.max_lets)),
      agg_value_(p.aggregates.size()),
      agg_stamp_(p.aggregates.size(), 0) {
  rule_covers_.assign(p.rules.size() * p.kinds.size(), 0);
  for (size_t r = 0; r < p.rules.size(); ++r)
    if (p.rules[r].item >= 0)
      for (int32_t k : p.items[static_cast<size_t>(p.rules[r].item)].kinds)
        rule_covers_[r * p.kinds.size() + static_cast<size_t>(k)] = 1;
  covered_kind_.assign(p.kinds.size(), 0);
  for (const auto& it : p.items) {
    bool has_lead = false;
    for (const auto& d : it.duties) has_lead |= d.lead;
    if (!has_lead) continue;
    for (int32_t k : it.kinds) covered_kind_[static_cast<size_t>(k)] = 1;
  }
}

bool Evaluator::in_force(const ir::Rule& r, int64_t as_of) const {
  if (as_of < r.effective || as_of >= r.abolished) return false;
  if (r.item < 0) return true;
  const auto& it = p_.items[static_cast<size_t>(r.item)];
  return as_of >= it.effective && as_of < it.abolished;
}

// The rules in force on `as_of` that apply to an entity of `kind` (-1: of
// no known kind, to which every rule applies), in rule order. As-of dates
// rarely change within a run, so the lists are kept until one does.
const std::vector<int32_t>& Evaluator::rules_for(int32_t kind, int64_t as_of) {
  if (rules_as_of_ != as_of || rules_by_kind_.empty()) {
    rules_as_of_ = as_of;
    rules_by_kind_.assign(p_.kinds.size() + 1, {});
    for (size_t k = 0; k <= p_.kinds.size(); ++k)
      for (int32_t ri = 0; ri < static_cast<int32_t>(p_.rules.size()); ++ri) {
        const ir::Rule& r = p_.rules[static_cast<size_t>(ri)];
        if (!in_force(r, as_of)) continue;
        if (r.item >= 0 && k < p_.kinds.size() &&
            !rule_covers_[static_cast<size_t>(ri) * p_.kinds.size() + k])
          continue;
        rules_by_kind_[k].push_back(ri);
      }
  }
  return rules_by_kind_[kind >= 0 ? static_cast<size_t>(kind) : p_.kinds.size()];
}

bool Evaluator::truthy(int32_t node, const Ctx& c) {
  Value v = eval(node, c);
  return v.tag == Tag::kBool && v.b;
}

Value Evaluator::aggregate(int32_t index, const Ctx& c) {
  const ir::Aggregate& a = p_.aggregates[static_cast<size_t>(index)];
  if (!a.per_record) return compute_aggregate(a, c);
  size_t i = static_cast<size_t>(index);
  if (agg_stamp_[i] != stamp_) {
    agg_value_[i] = compute_aggregate(a, c);
    agg_stamp_[i] = stamp_;
  }
  return agg_value_[i];
}

Value Evaluator::compute_aggregate(const ir::Aggregate& a, const Ctx& c) {
  const Rows rows = c.record->rows(a.table);
  const ir::Table& t = p_.tables[static_cast<size_t>(a.table)];
  int64_t count = 0;
  Value acc;
  bool int_sum = a.fn == ir::AggFn::kSum && a.field >= 0 &&
                 t.fields[static_cast<size_t>(a.field)].type == ir::FieldType::kInt;
  int64_t isum = 0;
  double dsum = 0;
  Value latest_date;
  Ctx inner = c;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Value* row = rows[i];
    Value date;
    if (t.date >= 0) date = row[t.date];
    if (a.window_days >= 0) {
      // Within the window: (as_of - window, as_of], future events excluded.
      if (date.is_missing() || date.i > c.as_of || date.i <= c.as_of - a.window_days) continue;
    }
    if (a.filter >= 0) {
      inner.event = row;
      if (!truthy(a.filter, inner)) continue;
    }
    if (a.fn == ir::AggFn::kCount) {
      ++count;
      continue;
    }
    const Value& v = row[a.field];
    if (v.is_missing()) continue;
    ++count;
    switch (a.fn) {
      case ir::AggFn::kSum:
        if (int_sum)
          isum += v.i;
        else
          dsum += num(v);
        break;
      case ir::AggFn::kMin:
        if (acc.is_missing() || compare(v, acc) < 0) acc = v;
        break;
      case ir::AggFn::kMax:
        if (acc.is_missing() || compare(v, acc) > 0) acc = v;
        break;
      case ir::AggFn::kLatest:
        // The value of the most recent event (by the table's date field);
        // ties keep the later row, so the result follows the source order.
        if (acc.is_missing() ||
            (!date.is_missing() && (latest_date.is_missing() || date.i >= latest_date.i))) {
          acc = v;
          latest_date = date;
        }
        break;
      default:
        break;
    }
  }
  switch (a.fn) {
    case ir::AggFn::kCount:
      return Value::integer(count);
    case ir::AggFn::kSum:
      return int_sum ? Value::integer(isum) : Value::decimal(dsum);
    default:
      return acc;
  }
}

Value Evaluator::eval(int32_t idx, const Ctx& c) {
  const ir::Node& n = p_.nodes[static_cast<size_t>(idx)];
  switch (n.op) {
    case Op::kConst:
      return p_.consts[static_cast<size_t>(n.index)];
    case Op::kField:
      return c.entity[n.index];
    case Op::kEventField:
      return c.event ? c.event[n.index] : Value{};
    case Op::kLet:
      return c.lets[n.index];
    case Op::kAsOf:
      return Value::date(c.as_of);
    case Op::kAgg:
      return aggregate(n.index, c);
    case Op::kPresent:
      return Value::boolean(!operand(n.a, c).is_missing());
    case Op::kMissing:
      return Value::boolean(operand(n.a, c).is_missing());
    case Op::kDefault: {
      Value a = operand(n.a, c);
      return a.is_missing() ? operand(n.b, c) : a;
    }
    case Op::kAnd: {
      Value a = operand(n.a, c);
      if (a.tag == Tag::kBool && !a.b) return a;
      Value b = operand(n.b, c);
      if (a.is_missing() || b.is_missing()) return Value{};
      return b;
    }
    case Op::kOr: {
      Value a = operand(n.a, c);
      if (a.tag == Tag::kBool && a.b) return a;
      Value b = operand(n.b, c);
      if (b.tag == Tag::kBool && b.b) return b;
      if (a.is_missing() || b.is_missing()) return Value{};
      return Value::boolean(false);
    }
    default:
      break;
  }
  Value a = operand(n.a, c);
  if (a.is_missing()) return a;
  switch (n.op) {
    case Op::kLength: {
      int64_t cps = 0;
      for (unsigned char ch : a.str()) cps += (ch & 0xC0) != 0x80;
      return Value::integer(cps);
    }
    case Op::kYear:
      return Value::integer(ast::civil_date(static_cast<ast::Date>(a.i)).year);
    case Op::kValidCode:
      return Value::boolean(valid_credit_code(a.str()));
    case Op::kCityOf:
      return Value::integer(a.i / 100 * 100);
    case Op::kNeg:
      return a.tag == Tag::kDecimal ? Value::decimal(-a.d) : (a.i = -a.i, a);
    case Op::kNot:
      return Value::boolean(!a.b);
    case Op::kAddMonths:
      return Value::date(add_months(a.i, n.index));
    case Op::kSubMonths:
      return Value::date(add_months(a.i, -n.index));
    case Op::kIn:
    case Op::kNotIn: {
      bool found = false;
      for (int32_t i = 0; i < n.count && !found; ++i) {
        Value b = operand(p_.operands[static_cast<size_t>(n.list + i)], c);
        found = !b.is_missing() && compare(a, b) == 0;
      }
      return Value::boolean(found == (n.op == Op::kIn));
    }
    default:
      break;
  }
  Value b = operand(n.b, c);
  if (b.is_missing()) return b;
  switch (n.op) {
    case Op::kAdd:
    case Op::kSub: {
      int64_t sign = n.op == Op::kAdd ? 1 : -1;
      if (a.tag == Tag::kDate && b.tag == Tag::kDate) return Value::duration(a.i - b.i);
      if (a.tag == Tag::kDate) return Value::date(a.i + sign * b.i);
      if (a.tag == Tag::kDuration) return Value::duration(a.i + sign * b.i);
      if (a.tag == Tag::kInt && b.tag == Tag::kInt) return Value::integer(a.i + sign * b.i);
      return Value::decimal(num(a) + static_cast<double>(sign) * num(b));
    }
    case Op::kMul:
      if (a.tag == Tag::kInt && b.tag == Tag::kInt) return Value::integer(a.i * b.i);
      return Value::decimal(num(a) * num(b));
    case Op::kDiv:
      // Division by zero has no value: the rule cannot decide, so it is missing.
      if (num(b) == 0) return Value{};
      return Value::decimal(num(a) / num(b));
    case Op::kLt:
      return Value::boolean(compare(a, b) < 0);
    case Op::kLe:
      return Value::boolean(compare(a, b) <= 0);
    case Op::kGt:
      return Value::boolean(compare(a, b) > 0);
    case Op::kGe:
      return Value::boolean(compare(a, b) >= 0);
    case Op::kEq:
      return Value::boolean(compare(a, b) == 0);
    case Op::kNe:
      return Value::boolean(compare(a, b) != 0);
    case Op::kContains:
      return Value::boolean(a.str().find(b.str()) != std::string_view::npos);
    case Op::kStartsWith:
      return Value::boolean(a.str().substr(0, b.str().size()) == b.str());
    default:
      return Value{};
  }
}

std::vector<Routed> Evaluator::route(int32_t item, int64_t division) const {
  std::vector<Routed> out;
  const auto& it = p_.items[static_cast<size_t>(item)];
  int64_t city = division / 100 * 100;
  int64_t region = division / 10000 * 10000;
  for (const auto& duty : it.duties) {
    const auto& dep = p_.departments[static_cast<size_t>(duty.department)];
    uint32_t levels = duty.levels & (dep.levels ? dep.levels : kLevelMaskAll);
    // The office closest to the entity handles it: county, then city, then region.
    for (int level : {2, 1, 0}) {
      if (!(levels & (1u << level))) continue;
      int64_t unit = level == 2 ? division : level == 1 ? city : region;
      if (level == 2 && division % 100 == 0) continue;  // registered at city level
      if (!dep.jurisdiction.empty()) {
        bool ok = false;
        for (int64_t j : dep.jurisdiction) ok |= j == division || j == city || j == region;
        if (!ok) continue;
      }
      out.push_back({duty.department, level, unit, duty.lead});
      break;
    }
  }
  return out;
}

// Visits are chained by date: each visit within the window of the one
// before it joins its group. A group with two or more departments is a
// repeated inspection (多头重复检查) that one joint visit could have served.
// Future visits are ignored.
void Evaluator::repeated_visits(const Record& rec, int64_t as_of, EntityResult& out) {
  out.repeated_visits.clear();
  if (p_.inspection_table < 0 || out.kind < 0) return;
  int32_t window = p_.kind_visit_window[static_cast<size_t>(out.kind)];
  const ir::Table& t = p_.tables[static_cast<size_t>(p_.inspection_table)];
  if (window < 0 || t.date < 0 || t.department < 0) return;
  const Rows rows = rec.rows(p_.inspection_table);
  if (rows.size() < 2) return;
  auto& visits = visit_scratch_;
  visits.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    const Value& d = rows[i][t.date];
    const Value& dep = rows[i][t.department];
    if (d.is_missing() || dep.is_missing() || d.i > as_of) continue;
    visits.push_back({d.i, static_cast<int32_t>(dep.i)});
  }
  std::sort(visits.begin(), visits.end());
  for (size_t i = 0; i < visits.size();) {
    size_t j = i + 1;
    while (j < visits.size() && visits[j].first - visits[j - 1].first <= window) ++j;
    bool several = false;
    for (size_t k = i + 1; k < j; ++k) several |= visits[k].second != visits[i].second;
    if (several)
      out.repeated_visits.push_back({{visits.begin() + static_cast<std::ptrdiff_t>(i),
                                      visits.begin() + static_cast<std::ptrdiff_t>(j)}});
    i = j;
  }
}

// Penalties whose text fields (conduct, basis, ...) are all equal punish the
// same conduct on the same basis. Rows are grouped by comparing those fields
// in place; text is joined only for a group found.
void Evaluator::repeated_penalties(const Record& rec, int64_t as_of, EntityResult& out) {
  out.repeated_penalties.clear();
  if (p_.penalty_table < 0) return;
  const ir::Table& t = p_.tables[static_cast<size_t>(p_.penalty_table)];
  const Rows rows = rec.rows(p_.penalty_table);
  if (rows.size() < 2) return;
  auto text_fields = [&](auto&& fn) {
    for (size_t f = 0; f < t.fields.size(); ++f)
      if (static_cast<int32_t>(f) != t.link && t.fields[f].type == ir::FieldType::kText) fn(f);
  };
  auto& keys = penalty_scratch_;
  keys.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    const Value* r = rows[i];
    bool any_text = false;
    text_fields([&](size_t f) { any_text |= !r[f].is_missing(); });
    const Value& date = t.date >= 0 ? r[t.date] : Value{};
    int64_t day = date.is_missing() ? 0 : date.i;
    if (day > as_of || !any_text) continue;
    const Value& dep = t.department >= 0 ? r[t.department] : Value{};
    keys.push_back({r, day, dep.is_missing() ? -1 : static_cast<int32_t>(dep.i)});
  }
  // Missing sorts before any text; two missing cells are equal.
  auto conduct_cmp = [&](const Value* a, const Value* b) {
    int c = 0;
    text_fields([&](size_t f) {
      if (c != 0) return;
      const Value &x = a[f], &y = b[f];
      if (x.is_missing() || y.is_missing())
        c = static_cast<int>(!x.is_missing()) - static_cast<int>(!y.is_missing());
      else
        c = x.str().compare(y.str());
    });
    return c;
  };
  std::sort(keys.begin(), keys.end(), [&](const PenaltyKey& a, const PenaltyKey& b) {
    int c = conduct_cmp(a.row, b.row);
    if (c != 0) return c < 0;
    return std::tie(a.date, a.department) < std::tie(b.date, b.department);
  });
  for (size_t i = 0; i < keys.size();) {
    size_t j = i + 1;
    while (j < keys.size() && conduct_cmp(keys[i].row, keys[j].row) == 0) ++j;
    if (j - i >= 2) {
      RepeatedPenalty& g = out.repeated_penalties.emplace_back();
      text_fields([&](size_t f) {
        const Value& v = keys[i].row[f];
        if (v.is_missing()) return;
        if (!g.conduct.empty()) g.conduct += " / ";
        g.conduct += v.str();
      });
      for (size_t k = i; k < j; ++k) g.penalties.push_back({keys[k].date, keys[k].department});
    }
    i = j;
  }
}

void Evaluator::evaluate(const Record& rec, int64_t as_of, EntityResult& out) {
  const ir::Table& et = p_.tables[static_cast<size_t>(p_.entity)];
  // `out` is reused from record to record: its vectors keep their capacity,
  // so the steady state allocates only for findings.
  out.findings.clear();
  // A new stamp empties the aggregate cache; on wrap-around, clear it for real.
  if (++stamp_ == 0) {
    std::fill(agg_stamp_.begin(), agg_stamp_.end(), 0);
    stamp_ = 1;
  }
  const Value* entity = rec.entity();
  out.source_row = rec.entity_row();
  if (et.key >= 0)
    out.id.assign(entity[et.key].str());
  else
    out.id.clear();
  const Value* kind = et.kind >= 0 ? &entity[et.kind] : nullptr;
  out.kind = kind && kind->tag == Tag::kSymbol ? static_cast<int32_t>(kind->i) : -1;
  out.division = et.division >= 0 ? entity[et.division].i : 0;
  out.responsible = out.kind < 0 || covered_kind_[static_cast<size_t>(out.kind)];
  repeated_visits(rec, as_of, out);
  repeated_penalties(rec, as_of, out);

  Ctx c;
  c.entity = entity;
  c.record = &rec;
  c.as_of = as_of;
  c.lets = lets_.data();
  for (int32_t ri : rules_for(out.kind, as_of)) {
    const ir::Rule& r = p_.rules[static_cast<size_t>(ri)];
    for (size_t i = 0; i < r.lets.size(); ++i) lets_[i] = eval(r.lets[i], c);
    bool applies = true;
    for (int32_t w : r.when)
      if (!truthy(w, c)) {
        applies = false;
        break;
      }
    if (!applies) continue;
    bool violated = false;
    for (int32_t q : r.require) {
      Value v = eval(q, c);
      // A requirement that cannot be decided (missing data) is not a
      // violation; the checker makes rule authors handle missing values.
      if (v.tag == Tag::kBool && !v.b) {
        violated = true;
        break;
      }
    }
    if (!violated) continue;
    Finding f;
    f.rule = ri;
    for (const auto& ev : r.evidence) {
      const ir::Node& node = p_.nodes[static_cast<size_t>(ev.node)];
      Value v = eval(ev.node, c);
      std::string text;
      if (v.tag == Tag::kSymbol && node.op == Op::kField) {
        const auto& fd = et.fields[static_cast<size_t>(node.index)];
        size_t s = static_cast<size_t>(v.i);
        text = fd.type == ir::FieldType::kKind ? p_.kinds[s]
               : fd.type == ir::FieldType::kDepartment
                   ? p_.departments[s].name
                   : p_.enums[static_cast<size_t>(fd.enum_id)][s];
      } else {
        text = format_value(p_, v);
      }
      f.evidence.push_back({ev.label, text});
    }
    if (r.item >= 0) f.routed = route(r.item, out.division);
    out.findings.push_back(std::move(f));
  }

  out.credit.resize(p_.credit_models.size());
  for (int32_t mi = 0; mi < static_cast<int32_t>(p_.credit_models.size()); ++mi) {
    const ir::CreditModel& m = p_.credit_models[static_cast<size_t>(mi)];
    CreditResult& cr = out.credit[static_cast<size_t>(mi)];
    cr.model = mi;
    cr.score = m.base;
    cr.grade = -1;
    cr.override_by = -1;
    cr.contributions.clear();
    for (const auto& ind : m.indicators) {
      Value v = eval(ind.node, c);
      double x = v.tag == Tag::kBool ? (v.b ? 1.0 : 0.0) : is_num(v) ? num(v) : 0.0;
      double contribution = ind.weight * x + 0.0;  // + 0.0: no "-0" in reports
      cr.contributions.push_back(contribution);
      cr.score += contribution;
    }
    for (size_t g = 0; g < m.grades.size(); ++g)
      if (cr.score >= m.grades[g].from && cr.score < m.grades[g].to) {
        cr.grade = static_cast<int32_t>(g);
        break;
      }
    for (size_t o = 0; o < m.overrides.size(); ++o)
      if (truthy(m.overrides[o].second, c)) {
        cr.grade = m.overrides[o].first;
        cr.override_by = static_cast<int32_t>(o);
        break;
      }
  }

  out.measures.resize(p_.measures.size());
  for (int32_t si = 0; si < static_cast<int32_t>(p_.measures.size()); ++si) {
    const ir::Measures& ms = p_.measures[static_cast<size_t>(si)];
    MeasureResult& mr = out.measures[static_cast<size_t>(si)];
    mr.measures = si;
    mr.grade_measure = -1;
    mr.restrictions.clear();
    int32_t grade = -1;
    for (const auto& cr : out.credit)
      if (cr.model == ms.model) grade = cr.grade;
    for (size_t g = 0; g < ms.grades.size(); ++g)
      if (ms.grades[g].grade == grade && grade >= 0) {
        mr.grade_measure = static_cast<int32_t>(g);
        for (int32_t r : ms.grades[g].restrictions)
          mr.restrictions.push_back({r, ms.grades[g].basis});
      }
    for (const auto& cond : ms.restrictions)
      if (cond.when >= 0 && truthy(cond.when, c))
        for (int32_t r : cond.restrictions) {
          bool dup = false;
          for (const auto& have : mr.restrictions) dup |= have.restriction == r;
          if (!dup) mr.restrictions.push_back({r, cond.basis});
        }
  }
}

}  // namespace jianguan::rt
