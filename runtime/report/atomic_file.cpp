#include "report/atomic_file.h"

#include <sys/sendfile.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>

namespace jianguan::rt {

namespace {
std::mutex g_mu;
std::set<std::string>& temps() {
  static std::set<std::string> s;
  return s;
}
}  // namespace

void remove_temporary_files() {
  // Called from a signal handler as the process ends: unlink is safe there;
  // the lock is not, so it is only tried.
  if (!g_mu.try_lock()) return;
  for (const auto& t : temps()) ::unlink(t.c_str());
  g_mu.unlock();
}

AtomicFile::~AtomicFile() {
  if (f_ && !stdout_) std::fclose(f_);
  if (!tmp_.empty()) {
    ::unlink(tmp_.c_str());
    std::lock_guard<std::mutex> lock(g_mu);
    temps().erase(tmp_);
  }
}

TempStream::TempStream() : buf_(std::make_unique<char[]>(kReportBuffer)), f_(std::tmpfile()) {
  if (f_) std::setvbuf(f_, buf_.get(), _IOFBF, kReportBuffer);
}

TempStream::~TempStream() {
  if (f_) std::fclose(f_);
}

// In the kernel first (sendfile, page cache to page cache): the JSON report
// copies 330 MB of sections at 1M entities, and through stdio that was three
// copies in memory. What sendfile cannot do (no such call, an output it
// refuses) goes through stdio as before.
void TempStream::copy_to(std::FILE* out) {
  off_t at = 0;
  if (std::fflush(f_) == 0 && std::fflush(out) == 0) {
    const off_t size = ::lseek(::fileno(f_), 0, SEEK_END);
    while (at < size) {
      ssize_t n = ::sendfile(::fileno(out), ::fileno(f_), &at, static_cast<size_t>(size - at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
    }
  }
  std::fseek(f_, at, SEEK_SET);
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f_)) > 0) std::fwrite(buf, 1, n, out);
}

bool AtomicFile::open(const std::string& path, std::string& error) {
  if (path.empty() || path == "-") {
    f_ = stdout;
    stdout_ = true;
    return true;
  }
  path_ = path;
  tmp_ = path + ".tmp-" + std::to_string(::getpid());
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) {
    error = "cannot write `" + tmp_ + "`: " + std::strerror(errno);
    tmp_.clear();
    return false;
  }
  buf_ = std::make_unique<char[]>(kReportBuffer);
  std::setvbuf(f_, buf_.get(), _IOFBF, kReportBuffer);
  std::lock_guard<std::mutex> lock(g_mu);
  temps().insert(tmp_);
  return true;
}

bool AtomicFile::commit(std::string& error) {
  if (stdout_) {
    std::fflush(stdout);
    return true;
  }
  bool ok = std::fflush(f_) == 0 && ::fsync(::fileno(f_)) == 0;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (!ok || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    error = "cannot write `" + path_ + "`: " + std::strerror(errno);
    return false;
  }
  std::lock_guard<std::mutex> lock(g_mu);
  temps().erase(tmp_);
  tmp_.clear();
  return true;
}

}  // namespace jianguan::rt
