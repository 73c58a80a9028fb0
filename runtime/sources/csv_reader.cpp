// CSV as RFC 4180: quoted fields with "" escapes and line breaks inside
// quotes, CRLF or LF, UTF-8 with or without a BOM. The header row maps
// columns to fields by name.
#include <fstream>
#include <map>

#include "sources/tabular_source.h"

namespace jianguan::rt {

namespace {

class CsvReader final : public RowReader {
 public:
  bool open(const std::string& path, const ir::Table& t, std::string& error) {
    in_.open(path, std::ios::binary);
    if (!in_) {
      error = "cannot read `" + path + "`";
      return false;
    }
    path_ = path;
    std::vector<std::string> header;
    std::string reason;
    if (!record(header, reason)) {
      error = "`" + path + "` is empty: it needs a header row naming the columns";
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
    cells.assign(slot_col_.size(), std::nullopt);
    if (reason.empty() && fields_.size() != width_)
      reason = "row has " + std::to_string(fields_.size()) + " columns, the header has " +
               std::to_string(width_);
    if (!reason.empty()) return true;
    for (size_t s = 0; s < slot_col_.size(); ++s)
      if (slot_col_[s] != SIZE_MAX) cells[s] = fields_[slot_col_[s]];
    return true;
  }

 private:
  // One record; false at end of input.
  bool record(std::vector<std::string>& out, std::string& reason) {
    out.clear();
    int c = in_.get();
    if (c == EOF) return false;
    std::string field;
    bool quoted = false, was_quoted = false;
    for (;; c = in_.get()) {
      if (c == EOF) {
        if (quoted) reason = "a quoted field is not closed before the end of the file";
        out.push_back(std::move(field));
        return true;
      }
      char ch = static_cast<char>(c);
      if (quoted) {
        if (ch == '"') {
          if (in_.peek() == '"') {
            in_.get();
            field += '"';
          } else {
            quoted = false;
          }
        } else {
          field += ch;
        }
        continue;
      }
      if (ch == '"' && field.empty() && !was_quoted) {
        quoted = was_quoted = true;
      } else if (ch == ',') {
        out.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && in_.peek() == '\n') in_.get();
        out.push_back(std::move(field));
        return true;
      } else {
        field += ch;
      }
    }
  }

  std::ifstream in_;
  std::string path_;
  size_t width_ = 0;
  std::vector<size_t> slot_col_;
  std::vector<std::string> fields_;
  int64_t row_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> open_csv(const ir::Program& p, const std::string& path,
                                       std::string& error) {
  return open_tabular(p, path, ".csv", reader_factory<CsvReader>(), error);
}

}  // namespace jianguan::rt
