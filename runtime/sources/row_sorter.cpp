#include "sources/row_sorter.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sources/temp_file.h"

namespace jianguan::rt {

namespace {

// A row: u32 length of what follows, i64 rowid, u32 key length, u32 reason
// length (kNoReason when the row converted), the key, the reason, then per
// value a tag byte and its payload (none when missing, one byte for a bool,
// u32 length and bytes for text, eight bytes otherwise).
constexpr size_t kHeader = 20;
constexpr uint32_t kNoReason = 0xFFFFFFFFu;
constexpr size_t kMinReadBuffer = 4096;
constexpr size_t kMaxReadBuffer = size_t{1} << 20;
constexpr size_t kWriteBuffer = size_t{256} << 10;

template <typename T>
T load_as(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
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

size_t cell_size(const ir::Value& v) {
  switch (v.tag) {
    case ir::Value::Tag::kMissing:
      return 1;
    case ir::Value::Tag::kBool:
      return 2;
    case ir::Value::Tag::kText:
      return size_t{5} + v.len;
    default:
      return 9;
  }
}

uint32_t row_length(const char* row) { return load_as<uint32_t>(row); }
int64_t row_id(const char* row) { return load_as<int64_t>(row + 4); }
std::string_view row_key(const char* row) { return {row + kHeader, load_as<uint32_t>(row + 12)}; }

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
  unsigned char bytes[24] = {};
  std::memcpy(bytes, key.data(), std::min<size_t>(key.size(), 24));
  for (int i = 0; i < 3; ++i) {
    uint64_t w = 0;
    for (int b = 0; b < 8; ++b) w = (w << 8) | bytes[i * 8 + b];
    k.w[i] = w;
  }
  k.len = static_cast<uint32_t>(key.size());
  k.rowid = row_id(row);
  k.row = row;
  return k;
}

bool key_less(const SortKey& a, const SortKey& b) {
  for (int i = 0; i < 3; ++i)
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  if (a.len > 24 && b.len > 24) {
    int c = row_key(a.row).substr(24).compare(row_key(b.row).substr(24));
    if (c != 0) return c < 0;
  }
  if (a.len != b.len) return a.len < b.len;
  return a.rowid < b.rowid;
}

void sort_rows(const std::string& buf, const std::vector<size_t>& index,
               std::vector<SortKey>& sorted) {
  sorted.clear();
  sorted.reserve(index.size());
  for (size_t off : index) sorted.push_back(sort_key(buf.data() + off));
  std::sort(sorted.begin(), sorted.end(), key_less);
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

struct RowSorter::Reader {
  uint64_t pos = 0, end = 0;  // the part of the run not yet in `buf`
  std::vector<char> buf;
  size_t at = 0, have = 0;    // the unread bytes of `buf`
  const char* row = nullptr;  // the current row, null once the run is done
  SortKey key{};
};

RowSorter::RowSorter(size_t run_bytes, size_t merge_bytes)
    : run_bytes_(std::max<size_t>(run_bytes, 1)), merge_bytes_(merge_bytes) {}

RowSorter::~RowSorter() {
  if (fd_ >= 0) ::close(fd_);
}

bool RowSorter::add(std::string_view key, int64_t rowid, const ir::Value* values, size_t fields,
                    const std::string* reason, std::string& error) {
  size_t size = kHeader + key.size() + (reason ? reason->size() : 0);
  for (size_t f = 0; f < fields; ++f) size += cell_size(values[f]);
  // Lengths are stored in 32 bits; sources reject rows anywhere near this.
  if (size > kNoReason) {
    error = "a row of " + std::to_string(size) + " bytes is too long to sort";
    return false;
  }
  if (!buf_.empty() && buf_.size() + size > run_bytes_ && !spill(error)) return false;
  if (buf_.capacity() < run_bytes_) buf_.reserve(run_bytes_);
  index_.push_back(buf_.size());
  buf_.resize(buf_.size() + size);
  char* p = buf_.data() + index_.back();
  p = store<uint32_t>(p, static_cast<uint32_t>(size - 4));
  p = store<int64_t>(p, rowid);
  p = store<uint32_t>(p, static_cast<uint32_t>(key.size()));
  p = store<uint32_t>(p, reason ? static_cast<uint32_t>(reason->size()) : kNoReason);
  p = put(p, key);
  if (reason) p = put(p, *reason);
  for (size_t f = 0; f < fields; ++f) {
    const ir::Value& v = values[f];
    *p++ = static_cast<char>(v.tag);
    switch (v.tag) {
      case ir::Value::Tag::kMissing:
        break;
      case ir::Value::Tag::kBool:
        *p++ = v.b ? 1 : 0;
        break;
      case ir::Value::Tag::kText:
        p = store<uint32_t>(p, v.len);
        p = put(p, v.str());
        break;
      default:
        p = store<int64_t>(p, v.i);
    }
  }
  return true;
}

bool RowSorter::spill(std::string& error) {
  if (fd_ < 0 && (fd_ = open_unlinked_temp_file(error)) < 0) return false;
  sort_rows(buf_, index_, sorted_);
  const uint64_t begin = file_end_;
  std::string out;
  out.reserve(kWriteBuffer);
  for (const SortKey& k : sorted_) {
    const char* row = k.row;
    size_t n = size_t{4} + row_length(row);
    if (out.size() + n > kWriteBuffer && !out.empty()) {
      if (!write_all(fd_, out.data(), out.size(), error)) return false;
      out.clear();
    }
    out.append(row, n);
    file_end_ += n;
  }
  if (!write_all(fd_, out.data(), out.size(), error)) return false;
  runs_.push_back({begin, file_end_});
  buf_.clear();
  index_.clear();
  sorted_.clear();
  return true;
}

// `x = {}` would keep the capacity.
void RowSorter::release() {
  std::string().swap(buf_);
  std::vector<size_t>().swap(index_);
  std::vector<SortKey>().swap(sorted_);
  pos_ = 0;
}

bool RowSorter::finish(std::string& error) {
  if (runs_.empty()) {
    sort_rows(buf_, index_, sorted_);
    std::vector<size_t>().swap(index_);
    return true;
  }
  if (!buf_.empty() && !spill(error)) return false;
  // The gathering buffers are not needed again: the merge's peak is the
  // read buffers alone.
  release();
  merging_ = true;
  const size_t each = std::clamp(merge_bytes_ / runs_.size(), kMinReadBuffer, kMaxReadBuffer);
  for (const Run& run : runs_) {
    auto r = std::make_unique<Reader>();
    r->pos = run.begin;
    r->end = run.end;
    r->buf.resize(each);
    if (!load(*r, error)) return false;
    if (r->row) heap_.push_back(r.get());
    readers_.push_back(std::move(r));
  }
  for (size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
  return true;
}

// Makes the reader's next row whole in its buffer, reading on when needed.
bool RowSorter::load(Reader& r, std::string& error) {
  auto need = [&]() -> size_t {
    if (r.have - r.at < 4) return 4;
    return size_t{4} + row_length(r.buf.data() + r.at);
  };
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
    ssize_t got = ::pread(fd_, r.buf.data() + r.have, want, static_cast<off_t>(r.pos));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      const int why = got < 0 ? errno : EIO;
      error = "cannot read the sort's temporary file: " + std::string(std::strerror(why));
      return false;
    }
    r.have += static_cast<size_t>(got);
    r.pos += static_cast<uint64_t>(got);
  }
  r.row = r.buf.data() + r.at;
  r.key = sort_key(r.row);
  r.at += size_t{4} + row_length(r.row);
  return true;
}

void RowSorter::sift_down(size_t i) {
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

bool RowSorter::next(SortedRow& out, std::string& error) {
  const char* row = nullptr;
  if (!merging_) {
    if (pos_ == sorted_.size()) {
      release();
      return false;
    }
    row = sorted_[pos_++].row;
  } else {
    // The row handed out last lives in its reader's buffer until now.
    if (pending_) {
      if (!load(*pending_, error)) return false;
      if (!pending_->row) {
        heap_.front() = heap_.back();
        heap_.pop_back();
        // Every run is read: give back the buffers and the file's space now,
        // not when the source goes.
        if (heap_.empty()) {
          readers_.clear();
          ::close(fd_);
          fd_ = -1;
        }
      }
      if (!heap_.empty()) sift_down(0);
      pending_ = nullptr;
    }
    if (heap_.empty()) return false;
    pending_ = heap_.front();
    row = pending_->row;
  }
  out.rowid = row_id(row);
  out.key = row_key(row);
  const uint32_t reason_len = load_as<uint32_t>(row + 16);
  const char* p = row + kHeader + out.key.size();
  out.has_reason = reason_len != kNoReason;
  out.reason = out.has_reason ? std::string_view(p, reason_len) : std::string_view();
  out.cells = p + (out.has_reason ? reason_len : 0);
  return true;
}

void decode_cells(const char* p, size_t fields, ir::Value* out) {
  for (size_t f = 0; f < fields; ++f) {
    ir::Value& v = out[f];
    v = ir::Value{};
    v.tag = static_cast<ir::Value::Tag>(*p++);
    switch (v.tag) {
      case ir::Value::Tag::kMissing:
        break;
      case ir::Value::Tag::kBool:
        v.b = *p++ != 0;
        break;
      case ir::Value::Tag::kText:
        v.len = load_as<uint32_t>(p);
        p += 4;
        v.p = p;
        p += v.len;
        break;
      default:
        v.i = load_as<int64_t>(p);
        p += 8;
    }
  }
}

}  // namespace jianguan::rt
