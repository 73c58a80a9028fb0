// A file read in large blocks through a buffer of our own, for the readers
// of text sources (CSV, JSON Lines): through an istream, a byte or a line
// at a time cost more than making sense of them.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace jianguan::rt {

class BlockFile {
 public:
  explicit BlockFile(size_t block) : buf_(block) {}
  BlockFile(const BlockFile&) = delete;
  BlockFile& operator=(const BlockFile&) = delete;
  ~BlockFile() {
    if (f_) std::fclose(f_);
  }
  bool open(const std::string& path) {
    f_ = std::fopen(path.c_str(), "rb");
    return f_ != nullptr;
  }

 protected:
  // The next block into the buffer; false at the end of the file.
  bool fill() {
    pos_ = 0;
    end_ = f_ ? std::fread(buf_.data(), 1, buf_.size(), f_) : 0;
    return end_ > 0;
  }

  std::FILE* f_ = nullptr;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;  // the unread bytes of the buffer
};

}  // namespace jianguan::rt
