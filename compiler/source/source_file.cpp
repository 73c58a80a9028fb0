#include "source/source_file.h"

#include <cstring>

namespace jianguan {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);  // a lone CR ends a line too
    }
  }
}

LineCol SourceFile::line_col(uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  size_t lo = 0, hi = line_starts_.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (line_starts_[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  LineCol lc;
  lc.line = static_cast<uint32_t>(lo + 1);
  size_t pos = line_starts_[lo];
  if (lo == 0 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0 && offset >= 3) pos = 3;
  uint32_t col = 1;
  while (pos < offset) {
    uint32_t cp;
    pos += decode_utf8(text_, pos, cp);
    ++col;
  }
  lc.column = col;
  return lc;
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t begin = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view v(text_.data() + begin, end - begin);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  if (begin == 0 && v.substr(0, 3) == "\xEF\xBB\xBF") v.remove_prefix(3);
  return v;
}

FileId SourceSet::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

FileId SourceSet::find(const std::string& path) const {
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i]->path() == path) return static_cast<FileId>(i);
  return -1;
}

size_t decode_utf8(std::string_view s, size_t pos, uint32_t& cp) {
  auto b = static_cast<unsigned char>(s[pos]);
  size_t n;
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07;
  } else {
    cp = 0xFFFD;
    return 1;
  }
  if (pos + n > s.size()) {
    cp = 0xFFFD;
    return 1;
  }
  for (size_t i = 1; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[pos + i]);
    if ((c & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms and surrogates are invalid.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
    return 1;
  }
  return n;
}

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t pos = 0;
  while (pos < n) {
    const unsigned char lead = p[pos];
    if (lead < 0x80) {
      // ASCII is always valid: after an ASCII byte, skip what follows eight
      // bytes at a time (codes, dates and numbers in records are all ASCII).
      // Tried only after one: in Chinese text every try failed.
      ++pos;
      uint64_t word;
      while (pos + 8 <= n && (std::memcpy(&word, p + pos, 8), word & 0x8080808080808080ull) == 0)
        pos += 8;
      continue;
    }
    // Chinese text is three-byte sequences: a lead 1110xxxx and two
    // continuation bytes, taken at once. E0 must not be followed by 80-9F
    // (overlong) nor ED by A0-BF (surrogates).
    if (pos + 3 <= n) {
      const uint32_t w = uint32_t{lead} | uint32_t{p[pos + 1]} << 8 | uint32_t{p[pos + 2]} << 16;
      if ((w & 0xC0C0F0) == 0x8080E0) {
        const uint32_t low = lead & 0x0F, second = p[pos + 1];
        if ((low != 0x0 || second >= 0xA0) && (low != 0xD || second < 0xA0)) {
          pos += 3;
          continue;
        }
      }
    }
    uint32_t cp;
    size_t len = decode_utf8(s, pos, cp);
    if (cp == 0xFFFD && !(len == 3 && s.substr(pos, 3) == "\xEF\xBF\xBD")) return pos;
    pos += len;
  }
  return std::string_view::npos;
}

static bool is_wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

uint32_t display_width(std::string_view s) {
  uint32_t w = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    uint32_t cp;
    pos += decode_utf8(s, pos, cp);
    if (cp == 0xFEFF || (cp >= 0x300 && cp <= 0x36F)) continue;
    w += is_wide(cp) ? 2 : 1;
  }
  return w;
}

}  // namespace jianguan
