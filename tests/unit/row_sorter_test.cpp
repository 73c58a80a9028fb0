// The external sort under every source: run sizes far below a row's
// size or a table's make it spill and merge many runs, and every row must
// come back whole, in (key, rowid) order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sources/row_sorter.h"

using jianguan::ir::Value;
using jianguan::rt::RowSorter;
using jianguan::rt::SortedRow;

namespace {

struct Row {
  std::string key;
  int64_t rowid = 0;
  std::string text;
  int64_t number = 0;
  double decimal = 0;
  bool flag = false;
  bool missing = false;
  std::string reason;  // empty: converted
};

std::vector<Row> make_rows(size_t n, size_t keys, size_t text_every, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Row> rows;
  for (size_t i = 0; i < n; ++i) {
    Row r;
    // Few distinct keys, some a prefix of others, so ties and short keys meet.
    r.key = "9115" + std::to_string(rng() % keys);
    if (rng() % 5 == 0) r.key.resize(r.key.size() - 1);
    r.rowid = static_cast<int64_t>(i + 1) * (i % 2 ? 1 : -1);
    r.text = std::string(rng() % 40, static_cast<char>('a' + rng() % 26));
    if (text_every && i % text_every == 0) r.text.assign(20000, 'z');
    // Every form a cell takes: keys longer than a one-byte length, text that
    // is the row's key, numbers and decimals within 32 bits and beyond, and
    // decimals that look like integers but are not (-0.0).
    if (rng() % 11 == 0) r.key += std::string(300 + rng() % 50, 'k');
    if (rng() % 4 == 0) r.text = r.key;
    r.number = static_cast<int64_t>(rng()) - (int64_t{1} << 31);
    if (rng() % 3 == 0) r.number *= int64_t{1} << 20;
    switch (rng() % 5) {
      case 0:
        r.decimal = static_cast<double>(r.number);
        break;
      case 1:
        r.decimal = -0.0;
        break;
      case 2:
        r.decimal = 1e300;
        break;
      default:
        r.decimal = static_cast<double>(r.number) / 8.0;
    }
    r.flag = rng() % 2;
    r.missing = rng() % 3 == 0;
    if (rng() % 17 == 0) r.reason = "cell `x` is not a date: " + std::to_string(i);
    rows.push_back(r);
  }
  std::shuffle(rows.begin(), rows.end(), rng);
  return rows;
}

// Sorts `rows` through a RowSorter and checks them against std::sort.
size_t sort_and_compare(std::vector<Row> rows, size_t run_bytes, size_t merge_bytes) {
  RowSorter sorter(run_bytes, merge_bytes);
  std::string error;
  for (const Row& r : rows) {
    Value v[4] = {Value::text(r.text), Value::integer(r.number), Value::boolean(r.flag),
                  r.missing ? Value::missing() : Value::decimal(r.decimal)};
    REQUIRE(sorter.add(r.key, r.rowid, v, 4, r.reason.empty() ? nullptr : &r.reason, error));
  }
  REQUIRE(sorter.finish(error));
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.key, a.rowid) < std::tie(b.key, b.rowid);
  });
  SortedRow got;
  for (const Row& want : rows) {
    REQUIRE(sorter.next(got, error));
    REQUIRE(got.key == want.key);
    REQUIRE(got.rowid == want.rowid);
    REQUIRE(got.has_reason == !want.reason.empty());
    REQUIRE(got.reason == want.reason);
    Value v[4];
    jianguan::rt::decode_cells(got, 4, v);
    REQUIRE(v[0].tag == Value::Tag::kText);
    REQUIRE(v[0].str() == want.text);
    REQUIRE(v[1].tag == Value::Tag::kInt);
    REQUIRE(v[1].i == want.number);
    REQUIRE(v[2].tag == Value::Tag::kBool);
    REQUIRE(v[2].b == want.flag);
    if (want.missing) {
      REQUIRE(v[3].is_missing());
    } else {
      REQUIRE(v[3].tag == Value::Tag::kDecimal);
      REQUIRE(v[3].d == want.decimal);
      REQUIRE(std::signbit(v[3].d) == std::signbit(want.decimal));
    }
  }
  REQUIRE_FALSE(sorter.next(got, error));
  REQUIRE(error.empty());
  return sorter.runs();
}

}  // namespace

TEST_CASE("row sorter: a table within one run is sorted in memory", "[sort][source]") {
  REQUIRE(sort_and_compare(make_rows(2000, 300, 0, 1), size_t{1} << 20, 4096) == 0);
}

TEST_CASE("row sorter: many runs merge into (key, rowid) order", "[sort][source]") {
  // About 150 runs of 2 KiB, read back through the smallest buffers.
  REQUIRE(sort_and_compare(make_rows(5000, 300, 0, 2), 2048, 1) > 100);
}

TEST_CASE("row sorter: rows larger than a run or a read buffer", "[sort][source]") {
  REQUIRE(sort_and_compare(make_rows(600, 50, 37, 3), 8192, 8192) > 10);
}

TEST_CASE("row sorter: no rows", "[sort][source]") {
  RowSorter sorter(1024, 1024);
  std::string error;
  REQUIRE(sorter.finish(error));
  SortedRow row;
  REQUIRE_FALSE(sorter.next(row, error));
  REQUIRE(error.empty());
}

TEST_CASE("row sorter: equal keys keep rowid order across runs", "[sort][source]") {
  RowSorter sorter(64, 256);
  std::string error;
  for (int64_t id : {9, 3, 7, 1, 8, 2, 6, 4, 5})
    REQUIRE(sorter.add("k", id, nullptr, 0, nullptr, error));
  REQUIRE(sorter.finish(error));
  REQUIRE(sorter.runs() > 2);
  SortedRow row;
  for (int64_t id = 1; id <= 9; ++id) {
    REQUIRE(sorter.next(row, error));
    REQUIRE(row.rowid == id);
  }
  REQUIRE_FALSE(sorter.next(row, error));
}

TEST_CASE("row sorter: a NULL key and empty text without bytes", "[sort][source]") {
  RowSorter sorter(64, 256);
  std::string error;
  Value empty = Value::text(std::string_view());
  for (int64_t id : {2, 1}) REQUIRE(sorter.add(std::string_view(), id, &empty, 1, nullptr, error));
  REQUIRE(sorter.add("a", 3, &empty, 1, nullptr, error));
  REQUIRE(sorter.finish(error));
  SortedRow row;
  for (int64_t id : {1, 2, 3}) {
    REQUIRE(sorter.next(row, error));
    REQUIRE(row.rowid == id);
    Value v;
    jianguan::rt::decode_cells(row, 1, &v);
    REQUIRE(v.tag == Value::Tag::kText);
    REQUIRE(v.len == 0);
  }
}

TEST_CASE("row sorter: keys longer than 24 bytes, prefixes and high bytes", "[sort][source]") {
  // Keys around the 24 bytes the sort compares as words, sharing those bytes,
  // one a prefix of another, with bytes above 0x7F (UTF-8) and zero bytes.
  const std::string base(24, 'k');
  std::vector<std::string> keys = {base,
                                   base + "a",
                                   base + "b",
                                   base + std::string("\0", 1),
                                   base + "a" + std::string(15, 'z'),
                                   base + "\xE8\x92\x99",
                                   base.substr(0, 23),
                                   base.substr(0, 23) + "\xFF",
                                   base.substr(0, 23) + std::string("\0", 1),
                                   "\xE5\x86\x85\xE8\x92\x99\xE5\x8F\xA4",
                                   std::string(40, '\x80'),
                                   std::string(40, '\x80') + "a"};
  RowSorter sorter(128, 512);
  std::string error;
  std::vector<std::pair<std::string, int64_t>> want;
  int64_t id = 100;
  for (int round = 0; round < 3; ++round)
    for (const auto& k : keys) {
      REQUIRE(sorter.add(k, id, nullptr, 0, nullptr, error));
      want.emplace_back(k, id--);
    }
  REQUIRE(sorter.finish(error));
  REQUIRE(sorter.runs() > 2);
  // std::string compares as unsigned bytes, as the sort must.
  std::sort(want.begin(), want.end());
  SortedRow row;
  for (const auto& [key, rowid] : want) {
    REQUIRE(sorter.next(row, error));
    CHECK(row.key == key);
    CHECK(row.rowid == rowid);
  }
  REQUIRE_FALSE(sorter.next(row, error));
}

namespace {

using KeyRows = std::vector<std::pair<std::string, int64_t>>;

// Adds `rows` (a key and a rowid each, no cells) to `sorter` and ends its
// input.
void add_all(RowSorter& sorter, const KeyRows& rows) {
  std::string error;
  for (const auto& [key, rowid] : rows) REQUIRE(sorter.add(key, rowid, nullptr, 0, nullptr, error));
  REQUIRE(sorter.finish(error));
}

// `sorter` gives back `rows` in (key, rowid) order, and nothing more.
void expect_sorted(RowSorter& sorter, KeyRows rows) {
  std::sort(rows.begin(), rows.end());
  std::string error;
  SortedRow row;
  for (const auto& [key, rowid] : rows) {
    REQUIRE(sorter.next(row, error));
    REQUIRE(row.key == key);
    REQUIRE(row.rowid == rowid);
  }
  REQUIRE_FALSE(sorter.next(row, error));
}

}  // namespace

TEST_CASE("row sorter: keys sharing a prefix, added in rowid order or not", "[sort][source]") {
  // A run is sorted on the 8 bytes after the prefix all its keys share,
  // then groups alike in those on the next 8 (or on whole keys when small),
  // then on length and rowid (or the order the rows came in, when that was
  // rowid order): keys here share 20 bytes and differ in the 16 after them
  // and beyond, with zero bytes, high bytes and prefixes of each other, and
  // many are equal.
  const std::string prefix(20, 'p');
  for (bool in_order : {true, false})
    for (size_t run_bytes : {size_t{1} << 20, size_t{700}}) {
      INFO("in order " << in_order << ", run bytes " << run_bytes);
      std::mt19937 rng(run_bytes + in_order);
      const char alphabet[] = {'\0', 'a', 'b', '\xff'};
      KeyRows want;
      for (int64_t i = 0; i < 3000; ++i) {
        std::string key = prefix;
        // Short keys, or the same 16 bytes then a few more: a group of
        // half the rows alike in their first two words.
        if (rng() % 2 == 0) {
          key += std::string(15, 'm') + alphabet[rng() % 2];
          for (size_t j = rng() % 4; j > 0; --j) key += alphabet[rng() % 4];
        } else {
          for (size_t j = rng() % 17; j > 0; --j) key += alphabet[rng() % 4];
        }
        want.emplace_back(key, i + 1);
      }
      if (!in_order) {
        std::vector<int64_t> ids;
        for (const auto& w : want) ids.push_back(w.second);
        std::shuffle(ids.begin(), ids.end(), rng);
        for (size_t i = 0; i < want.size(); ++i) want[i].second = ids[i];
      }
      RowSorter sorter(run_bytes, 4096);
      add_all(sorter, want);
      CHECK((sorter.runs() > 2) == (run_bytes < 1000));
      expect_sorted(sorter, want);
    }
}

TEST_CASE("row sorter: an empty key, many rows of one long key, credit codes", "[sort][source]") {
  // An empty key leaves a run no shared prefix, so its credit codes fall in
  // groups of many rows by their first eight bytes, each sorted again by
  // the next; many rows of one 100-byte key (and of it cut short, or with a
  // zero byte more) go past the bytes a radix pass is given.
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const std::string long_key(100, 'L');
  KeyRows want;
  for (int64_t i = 1; i <= 4000; ++i) {
    std::string key;
    switch (rng() % 8) {
      case 0:
        key = long_key;
        break;
      case 1:
        key = long_key.substr(0, 60 + rng() % 40);
        break;
      case 2:
        key = long_key + std::string(1, '\0');
        break;
      case 3:
        if (rng() % 50 == 0) break;  // the empty key
        [[fallthrough]];
      default:
        key = "9115" + std::to_string(rng() % 3);
        for (int c = 0; c < 13; ++c) key += alphabet[rng() % alphabet.size()];
    }
    want.emplace_back(key, i);
  }
  for (size_t run_bytes : {size_t{1} << 20, size_t{20000}}) {
    INFO("run bytes " << run_bytes);
    RowSorter sorter(run_bytes, 4096);
    add_all(sorter, want);
    expect_sorted(sorter, want);
  }
}

namespace {

// Splits a sort at `bounds` and reads the ranges a row each in turn, as
// threads would at once: each range has exactly its keys, in order, and the
// ranges one after another are the whole sort. `at_once` sizes the ranges'
// read buffers (0: for all of them at once).
void split_and_compare(size_t run_bytes, const std::vector<std::string>& bounds,
                       size_t at_once = 0) {
  std::vector<Row> rows = make_rows(4000, 500, 0, 7);
  RowSorter sorter(run_bytes, 4096);
  std::string error;
  for (const Row& r : rows) {
    Value v = Value::text(r.text);
    REQUIRE(sorter.add(r.key, r.rowid, &v, 1, nullptr, error));
  }
  REQUIRE(sorter.finish(error));
  std::vector<jianguan::rt::RunSamples> samples;
  sorter.sample(samples);
  uint64_t sampled = 0;
  for (const auto& s : samples) sampled += s.total;
  CHECK(sampled == rows.size());
  auto ranges = sorter.split(bounds, at_once ? at_once : bounds.size() + 1);
  REQUIRE(ranges.size() == bounds.size() + 1);
  std::vector<std::vector<std::pair<std::string, int64_t>>> got(ranges.size());
  for (bool more = true; more;) {
    more = false;
    for (size_t i = 0; i < ranges.size(); ++i) {
      SortedRow row;
      if (!ranges[i]->next(row, error)) continue;
      more = true;
      Value v;
      jianguan::rt::decode_cells(row, 1, &v);
      got[i].emplace_back(std::string(row.key) + "/" + std::string(v.str()), row.rowid);
    }
  }
  REQUIRE(error.empty());
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.key, a.rowid) < std::tie(b.key, b.rowid);
  });
  size_t at = 0;
  for (size_t i = 0; i < got.size(); ++i)
    for (const auto& [keytext, rowid] : got[i]) {
      REQUIRE(at < rows.size());
      const Row& want = rows[at++];
      CHECK(keytext == want.key + "/" + want.text);
      CHECK(rowid == want.rowid);
      if (i > 0) CHECK(want.key >= bounds[i - 1]);
      if (i < bounds.size()) CHECK(want.key < bounds[i]);
    }
  REQUIRE(at == rows.size());
}

}  // namespace

TEST_CASE("row sorter: split into key ranges read side by side", "[sort][source]") {
  // Keys are "9115" + a number below 500, some cut short by a digit.
  const std::vector<std::string> bounds = {"91151", "911525", "9115250", "91153", "9116"};
  SECTION("runs in the temporary file") { split_and_compare(4096, bounds); }
  SECTION("rows in memory") { split_and_compare(size_t{1} << 20, bounds); }
  SECTION("bounds below and above every key") { split_and_compare(4096, {"0", "9", "99"}); }
  SECTION("no bounds") { split_and_compare(4096, {}); }
  SECTION("buffers sized for one range at a time") { split_and_compare(4096, bounds, 1); }
}

TEST_CASE("row sorter: the parts of a table split together", "[sort][source]") {
  // Three sorts of one table's rows by rowid range (as threads read a large
  // SQLite table), cut at bounds and merged run by run in one heap: each
  // range has its keys in (key, rowid) order, as one sort of all the rows.
  std::vector<Row> rows = make_rows(6000, 400, 0, 11);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.rowid < b.rowid; });
  const std::vector<std::string> bounds = {"91151", "911525", "91153"};
  for (size_t run_bytes : {size_t{4096}, size_t{1} << 20}) {
    INFO("run bytes " << run_bytes);
    std::vector<std::unique_ptr<RowSorter>> parts;
    std::string error;
    for (size_t p = 0; p < 3; ++p) {
      parts.push_back(std::make_unique<RowSorter>(run_bytes, 4096));
      for (size_t i = p * rows.size() / 3; i < (p + 1) * rows.size() / 3; ++i) {
        Value v = Value::text(rows[i].text);
        REQUIRE(parts.back()->add(rows[i].key, rows[i].rowid, &v, 1, nullptr, error));
      }
      REQUIRE(parts.back()->finish(error));
    }
    std::vector<RowSorter*> sorters;
    for (auto& p : parts) sorters.push_back(p.get());
    auto ranges = RowSorter::split_together(sorters, bounds, 2);
    if (run_bytes > 8192) {
      // Rows held in memory: each part is split alone.
      CHECK(ranges.empty());
      continue;
    }
    REQUIRE(ranges.size() == bounds.size() + 1);
    std::vector<std::pair<std::string, int64_t>> got;
    for (size_t i = 0; i < ranges.size(); ++i) {
      SortedRow row;
      while (ranges[i]->next(row, error)) {
        Value v;
        jianguan::rt::decode_cells(row, 1, &v);
        got.emplace_back(std::string(row.key) + "/" + std::string(v.str()), row.rowid);
        if (i > 0) CHECK(std::string(row.key) >= bounds[i - 1]);
        if (i < bounds.size()) CHECK(std::string(row.key) < bounds[i]);
      }
      REQUIRE(error.empty());
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.key, a.rowid) < std::tie(b.key, b.rowid);
    });
    REQUIRE(got.size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      CHECK(got[i].first == rows[i].key + "/" + rows[i].text);
      CHECK(got[i].second == rows[i].rowid);
    }
  }
}

TEST_CASE("row sorter: samples stand for every row", "[sort][source]") {
  for (size_t run_bytes : {size_t{1} << 16, size_t{64} << 20}) {
    RowSorter sorter(run_bytes, 4096);
    std::string error;
    const std::string text(300, 'x');
    uint64_t bytes = 0;
    for (int i = 0; i < 20000; ++i) {
      Value v = Value::text(text);
      const std::string key = std::to_string(i * 7919 % 20000);
      REQUIRE(sorter.add(key, i, &v, 1, nullptr, error));
      bytes += 20 + key.size() + 1 + 4 + text.size();  // header, key, tag, length, text
    }
    REQUIRE(sorter.finish(error));
    std::vector<jianguan::rt::RunSamples> runs;
    sorter.sample(runs);
    uint64_t rows = 0;
    size_t samples = 0;
    for (const auto& r : runs) {
      rows += r.total;
      samples += r.keys.size();
      REQUIRE(r.keys.size() == r.rows.size());
      CHECK(std::is_sorted(r.keys.begin(), r.keys.end()));
      CHECK(std::adjacent_find(r.rows.begin(), r.rows.end(), std::greater_equal<>()) ==
            r.rows.end());
    }
    CHECK(rows == 20000);
    // About one sample per kSampleBytes of a run, where each run's first
    // is further along than the last run's; kMemorySamples in memory, from
    // the first row.
    if (sorter.runs() > 0) {
      CHECK(runs.size() == sorter.runs());
      CHECK(samples + sorter.runs() >= bytes / RowSorter::kSampleBytes);
      CHECK(samples <= bytes / RowSorter::kSampleBytes + sorter.runs());
      std::set<uint64_t> firsts;
      for (const auto& r : runs)
        if (!r.rows.empty()) firsts.insert(r.rows.front());
      CHECK(firsts.size() > runs.size() / 2);
    } else {
      REQUIRE(runs.size() == 1);
      CHECK(samples >= RowSorter::kMemorySamples);
      CHECK(samples <= RowSorter::kMemorySamples + 1);
      CHECK(runs[0].keys.front() == "0");
    }
  }
}

// Rows below each key, counted exactly, against rows_below()'s estimate.
// Keys come in clusters with gaps between them, as unified social credit
// codes do by division, and each run holds rows from all clusters: the
// runs' samples then fall at like keys, and their errors add up unless
// each is read on the scale of all of them.
TEST_CASE("rows below a key, estimated from the samples of many runs", "[sort][source]") {
  std::vector<std::string> keys;
  for (int cluster = 0; cluster < 40; ++cluster)
    for (int i = 0; i < 1000 + 50 * cluster; ++i)
      keys.push_back("91" + std::to_string(150100 + cluster * 37) +
                     std::to_string(100000 + i * 13));
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  // Dealt into 40 runs in a fixed shuffled order, as a table stored in no
  // key order is.
  std::vector<size_t> order(keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t seed = 7;
  for (size_t i = order.size() - 1; i > 0; --i) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    std::swap(order[i], order[(seed >> 33) % (i + 1)]);
  }
  const size_t runs_n = 40, every = 64;
  std::vector<std::vector<std::string>> runs(runs_n);
  for (size_t i = 0; i < order.size(); ++i) runs[i % runs_n].push_back(keys[order[i]]);
  std::vector<jianguan::rt::RunSamples> samples(runs_n);
  for (size_t r = 0; r < runs_n; ++r) {
    std::sort(runs[r].begin(), runs[r].end());
    auto& s = samples[r];
    s.total = runs[r].size();
    // As the sort samples a run: every so many rows, from a place further
    // along in each run than in the last.
    const size_t shift = (r * 40) % every;  // about 0.62 of the interval a run
    for (size_t j = 0; j < runs[r].size(); ++j)
      if (j % every == shift) {
        s.keys.push_back(runs[r][j]);
        s.rows.push_back(j);
      }
  }
  const auto below = jianguan::rt::rows_below(samples);
  REQUIRE(!below.empty());
  CHECK(std::is_sorted(below.begin(), below.end()));
  double worst = 0;
  for (const auto& [key, estimate] : below) {
    const double exact =
        static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), key) - sorted.begin());
    worst = std::max(worst, std::abs(estimate - exact));
  }
  // 79,000 rows, a sample every 64 rows of each of 40 runs: off by up to
  // 32 rows a run, 1,280 if the runs erred alike. Counting each sample for
  // the rows nearest it, with the samples at like places in every run, was
  // off by 1,449 here; this estimate, by 399.
  INFO("rows " << sorted.size() << ", worst error " << worst);
  CHECK(worst < 800);
}
