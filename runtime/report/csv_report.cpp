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
      row_.clear();
      append_csv_field(row_, r.id);
      row_ += rule_columns(p, f.rule);
      lead_.clear();
      assist_.clear();
      for (const auto& d : f.routed) {
        std::string& to = d.lead ? lead_ : assist_;
        if (!to.empty()) to += "; ";
        to += routed_text(p, d, ctx_.zh);
      }
      append_csv_field(row_, lead_);
      row_ += ',';
      append_csv_field(row_, assist_);
      row_ += ',';
      const auto& rule = p.rules[static_cast<size_t>(f.rule)];
      append_csv_field(row_, rule.where.file + ":" + std::to_string(rule.where.line));
      row_ += ',';
      evidence_.clear();
      for (const auto& [k, v] : f.evidence) {
        if (!evidence_.empty()) evidence_ += "; ";
        evidence_ += k;
        evidence_ += '=';
        evidence_ += v;
      }
      append_csv_field(row_, evidence_);
      row_ += '\n';
      std::fwrite(row_.data(), 1, row_.size(), out_);
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
  // A rule's columns from its name to its legal basis, between commas: the
  // same in every finding of the rule, so made once.
  const std::string& rule_columns(const ir::Program& p, int32_t rule) {
    if (rule_columns_.empty()) rule_columns_.resize(p.rules.size());
    std::string& out = rule_columns_[static_cast<size_t>(rule)];
    if (!out.empty()) return out;
    const auto& r = p.rules[static_cast<size_t>(rule)];
    const ir::Item* item = r.item >= 0 ? &p.items[static_cast<size_t>(r.item)] : nullptr;
    const std::string none;
    out += ',';
    for (const std::string* s : {&r.name, item ? &item->name : &none, item ? &item->code : &none}) {
      append_csv_field(out, *s);
      out += ',';
    }
    out += severity_name(r.severity);
    for (const std::string* s : {&r.message_zh, &r.message_en, &r.basis}) {
      out += ',';
      append_csv_field(out, *s);
    }
    out += ',';
    return out;
  }

  ReportContext ctx_;
  std::vector<std::string> rule_columns_;  // by rule; "" until first needed
  std::string row_, lead_, assist_, evidence_;
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
