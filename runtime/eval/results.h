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

struct EntityResult {
  std::string id;
  int64_t source_row = 0;
  int32_t kind = -1;
  int64_t division = 0;
  std::vector<Finding> findings;
  std::vector<CreditResult> credit;
  std::vector<MeasureResult> measures;
  bool responsible = true;  // some item covers the entity's kind with a lead
};

}  // namespace jianguan::rt
