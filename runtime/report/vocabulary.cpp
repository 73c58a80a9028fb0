#include "eval/results.h"
#include "report/report.h"
#include "sema/builtins.h"

namespace jianguan::rt {

std::string severity_name(int severity) {
  return severity == 0 ? "error" : severity == 1 ? "warning" : "info";
}

std::string level_name(int level, bool zh) { return sema::label(sema::levels(), level, zh); }

std::string restriction_name(int id, bool zh) { return sema::label(sema::restrictions(), id, zh); }

std::string routed_text(const ir::Program& p, const Routed& r, bool zh) {
  return p.departments[static_cast<size_t>(r.department)].name + " (" + level_name(r.level, zh) +
         " " + std::to_string(r.unit) +
         (r.lead ? (zh ? ", 牵头)" : ", lead)") : (zh ? ", 配合)" : ", assist)"));
}

}  // namespace jianguan::rt
