#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace jianguan {

Diagnostic& Diagnostics::add(Severity sev, std::string code, Span span, Text message, Text hint) {
  Diagnostic d;
  d.severity = sev;
  d.code = std::move(code);
  d.span = span;
  d.message = std::move(message);
  d.hint = std::move(hint);
  items_.push_back(std::move(d));
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::sort() {
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.span.file, d.span.begin, d.code, d.message.en, d.span.end);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  items_.erase(
      std::unique(items_.begin(), items_.end(),
                  [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
      items_.end());
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

size_t Diagnostics::warning_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kWarning;
  }));
}

std::string quote(const std::string& s) { return "`" + s + "`"; }

}  // namespace jianguan
