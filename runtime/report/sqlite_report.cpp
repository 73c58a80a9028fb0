// Results written into a new SQLite database in one transaction: findings,
// per-entity results, rejects, the summary and the run's metadata. The
// database is built under a temporary name and renamed when complete.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>

#include "report/json_parts.h"

namespace jianguan::rt {

namespace {

const char* kSchema = R"(
CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE findings (entity TEXT, rule TEXT, item TEXT, item_code TEXT, severity TEXT, message_zh TEXT,
  message_en TEXT, basis TEXT, departments TEXT, rule_file TEXT, rule_line INTEGER, evidence TEXT,
  lead_department TEXT, status TEXT);
CREATE TABLE entities (entity TEXT, kind TEXT, division TEXT, model TEXT, score REAL, grade TEXT,
  ratio REAL, restrictions TEXT, findings INTEGER);
CREATE TABLE rejected (source_table TEXT, row INTEGER, key TEXT, reason TEXT);
CREATE TABLE summary (key TEXT PRIMARY KEY, value INTEGER);
)";

class SqliteReport final : public Report {
 public:
  explicit SqliteReport(const ReportContext& ctx) : ctx_(ctx) {}
  ~SqliteReport() override {
    for (auto* s : {ins_finding_, ins_entity_, ins_reject_}) sqlite3_finalize(s);
    if (db_) sqlite3_close(db_);
    if (!tmp_.empty()) std::remove(tmp_.c_str());
  }

  bool init(const std::string& out, std::string& error) {
    if (out.empty() || out == "-") {
      error = "--format sqlite needs --out FILE.db";
      return false;
    }
    out_ = out;
    tmp_ = out + ".tmp-" + std::to_string(::getpid());
    std::remove(tmp_.c_str());
    if (sqlite3_open(tmp_.c_str(), &db_) != SQLITE_OK) return fail(error);
    if (sqlite3_exec(db_, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;", nullptr,
                     nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(db_, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK)
      return fail(error);
    if (sqlite3_prepare_v2(db_, "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1,
                           &ins_finding_, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?)", -1, &ins_entity_,
                           nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "INSERT INTO rejected VALUES (?,?,?,?)", -1, &ins_reject_,
                           nullptr) != SQLITE_OK)
      return fail(error);
    return true;
  }

  void entity(const EntityResult& r) override {
    const ir::Program& p = *ctx_.program;
    for (const auto& f : r.findings) {
      const auto& rule = p.rules[static_cast<size_t>(f.rule)];
      std::string depts, ev;
      for (const auto& d : f.routed)
        depts += (depts.empty() ? "" : "; ") + routed_text(p, d, ctx_.zh);
      std::string evj;
      JsonWriter w(evj, false);
      w.begin_object();
      for (const auto& [k, v] : f.evidence) w.field(k, v);
      w.end_object();
      const ir::Item* item = rule.item >= 0 ? &p.items[static_cast<size_t>(rule.item)] : nullptr;
      bind(ins_finding_, {r.id, rule.name, item ? item->name : "", item ? item->code : "",
                          severity_name(rule.severity), rule.message_zh, rule.message_en,
                          rule.basis, depts, rule.where.file});
      sqlite3_bind_int64(ins_finding_, 11, rule.where.line);
      sqlite3_bind_text(ins_finding_, 12, evj.c_str(), static_cast<int>(evj.size()),
                        SQLITE_TRANSIENT);
      std::string lead;
      for (const auto& x : f.routed)
        if (x.lead) {
          lead = p.departments[static_cast<size_t>(x.department)].name;
          break;
        }
      sqlite3_bind_text(ins_finding_, 13, lead.c_str(), -1, SQLITE_TRANSIENT);
      if (f.status)
        sqlite3_bind_text(ins_finding_, 14, f.status == 1 ? "new" : "open", -1, SQLITE_STATIC);
      run(ins_finding_);
    }
    if (r.credit.empty()) {
      bind(ins_entity_, {r.id, r.kind >= 0 ? p.kinds[static_cast<size_t>(r.kind)] : "",
                         std::to_string(r.division)});
      sqlite3_bind_int64(ins_entity_, 9, static_cast<int64_t>(r.findings.size()));
      run(ins_entity_);
      return;
    }
    for (const auto& c : r.credit) {
      const auto& m = p.credit_models[static_cast<size_t>(c.model)];
      std::string restr;
      double ratio = -1;
      for (const auto& mr : r.measures) {
        if (p.measures[static_cast<size_t>(mr.measures)].model != c.model) continue;
        if (mr.grade_measure >= 0)
          ratio = p.measures[static_cast<size_t>(mr.measures)]
                      .grades[static_cast<size_t>(mr.grade_measure)]
                      .ratio;
        for (const auto& x : mr.restrictions)
          restr += (restr.empty() ? "" : "; ") + restriction_name(x.restriction, ctx_.zh);
      }
      bind(ins_entity_, {r.id, r.kind >= 0 ? p.kinds[static_cast<size_t>(r.kind)] : "",
                         std::to_string(r.division), m.name});
      sqlite3_bind_double(ins_entity_, 5, c.score);
      std::string grade = c.grade >= 0 ? m.grades[static_cast<size_t>(c.grade)].name : "";
      sqlite3_bind_text(ins_entity_, 6, grade.c_str(), -1, SQLITE_TRANSIENT);
      if (ratio >= 0) sqlite3_bind_double(ins_entity_, 7, ratio);
      sqlite3_bind_text(ins_entity_, 8, restr.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_entity_, 9, static_cast<int64_t>(r.findings.size()));
      run(ins_entity_);
    }
  }

  void reject(const Reject& r) override {
    bind(ins_reject_, {r.table});
    sqlite3_bind_int64(ins_reject_, 2, r.row);
    sqlite3_bind_text(ins_reject_, 3, r.key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins_reject_, 4, r.reason.c_str(), -1, SQLITE_TRANSIENT);
    run(ins_reject_);
  }

  bool finish(const Summary& s, std::string& error) override {
    if (!error_.empty()) {
      error = error_;
      return false;
    }
    const ir::Program& p = *ctx_.program;
    std::string summary_json;
    JsonWriter w(summary_json);
    write_summary(w, p, s, ctx_.zh);
    std::vector<std::pair<std::string, std::string>> run_rows = {
        {"tool", "jianguan " + ctx_.tool_version},
        {"ruleset", p.ruleset},
        {"ruleset_version", p.version},
        {"ruleset_hash", p.hash},
        {"as_of", ctx_.as_of},
        {"data_source", ctx_.data_source},
        {"summary", summary_json}};
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "INSERT INTO run VALUES (?,?)", -1, &st, nullptr);
    for (const auto& [k, v] : run_rows) {
      bind(st, {k, v});
      run(st);
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db_, "INSERT INTO summary VALUES (?,?)", -1, &st, nullptr);
    std::vector<std::pair<std::string, int64_t>> counts = {{"records_read", s.records_read},
                                                           {"checked", s.checked},
                                                           {"rejected", s.rejected},
                                                           {"events_read", s.events_read},
                                                           {"events_attached", s.events_attached},
                                                           {"events_rejected", s.events_rejected},
                                                           {"findings", s.findings}};
    for (const auto& [k, v] : counts) {
      sqlite3_bind_text(st, 1, k.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 2, v);
      run(st);
    }
    sqlite3_finalize(st);
    if (!error_.empty() || sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK)
      return fail(error);
    for (sqlite3_stmt** s2 : {&ins_finding_, &ins_entity_, &ins_reject_}) {
      sqlite3_finalize(*s2);
      *s2 = nullptr;
    }
    sqlite3_close(db_);
    db_ = nullptr;
    if (std::rename(tmp_.c_str(), out_.c_str()) != 0) {
      error = "cannot write `" + out_ + "`";
      return false;
    }
    tmp_.clear();
    return true;
  }

 private:
  bool fail(std::string& error) {
    error = "writing `" + out_ + "`: " + (db_ ? sqlite3_errmsg(db_) : "cannot open");
    return false;
  }
  static void bind(sqlite3_stmt* st, std::initializer_list<std::string> values) {
    int i = 1;
    for (const auto& v : values)
      sqlite3_bind_text(st, i++, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void run(sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE && error_.empty())
      error_ = std::string("writing results: ") + sqlite3_errmsg(db_);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }

  ReportContext ctx_;
  std::string out_, tmp_, error_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt *ins_finding_ = nullptr, *ins_entity_ = nullptr, *ins_reject_ = nullptr;
};

}  // namespace

std::unique_ptr<Report> make_sqlite_report(const ReportContext& ctx, const std::string& out,
                                           std::string& error) {
  auto r = std::make_unique<SqliteReport>(ctx);
  if (!r->init(out, error)) return nullptr;
  return r;
}

}  // namespace jianguan::rt
