// Source text and positions. Spans are half-open byte ranges into one file;
// line and column are computed only for display, columns counted in code
// points so that a caret lines up under Chinese text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jianguan {

using FileId = int32_t;

struct Span {
  FileId file = -1;
  uint32_t begin = 0;  // byte offset, inclusive
  uint32_t end = 0;    // byte offset, exclusive
  bool valid() const { return file >= 0; }
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in code points
};

// Owns the text of one rule file. A UTF-8 BOM is kept in the text (offsets
// stay true to the bytes on disk) but never counted as a column.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineCol line_col(uint32_t offset) const;
  // The text of 1-based line `line`, without its line terminator.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  uint32_t line_start(uint32_t line) const { return line_starts_[line - 1]; }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// All files of one compilation; a FileId indexes into it.
class SourceSet {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_[static_cast<size_t>(id)]; }
  size_t size() const { return files_.size(); }
  // -1 when no file with that path was added.
  FileId find(const std::string& path) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Terminal columns taken by a UTF-8 string: East Asian wide characters take
// two, combining marks none. Invalid bytes count as one column each.
uint32_t display_width(std::string_view text);

// Decodes one code point at `pos`; returns the number of bytes consumed (at
// least 1) and sets `cp` to 0xFFFD for an invalid sequence.
size_t decode_utf8(std::string_view text, size_t pos, uint32_t& cp);

// Offset of the first byte that is not valid UTF-8, or npos.
size_t find_invalid_utf8(std::string_view text);

}  // namespace jianguan
