// The JSON report (documented in docs/report-json.md). Findings and entities
// are streamed to temporary files while the run goes on and joined under
// the summary at the end, so memory stays flat; rejects are kept in memory.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "eval/evaluator.h"
#include "report/atomic_file.h"
#include "report/item_section.h"
#include "report/json_parts.h"
#include "report/report.h"
#include "support/json.h"

namespace jianguan::rt {

namespace {

// Each item on a line of its own, indented under its key.
constexpr const char* kIndent = "    ";
constexpr const char* kOpen = "\n";
constexpr const char* kClose = "\n  ";

class JsonReport final : public Report {
 public:
  JsonReport(const ReportContext& ctx, std::string out) : ctx_(ctx), out_(std::move(out)) {}

  bool init(std::string& error) {
    for (const ItemSection* s : {&findings_, &entities_, &repeated_})
      if (!s->ok()) {
        error = s->error();
        return false;
      }
    return true;
  }

  void entity(const EntityResult& r) override {
    const ir::Program& p = *ctx_.program;
    for (const auto& f : r.findings) {
      buf_.clear();
      JsonWriter w(buf_, false);
      write_finding(w, p, r, f, ctx_.zh);
      findings_.add(buf_);
    }
    if (!r.repeated_visits.empty() || !r.repeated_penalties.empty()) {
      buf_.clear();
      JsonWriter w(buf_, false);
      write_repeated(w, p, r);
      repeated_.add(buf_);
    }
    if (!r.credit.empty() || !r.measures.empty()) {
      buf_.clear();
      JsonWriter w(buf_, false);
      write_entity(w, p, r, ctx_.zh);
      entities_.add(buf_);
    }
  }

  // Rejects are few; they are kept and sorted (by table, then row) so that
  // the same records give the same report from every source format.
  void reject(const Reject& r) override { rejects_.push_back(r); }

  std::unique_ptr<ResultSink> fork(std::string& error) override {
    auto part = std::make_unique<JsonReport>(ctx_, std::string());
    if (!part->init(error)) return nullptr;
    return part;
  }
  void join(ResultSink& sink) override {
    auto& part = static_cast<JsonReport&>(sink);
    findings_.join(part.findings_);
    repeated_.join(part.repeated_);
    entities_.join(part.entities_);
    rejects_.insert(rejects_.end(), part.rejects_.begin(), part.rejects_.end());
  }
  void seal() override {
    findings_.seal();
    repeated_.seal();
    entities_.seal();
  }

  bool finish(const Summary& s, std::string& error) override {
    AtomicFile out;
    if (!out.open(out_, error)) return false;
    std::string head;
    JsonWriter w(head);
    w.begin_object();
    write_header(w, ctx_);
    w.key("summary");
    write_summary(w, *ctx_.program, s, ctx_.zh);
    std::fwrite(head.data(), 1, head.size(), out.file());
    std::fputs(",\n  \"findings\": [", out.file());
    if (!findings_.copy_to(out, kOpen, kClose, error)) return false;
    std::fputs("],\n  \"repeated\": [", out.file());
    if (!repeated_.copy_to(out, kOpen, kClose, error)) return false;
    std::fputs("],\n  \"entities\": [", out.file());
    if (!entities_.copy_to(out, kOpen, kClose, error)) return false;
    // Already in memory, sorted here: written straight into the report,
    // laid out as the sections are.
    std::stable_sort(rejects_.begin(), rejects_.end(), [](const Reject& a, const Reject& b) {
      return std::tie(a.table, a.row) < std::tie(b.table, b.row);
    });
    std::fputs("],\n  \"rejected\": [", out.file());
    for (size_t i = 0; i < rejects_.size(); ++i) {
      const Reject& r = rejects_[i];
      buf_.clear();
      JsonWriter w(buf_, false);
      w.begin_object()
          .field("table", r.table)
          .field("row", r.row)
          .field("key", r.key)
          .field("reason", r.reason)
          .end_object();
      std::fputs(i ? ",\n" : kOpen, out.file());
      std::fputs(kIndent, out.file());
      std::fwrite(buf_.data(), 1, buf_.size(), out.file());
    }
    if (!rejects_.empty()) std::fputs(kClose, out.file());
    std::fputs("]\n}\n", out.file());
    return out.commit(error);
  }

 private:
  ReportContext ctx_;
  std::string out_;
  ItemSection findings_{kIndent}, entities_{kIndent}, repeated_{kIndent};
  std::string buf_;
  std::vector<Reject> rejects_;
};

}  // namespace

std::unique_ptr<Report> make_json_report(const ReportContext& ctx, const std::string& out,
                                         std::string& error) {
  auto r = std::make_unique<JsonReport>(ctx, out);
  if (!r->init(error)) return nullptr;
  return r;
}

}  // namespace jianguan::rt
