#include "sources/row_sorter.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "sources/key_compare.h"
#include "sources/temp_file.h"

namespace jianguan::rt {

using namespace row_form;

namespace {

constexpr size_t kMinReadBuffer = 4096;
constexpr size_t kMaxReadBuffer = size_t{1} << 20;
constexpr size_t kWriteBuffer = size_t{256} << 10;

template <typename T>
char* store(char* p, T v) {
  std::memcpy(p, &v, sizeof v);
  return p + sizeof v;
}

// An empty key or text may have no bytes at all (a NULL cell).
char* put(char* p, std::string_view bytes) {
  if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
  return p + bytes.size();
}

bool fits_int32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

// A decimal stored as an int32 comes back as the same double: not -0.0, not
// a fraction, not out of range.
bool exact_int32(double d) {
  if (!(d >= INT32_MIN && d <= INT32_MAX)) return false;
  const auto i = static_cast<int32_t>(d);
  return static_cast<double>(i) == d && !(i == 0 && std::signbit(d));
}

bool same_as_key(const ir::Value& v, std::string_view key) {
  return v.len == key.size() && v.len > 0 && std::memcmp(v.p, key.data(), v.len) == 0;
}

char* put_cell(char* p, const ir::Value& v, std::string_view key) {
  const auto tag = static_cast<uint8_t>(v.tag);
  switch (v.tag) {
    case ir::Value::Tag::kMissing:
      *p++ = static_cast<char>(tag);
      return p;
    case ir::Value::Tag::kBool:
      *p++ = static_cast<char>(tag | (v.b ? kVariant : 0));
      return p;
    case ir::Value::Tag::kText:
      if (same_as_key(v, key)) {
        *p++ = static_cast<char>(tag | kVariant);
        return p;
      }
      if (v.len < 255) {
        *p++ = static_cast<char>(tag);
        *p++ = static_cast<char>(v.len);
      } else {
        *p++ = static_cast<char>(tag | kLongText);
        p = store<uint32_t>(p, v.len);
      }
      return put(p, v.str());
    case ir::Value::Tag::kDecimal:
      if (exact_int32(v.d)) {
        *p++ = static_cast<char>(tag | kVariant);
        return store<int32_t>(p, static_cast<int32_t>(v.d));
      }
      *p++ = static_cast<char>(tag);
      return store<double>(p, v.d);
    default:
      if (fits_int32(v.i)) {
        *p++ = static_cast<char>(tag | kVariant);
        return store<int32_t>(p, static_cast<int32_t>(v.i));
      }
      *p++ = static_cast<char>(tag);
      return store<int64_t>(p, v.i);
  }
}

}  // namespace

// What rows are ordered by, with the key's first 24 bytes as big-endian
// words (zero-padded), which settle most comparisons, and all of a credit
// code's 18, without a call to memcmp or a visit to the row. Zero padding
// keeps byte order: a key that is a prefix of another pads to no more than
// it, and equal padded words with both keys within 24 bytes leave the
// shorter first.
struct SortKey {
  uint64_t w[3];
  uint32_t len;
  int64_t rowid;
  const char* row;
};

namespace {

SortKey sort_key(const char* row) {
  SortKey k{};
  std::string_view key = row_key(row);
  // One copy of up to 24 bytes, not one per word: this runs for every row
  // the merge reads.
  char bytes[24] = {};
  if (!key.empty()) std::memcpy(bytes, key.data(), std::min<size_t>(key.size(), 24));
  for (int i = 0; i < 3; ++i) k.w[i] = key_word(bytes + 8 * i);
  k.len = static_cast<uint32_t>(key.size());
  k.rowid = row_id(row);
  k.row = row;
  return k;
}

bool key_less(const SortKey& a, const SortKey& b) {
  for (int i = 0; i < 3; ++i)
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  if (a.len > 24 && b.len > 24) {
    int c = compare_keys(row_key(a.row).substr(24), row_key(b.row).substr(24));
    if (c != 0) return c < 0;
  }
  if (a.len != b.len) return a.len < b.len;
  return a.rowid < b.rowid;
}

// A row of a run as the run's sort sees it: the 8 bytes of its key after
// the prefix every key of the run shares, as a big-endian word
// (zero-padded), and its place among the rows added. Past a prefix such as
// a province's "9115", 8 bytes of a credit code (the rest of the division
// and four characters of the organization code) all but tell the codes of a
// run apart; rows they do not are put in order by their whole keys.
struct RunKey {
  uint64_t hi;
  uint32_t at;  // index into the rows added
};

// How many leading bytes all the keys of a run share.
size_t shared_prefix(const char* base, const std::vector<size_t>& index) {
  if (index.empty()) return 0;
  const std::string_view first = row_key(base + index[0]);
  size_t n = first.size();
  for (size_t i = 1; i < index.size() && n > 0; ++i) {
    const std::string_view k = row_key(base + index[i]);
    n = std::min(n, k.size());
    n = static_cast<size_t>(
        std::mismatch(first.begin(), first.begin() + static_cast<ptrdiff_t>(n), k.begin()).first -
        first.begin());
  }
  return n;
}

// Orders keys[0, n) by hi, keeping the order of equal ones: a byte at a
// time from the last, skipping the bytes all keys share. The run's rows
// went through std::sort before, 9% of a 1-thread check at 1M entities:
// comparisons that a random key decides are branches that cannot be
// predicted, and a radix sort has none.
void radix_sort(RunKey* keys, size_t n, std::vector<RunKey>& spare) {
  if (n < 2) return;
  uint32_t counts[8][256] = {};
  for (size_t i = 0; i < n; ++i)
    for (int b = 0; b < 8; ++b) ++counts[b][(keys[i].hi >> (8 * b)) & 0xFF];
  if (spare.size() < n) spare.resize(n);
  RunKey* from = keys;
  RunKey* to = spare.data();
  for (int b = 0; b < 8; ++b) {
    uint32_t* c = counts[b];
    if (c[(from[0].hi >> (8 * b)) & 0xFF] == n) continue;  // one value: nothing to move
    uint32_t at = 0;
    for (size_t d = 0; d < 256; ++d) {
      const uint32_t here = c[d];
      c[d] = at;
      at += here;
    }
    for (size_t i = 0; i < n; ++i) to[c[(from[i].hi >> (8 * b)) & 0xFF]++] = from[i];
    std::swap(from, to);
  }
  if (from != keys) std::memcpy(static_cast<void*>(keys), from, n * sizeof(RunKey));
}

// A run's rows, put in (key, rowid) order.
class RunSort {
 public:
  RunSort(const char* base, const std::vector<size_t>& index, size_t skip, bool in_order,
          std::vector<RunKey>& spare)
      : base_(base), index_(index), skip_(skip), in_order_(in_order), spare_(spare) {}

  // Orders keys[0, n), whose keys are all equal before byte `at`: by the
  // word at `at`, then each group of equal words by the next. Small groups
  // (the events of one entity, mostly) go through std::sort on whole keys;
  // a large one (a run whose keys share little prefix, such as one with an
  // empty key, or many rows of one key) takes another radix pass, up to
  // kRadixBytes.
  void sort(RunKey* keys, size_t n, size_t at) {
    if (n < 2) return;
    if (n <= kSmallGroup || at >= skip_ + kRadixBytes) {
      std::sort(keys, keys + n, [&](const RunKey& a, const RunKey& b) { return less(a, b, at); });
      return;
    }
    bool longer = false;  // a key goes on past the bytes compared so far
    for (size_t i = 0; i < n; ++i) {
      const std::string_view key = row_key(row(keys[i]));
      keys[i].hi = padded_key_word(key, at);
      longer |= key.size() > at;
    }
    if (!longer) {
      std::sort(keys, keys + n, [&](const RunKey& a, const RunKey& b) { return less(a, b, at); });
      return;
    }
    radix_sort(keys, n, spare_);
    ties(keys, n, at + 8);
  }

  // Groups of keys[0, n) with equal words, each ordered by what follows.
  void ties(RunKey* keys, size_t n, size_t at) {
    for (size_t i = 0; i < n;) {
      size_t j = i + 1;
      while (j < n && keys[j].hi == keys[i].hi) ++j;
      sort(keys + i, j - i, at);
      i = j;
    }
  }

  const char* row(const RunKey& k) const { return base_ + index_[k.at]; }

 private:
  static constexpr size_t kSmallGroup = 64;
  // Past this many key bytes a group goes through std::sort whatever its
  // size: many rows of one long key would take a pass per eight bytes.
  static constexpr size_t kRadixBytes = 64;

  // Keys whose words were equal before `at`; shorter first when one is a
  // prefix of the other, then by rowid (by the order added when that was
  // rowid order). Equal words are equal bytes only where both keys go on:
  // zero padding made "A" and "A\0" alike, so those compare from the run's
  // shared prefix.
  bool less(const RunKey& a, const RunKey& b, size_t at) const {
    const std::string_view x = row_key(row(a)), y = row_key(row(b));
    const size_t from = x.size() >= at && y.size() >= at ? at : skip_;
    const int c = compare_keys(x.substr(from), y.substr(from));
    if (c != 0) return c < 0;
    return in_order_ ? a.at < b.at : row_id(row(a)) < row_id(row(b));
  }

  const char* base_;
  const std::vector<size_t>& index_;
  size_t skip_;  // the bytes every key of the run shares
  bool in_order_;
  std::vector<RunKey>& spare_;
};

// Sorts the rows of a run by (key, rowid) into `sorted`. `in_order`: rows
// were added in rowid order, so the place of a row breaks ties as its rowid
// would.
void sort_rows(const char* base, const std::vector<size_t>& index, bool in_order,
               std::vector<RunKey>& keys, std::vector<RunKey>& spare,
               std::vector<const char*>& sorted) {
  const size_t skip = shared_prefix(base, index);
  keys.resize(index.size());
  for (size_t i = 0; i < index.size(); ++i) keys[i] = {0, static_cast<uint32_t>(i)};
  RunSort run(base, index, skip, in_order, spare);
  run.sort(keys.data(), keys.size(), skip);
  sorted.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) sorted[i] = run.row(keys[i]);
}

bool write_all(int fd, const char* p, size_t n, std::string& error) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      const int why = w < 0 ? errno : ENOSPC;
      error = "cannot write the sort's temporary file in `" + temporary_folder() +
              "`: " + std::strerror(why) +
              " (set SQLITE_TMPDIR or TMPDIR to a folder with room for the data)";
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

// Where a run gathers: bytes not zeroed before they are written.
struct RunBuffer {
  std::unique_ptr<char[]> data;
  size_t size = 0, capacity = 0;

  void reserve(size_t n) {
    if (n <= capacity) return;
    std::unique_ptr<char[]> grown(new char[n]);
    if (size > 0) std::memcpy(grown.get(), data.get(), size);
    data = std::move(grown);
    capacity = n;
  }
  void release() {
    data.reset();
    size = capacity = 0;
  }
};

struct SortStore {
  RunBuffer buf;                    // the run being gathered; all the rows when they fit one
  std::vector<const char*> sorted;  // the rows of the run, or of all when in memory
  std::vector<RunKey> keys, spare;  // the run's sort, kept from run to run
  int fd = -1;
  uint64_t file_end = 0;
  struct Run {
    uint64_t begin, end;
    size_t first_sample, samples;
    uint64_t rows;
  };
  std::vector<Run> runs;
  // Rows of the runs every kSampleBytes or so, in the order written.
  struct Sample {
    uint64_t offset;
    uint64_t row;  // its place in the run
    size_t key_at;
    uint32_t key_len;
  };
  std::vector<Sample> samples;
  std::string sample_keys;
  size_t merge_bytes = 0;

  std::string_view sample_key(const Sample& s) const {
    return std::string_view(sample_keys).substr(s.key_at, s.key_len);
  }
  ~SortStore() {
    if (fd >= 0) ::close(fd);
  }
};

struct SortedRange::Reader {
  int fd = -1;                // the temporary file of the run's sort
  uint64_t pos = 0, end = 0;  // the part of the run not yet in `buf`
  size_t buffer = 0;          // the size `buf` gets when the range starts
  std::vector<char> buf;
  size_t at = 0, have = 0;    // the unread bytes of `buf`
  const char* row = nullptr;  // the current row, null once the run is done
  bool skipping = false;      // rows below the range may come yet
  SortKey key{};
};

RowSorter::RowSorter(size_t run_bytes, size_t merge_bytes)
    : run_bytes_(std::max<size_t>(run_bytes, 1)), store_(std::make_shared<SortStore>()) {
  store_->merge_bytes = merge_bytes;
}

RowSorter::~RowSorter() = default;

size_t RowSorter::runs() const { return runs_; }

bool RowSorter::add(std::string_view key, int64_t rowid, const ir::Value* values, size_t fields,
                    const std::string* reason, std::string& error) {
  const bool long_key = key.size() >= 255;
  const ir::Value kLeftOut{};
  auto value = [&](size_t f) -> const ir::Value& {
    return f >= carried_.size() || carried_[f] ? values[f] : kLeftOut;
  };
  // Room for the longest form of every cell, then the row written in one
  // pass: sizing each cell exactly first was a second pass through the
  // cells' forms, and a std::string zeroed the bytes before they were written.
  size_t bound = kFixedHeader + 4 + key.size() + (reason ? 4 + reason->size() : 0);
  for (size_t f = 0; f < fields; ++f) {
    const ir::Value& v = value(f);
    bound += 9 + (v.tag == ir::Value::Tag::kText ? v.len : 0);
  }
  // Lengths are stored in 32 bits; sources reject rows anywhere near this.
  if (bound > UINT32_MAX) {
    error = "a row of " + std::to_string(bound) + " bytes is too long to sort";
    return false;
  }
  RunBuffer& buf = store_->buf;
  if (buf.size > 0 && buf.size + bound > run_bytes_ && !spill(error)) return false;
  buf.reserve(std::max(run_bytes_, buf.size + bound));
  if (!index_.empty() && rowid <= last_rowid_) in_order_ = false;
  last_rowid_ = rowid;
  char* const row = buf.data.get() + buf.size;
  char* p = row + 4;
  p = store<int64_t>(p, rowid);
  *p++ = static_cast<char>((reason ? kHasReason : 0) | (long_key ? kLongKey : 0));
  if (long_key)
    p = store<uint32_t>(p, static_cast<uint32_t>(key.size()));
  else
    *p++ = static_cast<char>(key.size());
  if (reason) p = store<uint32_t>(p, static_cast<uint32_t>(reason->size()));
  p = put(p, key);
  if (reason) p = put(p, *reason);
  for (size_t f = 0; f < fields; ++f) p = put_cell(p, value(f), key);
  store<uint32_t>(row, static_cast<uint32_t>(p - row - 4));
  index_.push_back(buf.size);
  buf.size = static_cast<size_t>(p - buf.data.get());
  return true;
}

bool RowSorter::spill(std::string& error) {
  SortStore& s = *store_;
  if (s.fd < 0 && (s.fd = open_unlinked_temp_file(error)) < 0) return false;
  sort_rows(s.buf.data.get(), index_, in_order_, s.keys, s.spare, s.sorted);
  const uint64_t begin = s.file_end;
  const size_t first_sample = s.samples.size();
  // Every run holds rows from the whole key range, so samples taken at the
  // same places in every run fall at about the same keys, and a key between
  // them was counted wrong the same way in every run: at 1M entities (46
  // runs) by up to 31,000 rows, and of 12 key ranges meant to hold 15,600
  // entities each, one held 58,000 and three fewer than 3,000. Each run's
  // samples start a golden-ratio step of the interval further along than
  // the last run's, so that their errors cancel out: with rows_below(), off
  // by 5,900 rows at most. Sampling each run's first and last rows as well
  // made it worse (those fall at like keys in every run). The step is
  // within the run's own bytes when they are fewer: every run has a sample.
  const uint64_t interval = std::min<uint64_t>(kSampleBytes, s.buf.size);
  const uint64_t shift = ((runs_ * uint64_t{2654435769u}) & 0xffffffffu) * interval >> 32;
  uint64_t next_sample = begin + shift;
  std::string out;
  out.reserve(kWriteBuffer);
  for (size_t i = 0; i < s.sorted.size(); ++i) {
    const char* row = s.sorted[i];
    size_t n = size_t{4} + row_length(row);
    if (out.size() + n > kWriteBuffer && !out.empty()) {
      if (!write_all(s.fd, out.data(), out.size(), error)) return false;
      out.clear();
    }
    if (s.file_end >= next_sample) {
      std::string_view key = row_key(row);
      s.samples.push_back({s.file_end, static_cast<uint64_t>(i), s.sample_keys.size(),
                           static_cast<uint32_t>(key.size())});
      s.sample_keys.append(key);
      next_sample += kSampleBytes;
    }
    out.append(row, n);
    s.file_end += n;
  }
  if (!write_all(s.fd, out.data(), out.size(), error)) return false;
  s.runs.push_back(
      {begin, s.file_end, first_sample, s.samples.size() - first_sample, s.sorted.size()});
  ++runs_;
  s.buf.size = 0;
  index_.clear();
  in_order_ = true;
  s.sorted.clear();
  return true;
}

bool RowSorter::finish(std::string& error) {
  SortStore& s = *store_;
  if (s.runs.empty()) {
    sort_rows(s.buf.data.get(), index_, in_order_, s.keys, s.spare, s.sorted);
    std::vector<size_t>().swap(index_);
    std::vector<RunKey>().swap(s.keys);
    std::vector<RunKey>().swap(s.spare);
    return true;
  }
  if (s.buf.size > 0 && !spill(error)) return false;
  // The gathering buffers are not needed again: the merge's peak is the
  // read buffers alone. (`x = {}` would keep the capacity.)
  s.buf.release();
  std::vector<size_t>().swap(index_);
  std::vector<const char*>().swap(s.sorted);
  std::vector<RunKey>().swap(s.keys);
  std::vector<RunKey>().swap(s.spare);
  return true;
}

void RowSorter::sample(std::vector<RunSamples>& out) const {
  if (!store_) return;  // split() took the rows
  const SortStore& s = *store_;
  if (s.runs.empty()) {
    // Rows in memory are few enough to sample finer: a small table can be
    // cut too.
    const size_t n = s.sorted.size();
    if (n == 0) return;
    const size_t every = std::max<size_t>(1, n / kMemorySamples);
    RunSamples& r = out.emplace_back();
    r.total = n;
    for (size_t j = 0; j < n; j += every) {
      r.keys.emplace_back(row_key(s.sorted[j]));
      r.rows.push_back(j);
    }
    return;
  }
  for (const auto& run : s.runs) {
    RunSamples& r = out.emplace_back();
    r.total = run.rows;
    for (size_t j = 0; j < run.samples; ++j) {
      const SortStore::Sample& sm = s.samples[run.first_sample + j];
      r.keys.emplace_back(s.sample_key(sm));
      r.rows.push_back(sm.row);
    }
  }
}

std::vector<std::unique_ptr<SortedRange>> RowSorter::split(const std::vector<std::string>& bounds,
                                                           size_t at_once) {
  // Called twice, the second call cuts nothing: its ranges are empty.
  std::shared_ptr<SortStore> s = store_ ? std::move(store_) : std::make_shared<SortStore>();
  if (!s->runs.empty()) return file_ranges({s}, bounds, at_once);
  std::vector<std::unique_ptr<SortedRange>> ranges;
  const size_t n = bounds.size() + 1;
  auto below = [](const char* row, std::string_view key) { return row_key(row) < key; };
  for (size_t i = 0; i < n; ++i) {
    const bool has_lo = i > 0, has_hi = i + 1 < n;
    std::unique_ptr<SortedRange> r(new SortedRange(s, has_lo ? bounds[i - 1] : std::string(),
                                                   has_hi ? bounds[i] : std::string(), has_lo,
                                                   has_hi));
    auto from = s->sorted.begin(), to = s->sorted.end();
    if (has_lo) from = std::lower_bound(from, to, std::string_view(r->lo_), below);
    if (has_hi) to = std::lower_bound(from, to, std::string_view(r->hi_), below);
    r->pos_ = static_cast<size_t>(from - s->sorted.begin());
    r->end_ = static_cast<size_t>(to - s->sorted.begin());
    ranges.push_back(std::move(r));
  }
  return ranges;
}

// The parts of a table (rowid ranges of a SQLite table, read on threads of
// their own) were merged by comparing their heads at every row; merged in
// one heap with all their runs, 4 parts cost one level of it.
std::vector<std::unique_ptr<SortedRange>> RowSorter::split_together(
    const std::vector<RowSorter*>& sorters, const std::vector<std::string>& bounds,
    size_t at_once) {
  for (RowSorter* sorter : sorters)
    if (!sorter->store_ || sorter->store_->runs.empty()) return {};
  std::vector<std::shared_ptr<SortStore>> stores;
  for (RowSorter* sorter : sorters) stores.push_back(std::move(sorter->store_));
  return file_ranges(std::move(stores), bounds, at_once);
}

std::vector<std::unique_ptr<SortedRange>> RowSorter::file_ranges(
    std::vector<std::shared_ptr<SortStore>> stores, const std::vector<std::string>& bounds,
    size_t at_once) {
  size_t runs = 0, merge_bytes = 0;
  for (const auto& s : stores) {
    runs += s->runs.size();
    merge_bytes += s->merge_bytes;
  }
  std::vector<std::unique_ptr<SortedRange>> ranges;
  const size_t n = bounds.size() + 1;
  const size_t reading = std::clamp<size_t>(at_once, 1, n);
  const size_t each = std::clamp(merge_bytes / (runs * reading), kMinReadBuffer, kMaxReadBuffer);
  for (size_t i = 0; i < n; ++i) {
    const bool has_lo = i > 0, has_hi = i + 1 < n;
    std::unique_ptr<SortedRange> r(
        new SortedRange(stores[0], has_lo ? bounds[i - 1] : std::string(),
                        has_hi ? bounds[i] : std::string(), has_lo, has_hi));
    r->more_stores_.assign(stores.begin() + 1, stores.end());
    for (const auto& s : stores) add_readers(*s, *r, each);
    ranges.push_back(std::move(r));
  }
  return ranges;
}

void RowSorter::add_readers(const SortStore& s, SortedRange& r, size_t each) {
  for (const auto& run : s.runs) {
    // A sample's rows and all before it have keys no greater than its.
    uint64_t begin = run.begin, end = run.end;
    for (size_t j = 0; j < run.samples; ++j) {
      const auto& sm = s.samples[run.first_sample + j];
      std::string_view key = s.sample_key(sm);
      if (r.has_lo_ && key < r.lo_) begin = sm.offset;
      if (r.has_hi_ && key >= r.hi_) {
        end = sm.offset;
        break;
      }
    }
    if (begin >= end) continue;
    auto reader = std::make_unique<SortedRange::Reader>();
    reader->fd = s.fd;
    reader->pos = begin;
    reader->end = end;
    reader->skipping = r.has_lo_;
    reader->buffer = each;
    r.readers_.push_back(std::move(reader));
  }
}

bool RowSorter::next(SortedRow& row, std::string& error) {
  if (!all_) all_ = std::move(split({}, 1)[0]);
  return all_->next(row, error);
}

SortedRange::SortedRange(std::shared_ptr<SortStore> store, std::string lo, std::string hi,
                         bool has_lo, bool has_hi)
    : store_(std::move(store)),
      lo_(std::move(lo)),
      hi_(std::move(hi)),
      has_lo_(has_lo),
      has_hi_(has_hi) {}

SortedRange::~SortedRange() = default;

// Every row is read: give back the buffers, and with the last range the
// rows or the file's space, now rather than when the source goes.
void SortedRange::done() {
  heap_.clear();
  readers_.clear();
  pending_ = nullptr;
  store_.reset();
  more_stores_.clear();
}

// Makes the reader's next row in the range whole in its buffer, reading on
// when needed; the reader ends at the first row past the range.
bool SortedRange::load(Reader& r, std::string& error) {
  auto need = [&]() -> size_t {
    if (r.have - r.at < 4) return 4;
    return size_t{4} + row_length(r.buf.data() + r.at);
  };
  for (;;) {
    while (r.have - r.at < need()) {
      if (r.pos == r.end) {
        if (r.have != r.at) {
          error = "the sort's temporary file ends inside a row";
          return false;
        }
        r.row = nullptr;
        return true;
      }
      std::memmove(r.buf.data(), r.buf.data() + r.at, r.have - r.at);
      r.have -= r.at;
      r.at = 0;
      if (r.buf.size() < need()) r.buf.resize(need());
      size_t want = static_cast<size_t>(std::min<uint64_t>(r.buf.size() - r.have, r.end - r.pos));
      ssize_t got = ::pread(r.fd, r.buf.data() + r.have, want, static_cast<off_t>(r.pos));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        const int why = got < 0 ? errno : EIO;
        error = "cannot read the sort's temporary file: " + std::string(std::strerror(why));
        return false;
      }
      r.have += static_cast<size_t>(got);
      r.pos += static_cast<uint64_t>(got);
    }
    const char* row = r.buf.data() + r.at;
    r.at += size_t{4} + row_length(row);
    if (has_hi_ && compare_keys(row_key(row), hi_) >= 0) {
      r.row = nullptr;
      return true;
    }
    if (r.skipping) {
      if (compare_keys(row_key(row), lo_) < 0) continue;
      r.skipping = false;
    }
    r.row = row;
    r.key = sort_key(row);
    return true;
  }
}

void SortedRange::sift_down(size_t i) {
  const size_t n = heap_.size();
  for (;;) {
    size_t l = 2 * i + 1, best = i;
    if (l < n && key_less(heap_[l]->key, heap_[best]->key)) best = l;
    if (l + 1 < n && key_less(heap_[l + 1]->key, heap_[best]->key)) best = l + 1;
    if (best == i) return;
    std::swap(heap_[i], heap_[best]);
    i = best;
  }
}

const char* SortedRange::next_row(std::string& error) {
  if (!store_) return nullptr;
  const char* row = nullptr;
  if (store_->runs.empty()) {
    if (pos_ == end_) {
      done();
      return nullptr;
    }
    row = store_->sorted[pos_++];
  } else {
    if (!started_) {
      started_ = true;
      for (auto& r : readers_) {
        r->buf.resize(r->buffer);
        if (!load(*r, error)) return nullptr;
        if (r->row) heap_.push_back(r.get());
      }
      for (size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
    }
    // The row handed out last lives in its reader's buffer until now.
    if (pending_) {
      if (!load(*pending_, error)) return nullptr;
      if (!pending_->row) {
        heap_.front() = heap_.back();
        heap_.pop_back();
      }
      if (!heap_.empty()) sift_down(0);
      pending_ = nullptr;
    }
    if (heap_.empty()) {
      done();
      return nullptr;
    }
    pending_ = heap_.front();
    row = pending_->row;
  }
  return row;
}

void decode_cells(const char* cells, std::string_view key, size_t fields, ir::Value* out) {
  const char* p = cells;
  for (size_t f = 0; f < fields; ++f) {
    ir::Value& v = out[f];
    v = ir::Value{};
    const auto byte = static_cast<uint8_t>(*p++);
    v.tag = static_cast<ir::Value::Tag>(byte & kTagBits);
    const bool variant = (byte & kVariant) != 0;
    switch (v.tag) {
      case ir::Value::Tag::kMissing:
        break;
      case ir::Value::Tag::kBool:
        v.b = variant;
        break;
      case ir::Value::Tag::kText:
        if (variant) {
          v.p = key.data();
          v.len = static_cast<uint32_t>(key.size());
          break;
        }
        if (byte & kLongText) {
          v.len = load_as<uint32_t>(p);
          p += 4;
        } else {
          v.len = static_cast<uint8_t>(*p++);
        }
        v.p = p;
        p += v.len;
        break;
      case ir::Value::Tag::kDecimal:
        if (variant) {
          v.d = load_as<int32_t>(p);
          p += 4;
        } else {
          v.d = load_as<double>(p);
          p += 8;
        }
        break;
      default:
        if (variant) {
          v.i = load_as<int32_t>(p);
          p += 4;
        } else {
          v.i = load_as<int64_t>(p);
          p += 8;
        }
    }
  }
}

}  // namespace jianguan::rt
