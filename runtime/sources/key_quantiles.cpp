#include "sources/key_quantiles.h"

#include <algorithm>

namespace jianguan::rt {

// Each run's samples bracket every key: in a run, the rows below a key lie
// below the first sample not below it, and above the last sample below it.
// Where the key falls between the two is read off the samples of all runs
// together, which tell how many keys there are between any two: a key
// halfway through the samples of all runs that lie between the bracket's
// two is taken to be halfway through its rows. Each sample standing for
// the rows nearest it in its run, as before, was off by up to 9,400 rows
// where this is off by 3,800, in a simulation of the 46 runs of the 1M
// entity benchmark (whose keys come in clusters, by division).
std::vector<std::pair<std::string, double>> rows_below(const std::vector<RunSamples>& runs) {
  std::vector<std::string> keys;
  for (const auto& r : runs) keys.insert(keys.end(), r.keys.begin(), r.keys.end());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<std::pair<std::string, double>> out;
  out.reserve(keys.size());
  for (auto& k : keys) out.emplace_back(std::move(k), 0.0);
  if (out.empty()) return out;
  // A key's place among all sampled keys, the scale the brackets are read on;
  // the runs' rows before their first sample and after their last are spread
  // from one place below the first key and up to one past the last.
  auto place = [&out](const std::string& k) {
    return static_cast<double>(
        std::lower_bound(out.begin(), out.end(), k,
                         [](const auto& e, const std::string& key) { return e.first < key; }) -
        out.begin());
  };
  // Each run adds, over each bracket's places, a straight line: its rows
  // below the bracket plus a share of the bracket's own. The lines are
  // summed as differences of their constant and slope, so the work grows
  // with the samples, not with samples times runs.
  const size_t places = out.size();
  std::vector<double> constant(places + 1, 0.0), slope(places + 1, 0.0);
  auto line = [&](size_t from, size_t to, double c, double m) {  // places [from, to)
    constant[from] += c;
    constant[to] -= c;
    slope[from] += m;
    slope[to] -= m;
  };
  for (const auto& r : runs) {
    // Bracket by bracket: the places above the last sample (one below the
    // first place, at the start) up to the next sample's (one past the last
    // place, after the last sample), and the rows between the two.
    double lo_place = -1.0, lo_rows = 0.0;
    for (size_t j = 0; j <= r.keys.size(); ++j) {
      const bool last = j == r.keys.size();
      const double hi_place = last ? static_cast<double>(places) : place(r.keys[j]);
      const double hi_rows = last ? static_cast<double>(r.total) : static_cast<double>(r.rows[j]);
      const size_t from = static_cast<size_t>(lo_place + 1.0);
      const size_t to = last ? places : static_cast<size_t>(hi_place) + 1;
      if (to > from) {
        const double m = std::max(0.0, hi_rows - lo_rows) / (hi_place - lo_place);
        line(from, to, lo_rows - m * lo_place, m);
      }
      lo_place = hi_place;
      lo_rows = hi_rows + 1.0;
    }
  }
  double c = 0, m = 0;
  for (size_t i = 0; i < places; ++i) {
    c += constant[i];
    m += slope[i];
    out[i].second = c + m * static_cast<double>(i);
  }
  return out;
}

}  // namespace jianguan::rt
