// Diagnostics are values: every stage appends them to one list, which is
// sorted (file, offset, code) before anything is printed, so output is stable.
#pragma once

#include <string>
#include <vector>

#include "source/source_file.h"

namespace jianguan {

enum class Severity { kError, kWarning, kNote };

// One message in both languages; the renderer picks one.
struct Text {
  std::string en;
  std::string zh;
  const std::string& in(bool zh_wanted) const { return zh_wanted && !zh.empty() ? zh : en; }
};

struct DiagNote {
  Span span;
  Text message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // "E0302"; documented in docs/diagnostics.md
  Text message;
  Span span;
  // For a problem with a whole input that has no text here (unreadable,
  // empty folder): the path as given, so reports can still locate it.
  std::string path;
  Text hint;  // empty when there is no useful suggestion
  std::vector<DiagNote> notes;
};

class Diagnostics {
 public:
  Diagnostic& add(Severity sev, std::string code, Span span, Text message, Text hint = {});
  Diagnostic& error(std::string code, Span span, Text message, Text hint = {}) {
    return add(Severity::kError, std::move(code), span, std::move(message), std::move(hint));
  }
  Diagnostic& warning(std::string code, Span span, Text message, Text hint = {}) {
    return add(Severity::kWarning, std::move(code), span, std::move(message), std::move(hint));
  }
  void append(const Diagnostics& other);

  // Stable order: by file, position, then code; exact duplicates dropped.
  void sort();
  size_t error_count() const;
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& items() { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

// "`x`" in messages: user input is always quoted in backticks.
std::string quote(const std::string& s);

}  // namespace jianguan
