// Records: one buffer per record, so the properties that matter are that
// values and text survive the buffer growing, that rows stay grouped by
// table whatever order they are added in, and that reuse forgets the last
// entity.
#include <catch2/catch.hpp>

#include "eval/record.h"

using jianguan::ir::Value;
using jianguan::rt::Record;
using jianguan::rt::Row;

namespace {

jianguan::ir::Program two_event_tables() {
  jianguan::ir::Program p;
  auto table = [&](const char* name, bool event, size_t fields) {
    jianguan::ir::Table t;
    t.name = name;
    t.is_event = event;
    t.fields.resize(fields);
    p.tables.push_back(t);
  };
  table("inspections", true, 2);
  table("entities", false, 3);
  table("penalties", true, 3);
  p.entity = 1;
  return p;
}

Row row(int64_t source_row, std::vector<std::string> texts) {
  Row r;
  r.resize(texts.size());
  r.source_row = source_row;
  for (size_t i = 0; i < texts.size(); ++i) r.set_text(i, texts[i]);
  return r;
}

std::string cell(const Record& rec, int32_t table, size_t i, size_t slot) {
  return std::string(rec.rows(table)[i][slot].str());
}

}  // namespace

TEST_CASE("record: entity and rows by table, with their source rows", "[record]") {
  auto p = two_event_tables();
  Record rec;
  rec.reset(p);
  for (size_t s = 0; s < 3; ++s) CHECK(rec.entity()[s].is_missing());
  rec.set_entity(row(7, {"91150102MA0000000X", "name", "scope"}));
  rec.append(0, row(10, {"2024-01-01", "a"}));
  rec.append(0, row(11, {"2024-02-01", "b"}));
  rec.append(2, row(20, {"x", "y", "z"}));
  CHECK(rec.entity_row() == 7);
  CHECK(rec.entity()[0].str() == "91150102MA0000000X");
  REQUIRE(rec.rows(0).size() == 2);
  REQUIRE(rec.rows(2).size() == 1);
  CHECK(cell(rec, 0, 1, 1) == "b");
  CHECK(cell(rec, 2, 0, 2) == "z");
  CHECK(rec.source_row(0, 0) == 10);
  CHECK(rec.source_row(0, 1) == 11);
  CHECK(rec.source_row(2, 0) == 20);
  CHECK(rec.event_rows() == 3);
}

TEST_CASE("record: a row for a table left earlier joins its table's rows", "[record]") {
  auto p = two_event_tables();
  Record rec;
  rec.reset(p);
  rec.append(0, row(1, {"d1", "a"}));
  rec.append(2, row(2, {"p", "q", "r"}));
  rec.append(0, row(3, {"d3", "c"}));
  REQUIRE(rec.rows(0).size() == 2);
  CHECK(cell(rec, 0, 0, 1) == "a");
  CHECK(cell(rec, 0, 1, 1) == "c");
  CHECK(rec.source_row(0, 1) == 3);
  REQUIRE(rec.rows(2).size() == 1);
  CHECK(cell(rec, 2, 0, 0) == "p");
  CHECK(rec.source_row(2, 0) == 2);
}

TEST_CASE("record: text stays valid while the buffer grows", "[record]") {
  auto p = two_event_tables();
  Record rec;
  rec.reset(p);
  rec.set_entity(row(1, {"key", "name", "scope"}));
  // Far more than the first buffer holds, with text long enough to force
  // several new buffers.
  std::string long_text(300, 'x');
  for (int i = 0; i < 500; ++i) rec.append(2, row(i, {std::to_string(i), long_text, "z"}));
  CHECK(rec.entity()[1].str() == "name");
  REQUIRE(rec.rows(2).size() == 500);
  for (size_t i = 0; i < 500; i += 37) {
    CHECK(cell(rec, 2, i, 0) == std::to_string(i));
    CHECK(cell(rec, 2, i, 1) == long_text);
    CHECK(rec.source_row(2, i) == static_cast<int64_t>(i));
  }
  // A copy owns its text: it outlives the original's next use.
  Record copy = rec;
  rec.reset(p);
  rec.set_entity(row(2, {"other", "n", "s"}));
  CHECK(copy.entity()[0].str() == "key");
  CHECK(cell(copy, 2, 499, 1) == long_text);
  CHECK(rec.rows(2).size() == 0);
  CHECK(rec.entity()[0].str() == "other");
}

TEST_CASE("record: non-text values are copied as they are", "[record]") {
  auto p = two_event_tables();
  Record rec;
  rec.reset(p);
  Row r;
  r.resize(2);
  r.values[0] = Value::date(19000);
  r.values[1] = Value::integer(-5);
  rec.append(0, r);
  CHECK(rec.rows(0)[0][0].tag == Value::Tag::kDate);
  CHECK(rec.rows(0)[0][0].i == 19000);
  CHECK(rec.rows(0)[0][1].i == -5);
}
