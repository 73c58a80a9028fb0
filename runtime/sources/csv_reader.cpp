// CSV as RFC 4180: quoted fields with "" escapes and line breaks inside
// quotes, CRLF or LF, UTF-8 with or without a BOM. The header row maps
// columns to fields by name.
#include <cstdio>
#include <map>
#include <string_view>

#include "sources/block_file.h"
#include "sources/file_source.h"

namespace jianguan::rt {

namespace {

// A file read in large blocks, byte by byte or by runs of ordinary bytes:
// an istream's get() per byte was a sixth of a whole check.
class Bytes : public BlockFile {
 public:
  Bytes() : BlockFile(size_t{1} << 16) {}
  int get() { return pos_ < end_ || fill() ? static_cast<unsigned char>(buf_[pos_++]) : EOF; }
  int peek() { return pos_ < end_ || fill() ? static_cast<unsigned char>(buf_[pos_]) : EOF; }
  // The bytes from here to the next `,` `"` or line break, within the block.
  std::string_view plain() {
    return run([](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
  }
  // The bytes from here to the next quote, within the block.
  std::string_view until_quote() {
    return run([](char c) { return c == '"'; });
  }

 private:
  template <typename Stop>
  std::string_view run(Stop stop) {
    size_t from = pos_;
    while (pos_ < end_ && !stop(buf_[pos_])) ++pos_;
    return {buf_.data() + from, pos_ - from};
  }
};

class CsvReader final : public RowReader {
 public:
  bool open(const std::string& path, const ir::Table& t, std::string& error) {
    if (!in_.open(path)) {
      error = "cannot read `" + path + "`";
      return false;
    }
    path_ = path;
    std::vector<std::string> header;
    std::string reason;
    if (!record(header, reason)) {
      error = !in_.error().empty()
                  ? in_.error()
                  : "`" + path + "` is empty: it needs a header row naming the columns";
      return false;
    }
    if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
    width_ = header.size();
    for (const auto& f : t.fields) {
      auto it = column.find(f.column);
      if (it == column.end()) {
        if (f.optional) {
          slot_col_.push_back(SIZE_MAX);
          continue;
        }
        error = "`" + path + "` has no column `" + f.column + "` (field `" + f.name + "` of " +
                t.name + ")";
        return false;
      }
      slot_col_.push_back(it->second);
    }
    return true;
  }

  bool next(std::vector<std::optional<std::string>>& cells, int64_t& row,
            std::string& reason) override {
    reason.clear();
    if (!record(fields_, reason)) return false;
    // Blank lines are not records.
    while (fields_.size() == 1 && fields_[0].empty() && reason.empty())
      if (!record(fields_, reason)) return false;
    row = ++row_;
    if (reason.empty() && fields_.size() != width_)
      reason = "row has " + std::to_string(fields_.size()) + " columns, the header has " +
               std::to_string(width_);
    if (!reason.empty()) {
      cells.assign(slot_col_.size(), std::nullopt);
      return true;
    }
    // Assigned over last row's cells, so their strings keep their buffers.
    cells.resize(slot_col_.size());
    for (size_t s = 0; s < slot_col_.size(); ++s) {
      if (slot_col_[s] == SIZE_MAX)
        cells[s].reset();
      else
        cells[s] = fields_[slot_col_[s]];
    }
    return true;
  }
  const std::string& error() const override { return in_.error(); }

 private:
  // One record; false at end of input. The strings of `out` are reused.
  bool record(std::vector<std::string>& out, std::string& reason) {
    if (in_.peek() == EOF) return false;
    size_t n = 0;
    for (;;) {
      if (n == out.size()) out.emplace_back();
      std::string& field = out[n++];
      field.clear();
      // Only a quote that opens the field quotes it.
      if (in_.peek() == '"') {
        in_.get();
        for (;;) {
          field += in_.until_quote();
          int ch = in_.get();
          if (ch == EOF) {
            reason = "a quoted field is not closed before the end of the file";
            out.resize(n);
            return true;
          }
          if (ch != '"') {  // the run stopped at the end of a block
            field += static_cast<char>(ch);
            continue;
          }
          if (in_.peek() != '"') break;
          in_.get();
          field += '"';
        }
      }
      // Unquoted text, or text after the closing quote (kept as it is).
      for (;;) {
        field += in_.plain();
        int ch = in_.get();
        if (ch == ',') break;
        if (ch == EOF || ch == '\n' || ch == '\r') {
          if (ch == '\r' && in_.peek() == '\n') in_.get();
          out.resize(n);
          return true;
        }
        field += static_cast<char>(ch);  // a quote inside a field is text
      }
    }
  }

  Bytes in_;
  std::string path_;
  size_t width_ = 0;
  std::vector<size_t> slot_col_;
  std::vector<std::string> fields_;
  int64_t row_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> open_csv(const ir::Program& p, const std::string& path, int threads,
                                       std::string& error, const std::atomic<bool>* cancel,
                                       const FieldsRead* read) {
  return open_files(p, path, ".csv", reader_factory<CsvReader>(), threads, error, cancel, read);
}

}  // namespace jianguan::rt
