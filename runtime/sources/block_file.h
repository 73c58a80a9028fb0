// A file read in large blocks through a buffer of our own, for the readers
// of text sources (CSV, JSON Lines): through an istream, a byte or a line
// at a time cost more than making sense of them.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
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
    path_ = path;
    f_ = std::fopen(path.c_str(), "rb");
    return f_ != nullptr;
  }
  // Why the file could not be read to its end (a read failed), or "": a
  // reader that stopped there would have lost the rest of the file unseen.
  const std::string& error() const { return error_; }

 protected:
  // The next block into the buffer; false at the end of the file, or when
  // a read failed (error() says why).
  bool fill() {
    pos_ = 0;
    end_ = f_ ? std::fread(buf_.data(), 1, buf_.size(), f_) : 0;
    if (end_ == 0 && f_ && std::ferror(f_) && error_.empty())
      error_ = "cannot read `" + path_ + "`: " + std::strerror(errno);
    return end_ > 0;
  }

  std::string path_, error_;
  std::FILE* f_ = nullptr;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;  // the unread bytes of the buffer
};

}  // namespace jianguan::rt
