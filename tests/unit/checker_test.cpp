// With threads the checker cuts the records into more key ranges than
// threads and hands them out as the threads free up, each into a part of
// the sink (ResultSink::fork), joined in key order. What is asserted: the
// sink is given what one thread gives it, in the same order; there are
// more parts than threads; and a part that cannot be made fails the run
// with the sink's reason.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "check/checker.h"
#include "compile.h"
#include "lower/lower.h"
#include "sample/sample.h"
#include "sources/source.h"
#include "test_support.h"

using jianguan::rt::EntityResult;
using jianguan::rt::Reject;
using jianguan::rt::ResultSink;

namespace {

// Keeps the ids it is given; its parts can be made `parts_left` times.
class IdSink final : public ResultSink {
 public:
  explicit IdSink(std::shared_ptr<std::atomic<int>> parts_left) : left_(std::move(parts_left)) {}
  void entity(const EntityResult& r) override { ids.push_back(r.id); }
  void reject(const Reject& r) override { ids.push_back("reject " + r.key); }
  std::unique_ptr<ResultSink> fork(std::string& error) override {
    if (--*left_ < 0) {
      error = "no part left";
      return nullptr;
    }
    ++forks;
    return std::make_unique<IdSink>(left_);
  }
  void join(ResultSink& part) override {
    auto& p = static_cast<IdSink&>(part);
    ids.insert(ids.end(), p.ids.begin(), p.ids.end());
    sealed_joined += p.sealed ? 1 : 0;
  }
  void seal() override { sealed = true; }

  std::vector<std::string> ids;
  int forks = 0, sealed_joined = 0;
  bool sealed = false;

 private:
  std::shared_ptr<std::atomic<int>> left_;
};

// A folder of its own: ctest runs the test cases of this file at once.
struct Sample {
  jianguan::testing::TempDir dir;
  std::unique_ptr<jianguan::Compilation> compilation;
  jianguan::ir::Program program;
  std::string db;
  bool generated = false;

  Sample() {
    compilation =
        jianguan::compile({JIANGUAN_GOLDEN_DIR "/../../rulesets/inner-mongolia/schema.jg"});
    program = jianguan::lower(*compilation);
    db = (dir.path() / "sample.db").string();
    jianguan::sample::Options o;
    o.entities = 20000;
    jianguan::sample::Stats stats;
    std::string error;
    generated = jianguan::sample::generate(db, o, stats, error);
  }

  // Checks every record with `threads` threads into `sink`.
  bool check(int threads, IdSink& sink, std::string& error) const {
    auto source = jianguan::rt::open_source(program, db, "", threads, error);
    if (!source) return false;
    jianguan::rt::CheckOptions o;
    o.as_of = 19904;  // 2024-06-30
    o.threads = threads;
    jianguan::rt::Summary summary;
    return jianguan::rt::run_check(program, *source, o, sink, summary, error);
  }
};

}  // namespace

TEST_CASE("check: key ranges go to the threads as they free up, joined in order", "[check]") {
  Sample s;
  REQUIRE_FALSE(s.compilation->diags.has_errors());
  REQUIRE(s.generated);
  std::string error;
  IdSink one(std::make_shared<std::atomic<int>>(1000));
  REQUIRE(s.check(1, one, error));
  REQUIRE(one.ids.size() >= 20000);
  CHECK(one.forks == 0);
  for (int threads : {2, 3}) {
    INFO("threads " << threads);
    IdSink cut(std::make_shared<std::atomic<int>>(1000));
    REQUIRE(s.check(threads, cut, error));
    CHECK(cut.ids == one.ids);
    // More parts than threads, so that a thread done early takes more;
    // each part sealed before it was joined.
    CHECK(cut.forks > threads);
    CHECK(cut.sealed_joined == cut.forks);
  }
}

TEST_CASE("check: a part of the sink that cannot be made fails the run", "[check]") {
  Sample s;
  REQUIRE(s.generated);
  std::string error;
  IdSink cut(std::make_shared<std::atomic<int>>(3));
  CHECK_FALSE(s.check(2, cut, error));
  CHECK(error == "no part left");
}
