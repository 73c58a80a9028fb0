#include "sources/temp_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace jianguan::rt {

std::string temporary_folder() {
  auto usable = [](const char* dir) {
    struct stat st {};
    return dir && *dir && ::stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
           ::access(dir, W_OK | X_OK) == 0;
  };
  for (const char* env : {"SQLITE_TMPDIR", "TMPDIR"})
    if (usable(std::getenv(env))) return std::getenv(env);
  for (const char* dir : {"/var/tmp", "/usr/tmp", "/tmp"})
    if (usable(dir)) return dir;
  return ".";
}

int open_unlinked_temp_file(std::string& error) {
  std::string dir = temporary_folder();
  std::string name = dir;
  name.append("/jianguan-XXXXXX");
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    const int why = errno;
    // Out of descriptors, another folder would not help; fewer threads would.
    const char* hint = why == EMFILE || why == ENFILE
                           ? " (raise the limit on open files, `ulimit -n`, or use fewer --threads)"
                           : " (set SQLITE_TMPDIR or TMPDIR to a folder with room for the data)";
    error = "cannot create a temporary file in `" + dir + "`: " + std::strerror(why) + hint;
    return -1;
  }
  ::unlink(name.c_str());
  return fd;
}

}  // namespace jianguan::rt
