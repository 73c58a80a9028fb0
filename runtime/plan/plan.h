// The 双随机、一公开 joint inspection plan. For each item supervised by
// random inspection (方式 双随机), entities of the kinds it covers are drawn
// at the sampling ratio of their credit grade; the draws of every item and
// department for one entity are merged into one joint visit (进一次门、
// 查多件事); inspectors are drawn from each department's pool in the
// entity's league/city. The draw is reproducible from the published seed:
//
//   score(entity, item) = splitmix64(fnv1a64(seed) ^ fnv1a64(item) ^ fnv1a64(entity key))
//
// and an item takes, in each grade, the `ceil(N * ratio)` entities with the
// smallest scores (ties by key). Nothing depends on the order of the data,
// the thread count or the platform. Inspectors are drawn the same way, with
// score(inspector, entity, department) and the two smallest taken.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lower/program.h"
#include "sources/source.h"

namespace jianguan::rt {

struct PlanOptions {
  std::string seed = "1";
  int64_t from = 0, to = 0;  // the period, days since 1970, inclusive
  int64_t as_of = 0;         // grades are computed as of this date (default: the period's start)
  int inspectors_per_department = 2;
  std::string inspector_field = "检查人员";  // inspection-event field naming the inspector
};

struct PlannedCheck {
  int32_t item = -1;
  std::vector<int32_t> departments;  // lead first, then those that assist with inspection
  bool remote = false;               // 非现场: checked without a site visit
};

struct PlannedVisit {
  std::string entity;
  int32_t kind = -1;
  int64_t division = 0;
  std::string grade;
  std::vector<PlannedCheck> checks;
  std::map<int32_t, std::vector<std::string>> inspectors;  // department -> inspector ids
};

struct PlanStats {
  int64_t entities = 0;          // entities considered
  int64_t draws = 0;             // (item, entity) draws
  int64_t site_inspections = 0;  // (item, department) inspections at a site, before merging
  int64_t visits = 0;            // joint visits after merging
  int64_t remote_checks = 0;
  int64_t inspectors_missing = 0;  // departments with fewer inspectors than needed
  // item -> grade -> (population, drawn)
  std::map<std::string, std::map<std::string, std::pair<int64_t, int64_t>>> per_item;
};

// Builds the plan over every entity of `source`. `data_path` is read again
// for the inspector pool (table `inspectors`: id, name, department, division)
// when it is a SQLite database.
bool make_plan(const ir::Program& p, RecordSource& source, const std::string& data_path,
               const PlanOptions& o, std::vector<PlannedVisit>& visits, PlanStats& stats,
               std::string& error);

uint64_t fnv1a64(std::string_view s);
uint64_t splitmix64(uint64_t x);

}  // namespace jianguan::rt
