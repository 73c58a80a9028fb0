// JSON Lines: one flat object per line, keys are column names, values are
// strings, numbers, booleans or null. Nested values are a malformed row.
#include <fstream>
#include <optional>
#include <string_view>

#include "sources/file_source.h"

namespace jianguan::rt {

namespace {

// Parses one flat JSON object, handing each member to `member(key, value)`
// (value nullopt for null) in the order written; `key` and `text` are
// scratch space kept from line to line.
template <typename Member>
bool parse_object(std::string_view s, std::string& key, std::string& text, Member&& member,
                  std::string& reason) {
  size_t i = 0;
  auto ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
  };
  auto string = [&](std::string& dst) -> bool {
    dst.clear();
    if (i >= s.size() || s[i] != '"') return false;
    ++i;
    while (i < s.size() && s[i] != '"') {
      size_t plain = i;  // a run without escapes is copied at once
      while (i < s.size() && s[i] != '"' && s[i] != '\\') ++i;
      dst.append(s.substr(plain, i - plain));
      if (i >= s.size() || s[i] == '"') break;
      ++i;  // the backslash
      if (i >= s.size()) return false;
      char e = s[i++];
      switch (e) {
        case 'n':
          dst += '\n';
          break;
        case 't':
          dst += '\t';
          break;
        case 'r':
          dst += '\r';
          break;
        case 'b':
          dst += '\b';
          break;
        case 'f':
          dst += '\f';
          break;
        case 'u': {
          // Four hex digits; a surrogate only as a high-low pair.
          auto hex4 = [&](size_t at, unsigned& v) {
            if (at + 4 > s.size()) return false;
            v = 0;
            for (size_t k = at; k < at + 4; ++k) {
              char h = s[k];
              int d = h >= '0' && h <= '9'   ? h - '0'
                      : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                             : -1;
              if (d < 0) return false;
              v = v * 16 + static_cast<unsigned>(d);
            }
            return true;
          };
          unsigned cp = 0, lo = 0;
          bool ok = hex4(i, cp);
          i += 4;
          if (ok && cp >= 0xD800 && cp <= 0xDBFF) {
            ok = i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u' && hex4(i + 2, lo) &&
                 lo >= 0xDC00 && lo <= 0xDFFF;
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (ok && cp >= 0xDC00 && cp <= 0xDFFF) {
            ok = false;
          }
          if (!ok) {
            reason = "malformed JSON: bad `\\u` escape";
            return false;
          }
          if (cp < 0x80)
            dst += static_cast<char>(cp);
          else if (cp < 0x800) {
            dst += static_cast<char>(0xC0 | (cp >> 6));
            dst += static_cast<char>(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            dst += static_cast<char>(0xE0 | (cp >> 12));
            dst += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            dst += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            dst += static_cast<char>(0xF0 | (cp >> 18));
            dst += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            dst += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            dst += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          dst += e;
      }
    }
    if (i >= s.size()) return false;
    ++i;
    return true;
  };
  ws();
  if (i >= s.size() || s[i] != '{') {
    reason = "line is not a JSON object";
    return false;
  }
  ++i;
  ws();
  if (i < s.size() && s[i] == '}') return ++i, true;
  for (;;) {
    ws();
    if (!string(key)) {
      if (reason.empty()) reason = "malformed JSON: expected a quoted key";
      return false;
    }
    ws();
    if (i >= s.size() || s[i] != ':') {
      reason = "malformed JSON: expected `:` after key `" + key + "`";
      return false;
    }
    ++i;
    ws();
    if (i >= s.size()) {
      reason = "malformed JSON: line ends after key `" + key + "`";
      return false;
    }
    std::optional<std::string_view> value;
    if (s[i] == '"') {
      if (!string(text)) {
        if (reason.empty()) reason = "malformed JSON: text value of `" + key + "` is not closed";
        return false;
      }
      value = text;
    } else if (s[i] == '{' || s[i] == '[') {
      reason = "value of `" + key + "` is nested; only flat objects are records";
      return false;
    } else {
      size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ' ' && s[i] != '\t') ++i;
      std::string_view token = s.substr(start, i - start);
      if (token != "null") value = token;
      if (token.empty()) {
        reason = "malformed JSON: missing value for `" + key + "`";
        return false;
      }
    }
    member(key, value);
    ws();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '}') {
      ++i;
      ws();
      if (i != s.size()) {
        reason = "malformed JSON: text after the object";
        return false;
      }
      return true;
    }
    reason = "malformed JSON: expected `,` or `}`";
    return false;
  }
}

class JsonlReader final : public RowReader {
 public:
  bool open(const std::string& path, const ir::Table& t, std::string& error) {
    in_.open(path, std::ios::binary);
    if (!in_) {
      error = "cannot read `" + path + "`";
      return false;
    }
    for (const auto& f : t.fields) columns_.push_back(f.column);
    return true;
  }

  bool next(std::vector<std::optional<std::string>>& cells, int64_t& row,
            std::string& reason) override {
    reason.clear();
    for (;;) {
      if (!std::getline(in_, line_)) return false;
      ++line_no_;
      if (line_no_ == 1 && line_.rfind("\xEF\xBB\xBF", 0) == 0) line_.erase(0, 3);
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      if (line_.find_first_not_of(" \t") != std::string::npos) break;
    }
    row = line_no_;
    cells.assign(columns_.size(), std::nullopt);
    // A key given twice: the last value counts. A malformed line has no
    // usable cells, as before any were filled.
    auto member = [&](std::string_view key, std::optional<std::string_view> value) {
      for (size_t s = 0; s < columns_.size(); ++s)
        if (columns_[s] == key) {
          if (value)
            cells[s].emplace(*value);
          else
            cells[s].reset();
        }
    };
    if (!parse_object(line_, key_, text_, member, reason))
      cells.assign(columns_.size(), std::nullopt);
    return true;
  }

 private:
  std::ifstream in_;
  std::vector<std::string> columns_;
  std::string line_;
  std::string key_, text_;
  int64_t line_no_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> open_jsonl(const ir::Program& p, const std::string& path, int threads,
                                         std::string& error, const std::atomic<bool>* cancel) {
  return open_files(p, path, ".jsonl", reader_factory<JsonlReader>(), threads, error, cancel);
}

}  // namespace jianguan::rt
