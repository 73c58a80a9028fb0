// One CSV row per finding, RFC 4180 quoting, UTF-8 with a BOM so that
// spreadsheet programs open Chinese text correctly.
#include "report/atomic_file.h"
#include "report/csv_field.h"
#include "report/json_parts.h"

namespace jianguan::rt {

namespace {

class CsvReport final : public Report {
 public:
  CsvReport(const ReportContext& ctx) : ctx_(ctx) {}
  bool init(const std::string& out, std::string& error) {
    if (!file_.open(out, error)) return false;
    out_ = file_.file();
    std::fputs(
        "\xEF\xBB\xBF"
        "entity,rule,item,item_code,severity,message_zh,message_en,basis,lead_departments,assist_"
        "departments,rule_location,evidence\n",
        out_);
    return true;
  }
  void entity(const EntityResult& r) override {
    const ir::Program& p = *ctx_.program;
    for (const auto& f : r.findings) {
      const auto& rule = p.rules[static_cast<size_t>(f.rule)];
      std::string lead, assist, ev;
      for (const auto& d : f.routed)
        (d.lead ? lead : assist) +=
            ((d.lead ? lead : assist).empty() ? "" : "; ") + routed_text(p, d, ctx_.zh);
      for (const auto& [k, v] : f.evidence) ev += (ev.empty() ? "" : "; ") + k + "=" + v;
      std::string item = rule.item >= 0 ? p.items[static_cast<size_t>(rule.item)].name : "";
      std::string code = rule.item >= 0 ? p.items[static_cast<size_t>(rule.item)].code : "";
      std::string row = csv_field(r.id) + "," + csv_field(rule.name) + "," + csv_field(item) + "," +
                        csv_field(code) + "," + severity_name(rule.severity) + "," +
                        csv_field(rule.message_zh) + "," + csv_field(rule.message_en) + "," +
                        csv_field(rule.basis) + "," + csv_field(lead) + "," + csv_field(assist) +
                        "," + csv_field(rule.where.file + ":" + std::to_string(rule.where.line)) +
                        "," + csv_field(ev) + "\n";
      std::fwrite(row.data(), 1, row.size(), out_);
    }
  }
  void reject(const Reject&) override {}
  // A part's rows go to a temporary file until joined.
  std::unique_ptr<ResultSink> fork(std::string& error) override {
    auto part = std::make_unique<CsvReport>(ctx_);
    part->part_ = std::make_unique<TempStream>();
    if (!part->part_->get()) {
      error = part->part_->error();
      return nullptr;
    }
    part->out_ = part->part_->get();
    return part;
  }
  void join(ResultSink& part) override {
    TempStream& rows = *static_cast<CsvReport&>(part).part_;
    if (!rows.copy_to(file_) && error_.empty()) error_ = rows.error();
    rows.close();  // its pages given back now, not after the report is written
  }
  void seal() override {
    part_->seal();
    out_ = part_->get();
  }
  bool finish(const Summary&, std::string& error) override {
    if (!error_.empty()) {
      error = error_;
      return false;
    }
    return file_.commit(error);
  }

 private:
  ReportContext ctx_;
  AtomicFile file_;
  std::unique_ptr<TempStream> part_;
  std::FILE* out_ = nullptr;  // file_'s, or part_'s in a part
  std::string error_;         // a part that could not be joined whole
};

}  // namespace

std::unique_ptr<Report> make_csv_report(const ReportContext& ctx, const std::string& out,
                                        std::string& error) {
  auto r = std::make_unique<CsvReport>(ctx);
  if (!r->init(out, error)) return nullptr;
  return r;
}

}  // namespace jianguan::rt
