// Report writers. Each is a ResultSink that streams what it can and writes
// its output atomically (a temporary file renamed into place) when the run
// completes; an interrupted run leaves no report behind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "check/checker.h"
#include "lower/program.h"

namespace jianguan::rt {

struct ReportContext {
  const ir::Program* program = nullptr;
  std::string as_of;        // YYYY-MM-DD
  std::string data_source;  // as given by the user
  std::string tool_version;
  bool zh = true;
};

class Report : public ResultSink {
 public:
  // Writes the report to its destination. Returns false with `error` set.
  virtual bool finish(const Summary& s, std::string& error) = 0;
};

// format: text | json | csv | sarif | sqlite | html. `out` empty or "-":
// standard output (not for sqlite).
std::unique_ptr<Report> make_report(const std::string& format, const std::string& out,
                                    const ReportContext& ctx, std::string& error);

// Shared vocabulary for every report.
std::string severity_name(int severity);
std::string level_name(int level, bool zh);
std::string restriction_name(int id, bool zh);
// League/city (盟市) names of Inner Mongolia (GB/T 2260), for the bundled
// rulesets; "" for other codes. city_label: "150200 包头市", or the code.
std::string city_name(int64_t code, bool zh);
std::string city_label(int64_t code, bool zh);
std::string routed_text(const ir::Program& p, const struct Routed& r, bool zh);

// The rules of a program by name. Versions of one rule (规则的版本: one name,
// several in-force periods) are separate rules in the program but one rule
// to the people reading a report, so reports count and list them by name,
// in the order the names are first declared, and never name one twice.
struct RuleName {
  std::string name;
  std::vector<int32_t> versions;  // indexes into Program::rules, in declared order
  int32_t shown = -1;  // the version to describe: in force on the as-of date, else the last
  int64_t findings(const Summary& s) const;
};
std::vector<RuleName> rules_by_name(const ir::Program& p, int64_t as_of);

}  // namespace jianguan::rt
