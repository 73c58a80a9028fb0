// One CSV field, quoted as RFC 4180 asks when it holds a comma, a quote or a
// line break. Shared by every CSV writer (reports, matrix, plan).
#pragma once

#include <string>

namespace jianguan::rt {

inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

}  // namespace jianguan::rt
