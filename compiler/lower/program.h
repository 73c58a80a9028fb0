// The executable program: what the compiler hands the runtime. Plain data,
// no names to look up: fields are slots, kinds / departments / enum values
// are symbol numbers, constants are folded into a table. Every node keeps
// the id of the AST expression it came from, and every rule its source
// location, so a finding can point back at the rule text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jianguan::ir {

// One runtime value, 16 bytes: records hold one per field and the evaluator
// copies them freely. Text points into storage owned by the record or the
// program, which outlive the evaluation of one record.
struct Value {
  enum class Tag : uint8_t { kMissing, kBool, kInt, kDecimal, kText, kDate, kDuration, kSymbol };
  Tag tag = Tag::kMissing;
  uint32_t len = 0;  // kText: length in bytes
  union {
    bool b;
    int64_t i = 0;  // int, date (days since 1970), duration (days), symbol, division code
    double d;
    const char* p;  // kText: the bytes
  };

  std::string_view str() const { return {p, len}; }
  static Value missing() { return {}; }
  static Value boolean(bool v) {
    Value x;
    x.tag = Tag::kBool;
    x.b = v;
    return x;
  }
  static Value integer(int64_t v) {
    Value x;
    x.tag = Tag::kInt;
    x.i = v;
    return x;
  }
  static Value decimal(double v) {
    Value x;
    x.tag = Tag::kDecimal;
    x.d = v;
    return x;
  }
  static Value text(std::string_view v) {
    Value x;
    x.tag = Tag::kText;
    x.p = v.data();
    x.len = static_cast<uint32_t>(v.size());
    return x;
  }
  static Value date(int64_t v) {
    Value x;
    x.tag = Tag::kDate;
    x.i = v;
    return x;
  }
  static Value duration(int64_t days) {
    Value x;
    x.tag = Tag::kDuration;
    x.i = days;
    return x;
  }
  static Value symbol(int64_t v) {
    Value x;
    x.tag = Tag::kSymbol;
    x.i = v;
    return x;
  }
  bool is_missing() const { return tag == Tag::kMissing; }
};

enum class Op : uint8_t {
  kConst,
  kField,
  kEventField,
  kLet,
  kAsOf,
  kAgg,
  kPresent,
  kMissing,
  kLength,
  kYear,
  kValidCode,
  kCityOf,
  kNeg,
  kNot,
  kMul,
  kDiv,
  kAdd,
  kSub,
  kAddMonths,
  kSubMonths,
  kDefault,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kIn,
  kNotIn,
  kContains,
  kStartsWith,
  kAnd,
  kOr,
};

struct Node {
  Op op = Op::kConst;
  int32_t a = -1;       // first operand node
  int32_t b = -1;       // second operand node
  int32_t index = -1;   // const index, field slot, let index, aggregate index, month count
  int32_t list = -1;    // kIn / kNotIn: first operand in `operands`
  int32_t count = 0;    // kIn / kNotIn: number of list operands
  int32_t expr_id = 0;  // the AST expression this node came from
  int32_t table = -1;   // kEventField: the event table whose rows it reads
};

enum class AggFn : uint8_t { kCount, kSum, kMin, kMax, kLatest };

struct Aggregate {
  AggFn fn = AggFn::kCount;
  int32_t table = -1;        // event table (index into Program::tables)
  int32_t field = -1;        // field slot aggregated, -1 for count
  int32_t filter = -1;       // node evaluated per event row, -1 for none
  int32_t window_days = -1;  // -1: no window
  // The filter reads no rule-local `let`: the value depends on the record
  // alone, so the evaluator computes it once per record.
  bool per_record = true;
};

enum class FieldType : uint8_t {
  kText,
  kInt,
  kDecimal,
  kBool,
  kDate,
  kDivision,
  kCreditCode,
  kKind,
  kDepartment,
  kEnum
};

struct FieldDef {
  std::string name;
  std::string column;
  FieldType type = FieldType::kText;
  bool optional = false;
  int32_t enum_id = -1;
};

struct Table {
  std::string name;
  std::string source;  // table name in SQLite, file stem for CSV / JSON Lines
  bool is_event = false;
  int32_t action = -1;
  std::vector<FieldDef> fields;
  int32_t key = -1, link = -1, kind = -1, division = -1, date = -1, department = -1;
};

struct Location {
  std::string file;
  uint32_t line = 0, column = 0;
};

struct Evidence {
  std::string label;  // the field or aggregate as written
  int32_t node = -1;
};

struct Duty {
  bool lead = false;
  int32_t department = -1;
  uint32_t levels = 0, actions = 0;
};

struct Item {
  std::string name, title, code, basis;
  std::vector<int32_t> kinds;
  std::vector<Duty> duties;
  uint32_t methods = 0;
  double ratio = -1;
  int64_t effective = INT64_MIN, abolished = INT64_MAX;
};

struct Rule {
  std::string name;
  int32_t item = -1;
  int32_t severity = 0;  // 0 error, 1 warning, 2 info
  std::string message_zh, message_en, basis, conduct;
  std::vector<int32_t> lets, when, require;
  std::vector<Evidence> evidence;
  Location where;
  int64_t effective = INT64_MIN, abolished = INT64_MAX;
};

struct Grade {
  std::string name;
  double from = -1e300, to = 1e300;
};

struct Indicator {
  std::string name;
  int32_t node = -1;
  double weight = 0;
};

struct CreditModel {
  std::string name;
  double base = 0;
  std::vector<Indicator> indicators;
  std::vector<Grade> grades;
  std::vector<std::pair<int32_t, int32_t>> overrides;  // (grade, condition node)
};

struct GradeMeasure {
  int32_t grade = -1;
  double ratio = -1;
  int32_t times = 0;  // per `per_days`
  int32_t per_days = 0;
  std::vector<int32_t> restrictions;
  std::string basis;
};

struct ConditionalRestriction {
  std::vector<int32_t> restrictions;
  int32_t when = -1;  // node; -1 never (grade-only)
  std::string basis;
};

struct Measures {
  std::string name;
  int32_t model = -1;
  std::vector<GradeMeasure> grades;
  std::vector<ConditionalRestriction> restrictions;
};

struct Department {
  std::string name, title;
  uint32_t levels = 0;
  std::vector<int64_t> jurisdiction;  // division codes; empty: everywhere
};

struct Program {
  std::string ruleset, version, hash;
  std::vector<Node> nodes;
  std::vector<int32_t> operands;
  std::vector<std::string> const_text;  // owns the text of kText constants
  std::vector<Value> consts;
  std::vector<Aggregate> aggregates;
  std::vector<Table> tables;  // tables[entity] is the entity table
  int32_t entity = -1;
  std::vector<std::string> kinds;
  std::vector<Department> departments;
  std::vector<std::vector<std::string>> enums;
  std::vector<Item> items;
  std::vector<Rule> rules;
  std::vector<CreditModel> credit_models;
  std::vector<Measures> measures;
  int32_t max_lets = 0;
  // Repeated-inspection analysis: per kind, the joint window in days within
  // which visits by several departments count as repeated (the widest joint
  // arrangement covering the kind, else the widest in the ruleset; -1 when
  // the ruleset declares none).
  std::vector<int32_t> kind_visit_window;
  int32_t inspection_table = -1;  // first event table recording inspections
  int32_t penalty_table = -1;     // first event table recording penalties
};

}  // namespace jianguan::ir
