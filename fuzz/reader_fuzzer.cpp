// libFuzzer target for one record reader (CSV or JSON Lines, chosen at build
// time by JIANGUAN_FUZZ_FORMAT). The ruleset of the check golden tests
// (tests/golden/check/rules.jg) is compiled once; each input is written as
// the data folder of a check: the bytes up to the first form feed (\f) are
// the entity file, the next part the first event table, and so on. The whole
// check then runs (reading, evaluation, JSON report) and the accounting must
// hold: every record read is checked or rejected, every event read is
// attached or rejected, each reject reaches the report, and the report is
// valid UTF-8 whatever bytes the records held.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/checker.h"
#include "compile.h"
#include "lower/lower.h"
#include "report/report.h"
#include "source/source_file.h"
#include "sources/source.h"

#ifndef JIANGUAN_FUZZ_FORMAT
#error "define JIANGUAN_FUZZ_FORMAT as \"csv\" or \"jsonl\""
#endif
#ifndef JIANGUAN_FUZZ_RULES
#error "define JIANGUAN_FUZZ_RULES as the path of the rules file"
#endif

namespace fs = std::filesystem;
using namespace jianguan;

namespace {

std::unique_ptr<Compilation> g_compilation;  // kept alive beside its program
ir::Program g_program;
fs::path g_dir;

// Counts what reaches the report, then passes it on.
class Tee final : public rt::ResultSink {
 public:
  explicit Tee(rt::ResultSink& next) : next_(next) {}
  void entity(const rt::EntityResult& r) override {
    ++entities;
    next_.entity(r);
  }
  void reject(const rt::Reject& r) override {
    ++rejects;
    next_.reject(r);
  }
  int64_t entities = 0, rejects = 0;

 private:
  rt::ResultSink& next_;
};

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "reader_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

void cleanup() {
  std::error_code ec;
  fs::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_compilation = compile({JIANGUAN_FUZZ_RULES});
  if (g_compilation->diags.has_errors() || g_compilation->unreadable) {
    std::fprintf(stderr, "reader_fuzzer: cannot compile %s\n", JIANGUAN_FUZZ_RULES);
    std::exit(1);
  }
  g_program = lower(*g_compilation);
  // A RAM-backed folder when there is one: every input is written to disk.
  std::error_code ec;
  fs::path base =
      fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
  std::string tmpl = (base / "jianguan-fuzz-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    std::perror("reader_fuzzer: mkdtemp");
    std::exit(1);
  }
  g_dir = tmpl;
  std::atexit(cleanup);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string ext = std::string(".") + JIANGUAN_FUZZ_FORMAT;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The entity table first, then the event tables in declaration order.
  std::vector<const ir::Table*> tables = {&g_program.tables[static_cast<size_t>(g_program.entity)]};
  for (const auto& t : g_program.tables)
    if (t.is_event) tables.push_back(&t);
  bool more = true;  // an entity file always; event files while parts remain
  for (size_t i = 0; i < tables.size(); ++i) {
    fs::path file = g_dir / (tables[i]->source + ext);
    std::error_code ec;
    if (!more) {
      fs::remove(file, ec);
      continue;
    }
    size_t end = i + 1 < tables.size() ? input.find('\f') : std::string_view::npos;
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(input.data(), static_cast<std::streamsize>(std::min(end, input.size())));
    more = end != std::string_view::npos;
    if (more) input.remove_prefix(end + 1);
  }

  std::string error;
  auto source = rt::open_source(g_program, g_dir.string(), JIANGUAN_FUZZ_FORMAT, 1, error);
  if (!source) return 0;  // a missing header or column: a clear error, nothing read
  rt::ReportContext ctx;
  ctx.program = &g_program;
  ctx.as_of = "2024-06-30";
  ctx.data_source = "fuzz";
  ctx.tool_version = "fuzz";
  ctx.zh = size % 2 == 1;
  auto report = rt::make_report("json", (g_dir / "report.json").string(), ctx, error);
  require(report != nullptr, "the JSON report opens");
  rt::CheckOptions o;
  o.as_of = *ast::parse_date("2024-06-30");
  o.batch = 7;  // small batches: the batch boundaries are exercised too
  rt::Summary s;
  Tee tee(*report);
  if (!rt::run_check(g_program, *source, o, tee, s, error)) return 0;
  require(s.records_read == s.checked + s.rejected, "records read = checked + rejected");
  require(s.events_read == s.events_attached + s.events_rejected,
          "events read = attached + rejected");
  require(tee.entities == s.checked, "every checked record is reported");
  require(tee.rejects == s.rejected + s.events_rejected, "every reject is reported");
  require(report->finish(s, error), "the report is written");
  std::ifstream in(g_dir / "report.json", std::ios::binary);
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  require(find_invalid_utf8(json) == std::string::npos, "the JSON report is valid UTF-8");
  return 0;
}
