// A file written under a temporary name and renamed into place on commit;
// removed if never committed, so no half-written report is ever left.
#pragma once

#include <cstdio>
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
  std::FILE* f_ = nullptr;
  bool stdout_ = false;
};

// `f` (may be null) with a 256 KiB buffer: with stdio's 4 KiB, writing a
// 330 MB JSON report took 93,000 write calls. Returns `f`.
std::FILE* large_buffer(std::FILE* f);

// An anonymous temporary file (gone when closed) with a large buffer.
inline std::FILE* buffered_tmpfile() { return large_buffer(std::tmpfile()); }

// Every temporary file of the process, so a signal handler can remove them.
void remove_temporary_files();

}  // namespace jianguan::rt
