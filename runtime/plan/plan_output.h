// Output of the inspection plan (see plan.h).
#pragma once

#include <string>
#include <vector>

#include "plan/plan.h"

namespace jianguan::rt {

// format: text | csv | json | sqlite. Atomic, like every report.
bool write_plan(const ir::Program& p, const std::vector<PlannedVisit>& visits, const PlanStats& s,
                const std::string& seed, const std::string& period, const std::string& format,
                const std::string& out, bool zh, std::string& error);

std::string plan_summary_text(const PlanStats& s, const std::string& seed,
                              const std::string& period, bool zh);

}  // namespace jianguan::rt
