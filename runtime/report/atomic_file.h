// A file written under a temporary name and renamed into place on commit;
// removed if never committed, so no half-written report is ever left.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace jianguan::rt {

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Empty or "-" path: standard output (commit just flushes).
  bool open(const std::string& path, std::string& error);
  std::FILE* file() const { return f_; }
  const std::string& temp_path() const { return tmp_; }
  bool commit(std::string& error);

 private:
  std::string path_, tmp_;
  std::unique_ptr<char[]> buf_;  // outlives f_: closed in the destructor's body
  std::FILE* f_ = nullptr;
  bool stdout_ = false;
};

// Reports are written through buffers of this size: with stdio's own (4 KiB)
// a 330 MB JSON report took 93,000 write calls. glibc ignores the size given
// to setvbuf without a buffer, so the buffer is ours.
inline constexpr size_t kReportBuffer = size_t{256} << 10;

// An anonymous temporary file (gone when closed), written through a
// kReportBuffer buffer.
class TempStream {
 public:
  TempStream();
  ~TempStream();
  TempStream(const TempStream&) = delete;
  TempStream& operator=(const TempStream&) = delete;
  std::FILE* get() const { return f_; }
  // Appends everything written so far to `out`.
  void copy_to(std::FILE* out);

 private:
  std::unique_ptr<char[]> buf_;
  std::FILE* f_ = nullptr;
};

// Every temporary file of the process, so a signal handler can remove them.
void remove_temporary_files();

}  // namespace jianguan::rt
