#include "sema/suggest.h"

#include <algorithm>

#include "source/source_file.h"

namespace jianguan::sema {

namespace {
std::vector<uint32_t> code_points(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t pos = 0; pos < s.size();) {
    uint32_t cp;
    pos += decode_utf8(s, pos, cp);
    out.push_back(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
  }
  return out;
}

size_t distance(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::optional<std::string> closest(const std::string& wrong,
                                   const std::vector<std::string>& candidates) {
  auto w = code_points(wrong);
  std::optional<std::string> best;
  size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    auto cc = code_points(c);
    size_t d = distance(w, cc);
    // One slip per three characters (at least one): `住键` -> `住建`,
    // `燃气经营企` -> `燃气经营企业`, but not `消防安全` -> `燃气安全`.
    size_t limit = std::max<size_t>(1, std::max(w.size(), cc.size()) / 3);
    if (d <= limit && d < std::max(w.size(), cc.size()) && d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace jianguan::sema
