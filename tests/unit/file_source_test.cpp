// CSV files are read in blocks and sorted through temporary files. The
// golden data files are smaller than one block, so these tests write files
// of many blocks whose quoted fields, doubled quotes, line breaks and
// multi-byte characters fall on every side of a block's end, and check that
// every cell comes back exactly and that no temporary file is left behind.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <sqlite3.h>

#include "sources/source.h"
#include "test_support.h"

namespace fs = std::filesystem;
using jianguan::rt::Record;
using jianguan::rt::Reject;
using jianguan::testing::ScopedEnv;

namespace {

// A table keyed (or, for events, linked) by a required text `id`, with one
// optional field more.
jianguan::ir::Table table(const char* name, const char* source, bool event, const char* field,
                          jianguan::ir::FieldType type) {
  jianguan::ir::Table t;
  t.name = name;
  t.source = source;
  t.is_event = event;
  t.fields = {{"id", "id", jianguan::ir::FieldType::kText, false, -1},
              {field, field, type, true, -1}};
  (event ? t.link : t.key) = 0;
  return t;
}

jianguan::ir::Program entities_only() {
  jianguan::ir::Program p;
  p.tables.push_back(table("主体", "entities", false, "note", jianguan::ir::FieldType::kText));
  p.entity = 0;
  return p;
}

// A note of varying length with every kind of byte CSV treats specially.
std::string note(int i) {
  std::string s;
  const char* pieces[] = {"甲", ",", "\"", "b", "\n", "蒙古"};
  for (int k = 0; k < i % 53; ++k) s += pieces[(k + i) % 6];
  if (i % 7 == 0) s += "内\r\n蒙";
  return s + std::to_string(i);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct TempDir {
  fs::path path;
  explicit TempDir(const char* name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Everything a source yields: the accepted entities (key, note) in the order
// read, the rejects, and how many entity rows were read.
struct ReadAll {
  std::vector<std::pair<std::string, std::string>> accepted;
  std::vector<Reject> rejects;
  int read = 0;
  std::string error;
};

// Entities with an optional integer (a bad one rejects the row) and two
// event tables linked to them by `id`.
jianguan::ir::Program entities_and_events() {
  jianguan::ir::Program p;
  p.tables.push_back(table("主体", "entities", false, "n", jianguan::ir::FieldType::kInt));
  for (const char* name : {"inspections", "penalties"})
    p.tables.push_back(table(name, name, true, "n", jianguan::ir::FieldType::kInt));
  p.entity = 0;
  return p;
}

std::string shown(const jianguan::ir::Value& v) {
  if (v.is_missing()) return "<missing>";
  if (v.tag == jianguan::ir::Value::Tag::kInt) return std::to_string(v.i);
  return std::string(v.str());
}

ReadAll read_all(const fs::path& folder, const char* format, int threads = 1,
                 const jianguan::ir::Program* program = nullptr) {
  const auto p = program ? *program : entities_only();
  ReadAll all;
  auto source = jianguan::rt::open_source(p, folder.string(), format, threads, all.error);
  if (!source) return all;
  Record rec;
  bool ok = false;
  while (source->next(rec, ok, all.rejects)) {
    ++all.read;
    if (ok) all.accepted.emplace_back(rec.entity()[0].str(), shown(rec.entity()[1]));
  }
  source->finish(all.rejects);
  all.error = source->error();
  return all;
}

// The same, with the source cut into `n` key ranges read a record each in
// turn, as threads would, then put one after the other; `parts` is how many
// ranges the source gave, `sizes` how many records each read. The ranges
// are cut for `at_once` threads, all `n` by default.
ReadAll read_split(const fs::path& folder, const char* format, int threads, size_t n, size_t& parts,
                   const jianguan::ir::Program* program = nullptr, size_t at_once = 0,
                   std::vector<int64_t>* sizes = nullptr) {
  const auto p = program ? *program : entities_only();
  ReadAll all;
  auto source = jianguan::rt::open_source(p, folder.string(), format, threads, all.error);
  if (!source) return all;
  auto ranges = source->split(n, at_once ? at_once : n);
  parts = ranges.size();
  std::vector<ReadAll> each(ranges.size());
  for (bool more = true; more;) {
    more = false;
    for (size_t i = 0; i < ranges.size(); ++i) {
      Record rec;
      bool ok = false;
      if (!ranges[i]->next(rec, ok, each[i].rejects)) continue;
      more = true;
      ++all.read;
      if (ok) each[i].accepted.emplace_back(rec.entity()[0].str(), shown(rec.entity()[1]));
    }
  }
  int64_t counted = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    ranges[i]->finish(each[i].rejects);
    if (all.error.empty()) all.error = ranges[i]->error();
    counted += ranges[i]->counts().entities_read;
    if (sizes) sizes->push_back(ranges[i]->counts().entities_read);
    all.accepted.insert(all.accepted.end(), each[i].accepted.begin(), each[i].accepted.end());
    all.rejects.insert(all.rejects.end(), each[i].rejects.begin(), each[i].rejects.end());
  }
  CHECK(counted == all.read);
  return all;
}

}  // namespace

TEST_CASE("csv: cells come back exactly across block boundaries, in key order", "[csv][source]") {
  TempDir data("jianguan_csv_blocks_data");
  TempDir temp("jianguan_csv_blocks_temp");
  // About 5 MB: eighty blocks, and more than one run of the sort.
  const int n = 130000;
  std::map<std::string, std::string> expected;
  {
    std::ofstream out(data.path / "entities.csv", std::ios::binary);
    out << "\xEF\xBB\xBFid,note\r\n";
    for (int i = n; i > 0; --i) {  // written in descending key order
      std::string id = "K";
      id += std::to_string(1000000 + i);
      expected[id] = note(i);
      out << id << ',' << quoted(note(i)) << (i % 3 ? "\n" : "\r\n");
    }
  }
  // The sort's runs go where SQLite's would (SQLITE_TMPDIR, else TMPDIR): here.
  ScopedEnv sqlite_tmp("SQLITE_TMPDIR", temp.path.c_str());
  ScopedEnv tmp("TMPDIR", temp.path.c_str());
  for (int threads : {1, 2}) {
    ReadAll all = read_all(data.path, "", threads);
    CHECK(all.error.empty());
    CHECK(all.rejects.empty());
    CHECK(all.read == n);
    CHECK(all.accepted ==
          std::vector<std::pair<std::string, std::string>>(expected.begin(), expected.end()));
    CHECK(fs::is_empty(temp.path));
  }
  // Cut into key ranges, read side by side from the sort's file.
  for (size_t ranges : {2, 5}) {
    INFO("ranges " << ranges);
    size_t parts = 0;
    ReadAll all = read_split(data.path, "", 2, ranges, parts);
    CHECK(parts == ranges);
    CHECK(all.error.empty());
    CHECK(all.rejects.empty());
    CHECK(all.read == n);
    CHECK(all.accepted ==
          std::vector<std::pair<std::string, std::string>>(expected.begin(), expected.end()));
  }
  // Cut for two threads, the ranges shrink round by round, 4 4 2 2 1 1 1 1,
  // so that the threads end together; read whole, they still give it all.
  {
    size_t parts = 0;
    std::vector<int64_t> sizes;
    ReadAll all = read_split(data.path, "", 2, 8, parts, nullptr, 2, &sizes);
    REQUIRE(parts == 8);
    CHECK(all.read == n);
    CHECK(all.accepted ==
          std::vector<std::pair<std::string, std::string>>(expected.begin(), expected.end()));
    // The sort samples its rows every 256 KiB, some 6,000 rows here: the
    // sizes are as close as that.
    INFO("sizes " << sizes[0] << ' ' << sizes[1] << ' ' << sizes[2] << ' ' << sizes[3] << ' '
                  << sizes[4] << ' ' << sizes[5] << ' ' << sizes[6] << ' ' << sizes[7]);
    const int64_t first_round = sizes[0] + sizes[1], last_round = sizes[6] + sizes[7];
    CHECK(first_round > n * 4 / 10);
    CHECK(first_round < n * 6 / 10);
    CHECK(last_round < n * 2 / 10);
    CHECK(first_round > 3 * last_round);
    for (size_t i = 4; i < 8; ++i) CHECK(std::min(sizes[0], sizes[1]) > sizes[i]);
  }
}

TEST_CASE("key ranges give the rejects in the order of the whole", "[csv][source]") {
  // Before every entity, rows of both event tables with no entity; every
  // third entity rejected for a bad cell, with events of its own. Wherever
  // a range begins, the rows of no entity just below it and the first
  // entity's rejects must come in the order a single read gives them.
  TempDir data("jianguan_split_rejects");
  {
    std::ofstream ent(data.path / "entities.csv"), ins(data.path / "inspections.csv"),
        pen(data.path / "penalties.csv");
    ent << "id,n\n";
    ins << "id,n\n";
    pen << "id,n\n";
    for (int i = 999; i >= 100; --i) {
      std::string id = "K";  // not "K" + ...: GCC 12 warns of an overlap that is not there
      id += std::to_string(i);
      ent << id << ',' << (i % 3 == 0 ? "x" : std::to_string(i)) << '\n';
      ins << id << "a," << i << '\n' << id << ',' << (i % 7 == 0 ? "y" : "1") << '\n';
      pen << id << "b," << i << '\n' << id << ",2\n";
    }
  }
  const auto p = entities_and_events();
  ReadAll whole = read_all(data.path, "", 2, &p);
  REQUIRE(whole.error.empty());
  REQUIRE(whole.rejects.size() > 2000);
  for (size_t n : {2, 3, 5, 8}) {
    INFO("ranges " << n);
    size_t parts = 0;
    ReadAll cut = read_split(data.path, "", 2, n, parts, &p);
    CHECK(parts == n);
    CHECK(cut.error.empty());
    CHECK(cut.read == whole.read);
    CHECK(cut.accepted == whole.accepted);
    REQUIRE(cut.rejects.size() == whole.rejects.size());
    for (size_t i = 0; i < whole.rejects.size(); ++i) {
      INFO("reject " << i);
      REQUIRE(cut.rejects[i].table == whole.rejects[i].table);
      REQUIRE(cut.rejects[i].row == whole.rejects[i].row);
      REQUIRE(cut.rejects[i].reason == whole.rejects[i].reason);
    }
  }
}

TEST_CASE("csv: an unclosed quote at the end rejects only the last row", "[csv][source]") {
  TempDir data("jianguan_csv_unclosed");
  {
    std::ofstream out(data.path / "entities.csv", std::ios::binary);
    out << "id,note\n";
    for (int i = 0; i < 20000; ++i) out << "A" << 100000 + i << ',' << quoted(note(i)) << '\n';
    out << "Z1,\"never closed\n";
  }
  ReadAll all = read_all(data.path, "csv");
  CHECK(all.read == 20001);
  CHECK(all.accepted.size() == 20000);
  REQUIRE(all.rejects.size() == 1);
  CHECK(all.rejects[0].row == 20001);
  CHECK(all.rejects[0].reason == "a quoted field is not closed before the end of the file");
}

TEST_CASE("jsonl: escapes, repeated keys, null and malformed lines", "[jsonl][source]") {
  TempDir data("jianguan_jsonl_members");
  {
    std::ofstream out(data.path / "entities.jsonl", std::ios::binary);
    out << R"({"id": "A1", "note": "tab\there \"quoted\" back\\slash \u4e2d \ud83d\ude00 end"})"
        << '\n'
        << R"({"note": "first", "id": "A2", "note": "last wins", "other": [1]})" << '\n'
        << R"({"id": "A3", "note": null, "extra": 12.5})" << '\n'
        << R"({"id": "A4", "note": "cut)" << '\n'
        << R"({"id": "A5", "note": 42})" << '\n';
  }
  ReadAll all = read_all(data.path, "jsonl");
  std::map<std::string, std::string> notes(all.accepted.begin(), all.accepted.end());
  CHECK(notes["A1"] == "tab\there \"quoted\" back\\slash 中 😀 end");
  CHECK(notes.count("A2") == 0);  // a nested value makes the line malformed
  CHECK(notes["A3"] == "<missing>");
  CHECK(notes.count("A4") == 0);
  CHECK(notes["A5"] == "42");
  REQUIRE(all.rejects.size() == 2);
  for (const auto& r : all.rejects) CHECK(r.key.empty());  // a malformed line has no usable cells
  CHECK(all.rejects[0].row == 2);
  CHECK(all.rejects[1].row == 4);
}

// A JSON string of `s`, with its quotes, line breaks and backslashes escaped.
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out + "\"";
}

TEST_CASE("jsonl: lines come back exactly across block boundaries", "[jsonl][source]") {
  // Some 5 MB: lines across the reader's blocks, one line of 600 KB (longer
  // than a block), keys in either order, a key no field reads, CRLF and LF,
  // blank lines, a BOM and a last line with no line break.
  TempDir data("jianguan_jsonl_blocks");
  std::map<std::string, std::string> expected;
  int lines = 0, malformed_line = 0;
  {
    std::ofstream out(data.path / "entities.jsonl", std::ios::binary);
    out << "\xEF\xBB\xBF";
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
      std::string id = "J";  // not "J" + ...: GCC 12 warns of an overlap that is not there
      id += std::to_string(1000000 + i);
      std::string text = note(i);
      if (i == 31337) text = std::string(600000, 'x') + text;
      expected[id] = text;
      if (i % 3 == 0)
        out << R"({"note": )" << json_string(text) << R"(, "id": ")" << id << "\"}";
      else
        out << R"({"id": ")" << id << R"(", "extra": 12.5, "note": )" << json_string(text) << '}';
      ++lines;
      if (i + 1 < n) out << (i % 5 ? "\n" : "\r\n");
      if (i % 1000 == 999) {
        out << "\n";  // a blank line
        ++lines;
      }
      if (i == 40000) {
        out << R"({"id": "Z1", "note": "cut)" << '\n';
        malformed_line = ++lines;
      }
    }
  }
  ReadAll all = read_all(data.path, "jsonl");
  CHECK(all.error.empty());
  CHECK(all.read == 60001);
  CHECK(all.accepted ==
        std::vector<std::pair<std::string, std::string>>(expected.begin(), expected.end()));
  REQUIRE(all.rejects.size() == 1);
  CHECK(all.rejects[0].row == malformed_line);
  CHECK(lines > malformed_line);
}

TEST_CASE("a file that cannot be read is an error, not an empty table", "[csv][jsonl][source]") {
  // A folder under a file's name opens, and every read of it fails: as a
  // disk error would part-way through a file, which must not pass for its
  // end.
  for (const char* ext : {"csv", "jsonl"}) {
    INFO(ext);
    TempDir data("jianguan_unreadable");
    fs::create_directories(data.path / (std::string("entities.") + ext));
    ReadAll all = read_all(data.path, ext);
    CHECK(all.read == 0);
    CHECK(all.error == "cannot read `" + (data.path / (std::string("entities.") + ext)).string() +
                           "`: Is a directory");
  }
}

TEST_CASE("jsonl: a key given twice keeps its last value", "[jsonl][source]") {
  TempDir data("jianguan_jsonl_twice");
  {
    std::ofstream out(data.path / "entities.jsonl", std::ios::binary);
    out << R"({"note": "first", "id": "B1", "note": "last"})" << '\n';
  }
  ReadAll all = read_all(data.path, "jsonl");
  REQUIRE(all.accepted.size() == 1);
  CHECK(all.accepted[0].second == "last");
}

TEST_CASE("csv: reading stops when the check is cancelled", "[csv][cancel][source]") {
  TempDir data("jianguan_csv_cancelled");
  {
    std::ofstream out(data.path / "entities.csv", std::ios::binary);
    out << "id,note\n";
    for (int i = 0; i < 10000; ++i) out << "C" << 100000 + i << ",x\n";
  }
  auto p = entities_only();
  for (int threads : {1, 2}) {
    INFO("threads " << threads);
    std::atomic<bool> cancel{false};
    std::string error;
    auto running = jianguan::rt::open_source(p, data.path.string(), "csv", threads, error, &cancel);
    REQUIRE(running);
    Record rec;
    std::vector<Reject> rejects;
    bool ok = false;
    CHECK(running->next(rec, ok, rejects));  // not cancelled: records come

    cancel = true;
    auto cancelled =
        jianguan::rt::open_source(p, data.path.string(), "csv", threads, error, &cancel);
    REQUIRE(cancelled);
    CHECK_FALSE(cancelled->next(rec, ok, rejects));
    CHECK(cancelled->error() == "interrupted");
  }
}

TEST_CASE("sqlite: a table read in parts merges back into one order", "[sqlite][source]") {
  // Rowids spanning more than 262,144 make `--threads 2` read the entity
  // table as two parts; equal keys in both parts must come in rowid order,
  // so the duplicates are the same rows as with one thread.
  TempDir data("jianguan_sqlite_parts");
  const std::string db = (data.path / "parts.db").string();
  {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    const char* sql =
        "CREATE TABLE entities (id TEXT, note TEXT);"
        "INSERT INTO entities (rowid, id, note) VALUES (1, 'B', 'first b'), (2, 'A', 'first a'),"
        " (300000, 'B', 'second b'), (300001, 'C', 'c'), (300002, 'A', 'second a'),"
        " (150001, 'D', 'd'), (150002, 'D', 'second d');";
    REQUIRE(sqlite3_exec(h, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
  }
  ReadAll one = read_all(db, "", 1);
  ReadAll two = read_all(db, "", 2);
  REQUIRE(one.error.empty());
  REQUIRE(two.error.empty());
  const std::vector<std::pair<std::string, std::string>> accepted = {
      {"A", "first a"}, {"B", "first b"}, {"C", "c"}, {"D", "d"}};
  CHECK(one.accepted == accepted);
  CHECK(two.accepted == accepted);
  REQUIRE(one.rejects.size() == 3);
  REQUIRE(two.rejects.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(one.rejects[i].row == two.rejects[i].row);
    CHECK(one.rejects[i].reason == two.rejects[i].reason);
  }
  CHECK(one.rejects[0].row == 300002);
  CHECK(one.rejects[0].reason == "duplicate key `A` (first seen at row 2)");
  // Cut into key ranges, each range's parts merge the same way, and a key's
  // rows all fall in one range.
  for (size_t n : {2, 3, 8}) {
    INFO("ranges " << n);
    size_t parts = 0;
    ReadAll cut = read_split(db, "", 2, n, parts);
    CHECK(parts == std::min<size_t>(n, 4));
    CHECK(cut.error.empty());
    CHECK(cut.accepted == accepted);
    REQUIRE(cut.rejects.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
      CHECK(cut.rejects[i].row == one.rejects[i].row);
      CHECK(cut.rejects[i].reason == one.rejects[i].reason);
    }
  }
}
