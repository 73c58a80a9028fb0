// What evaluating one entity produces. Indexes refer to the Program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jianguan::rt {

struct Routed {
  int32_t department = -1;
  int32_t level = 0;  // sema::Level
  int64_t unit = 0;   // division code of the responsible office
  bool lead = false;
};

struct Finding {
  int32_t rule = -1;
  // With `check --previous`: 0 not compared, 1 new, 2 still open.
  int32_t status = 0;
  std::vector<std::pair<std::string, std::string>> evidence;  // label, value as text
  std::vector<Routed> routed;
};

struct CreditResult {
  int32_t model = -1;
  double score = 0;
  int32_t grade = -1;                 // -1: score in no grade's range
  int32_t override_by = -1;           // index of the override that forced the grade
  std::vector<double> contributions;  // weight * indicator, per indicator
};

struct RestrictionResult {
  int32_t restriction = -1;
  std::string basis;
};

struct MeasureResult {
  int32_t measures = -1;
  int32_t grade_measure = -1;  // index into Measures::grades, -1 none
  std::vector<RestrictionResult> restrictions;
};

// Visits by two or more departments within the joint window: one joint
// visit could have replaced them (多头重复检查).
struct RepeatedVisits {
  std::vector<std::pair<int64_t, int32_t>> visits;  // (date, department), by date
};

// Two or more penalties with the same conduct and basis (重复处罚).
struct RepeatedPenalty {
  std::string conduct;                                 // the penalty's text fields, joined
  std::vector<std::pair<int64_t, int32_t>> penalties;  // (date, department)
};

struct EntityResult {
  std::string id;
  int64_t source_row = 0;
  int32_t kind = -1;
  int64_t division = 0;
  std::vector<Finding> findings;
  std::vector<CreditResult> credit;
  std::vector<MeasureResult> measures;
  bool responsible = true;  // some item covers the entity's kind with a lead
  std::vector<RepeatedVisits> repeated_visits;
  std::vector<RepeatedPenalty> repeated_penalties;
};

}  // namespace jianguan::rt
