// JSON Lines: one flat object per line, keys are column names, values are
// strings, numbers, booleans or null. Nested values are a malformed row.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>

#include "sources/block_file.h"
#include "sources/file_source.h"

namespace jianguan::rt {

namespace {

// Parses one flat JSON object, handing each member to `member(key, value)`
// (value nullopt for null) in the order written, as views valid until the
// next member; `key_buf` and `text_buf` are scratch space kept from line to
// line.
template <typename Member>
bool parse_object(std::string_view s, std::string& key_buf, std::string& text_buf, Member&& member,
                  std::string& reason) {
  size_t i = 0;
  std::string_view key, text;
  auto ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
  };
  // A quoted string, as a view of the line when it has no escapes (most
  // do), else unescaped into `dst`.
  auto string = [&](std::string& dst, std::string_view& out) -> bool {
    if (i >= s.size() || s[i] != '"') return false;
    ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != '"' && s[i] != '\\') ++i;
    if (i < s.size() && s[i] == '"') {
      out = s.substr(start, i - start);
      ++i;
      return true;
    }
    dst.assign(s.substr(start, i - start));
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
    out = dst;
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
    if (!string(key_buf, key)) {
      if (reason.empty()) reason = "malformed JSON: expected a quoted key";
      return false;
    }
    ws();
    if (i >= s.size() || s[i] != ':') {
      reason = "malformed JSON: expected `:` after key `" + std::string(key) + "`";
      return false;
    }
    ++i;
    ws();
    if (i >= s.size()) {
      reason = "malformed JSON: line ends after key `" + std::string(key) + "`";
      return false;
    }
    std::optional<std::string_view> value;
    if (s[i] == '"') {
      if (!string(text_buf, text)) {
        if (reason.empty())
          reason = "malformed JSON: text value of `" + std::string(key) + "` is not closed";
        return false;
      }
      value = text;
    } else if (s[i] == '{' || s[i] == '[') {
      reason = "value of `" + std::string(key) + "` is nested; only flat objects are records";
      return false;
    } else {
      size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ' ' && s[i] != '\t') ++i;
      std::string_view token = s.substr(start, i - start);
      if (token != "null") value = token;
      if (token.empty()) {
        reason = "malformed JSON: missing value for `" + std::string(key) + "`";
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

// A file's lines, read in large blocks: through std::getline a line cost
// more than parsing it (a check of 1M entities from JSON Lines files took
// 4.3 s with it, 3.6 s with this and the views below).
class Lines : public BlockFile {
 public:
  Lines() : BlockFile(size_t{1} << 18) {}
  // The next line without its `\n`, valid until the next call; false at
  // the end of the file.
  bool next(std::string_view& line) {
    carry_.clear();
    for (;;) {
      if (pos_ < end_) {
        const char* from = buf_.data() + pos_;
        const char* nl = static_cast<const char*>(std::memchr(from, '\n', end_ - pos_));
        if (nl) {
          pos_ += static_cast<size_t>(nl - from) + 1;
          if (carry_.empty()) {
            line = std::string_view(from, static_cast<size_t>(nl - from));
          } else {
            carry_.append(from, static_cast<size_t>(nl - from));
            line = carry_;
          }
          return true;
        }
        carry_.append(from, end_ - pos_);  // a line across blocks
      }
      if (!fill()) {
        line = carry_;  // the last line, without a line break
        return !carry_.empty();
      }
    }
  }

 private:
  std::string carry_;
};

class JsonlReader final : public RowReader {
 public:
  bool open(const std::string& path, const ir::Table& t, std::string& error) {
    if (!in_.open(path)) {
      error = "cannot read `" + path + "`";
      return false;
    }
    columns_ = t.fields.size();
    for (size_t slot = 0; slot < t.fields.size(); ++slot) {
      const std::string& name = t.fields[slot].column;
      auto c = std::find_if(names_.begin(), names_.end(),
                            [&](const Column& n) { return n.name == name; });
      if (c == names_.end()) c = names_.insert(names_.end(), Column{name, {}});
      c->slots.push_back(slot);
    }
    return true;
  }

  bool next(std::vector<std::optional<std::string>>& cells, int64_t& row,
            std::string& reason) override {
    reason.clear();
    std::string_view line;
    for (;;) {
      if (!in_.next(line)) return false;
      ++line_no_;
      if (line_no_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") != std::string_view::npos) break;
    }
    row = line_no_;
    cells.assign(columns_, std::nullopt);
    // A key given twice: the last value counts. A malformed line has no
    // usable cells, as before any were filled.
    size_t k = 0;  // the member's place in the line
    auto member = [&](std::string_view key, std::optional<std::string_view> value) {
      const Column* c = column(k++, key);
      if (!c) return;
      for (size_t slot : c->slots) {
        if (value)
          cells[slot].emplace(*value);
        else
          cells[slot].reset();
      }
    };
    if (!parse_object(line, key_, text_, member, reason)) cells.assign(columns_, std::nullopt);
    return true;
  }
  const std::string& error() const override { return in_.error(); }

 private:
  struct Column {
    std::string name;
    std::vector<size_t> slots;  // the fields read from it
  };
  // The column named `key`, or null when no field reads it. The lines of a
  // file mostly give their keys in the same order, so the column the k-th
  // key named last time is tried first; only for the first few places, so
  // that a line of a million keys does not leave a million behind.
  const Column* column(size_t k, std::string_view key) {
    auto find = [&]() -> const Column* {
      for (const Column& c : names_)
        if (c.name == key) return &c;
      return nullptr;
    };
    if (k >= 2 * names_.size() + 16) return find();
    if (k >= seen_.size()) seen_.resize(k + 1);
    Seen& s = seen_[k];
    if (!s.valid || s.key != key) {
      s.key.assign(key);
      s.valid = true;
      s.column = find();
    }
    return s.column;
  }
  struct Seen {
    std::string key;
    const Column* column = nullptr;
    bool valid = false;
  };

  Lines in_;
  size_t columns_ = 0;
  std::vector<Column> names_;
  std::vector<Seen> seen_;
  std::string key_, text_;
  int64_t line_no_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> open_jsonl(const ir::Program& p, const std::string& path, int threads,
                                         std::string& error, const std::atomic<bool>* cancel,
                                         const FieldsRead* read) {
  return open_files(p, path, ".jsonl", reader_factory<JsonlReader>(), threads, error, cancel, read);
}

}  // namespace jianguan::rt
