// One CSV row per finding, RFC 4180 quoting, UTF-8 with a BOM so that
// spreadsheet programs open Chinese text correctly.
#include "report/atomic_file.h"
#include "report/json_parts.h"

namespace jianguan::rt {

namespace {

std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

class CsvReport final : public Report {
 public:
  CsvReport(const ReportContext& ctx) : ctx_(ctx) {}
  bool init(const std::string& out, std::string& error) {
    if (!file_.open(out, error)) return false;
    std::fputs(
        "\xEF\xBB\xBF"
        "entity,rule,item,item_code,severity,message_zh,message_en,basis,lead_departments,assist_"
        "departments,rule_location,evidence\n",
        file_.file());
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
      std::string row =
          csv(r.id) + "," + csv(rule.name) + "," + csv(item) + "," + csv(code) + "," +
          severity_name(rule.severity) + "," + csv(rule.message_zh) + "," + csv(rule.message_en) +
          "," + csv(rule.basis) + "," + csv(lead) + "," + csv(assist) + "," +
          csv(rule.where.file + ":" + std::to_string(rule.where.line)) + "," + csv(ev) + "\n";
      std::fwrite(row.data(), 1, row.size(), file_.file());
    }
  }
  void reject(const Reject&) override {}
  bool finish(const Summary&, std::string& error) override { return file_.commit(error); }

 private:
  ReportContext ctx_;
  AtomicFile file_;
};

}  // namespace

std::unique_ptr<Report> make_csv_report(const ReportContext& ctx, const std::string& out,
                                        std::string& error) {
  auto r = std::make_unique<CsvReport>(ctx);
  if (!r->init(out, error)) return nullptr;
  return r;
}

}  // namespace jianguan::rt
