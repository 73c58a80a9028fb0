// A cancelled check must not wait for a table to be read and sorted (at 5M
// entities SQLite's sort took some 14 s after Ctrl-C): the source stops at
// once with "interrupted". Seconds are not asserted; what is asserted is
// that a source cancelled before its first read yields no record at all,
// which only holds if the reading itself stops.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "compile.h"
#include "lower/lower.h"
#include "sample/sample.h"
#include "sources/source.h"

namespace fs = std::filesystem;

namespace {

struct Sample {
  fs::path dir = fs::temp_directory_path() / "jianguan_cancel_test";
  std::unique_ptr<jianguan::Compilation> compilation;
  jianguan::ir::Program program;
  std::string db;

  Sample() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    compilation =
        jianguan::compile({JIANGUAN_GOLDEN_DIR "/../../rulesets/inner-mongolia/schema.jg"});
    program = jianguan::lower(*compilation);
    db = (dir / "sample.db").string();
    jianguan::sample::Options o;
    o.entities = 20000;
    jianguan::sample::Stats stats;
    std::string error;
    generated = jianguan::sample::generate(db, o, stats, error);
  }
  ~Sample() { fs::remove_all(dir); }
  bool generated = false;
};

}  // namespace

TEST_CASE("cancel: a cancelled SQLite source stops inside its sort", "[cancel][source]") {
  Sample s;
  REQUIRE_FALSE(s.compilation->diags.has_errors());
  REQUIRE(s.generated);
  for (int threads : {1, 2}) {
    INFO("threads " << threads);
    std::atomic<bool> cancel{false};
    std::string error;
    auto running = jianguan::rt::open_source(s.program, s.db, "", threads, error, &cancel);
    REQUIRE(running);
    jianguan::rt::Record rec;
    std::vector<jianguan::rt::Reject> rejects;
    bool ok = false;
    CHECK(running->next(rec, ok, rejects));  // not cancelled: records come

    cancel = true;
    auto cancelled = jianguan::rt::open_source(s.program, s.db, "", threads, error, &cancel);
    REQUIRE(cancelled);
    CHECK_FALSE(cancelled->next(rec, ok, rejects));
    CHECK(cancelled->error().find("interrupted") != std::string::npos);
  }
}
