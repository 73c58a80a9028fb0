#include "eval/record.h"

#include <cstring>

namespace jianguan::rt {

namespace {

// A typical record (about 20 entity fields, a few events, their text) fits
// in the first buffer; one that grew past kKeepValues is given up at the
// next reset, so a record slot does not keep the busiest entity's memory.
constexpr size_t kFirstValues = 96;
constexpr size_t kKeepValues = 1024;

size_t text_size(const ir::Value* values, size_t n) {
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i)
    if (values[i].tag == ir::Value::Tag::kText) bytes += values[i].len;
  return bytes;
}

}  // namespace

void Record::reserve(size_t values, size_t text) {
  size_t values_bytes = (used_ + values) * sizeof(ir::Value);
  if (values_bytes + text_ + text <= cap_ * sizeof(ir::Value)) return;
  size_t cap = std::max(kFirstValues, cap_ * 2);
  while (cap * sizeof(ir::Value) < values_bytes + text) cap *= 2;
  std::unique_ptr<ir::Value[]> next(new ir::Value[cap]);
  if (used_) std::memcpy(static_cast<void*>(next.get()), buf_.get(), used_ * sizeof(ir::Value));
  // Text already stored stays in the old buffer, where values point.
  if (buf_) retired_.push_back(std::move(buf_));
  buf_ = std::move(next);
  cap_ = cap;
  text_ = 0;
}

std::string_view Record::store(std::string_view s) {
  if (s.empty()) return {};
  text_ += s.size();
  char* at = reinterpret_cast<char*>(buf_.get() + cap_) - text_;
  std::memcpy(at, s.data(), s.size());
  return {at, s.size()};
}

Record& Record::operator=(const Record& o) {
  if (this == &o) return *this;
  ntables_ = o.ntables_;
  std::copy(std::begin(o.inline_), std::end(o.inline_), std::begin(inline_));
  more_ = o.more_;
  entity_ = o.entity_;
  entity_row_ = o.entity_row_;
  event_rows_ = o.event_rows_;
  retired_.clear();
  buf_.reset();
  cap_ = used_ = text_ = 0;
  reserve(o.used_, text_size(o.buf_.get(), o.used_));
  copy_values(0, o.used_, o.buf_.get(), o.used_);
  used_ = o.used_;
  return *this;
}

void Record::reset(const ir::Program& p) {
  retired_.clear();
  if (cap_ > kKeepValues) {
    buf_.reset();
    cap_ = 0;
  }
  used_ = text_ = 0;
  event_rows_ = 0;
  entity_row_ = 0;
  ntables_ = p.tables.size();
  if (ntables_ > kInlineTables) more_.resize(ntables_);
  for (size_t t = 0; t < ntables_; ++t)
    range(static_cast<int32_t>(t)) = {0, 0, static_cast<uint32_t>(p.tables[t].fields.size() + 1)};
  entity_ = p.entity;
  Range& e = range(entity_);
  e.count = 1;
  e.stride = e.stride - 1;
  reserve(e.stride, 0);
  std::fill(buf_.get(), buf_.get() + e.stride, ir::Value{});
  used_ = e.stride;
}

// The caller has reserved room for the row's values and text.
void Record::copy_values(size_t at, size_t width, const ir::Value* from, size_t n) {
  ir::Value* to = buf_.get() + at;
  n = std::min(width, n);
  for (size_t i = 0; i < n; ++i) {
    const ir::Value& v = from[i];
    to[i] = v.tag == ir::Value::Tag::kText ? ir::Value::text(store(v.str())) : v;
  }
  std::fill(to + n, to + width, ir::Value{});
}

void Record::set_entity(const Row& row) {
  set_entity(row.values.data(), row.values.size(), row.source_row);
}

void Record::set_entity(const ir::Value* values, int64_t source_row) {
  set_entity(values, range(entity_).stride, source_row);
}

void Record::set_entity(const ir::Value* values, size_t n, int64_t source_row) {
  size_t width = range(entity_).stride;
  n = std::min(n, width);
  reserve(0, text_size(values, n));
  copy_values(0, width, values, n);
  entity_row_ = source_row;
}

void Record::append(int32_t table, const Row& row) {
  append(table, row.values.data(), row.values.size(), row.source_row);
}

void Record::append(int32_t table, const ir::Value* values, int64_t source_row) {
  append(table, values, range(table).stride - 1, source_row);
}

void Record::append(int32_t table, const ir::Value* values, size_t n, int64_t source_row) {
  const size_t stride = range(table).stride;
  n = std::min(n, stride - 1);
  reserve(stride, text_size(values, n));
  Range& r = range(table);
  size_t at = r.count ? r.begin + r.count * stride : used_;
  if (at != used_) {
    // Rows of another table came after this table's last row: make room.
    std::memmove(static_cast<void*>(buf_.get() + at + stride), buf_.get() + at,
                 (used_ - at) * sizeof(ir::Value));
    for (size_t t = 0; t < ntables_; ++t) {
      Range& o = range(static_cast<int32_t>(t));
      if (&o != &r && o.count && o.begin >= at) o.begin += static_cast<uint32_t>(stride);
    }
  }
  used_ += stride;
  if (!r.count) r.begin = static_cast<uint32_t>(at);
  ++r.count;
  ++event_rows_;
  copy_values(at, stride - 1, values, n);
  buf_[at + stride - 1] = ir::Value::integer(source_row);
}

}  // namespace jianguan::rt
