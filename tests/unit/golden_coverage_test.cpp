// Every diagnostic code has a golden case: a code added to
// compiler/diag/codes.cpp without a case whose expected output shows it fails
// here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "diag/codes.h"

namespace fs = std::filesystem;

namespace {

// Codes whose only cases print a wrong output today, so nothing is recorded
// for them; each names its reproducer in tests/golden/pending/. Remove an
// entry when its bug is fixed and the case is recorded.
const std::map<std::string, std::string> kPending = {
    {"E0105", "an unclosed text always cascades into E0101: pending/e0105_unclosed_string.jg"},
};

// code -> expected files (relative to tests/golden) that show it.
std::map<std::string, std::set<std::string>> codes_in_golden_files() {
  std::map<std::string, std::set<std::string>> found;
  const fs::path root = JIANGUAN_GOLDEN_DIR;
  const std::regex code(R"(\[(E\d{4}|W\d{4})\])");
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    fs::path rel = fs::relative(entry.path(), root);
    if (*rel.begin() == "pending") continue;
    if (entry.path().string().size() < 9 ||
        entry.path().string().compare(entry.path().string().size() - 9, 9, ".expected") != 0)
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), code), end; it != end; ++it)
      found[(*it)[1]].insert(rel.generic_string());
  }
  return found;
}

}  // namespace

TEST_CASE("golden: every diagnostic code has a golden case", "[golden]") {
  auto found = codes_in_golden_files();
  REQUIRE_FALSE(found.empty());
  for (const auto& c : jianguan::diagnostic_codes()) {
    if (kPending.count(c.code)) continue;
    INFO("code " << c.code << " (" << c.title_en << ") has no golden case in tests/golden/"
                 << " whose .expected file contains [" << c.code << "]");
    CHECK(found.count(c.code) == 1);
  }
}

TEST_CASE("golden: a pending code has no recorded case yet", "[golden]") {
  auto found = codes_in_golden_files();
  for (const auto& [code, why] : kPending) {
    INFO(code << " is listed as pending (" << why
              << ") but now has a golden case: remove it from kPending");
    CHECK(found.count(code) == 0);
    CHECK(jianguan::find_code(code) != nullptr);
  }
}

TEST_CASE("golden: every code in an expected file is in the catalogue", "[golden]") {
  for (const auto& [code, files] : codes_in_golden_files()) {
    INFO(code << " appears in " << *files.begin() << " but not in diagnostic_codes()");
    CHECK(jianguan::find_code(code) != nullptr);
  }
}

TEST_CASE("golden: every lint case has its expected file", "[golden]") {
  const fs::path lint = fs::path(JIANGUAN_GOLDEN_DIR) / "lint";
  for (const auto& entry : fs::directory_iterator(lint)) {
    std::string name = entry.path().filename().string();
    std::string base;
    if (entry.is_directory())
      base = name;
    else if (entry.path().extension() == ".jg")
      base = entry.path().stem().string();
    else
      continue;
    INFO("tests/golden/lint/" << name << " has no " << base << ".expected");
    CHECK(fs::exists(lint / (base + ".expected")));
  }
}

TEST_CASE("golden: the catalogue has no duplicate codes", "[golden]") {
  std::set<std::string> seen;
  for (const auto& c : jianguan::diagnostic_codes()) {
    INFO(c.code);
    CHECK(seen.insert(c.code).second);
    CHECK(std::string(c.title_en).size() > 0);
    CHECK(std::string(c.title_zh).size() > 0);
  }
}
