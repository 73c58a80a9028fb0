// The parts of a report wait in temporary files (TempStream) until they are
// copied into it. They go where the sort's runs go, and a part that could
// not be written whole fails the report rather than leave it short.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "report/atomic_file.h"
#include "test_support.h"

using jianguan::rt::TempStream;
using jianguan::testing::ScopedEnv;
using jianguan::testing::TempDir;

namespace {

// What a descriptor of this process names, "(deleted)" when unlinked.
std::string named(int fd) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec).string();
}

// The text of a file.
std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Lowers the largest file this process may write, for a scope, with the
// signal that would end it ignored: writes past the limit fail (EFBIG), as
// on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = ::signal(SIGXFSZ, SIG_IGN);
    rlimit lower = old_;
    lower.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &lower);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    ::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit old_{};
  sighandler_t old_handler_;
};

}  // namespace

TEST_CASE("temp stream: in the temporary folder, unlinked", "[report]") {
  TempDir dir;
  ScopedEnv sqlite_tmp("SQLITE_TMPDIR", nullptr);
  ScopedEnv tmp("TMPDIR", dir.path().c_str());
  TempStream part;
  REQUIRE(part.get() != nullptr);
  const std::string name = named(::fileno(part.get()));
  CHECK(name.rfind(std::filesystem::canonical(dir.path()).string() + "/jianguan-", 0) == 0);
  CHECK(name.find("(deleted)") != std::string::npos);
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("temp stream: copied whole, after it gave back its buffer", "[report]") {
  TempDir dir;
  ScopedEnv tmp("SQLITE_TMPDIR", dir.path().c_str());
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "row " + std::to_string(i) + "\n";
  TempStream part;
  REQUIRE(part.get() != nullptr);
  std::fwrite(text.data(), 1, text.size(), part.get());
  part.seal();
  const auto report = dir.path() / "report.txt";
  jianguan::rt::AtomicFile whole;
  std::string error;
  REQUIRE(whole.open(report.string(), error));
  std::fputs("head\n", whole.file());
  REQUIRE(part.copy_to(whole));
  REQUIRE(whole.commit(error));
  CHECK(contents(report) == "head\n" + text);
  CHECK(part.error().empty());
}

TEST_CASE("temp stream: a write that failed fails the copy", "[report]") {
  TempDir dir;
  ScopedEnv tmp("SQLITE_TMPDIR", dir.path().c_str());
  const std::string text(1 << 20, 'x');
  jianguan::rt::AtomicFile out;
  std::string error;
  REQUIRE(out.open((dir.path() / "report.txt").string(), error));
  bool copied = true;
  SECTION("copied") {
    TempStream part;
    REQUIRE(part.get() != nullptr);
    {
      FileSizeLimit limit(64 << 10);
      std::fwrite(text.data(), 1, text.size(), part.get());
      copied = part.copy_to(out);
    }
    error = part.error();
  }
  SECTION("sealed, then copied") {
    TempStream part;
    REQUIRE(part.get() != nullptr);
    {
      FileSizeLimit limit(64 << 10);
      std::fwrite(text.data(), 1, text.size(), part.get());
      part.seal();
    }
    copied = part.copy_to(out);
    error = part.error();
  }
  CHECK_FALSE(copied);
  CHECK(error.find("cannot write a temporary file for the report in `" + dir.path().string()) == 0);
}
