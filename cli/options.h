// Options shared by every subcommand, and the exit codes they promise.
#pragma once

#include <string>

namespace jianguan::cli {

// Stable exit codes: CI pipelines branch on them.
enum Exit : int { kClean = 0, kFindings = 1, kBadInput = 2 };

struct Common {
  std::string lang;  // "zh" or "en"; empty: from the environment's locale
  bool zh() const;
};

// True when LC_ALL / LC_MESSAGES / LANG ask for Chinese.
bool locale_is_chinese();

// Writes `text` to `path` atomically (temporary file, then rename), or to
// stdout when `path` is empty or "-". Returns false with `error` set.
bool write_output(const std::string& path, const std::string& text, std::string& error);

}  // namespace jianguan::cli
