// The abstract syntax tree: plain data with source spans, produced by the
// syntax layer and read by every later pass. Nothing here knows about ANTLR.
// Names are kept as written (Chinese or English); resolution happens in sema.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace jianguan::ast {

struct Name {
  std::string text;
  Span span;
};

enum class Unit { kDays, kMonths, kYears };

// Days since 1970-01-01 (proleptic Gregorian).
using Date = int32_t;

enum class ExprOp {
  kNumber,
  kDuration,
  kString,
  kDate,
  kBool,
  kAsOf,
  kName,
  kCall,
  kAgg,
  kNeg,
  kNot,
  kMul,
  kDiv,
  kAdd,
  kSub,
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

enum class AggFn { kCount, kSum, kMin, kMax, kLatest };

struct Expr {
  int id = 0;  // unique within a compilation; side tables are keyed by it
  ExprOp op = ExprOp::kNumber;
  Span span;
  // Literals. A number is an integer when written without a point or percent.
  bool is_int = false;
  int64_t int_value = 0;
  double number = 0;
  Unit unit = Unit::kDays;  // kDuration
  Date date = 0;            // kDate
  bool boolean = false;     // kBool
  std::string text;         // kString value; kName / kCall name
  // kAgg: fn(target[.field] where filter within window)
  AggFn agg = AggFn::kCount;
  Name target;
  std::optional<Name> field;
  std::unique_ptr<Expr> filter;
  std::optional<int64_t> window_n;
  Unit window_unit = Unit::kDays;
  std::vector<std::unique_ptr<Expr>> args;  // operands, call arguments, `in` list after args[0]
};
using ExprPtr = std::unique_ptr<Expr>;

struct Dated {
  std::optional<Date> effective;
  Span effective_span;
  std::optional<Date> abolished;
  Span abolished_span;
};

struct Frequency {
  int64_t times = 0;
  Unit per = Unit::kYears;
  Span span;
};

struct Department {
  Name name;
  std::string title;
  std::vector<Name> levels;
  std::vector<Name> jurisdiction;  // division codes as written
  std::vector<Name> domains;
  Dated dates;
  Span span;
};

struct Kind {
  Name name;
  std::string title;
  std::vector<Name> activities;
  Span span;
};

struct EnumDecl {
  Name name;
  std::vector<Name> values;
  Span span;
};

struct TypeRef {
  enum class Form { kNamed, kEnum, kKind, kDepartment };
  Form form = Form::kNamed;
  Name name;                 // kNamed
  std::vector<Name> values;  // kEnum
  Span span;
};

struct Field {
  Name name;
  TypeRef type;
  bool key = false;
  bool optional = false;
  std::optional<std::string> column;
  Span span;
};

// An entity table (market entities) or an event table joined to one.
struct Schema {
  bool is_event = false;
  Name name;
  std::string title;
  std::optional<Name> of;      // events: the entity they belong to
  std::optional<Name> action;  // events: inspection, penalty, ...
  std::optional<std::string> table;
  std::optional<Name> link;  // events: the field holding the entity key
  std::vector<Field> fields;
  Span span;
};

struct Duty {
  bool lead = false;
  std::vector<Name> departments;
  std::vector<Name> levels;   // empty: every level
  std::vector<Name> actions;  // empty: every action
  Span span;
};

struct Item {
  Name name;
  std::string title;
  std::optional<std::string> code;
  std::optional<std::string> basis;
  std::vector<Name> covers;
  std::vector<Duty> duties;
  std::vector<Name> methods;
  std::optional<double> ratio;
  Span ratio_span;
  std::optional<Frequency> frequency;
  Dated dates;
  Span span;
};

struct Joint {
  Name name;
  std::string title;
  std::vector<Name> items;
  std::optional<int64_t> window_n;
  Unit window_unit = Unit::kDays;
  Span span;
};

struct Let {
  Name name;
  ExprPtr value;
};

struct Rule {
  Name name;
  Name item;
  std::vector<ExprPtr> when;
  std::vector<Let> lets;
  std::vector<ExprPtr> requires_;
  std::optional<Name> severity;
  std::optional<Text> message;
  Span message_span;
  std::optional<std::string> basis;
  std::optional<std::string> conduct;
  Span conduct_span;
  Dated dates;
  Span span;
};

struct Indicator {
  Name name;
  ExprPtr value;
  double weight = 0;
  Span span;
};

struct GradeBand {
  Name grade;
  std::optional<double> from;  // inclusive
  std::optional<double> to;    // exclusive
  Span span;
};

struct Override {
  Name grade;
  ExprPtr condition;
  Span span;
};

struct CreditModel {
  Name name;
  std::string title;
  std::optional<double> base;
  std::vector<Indicator> indicators;
  std::vector<GradeBand> grades;
  std::vector<Override> overrides;
  Span span;
};

struct GradeMeasure {
  Name grade;
  std::optional<double> ratio;
  Span ratio_span;
  std::optional<Frequency> frequency;
  std::vector<Name> restrictions;
  std::optional<std::string> basis;
  Span span;
};

struct Restriction {
  std::vector<Name> measures;
  ExprPtr when;  // null: applies through grades only
  std::optional<std::string> basis;
  Span span;
};

struct Measures {
  Name name;
  Name model;
  std::vector<GradeMeasure> grades;
  std::vector<Restriction> restrictions;
  Span span;
};

struct FieldInit {
  Name name;
  ExprPtr value;
};

struct Given {
  Name schema;
  std::vector<FieldInit> fields;
  Span span;
};

struct Expectation {
  enum class What { kFinding, kGrade, kRestriction };
  What what = What::kFinding;
  bool negated = false;
  Name name;
  Span span;
};

struct Test {
  std::string title;
  std::optional<Date> as_of;
  std::vector<Given> given;
  std::vector<Expectation> expect;
  Span span;
};

struct Import {
  std::string path;
  Span span;
};

struct File {
  FileId file = -1;
  std::optional<std::string> ruleset_name;
  std::optional<std::string> version;
  std::vector<Import> imports;
  std::vector<Department> departments;
  std::vector<Kind> kinds;
  std::vector<EnumDecl> enums;
  std::vector<Schema> schemas;
  std::vector<Item> items;
  std::vector<Joint> joints;
  std::vector<Rule> rules;
  std::vector<CreditModel> credit_models;
  std::vector<Measures> measures;
  std::vector<Test> tests;
};

// Calendar helpers shared by the parser, the checker and the runtime.
std::optional<Date> parse_date(const std::string& yyyy_mm_dd);
std::string format_date(Date d);
Date make_date(int y, unsigned m, unsigned d);
struct CivilDate {
  int year;
  unsigned month, day;
};
CivilDate civil_date(Date d);

}  // namespace jianguan::ast
