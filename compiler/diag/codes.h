// The catalogue of diagnostic codes. docs/diagnostics.md documents each with
// an example; a unit test keeps the two in step.
#pragma once

#include <string>
#include <vector>

namespace jianguan {

struct CodeInfo {
  const char* code;
  const char* title_en;
  const char* title_zh;
};

const std::vector<CodeInfo>& diagnostic_codes();
const CodeInfo* find_code(const std::string& code);

}  // namespace jianguan
