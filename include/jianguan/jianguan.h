// Jianguan's library API for host systems (licensing, procurement,
// registration) and for the `jianguan` command itself, which uses nothing
// else. Compile a ruleset once; then check a whole data source, or ask
// about one entity at a time.
//
//   auto compiled = jianguan::compile({"rulesets/inner-mongolia"});
//   if (!compiled.ruleset) { std::cerr << compiled.render_diagnostics("text", false); }
//   jianguan::Session session(compiled.ruleset);
//   jianguan::EntityInput e;
//   e.fields = {{"uscc", "91150102MA0N0000X1"}, {"kind", "瓶装燃气供应站"}, ...};
//   jianguan::Decision d = session.evaluate(e, "2024-06-30");
//   if (d.restricted("政府采购")) ...
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jianguan {

// A compiled, checked ruleset. Immutable and safe to share between threads.
class Ruleset;

struct Compiled {
  std::shared_ptr<const Ruleset> ruleset;  // null when there are errors
  size_t errors = 0;
  size_t warnings = 0;
  bool unreadable = false;  // some input could not be read at all
  // Diagnostics as "text", "json" or "sarif", in Chinese (zh) or English.
  std::string render_diagnostics(const std::string& format, bool zh, bool color = false) const;
  // Drops the diagnostics already in `baseline` (an earlier `lint --format
  // json` output), matched by code, file and message (not by line, which
  // moves as files are edited), and recounts. Returns how many were dropped,
  // or -1 with `error` set when the baseline cannot be read.
  int apply_baseline(const std::string& baseline, std::string& error);

  std::shared_ptr<const void> impl_;  // the compilation; private
};

// Compiles rule files and folders. Never throws on bad input.
Compiled compile(const std::vector<std::string>& paths);
// The same for `lint --as-of`: the responsibility analysis (gaps and
// overlaps, W0601-W0613) then looks only at the items, departments and rules
// in force on `as_of` (YYYY-MM-DD; check it with is_date). "" means all.
Compiled compile(const std::vector<std::string>& paths, const std::string& as_of);

// True when `yyyy_mm_dd` is a real date in the form the rules and every
// `--as-of` use.
bool is_date(const std::string& yyyy_mm_dd);

// Name, version and content hash of a compiled ruleset.
struct RulesetInfo {
  std::string name, version, hash;
  size_t rules = 0, items = 0, departments = 0;
};
RulesetInfo info(const Ruleset& r);

struct CheckRequest {
  std::string data;         // SQLite database, CSV or JSON Lines file / folder
  std::string data_format;  // "", "sqlite", "csv", "jsonl"
  std::string as_of;        // YYYY-MM-DD
  int threads = 1;
  std::string format = "text";  // text | json | csv | sarif | sqlite
  std::string out;              // "" or "-": standard output
  bool zh = true;
  const std::atomic<bool>* cancel = nullptr;
  // An earlier run's `--format sqlite` output: findings are then marked new
  // or still open, and earlier ones not found again count as resolved.
  std::string previous;
};

struct CheckOutcome {
  bool ok = false;
  bool bad_input = false;  // the data could not be read (exit code 2)
  std::string error;
  int64_t records_read = 0, checked = 0, rejected = 0;
  int64_t findings = 0, errors = 0, warnings = 0;
};

// Checks every record of a data source and writes the report.
CheckOutcome check(const Ruleset& r, const CheckRequest& request);

// One entity as a host system holds it: column -> value (empty: missing),
// and per event table (its table name) the rows of events.
struct EntityInput {
  std::map<std::string, std::string> fields;
  std::map<std::string, std::vector<std::map<std::string, std::string>>> events;
};

struct FindingOut {
  std::string rule, item, severity, message_zh, message_en, basis;
  std::vector<std::string> departments;  // "住建 (旗县 150602, 牵头)"
};

struct RestrictionOut {
  std::string restriction;  // Chinese name, e.g. 政府采购
  std::string restriction_en;
  std::string basis;
};

struct Decision {
  bool ok = false;
  std::string error;  // why the record could not be evaluated
  std::vector<FindingOut> findings;
  std::string grade;  // first credit model's grade, "" when none
  double score = 0;
  std::vector<RestrictionOut> restrictions;
  // Is the entity restricted for `measure` (Chinese or English name)?
  bool restricted(const std::string& measure) const;
};

// Evaluates single entities against one ruleset; reuse it for many calls.
// Not thread-safe: use one Session per thread.
class Session {
 public:
  explicit Session(std::shared_ptr<const Ruleset> ruleset);
  ~Session();
  Decision evaluate(const EntityInput& entity, const std::string& as_of);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The responsibility matrix (kinds by departments, lead / assist per
// level, gaps and overlaps marked) as "text", "json" or "csv".
// With `data` (a data source), each kind also shows how many entities of
// the data fall into it, with up to three example keys, so gaps and
// overlaps are seen on real registrations; `error` is set when the data
// cannot be read.
// With `as_of` (YYYY-MM-DD), only the items and departments in force on
// that day count; an unreal date sets `error`.
std::string render_matrix(const Ruleset& r, const std::string& format, bool zh,
                          const std::string& data = "", std::string* error = nullptr,
                          const std::string& as_of = "");

// The 双随机 joint inspection plan (see runtime/plan/plan.h for the draw).
struct PlanRequest {
  std::string data, data_format;
  std::string seed = "1";
  std::string period;  // "2024", "2024Q3", "2024-07" or "2024-07-01..2024-09-30"
  std::string as_of;   // grades as of this date; default: the period's first day
  int inspectors_per_department = 2;
  std::string format = "text";  // text | csv | json | sqlite
  std::string out;
  bool zh = true;
};
struct PlanOutcome {
  bool ok = false, bad_input = false;
  std::string error;
  int64_t entities = 0, draws = 0, site_inspections = 0, visits = 0, remote_checks = 0;
  std::string summary;  // for people, in the request's language
};
PlanOutcome plan(const Ruleset& r, const PlanRequest& request);

// Whether one entity of a data source is restricted, and why. A host
// embedding the library uses Session::evaluate instead.
struct RestrictionQuery {
  std::string data, data_format, entity, as_of, measure;  // measure: "" any
};
struct RestrictionAnswer {
  bool ok = false, found = false, restricted = false;
  std::string error;
  Decision decision;
};
RestrictionAnswer query_restrictions(const Ruleset& r, const RestrictionQuery& q);

// Runs the test blocks of the ruleset; output "text" or "junit". A block
// that sets no `基准日` / `as_of` is evaluated on `as_of` (YYYY-MM-DD; check
// it with is_date), or on 2000-01-01 when that is "": a fixed day, so that
// the same tests give the same result on every day they run.
struct TestOutcome {
  int passed = 0, failed = 0;
  std::string report;
  std::string error;  // `as_of` is not a real date: no test ran
};
TestOutcome run_tests(const Ruleset& r, const std::string& format, bool zh,
                      const std::string& as_of = "");

// Lays out one rule file canonically (`jianguan fmt`, docs/tools.md). Only
// whitespace and line breaks change; tokens, strings and comments do not.
// A file with syntax errors is not formatted: `diagnostics` says why.
struct FormatOutcome {
  bool ok = false;          // `formatted` holds the file in canonical layout
  bool unreadable = false;  // the file could not be read
  bool changed = false;     // `formatted` differs from `original`
  std::string original, formatted;
  std::string diagnostics;  // rendered as text when not ok
};
FormatOutcome format_file(const std::string& path, bool zh, bool color = false);
// The same for text held in memory; `name` is the file name in diagnostics.
FormatOutcome format_text(const std::string& text, const std::string& name, bool zh,
                          bool color = false);

// Compares two rulesets (`jianguan diff`, docs/tools.md): what changed in
// items, departments, rules, credit models and measures, and with data,
// which entities the change affects.
struct DiffRequest {
  std::string old_label, new_label;  // how the two sides are named in the report
  std::string data;                  // "": structural comparison only
  std::string data_format;           // "", "sqlite", "csv", "jsonl"
  std::string as_of;                 // YYYY-MM-DD, for the impact on data
  int threads = 1;
  std::string format = "text";  // text | json | markdown
  bool zh = true;
  int examples = 5;  // example entity ids per kind of change
};
struct DiffOutcome {
  bool ok = false;
  bool bad_input = false;  // the data could not be read or the date is wrong
  std::string error;
  bool differs = false;          // any change in rules or in results
  size_t changes = 0;            // structural changes
  int64_t entities_changed = 0;  // entities whose results differ (with data)
  std::string report;
};
DiffOutcome diff(const Ruleset& old_rules, const Ruleset& new_rules, const DiffRequest& request);

// Writes the deterministic Inner Mongolia sample database (see
// runtime/sample/sample.h); returns false with `error` set.
struct SampleOutcome {
  bool ok = false;
  std::string error;
  int64_t entities = 0, events = 0;
  std::map<std::string, int64_t> planted;
};
SampleOutcome generate_sample(const std::string& path, int64_t entities, uint64_t seed,
                              const std::string& as_of);

std::string version();

}  // namespace jianguan
