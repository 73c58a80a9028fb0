// Report writers. Each is a ResultSink that streams what it can and writes
// its output atomically (a temporary file renamed into place) when the run
// completes; an interrupted run leaves no report behind.
#pragma once

#include <memory>
#include <string>

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
std::string routed_text(const ir::Program& p, const struct Routed& r, bool zh);

}  // namespace jianguan::rt
