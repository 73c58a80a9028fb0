// The checked ruleset: every name resolved to an index, every expression
// typed. Later passes (analysis, lowering) read only this and the AST it
// points into; they never look a name up again.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"

namespace jianguan::sema {

enum class TypeKind {
  kError,
  kBool,
  kInt,
  kDecimal,
  kText,
  kDate,
  kDuration,
  kEnum,
  kKind,
  kDepartment,
  kDivision,
  kCreditCode,
};

struct Type {
  TypeKind kind = TypeKind::kError;
  int enum_id = -1;  // kEnum
  bool optional = false;
  bool operator==(const Type& o) const { return kind == o.kind && enum_id == o.enum_id; }
};

// What a name in an expression stands for.
struct Ref {
  enum class Kind { kNone, kField, kEventField, kLet, kKind, kDepartment, kEnumValue, kIndicator };
  Kind kind = Kind::kNone;
  int index = -1;   // field slot, let index, kind, department, enum value, indicator
  int schema = -1;  // kField / kEventField: the schema the field belongs to
};

struct DepartmentInfo {
  const ast::Department* decl = nullptr;
  std::string name;
  unsigned levels = 0;  // bit per Level; 0 when not declared: every level
  std::vector<std::string> jurisdiction;
};

struct KindInfo {
  const ast::Kind* decl = nullptr;
  std::string name;
};

struct EnumInfo {
  std::string name;
  std::vector<std::string> values;
};

struct FieldInfo {
  std::string name;
  Type type;
  std::string column;  // where the value is read from; defaults to the name
  bool key = false;
  const ast::Field* decl = nullptr;
};

struct SchemaInfo {
  const ast::Schema* decl = nullptr;
  std::string name;
  bool is_event = false;
  int entity = -1;  // events: the entity schema they join to
  int action = -1;  // events: the Action they record, or -1
  std::string table;
  std::vector<FieldInfo> fields;
  int key = -1;             // entities: key field
  int link = -1;            // events: field holding the entity key
  int kind_field = -1;      // entities: field of type kind
  int division_field = -1;  // first division field: the entity's region
  int date_field = -1;      // events: first date field, the event's date
  int dept_field = -1;      // events: first department field
  int field(const std::string& n) const {
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == n) return static_cast<int>(i);
    return -1;
  }
};

struct DutyInfo {
  bool lead = false;
  int department = -1;
  unsigned levels = 0;   // bit per Level
  unsigned actions = 0;  // bit per Action
  Span span;
};

struct ItemInfo {
  const ast::Item* decl = nullptr;
  std::string name;
  std::vector<int> kinds;
  std::vector<DutyInfo> duties;
  unsigned methods = 0;
};

struct JointInfo {
  const ast::Joint* decl = nullptr;
  std::string name;
  std::vector<int> items;
  int window_days = 0;
};

struct RuleInfo {
  const ast::Rule* decl = nullptr;
  std::string name;
  int item = -1;
  int severity = 0;  // SeverityId
};

struct CreditInfo {
  const ast::CreditModel* decl = nullptr;
  std::string name;
  std::vector<std::string> grades;  // in declared order
  int grade(const std::string& g) const {
    for (size_t i = 0; i < grades.size(); ++i)
      if (grades[i] == g) return static_cast<int>(i);
    return -1;
  }
};

struct MeasuresInfo {
  const ast::Measures* decl = nullptr;
  std::string name;
  int model = -1;
  std::vector<int> grade_of;                         // per GradeMeasure: grade index
  std::vector<std::vector<int>> grade_restrictions;  // per GradeMeasure: restriction ids
  std::vector<std::vector<int>> restrictions;        // per Restriction: restriction ids
};

struct TestInfo {
  const ast::Test* decl = nullptr;
  std::vector<int> given_schema;  // per Given
};

struct Model {
  std::string name;
  std::string version;
  std::vector<DepartmentInfo> departments;
  std::vector<KindInfo> kinds;
  std::vector<EnumInfo> enums;
  std::vector<SchemaInfo> schemas;
  std::vector<ItemInfo> items;
  std::vector<JointInfo> joints;
  std::vector<RuleInfo> rules;
  std::vector<CreditInfo> credit_models;
  std::vector<MeasuresInfo> measures;
  std::vector<TestInfo> tests;
  int entity = -1;  // the entity schema

  std::map<std::string, int> department_index, kind_index, enum_index, schema_index, item_index,
      joint_index, rule_index, credit_index, measures_index;

  // Side tables keyed by ast::Expr::id.
  std::unordered_map<int, Type> types;
  std::unordered_map<int, Ref> refs;
  std::unordered_map<int, int> calls;  // call expr -> Function id
};

std::string type_name(const Model& m, const Type& t, bool zh);

}  // namespace jianguan::sema
