// Evaluates the program for one record. Trusts the checker: no name is
// looked up and no type is re-checked here. Every evaluation terminates:
// the program is a finite tree with no loops or recursion, and aggregates
// iterate over the finite rows of one record.
#pragma once

#include "eval/record.h"
#include "eval/results.h"
#include "lower/program.h"

namespace jianguan::rt {

class Evaluator {
 public:
  explicit Evaluator(const ir::Program& p);

  // Fills `out` (reused between calls) for `rec` as of `as_of` (days since 1970).
  void evaluate(const Record& rec, int64_t as_of, EntityResult& out);

  // Responsible departments for `item` at an entity in `division`.
  std::vector<Routed> route(int32_t item, int64_t division) const;

  // True when the rule or its item is in force on `as_of`.
  bool in_force(const ir::Rule& r, int64_t as_of) const;

 private:
  struct Ctx {
    const ir::Value* entity = nullptr;
    const ir::Value* event = nullptr;
    const Record* record = nullptr;
    const ir::Value* lets = nullptr;
    int64_t as_of = 0;
  };
  ir::Value eval(int32_t node, const Ctx& c);
  // An operand: constants and fields, most operands, without the call.
  ir::Value operand(int32_t node, const Ctx& c) {
    const ir::Node& n = p_.nodes[static_cast<size_t>(node)];
    switch (n.op) {
      case ir::Op::kConst:
        return p_.consts[static_cast<size_t>(n.index)];
      case ir::Op::kField:
        return c.entity[n.index];
      case ir::Op::kEventField:
        return c.event ? c.event[n.index] : ir::Value{};
      default:
        return eval(node, c);
    }
  }
  void repeated_visits(const Record& rec, int64_t as_of, EntityResult& out);
  void repeated_penalties(const Record& rec, int64_t as_of, EntityResult& out);
  ir::Value aggregate(int32_t index, const Ctx& c);
  ir::Value compute_aggregate(const ir::Aggregate& a, const Ctx& c);
  bool truthy(int32_t node, const Ctx& c);
  const std::vector<int32_t>& rules_for(int32_t kind, int64_t as_of);

  const ir::Program& p_;
  std::vector<ir::Value> lets_;
  // Per-record values of the aggregates that depend on the record alone,
  // valid while agg_stamp_[i] == stamp_.
  std::vector<ir::Value> agg_value_;
  std::vector<uint32_t> agg_stamp_;
  uint32_t stamp_ = 0;
  std::vector<char> covered_kind_;  // per kind: some item with a lead covers it
  std::vector<char> rule_covers_;   // [rule * kinds + kind]: the rule's item covers the kind
  std::vector<std::vector<int32_t>> rules_by_kind_;  // see rules_for
  int64_t rules_as_of_ = 0;
  std::vector<std::pair<int64_t, int32_t>> visit_scratch_;
  struct PenaltyKey {
    const ir::Value* row;
    int64_t date;
    int32_t department;
  };
  std::vector<PenaltyKey> penalty_scratch_;
};

// "2024-01-31", "12", "true", ... for evidence and reports.
std::string format_value(const ir::Program& p, const ir::Value& v);

// GB 32100-2015 check character and the embedded GB 11714 check digit.
bool valid_credit_code(std::string_view code);

int64_t add_months(int64_t date, int64_t months);

}  // namespace jianguan::rt
